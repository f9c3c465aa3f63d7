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
