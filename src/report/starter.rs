//! `gongwen new annual-report`: a complete starter file, every section present
//! and every number 0, that builds as it is.

use crate::i18n::t;
use serde_json::{json, Value};

/// The starter report for an agency and year, as pretty JSON.
pub fn annual_report(agency: &str, year: i32) -> String {
    pretty(&starter(agency, year))
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("json");
    s.push('\n');
    s
}

/// The starter for the year after `last` (last year's report input, as
/// written or imported): its agency (unless another is given), contact and
/// title, and its 结转下年度继续办理 as this year's 上年结转 (also written as
/// this year's 结转下年度 until the results are filled in, so that it balances).
pub fn from_last_year(last: &Value, agency: Option<&str>) -> Result<String, String> {
    let last_agency = last["agency"].as_str().unwrap_or_default();
    let agency = agency.unwrap_or(last_agency);
    if agency.trim().is_empty() {
        return Err(t!("report.starter.no_agency").into());
    }
    let last_year = last["year"]
        .as_i64()
        .ok_or_else(|| t!("report.starter.no_year").into_owned())?;
    let year = i32::try_from(last_year + 1)
        .map_err(|_| t!("report.starter.year_out_of_range").into_owned())?;
    let mut v = starter(agency, year);
    if last["contact"].is_object() {
        v["contact"] = last["contact"].clone();
    }
    if let Some(lines) = last["title_lines"].as_array() {
        // the same title, a year on: 某某局2024年 → 某某局2025年
        let (old, new) = (format!("{last_year}年"), format!("{year}年"));
        let lines: Vec<Value> = lines
            .iter()
            .filter_map(|l| l.as_str())
            .map(|l| json!(l.replace(&old, &new).replace(last_agency, agency)))
            .collect();
        if !lines.is_empty() {
            v["title_lines"] = Value::Array(lines);
        }
    }
    let forward = &last["applications"]["carried_forward"];
    if let Some(row) = forward.as_array() {
        let six: Vec<Value> = row.iter().take(6).cloned().collect();
        if six.len() == 6 {
            // and, until results are filled in, carried forward again: the
            // starter still balances (R1) and builds with --draft
            v["applications"]["carried_over"] = Value::Array(six.clone());
            v["applications"]["carried_forward"] = Value::Array(six);
        }
    }
    Ok(pretty(&v))
}

fn starter(agency: &str, year: i32) -> Value {
    let zeros = || json!([0, 0, 0, 0, 0, 0]);
    let outcomes = || json!({"upheld": 0, "corrected": 0, "other": 0, "pending": 0});
    json!({
        "kind": "gov-info-annual-report",
        "agency": agency,
        "year": year,
        "date": format!("{}-01-20", year + 1),
        "contact": {
            "address": "（地址）",
            "phone": "（联系电话）",
            "portal": "（政府门户网站名称）",
            "url": "https://"
        },
        "overview": {
            "active_disclosure": format!("{year}年，{agency}主动公开政府信息（数量）条。"),
            "applications": format!("{year}年，{agency}新收政府信息公开申请{{applications.new.total}}件，上年结转{{applications.carried_over.total}}件，办结{{applications.results.total.total}}件，结转下年度{{applications.carried_forward.total}}件。"),
            "information_management": "（政府信息管理情况）",
            "platform": "（政府信息公开平台建设情况）",
            "supervision": {"numbered": ["（监督保障情况）"]}
        },
        "active_disclosure": {
            "regulations": {"made": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"made": 0, "repealed": 0, "in_force": 0},
            "licensing_decisions": 0,
            "penalty_decisions": 0,
            "coercion_decisions": 0,
            "fees_wan_yuan": "0"
        },
        "applications": {
            "new": zeros(),
            "carried_over": zeros(),
            "results": {
                "disclosed": zeros(),
                "partially_disclosed": zeros(),
                "withheld": {
                    "state_secret": zeros(), "prohibited_by_law": zeros(),
                    "three_safeties_one_stability": zeros(), "third_party_rights": zeros(),
                    "internal_affairs": zeros(), "process_information": zeros(),
                    "enforcement_files": zeros(), "query_matters": zeros()
                },
                "unavailable": {"not_held": zeros(), "needs_creation": zeros(), "unclear_after_correction": zeros()},
                "not_processed": {
                    "petition_complaint": zeros(), "duplicate": zeros(), "publications": zeros(),
                    "mass_repeated": zeros(), "confirm_or_reissue": zeros()
                },
                "other": {"no_correction": zeros(), "unpaid_fee": zeros(), "other": zeros()}
            },
            "carried_forward": zeros()
        },
        "review_litigation": {
            "review": outcomes(),
            "direct_suit": outcomes(),
            "suit_after_review": outcomes()
        },
        "problems": ["（存在的主要问题）", format!("（{}年改进措施）", year + 1)],
        "other_matters": {"numbered": [
            "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
            "（其他需要报告的事项）"
        ]},
        "signature": {"agency": agency, "date": format!("{}-01-20", year + 1)}
    })
}
