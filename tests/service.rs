//! Running as a service on files gongwen did not write: each reproduction of
//! the hostile-input review gives a clear error or a complete, valid output.
//! (Time and memory of the same cases are measured by scripts/attack.py.)

use std::path::Path;

use serde_json::{json, Value};

mod common;

use common::{build, document, files_in as files, gongwen, stderr, temp_dir as temp};

/// Builds `bytes` as `name.json` and expects a clear failure naming every
/// string in `expected`, with nothing written.
fn refused(name: &str, bytes: &[u8], expected: &[&str]) -> String {
    let dir = temp(name);
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, bytes).unwrap();
    let out = dir.join("out");
    let o = build(&input, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{name}: {err}");
    for bad in ["panicked", "internal error", "memory allocation"] {
        assert!(!err.contains(bad), "{name}: {err}");
    }
    for e in expected {
        assert!(err.contains(e), "{name}: expected “{e}” in:\n{err}");
    }
    assert!(files(&out).is_empty(), "{name}: {:?}", files(&out));
    err
}

/// Builds `bytes` and returns the text gongwen laid out (content only, in
/// page order), after checking that both files were written.
fn built_text(name: &str, bytes: &[u8]) -> String {
    let dir = temp(name);
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, bytes).unwrap();
    let o = build(&input, &dir.join("out"));
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    assert_eq!(
        files(&dir.join("out")),
        [format!("{name}.docx"), format!("{name}.pdf")]
    );
    laid_out_text(&input)
}

/// The content text of the layout of an input, without page numbers.
fn laid_out_text(input: &Path) -> String {
    let options = gongwen::Options {
        font_source: gongwen::fonts::FontSource::Bundled,
        ..Default::default()
    };
    let (doc, _) = gongwen::load(input, &options).unwrap();
    let fonts = gongwen::fonts::FontBook::bundled();
    let laid = gongwen::layout::layout(&doc, &fonts).unwrap();
    let mut text = String::new();
    for page in &laid.pages {
        for item in &page.items {
            if let gongwen::layout::Item::Text(t) = item {
                if t.tag != gongwen::layout::TextTag::Artifact {
                    text.push_str(&t.text);
                }
            }
        }
    }
    text
}

fn starter() -> Value {
    common::filled_starter("某某县人民政府办公室", 2025)
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[test]
fn placeholder_amplification_is_stopped_by_the_budget() {
    let mut r = starter();
    let long = "a".repeat(100);
    r["agency"] = json!(long);
    r["signature"]["agency"] = json!(long);
    r["overview"]["platform"] = json!("{agency}".repeat(12_500));
    refused(
        "placeholders",
        &bytes(&r),
        &["overview.platform", "100000 characters"],
    );
    // a name over the agency limit is refused before any expansion
    r["agency"] = json!("a".repeat(100_000));
    refused("agency-limit", &bytes(&r), &["agency", "limit here is 100"]);
}

#[test]
fn a_fee_with_a_million_digits_is_refused() {
    let mut r = starter();
    r["active_disclosure"]["fees_wan_yuan"] = json!(format!("0.{}", "0".repeat(900_000)));
    r["overview"]["platform"] = json!("{active_disclosure.fees_wan_yuan}".repeat(2_900));
    let err = refused("fee", &bytes(&r), &["fees_wan_yuan", "6 after"]);
    assert!(
        err.len() < 2_000,
        "the message quotes a clip: {} bytes",
        err.len()
    );
}

#[test]
fn font_names_are_limited_and_escaped() {
    let paragraphs = vec![r#"{"paragraph": "正文"}"#; 2_000].join(",");
    let long = format!(
        r#"{{"kind": "document", "style": {{"fonts": {{"latin": "{}"}}}}, "blocks": [{paragraphs}]}}"#,
        "L".repeat(100_000)
    );
    refused(
        "font-amplification",
        long.as_bytes(),
        &["style.fonts.latin", "64"],
    );
    for (i, name) in ["Song & Co", "Song \\\"Q\\\"", "A<B", "X'Y"]
        .iter()
        .enumerate()
    {
        let dir = temp(&format!("font-escape-{i}"));
        let input = dir.join("f.json");
        std::fs::write(
            &input,
            format!(
                r#"{{"kind":"document","style":{{"fonts":{{"body":"{name}","latin":"{name}"}}}},"blocks":[{{"paragraph":"正文"}}]}}"#
            ),
        )
        .unwrap();
        let o = build(&input, &dir);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let docx = std::fs::read(dir.join("f.docx")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        for k in 0..zip.len() {
            let mut part = zip.by_index(k).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
            roxmltree::Document::parse(&xml)
                .unwrap_or_else(|e| panic!("{name}: {}: {e}", part.name()));
        }
    }
}

#[test]
fn metadata_with_characters_xml_cannot_hold_is_refused() {
    for (name, title) in [("meta-control", "\\u0001"), ("meta-nonchar", "\\uFFFE")] {
        let doc = format!(
            r#"{{"kind":"document","meta":{{"title":"标题{title}"}},"blocks":[{{"paragraph":"x"}}]}}"#
        );
        refused(name, doc.as_bytes(), &["meta.title"]);
    }
    refused(
        "text-ffff",
        &document(r#"{"paragraph": "正文\uFFFF"}"#),
        &["blocks[0].paragraph", "U+FFFF"],
    );
}

#[test]
fn devices_and_huge_files_are_refused_without_reading_them() {
    let dir = temp("devices");
    let out = dir.join("out");
    for dev in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(dev).exists() {
            continue;
        }
        let o = build(Path::new(dev), &out);
        assert_eq!(o.status.code(), Some(1), "{dev}");
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    // a 6 GB sparse file: refused by its size, not read
    let sparse = dir.join("sparse.json");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(6 << 30)
        .unwrap();
    let o = build(&sparse, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("16 MiB"), "{}", stderr(&o));
    // the same for --previous
    let report = dir.join("report.json");
    std::fs::write(&report, bytes(&starter())).unwrap();
    for prev in ["/dev/zero", sparse.to_str().unwrap()] {
        let o = gongwen(&[
            "check",
            report.to_str().unwrap(),
            "--fonts",
            "bundled",
            "--previous",
            prev,
        ]);
        assert_eq!(o.status.code(), Some(1), "{prev}");
        assert!(
            stderr(&o).contains("not a regular file") || stderr(&o).contains("16 MiB"),
            "{}",
            stderr(&o)
        );
    }
    std::fs::remove_file(&sparse).unwrap();
    assert!(files(&out).is_empty());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_and_a_symlink_loop_ends() {
    let dir = temp("fifo");
    let fifo = dir.join("pipe.json");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let o = build(&fifo, &dir.join("out"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));

    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("one.json"), document(r#"{"paragraph": "正文"}"#)).unwrap();
    std::os::unix::fs::symlink(&tree, tree.join("self")).unwrap();
    std::os::unix::fs::symlink(&dir, tree.join("parent")).unwrap();
    let out = dir.join("tree-out");
    let o = build(&tree, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&out), ["one.docx", "one.pdf"]);
}

#[test]
fn concurrent_builds_of_one_input_into_one_folder_all_succeed() {
    let dir = temp("concurrent");
    let input = dir.join("same.json");
    std::fs::write(
        &input,
        document(r#"{"title": "标题"}, {"paragraph": "正文"}"#),
    )
    .unwrap();
    let out = dir.join("out");
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
                .args(["build", input.to_str().unwrap(), "-o"])
                .arg(&out)
                .args(["--fonts", "bundled"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(files(&out), ["same.docx", "same.pdf"]);
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_build_leaves_no_temporary_file() {
    let dir = temp("sigterm");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wenshang-2024.json");
    let out = dir.join("out");
    let first = build(&input, &out);
    assert!(first.status.success());
    let before = (
        std::fs::read(out.join("wenshang-2024.docx")).unwrap(),
        std::fs::read(out.join("wenshang-2024.pdf")).unwrap(),
    );
    for delay_ms in [5u64, 20, 40, 80, 160] {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(["build", input.to_str().unwrap(), "-o"])
            .arg(&out)
            .args(["--fonts", "bundled"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SAFETY: signalling our own child process
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let _ = child.wait_with_output();
        assert_eq!(
            files(&out),
            ["wenshang-2024.docx", "wenshang-2024.pdf"],
            "after SIGTERM at {delay_ms} ms"
        );
        // the same input gives the same bytes: whatever finished is the pair
        assert_eq!(
            std::fs::read(out.join("wenshang-2024.docx")).unwrap(),
            before.0
        );
        assert_eq!(
            std::fs::read(out.join("wenshang-2024.pdf")).unwrap(),
            before.1
        );
    }
}

#[test]
fn a_pdf_that_cannot_be_written_keeps_the_old_docx() {
    let dir = temp("pair");
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("x.pdf")).unwrap();
    std::fs::write(out.join("x.docx"), b"OLD").unwrap();
    let input = dir.join("x.json");
    std::fs::write(&input, document(r#"{"paragraph": "正文"}"#)).unwrap();
    let o = build(&input, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("folder"), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("x.docx")).unwrap(), b"OLD");
    assert_eq!(files(&out), ["x.docx", "x.pdf"]);
}

#[test]
fn no_text_is_lost_from_long_titles_and_signatures() {
    let lines: Vec<String> = (1..=40).map(|i| format!("\"第{i}行标题文字\"")).collect();
    let text = built_text(
        "title-lines",
        &document(&format!(
            r#"{{"title": [{}]}}, {{"paragraph": "正文"}}"#,
            lines.join(",")
        )),
    );
    for i in 1..=40 {
        assert!(text.contains(&format!("第{i}行标题文字")), "line {i}");
    }
    let unit = "关于加强和改进工作的通知";
    let long = unit.repeat(2004 / unit.chars().count());
    let text = built_text(
        "title-string",
        &document(&format!(r#"{{"title": "{long}"}}"#)),
    );
    assert_eq!(text.matches(unit).count(), long.matches(unit).count());

    let agency = "某".repeat(60);
    let text = built_text(
        "long-signature",
        &document(&format!(
            r#"{{"paragraph": "正文"}}, {{"signature": {{"agency": "{agency}", "date": "2025-03-01"}}}}"#
        )),
    );
    assert!(text.contains(&agency), "{text}");

    let mut r = starter();
    let agency = "某某省某某市某某县人民政府办公室政务公开和政府信息公开工作领导小组办公室秘书科";
    r["agency"] = json!(agency);
    r["signature"]["agency"] = json!(agency);
    let text = built_text("long-signature-report", &bytes(&r));
    assert!(text.contains(agency), "{text}");
}

#[test]
fn table_numbers_are_printed_as_written() {
    let text = built_text(
        "numbers",
        &document(
            r#"{"table": {"widths": [1, 1, 1, 1], "rows": [[12345678901234567890123, 1.10, 100.50, "1e3"]]}}"#,
        ),
    );
    for n in ["12345678901234567890123", "1.10", "100.50", "1e3"] {
        assert!(text.contains(n), "{n} in {text}");
    }
    // an exponent cannot be kept as written: refused, with the way out
    refused(
        "exponent",
        &document(r#"{"table": {"widths": [1], "rows": [[1e3]]}}"#),
        &["blocks[0].table.rows[0][0]", "in quotes"],
    );
}

#[test]
fn long_placeholder_names_and_many_braces_are_cheap() {
    let mut r = starter();
    let name = "a".repeat(99_990);
    r["overview"]["platform"] = json!(format!("{{{name}}}").repeat(10));
    // not a placeholder name (too long to be one): printed as text, which the
    // report's own check then finds too long
    let o = refused("long-names", &bytes(&r), &["overview.platform"]);
    assert!(o.len() < 4_000, "{} bytes of messages", o.len());
    // a long unknown name is still an unknown placeholder, quoted in part
    r["overview"]["platform"] = json!(format!("{{{}}}", "a".repeat(5_000)));
    let o = refused("long-name", &bytes(&r), &["unknown placeholder"]);
    assert!(o.len() < 1_000, "{} bytes of messages", o.len());
    // the scan for placeholders is linear: a paragraph of 99 999 “{” is text
    r["overview"]["platform"] = json!("{".repeat(99_999));
    let text = built_text("braces", &bytes(&r));
    assert_eq!(text.matches('{').count(), 99_999);
}

#[test]
fn warnings_are_capped_per_rule() {
    let mut r = starter();
    r["overview"]["platform"] = json!("1999年".repeat(20_000));
    let dir = temp("flood");
    let input = dir.join("flood.json");
    std::fs::write(&input, bytes(&r)).unwrap();
    let o = gongwen(&["check", input.to_str().unwrap(), "--fonts", "bundled"]);
    let err = stderr(&o);
    assert!(err.len() < 8_000, "{} bytes of warnings", err.len());
    assert!(err.contains("more warnings like the above"), "{err}");
}

/// Issue 21: the cap holds when the input also has an error (the errors
/// and warnings of an `Error::Input`), through `build`, `check` and the
/// library, in both languages: one starter gap left and 96 000 mentions of
/// an old year printed 96 000 warnings (15.7 MB).
#[test]
fn warnings_are_capped_when_the_input_has_errors_too() {
    let mut r = starter();
    r["contact"]["address"] = json!("（地址）"); // a starter gap: an error
    r["problems"] = json!(vec!["2019年".repeat(9_600); 10]);
    let dir = temp("flood-with-error");
    let input = dir.join("flood.json");
    std::fs::write(&input, bytes(&r)).unwrap();
    let path = input.to_str().unwrap();
    let out = dir.join("out");
    for args in [
        vec![
            "build",
            path,
            "-o",
            out.to_str().unwrap(),
            "--fonts",
            "bundled",
        ],
        vec!["check", path, "--fonts", "bundled"],
    ] {
        for (lang, more) in [
            ("C", "more warnings like the above"),
            ("zh_CN.UTF-8", "条同类警告未列出"),
        ] {
            let o = common::gongwen_env(&args, &[("LANG", lang)]);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{err}");
            let lines = err.lines().count();
            assert!(
                lines < 100,
                "{args:?} {lang}: {lines} lines, {} bytes",
                err.len()
            );
            assert!(err.contains("（地址）"), "{err}");
            assert!(err.contains(more), "{err}");
        }
    }
    // what a server gets from the library: the same capped list
    let e = gongwen::load(&input, &gongwen::Options::default()).unwrap_err();
    let gongwen::error::Error::Input { diagnostics, .. } = e else {
        panic!("{e}")
    };
    assert!(diagnostics.len() < 100, "{} diagnostics", diagnostics.len());
    assert!(gongwen::has_errors(&diagnostics));
    let r12 = diagnostics
        .iter()
        .filter(|d| d.message.starts_with("R12 "))
        .count();
    assert_eq!(r12, gongwen::error::MAX_WARNINGS_PER_RULE);
}

/// The text of a .docx: its w:t runs in document order.
fn docx_text(docx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect()
}

/// Issue 21: a right-to-left override made the PDF print 0051万元 (with
/// marks) and LibreOffice 1500万元; soft hyphens, direction marks, a
/// grapheme joiner and zero-width joiners in table cells were drawn in the
/// PDF and hidden by Word. Every bidi control and default-ignorable
/// character is removed from every string, with a warning naming the path
/// and each character, in both kinds.
#[test]
fn bidi_controls_and_invisible_characters_are_removed_with_a_warning() {
    let dir = temp("bidi");
    let input = dir.join("bidi.json");
    std::fs::write(
        &input,
        document(
            r#"{"paragraph": "拨付资金\u202e0051\u202c万元。"},
               {"table": {"widths": [1, 1], "rows": [["软\u00ad连\u200e字\u200f", "甲\u034f乙\u200d丙\u200c丁\u2066戊\u2069"]]}}"#,
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = build(&input, &out);
    // a build that succeeds prints its warnings with the files it wrote
    let err = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(o.status.success(), "{err}");
    for said in [
        "blocks[0].paragraph: warning: 2 invisible",
        "U+202E RIGHT-TO-LEFT OVERRIDE",
        "U+202C POP DIRECTIONAL FORMATTING",
        "blocks[1].table.rows[0][0]",
        "U+00AD SOFT HYPHEN",
        "blocks[1].table.rows[0][1]",
        "U+034F COMBINING GRAPHEME JOINER",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
    let zh = common::gongwen_zh(&["check", input.to_str().unwrap(), "--fonts", "bundled"]);
    let zh = stderr(&zh);
    assert!(
        zh.contains("blocks[0].paragraph：警告：已删除 2 个看不见的字符"),
        "{zh}"
    );
    assert!(
        zh.contains("U+202E RIGHT-TO-LEFT OVERRIDE，即文字方向控制符"),
        "{zh}"
    );
    // the PDF draws the layout; the .docx holds the same text
    let pdf_text = laid_out_text(&input);
    let docx_text = docx_text(&out.join("bidi.docx"));
    for text in [&pdf_text, &docx_text] {
        assert!(text.contains("拨付资金0051万元。"), "{text}");
        assert!(
            text.contains("软连字") && text.contains("甲乙丙丁戊"),
            "{text}"
        );
        assert!(
            !text.chars().any(gongwen::input::invisible::is_invisible),
            "{text:?}"
        );
    }
    // the annual report: its narratives too
    let mut r = starter();
    r["problems"] = json!(["拨付资金\u{202e}0051\u{202c}万元。"]);
    let text = built_text("bidi-report", &bytes(&r));
    assert!(text.contains("拨付资金0051万元。"), "{text}");
}

/// Issue 21: a 10 MB seal path was echoed whole in the message; messages
/// are clipped, head and tail kept.
#[test]
fn a_10_mb_seal_path_is_not_echoed_whole() {
    let seal = "a".repeat(10_000_000);
    let bytes = document(&format!(
        r#"{{"paragraph": "正文"}}, {{"signature": {{"agencies": [{{"name": "某某局", "seal": "{seal}"}}], "date": "2025-03-01"}}}}"#
    ));
    let err = refused("seal-path", &bytes, &["blocks[1]", "10000000 characters"]);
    assert!(err.len() < 5_000, "{} bytes", err.len());
}

/// Issue 21: `gongwen fonts INPUT` listed 131 068 characters in no font one
/// per line (15 MB); it lists the first 20 and counts the rest.
#[test]
fn fonts_lists_a_few_uncovered_characters_and_counts_the_rest() {
    // the private-use planes 15 and 16: 2 × 65 534 characters no font has
    let plane = |base: u32| -> String {
        (0..0xFFFE)
            .map(|i| char::from_u32(base + i).unwrap())
            .collect()
    };
    let bytes = serde_json::to_vec(&json!({"kind": "document", "blocks": [
        {"paragraph": plane(0xF0000)}, {"paragraph": plane(0x100000)}
    ]}))
    .unwrap();
    let dir = temp("fonts-uncovered");
    let input = dir.join("pua.json");
    std::fs::write(&input, bytes).unwrap();
    let o = gongwen(&["fonts", input.to_str().unwrap(), "--fonts", "bundled"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    let listed = out
        .lines()
        .filter(|l| l.contains("is in no available font"))
        .count();
    assert_eq!(listed, gongwen::fonts::MAX_UNCOVERED_LISTED, "{out}");
    assert!(
        out.contains("and 131048 more characters in no available font (131068 in all)"),
        "{out}"
    );
    assert!(out.len() < 10_000, "{} bytes", out.len());
}

#[test]
fn dates_outside_the_range_are_refused() {
    for (name, date) in [
        ("date-negative", "-0001-01-01"),
        ("date-huge", "+65536-01-01"),
        ("date-1899", "1899-12-31"),
        ("date-2200", "2200-01-01"),
    ] {
        let doc = format!(
            r#"{{"kind":"document","meta":{{"date":"{date}"}},"blocks":[{{"paragraph":"x"}}]}}"#
        );
        refused(name, doc.as_bytes(), &["meta.date"]);
    }
}

#[test]
fn huge_titles_and_keywords_are_not_internal_errors() {
    let title = "题".repeat(100_000);
    // the title block itself may be long; the files' title metadata is clipped
    let text = built_text(
        "huge-title",
        &document(&format!(r#"{{"title": "{}"}}"#, &title[..3 * 30_000])),
    );
    assert_eq!(text.matches('题').count(), 30_000);
    let doc = format!(
        r#"{{"kind":"document","meta":{{"title":"{title}"}},"blocks":[{{"paragraph":"x"}}]}}"#
    );
    refused("huge-meta-title", doc.as_bytes(), &["meta.title", "500"]);
    let keywords = vec!["\"k\""; 100_000].join(",");
    let doc = format!(
        r#"{{"kind":"document","meta":{{"keywords":[{keywords}]}},"blocks":[{{"paragraph":"x"}}]}}"#
    );
    refused("huge-keywords", doc.as_bytes(), &["meta.keywords", "50"]);
}

#[test]
fn broken_and_missing_font_files_are_errors_naming_the_file() {
    let dir = temp("fonts");
    let input = dir.join("doc.json");
    std::fs::write(&input, document(r#"{"paragraph": "正文"}"#)).unwrap();
    let junk = dir.join("junk.ttf");
    std::fs::write(&junk, vec![0x5au8; 10_000]).unwrap();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/LiberationSerif-Regular.ttf");
    let half = dir.join("half.ttf");
    let data = std::fs::read(real).unwrap();
    std::fs::write(&half, &data[..data.len() / 2]).unwrap();
    let missing = dir.join("missing.ttf");
    for f in [&junk, &half, &missing] {
        let o = gongwen(&[
            "build",
            input.to_str().unwrap(),
            "-o",
            dir.join("out").to_str().unwrap(),
            "--font",
            &format!("body={}", f.display()),
        ]);
        // a bad --font is a wrong command line: exit 2, before any input is read
        assert_eq!(o.status.code(), Some(2), "{}: {}", f.display(), stderr(&o));
        assert!(stderr(&o).contains(f.to_str().unwrap()), "{}", stderr(&o));
    }
    assert!(files(&dir.join("out")).is_empty());
    // a face index past the file's faces
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/LiberationSerif-Regular.ttf");
    let o = gongwen(&[
        "check",
        input.to_str().unwrap(),
        "--font",
        &format!("latin={}#3", real.display()),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("face #3"), "{}", stderr(&o));
}

#[test]
fn the_page_count_is_a_budget() {
    let many_breaks = vec![r#"{"paragraph": "一"}, "page_break""#; 6_000].join(",");
    refused("page-breaks", &document(&many_breaks), &["5000 pages"]);
    let lines = format!(r#"{{"paragraph": "一{}"}}"#, "\\n".repeat(99_999));
    let many_lines = [lines.as_str(); 10].join(",");
    refused("line-breaks", &document(&many_lines), &["5000 pages"]);
}
