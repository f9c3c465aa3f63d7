//! The whole 公文: every format builds, deterministically, with the parts
//! GB/T 9704 asks for in both files; every mistake in the 版头, 版记, seals
//! and the special formats is a located error with nothing written.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

mod common;

use common::{build, files_in as files, stderr, temp_dir as temp};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A 通知 with a seal, in a folder of its own with the seal image beside it.
fn notice(dir: &Path) -> Value {
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    std::fs::copy(
        fixture("seals/demo-bureau.png"),
        dir.join("seals/demo-bureau.png"),
    )
    .unwrap();
    json!({
        "kind": "document",
        "header": {"issuers": ["某某市示例局"], "doc_number": "示例发〔2025〕1号"},
        "blocks": [
            {"title": "关于做好工作的通知"},
            {"addressee": "各单位："},
            {"paragraph": "现将有关事项通知如下。"},
            {"signature": {"agencies": [{"name": "某某市示例局", "seal": "seals/demo-bureau.png"}], "date": "2025-03-01"}}
        ],
        "colophon": {"printer": "某某市示例局办公室", "print_date": "2025-03-01"}
    })
}

/// Writes `v` as `name.json` in `dir`, builds it, and expects a located
/// failure naming every string in `expected`, with nothing written.
fn refused_in(dir: &Path, name: &str, v: &Value, expected: &[&str]) {
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, serde_json::to_vec(v).unwrap()).unwrap();
    let out = dir.join(format!("out-{name}"));
    let o = build(&input, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{name}: {err}");
    assert!(err.contains(input.to_str().unwrap()), "{name}: {err}");
    for e in expected {
        assert!(err.contains(e), "{name}: expected “{e}” in:\n{err}");
    }
    assert!(files(&out).is_empty(), "{name}: {:?}", files(&out));
}

#[test]
fn every_fixture_builds_the_same_bytes_twice() {
    for name in ["notice", "request", "letter", "minutes", "order"] {
        let dir = temp(&format!("twice-{name}"));
        let input = fixture(&format!("{name}.json"));
        let mut runs = Vec::new();
        for k in 0..2 {
            let out = dir.join(format!("out{k}"));
            let o = build(&input, &out);
            assert!(o.status.success(), "{name}: {}", stderr(&o));
            runs.push((
                std::fs::read(out.join(format!("{name}.docx"))).unwrap(),
                std::fs::read(out.join(format!("{name}.pdf"))).unwrap(),
            ));
        }
        assert!(runs[0] == runs[1], "{name}: two builds differ");
    }
}

#[test]
fn the_word_file_carries_the_seal_the_red_and_the_colophon_rules() {
    let dir = temp("docx-parts");
    let o = build(&fixture("notice.json"), &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let docx = std::fs::read(dir.join("notice.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut names = Vec::new();
    let mut document = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        names.push(part.name().to_string());
        if part.name().ends_with(".xml") || part.name().ends_with(".rels") {
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", part.name()));
            if part.name() == "word/document.xml" {
                document = xml;
            }
        }
    }
    assert!(
        names.iter().any(|n| n == "word/media/gongwen1.png"),
        "{names:?}"
    );
    // the seal behind the text, anchored to its paragraph
    assert!(document.contains(r#"behindDoc="1""#));
    assert!(document.contains(r#"relativeFrom="paragraph""#));
    // the red mark and separator
    assert!(document.contains(r#"<w:color w:val="FF0000"/>"#));
    assert!(document.contains(r#"w:color="FF0000""#));
    // the 版记's rules as paragraph borders: thick (1 pt = 8 eighths) and thin (6)
    assert!(document.contains(r#"<w:top w:val="single" w:sz="8""#));
    assert!(document.contains(r#"<w:top w:val="single" w:sz="6""#));
    assert!(document.contains(r#"<w:bottom w:val="single" w:sz="8""#));
}

/// The part `name` of a .docx, as text.
fn docx_part(path: &Path, name: &str) -> String {
    let docx = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn a_joint_mark_leaves_each_table_its_own_header_rows() {
    // the 联合行文 mark is a borderless table in the text: it must not take
    // a table's header rows (it once took the first one's, and every table
    // after it the next one's)
    let dir = temp("joint-header-rows");
    let mut v = notice(&dir);
    v["header"]["issuers"] = json!(["某某市示例局", "某某市财政局"]);
    let table = |header_rows: usize| {
        json!({"table": {"widths": [1, 1], "header_rows": header_rows,
            "rows": [["甲", "乙"], ["丙", "丁"], ["戊", "己"]]}})
    };
    let blocks = v["blocks"].as_array_mut().unwrap();
    blocks.insert(2, table(1));
    blocks.insert(3, table(2));
    let input = dir.join("joint.json");
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = dir.join("out");
    let o = build(&input, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let document = docx_part(&out.join("joint.docx"), "word/document.xml");
    let headers: Vec<usize> = document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| {
            t.split("</w:tbl>")
                .next()
                .unwrap()
                .matches("<w:tblHeader/>")
                .count()
        })
        .collect();
    assert_eq!(headers, [0, 1, 2], "{document}");
}

#[test]
fn seal_images_that_cannot_be_used_are_located_errors() {
    let dir = temp("bad-seals");
    let base = notice(&dir);
    let at = "blocks[3].signature.agencies[0].seal";
    let with_seal = |seal: &str| {
        let mut v = base.clone();
        v["blocks"][3]["signature"]["agencies"][0]["seal"] = json!(seal);
        v
    };
    refused_in(
        &dir,
        "missing",
        &with_seal("seals/none.png"),
        &[
            at,
            "no image “seals/none.png” among the files this input may use",
        ],
    );
    std::fs::create_dir_all(dir.join("seals/folder.png")).unwrap();
    refused_in(
        &dir,
        "folder",
        &with_seal("seals/folder.png"),
        &[at, "not a regular file"],
    );
    std::fs::write(dir.join("seals/text.png"), "not an image").unwrap();
    refused_in(
        &dir,
        "not-png",
        &with_seal("seals/text.png"),
        &[at, "not a PNG"],
    );
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(4 * 1024 * 1024 + 1, 0);
    std::fs::write(dir.join("seals/big.png"), big).unwrap();
    refused_in(&dir, "too-big", &with_seal("seals/big.png"), &[at, "4 MiB"]);
    let truncated = std::fs::read(fixture("seals/demo-bureau.png")).unwrap();
    std::fs::write(
        dir.join("seals/half.png"),
        &truncated[..truncated.len() / 2],
    )
    .unwrap();
    refused_in(
        &dir,
        "truncated",
        &with_seal("seals/half.png"),
        &[at, "not a PNG"],
    );
    let mut v = with_seal("seals/demo-bureau.png");
    v["blocks"][3]["signature"]["agencies"][0]["seal_diameter_mm"] = json!(500);
    refused_in(&dir, "huge-diameter", &v, &[at, "outside"]);
    // three 42 mm seals cannot stand in one row within the block
    let mut v = base.clone();
    v["blocks"][3]["signature"]["agencies"] = json!([
        {"name": "甲局", "seal": "seals/demo-bureau.png"},
        {"name": "乙局", "seal": "seals/demo-bureau.png"},
        {"name": "丙局", "seal": "seals/demo-bureau.png"}
    ]);
    refused_in(
        &dir,
        "too-many-seals",
        &v,
        &["blocks[3]", "do not fit side by side"],
    );
}

#[test]
fn header_and_format_mistakes_are_located_errors() {
    let dir = temp("bad-header");
    let base = notice(&dir);
    let mut v = base.clone();
    v["header"]["issuers"] = json!(["一局", "二局", "三局", "四局", "五局", "六局", "七局"]);
    refused_in(&dir, "issuers", &v, &["header.issuers", "at most 6"]);
    let mut v = base.clone();
    v["header"]["doc_number"] = json!("");
    refused_in(&dir, "empty-number", &v, &["header.doc_number", "empty"]);
    let mut v = base.clone();
    v["format"] = json!("order");
    v["header"]["signers"] = json!(["张三"]);
    refused_in(&dir, "order-signers", &v, &["header.signers", "order"]);
    let mut v = base.clone();
    v["header"]["urgency"] = json!("很急");
    refused_in(&dir, "urgency", &v, &["header.urgency", "特急"]);
    let mut v = base.clone();
    v["blocks"][2] = json!({"attendance": {"label": "出席", "names": ["某某"]}});
    refused_in(&dir, "attendance", &v, &["blocks[2].attendance", "minutes"]);
    let mut v = base.clone();
    v["colophon"]["print_date"] = json!("2025/3/1");
    refused_in(
        &dir,
        "print-date",
        &v,
        &["colophon.print_date", "YYYY-MM-DD"],
    );
    let mut v = base.clone();
    v["format"] = json!("letter");
    refused_in(&dir, "letter-printer", &v, &["colophon", "10.1"]);
    let mut v = base.clone();
    v["blocks"][3]["signature"] = json!({"signer": {"title": "市长", "name": "张三", "stamp": "seals/demo-bureau.png"}, "date": "2025-03-01"});
    refused_in(
        &dir,
        "signer-outside-order",
        &v,
        &["blocks[3].signature.signer", "order"],
    );
    let mut v = base.clone();
    v["attachments"] = json!([{"title": "附件甲", "blocks": [{"paragraph": "内容"}]}]);
    refused_in(
        &dir,
        "attachments-without-note",
        &v,
        &["attachments", "附件说明"],
    );
    let mut v = base.clone();
    v["blocks"][2] = json!({"attachment_note": ["附件乙"]});
    v["attachments"] = json!([{"title": "附件甲", "blocks": [{"paragraph": "内容"}]}]);
    refused_in(
        &dir,
        "attachment-title",
        &v,
        &["attachment_note[0]", "7.3.7"],
    );
}

#[test]
fn a_notice_with_a_seal_builds_from_its_own_folder() {
    let dir = temp("seal-folder");
    let v = notice(&dir);
    let input = dir.join("n.json");
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = build(&input, &dir.join("out"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&dir.join("out")), ["n.docx", "n.pdf"]);
}
