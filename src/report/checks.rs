//! The consistency rules (勾稽关系) of the annual report's tables. Every error
//! names the table, row and column by their Chinese labels with the expected
//! and the actual value, and the JSON path of the cell.

use super::input::{AnnualReportInput, Count, Outcomes, Row};
use crate::error::{clip, CellRef, Diagnostic};
use crate::i18n::t;

/// A cell of 表二 or 表三 as a message names it: the table, its row's label
/// and its column's label (表二 “规章” × “本年制发件数”).
pub fn cell(table: &str, row: &str, column: &str) -> String {
    t!(
        "report.cell.row_column",
        table = table,
        row = row,
        column = column
    )
    .into()
}

/// A cell of 表四: its group (行政复议 …) and column (结果维持 …).
fn t4_cell(group: &str, column: &str) -> String {
    t!("report.cell.t4", group = group, column = column).into()
}

/// A cell as a message names it (`cell` or `t4_cell`).
fn cell_text(at: &CellRef) -> String {
    if at.table == "表四" {
        t4_cell(&at.row, &at.column)
    } else {
        cell(&at.table, &at.row, &at.column)
    }
}

/// A cell of 表二 or 表三 by its labels; 表四's by its group and column.
fn at(table: &str, row: &str, column: &str) -> CellRef {
    CellRef::new(table, row, column)
}

/// 表三's columns: JSON key (for placeholders) and label.
pub const COLUMNS: [(&str, &str); 7] = [
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_organization", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
];

/// One row of 表三: its JSON path under `applications`, the group it belongs
/// to (（三）…（六）), and its own label.
pub struct RowDef {
    pub path: &'static str,
    pub group: Option<&'static str>,
    pub label: &'static str,
}

const fn row(path: &'static str, group: Option<&'static str>, label: &'static str) -> RowDef {
    RowDef { path, group, label }
}

const WITHHELD: Option<&str> = Some("（三）不予公开");
const UNAVAILABLE: Option<&str> = Some("（四）无法提供");
const NOT_PROCESSED: Option<&str> = Some("（五）不予处理");
const OTHER: Option<&str> = Some("（六）其他处理");
/// The groups of 表三's result rows, in order (rows within are numbered 1. 2. …).
pub const RESULT_GROUPS: [&str; 4] = [
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

/// The 25 rows of 表三 in printed order (rows 3–27 of the grid).
pub const T3_ROWS: [RowDef; 25] = [
    row("new", None, "一、本年新收政府信息公开申请数量"),
    row("carried_over", None, "二、上年结转政府信息公开申请数量"),
    row("results.disclosed", None, "（一）予以公开"),
    row(
        "results.partially_disclosed",
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    row("results.withheld.state_secret", WITHHELD, "1.属于国家秘密"),
    row(
        "results.withheld.prohibited_by_law",
        WITHHELD,
        "2.其他法律行政法规禁止公开",
    ),
    row(
        "results.withheld.three_safeties_one_stability",
        WITHHELD,
        "3.危及“三安全一稳定”",
    ),
    row(
        "results.withheld.third_party_rights",
        WITHHELD,
        "4.保护第三方合法权益",
    ),
    row(
        "results.withheld.internal_affairs",
        WITHHELD,
        "5.属于三类内部事务信息",
    ),
    row(
        "results.withheld.process_information",
        WITHHELD,
        "6.属于四类过程性信息",
    ),
    row(
        "results.withheld.enforcement_files",
        WITHHELD,
        "7.属于行政执法案卷",
    ),
    row(
        "results.withheld.query_matters",
        WITHHELD,
        "8.属于行政查询事项",
    ),
    row(
        "results.unavailable.not_held",
        UNAVAILABLE,
        "1.本机关不掌握相关政府信息",
    ),
    row(
        "results.unavailable.needs_creation",
        UNAVAILABLE,
        "2.没有现成信息需要另行制作",
    ),
    row(
        "results.unavailable.unclear_after_correction",
        UNAVAILABLE,
        "3.补正后申请内容仍不明确",
    ),
    row(
        "results.not_processed.petition_complaint",
        NOT_PROCESSED,
        "1.信访举报投诉类申请",
    ),
    row(
        "results.not_processed.duplicate",
        NOT_PROCESSED,
        "2.重复申请",
    ),
    row(
        "results.not_processed.publications",
        NOT_PROCESSED,
        "3.要求提供公开出版物",
    ),
    row(
        "results.not_processed.mass_repeated",
        NOT_PROCESSED,
        "4.无正当理由大量反复申请",
    ),
    row(
        "results.not_processed.confirm_or_reissue",
        NOT_PROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    row(
        "results.other.no_correction",
        OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    row(
        "results.other.unpaid_fee",
        OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    row("results.other.other", OTHER, "3.其他"),
    row("results.total", None, "（七）总计"),
    row("carried_forward", None, "四、结转下年度继续办理"),
];

/// Index of （七）总计 and of the 21 result rows it sums.
pub const TOTAL_ROW: usize = 23;
const RESULT_ROWS: std::ops::Range<usize> = 2..23;

impl RowDef {
    /// The label a person reads: 三、本年度办理结果 rows carry their section and group.
    pub fn full_label(&self) -> String {
        if self.path.starts_with("results.") {
            format!(
                "三、本年度办理结果{}{}",
                self.group.unwrap_or(""),
                self.label
            )
        } else {
            self.label.to_string()
        }
    }
}

/// 表四's groups: JSON key and label.
pub const T4_GROUPS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("direct_suit", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
];
/// 表四's columns within a group.
pub const T4_COLUMNS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// The checked numbers of a report, totals filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// 规章 and 行政规范性文件: [制发, 废止, 现行有效].
    pub regulations: [i128; 3],
    pub normative_documents: [i128; 3],
    pub licensing: i128,
    pub penalty: i128,
    pub coercion: i128,
    /// 万元, as written.
    pub fees: String,
    /// 表三 rows in `T3_ROWS` order, 7 columns each.
    pub applications: Vec<[i128; 7]>,
    /// 表四 groups in `T4_GROUPS` order, 5 columns each.
    pub review_litigation: [[i128; 5]; 3],
}

/// Largest count accepted: beyond it a number is a typo, not a statistic.
pub const MAX_COUNT: i128 = 999_999_999_999;

/// Collects errors while checking.
struct Checker {
    errors: Vec<Diagnostic>,
}

impl Checker {
    /// R4: a count must be a non-negative integer.
    fn count(&mut self, c: &Count, path: &str, at: CellRef) -> i128 {
        match c {
            Count::Int(n) if (0..=MAX_COUNT).contains(n) => *n,
            Count::Int(n) => {
                let what = &cell_text(&at);
                let why = if *n < 0 {
                    t!("report.rule.r4_negative")
                } else {
                    t!("report.rule.r4_too_large")
                };
                self.errors.push(
                    Diagnostic::error(
                        path,
                        t!(
                            "report.rule.r4_out_of_range",
                            cell = what,
                            got = n,
                            why = why
                        ),
                    )
                    .with_cell(at.actual(n)),
                );
                0
            }
            Count::Invalid(s) => {
                let what = &cell_text(&at);
                self.errors.push(
                    Diagnostic::error(
                        path,
                        t!(
                            "report.rule.r4_not_a_count",
                            cell = what,
                            got = clip(s, 40),
                            hint = crate::input::plain_words::number_hint(s)
                        ),
                    )
                    .with_cell(at.actual(clip(s, 40))),
                );
                0
            }
        }
    }

    /// A 表三 row: six applicant counts, optionally a seventh 总计 that must be their sum (R3).
    fn t3_row(&mut self, row: &Row, def: &RowDef) -> [i128; 7] {
        let path = format!("applications.{}", def.path);
        let label = def.full_label();
        let mut out = [0i128; 7];
        if row.len() != 6 && row.len() != 7 {
            self.errors.push(Diagnostic::error(
                &path,
                t!("report.rule.t3_row_length", row = label, n = row.len()),
            ));
            return out;
        }
        for (i, c) in row.iter().enumerate() {
            out[i] = self.count(c, &format!("{path}[{i}]"), at("表三", &label, COLUMNS[i].1));
        }
        let sum: i128 = out[..6].iter().sum();
        if row.len() == 7 && out[6] != sum {
            self.errors.push(
                Diagnostic::error(
                    format!("{path}[6]"),
                    t!(
                        "report.rule.r3_row_total",
                        cell = cell("表三", &label, "总计"),
                        expected = sum,
                        parts = out[..6]
                            .iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join(" + "),
                        got = out[6]
                    ),
                )
                .with_cell(at("表三", &label, "总计").values(sum, out[6])),
            );
        }
        out[6] = sum;
        out
    }

    fn t4_group(&mut self, o: &Outcomes, key: &str, label: &str) -> [i128; 5] {
        let path = format!("review_litigation.{key}");
        let parts = [&o.upheld, &o.corrected, &o.other, &o.pending];
        let mut out = [0i128; 5];
        for (i, c) in parts.iter().enumerate() {
            out[i] = self.count(
                c,
                &format!("{path}.{}", T4_COLUMNS[i].0),
                at("表四", label, T4_COLUMNS[i].1),
            );
        }
        let sum: i128 = out[..4].iter().sum();
        if let Some(total) = &o.total {
            let given = self.count(total, &format!("{path}.total"), at("表四", label, "总计"));
            if given != sum {
                self.errors.push(
                    Diagnostic::error(
                        format!("{path}.total"),
                        t!(
                            "report.rule.r5_total",
                            cell = t4_cell(label, "总计"),
                            expected = sum,
                            upheld = out[0],
                            corrected = out[1],
                            other = out[2],
                            pending = out[3],
                            got = given
                        ),
                    )
                    .with_cell(at("表四", label, "总计").values(sum, given)),
                );
            }
        }
        out[4] = sum;
        out
    }
}

/// The rows of 表三 as given, in `T3_ROWS` order (（七）总计 may be absent).
fn given_rows(r: &AnnualReportInput) -> Vec<Option<&Row>> {
    let a = &r.applications;
    let res = &a.results;
    let (w, u, n, o) = (
        &res.withheld,
        &res.unavailable,
        &res.not_processed,
        &res.other,
    );
    vec![
        Some(&a.new),
        Some(&a.carried_over),
        Some(&res.disclosed),
        Some(&res.partially_disclosed),
        Some(&w.state_secret),
        Some(&w.prohibited_by_law),
        Some(&w.three_safeties_one_stability),
        Some(&w.third_party_rights),
        Some(&w.internal_affairs),
        Some(&w.process_information),
        Some(&w.enforcement_files),
        Some(&w.query_matters),
        Some(&u.not_held),
        Some(&u.needs_creation),
        Some(&u.unclear_after_correction),
        Some(&n.petition_complaint),
        Some(&n.duplicate),
        Some(&n.publications),
        Some(&n.mass_repeated),
        Some(&n.confirm_or_reissue),
        Some(&o.no_correction),
        Some(&o.unpaid_fee),
        Some(&o.other),
        res.total.as_ref(),
        Some(&a.carried_forward),
    ]
}

/// Whether a fee is a non-negative decimal as written in 万元 ("96171.6", "0").
pub fn valid_fee(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit())
        && int.len() <= MAX_FEE_INTEGER_DIGITS
        && frac.len() <= MAX_FEE_DECIMALS
}

/// Most digits before the decimal point of a fee in 万元 (a trillion 万元).
pub const MAX_FEE_INTEGER_DIGITS: usize = 12;
/// Most digits after it (0.000001 万元 = 0.01 元).
pub const MAX_FEE_DECIMALS: usize = 6;

/// Checks every table rule; returns the numbers with totals filled in, or the errors.
pub fn check(r: &AnnualReportInput) -> Result<Stats, Vec<Diagnostic>> {
    let (stats, errors) = check_all(r);
    if errors.is_empty() {
        Ok(stats)
    } else {
        Err(errors)
    }
}

/// Checks every table rule and returns the numbers (a cell in error counted
/// as 0) together with the errors: last year's report with an unrelated
/// error still gives the numbers the cross-year checks need.
pub fn check_all(r: &AnnualReportInput) -> (Stats, Vec<Diagnostic>) {
    let mut c = Checker { errors: Vec::new() };
    let ad = &r.active_disclosure;
    let mri = |c: &mut Checker, m: &super::input::MadeRepealedInForce, key: &str, label: &str| {
        let p = format!("active_disclosure.{key}");
        [
            c.count(
                &m.made,
                &format!("{p}.made"),
                at("表二", label, "本年制发件数"),
            ),
            c.count(
                &m.repealed,
                &format!("{p}.repealed"),
                at("表二", label, "本年废止件数"),
            ),
            c.count(
                &m.in_force,
                &format!("{p}.in_force"),
                at("表二", label, "现行有效件数"),
            ),
        ]
    };
    let regulations = mri(&mut c, &ad.regulations, "regulations", "规章");
    let normative_documents = mri(
        &mut c,
        &ad.normative_documents,
        "normative_documents",
        "行政规范性文件",
    );
    let licensing = c.count(
        &ad.licensing_decisions,
        "active_disclosure.licensing_decisions",
        at("表二", "行政许可", "本年处理决定数量"),
    );
    let penalty = c.count(
        &ad.penalty_decisions,
        "active_disclosure.penalty_decisions",
        at("表二", "行政处罚", "本年处理决定数量"),
    );
    let coercion = c.count(
        &ad.coercion_decisions,
        "active_disclosure.coercion_decisions",
        at("表二", "行政强制", "本年处理决定数量"),
    );
    if !valid_fee(ad.fees_wan_yuan.trim()) {
        let fee = at("表二", "行政事业性收费", "本年收费金额（单位：万元）");
        c.errors.push(
            Diagnostic::error(
                "active_disclosure.fees_wan_yuan",
                t!(
                    "report.rule.fee_not_decimal",
                    cell = cell_text(&fee),
                    integer_digits = MAX_FEE_INTEGER_DIGITS,
                    decimals = MAX_FEE_DECIMALS,
                    got = clip(&ad.fees_wan_yuan, 40),
                    hint = crate::input::plain_words::number_hint(&ad.fees_wan_yuan)
                ),
            )
            .with_cell(fee.actual(clip(&ad.fees_wan_yuan, 40))),
        );
    }

    let given = given_rows(r);
    let mut rows = vec![[0i128; 7]; T3_ROWS.len()];
    for (i, def) in T3_ROWS.iter().enumerate() {
        if let Some(row) = given[i] {
            rows[i] = c.t3_row(row, def);
        }
    }
    // R2: （七）总计 is the sum of the 21 result rows, column by column
    let mut total = [0i128; 7];
    for row in &rows[RESULT_ROWS] {
        for (t, v) in total.iter_mut().zip(row) {
            *t += v;
        }
    }
    if given[TOTAL_ROW].is_some() {
        for (col, (&expected, &got)) in total.iter().zip(&rows[TOTAL_ROW]).enumerate() {
            if expected != got {
                let total_row = "三、本年度办理结果（七）总计";
                c.errors.push(
                    Diagnostic::error(
                        format!("applications.results.total[{col}]"),
                        t!(
                            "report.rule.r2_results_total",
                            cell = cell("表三", total_row, COLUMNS[col].1),
                            expected = expected,
                            got = got
                        ),
                    )
                    .with_cell(at("表三", total_row, COLUMNS[col].1).values(expected, got)),
                );
            }
        }
    }
    rows[TOTAL_ROW] = total;
    // R1: 一 + 二 = 三（七） + 四, for every column
    if c.errors.is_empty() {
        for (col, (_, label)) in COLUMNS.iter().enumerate() {
            let (new, carried, done, forward) = (
                rows[0][col],
                rows[1][col],
                rows[TOTAL_ROW][col],
                rows[24][col],
            );
            if new + carried != done + forward {
                // the cell that balances the column: 四 should be 一 + 二 − 三（七）
                let forward_cell =
                    at("表三", T3_ROWS[24].label, label).values(new + carried - done, forward);
                c.errors.push(
                    Diagnostic::error(
                        format!("applications.carried_forward[{col}]"),
                        t!(
                            "report.rule.r1_balance",
                            column = label,
                            new = new,
                            carried = carried,
                            received = new + carried,
                            done = done,
                            forward = forward,
                            handled = done + forward
                        ),
                    )
                    .with_cell(forward_cell),
                );
            }
        }
    }
    let rl = &r.review_litigation;
    let review_litigation = [
        c.t4_group(&rl.review, T4_GROUPS[0].0, T4_GROUPS[0].1),
        c.t4_group(&rl.direct_suit, T4_GROUPS[1].0, T4_GROUPS[1].1),
        c.t4_group(&rl.suit_after_review, T4_GROUPS[2].0, T4_GROUPS[2].1),
    ];
    let stats = Stats {
        regulations,
        normative_documents,
        licensing,
        penalty,
        coercion,
        fees: ad.fees_wan_yuan.trim().to_string(),
        applications: rows,
        review_litigation,
    };
    (stats, c.errors)
}

/// R7 and R8 against last year's report: errors and warnings.
pub fn check_previous(this: &Stats, last: &Stats) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (col, (_, label)) in COLUMNS.iter().enumerate() {
        let (now, before) = (this.applications[1][col], last.applications[24][col]);
        if now != before {
            let row = T3_ROWS[1].label;
            out.push(
                Diagnostic::error(
                    format!("applications.carried_over[{col}]"),
                    t!(
                        "report.rule.r7_carry_over",
                        cell = cell("表三", row, label),
                        expected = before,
                        got = now
                    ),
                )
                .with_cell(at("表三", row, label).values(before, now)),
            );
        }
    }
    for (key, label, now, before) in [
        ("regulations", "规章", this.regulations, last.regulations),
        (
            "normative_documents",
            "行政规范性文件",
            this.normative_documents,
            last.normative_documents,
        ),
    ] {
        let expected = before[2] + now[0] - now[1];
        if now[2] != expected {
            out.push(
                Diagnostic::warning(
                    format!("active_disclosure.{key}.in_force"),
                    t!(
                        "report.rule.r8_in_force",
                        cell = cell("表二", label, "现行有效件数"),
                        last = before[2],
                        made = now[0],
                        repealed = now[1],
                        expected = expected,
                        got = now[2]
                    ),
                )
                .with_cell(at("表二", label, "现行有效件数").values(expected, now[2])),
            );
        }
    }
    out
}
