//! The document's messages in both languages: the same mistake said in
//! English (LANG=C) and in Chinese (LANG=zh_CN.UTF-8), as a clerk sees it.

mod common;

use common::{gongwen, gongwen_zh, stderr, temp_dir};
use std::path::{Path, PathBuf};

/// Writes `json` as `name` in a fresh folder for the test; returns its path.
fn input(test: &str, name: &str, json: &str) -> PathBuf {
    let dir = temp_dir(test);
    let path = dir.join(name);
    std::fs::write(&path, json).unwrap();
    path
}

/// `gongwen check FILE` in English and in Chinese: what each printed.
fn check_both(path: &Path) -> (String, String) {
    let p = path.to_str().unwrap();
    let en = gongwen(&["check", p, "--fonts", "bundled"]);
    let zh = gongwen_zh(&["check", p, "--fonts", "bundled"]);
    (stderr(&en), stderr(&zh))
}

fn has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "“{part}” not in:\n{text}");
    }
}

#[test]
fn a_pasted_tab_and_non_breaking_space_are_said_where() {
    let path = input(
        "msg-tab-nbsp",
        "tab.json",
        r#"{"kind": "document", "blocks": [{"paragraph": "一"}, {"paragraph": "正文\t内容\u00a0结束"}]}"#,
    );
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &[
            "blocks[1].paragraph: warning: pasted text cleaned",
            "1 tab(s) made spaces, 1 non-breaking space(s) made spaces",
        ],
    );
    has_all(
        &zh,
        &[
            "blocks[1].paragraph：警告：",
            "已自动整理",
            "1 个制表符（Tab）已改为空格；1 个不换行空格（U+00A0）已改为普通空格",
        ],
    );
    assert!(!zh.contains("tab(s)"), "{zh}");
}

#[test]
fn a_leading_ideographic_indent_is_removed_and_why_is_said() {
    let path = input(
        "msg-indent",
        "indent.json",
        r#"{"kind": "document", "blocks": [{"paragraph": "　　第一段正文。"}]}"#,
    );
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &["1 hand-typed indent(s) removed (the first-line indent is automatic)"],
    );
    has_all(
        &zh,
        &[
            "blocks[0].paragraph",
            "段首手工输入的全角空格或制表符 1 处已删除",
            "首行缩进两字是自动的",
        ],
    );
}

/// A byte-order mark pasted into a heading is removed, with a warning
/// naming the place and the character (issue 21: every default-ignorable
/// character is removed from every string), not asked a font for.
#[test]
fn a_byte_order_mark_in_a_heading_is_removed_with_a_warning_not_given_a_font() {
    let path = input(
        "msg-feff",
        "feff.json",
        r#"{"kind": "document", "blocks": [{"heading": {"level": 1, "text": "总体\ufeff情况"}}]}"#,
    );
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &[
            "blocks[0].heading.text: warning: 1 invisible",
            "U+FEFF ZERO WIDTH NO-BREAK SPACE: a byte-order mark",
        ],
    );
    assert!(
        !en.contains("install a font") && !en.contains("error"),
        "{en}"
    );
    has_all(
        &zh,
        &[
            "blocks[0].heading.text：警告：",
            "看不见的字符",
            "U+FEFF ZERO WIDTH NO-BREAK SPACE，即字节顺序标记",
        ],
    );
    assert!(!zh.contains("安装") && !zh.contains("错误"), "{zh}");
}

#[test]
fn a_character_no_font_has_is_named() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid/missing-glyph.json");
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &[
            "character “\u{E000}” (U+E000) is in no available font",
            "install a font that has it or change the text",
        ],
    );
    has_all(
        &zh,
        &[
            "字符“\u{E000}”（U+E000）没有任何可用的字体能显示",
            "请安装含有这个字的字体",
        ],
    );
}

#[test]
fn a_seal_that_is_not_a_png_is_refused_with_what_to_do() {
    let dir = temp_dir("msg-seal");
    std::fs::write(dir.join("seal.png"), b"GIF89a not a png").unwrap();
    let path = dir.join("seal.json");
    std::fs::write(
        &path,
        r#"{"kind": "document", "blocks": [{"paragraph": "正文。"},
            {"signature": {"agencies": [{"name": "某某局", "seal": "seal.png"}], "date": "2025-01-21"}}]}"#,
    )
    .unwrap();
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &[
            "blocks[1].signature.agencies[0].seal: error:",
            "is not a PNG file that can be read (no PNG signature); save the seal as PNG",
        ],
    );
    has_all(
        &zh,
        &[
            "blocks[1].signature.agencies[0].seal：错误：",
            "不是可以读取的 PNG 文件（文件开头没有 PNG 标志，不是 PNG 图片）",
            "请把印章图片另存为 PNG 格式",
        ],
    );
    // a seal file that is not there: where images may be, in Chinese too
    // (the same words as for a file outside those folders)
    std::fs::remove_file(dir.join("seal.png")).unwrap();
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &[
            "no image “seal.png” among the files this input may use",
            "--assets",
        ],
    );
    has_all(&zh, &["找不到可以使用的图片“seal.png”", "--assets"]);
}

#[test]
fn a_table_mistake_names_row_and_column() {
    let path = input(
        "msg-table",
        "table.json",
        r#"{"kind": "document", "blocks": [{"table": {"widths": [1, 1, 1], "rows": [["a", "b"]]}}]}"#,
    );
    let (en, zh) = check_both(&path);
    has_all(
        &en,
        &["row 1 leaves column 3 empty (2 cells given for 3 columns)"],
    );
    has_all(&zh, &["表格第 1 行第 3 列是空的（3 列只给了 2 个单元格）"]);
}

#[test]
fn an_unknown_field_suggests_in_chinese() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid/unknown-field.json");
    let (en, zh) = check_both(&path);
    has_all(&en, &["unknown field `txt`", "did you mean `text`?"]);
    has_all(&zh, &["txt", "text"]);
    assert!(!zh.contains("did you mean"), "{zh}");
    assert!(!zh.contains("unknown field"), "{zh}");
}
