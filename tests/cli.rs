//! The command line as a user meets it: builds, bad inputs, determinism.

mod common;

use std::path::Path;

use common::{build, files_in, gongwen, stderr, temp_dir as out_dir};

#[test]
fn specimen_builds_to_docx_and_pdf_byte_identical_twice() {
    let (a, b) = (out_dir("det-a"), out_dir("det-b"));
    for d in [&a, &b] {
        let o = build(Path::new("fixtures/wenshang-2024.document.json"), d);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for ext in ["docx", "pdf"] {
        let name = format!("wenshang-2024.document.{ext}");
        let x = std::fs::read(a.join(&name)).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x.len() > 5000, "{name} is {} bytes", x.len());
        assert!(x == y, "{name} differs between two builds");
    }
    let pdf = std::fs::read(a.join("wenshang-2024.document.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let docx = std::fs::read(a.join("wenshang-2024.document.docx")).unwrap();
    assert!(docx.starts_with(b"PK"));
}

/// Runs `build` on a broken input and checks the message and that nothing was written.
fn fails_with(input: &str, extra: &[&str], expected: &[&str]) {
    let dir = out_dir(&input.replace(['/', '.'], "_"));
    let o = common::build_with(Path::new(input), &dir, extra);
    let err = stderr(&o);
    assert!(!o.status.success(), "{input} should fail");
    assert!(err.contains(input), "the message names the file: {err}");
    for e in expected {
        assert!(err.contains(e), "{input}: expected “{e}” in:\n{err}");
    }
    assert!(
        files_in(&dir).is_empty(),
        "{input}: files were written: {:?}",
        files_in(&dir)
    );
}

#[test]
fn malformed_json_gives_line_and_column() {
    fails_with(
        "fixtures/invalid/syntax-truncated.json",
        &[],
        &[":22:52:", "invalid JSON"],
    );
}

#[test]
fn unknown_field_gives_path_and_suggestion() {
    fails_with(
        "fixtures/invalid/unknown-field.json",
        &[],
        &[
            "blocks[5].heading.txt",
            "unknown field `txt`",
            "did you mean `text`?",
        ],
    );
}

#[test]
fn spans_outside_the_grid_and_overlaps_name_the_cell() {
    fails_with(
        "fixtures/invalid/span-outside-grid.json",
        &[],
        &["blocks[0].table.rows[0][1]", "past the table's 3 columns"],
    );
    fails_with(
        "fixtures/invalid/span-overlap.json",
        &[],
        &[
            "blocks[0].table.rows[1][0]",
            "overlaps the cell starting at row 1, column 2",
        ],
    );
}

#[test]
fn control_characters_name_the_block() {
    fails_with(
        "fixtures/invalid/control-character.json",
        &[],
        &["blocks[0].paragraph", "U+0007"],
    );
}

#[test]
fn a_character_in_no_font_is_an_error_not_a_box() {
    fails_with(
        "fixtures/invalid/missing-glyph.json",
        &[],
        &["blocks[0]", "U+E000", "no available font"],
    );
}

#[test]
fn every_report_rule_has_a_failing_fixture() {
    let cases: &[(&str, &[&str])] = &[
        ("r1-balance", &["R1", "column “自然人”", "一、本年新收 (1)"]),
        (
            "r2-results-total",
            &["R2", "（七）总计", "“科研机构”: expected 0", "got 3"],
        ),
        (
            "r3-row-total",
            &[
                "R3",
                "“三、本年度办理结果（一）予以公开” × “总计”: expected 0",
                "got 5",
            ],
        ),
        ("r4-negative", &["R4", "“行政处罚”", "got -1"]),
        (
            "r4-fraction",
            &["R4", "“四、结转下年度继续办理” × “商业企业”", "got 1.5"],
        ),
        (
            "r5-review-total",
            &["R5", "表四 “行政复议” × “总计”: expected 2", "got 0"],
        ),
        (
            "audit-applications",
            &[
                "overview.applications",
                "共受理政府信息公开申请17件",
                "表三 一、本年新收政府信息公开申请数量 · 总计 is 95",
                "{applications.new.total}",
            ],
        ),
        (
            "audit-review-litigation",
            &[
                "行政复议案件134件",
                "表四 行政复议 · 总计 is 170",
                "(57件)",
                "行政诉讼（未经复议直接起诉与复议后起诉）· 总计 is 77",
                "{review_litigation.litigation.total}",
            ],
        ),
        (
            "fee-not-decimal",
            &["本年收费金额（单位：万元）", "\"9.6万\""],
        ),
        (
            "placeholder-unknown",
            &[
                "unknown placeholder {applications.nwe.total}",
                "did you mean `applications.new.total`",
            ],
        ),
    ];
    for (name, expected) in cases {
        fails_with(&format!("fixtures/invalid/{name}.json"), &[], expected);
    }
}

#[test]
fn cross_year_rule_r7_needs_last_years_report() {
    let input = "fixtures/invalid/r7-carried-over.json";
    // on its own the report is consistent
    let o = gongwen(&["check", input, "--fonts", "bundled"]);
    assert!(o.status.success(), "{}", stderr(&o));
    fails_with(
        input,
        &["--previous", "fixtures/invalid/r7-previous-2023.json"],
        &[
            "R7",
            "“二、上年结转政府信息公开申请数量” × “自然人”: expected 0",
            "got 2",
        ],
    );
}

#[test]
fn check_writes_nothing_and_prints_warnings() {
    let o = gongwen(&["check", "fixtures/wenshang-2024.json", "--fonts", "bundled"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("R14"),
        "the specimen's 1、 numbering is flagged: {err}"
    );
    // its 2023年 (section 五 on last year's problems) is not (issue 21)
    assert!(
        !err.contains("R12"),
        "the specimen's 2023年 is flagged: {err}"
    );
}

#[test]
fn missing_input_and_folder_in_the_way_fail_cleanly() {
    let dir = out_dir("missing");
    let o = gongwen(&["build", "no/such/file.json", "-o", dir.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no/such/file.json"), "{}", stderr(&o));
    // a folder where the .pdf should go
    let dir = out_dir("in-the-way");
    std::fs::create_dir_all(dir.join("wenshang-2024.pdf")).unwrap();
    let o = build(Path::new("fixtures/wenshang-2024.json"), &dir);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("folder"), "{}", stderr(&o));
    let left: Vec<String> = files_in(&dir)
        .into_iter()
        .filter(|f| f.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn starter_report_builds_as_a_draft_and_names_its_gaps_otherwise() {
    let o = gongwen(&[
        "new",
        "annual-report",
        "--agency",
        "某某县人民政府办公室",
        "--year",
        "2025",
    ]);
    assert!(o.status.success());
    let dir = out_dir("starter");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("starter.json");
    std::fs::write(&input, &o.stdout).unwrap();
    let out = dir.join("out");
    // as it is, its gaps are errors, each named
    let b = build(&input, &out);
    assert_eq!(b.status.code(), Some(1), "{}", stderr(&b));
    for gap in ["（数量）", "（地址）", "（监督保障情况）", "“https://”"] {
        assert!(stderr(&b).contains(gap), "{gap}: {}", stderr(&b));
    }
    // as a draft it builds, the gaps said as warnings
    let b = common::build_with(&input, &out, &["--draft"]);
    assert!(b.status.success(), "{}", stderr(&b));
    // a successful build reports on stdout, its warnings with it
    let said = String::from_utf8_lossy(&b.stdout);
    assert!(
        said.contains("warning") && said.contains("（数量）"),
        "{said}"
    );
    assert!(out.join("starter.pdf").exists() && out.join("starter.docx").exists());
}

#[test]
fn schema_describes_both_kinds() {
    let o = gongwen(&["schema"]);
    assert!(o.status.success());
    let s = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&s).expect("schema is JSON");
    let text = v.to_string();
    assert!(text.contains("gov-info-annual-report") && text.contains("\"document\""));
    assert!(text.contains("fees_wan_yuan") && text.contains("header_rows"));
    // chosen by kind, so an editor reports a report's own mistakes
    assert_eq!(
        v["if"]["properties"]["kind"]["const"],
        "gov-info-annual-report"
    );
    assert_eq!(v["then"]["$ref"], "#/$defs/AnnualReportInput");
    assert!(text.contains("\"minItems\":6") && text.contains("\"maxItems\":7"));
}

#[test]
fn schema_is_in_the_clerks_language() {
    let schema = |o: std::process::Output| -> serde_json::Value {
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).expect("schema is JSON")
    };
    let zh = schema(common::gongwen_zh(&["schema"]));
    let en = schema(gongwen(&["schema"]));
    let prop = |v: &serde_json::Value, def: &str, p: &str, f: &str| {
        v["$defs"][def]["properties"][p][f]
            .as_str()
            .unwrap_or_else(|| panic!("{def}.{p} has no {f}"))
            .to_string()
    };
    // the names a clerk knows: the national format's labels, GB/T 9704's elements
    for (def, p, title) in [
        ("AnnualReportInput", "year", "报告年度"),
        ("Applications", "new", "本年新收政府信息公开申请数量"),
        ("Withheld", "state_secret", "属于国家秘密"),
        ("MadeRepealedInForce", "made", "本年制发件数"),
        ("HeaderInput", "doc_number", "发文字号"),
        ("ColophonInput", "cc", "抄送机关"),
        ("AgencyInput", "seal", "印章"),
    ] {
        assert_eq!(prop(&zh, def, p, "title"), title);
    }
    assert!(prop(&zh, "AnnualReportInput", "date", "description").contains("YYYY-MM-DD"));
    assert_eq!(
        prop(&en, "AnnualReportInput", "year", "title"),
        "Report year"
    );
    assert_eq!(
        prop(&en, "HeaderInput", "doc_number", "title"),
        "Document number"
    );
    // every property of every definition has both, in the language asked for
    let is_chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut properties = 0;
    for (name, def) in zh["$defs"].as_object().unwrap() {
        for (p, _) in def["properties"].as_object().into_iter().flatten() {
            properties += 1;
            assert!(is_chinese(&prop(&zh, name, p, "title")), "{name}.{p}");
            assert!(is_chinese(&prop(&zh, name, p, "description")), "{name}.{p}");
            let en_title = prop(&en, name, p, "title");
            assert!(!is_chinese(&en_title), "{name}.{p}: {en_title}");
        }
    }
    assert!(properties >= 144, "{properties}");
    // with LANG=zh_CN and with --lang zh alike
    assert_eq!(zh, schema(gongwen(&["--lang", "zh", "schema"])));
}

#[test]
fn fonts_lists_roles_and_uncovered_characters() {
    let o = gongwen(&[
        "fonts",
        "--fonts",
        "bundled",
        "fixtures/invalid/missing-glyph.json",
    ]);
    assert!(!o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("body") && out.contains("bundled:NotoSerifCJKsc-Regular.ttf"),
        "{out}"
    );
    assert!(
        out.contains("blocks[0]: “\u{E000}” (U+E000) at character 6"),
        "{out}"
    );
    let o = gongwen(&["fonts", "--fonts", "bundled", "fixtures/wenshang-2024.json"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("every character is covered"));
}

#[test]
fn every_relationship_in_the_docx_points_at_a_part_it_contains() {
    let dir = out_dir("rels");
    let o = build(Path::new("fixtures/wenshang-2024.json"), &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = std::fs::File::open(dir.join("wenshang-2024.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    for (rels, base) in [
        ("_rels/.rels", ""),
        ("word/_rels/document.xml.rels", "word/"),
    ] {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(rels).unwrap(), &mut text).unwrap();
        for target in text
            .split("Target=\"")
            .skip(1)
            .map(|t| &t[..t.find('"').unwrap()])
        {
            let part = format!("{base}{target}");
            assert!(
                names.contains(&part),
                "{rels} points at {part}, which is not in {names:?}"
            );
        }
    }
}
