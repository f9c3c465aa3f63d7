//! `gongwen import`: a published annual report in .docx, read back into the
//! report input, so that a year starts from last year's report instead of a
//! retyping.
//!
//! The document is read as Word stores it — paragraphs and tables, merged
//! cells as `gridSpan` / `vMerge` — and matched to the national format **by
//! labels**, not by position: labels are compared after dropping spaces and
//! line breaks and folding full-width forms (（一） and (一), 1． and 1.),
//! a row's numbers are the cells after its label (with or without the 总计
//! column, thousands separators allowed). Whatever cannot be matched is a
//! warning naming it; nothing is guessed.

use std::collections::BTreeMap;

use crate::i18n::t;
use serde_json::{json, Map, Value};

use super::checks::{RESULT_GROUPS, T3_ROWS};
use super::{OVERVIEW_PARTS, SECTIONS};
use crate::draft::{self, written};
use crate::error::Diagnostic;

/// Most XML elements read from document.xml (the draft reader's budget,
/// checked while reading): gongwen's own 6-page specimen has 3 900, a
/// 40-page report written in Word some 50 000.
pub const MAX_ELEMENTS: usize = draft::read_docx::MAX_ELEMENTS;

/// Most table grid positions read, over all tables (a cell counts once per
/// column it spans): the national format's 表三 has 280, a whole report
/// under 1 000. A 50 KB file of `gridSpan` cells asked for 18 million
/// (1.33 GB).
pub const MAX_GRID_CELLS: usize = draft::MAX_GRID_CELLS;

/// Longest piece of the document (a title, a row's labels) quoted in a
/// warning, in characters.
const MAX_QUOTED: usize = 80;

/// What the document holds, in order.
#[derive(Debug)]
enum Item {
    Paragraph(String),
    Table(Vec<Vec<Cell>>),
}

/// A grid position of a table: its cell's text as compared (`normalize`d
/// once, when read), and whether it continues a merge from above or the left.
#[derive(Debug)]
struct Cell {
    label: String,
    continued: bool,
}

/// The imported report input and what could not be matched.
pub struct Imported {
    pub input: Value,
    pub warnings: Vec<Diagnostic>,
}

/// Reads a .docx report. An unreadable file is an error; unmatched parts
/// are warnings.
pub fn import_docx(bytes: &[u8]) -> Result<Imported, Diagnostic> {
    let items = read_items(bytes)?;
    Ok(assemble(&items))
}

/// The draft reader's paragraphs (their text, without automatic numbers)
/// and tables (each cell repeated over the grid columns it spans, so that
/// columns line up however the merges were made), within the reader's
/// budgets (refused with the report's messages).
fn read_items(bytes: &[u8]) -> Result<Vec<Item>, Diagnostic> {
    let budget = draft::read_docx::Messages {
        too_many_elements: "report.import.too_many_elements",
        too_many_cells: "report.import.too_many_cells",
    };
    Ok(draft::read_docx::read_with(bytes, &budget)?
        .into_iter()
        .map(|item| match item {
            draft::Item::Paragraph(p) => Item::Paragraph(p.text),
            draft::Item::Table(t) => Item::Table(
                t.rows
                    .iter()
                    .map(|row| {
                        let mut cells = Vec::new();
                        for tc in row {
                            let label = normalize(&tc.text);
                            let continued = tc.vmerge == draft::VMerge::Continue;
                            for k in 0..tc.span {
                                // a spanned cell's text counts once: in its first column
                                cells.push(Cell {
                                    label: if k == 0 { label.clone() } else { String::new() },
                                    continued: continued || k > 0,
                                });
                            }
                        }
                        cells
                    })
                    .collect(),
            ),
        })
        .collect())
}

/// A label as compared: no spaces or line breaks, full-width forms folded to
/// ASCII, 、 after a digit read as a point.
pub fn normalize(s: &str) -> String {
    written::normalize(s)
}

/// A cell's number: digits with optional thousands separators (and a decimal
/// part, for the fee); `None` for text.
fn number(cell: &str) -> Option<String> {
    let s = normalize(cell).replace(',', "");
    let valid = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|c| *c == '.').count() <= 1
        && !s.starts_with('.')
        && !s.ends_with('.');
    valid.then_some(s)
}

/// A row read as labels then numbers: the labels (normalized, merged-away
/// cells skipped) and the numbers after the last label. A blank cell among
/// the numbers reads as 0.
struct Row {
    labels: Vec<String>,
    numbers: Vec<String>,
    blanks: usize,
}

fn read_row(cells: &[Cell]) -> Row {
    let last_label = cells
        .iter()
        .rposition(|c| !c.continued && !c.label.is_empty() && number(&c.label).is_none());
    let data_from = last_label.map_or(0, |i| i + 1);
    let labels = cells[..data_from]
        .iter()
        .map(|c| c.label.clone())
        .filter(|t| !t.is_empty())
        .collect();
    let mut numbers = Vec::new();
    let mut blanks = 0;
    for c in &cells[data_from..] {
        if c.continued {
            continue;
        }
        match number(&c.label) {
            Some(n) => numbers.push(n),
            None => {
                blanks += 1;
                numbers.push("0".into());
            }
        }
    }
    Row {
        labels,
        numbers,
        blanks,
    }
}

// ------------------------------------------------------------- assembling

/// Where a paragraph belongs, by the headings before it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Place {
    Preamble,
    Section(usize),
    Part(usize),
}

fn assemble(items: &[Item]) -> Imported {
    let mut warnings = Vec::new();
    let paragraphs: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) if !p.trim().is_empty() => Some(p.as_str()),
            _ => None,
        })
        .collect();
    let (title_lines, mut rest) = title(&paragraphs);
    // some agencies put the date under the title: （2025年1月21日）
    let title_date = rest.first().and_then(|p| {
        let n = normalize(p);
        iso_date(n.strip_prefix('(')?.strip_suffix(')')?)
    });
    if title_date.is_some() {
        rest.remove(0);
    }
    let (agency, year) = agency_and_year(&title_lines.concat());
    if agency.is_empty() || year == 0 {
        warnings.push(Diagnostic::warning(
            "title_lines",
            t!(
                "report.import.title_unread",
                title = crate::error::clip(&title_lines.concat(), MAX_QUOTED)
            ),
        ));
    }
    let mut sorted = Sorted::default();
    let mut place = Place::Preamble;
    for p in rest {
        let next = next_place(p, place);
        // a heading moves the reading on; a part's heading is kept as its title
        sorted.add(next, p, next != place);
        place = next;
    }
    let (signature, signed) = signature(&mut sorted.sections[5]);
    let date = signed.or(title_date);
    if date.is_none() {
        warnings.push(Diagnostic::warning("date", t!("report.import.no_date")));
    }
    let mut input = Map::new();
    input.insert("kind".into(), json!("gov-info-annual-report"));
    input.insert("agency".into(), json!(agency));
    input.insert("year".into(), json!(year));
    if let Some(d) = &date {
        input.insert("date".into(), json!(d));
    }
    input.insert("title_lines".into(), json!(title_lines));
    input.insert("preamble".into(), json!(sorted.preamble));
    input.insert("overview".into(), sorted.overview(&mut warnings));
    let tables: Vec<&Vec<Vec<Cell>>> = items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    input.insert(
        "active_disclosure".into(),
        active_disclosure(&tables, &mut warnings),
    );
    input.insert("applications".into(), applications(&tables, &mut warnings));
    input.insert(
        "review_litigation".into(),
        review_litigation(&tables, &mut warnings),
    );
    for (k, key) in [(4, "problems"), (5, "other_matters")] {
        if sorted.sections[k].is_empty() {
            warnings.push(Diagnostic::warning(
                key,
                t!("report.import.empty_section", section = SECTIONS[k]),
            ));
        }
        input.insert(key.into(), json!(sorted.sections[k]));
    }
    if let (Some(agency), Some(date)) = (signature, &date) {
        input.insert("signature".into(), json!({"agency": agency, "date": date}));
    }
    Imported {
        input: Value::Object(input),
        warnings: crate::error::cap_warnings(warnings),
    }
}

/// The title: the first paragraphs up to the one that ends with 年度报告
/// (at most four); the rest of the paragraphs.
fn title<'a>(paragraphs: &[&'a str]) -> (Vec<String>, Vec<&'a str>) {
    for n in 1..=paragraphs.len().min(4) {
        let joined: String = paragraphs[..n].concat();
        if normalize(&joined).ends_with("报告") {
            let lines = paragraphs[..n]
                .iter()
                .map(|p| p.trim().to_string())
                .collect();
            return (lines, paragraphs[n..].to_vec());
        }
    }
    (Vec::new(), paragraphs.to_vec())
}

/// The agency and year of a title such as 某某局2024年政府信息公开工作年度报告
/// (or 2024年某某局…).
fn agency_and_year(title: &str) -> (String, i64) {
    let t = normalize(title);
    let chars: Vec<char> = t.chars().collect();
    let Some(at) = (0..chars.len().saturating_sub(4)).find(|&i| {
        chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) && chars.get(i + 4) == Some(&'年')
    }) else {
        return (String::new(), 0);
    };
    let year: i64 = chars[at..at + 4]
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    let before: String = chars[..at].iter().collect();
    let after: String = chars[at + 5..].iter().collect();
    let agency = if before.is_empty() {
        // 2024年某某局政府信息公开工作年度报告
        after
            .trim_start_matches('度')
            .split("政府信息公开")
            .next()
            .unwrap_or_default()
            .to_string()
    } else {
        before
    };
    (agency, year)
}

/// The heading a paragraph is, if it is one, and so where text goes next.
/// Headings may have lost their numbers to Word's automatic numbering
/// (总体情况 alone), and a part's heading may run on into its text
/// (（一）主动公开情况。围绕…).
fn next_place(p: &str, place: Place) -> Place {
    let n = normalize(p);
    if n.chars().count() <= 40 {
        for (k, s) in SECTIONS.iter().enumerate() {
            let (number, name) = split_number(&normalize(s));
            // the number and the first four characters of the name: 一.总体情况, 六.其他需要…
            let key: String = name.chars().take(4).collect();
            if (n.starts_with(&number) && n.contains(&key)) || n == name {
                return Place::Section(k);
            }
        }
    }
    match part_heading(&n, place) {
        Some(k) => Place::Part(k),
        None => place,
    }
}

/// A normalized heading split after its number: (一、, 总体情况) or ((一), 主动公开情况).
fn split_number(s: &str) -> (String, String) {
    written::split_normalized_number(s)
}

/// Which part of 一 a paragraph opens, if any: only parts after the current
/// one (a later （一） inside a part's text is an item, not a heading).
fn part_heading(n: &str, place: Place) -> Option<usize> {
    let first = match place {
        Place::Section(0) => 0,
        Place::Part(k) => k + 1,
        _ => return None,
    };
    let short = n.chars().count() <= 40 && !n.contains('。');
    (first..OVERVIEW_PARTS.len()).find(|&k| {
        let (number, name) = split_number(&normalize(OVERVIEW_PARTS[k]));
        let key: String = name.chars().take(4).collect();
        match n.strip_prefix(&number) {
            Some(rest) => short || rest.starts_with(&key),
            // no number (Word's automatic numbering): the name alone, or running
            // into the text after 。 or ：
            None => {
                n == name
                    || n.strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.starts_with(['。', '：', ':']))
            }
        }
    })
}

/// A part's heading paragraph: its title, and the text run on after it
/// (after the first 。 or ：), if any.
fn split_heading(text: &str) -> (String, Option<String>) {
    let short = text.chars().count() <= 40 && !text.contains('。');
    if short {
        return (text.to_string(), None);
    }
    match text.find(['。', '：', ':']) {
        Some(i) => {
            let end = i + text[i..].chars().next().map_or(0, char::len_utf8);
            let rest = text[end..].trim();
            (
                text[..i].to_string(),
                (!rest.is_empty()).then(|| rest.to_string()),
            )
        }
        None => (text.to_string(), None),
    }
}

/// Paragraphs sorted by where they belong.
#[derive(Default)]
struct Sorted {
    preamble: Vec<String>,
    opening: Vec<String>,
    parts: [Vec<String>; 5],
    part_titles: [Option<String>; 5],
    sections: [Vec<String>; 6],
}

impl Sorted {
    fn add(&mut self, place: Place, p: &str, heading: bool) {
        let text = p.trim().to_string();
        match (place, heading) {
            (Place::Preamble, _) => self.preamble.push(text),
            (Place::Part(k), true) => {
                let (title, rest) = split_heading(&text);
                self.part_titles[k] = Some(title);
                self.parts[k].extend(rest);
            }
            (_, true) => {}
            (Place::Section(0), false) => self.opening.push(text),
            (Place::Section(k), false) => self.sections[k].push(text),
            (Place::Part(k), false) => self.parts[k].push(text),
        }
    }

    fn overview(&self, warnings: &mut Vec<Diagnostic>) -> Value {
        let keys = [
            "active_disclosure",
            "applications",
            "information_management",
            "platform",
            "supervision",
        ];
        let mut o = Map::new();
        if !self.opening.is_empty() {
            o.insert("opening".into(), json!(self.opening));
        }
        let mut titles = Map::new();
        for (k, key) in keys.iter().enumerate() {
            match &self.part_titles[k] {
                None => warnings.push(Diagnostic::warning(
                    format!("overview.{key}"),
                    t!("report.import.no_part_heading", heading = OVERVIEW_PARTS[k]),
                )),
                Some(t) => {
                    let (_, national) = split_number(&normalize(OVERVIEW_PARTS[k]));
                    let (number, name) = split_number(&normalize(t));
                    if name != national {
                        // the title without its number (the number stays automatic)
                        let skip = if number.is_empty() { 0 } else { 3 };
                        let title: String = t.trim().chars().skip(skip).collect();
                        titles.insert((*key).into(), json!(title.trim()));
                    }
                }
            }
            o.insert((*key).into(), json!(self.parts[k]));
        }
        if !titles.is_empty() {
            o.insert("titles".into(), Value::Object(titles));
        }
        Value::Object(o)
    }
}

/// The 落款 at the end of 六: a date line (YYYY年M月D日) and the agency line
/// before it, taken out of the section.
fn signature(six: &mut Vec<String>) -> (Option<String>, Option<String>) {
    let Some(date) = six.last().and_then(|l| iso_date(l)) else {
        return (None, None);
    };
    six.pop();
    let agency = match six.last() {
        Some(a) if a.chars().count() <= 40 && !a.contains('。') && !a.contains('；') => six.pop(),
        _ => None,
    };
    (agency, Some(date))
}

/// 2025年1月21日 (or 二〇二五年一月二十一日) → 2025-01-21.
fn iso_date(line: &str) -> Option<String> {
    written::chinese_date(line)
}

// ----------------------------------------------------------------- tables

fn all_rows<'a>(tables: &'a [&'a Vec<Vec<Cell>>]) -> impl Iterator<Item = &'a Vec<Cell>> {
    tables.iter().flat_map(|t| t.iter())
}

fn count(n: &str) -> Value {
    n.parse::<u64>().map_or_else(|_| json!(n), |v| json!(v))
}

/// 表二, by its row labels: 规章 and 规范性文件 (制发, 废止, 现行有效),
/// 行政许可 / 处罚 / 强制 (决定数量), 行政事业性收费 (万元, as written).
fn active_disclosure(tables: &[&Vec<Vec<Cell>>], warnings: &mut Vec<Diagnostic>) -> Value {
    let mut triples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut singles: BTreeMap<&str, String> = BTreeMap::new();
    for cells in all_rows(tables) {
        let row = read_row(cells);
        let Some(label) = row.labels.last() else {
            continue;
        };
        let key = match label.as_str() {
            l if l.contains("规范性文件") => "normative_documents",
            l if l.contains("规章") => "regulations",
            l if l.contains("行政许可") => "licensing_decisions",
            l if l.contains("行政处罚") => "penalty_decisions",
            l if l.contains("行政强制") => "coercion_decisions",
            l if l.contains("行政事业性收费") => "fees_wan_yuan",
            _ => continue,
        };
        if row.numbers.is_empty() {
            continue;
        }
        match key {
            "normative_documents" | "regulations" => {
                triples.insert(key, row.numbers);
            }
            _ => {
                singles.insert(key, row.numbers[0].clone());
            }
        }
    }
    let mut out = Map::new();
    for key in ["regulations", "normative_documents"] {
        let n = triples.remove(key).unwrap_or_default();
        if n.len() != 3 {
            warnings.push(Diagnostic::warning(
                format!("active_disclosure.{key}"),
                t!(
                    "report.import.t2_triple",
                    row = if key == "regulations" {
                        "规章"
                    } else {
                        "行政规范性文件"
                    },
                    n = n.len()
                ),
            ));
        }
        let at = |i: usize| n.get(i).map_or(json!(0), |v| count(v));
        out.insert(
            key.into(),
            json!({"made": at(0), "repealed": at(1), "in_force": at(2)}),
        );
    }
    for key in [
        "licensing_decisions",
        "penalty_decisions",
        "coercion_decisions",
        "fees_wan_yuan",
    ] {
        let v = singles.remove(key);
        if v.is_none() {
            warnings.push(Diagnostic::warning(
                format!("active_disclosure.{key}"),
                t!("report.import.t2_row_missing"),
            ));
        }
        let v = v.unwrap_or_else(|| "0".into());
        out.insert(
            key.into(),
            if key == "fees_wan_yuan" {
                json!(v)
            } else {
                count(&v)
            },
        );
    }
    Value::Object(out)
}

/// The row of the national 表三 a row's labels name: its own label (the
/// last), within the group its earlier labels name (or the one before).
fn t3_match(labels: &[String], group: &mut Option<&'static str>) -> Option<usize> {
    for l in labels {
        if let Some(g) = RESULT_GROUPS.iter().find(|g| same_label(l, &normalize(g))) {
            *group = Some(g);
        }
    }
    let own = labels.last()?;
    T3_ROWS.iter().position(|def| {
        let in_group = match def.group {
            Some(g) => *group == Some(g),
            None => true,
        };
        in_group && same_label(own, &normalize(def.label))
    })
}

/// Labels equal, or one the start of the other (a label shortened or with
/// its note left out), at least four characters in common.
fn same_label(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().count() >= 4 && b.starts_with(a))
        || (b.chars().count() >= 4 && a.starts_with(b))
}

/// 表三, row by row matched by labels; rows of the national format not found
/// are warnings and zeros.
fn applications(tables: &[&Vec<Vec<Cell>>], warnings: &mut Vec<Diagnostic>) -> Value {
    let mut found: Vec<Option<Vec<Value>>> = vec![None; T3_ROWS.len()];
    for table in tables.iter().filter(|t| mentions(t, "本年新收")) {
        let mut group = None;
        for cells in table.iter() {
            let row = read_row(cells);
            if row.numbers.is_empty() {
                continue;
            }
            // the 2019 format's single （六）其他处理 row: its numbers go to
            // 3.其他 of the 2021 format, which keeps every total
            let single_other = row
                .labels
                .last()
                .is_some_and(|l| same_label(l, &normalize(RESULT_GROUPS[3])));
            let matched = if single_other {
                warnings.push(Diagnostic::warning(
                    "applications.results.other.other",
                    t!("report.import.t3_2019_other"),
                ));
                T3_ROWS.iter().position(|d| d.path == "results.other.other")
            } else {
                t3_match(&row.labels, &mut group)
            };
            let Some(k) = matched else {
                warnings.push(Diagnostic::warning(
                    "applications",
                    t!(
                        "report.import.t3_row_unmatched",
                        row = crate::error::clip(&row.labels.join(" / "), MAX_QUOTED)
                    ),
                ));
                continue;
            };
            if !(6..=7).contains(&row.numbers.len()) || row.blanks > 0 {
                warnings.push(Diagnostic::warning(
                    format!("applications.{}", T3_ROWS[k].path),
                    if row.blanks > 0 {
                        t!(
                            "report.import.t3_row_length_blanks",
                            row = T3_ROWS[k].label,
                            n = row.numbers.len(),
                            blanks = row.blanks
                        )
                    } else {
                        t!(
                            "report.import.t3_row_length",
                            row = T3_ROWS[k].label,
                            n = row.numbers.len()
                        )
                    },
                ));
            }
            let mut n: Vec<Value> = row.numbers.iter().map(|v| count(v)).collect();
            n.resize(n.len().clamp(6, 7), json!(0));
            found[k] = Some(n);
        }
    }
    let mut out = Map::new();
    for (def, n) in T3_ROWS.iter().zip(found) {
        let value = n.unwrap_or_else(|| {
            if def.path != "results.total" {
                warnings.push(Diagnostic::warning(
                    format!("applications.{}", def.path),
                    t!("report.import.t3_row_missing", row = def.label),
                ));
            }
            vec![json!(0); 6]
        });
        insert_path(&mut out, def.path, Value::Array(value));
    }
    Value::Object(out)
}

fn mentions(table: &[Vec<Cell>], label: &str) -> bool {
    table.iter().flatten().any(|c| c.label.contains(label))
}

/// Sets `a.b.c` in a JSON object, making the objects on the way.
fn insert_path(out: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            out.insert(path.into(), value);
        }
        Some((head, rest)) => {
            let inner = out
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                insert_path(m, rest, value);
            }
        }
    }
}

/// 表四: the row of 15 numbers (行政复议, 未经复议直接起诉, 复议后起诉; each
/// 维持, 纠正, 其他, 尚未审结, 总计).
fn review_litigation(tables: &[&Vec<Vec<Cell>>], warnings: &mut Vec<Diagnostic>) -> Value {
    let row = tables
        .iter()
        .filter(|t| mentions(t, "行政复议") && !mentions(t, "本年新收"))
        .flat_map(|t| t.iter())
        .map(|cells| read_row(cells))
        .find(|r| r.numbers.len() >= 15);
    let numbers = match row {
        Some(r) => r.numbers[r.numbers.len() - 15..].to_vec(),
        None => {
            warnings.push(Diagnostic::warning(
                "review_litigation",
                t!("report.import.t4_row_missing"),
            ));
            vec!["0".to_string(); 15]
        }
    };
    let group = |g: usize| {
        let n = &numbers[g * 5..g * 5 + 5];
        json!({"upheld": count(&n[0]), "corrected": count(&n[1]), "other": count(&n[2]), "pending": count(&n[3]), "total": count(&n[4])})
    };
    json!({"review": group(0), "direct_suit": group(1), "suit_after_review": group(2)})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_without_spaces_breaks_or_width() {
        assert_eq!(normalize("（三）不予 公开\n"), "(三)不予公开");
        assert_eq!(normalize("1、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(normalize("１．属于国家秘密"), "1.属于国家秘密");
        assert!(same_label(
            "(二)部分公开",
            &normalize("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        ));
        assert!(!same_label("1.属于国家秘密", "1.本机关不掌握相关政府信息"));
    }

    #[test]
    fn cells_read_thousands_separators_and_refuse_text() {
        assert_eq!(number("1,234").as_deref(), Some("1234"));
        assert_eq!(number(" ９６１７１.６ ").as_deref(), Some("96171.6"));
        assert_eq!(number("自然人"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn a_date_under_the_title_is_the_date_and_custom_part_titles_are_kept() {
        let items: Vec<Item> = [
            "某某市人民政府办公室2024年政府信息公开工作年度报告",
            "（2025年1月21日）",
            "本报告依据《条例》编制。",
            "一、总体情况",
            "2024年，本办认真贯彻落实《条例》。",
            "（一）主动公开情况",
            "主动公开政府信息63条。",
            "（五）政府信息公开监督保障情况",
            "加强考核。",
        ]
        .iter()
        .map(|p| Item::Paragraph(p.to_string()))
        .collect();
        let got = assemble(&items).input;
        assert_eq!(got["date"], "2025-01-21");
        assert_eq!(got["agency"], "某某市人民政府办公室");
        assert_eq!(got["preamble"], json!(["本报告依据《条例》编制。"]));
        assert_eq!(
            got["overview"]["opening"],
            json!(["2024年，本办认真贯彻落实《条例》。"])
        );
        assert_eq!(
            got["overview"]["active_disclosure"],
            json!(["主动公开政府信息63条。"])
        );
        assert_eq!(
            got["overview"]["titles"]["supervision"],
            "政府信息公开监督保障情况"
        );
        assert_eq!(got["overview"]["supervision"], json!(["加强考核。"]));
    }

    #[test]
    fn headings_without_numbers_or_running_into_their_text_are_found() {
        let items: Vec<Item> = [
            "某某局2024年政府信息公开工作年度报告",
            "总体情况",
            "（一）主动公开情况。围绕中心工作，主动公开政府信息63条。",
            "主动公开情况的第二段。",
            "（二）依申请公开情况：全年未收到申请。",
            "政府信息管理情况。规范发布。",
            "存在的主要问题及改进情况",
            "人员不足。",
            "其他需要报告的事项",
            "未收取信息处理费。",
            "某某局",
            "二〇二五年一月二十一日",
        ]
        .iter()
        .map(|p| Item::Paragraph(p.to_string()))
        .collect();
        let got = assemble(&items).input;
        assert_eq!(
            got["overview"]["active_disclosure"],
            json!([
                "围绕中心工作，主动公开政府信息63条。",
                "主动公开情况的第二段。"
            ])
        );
        assert_eq!(got["overview"]["applications"], json!(["全年未收到申请。"]));
        assert_eq!(
            got["overview"]["information_management"],
            json!(["规范发布。"])
        );
        assert!(
            got["overview"].get("titles").is_none(),
            "{}",
            got["overview"]
        );
        assert_eq!(got["problems"], json!(["人员不足。"]));
        assert_eq!(got["other_matters"], json!(["未收取信息处理费。"]));
        assert_eq!(
            got["signature"],
            json!({"agency": "某某局", "date": "2025-01-21"})
        );
    }

    #[test]
    fn the_2019_single_other_row_goes_to_3_other() {
        let cell = |t: &str| Cell {
            label: normalize(t),
            continued: false,
        };
        let row = |label: &str, n: u32| {
            let mut r = vec![cell(label)];
            r.extend((0..6).map(|_| cell(&n.to_string())));
            r.push(cell(&(6 * n).to_string()));
            r
        };
        let table = vec![
            row("一、本年新收政府信息公开申请数量", 2),
            row("（六）其他处理", 3),
        ];
        let mut warnings = Vec::new();
        let got = applications(&[&table], &mut warnings);
        assert_eq!(
            got["results"]["other"]["other"],
            json!([3, 3, 3, 3, 3, 3, 18])
        );
        assert_eq!(got["new"], json!([2, 2, 2, 2, 2, 2, 12]));
        assert!(warnings.iter().any(|w| w.message.contains("2019")));
    }

    #[test]
    fn titles_give_agency_and_year_either_way() {
        assert_eq!(
            agency_and_year("汶上县投资促进服务中心2024年政府信息公开工作年度报告"),
            ("汶上县投资促进服务中心".to_string(), 2024)
        );
        assert_eq!(
            agency_and_year("2023年度某某县人民政府办公室政府信息公开工作年度报告"),
            ("某某县人民政府办公室".to_string(), 2023)
        );
        assert_eq!(iso_date("2025年1月21日").as_deref(), Some("2025-01-21"));
        assert_eq!(
            iso_date("二〇二五年一月二十一日").as_deref(),
            Some("2025-01-21")
        );
        assert_eq!(iso_date("2025年2月30日"), None);
    }
}
