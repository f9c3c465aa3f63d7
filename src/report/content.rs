//! Checks on what a report says, beyond its numbers: gaps of the starter file
//! left unfilled, empty sections, a 落款 that names another agency, a date
//! outside the publishing season, and a `--previous` report of another
//! agency or year.

use crate::i18n::t;
use chrono::Datelike;

use super::input::{AnnualReportInput, Narrative};
use super::starter;
use crate::error::Diagnostic;

/// What the content checks found: errors stop the build, warnings are printed.
#[derive(Default)]
pub struct Findings {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The paragraphs of a narrative with their JSON paths.
fn narrative<'a>(path: &str, n: &'a Narrative, out: &mut Vec<(String, &'a str)>) {
    match n {
        Narrative::Paragraph(s) => out.push((path.to_string(), s.as_str())),
        Narrative::Paragraphs(v) => {
            for (i, s) in v.iter().enumerate() {
                out.push((format!("{path}[{i}]"), s.as_str()));
            }
        }
        Narrative::Numbered(items) => {
            for (i, s) in items.numbered.iter().enumerate() {
                out.push((format!("{path}.numbered[{i}]"), s.as_str()));
            }
        }
    }
}

/// Every free text of a report with its JSON path.
pub(super) fn texts(r: &AnnualReportInput) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    let o = &r.overview;
    if let Some(opening) = &o.opening {
        narrative("overview.opening", opening, &mut out);
    }
    for (path, n) in [
        ("overview.active_disclosure", &o.active_disclosure),
        ("overview.applications", &o.applications),
        ("overview.information_management", &o.information_management),
        ("overview.platform", &o.platform),
        ("overview.supervision", &o.supervision),
        ("problems", &r.problems),
        ("other_matters", &r.other_matters),
    ] {
        narrative(path, n, &mut out);
    }
    if let Some(c) = &r.contact {
        for (path, v) in [
            ("contact.address", &c.address),
            ("contact.phone", &c.phone),
            ("contact.portal", &c.portal),
            ("contact.url", &c.url),
        ] {
            if let Some(v) = v {
                out.push((path.to_string(), v.as_str()));
            }
        }
    }
    for (i, p) in r.preamble.iter().flatten().enumerate() {
        out.push((format!("preamble[{i}]"), p.as_str()));
    }
    out
}

/// The gaps the starter file (`gongwen new annual-report`) leaves for the
/// user to fill: its “（…）” phrases, such as （数量） and （地址）.
fn starter_gaps(r: &AnnualReportInput) -> Vec<String> {
    let starter = starter::annual_report(&r.agency, r.year);
    let mut gaps = Vec::new();
    let mut rest = starter.as_str();
    while let Some(a) = rest.find('（') {
        let after = &rest[a + '（'.len_utf8()..];
        let Some(b) = after.find('）') else { break };
        let inner = &after[..b];
        let gap = format!("（{inner}）");
        // numbering such as （一） is not a gap
        if inner.chars().count() >= 2 && !gaps.contains(&gap) {
            gaps.push(gap);
        }
        rest = &after[b..];
    }
    gaps
}

/// Whether a narrative says nothing.
fn is_empty(n: &Narrative) -> bool {
    match n {
        Narrative::Paragraph(s) => s.trim().is_empty(),
        Narrative::Paragraphs(v) => v.iter().all(|s| s.trim().is_empty()),
        Narrative::Numbered(items) => items.numbered.iter().all(|s| s.trim().is_empty()),
    }
}

/// The content checks. With `draft`, gaps left from the starter are warnings
/// (a draft may be printed to circulate); otherwise they are errors.
pub fn check(r: &AnnualReportInput, previous: Option<&AnnualReportInput>, draft: bool) -> Findings {
    let mut f = Findings::default();
    let gaps = starter_gaps(r);
    for (path, text) in texts(r) {
        let found: Vec<&String> = gaps.iter().filter(|g| text.contains(g.as_str())).collect();
        let url_gap = path == "contact.url" && text.trim() == "https://";
        if found.is_empty() && !url_gap {
            continue;
        }
        let what = if url_gap {
            t!("report.content.gap_url").into_owned()
        } else {
            found
                .iter()
                .map(|g| format!("“{g}”"))
                .collect::<Vec<_>>()
                .join(&t!("report.content.gap_separator"))
        };
        let message = if draft {
            t!("report.content.gap_draft", gaps = what)
        } else {
            t!("report.content.gap", gaps = what)
        };
        if draft {
            f.warnings.push(Diagnostic::warning(path, message));
        } else {
            f.errors.push(Diagnostic::error(path, message));
        }
    }
    let o = &r.overview;
    for (path, label, n) in [
        (
            "overview.active_disclosure",
            "（一）主动公开情况",
            &o.active_disclosure,
        ),
        (
            "overview.applications",
            "（二）依申请公开情况",
            &o.applications,
        ),
        (
            "overview.information_management",
            "（三）政府信息管理情况",
            &o.information_management,
        ),
        (
            "overview.platform",
            "（四）政府信息公开平台建设情况",
            &o.platform,
        ),
        ("overview.supervision", "（五）监督保障情况", &o.supervision),
        ("problems", "五、存在的主要问题及改进情况", &r.problems),
        ("other_matters", "六、其他需要报告的事项", &r.other_matters),
    ] {
        if is_empty(n) {
            f.warnings.push(Diagnostic::warning(
                path,
                t!("report.content.empty_section", section = label),
            ));
        }
    }
    if let Some(sig) = &r.signature {
        if sig.agency.trim() != r.agency.trim() {
            f.warnings.push(Diagnostic::warning(
                "signature.agency",
                t!(
                    "report.content.signature_agency",
                    signed = crate::error::clip(&sig.agency, 40),
                    agency = crate::error::clip(&r.agency, 40)
                ),
            ));
        }
    }
    let date = r
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    if let Some(d) = date {
        // published by 31 January (条例 第五十条); drafts and late ones in the first quarter
        if d.year() != r.year + 1 || d.month() > 3 {
            f.warnings.push(Diagnostic::warning(
                "date",
                t!(
                    "report.content.date_out_of_season",
                    year = r.year,
                    date = d,
                    next_year = r.year + 1
                ),
            ));
        }
    }
    if let Some(prev) = previous {
        if prev.agency.trim() != r.agency.trim() {
            f.errors.push(Diagnostic::error(
                "--previous",
                t!(
                    "report.content.previous_agency",
                    previous = crate::error::clip(&prev.agency, 40),
                    agency = crate::error::clip(&r.agency, 40)
                ),
            ));
        }
        if prev.year != r.year - 1 {
            f.errors.push(Diagnostic::error(
                "--previous",
                t!(
                    "report.content.previous_year",
                    previous = prev.year,
                    year = r.year,
                    wanted = r.year - 1
                ),
            ));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starter_input(agency: &str, year: i32) -> AnnualReportInput {
        serde_json::from_str(&starter::annual_report(agency, year)).unwrap()
    }

    #[test]
    fn the_starter_s_gaps_are_found_and_numbering_is_not() {
        let r = starter_input("某某县人民政府办公室", 2025);
        let gaps = starter_gaps(&r);
        for g in [
            "（数量）",
            "（地址）",
            "（联系电话）",
            "（监督保障情况）",
            "（2026年改进措施）",
        ] {
            assert!(gaps.iter().any(|x| x == g), "{g} in {gaps:?}");
        }
        assert!(!gaps.iter().any(|x| x == "（一）"));
        let f = check(&r, None, false);
        assert!(f
            .errors
            .iter()
            .any(|e| e.location == "overview.active_disclosure"));
        assert!(f.errors.iter().any(|e| e.location == "contact.url"));
        let f = check(&r, None, true);
        assert!(f.errors.is_empty() && !f.warnings.is_empty());
    }

    #[test]
    fn a_filled_report_has_no_gap_and_the_previous_must_match() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wenshang-2024.json");
        let r: AnnualReportInput = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let f = check(&r, None, false);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let other = starter_input("另一个单位", 2023);
        let f = check(&r, Some(&other), false);
        assert_eq!(f.errors.len(), 1, "{:?}", f.errors); // the agency differs; 2023 is right
        let same_year = starter_input(&r.agency, 2024);
        let f = check(&r, Some(&same_year), false);
        assert!(f
            .errors
            .iter()
            .any(|e| e.message.contains("give the report for 2023")));
    }
}
