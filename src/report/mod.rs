//! The 政府信息公开工作年度报告 kind: the user gives the agency, year,
//! narrative and statistics; gongwen checks the numbers (see `checks`) and
//! builds the whole report in the 2021 national format.

pub mod audit;
pub mod checks;
pub mod content;
pub mod form;
pub mod import;
pub mod input;
pub mod starter;
pub mod tables;

use std::collections::BTreeMap;

use crate::i18n::t;

pub use input::AnnualReportInput;
use input::Narrative;

use crate::error::Diagnostic;
use crate::input::document::parse_date;
use crate::input::text::{check_chars, check_short, clean, MAX_TEXT_CHARS};
use crate::layout::title::balance;
use crate::model::{self, Block, BlockKind, Document, Meta, Run};
use crate::style::StyleProfile;
use checks::{Stats, COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS};

/// The six section headings, verbatim.
pub const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The five parts of section 一, verbatim.
pub const OVERVIEW_PARTS: [&str; 5] = [
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理情况",
    "（四）政府信息公开平台建设情况",
    "（五）监督保障情况",
];

/// A custom title for a part of 一、总体情况: one short line, not empty.
fn check_part_title(title: &str, at: &str) -> Result<(), Diagnostic> {
    if title.trim().is_empty() {
        return Err(Diagnostic::error(at, t!("report.empty_part_title")));
    }
    check_short(title, at, 60)
}

impl AnnualReportInput {
    /// Checks the numbers and builds the document. `previous` is last year's
    /// report for the cross-year rules. Returns the document and the warnings.
    pub fn into_model(
        self,
        previous: Option<&AnnualReportInput>,
    ) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.into_model_with(previous, false)
    }

    /// As `into_model`; with `draft`, gaps left from the starter file are
    /// warnings instead of errors (see `content`).
    pub fn into_model_with(
        self,
        previous: Option<&AnnualReportInput>,
        draft: bool,
    ) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        let findings = content::check(&self, previous, draft);
        let mut errors = findings.errors;
        let mut warnings = findings.warnings;
        if self.agency.trim().is_empty() {
            errors.push(Diagnostic::error("agency", t!("report.empty_agency")));
        }
        if let Err(e) = check_short(&self.agency, "agency", MAX_AGENCY_CHARS) {
            errors.push(e);
        }
        if let Some(sig) = &self.signature {
            if let Err(e) = check_short(&sig.agency, "signature.agency", MAX_AGENCY_CHARS) {
                errors.push(e);
            }
        }
        if !(2000..=2100).contains(&self.year) {
            errors.push(Diagnostic::error(
                "year",
                t!("report.year_out_of_range", got = self.year),
            ));
        }
        let date = match &self.date {
            Some(d) => parse_date(d, "date").map_err(|e| errors.push(e)).ok(),
            None => None,
        };
        // the tables' numbers (a cell in error counted as 0) and their errors:
        // the narratives are still read, so their warnings come with the errors
        let (stats, mut table_errors) = checks::check_all(&self);
        let tables_ok = table_errors.is_empty();
        errors.append(&mut table_errors);
        if let (true, Some(prev)) = (tables_ok, previous) {
            let stats = &stats;
            // last year's own errors do not stop R7/R8: they run on its numbers
            // (a cell in error counted as 0), and the errors are one warning
            let (last, last_errors) = checks::check_all(prev);
            if !last_errors.is_empty() {
                let named: Vec<String> = last_errors
                    .iter()
                    .take(3)
                    .map(|d| {
                        t!(
                            "report.previous.error_item",
                            location = d.location,
                            message = crate::error::clip(&d.message, 80)
                        )
                        .into_owned()
                    })
                    .collect();
                let mut listed = named.join(&t!("report.previous.error_separator"));
                if last_errors.len() > 3 {
                    listed.push_str(&t!("report.previous.more_errors"));
                }
                warnings.push(Diagnostic::warning(
                    "--previous",
                    t!(
                        "report.previous.own_errors",
                        n = last_errors.len(),
                        errors = listed
                    ),
                ));
            }
            for d in checks::check_previous(stats, &last) {
                match d.severity {
                    crate::error::Severity::Error => errors.push(d),
                    crate::error::Severity::Warning => warnings.push(d),
                }
            }
        }
        let values = placeholder_values(&self, &stats);
        if tables_ok {
            // numbers typed into the text must agree with the tables
            errors.extend(audit::audit(&content::texts(&self), &values));
        }
        let mut b = Blocks {
            blocks: Vec::new(),
            values: &values,
            errors: &mut errors,
            warnings: &mut warnings,
            year: self.year,
            budget: model::MAX_DOCUMENT_CHARS,
        };
        let style = StyleProfile::gbt9704();
        b.title(&self, &style);
        b.preamble(&self);
        b.heading(1, SECTIONS[0], "overview");
        let o = &self.overview;
        if let Some(opening) = &o.opening {
            // paragraphs before （一）: numbered items would be （一）… themselves
            b.narrative(opening, "overview.opening", 2);
        }
        let t = &o.titles;
        let parts = [
            (
                &o.active_disclosure,
                "overview.active_disclosure",
                &t.active_disclosure,
            ),
            (&o.applications, "overview.applications", &t.applications),
            (
                &o.information_management,
                "overview.information_management",
                &t.information_management,
            ),
            (&o.platform, "overview.platform", &t.platform),
            (&o.supervision, "overview.supervision", &t.supervision),
        ];
        for (k, (text, path, title)) in parts.into_iter().enumerate() {
            let heading = match title {
                Some(title) => {
                    let at = format!("overview.titles.{}", &path["overview.".len()..]);
                    if let Err(e) = check_part_title(title, &at) {
                        b.errors.push(e);
                    }
                    // the number stays automatic: （一）…（五）
                    format!("{}{}", model::heading_number(2, k as u32 + 1), title.trim())
                }
                None => OVERVIEW_PARTS[k].to_string(),
            };
            b.heading(2, &heading, path);
            b.narrative(text, path, 3);
        }
        b.heading(1, SECTIONS[1], "active_disclosure");
        b.table(tables::table2(&stats, &style), "active_disclosure");
        b.heading(1, SECTIONS[2], "applications");
        b.table(tables::table3(&stats, &style), "applications");
        b.heading(1, SECTIONS[3], "review_litigation");
        b.table(tables::table4(&stats, &style), "review_litigation");
        b.heading(1, SECTIONS[4], "problems");
        b.narrative(&self.problems, "problems", 2);
        b.heading(1, SECTIONS[5], "other_matters");
        b.narrative(&self.other_matters, "other_matters", 2);
        if !narrative_text(&self.other_matters).contains("信息处理费") {
            b.warnings.push(Diagnostic::warning(
                "other_matters",
                t!("report.rule.r11_processing_fee"),
            ));
        }
        if let Some(sig) = &self.signature {
            match parse_date(&sig.date, "signature.date") {
                Ok(d) => b.blocks.push(Block {
                    origin: "signature".into(),
                    kind: BlockKind::Signature(model::Signature::plain(sig.agency.clone(), d)),
                }),
                Err(e) => b.errors.push(e),
            }
        }
        let blocks = b.blocks;
        if !errors.is_empty() {
            errors.append(&mut warnings);
            return Err(crate::error::cap_warnings(errors));
        }
        let title = format!("{}{}年政府信息公开工作年度报告", self.agency, self.year);
        Ok((
            Document {
                meta: Meta {
                    title,
                    author: self.agency.clone(),
                    subject: "政府信息公开工作年度报告".into(),
                    keywords: vec![
                        "政府信息公开".into(),
                        "年度报告".into(),
                        self.year.to_string(),
                    ],
                    date,
                },
                style,
                blocks,
                furniture: model::Furniture::default(),
            },
            crate::error::cap_warnings(warnings),
        ))
    }
}

/// All text of a narrative, for searching.
fn narrative_text(n: &Narrative) -> String {
    match n {
        Narrative::Paragraph(s) => s.clone(),
        Narrative::Paragraphs(v) => v.concat(),
        Narrative::Numbered(items) => items.numbered.concat(),
    }
}

/// Every value a narrative may quote, by placeholder name.
pub fn placeholder_values(r: &AnnualReportInput, s: &Stats) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("agency".into(), r.agency.clone());
    m.insert("year".into(), r.year.to_string());
    m.insert("next_year".into(), (r.year + 1).to_string());
    for (key, v) in [
        ("regulations", s.regulations),
        ("normative_documents", s.normative_documents),
    ] {
        for (i, field) in ["made", "repealed", "in_force"].iter().enumerate() {
            m.insert(format!("active_disclosure.{key}.{field}"), v[i].to_string());
        }
    }
    m.insert(
        "active_disclosure.licensing_decisions".into(),
        s.licensing.to_string(),
    );
    m.insert(
        "active_disclosure.penalty_decisions".into(),
        s.penalty.to_string(),
    );
    m.insert(
        "active_disclosure.coercion_decisions".into(),
        s.coercion.to_string(),
    );
    m.insert("active_disclosure.fees_wan_yuan".into(), s.fees.clone());
    for (def, row) in T3_ROWS.iter().zip(&s.applications) {
        for (col, (name, _)) in COLUMNS.iter().enumerate() {
            m.insert(
                format!("applications.{}.{name}", def.path),
                row[col].to_string(),
            );
        }
    }
    for (g, (key, _)) in T4_GROUPS.iter().enumerate() {
        for (col, (name, _)) in T4_COLUMNS.iter().enumerate() {
            m.insert(
                format!("review_litigation.{key}.{name}"),
                s.review_litigation[g][col].to_string(),
            );
        }
    }
    // 行政诉讼 in all, as reports state it: 未经复议直接起诉 + 复议后起诉
    // (the groups of T4_GROUPS; column 4 is 总计)
    let litigation = s.review_litigation[1][4] + s.review_litigation[2][4];
    m.insert(
        "review_litigation.litigation.total".into(),
        litigation.to_string(),
    );
    m
}

/// Longest agency name (the longest real ones are about 40 characters; the
/// name is also the files' author and part of their title).
pub const MAX_AGENCY_CHARS: usize = 100;

/// Replaces `{name}` placeholders; an unknown name is an error. A name is a
/// run of `a-z`, `0-9`, `_` and `.` closed by `}`; anything else after a `{`
/// leaves it as text. Each scan stops at the first character that cannot be
/// in a name, so the work is linear however many `{` a text has. The filled
/// text may have at most `budget` characters, checked as it grows, so a few
/// placeholders quoting a long value cannot blow up memory.
pub fn fill_placeholders(
    text: &str,
    values: &BTreeMap<String, String>,
    location: &str,
    budget: usize,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(text.len().min(budget));
    let mut chars = 0usize;
    let mut push = |out: &mut String, piece: &str| -> Result<(), Diagnostic> {
        chars += piece.chars().count();
        if chars > budget {
            return Err(Diagnostic::error(
                location,
                t!("report.placeholder.too_long", budget = budget),
            ));
        }
        out.push_str(piece);
        Ok(())
    };
    let is_name_char =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.';
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        push(&mut out, &rest[..start])?;
        let after = &rest[start + 1..];
        let len = after
            .find(|c: char| !is_name_char(c))
            .unwrap_or(after.len());
        let (name, tail) = after.split_at(len);
        match tail.strip_prefix('}') {
            Some(tail) if !name.is_empty() => {
                let value = values
                    .get(name)
                    .ok_or_else(|| unknown_placeholder(name, values, location))?;
                push(&mut out, value)?;
                rest = tail;
            }
            _ => {
                push(&mut out, "{")?;
                rest = after;
            }
        }
    }
    push(&mut out, rest)?;
    Ok(out)
}

fn unknown_placeholder(
    name: &str,
    values: &BTreeMap<String, String>,
    location: &str,
) -> Diagnostic {
    let names: Vec<&str> = values.keys().map(|k| k.as_str()).collect();
    Diagnostic::error(
        location,
        t!(
            "report.placeholder.unknown",
            name = crate::error::clip(name, 80),
            suggestion = crate::input::did_you_mean(name, &names)
        ),
    )
}

/// Builds blocks while collecting errors and warnings.
struct Blocks<'a> {
    blocks: Vec<Block>,
    values: &'a BTreeMap<String, String>,
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
    year: i32,
    /// Characters the document may still have (`model::MAX_DOCUMENT_CHARS` in all).
    budget: usize,
}

impl Blocks<'_> {
    fn push(&mut self, origin: &str, kind: BlockKind) {
        self.blocks.push(Block {
            origin: origin.to_string(),
            kind,
        });
    }

    fn title(&mut self, r: &AnnualReportInput, style: &StyleProfile) {
        let lines = match &r.title_lines {
            Some(lines) => lines.clone(),
            None => {
                let per_line = style.text_width() as f64 / (style.title_size as f64 * 10.0);
                balance(
                    &format!("{}{}年政府信息公开工作年度报告", r.agency, r.year),
                    per_line,
                )
            }
        };
        for (i, l) in lines.iter().enumerate() {
            if let Err(e) = check_chars(l, &format!("title_lines[{i}]"), false) {
                self.errors.push(e);
            }
        }
        self.push("title_lines", BlockKind::Title { lines });
    }

    fn preamble(&mut self, r: &AnnualReportInput) {
        let paragraphs = r.preamble.clone().unwrap_or_else(|| default_preamble(r));
        for (i, p) in paragraphs.iter().enumerate() {
            self.paragraph(p, &format!("preamble[{i}]"));
        }
    }

    fn heading(&mut self, level: u8, text: &str, origin: &str) {
        self.push(
            origin,
            BlockKind::Heading {
                level,
                text: text.to_string(),
                run_in: None,
            },
        );
    }

    fn table(&mut self, t: model::Table, origin: &str) {
        self.push(origin, BlockKind::Table(t));
    }

    /// One paragraph of narrative: placeholders filled, characters and style checked.
    fn paragraph(&mut self, text: &str, location: &str) {
        let text = match clean(text, location, true, self.warnings) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let text = text.as_str();
        let budget = self.budget.min(MAX_TEXT_CHARS);
        let filled = match fill_placeholders(text, self.values, location, budget) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        self.budget -= filled.chars().count();
        self.lint(&filled, location);
        self.push(
            location,
            BlockKind::Paragraph {
                runs: vec![Run::plain(filled)],
            },
        );
    }

    /// Warnings about the text itself.
    fn lint(&mut self, text: &str, location: &str) {
        let chars: Vec<char> = text.chars().collect();
        // "1、" numbering where GB/T 9704 wants "1."
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && chars.get(digits) == Some(&'、') {
            let n: String = chars[..digits].iter().collect();
            self.warnings.push(Diagnostic::warning(
                location,
                t!("report.rule.r14_numbering", n = n),
            ));
        }
        // years other than the report year, the year before (last year's
        // problems, 较2023年增长 …) and the next (next year's plans): a year
        // further back is most likely text pasted from an older report
        let mut i = 0;
        while i + 4 < chars.len() {
            let is_year = chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
                && chars[i + 4] == '年'
                && (i == 0 || !chars[i - 1].is_ascii_digit());
            if is_year {
                let y: i32 = chars[i..i + 4]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                if !(self.year - 1..=self.year + 1).contains(&y) {
                    let from = i.saturating_sub(8);
                    let to = (i + 12).min(chars.len());
                    self.warnings.push(Diagnostic::warning(
                        location,
                        t!(
                            "report.rule.r12_other_year",
                            excerpt = chars[from..to].iter().collect::<String>(),
                            mentioned = y,
                            year = self.year
                        ),
                    ));
                }
                i += 5;
            } else {
                i += 1;
            }
        }
    }

    /// A narrative under a heading; numbered items get the next level's numbers.
    fn narrative(&mut self, n: &Narrative, path: &str, item_level: u8) {
        match n {
            Narrative::Paragraph(s) => self.paragraph(s, path),
            Narrative::Paragraphs(v) => {
                for (i, s) in v.iter().enumerate() {
                    self.paragraph(s, &format!("{path}[{i}]"));
                }
            }
            Narrative::Numbered(items) => {
                for (i, s) in items.numbered.iter().enumerate() {
                    let numbered =
                        format!("{}{s}", model::heading_number(item_level, i as u32 + 1));
                    self.paragraph(&numbered, &format!("{path}.numbered[{i}]"));
                }
            }
        }
    }
}

/// The standard opening: legal basis, contents, statistical period, where published, contact.
pub fn default_preamble(r: &AnnualReportInput) -> Vec<String> {
    let a = &r.agency;
    let y = r.year;
    let mut third = format!("本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。");
    if let Some(c) = &r.contact {
        match (&c.portal, &c.url) {
            (Some(p), Some(u)) => {
                third.push_str(&format!("本报告电子版可在{p}（{u}）查阅或下载。"))
            }
            (Some(p), None) => third.push_str(&format!("本报告电子版可在{p}查阅或下载。")),
            (None, Some(u)) => third.push_str(&format!("本报告电子版可在{u}查阅或下载。")),
            (None, None) => {}
        }
        let details: Vec<String> = [("地址", &c.address), ("联系电话", &c.phone)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}：{v}")))
            .collect();
        if !details.is_empty() {
            third.push_str(&format!(
                "如对本报告有疑问，请与{a}联系（{}）。",
                details.join("，")
            ));
        }
    }
    vec![
        format!("本报告由{a}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。"),
        "本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分内容。".to_string(),
        third,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, String> {
        BTreeMap::from([("agency".to_string(), "某局".to_string())])
    }

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let v = values();
        let out = fill_placeholders("{agency}：{ 不是 }{A}{agency", &v, "p", 1000).unwrap();
        assert_eq!(out, "某局：{ 不是 }{A}{agency");
        let e = fill_placeholders("{agnecy}", &v, "p", 1000).unwrap_err();
        assert!(e.message.contains("did you mean `agency`"), "{}", e.message);
    }

    #[test]
    fn the_budget_is_checked_while_filling() {
        let v = BTreeMap::from([("agency".to_string(), "甲".repeat(100))]);
        let text = "{agency}".repeat(1000);
        let e = fill_placeholders(&text, &v, "p", 5_000).unwrap_err();
        assert!(e.message.contains("5000 characters"), "{}", e.message);
    }

    #[test]
    fn the_unknown_placeholder_message_keeps_its_braces_in_both_languages() {
        let e = fill_placeholders("{agnecy}", &values(), "p", 1000).unwrap_err();
        assert!(
            e.message.starts_with("unknown placeholder {agnecy}"),
            "{}",
            e.message
        );
        let zh = t!(
            "report.placeholder.unknown",
            locale = "zh",
            name = "agnecy",
            suggestion = ""
        );
        assert!(
            zh.starts_with("没有 {agnecy} 这个占位符；占位符的写法如 {applications.new.total}、"),
            "{zh}"
        );
    }

    #[test]
    fn many_open_braces_are_text() {
        let text = "{".repeat(200_000);
        let out = fill_placeholders(&text, &values(), "p", 1_000_000).unwrap();
        assert_eq!(out, text);
        // a long unknown name is an error quoting a clip of it
        let long = format!("{{{}}}", "a".repeat(10_000));
        let e = fill_placeholders(&long, &values(), "p", 1_000_000).unwrap_err();
        assert!(e.message.len() < 600, "{}", e.message.len());
    }
}
