//! `gongwen import`: gongwen's own .docx of a report reads back into the
//! same report input — every number of the three tables, the title, agency,
//! year and date, and every paragraph of text under its heading. (Reports
//! laid out by hand in Word and re-saved by LibreOffice are checked by
//! scripts/check_import.py.)

mod common;

use serde_json::{json, Value};

/// A report's .docx, as `gongwen build` writes it.
fn docx_of(report: &Value) -> Vec<u8> {
    let input: gongwen::report::AnnualReportInput = serde_json::from_value(report.clone()).unwrap();
    let (doc, _) = input.into_model(None).unwrap();
    gongwen::docx::write(&doc).unwrap()
}

/// The paragraphs of a narrative (a string or a list).
fn paragraphs(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().map(|s| s.as_str().unwrap().to_string()).collect(),
        other => panic!("not a narrative: {other}"),
    }
}

/// The first six numbers of each 表三 row (the 总计 column is optional).
fn applicant_columns(v: &Value) -> Value {
    match v {
        Value::Array(a) if a.iter().all(Value::is_number) => Value::Array(a[..6].to_vec()),
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "total")
                .map(|(k, v)| (k.clone(), applicant_columns(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn assert_round_trip(source: &Value) {
    let imported = gongwen::report::import::import_docx(&docx_of(source)).unwrap();
    let got = &imported.input;
    for key in [
        "agency",
        "year",
        "date",
        "title_lines",
        "active_disclosure",
        "review_litigation",
    ] {
        assert_eq!(got[key], source[key], "{key}");
    }
    assert_eq!(
        applicant_columns(&got["applications"]),
        applicant_columns(&source["applications"])
    );
    for (part, _) in source["overview"].as_object().unwrap() {
        assert_eq!(
            paragraphs(&got["overview"][part]),
            paragraphs(&source["overview"][part]),
            "overview.{part}"
        );
    }
    for key in ["problems", "other_matters"] {
        assert_eq!(paragraphs(&got[key]), paragraphs(&source[key]), "{key}");
    }
    assert_eq!(got["signature"], source["signature"]);
    // and the imported input builds
    let input: gongwen::report::AnnualReportInput = serde_json::from_value(got.clone()).unwrap();
    input.into_model(None).unwrap();
}

#[test]
fn the_specimen_reads_back_into_its_own_input() {
    let source: Value =
        serde_json::from_str(include_str!("../fixtures/wenshang-2024.json")).unwrap();
    assert_round_trip(&source);
}

/// A report with different numbers in every cell, some over 1 000, that
/// passes R1–R5.
fn numbered_report() -> Value {
    let mut r: Value =
        serde_json::from_str(include_str!("../fixtures/wenshang-2024.json")).unwrap();
    let mut seed = 7u64;
    let mut next = |max: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % max
    };
    let carried_over: Vec<u64> = (0..6).map(|_| next(4)).collect();
    let carried_forward: Vec<u64> = (0..6).map(|_| next(5)).collect();
    let mut results_sum = [0u64; 6];
    let results = r["applications"]["results"].as_object_mut().unwrap();
    for (key, group) in results.iter_mut() {
        let rows: Vec<&mut Value> = match group {
            Value::Object(m) => m.values_mut().collect(),
            v if key != "total" => vec![v],
            _ => vec![],
        };
        for row in rows {
            let big = if key == "disclosed" { 1_000 } else { 0 };
            let n: Vec<u64> = (0..6).map(|_| big + next(30)).collect();
            for (s, v) in results_sum.iter_mut().zip(&n) {
                *s += v;
            }
            *row = json!(n);
        }
    }
    results.remove("total");
    let new: Vec<u64> = (0..6)
        .map(|c| results_sum[c] + carried_forward[c] - carried_over[c])
        .collect();
    r["applications"]["new"] = json!(new);
    r["applications"]["carried_over"] = json!(carried_over);
    r["applications"]["carried_forward"] = json!(carried_forward);
    for group in ["review", "direct_suit", "suit_after_review"] {
        let n: Vec<u64> = (0..4).map(|_| next(40)).collect();
        r["review_litigation"][group] = json!({
            "upheld": n[0], "corrected": n[1], "other": n[2], "pending": n[3],
            "total": n.iter().sum::<u64>()
        });
    }
    r["active_disclosure"] = json!({
        "regulations": {"made": 2, "repealed": 1, "in_force": 35},
        "normative_documents": {"made": 12, "repealed": 3, "in_force": 1240},
        "licensing_decisions": 12345, "penalty_decisions": 678, "coercion_decisions": 9,
        "fees_wan_yuan": "96171.6"
    });
    r
}

#[test]
fn a_report_with_numbers_in_every_cell_reads_back_exactly() {
    let source = numbered_report();
    // the source itself passes the checks
    let input: gongwen::report::AnnualReportInput = serde_json::from_value(source.clone()).unwrap();
    input.into_model(None).unwrap();
    assert_round_trip(&source);
}

#[test]
fn the_cli_imports_and_previous_takes_a_docx() {
    let dir = common::temp_dir("import-cli");
    let last = dir.join("last.docx");
    std::fs::write(&last, docx_of(&numbered_report())).unwrap();
    let out = dir.join("last.json");
    let o = common::gongwen(&[
        "import",
        last.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let imported: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(imported["kind"], "gov-info-annual-report");
    assert_eq!(
        imported["review_litigation"],
        numbered_report()["review_litigation"]
    );
    // --previous reads the .docx: last year's 结转下年度 meets this year's 上年结转 (R7)
    let mut last_year = numbered_report();
    last_year["year"] = json!(2023);
    last_year["date"] = json!("2024-01-20");
    last_year["signature"]["date"] = json!("2024-01-20");
    let previous = dir.join("2023.docx");
    std::fs::write(&previous, docx_of(&last_year)).unwrap();
    let o = common::gongwen(&[
        "check",
        "fixtures/wenshang-2024.json",
        "--fonts",
        "bundled",
        "--previous",
        previous.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("R7"), "{}", common::stderr(&o));
    // not a Word file: an error naming the file, nothing written
    let bad = dir.join("bad.docx");
    std::fs::write(&bad, b"not a zip").unwrap();
    let o = common::gongwen(&[
        "import",
        bad.to_str().unwrap(),
        "-o",
        dir.join("bad.json").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("bad.docx"),
        "{}",
        common::stderr(&o)
    );
    assert!(!dir.join("bad.json").exists());
}

#[test]
fn new_from_last_years_docx_carries_its_carried_forward_over() {
    let dir = common::temp_dir("import-new-from");
    let last = dir.join("2024.docx");
    let source = numbered_report();
    std::fs::write(&last, docx_of(&source)).unwrap();
    let o = common::gongwen(&["new", "annual-report", "--from", last.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let starter: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(starter["agency"], source["agency"]);
    assert_eq!(starter["year"], 2025);
    assert_eq!(
        starter["applications"]["carried_over"],
        source["applications"]["carried_forward"]
    );
    assert_eq!(
        starter["title_lines"],
        json!(["汶上县投资促进服务中心2025年", "政府信息公开工作年度报告"])
    );
    // and the starter, with last year's report, passes R7
    let path = dir.join("2025.json");
    std::fs::write(&path, &o.stdout).unwrap();
    let o = common::gongwen(&[
        "check",
        path.to_str().unwrap(),
        "--draft",
        "--fonts",
        "bundled",
        "--previous",
        last.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
}

/// A .docx whose document.xml is `xml`.
fn docx_with(xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn hostile_word_files_are_refused_with_a_reason() {
    let import = |bytes: &[u8]| gongwen::report::import::import_docx(bytes).map(|_| ());
    // a small zip that inflates past the limit
    let mut huge = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    huge.resize(20 << 20, b'x');
    let e = import(&docx_with(&huge)).unwrap_err();
    assert!(e.message.contains("larger than 16 MB"), "{}", e.message);
    // elements nested 100 000 deep (a million is over the element budget)
    let deep = "<w:p>".repeat(100_000);
    let e = import(&docx_with(format!("<w:document><w:body>{deep}").as_bytes())).unwrap_err();
    assert!(e.message.contains("nested more than"), "{}", e.message);
    // not a zip; a zip without document.xml
    assert!(import(b"PK\x03\x04 nonsense")
        .unwrap_err()
        .message
        .contains("not a .docx"));
    let e = import(&docx_with(b"<w:document><w:body/></w:document>")).map(|_| ());
    assert!(e.is_ok(), "an empty body imports (with warnings): {e:?}");
}

/// A table of `rows` rows, each a cell of `label` spanning `span` columns
/// and one number, under a first row mentioning 本年新收 (so it is read as
/// 表三).
fn table_xml(rows: usize, label: &str, span: usize) -> Vec<u8> {
    let cell = |text: &str, span: usize| {
        format!(
            "<w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
        )
    };
    let mut xml = String::from("<w:document><w:body><w:tbl>");
    xml.push_str(&format!(
        "<w:tr>{}</w:tr>",
        cell("一、本年新收政府信息公开申请数量", 1)
    ));
    for i in 0..rows {
        xml.push_str(&format!(
            "<w:tr>{}{}</w:tr>",
            cell(label, span),
            cell(&i.to_string(), 1)
        ));
    }
    xml.push_str("</w:tbl></w:body></w:document>");
    xml.into_bytes()
}

/// Writes `bytes` as NAME.docx in a fresh folder.
fn write_docx(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = common::temp_dir(name);
    let path = dir.join(format!("{name}.docx"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Issue 21: a 50 KB .docx of 284 000 `gridSpan` cells cost 1.33 GB
/// through `import`, `--previous` and `new --from`. The elements and the
/// grid positions are budgeted while reading: a clear error, at once.
#[test]
fn grid_span_bombs_are_refused_by_the_budgets() {
    use gongwen::report::import::{import_docx, MAX_ELEMENTS, MAX_GRID_CELLS};
    // 284 000 cells spanning 64 columns each: over the element budget
    let cells = "<w:tc><w:tcPr><w:gridSpan w:val=\"64\"/></w:tcPr></w:tc>".repeat(284_000);
    let bomb = docx_with(
        format!("<w:document><w:body><w:tbl><w:tr>{cells}</w:tr></w:tbl></w:body></w:document>")
            .as_bytes(),
    );
    assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
    let e = import_docx(&bomb).map(|_| ()).unwrap_err();
    let elements = format!("more than {MAX_ELEMENTS} XML elements");
    assert!(e.message.contains(&elements), "{}", e.message);
    // within the element budget, 1 000 cells of 64 columns: over the grid's
    let grid = docx_with(&table_xml(1_000, "x", 64));
    let e = import_docx(&grid).map(|_| ()).unwrap_err();
    let cells = format!("more than {MAX_GRID_CELLS} cells");
    assert!(e.message.contains(&cells), "{}", e.message);
    // the same through every command that reads a .docx
    let path = write_docx("grid-bomb", &bomb);
    let p = path.to_str().unwrap();
    let report = common::temp_dir("grid-bomb-report").join("r.json");
    std::fs::write(
        &report,
        serde_json::to_vec(&common::filled_starter("某某县人民政府办公室", 2025)).unwrap(),
    )
    .unwrap();
    for args in [
        vec!["import", p],
        vec!["new", "annual-report", "--from", p],
        vec![
            "check",
            report.to_str().unwrap(),
            "--fonts",
            "bundled",
            "--previous",
            p,
        ],
    ] {
        let started = std::time::Instant::now();
        let o = common::gongwen(&args);
        let err = common::stderr(&o);
        assert!(!o.status.success(), "{args:?}");
        assert!(err.contains(&elements), "{args:?}: {err}");
        assert!(err.len() < 1_000, "{args:?}: {err}");
        assert!(started.elapsed().as_secs() < 10, "{args:?}");
    }
}

/// Issue 21: a 66 KB .docx printed 14.7 MB of import warnings, and a
/// 2.5-million-character label was quoted whole (7.5 MB). Import warnings
/// are capped as a build's are, and what they quote is clipped.
#[test]
fn import_warnings_are_capped_and_labels_clipped() {
    // 20 000 rows whose labels match no row of the national format
    let many = docx_with(&table_xml(20_000, "不认识的行", 1));
    assert!(many.len() < 100_000, "{} bytes", many.len());
    let imported = gongwen::report::import::import_docx(&many).unwrap();
    assert!(imported.warnings.len() < 100, "{}", imported.warnings.len());
    let path = write_docx("warning-flood", &many);
    for (lang, more) in [
        ("C", "more warnings like the above"),
        ("zh_CN.UTF-8", "条同类警告未列出"),
    ] {
        let o = common::gongwen_env(&["import", path.to_str().unwrap()], &[("LANG", lang)]);
        let err = common::stderr(&o);
        assert!(o.status.success(), "{err}");
        assert!(err.lines().count() < 100, "{} lines", err.lines().count());
        assert!(err.contains(more), "{err}");
    }
    // one label of 2.5 million characters
    let long = "长".repeat(2_500_000);
    let imported =
        gongwen::report::import::import_docx(&docx_with(&table_xml(1, &long, 1))).unwrap();
    let biggest = imported
        .warnings
        .iter()
        .map(|w| w.message.len())
        .max()
        .unwrap();
    assert!(biggest < 1_000, "{biggest} bytes");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("(2500000 characters)")),
        "{:?}",
        imported.warnings
    );
}
