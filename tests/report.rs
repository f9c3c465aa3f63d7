//! The annual report kind: equivalence with the generic fixture, the table
//! rules as properties over random statistics, large numbers, and the
//! report's messages in Chinese and in English.

mod common;

use std::path::{Path, PathBuf};

use gongwen::fonts::FontBook;
use gongwen::input::{parse, Input};
use gongwen::layout::{layout, Item};
use gongwen::model::BlockKind;
use gongwen::Options;
use serde_json::{json, Value};

fn load(path: &str) -> gongwen::model::Document {
    gongwen::load(Path::new(path), &Options::default())
        .unwrap()
        .0
}

#[test]
fn the_report_kind_builds_the_same_document_as_the_generic_fixture() {
    let report = load("fixtures/wenshang-2024.json");
    let document = load("fixtures/wenshang-2024.document.json");
    let kinds = |d: &gongwen::model::Document| {
        d.blocks
            .iter()
            .map(|b| b.kind.clone())
            .collect::<Vec<BlockKind>>()
    };
    let (a, b) = (kinds(&report), kinds(&document));
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "block {i} differs");
    }
    assert_eq!(report.meta.title, document.meta.title);
    assert_eq!(report.meta.author, document.meta.author);
    assert_eq!(report.meta.date, document.meta.date);
}

/// A small deterministic generator (xorshift64*), enough for property tests.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

const RESULT_ROWS: [&str; 21] = [
    "disclosed",
    "partially_disclosed",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.three_safeties_one_stability",
    "withheld.third_party_rights",
    "withheld.internal_affairs",
    "withheld.process_information",
    "withheld.enforcement_files",
    "withheld.query_matters",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
    "not_processed.petition_complaint",
    "not_processed.duplicate",
    "not_processed.publications",
    "not_processed.mass_repeated",
    "not_processed.confirm_or_reissue",
    "other.no_correction",
    "other.unpaid_fee",
    "other.other",
];

fn with_total(six: [i64; 6]) -> Value {
    let mut v: Vec<i64> = six.to_vec();
    v.push(six.iter().sum());
    json!(v)
}

fn at<'a>(v: &'a mut Value, path: &str) -> &'a mut Value {
    path.split('.').fold(v, |v, k| &mut v[k])
}

/// A report whose statistics satisfy every rule, with every total written out.
fn consistent(rng: &mut Rng) -> Value {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string("fixtures/wenshang-2024.json").unwrap())
            .unwrap();
    let apps = &mut v["applications"];
    let mut total = [0i64; 6];
    for row in RESULT_ROWS {
        let six: [i64; 6] =
            std::array::from_fn(|_| if rng.below(3) == 0 { rng.below(50) } else { 0 });
        for (t, x) in total.iter_mut().zip(six) {
            *t += x;
        }
        *at(&mut apps["results"], row) = with_total(six);
    }
    apps["results"]["total"] = with_total(total);
    let forward: [i64; 6] = std::array::from_fn(|_| rng.below(5));
    let carried: [i64; 6] = std::array::from_fn(|i| rng.below((total[i] + forward[i] + 1) as u64));
    let new: [i64; 6] = std::array::from_fn(|i| total[i] + forward[i] - carried[i]);
    apps["new"] = with_total(new);
    apps["carried_over"] = with_total(carried);
    apps["carried_forward"] = with_total(forward);
    for g in ["review", "direct_suit", "suit_after_review"] {
        let parts: [i64; 4] = std::array::from_fn(|_| rng.below(4));
        v["review_litigation"][g] = json!({"upheld": parts[0], "corrected": parts[1], "other": parts[2], "pending": parts[3], "total": parts.iter().sum::<i64>()});
    }
    v
}

/// The errors of a report (empty when it passes).
fn errors(v: &Value) -> String {
    match parse(&v.to_string()) {
        Ok(Input::AnnualReport(r)) => match r.into_model(None) {
            Ok(_) => String::new(),
            Err(e) => e
                .iter()
                .map(|d| format!("{}: {}", d.location, d.message))
                .collect::<Vec<_>>()
                .join("\n"),
        },
        Ok(_) => panic!("wrong kind"),
        Err(d) => format!("{}: {}", d.location, d.message),
    }
}

#[test]
fn random_consistent_statistics_always_pass() {
    let mut rng = Rng(0x5eed_1234);
    for _ in 0..200 {
        let v = consistent(&mut rng);
        assert_eq!(errors(&v), "", "{}", v["applications"]);
    }
}

#[test]
fn changing_any_single_cell_of_table_three_fails_with_the_right_rule() {
    let mut rng = Rng(42);
    let rows: Vec<String> = ["new", "carried_over", "carried_forward", "results.total"]
        .iter()
        .map(|s| s.to_string())
        .chain(RESULT_ROWS.iter().map(|r| format!("results.{r}")))
        .collect();
    for round in 0..3 {
        let base = consistent(&mut rng);
        for row in &rows {
            for col in 0..7 {
                let mut v = base.clone();
                let cell = &mut at(&mut v["applications"], row)[col];
                *cell = json!(cell.as_i64().unwrap() + 1 + round);
                let e = errors(&v);
                // an applicant column of the results total is checked against the
                // rows it sums (R2); any 总计 column against its own row (R3)
                let rule = if row == "results.total" && col < 6 {
                    "R2"
                } else {
                    "R3"
                };
                assert!(
                    e.contains(rule),
                    "{row}[{col}] changed: expected {rule}, got:\n{e}"
                );
                assert!(
                    e.contains(&format!("applications.{row}")) || rule == "R2",
                    "{e}"
                );
            }
        }
        // a row changed consistently with its own total breaks the balance (R1) or the results total (R2)
        for row in &rows {
            let mut v = base.clone();
            let r = at(&mut v["applications"], row);
            r[0] = json!(r[0].as_i64().unwrap() + 1);
            r[6] = json!(r[6].as_i64().unwrap() + 1);
            let e = errors(&v);
            let rule = if row.starts_with("results.") {
                "R2"
            } else {
                "R1"
            };
            assert!(
                e.contains(rule),
                "{row} changed with its total: expected {rule}, got:\n{e}"
            );
        }
    }
}

#[test]
fn changing_any_single_cell_of_table_four_fails_with_r5() {
    let mut rng = Rng(7);
    let base = consistent(&mut rng);
    for g in ["review", "direct_suit", "suit_after_review"] {
        for k in ["upheld", "corrected", "other", "pending", "total"] {
            let mut v = base.clone();
            let cell = &mut v["review_litigation"][g][k];
            *cell = json!(cell.as_i64().unwrap() + 1);
            let e = errors(&v);
            assert!(
                e.contains("R5") && e.contains(&format!("review_litigation.{g}.total")),
                "{g}.{k}: {e}"
            );
        }
    }
}

#[test]
fn large_numbers_lay_out_without_breaking_inside_a_number() {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string("fixtures/wenshang-2024.json").unwrap())
            .unwrap();
    let ad = &mut v["active_disclosure"];
    ad["regulations"] = json!({"made": 12345678, "repealed": 23456789, "in_force": 98765432});
    ad["penalty_decisions"] = json!(87654321);
    ad["fees_wan_yuan"] = json!("96171.6");
    let apps = &mut v["applications"];
    apps["results"]["disclosed"] = with_total([54321, 12345, 0, 0, 0, 9999]);
    apps["results"]["total"] = with_total([54321, 12345, 0, 0, 0, 9999]);
    apps["new"] = with_total([54321, 12345, 0, 0, 0, 9999]);
    let Ok(Input::AnnualReport(r)) = parse(&v.to_string()) else {
        panic!()
    };
    let (doc, _) = r.into_model(None).expect("consistent");
    let l = layout(&doc, &FontBook::bundled()).unwrap();
    let items: Vec<String> = l
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| {
            if let Item::Text(t) = i {
                Some(t.text.clone())
            } else {
                None
            }
        })
        .collect();
    for n in [
        "12345678", "23456789", "98765432", "87654321", "96171.6", "54321", "76665",
    ] {
        assert!(
            items.iter().any(|t| t == n),
            "{n} is broken across lines or missing"
        );
    }
}

/// One rule for numbers in every number field: quoted or not, read as
/// written; validity is checked afterwards with the cell named.
#[test]
fn numbers_may_be_quoted_or_not_in_every_number_field() {
    let source = include_str!("../fixtures/wenshang-2024.json");
    let with = |from: &str, to: &str| {
        assert!(source.contains(from), "{from}");
        source.replacen(from, to, 1)
    };
    let read = |text: &str| match parse(text) {
        Ok(Input::AnnualReport(r)) => Ok(r),
        Ok(_) => panic!("not a report"),
        Err(d) => Err(d.message),
    };
    // the year quoted
    let r = read(&with("\"year\": 2024", "\"year\": \"2024\"")).unwrap();
    assert_eq!(r.year, 2024);
    // the fee as a number: its digits kept, trailing zero included
    let r = read(&with(
        "\"fees_wan_yuan\": \"0\"",
        "\"fees_wan_yuan\": 96171.60",
    ))
    .unwrap();
    assert_eq!(r.active_disclosure.fees_wan_yuan, "96171.60");
    // a count quoted
    let r = read(&with(
        "\"licensing_decisions\": 0",
        "\"licensing_decisions\": \"12\"",
    ))
    .unwrap();
    assert_eq!(
        r.active_disclosure.licensing_decisions,
        gongwen::report::input::Count::Int(12)
    );
    // what is not a number is refused, saying what was expected
    let e = read(&with("\"year\": 2024", "\"year\": \"二〇二四\"")).unwrap_err();
    assert!(
        e.contains("expected a year such as 2025, got 二〇二四"),
        "{e}"
    );
}

// ------------------------------------------------- messages in both languages

/// The specimen report, changed by `edit`, written to a test folder.
fn specimen_with(name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string("fixtures/wenshang-2024.json").unwrap())
            .unwrap();
    edit(&mut v);
    let path = common::temp_dir(name).join(format!("{name}.json"));
    std::fs::write(&path, v.to_string()).unwrap();
    path
}

/// What `gongwen ARGS` prints in Chinese (a clerk's locale) and in English.
fn said_in_both(args: &[&str]) -> (String, String) {
    let zh = common::stderr(&common::gongwen_zh(args));
    let en = common::stderr(&common::gongwen(args));
    (zh, en)
}

fn says(out: &str, lang: &str, expected: &[&str]) {
    for e in expected {
        assert!(out.contains(e), "{lang}: expected “{e}” in:\n{out}");
    }
}

#[test]
fn a_table_rule_names_the_cell_in_chinese_with_expected_and_actual() {
    let (zh, en) = said_in_both(&["check", "fixtures/invalid/r3-row-total.json"]);
    says(
        &zh,
        "zh",
        &[
            "错误：R3 表三“三、本年度办理结果（一）予以公开”行“总计”列：应为 0（自然人 + 商业企业",
            "），实际为 5",
        ],
    );
    says(
        &en,
        "en",
        &[
            "error: R3 表三 “三、本年度办理结果（一）予以公开” × “总计”: expected 0 (自然人 + 商业企业",
            "), got 5",
        ],
    );
    // a cross-year rule, and 表四's groups
    let (zh, en) = said_in_both(&[
        "check",
        "fixtures/invalid/r7-carried-over.json",
        "--previous",
        "fixtures/invalid/r7-previous-2023.json",
    ]);
    says(&zh, "zh", &["R7 表三“二、上年结转政府信息公开申请数量”行“自然人”列：应为 0（即上一年度报告中的“四、结转下年度继续办理”），实际为 2"]);
    says(&en, "en", &["R7 表三 “二、上年结转政府信息公开申请数量” × “自然人”: expected 0 (last year's “四、结转下年度继续办理”), got 2"]);
    let (zh, en) = said_in_both(&["check", "fixtures/invalid/r5-review-total.json"]);
    says(&zh, "zh", &["R5 表四“行政复议”下的“总计”：应为 2（结果维持 2 + 结果纠正 0 + 其他结果 0 + 尚未审结 0），实际为 0"]);
    says(&en, "en", &["R5 表四 “行政复议” × “总计”: expected 2 (结果维持 2 + 结果纠正 0 + 其他结果 0 + 尚未审结 0), got 0"]);
}

#[test]
fn a_gap_of_the_starter_left_in_is_named_in_chinese() {
    let dir = common::temp_dir("starter-gaps");
    let starter = dir.join("starter.json");
    std::fs::write(
        &starter,
        gongwen::report::starter::annual_report("某某县人民政府办公室", 2024),
    )
    .unwrap();
    let file = starter.to_str().unwrap();
    let (zh, en) = said_in_both(&["check", file]);
    says(
        &zh,
        "zh",
        &[
            "overview.active_disclosure：错误：文中还留着模板的待填内容“（数量）”：请按提示填写实际内容（如只需印出草稿，可加 --draft 生成）",
            "contact.url：错误：文中还留着模板的待填内容网址“https://”",
        ],
    );
    says(
        &en,
        "en",
        &[
            "overview.active_disclosure: error: the starter's gap “（数量）” is still in the text: write what it asks for (or build with --draft to print a draft as it is)",
            "contact.url: error: the starter's gap the address “https://” is still in the text",
        ],
    );
    // a draft: a warning, with no word of --draft
    let (zh, en) = said_in_both(&["check", file, "--draft"]);
    says(
        &zh,
        "zh",
        &["警告：文中还留着模板的待填内容“（地址）”：请按提示填写实际内容\n"],
    );
    says(
        &en,
        "en",
        &["warning: the starter's gap “（地址）” is still in the text: write what it asks for\n"],
    );
}

#[test]
fn an_empty_section_another_agency_signing_and_a_late_date_are_warned_in_chinese() {
    let path = specimen_with("content-warnings", |v| {
        v["overview"]["platform"] = json!("");
        v["signature"]["agency"] = json!("另一个局");
        v["date"] = json!("2025-06-01");
    });
    let (zh, en) = said_in_both(&["check", path.to_str().unwrap()]);
    says(
        &zh,
        "zh",
        &[
            "overview.platform：警告：“（四）政府信息公开平台建设情况”没有内容：报告中这个标题下面将是空的",
            "signature.agency：警告：落款单位是“另一个局”，而报告的单位是“汶上县投资促进服务中心”，两者应当一致",
            "date：警告：2024年度报告的日期是 2025-06-01：年度报告应在次年 1 月 31 日前公布（2025-01-31）",
        ],
    );
    says(
        &en,
        "en",
        &[
            "overview.platform: warning: （四）政府信息公开平台建设情况 is empty: its heading would stand with nothing under it",
            "signature.agency: warning: the 落款 names “另一个局”, the report is of “汶上县投资促进服务中心”",
            "date: warning: the report on 2024 is dated 2025-06-01: annual reports are published by 31 January of the next year (2025-01-31)",
        ],
    );
}

#[test]
fn a_previous_report_of_another_agency_and_the_same_year_is_refused_in_chinese() {
    let previous = specimen_with("previous-other", |v| v["agency"] = json!("别的单位"));
    let (zh, en) = said_in_both(&[
        "check",
        "fixtures/wenshang-2024.json",
        "--previous",
        previous.to_str().unwrap(),
    ]);
    says(
        &zh,
        "zh",
        &[
            "--previous：错误：--previous 给出的上一年度报告是“别的单位”的，本报告是“汶上县投资促进服务中心”的：请给出同一单位的上一年度报告",
            "--previous：错误：--previous 给出的是 2024 年度的报告，本报告是 2024 年度的：请给出 2023 年度的报告",
        ],
    );
    says(
        &en,
        "en",
        &[
            "--previous: error: last year's report is of “别的单位”, this one of “汶上县投资促进服务中心”: give the same agency's report",
            "--previous: error: last year's report is for 2024, this one for 2024: give the report for 2023",
        ],
    );
}

#[test]
fn a_number_in_the_text_against_the_tables_is_explained_in_chinese() {
    let (zh, en) = said_in_both(&["check", "fixtures/invalid/audit-applications.json"]);
    says(
        &zh,
        "zh",
        &["错误：文中写的是“2024年，汶上县投资促进服务中心共受理政府信息公开申请17件，均已按时答复”（17件），而“表三 一、本年新收政府信息公开申请数量 · 总计”是 95；请改写为 {applications.new.total}，直接引用表中的数"],
    );
    says(
        &en,
        "en",
        &["error: the text says “2024年，汶上县投资促进服务中心共受理政府信息公开申请17件，均已按时答复” (17件) but 表三 一、本年新收政府信息公开申请数量 · 总计 is 95; write {applications.new.total} to quote the table"],
    );
}

#[test]
fn import_warnings_are_in_chinese() {
    // a 公文 that is no annual report, imported as one (`--as report`; by
    // itself it imports as a document): nothing of the national format found
    let (doc, _) = gongwen::load(Path::new("fixtures/notice.json"), &Options::default()).unwrap();
    let docx = common::temp_dir("import-warnings").join("notice.docx");
    std::fs::write(&docx, gongwen::docx::write(&doc).unwrap()).unwrap();
    let args = ["import", docx.to_str().unwrap(), "--as", "report"];
    let zh = common::gongwen_zh(&args);
    let en = common::gongwen(&args);
    assert!(zh.status.success() && en.status.success());
    says(
        &common::stderr(&zh),
        "zh",
        &[
            "overview.active_disclosure：警告：“一、总体情况”下面没有找到“（一）主动公开情况”这个标题",
            "active_disclosure.regulations：警告：表二“规章”行：应有 3 个数（本年制发、本年废止、现行有效），实际找到 0 个；已按 0 填写",
            "applications.new：警告：表三中没有“一、本年新收政府信息公开申请数量”这一行；已按 0 填写",
            "review_litigation：警告：表四中没有找到那一行 15 个数；已全部按 0 填写",
            "date：警告：没有找到日期",
        ],
    );
    says(
        &common::stderr(&en),
        "en",
        &[
            "overview.active_disclosure: warning: no heading “（一）主动公开情况” found under 一、总体情况",
            "active_disclosure.regulations: warning: 表二 row “规章”: expected 3 numbers (本年制发, 本年废止, 现行有效), found 0; written as 0",
            "applications.new: warning: 表三 has no row “一、本年新收政府信息公开申请数量”; written as 0",
            "review_litigation: warning: 表四's row of 15 numbers was not found; written as 0",
            "date: warning: no date found",
        ],
    );
}

#[test]
fn gongwen_new_from_a_report_without_agency_says_so_in_chinese() {
    let dir = common::temp_dir("new-from-no-agency");
    let last = dir.join("last.json");
    std::fs::write(&last, r#"{"year": 2024}"#).unwrap();
    let args = ["new", "annual-report", "--from", last.to_str().unwrap()];
    let (zh, en) = said_in_both(&args);
    says(
        &zh,
        "zh",
        &["上一年度报告中没有单位名称：请用 --agency 给出"],
    );
    says(
        &en,
        "en",
        &["last year's report names no agency: give --agency"],
    );
}

/// The lines of every table cell, as laid out: (block, row, column) → the
/// text of each line, top to bottom.
fn cell_lines(
    l: &gongwen::layout::Layout,
) -> std::collections::BTreeMap<(usize, usize, usize), Vec<String>> {
    use gongwen::layout::TextTag;
    let mut by_cell: std::collections::BTreeMap<(usize, usize, usize), Vec<(f32, String)>> =
        Default::default();
    for (p, page) in l.pages.iter().enumerate() {
        for i in &page.items {
            let Item::Text(t) = i else { continue };
            let TextTag::Cell { block, row, col } = t.tag else {
                continue;
            };
            let y = p as f32 * 10_000.0 + t.baseline;
            let lines = by_cell.entry((block, row, col)).or_default();
            match lines.iter_mut().find(|(b, _)| (b - y).abs() < 0.01) {
                Some((_, s)) => s.push_str(&t.text),
                None => lines.push((y, t.text.clone())),
            }
        }
    }
    by_cell
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            (k, v.into_iter().map(|(_, s)| s).collect())
        })
        .collect()
}

/// Cells of several lines whose last line is a single Chinese character
/// (perhaps with punctuation after it): 三、/本年/度办/理结/果.
fn lone_last_lines(l: &gongwen::layout::Layout) -> Vec<Vec<String>> {
    cell_lines(l)
        .into_values()
        .filter(|lines| {
            let last: Vec<char> = lines
                .last()
                .unwrap()
                .chars()
                .filter(|c| !gongwen::layout::linebreak::NO_LINE_START.contains(*c))
                .collect();
            lines.len() > 1 && last.len() == 1 && gongwen::layout::linebreak::is_ideograph(last[0])
        })
        .collect()
}

#[test]
fn no_table_cell_ends_with_a_single_character_line() {
    let fonts = FontBook::bundled();
    // the specimen: none (issue 21: the 自然人 header broke as 自然/人 when
    // its column held two characters), and 自然人 is whole, as published
    // reports print it
    let l = layout(&load("fixtures/wenshang-2024.json"), &fonts).unwrap();
    let lone = lone_last_lines(&l);
    assert!(lone.is_empty(), "{lone:?}");
    let labels = cell_lines(&l);
    let has = |lines: &[&str]| labels.values().any(|v| v == lines);
    assert!(has(&["自然人"]), "{labels:?}");
    assert!(has(&["三、本", "年度办", "理结果"]), "{labels:?}");
    assert!(has(&["（三）", "不予", "公开"]), "{labels:?}");
    assert!(has(&["（四）", "无法", "提供"]), "{labels:?}");

    // a report with six-digit numbers (consistent: every rule holds)
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string("fixtures/wenshang-2024.json").unwrap())
            .unwrap();
    let apps = &mut v["applications"];
    let mut total = [0i64; 6];
    for (r, row) in RESULT_ROWS.iter().enumerate() {
        let six: [i64; 6] = std::array::from_fn(|c| 1000 + 97 * r as i64 + 331 * c as i64);
        for (t, x) in total.iter_mut().zip(six) {
            *t += x;
        }
        *at(&mut apps["results"], row) = with_total(six);
    }
    apps["results"]["total"] = with_total(total);
    let forward: [i64; 6] = std::array::from_fn(|c| 500 + c as i64);
    let carried: [i64; 6] = std::array::from_fn(|c| 800 + c as i64);
    let new: [i64; 6] = std::array::from_fn(|i| total[i] + forward[i] - carried[i]);
    apps["new"] = with_total(new);
    apps["carried_over"] = with_total(carried);
    apps["carried_forward"] = with_total(forward);
    assert_eq!(errors(&v), "");
    let Ok(Input::AnnualReport(r)) = parse(&v.to_string()) else {
        panic!()
    };
    let (doc, _) = r.into_model(None).expect("consistent");
    let l = layout(&doc, &fonts).unwrap();
    let cells = cell_lines(&l);
    assert!(
        cells
            .values()
            .flatten()
            .any(|s| s.len() == 6 && s.parse::<u32>().is_ok()),
        "no six-digit number"
    );
    let lone = lone_last_lines(&l);
    assert!(lone.is_empty(), "{lone:?}");
}

/// No line inside a body paragraph of the specimen is short of the measure
/// by more than `linebreak::MAX_SHORT_EM` (a quarter of a character, 4 pt)
/// before it is justified, unless a Latin piece follows it: spreading it (by justification, or by the spacing
/// of a line that gave a character down) adds at most that much. The two
/// lines that were a character short — 表 (全职/兼职) … 以保障政 and …以增强专业
/// before a lone 素养。 — now take the next character up, tightened.
#[test]
fn no_line_of_a_specimen_paragraph_is_spread_beyond_the_tolerance() {
    use gongwen::layout::linebreak::{MAX_SHORT_EM, NO_LINE_START};
    use gongwen::layout::TextTag;
    let doc = load("fixtures/wenshang-2024.json");
    let l = layout(&doc, &FontBook::bundled()).unwrap();
    let size = doc.style.body_size as f32 / 2.0;
    let base = size + doc.style.char_spacing as f32 / 20.0;
    // (block, page, baseline) → the line's glyphs (x, advance used, char)
    type Glyphs = Vec<(f32, f32, char)>;
    let mut lines: std::collections::BTreeMap<(usize, usize, i64), Glyphs> = Default::default();
    for (p, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            let TextTag::Block(b) = t.tag else { continue };
            if !matches!(doc.blocks[b].kind, BlockKind::Paragraph { .. }) {
                continue;
            }
            let key = (b, p, (t.baseline * 100.0) as i64);
            let line = lines.entry(key).or_default();
            for (g, c) in t.glyphs.iter().zip(t.text.chars()) {
                line.push((g.1, g.2, c));
            }
        }
    }
    let last_of_block: std::collections::BTreeMap<usize, (usize, i64)> =
        lines.keys().map(|&(b, p, y)| (b, (p, y))).collect();
    let mut checked = 0;
    for ((b, p, y), mut g) in lines {
        if last_of_block[&b] == (p, y) {
            continue;
        }
        g.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (first, last) = (g[0], g[g.len() - 1]);
        let advances: f32 = g[..g.len() - 1].iter().map(|c| c.1).sum();
        let justified = (last.0 - first.0) - advances;
        // spacing added to (or, negative, taken from) Chinese characters,
        // less the automatic space before a Latin letter or digit: a
        // tightened line is justified by what the tightening left over
        let loosened: f32 = g
            .windows(2)
            .filter(|w| !w[0].2.is_ascii())
            .map(|w| {
                let auto = if w[1].2.is_ascii_alphanumeric() {
                    0.2 * size
                } else {
                    0.0
                };
                w[0].1 - base - auto
            })
            .sum();
        let text: String = g.iter().map(|c| c.2).collect();
        // exempt: a line before a Latin piece (12月, a URL), which is not
        // pulled up (LibreOffice would break such a tightened line elsewhere)
        let next = doc_text(&doc, b);
        let after = next.find(&text).map(|i| &next[i + text.len()..]);
        // or before a piece of a character and a mark (面，), which would
        // need more tightening than MAX_TIGHTEN_EM allows to come up
        let exempt = |a: &str| {
            let two: Vec<char> = a.chars().take(2).collect();
            two.iter().any(|c| c.is_ascii_alphanumeric())
                || two.get(1).is_some_and(|c| NO_LINE_START.contains(*c))
        };
        if after.is_some_and(exempt) {
            continue;
        }
        assert!(
            justified + loosened <= MAX_SHORT_EM * size + 0.05,
            "{text}: spread by {justified} + {loosened} pt"
        );
        checked += 1;
    }
    assert!(checked > 40, "{checked} lines");
}

/// A paragraph's text.
fn doc_text(doc: &gongwen::model::Document, b: usize) -> String {
    match &doc.blocks[b].kind {
        BlockKind::Paragraph { runs } => runs.iter().map(|r| r.text.as_str()).collect(),
        _ => String::new(),
    }
}

/// Issue 21: poppler (pdfinfo, pdftotext: "Suspects object is wrong type
/// (boolean)") complains about krilla's `/MarkInfo << /Suspects false >>`,
/// written from PDF 1.6 on; the PDF is 1.5, marked, PDF/A-2b, without it.
#[test]
fn the_pdf_is_marked_pdf_a_2b_without_a_suspects_entry() {
    let doc = load("fixtures/wenshang-2024.json");
    let fonts = FontBook::bundled();
    let pdf = gongwen::pdf::write(&layout(&doc, &fonts).unwrap(), &doc, &fonts).unwrap();
    let has = |s: &[u8]| pdf.windows(s.len()).any(|w| w == s);
    assert!(pdf.starts_with(b"%PDF-1.5"));
    assert!(has(b"/MarkInfo<</Marked true>>"));
    assert!(!has(b"/Suspects"));
    assert!(
        has(b"<pdfaid:part>2</pdfaid:part>") && has(b"<pdfaid:conformance>B</pdfaid:conformance>")
    );
}
