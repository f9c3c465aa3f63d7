//! How a report's problems are told: errors and warnings together, and the
//! cross-year checks run even when last year's report has errors of its own.

use serde_json::{json, Value};

mod common;

use common::{gongwen, stderr, temp_dir as temp};

fn starter(year: i32) -> Value {
    common::filled_starter("某某县人民政府办公室", year)
}

fn write(dir: &std::path::Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec(v).unwrap()).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn warnings_are_printed_with_the_errors() {
    let dir = temp("audit-together");
    let mut r = starter(2025);
    r["applications"]["new"] = json!([1, 0, 0, 0, 0, 0]); // R1: nothing concluded or carried
    r["overview"]["platform"] = json!("2019年建成平台。"); // R12
    let input = write(&dir, "r.json", &r);
    let o = gongwen(&["check", &input, "--fonts", "bundled"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error: R1"), "{err}");
    assert!(err.contains("warning: R12"), "{err}");
}

#[test]
fn last_year_s_own_errors_do_not_stop_the_cross_year_checks() {
    let dir = temp("audit-previous");
    let mut last = starter(2024);
    // an unrelated error in last year's 表四, and 3 applications carried forward
    last["review_litigation"]["review"]["total"] = json!(9);
    last["applications"]["new"] = json!([3, 0, 0, 0, 0, 0]);
    last["applications"]["carried_forward"] = json!([3, 0, 0, 0, 0, 0]);
    let last = write(&dir, "last.json", &last);
    let this = write(&dir, "this.json", &starter(2025)); // carried over 0: R7 must say 3
    let o = gongwen(&["check", &this, "--fonts", "bundled", "--previous", &last]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("R7") && err.contains("expected 3"), "{err}");
    assert!(
        err.contains("last year's report has 1 error(s) of its own"),
        "{err}"
    );
    assert!(
        err.contains("R5"),
        "the warning names last year's error: {err}"
    );
}

#[test]
fn the_overview_takes_opening_paragraphs_and_its_parts_other_titles() {
    let mut r = starter(2025);
    r["overview"]["opening"] = json!("2025年，本单位认真贯彻落实《条例》。");
    r["overview"]["titles"] = json!({"supervision": "政府信息公开监督保障情况"});
    let input: gongwen::report::AnnualReportInput = serde_json::from_value(r).unwrap();
    let (doc, _) = input.into_model(None).unwrap();
    let texts: Vec<String> = doc.blocks.iter().map(|b| b.text()).collect();
    let overview = texts.iter().position(|t| t == "一、总体情况").unwrap();
    assert_eq!(texts[overview + 1], "2025年，本单位认真贯彻落实《条例》。");
    assert_eq!(texts[overview + 2], "（一）主动公开情况");
    assert!(texts.contains(&"（五）政府信息公开监督保障情况".to_string()));
}

#[test]
fn an_empty_part_title_is_an_error_naming_its_key() {
    let mut r = starter(2025);
    r["overview"]["titles"] = json!({"platform": "  "});
    let input: gongwen::report::AnnualReportInput = serde_json::from_value(r).unwrap();
    let errors = input.into_model(None).unwrap_err();
    let e = errors
        .iter()
        .find(|d| d.location == "overview.titles.platform")
        .expect("an error at overview.titles.platform");
    assert!(e.message.contains("empty title"), "{}", e.message);
}

/// The narrative audit on a corpus of paragraphs written in the styles of
/// real reports (fixtures/audit/corpus.json): every planted contradiction
/// caught, no false alarm. Precision and recall are printed for the README.
#[test]
fn the_narrative_audit_catches_every_planted_contradiction_and_nothing_else() {
    let corpus: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../fixtures/audit/corpus.json")).unwrap();
    assert!(corpus.len() >= 20, "the corpus has {} cases", corpus.len());
    let (mut caught, mut planted, mut alarms, mut wrong) = (0, 0, 0, Vec::new());
    for case in &corpus {
        let id = case["id"].as_str().unwrap();
        let values: std::collections::BTreeMap<String, String> = case["tables"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map_or(v.to_string(), str::to_string)))
            .collect();
        let text = case["text"].as_str().unwrap();
        let found: std::collections::BTreeSet<&str> =
            gongwen::report::audit::audit_text(text, case["field"].as_str().unwrap(), &values)
                .iter()
                .map(|f| f.key)
                .collect();
        let expected: std::collections::BTreeSet<&str> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        planted += expected.len();
        caught += expected.intersection(&found).count();
        alarms += found.len();
        if found != expected {
            wrong.push(format!("{id}: expected {expected:?}, found {found:?}"));
        }
    }
    eprintln!(
        "narrative audit: {} cases, {planted} planted contradictions, {caught} caught (recall {:.0}%), {alarms} alarms (precision {:.0}%)",
        corpus.len(),
        100.0 * caught as f64 / planted as f64,
        100.0 * caught as f64 / alarms.max(1) as f64
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// R12 (issue 21): the year before the report year belongs in a report
/// (section 五 discusses last year's problems; 较2023年增长 …) and is not
/// warned about; a year further back, the copy-paste mistake, still is.
#[test]
fn r12_passes_last_year_and_warns_on_older_years() {
    let (_, warnings) = gongwen::load(
        std::path::Path::new("fixtures/wenshang-2024.json"),
        &gongwen::Options::default(),
    )
    .unwrap();
    let r12: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.starts_with("R12"))
        .collect();
    assert!(r12.is_empty(), "the specimen: {r12:?}");
    for (text, warned) in [
        ("针对2024年存在的问题，本年度加强了培训。", false),
        ("主动公开数量较2024年增长12%。", false),
        ("2025年公开政府信息63条，2026年将继续完善。", false),
        ("2022年建成平台。", true),
        ("针对2023年存在的问题，本年度加强了培训。", true),
    ] {
        let mut r = starter(2025);
        r["overview"]["platform"] = json!(text);
        let input: gongwen::report::AnnualReportInput = serde_json::from_value(r).unwrap();
        let (_, warnings) = input.into_model(None).unwrap();
        let found = warnings.iter().any(|w| w.message.starts_with("R12"));
        assert_eq!(found, warned, "{text}: {warnings:?}");
    }
}
