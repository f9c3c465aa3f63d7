//! The annual report as a form: its three tables drawn as the national
//! format draws them (the same grids the document prints, `tables`), every
//! number cell an input named by its row and column labels, the narrative
//! fields with their titles, and what a block pasted from a spreadsheet puts
//! in which cell. The browser workspace renders this and nothing else: no
//! label or rule is written twice.

use serde::Serialize;
use serde_json::Value;

use super::checks::{valid_fee, Stats, MAX_COUNT, T3_ROWS};
use super::tables::{self, Grid};
use crate::i18n::{self, t, Lang};
use crate::model::Cell;
use crate::style::StyleProfile;

/// The whole form.
#[derive(Debug, Serialize)]
pub struct Form {
    pub tables: Vec<FormTable>,
    pub sections: Vec<Section>,
    pub placeholders: Vec<Placeholder>,
}

/// One table: its rows, each listing the cells that start in it (HTML).
#[derive(Debug, Serialize)]
pub struct FormTable {
    pub id: &'static str,
    pub caption: &'static str,
    pub columns: usize,
    pub rows: Vec<Vec<FormCell>>,
}

/// A label as printed, or an input for a number.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum FormCell {
    Label {
        text: String,
        rowspan: usize,
        colspan: usize,
    },
    Input {
        /// The JSON path of the value (`applications.new[0]`).
        input: String,
        /// The accessible name: the row's labels from the outermost in, then
        /// the column's innermost label (表三's first cell:
        /// `一、本年新收政府信息公开申请数量 自然人`).
        name: String,
        rowspan: usize,
        colspan: usize,
    },
}

/// A field of the report outside the tables.
#[derive(Debug, Serialize)]
pub struct Section {
    pub path: &'static str,
    pub label: String,
    /// `string`, `number`, or `lines` (paragraphs, one per entry).
    pub kind: &'static str,
    /// The part of the national format it belongs to, numbered as printed
    /// (`一、总体情况`), for the form's headings; none for the fields before
    /// the parts (agency, title, contact …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// The parts of the national format outside the tables: the number printed
/// before them, and the first path that belongs to each.
const PARTS: [(&str, &str, &str); 3] = [
    ("overview.", "一", "AnnualReportInput.overview"),
    ("problems", "五", "AnnualReportInput.problems"),
    ("other_matters", "六", "AnnualReportInput.other_matters"),
];

/// The numbered heading of the part `path` belongs to: `一、总体情况`, or
/// `1. Overview` in English.
fn part_of(path: &str, lang: Lang) -> Option<String> {
    let (_, number, schema) = PARTS.iter().find(|(p, _, _)| path.starts_with(p))?;
    let title = i18n::lookup(&format!("schema.{schema}.title"), lang)?;
    Some(match lang {
        Lang::Zh => format!("{number}、{title}"),
        Lang::En => {
            let n = "一二三四五六".chars().position(|c| number.starts_with(c))? + 1;
            format!("{n}. {title}")
        }
    })
}

/// A value a narrative may quote as `{name}`.
#[derive(Debug, Serialize)]
pub struct Placeholder {
    pub name: String,
    pub label: String,
}

/// The report's fields outside the tables: JSON path, the schema's entry
/// whose title labels it, and the kind of input.
const SECTIONS: [(&str, &str, &str); 19] = [
    ("agency", "AnnualReportInput.agency", "string"),
    ("year", "AnnualReportInput.year", "number"),
    ("date", "AnnualReportInput.date", "string"),
    ("title_lines", "AnnualReportInput.title_lines", "lines"),
    ("preamble", "AnnualReportInput.preamble", "lines"),
    ("contact.address", "Contact.address", "string"),
    ("contact.phone", "Contact.phone", "string"),
    ("contact.portal", "Contact.portal", "string"),
    ("contact.url", "Contact.url", "string"),
    ("overview.opening", "Overview.opening", "lines"),
    (
        "overview.active_disclosure",
        "Overview.active_disclosure",
        "lines",
    ),
    ("overview.applications", "Overview.applications", "lines"),
    (
        "overview.information_management",
        "Overview.information_management",
        "lines",
    ),
    ("overview.platform", "Overview.platform", "lines"),
    ("overview.supervision", "Overview.supervision", "lines"),
    ("problems", "AnnualReportInput.problems", "lines"),
    ("other_matters", "AnnualReportInput.other_matters", "lines"),
    ("signature.agency", "SignatureFields.agency", "string"),
    ("signature.date", "SignatureFields.date", "string"),
];

/// Numbers of a report with every cell 0, to draw the grids.
fn zero_stats() -> Stats {
    Stats {
        regulations: [0; 3],
        normative_documents: [0; 3],
        licensing: 0,
        penalty: 0,
        coercion: 0,
        fees: "0".into(),
        applications: vec![[0; 7]; T3_ROWS.len()],
        review_litigation: [[0; 5]; 3],
    }
}

/// The three grids with their ids and captions.
fn grids() -> [(&'static str, &'static str, Grid); 3] {
    let (s, style) = (zero_stats(), StyleProfile::default());
    [
        (
            "table2",
            "二、主动公开政府信息情况",
            tables::table2_grid(&s, &style),
        ),
        (
            "table3",
            "三、收到和处理政府信息公开申请情况",
            tables::table3_grid(&s, &style),
        ),
        (
            "table4",
            "四、政府信息公开行政复议、行政诉讼情况",
            tables::table4_grid(&s, &style),
        ),
    ]
}

/// The form in `lang` (the tables' labels are the national format's, in
/// Chinese in every language; the fields' titles follow `lang`).
pub fn form(lang: Lang) -> Form {
    let tables = grids()
        .into_iter()
        .map(|(id, caption, grid)| FormTable {
            id,
            caption,
            columns: grid.table.widths.len(),
            rows: form_rows(&grid),
        })
        .collect();
    let sections = SECTIONS
        .iter()
        .map(|&(path, schema, kind)| {
            let label = i18n::lookup(&format!("schema.{schema}.title"), lang)
                .unwrap_or_else(|| path.to_string());
            match part_of(path, lang) {
                // a part that is one field (五、六) is labelled by its heading
                Some(part) if !path.contains('.') => Section {
                    path,
                    label: part,
                    kind,
                    part: None,
                },
                part => Section {
                    path,
                    label,
                    kind,
                    part,
                },
            }
        })
        .collect();
    Form {
        tables,
        sections,
        placeholders: placeholders(),
    }
}

/// The grid's cells row by row, numbers as named inputs.
fn form_rows(grid: &Grid) -> Vec<Vec<FormCell>> {
    let t = &grid.table;
    let mut rows: Vec<Vec<FormCell>> = (0..t.rows).map(|_| Vec::new()).collect();
    for (i, (c, path)) in t.cells.iter().zip(&grid.paths).enumerate() {
        let cell = match path {
            Some(p) => FormCell::Input {
                input: p.clone(),
                name: accessible_name(grid, i),
                rowspan: c.rowspan,
                colspan: c.colspan,
            },
            None => FormCell::Label {
                text: c.text.clone(),
                rowspan: c.rowspan,
                colspan: c.colspan,
            },
        };
        rows[c.row].push(cell);
    }
    rows
}

fn covers_row(c: &Cell, row: usize) -> bool {
    (c.row..c.row + c.rowspan).contains(&row)
}

fn covers_col(c: &Cell, col: usize) -> bool {
    (c.col..c.col + c.colspan).contains(&col)
}

/// The name of the value cell `i`: the labels of its row left of it, from
/// the outermost in, then the innermost label above it in its column (in a
/// table without row labels, 表四, every label above it, outermost first).
fn accessible_name(grid: &Grid, i: usize) -> String {
    let t = &grid.table;
    let me = &t.cells[i];
    let labels = || {
        t.cells
            .iter()
            .zip(&grid.paths)
            .filter(|(_, p)| p.is_none())
            .map(|(c, _)| c)
    };
    let row_labels: Vec<&Cell> = labels()
        .filter(|c| covers_row(c, me.row) && c.col + c.colspan <= me.col)
        .collect();
    let mut above: Vec<&Cell> = labels()
        .filter(|c| covers_col(c, me.col) && c.row + c.rowspan <= me.row)
        .collect();
    above.sort_by_key(|c| c.row);
    let mut parts: Vec<&str> = row_labels.iter().map(|c| c.text.as_str()).collect();
    if row_labels.is_empty() {
        // the labels above, from the nearest full-width heading down
        let start = above
            .iter()
            .rposition(|c| c.colspan == t.widths.len())
            .map_or(0, |k| k + 1);
        parts.extend(above[start..].iter().map(|c| c.text.as_str()));
    } else if let Some(inner) = above.last() {
        parts.push(&inner.text);
    }
    parts.join(" ")
}

/// Every value a narrative may quote, named by the cell it comes from.
fn placeholders() -> Vec<Placeholder> {
    let starter = super::starter::annual_report("某单位", 2024);
    let input = serde_json::from_str(&starter).expect("the starter is a report");
    let values = super::placeholder_values(&input, &zero_stats());
    let names: Vec<(String, String)> = grids()
        .iter()
        .flat_map(|(_, _, g)| {
            (0..g.table.cells.len())
                .filter_map(|i| Some((g.paths[i].clone()?, accessible_name(g, i))))
                .collect::<Vec<_>>()
        })
        .collect();
    values
        .into_keys()
        .map(|name| {
            let path = placeholder_path(&name);
            let label = names
                .iter()
                .find(|(p, _)| *p == path)
                .map_or_else(|| name.clone(), |(_, l)| l.clone());
            Placeholder { name, label }
        })
        .collect()
}

/// The input path a placeholder quotes (`applications.new.natural_person` →
/// `applications.new[0]`); other names are their own path.
fn placeholder_path(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("applications.") {
        if let Some((row, col)) = rest.rsplit_once('.') {
            if let Some(i) = super::checks::COLUMNS.iter().position(|(k, _)| *k == col) {
                return format!("applications.{row}[{i}]");
            }
        }
    }
    name.to_string()
}

/// What a block pasted into the form puts where.
#[derive(Debug, Serialize, Default)]
pub struct Pasted {
    pub cells: Vec<PastedCell>,
    pub errors: Vec<PasteError>,
}

#[derive(Debug, Serialize)]
pub struct PastedCell {
    pub path: String,
    pub value: Value,
}

#[derive(Debug, Serialize)]
pub struct PasteError {
    pub path: String,
    pub message: String,
}

/// Most characters of a pasted block (a whole 表三 is under 2 000).
pub const MAX_PASTE_CHARS: usize = 100_000;

/// Maps a block copied from a spreadsheet (rows by newlines, cells by tabs)
/// onto the form from the cell `at`: each row of the block fills a row of
/// the table from `at`'s column on; leading cells of words without a digit
/// are the sheet's label columns and are skipped; units (件, 次,
/// 万元) and thousands separators are dropped; anything else that is not a
/// number is an error on its cell. `None` when `at` is no input of the form.
pub fn paste(text: &str, at: &str) -> Option<Pasted> {
    let grids = grids();
    let (grid, start) = grids.iter().find_map(|(_, _, g)| {
        let i = g.paths.iter().position(|p| p.as_deref() == Some(at))?;
        Some((g, i))
    })?;
    let rows = value_rows(grid);
    let first = &grid.table.cells[start];
    let row0 = rows.iter().position(|r| r.contains(&start))?;
    let mut out = Pasted::default();
    if text.chars().count() > MAX_PASTE_CHARS {
        out.errors.push(PasteError {
            path: at.into(),
            message: t!("form.paste_too_long", max = MAX_PASTE_CHARS).into(),
        });
        return Some(out);
    }
    let lines: Vec<&str> = text
        .trim_end_matches(['\r', '\n'])
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    for (k, line) in lines.iter().enumerate() {
        let Some(row) = rows.get(row0 + k) else {
            out.errors.push(PasteError {
                path: at.into(),
                message: t!("form.paste_too_many_rows", n = lines.len() - k).into(),
            });
            break;
        };
        // the cells of this row from the pasted-into column on
        let targets: Vec<usize> = row
            .iter()
            .copied()
            .filter(|&i| grid.table.cells[i].col >= first.col)
            .collect();
        let fields: Vec<&str> = line.split('\t').collect();
        // the sheet's label columns: leading cells with words and no digit
        let skip = fields
            .iter()
            .take_while(|f| !f.trim().is_empty() && !f.chars().any(|c| c.is_numeric()))
            .count();
        let fields = &fields[skip..];
        for (field, &i) in fields.iter().zip(&targets) {
            let path = grid.paths[i].clone().expect("a value cell");
            let field = field.trim();
            if field.is_empty() {
                continue;
            }
            match number_of(field) {
                Some(n) if path.ends_with("fees_wan_yuan") && valid_fee(&n) => {
                    out.cells.push(PastedCell {
                        path,
                        value: Value::String(n),
                    })
                }
                Some(n) if !n.contains('.') && n.parse::<i128>().is_ok_and(|v| v <= MAX_COUNT) => {
                    let value = serde_json::from_str(&n).unwrap_or(Value::String(n));
                    out.cells.push(PastedCell { path, value })
                }
                _ => out.errors.push(PasteError {
                    message: t!(
                        "form.paste_not_a_number",
                        got = crate::error::clip(field, 20)
                    )
                    .into(),
                    path,
                }),
            }
        }
        if fields.len() > targets.len() {
            out.errors.push(PasteError {
                path: grid.paths[*targets.last().unwrap_or(&start)]
                    .clone()
                    .unwrap_or_default(),
                message: t!(
                    "form.paste_too_many_cells",
                    n = fields.len() - targets.len()
                )
                .into(),
            });
        }
    }
    Some(out)
}

/// The value cells of a grid, row by row (rows without one left out).
fn value_rows(grid: &Grid) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); grid.table.rows];
    for (i, c) in grid.table.cells.iter().enumerate() {
        if grid.paths[i].is_some() {
            rows[c.row].push(i);
        }
    }
    rows.retain(|r| !r.is_empty());
    rows
}

/// A spreadsheet's number as digits (and one decimal point): full-width
/// digits made ASCII, thousands separators and a trailing unit dropped.
fn number_of(field: &str) -> Option<String> {
    let mut s: String = field
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
        .collect();
    for unit in ["万元", "件", "次", "元", "个", "项"] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.to_string();
            break;
        }
    }
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let ok = match s.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(&s),
    };
    ok.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input_names(f: &Form) -> Vec<(String, String)> {
        f.tables
            .iter()
            .flat_map(|t| t.rows.iter().flatten())
            .filter_map(|c| match c {
                FormCell::Input { input, name, .. } => Some((input.clone(), name.clone())),
                FormCell::Label { .. } => None,
            })
            .collect()
    }

    #[test]
    fn every_number_of_the_report_is_an_input_named_by_its_labels() {
        let f = form(Lang::Zh);
        let names = input_names(&f);
        // 表二 10 + 表三 25 × 7 + 表四 15
        assert_eq!(names.len(), 10 + 25 * 7 + 15);
        let name = |p: &str| names.iter().find(|(i, _)| i == p).unwrap().1.clone();
        assert_eq!(
            name("applications.new[0]"),
            "一、本年新收政府信息公开申请数量 自然人"
        );
        assert_eq!(
            name("applications.results.withheld.state_secret[1]"),
            "三、本年度办理结果 （三）不予公开 1.属于国家秘密 商业企业"
        );
        assert_eq!(
            name("active_disclosure.regulations.made"),
            "规章 本年制发件数"
        );
        assert_eq!(
            name("active_disclosure.fees_wan_yuan"),
            "行政事业性收费 本年收费金额（单位：万元）"
        );
        assert_eq!(name("review_litigation.review.upheld"), "行政复议 结果维持");
        assert_eq!(
            name("review_litigation.suit_after_review.total"),
            "行政诉讼 复议后起诉 总计"
        );
        // names are unique, so a screen reader (and a test) can find each cell
        let mut all: Vec<&String> = names.iter().map(|(_, n)| n).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), names.len());
    }

    #[test]
    fn sections_are_titled_in_the_language_asked() {
        let zh = form(Lang::Zh);
        let en = form(Lang::En);
        let find = |f: &Form| {
            f.sections
                .iter()
                .find(|s| s.path == "problems")
                .unwrap()
                .label
                .clone()
        };
        assert!(find(&zh)
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        assert_ne!(find(&zh), find(&en));
        let part = |f: &Form, p: &str| {
            f.sections
                .iter()
                .find(|s| s.path == p)
                .and_then(|s| s.part.clone())
        };
        assert_eq!(
            part(&zh, "overview.platform").as_deref(),
            Some("一、总体情况")
        );
        assert_eq!(find(&zh), "五、存在的主要问题及改进情况");
        let other = en
            .sections
            .iter()
            .find(|s| s.path == "other_matters")
            .unwrap();
        assert_eq!(other.label, "6. Other matters");
        assert_eq!(part(&zh, "agency"), None);
        assert!(zh
            .placeholders
            .iter()
            .any(|p| p.name == "applications.new.total"
                && p.label == "一、本年新收政府信息公开申请数量 总计"));
    }

    #[test]
    fn a_spreadsheet_block_fills_the_grid_from_the_cell_pasted_into() {
        let block = "一、本年新收\t1\t2件\t0\t0\t0\t1,000\r\n二、上年结转\t0\t0\t0\t0\t0\t0\r\n";
        let p = paste(block, "applications.new[0]").unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let got: Vec<(String, String)> = p
            .cells
            .iter()
            .map(|c| (c.path.clone(), c.value.to_string()))
            .collect();
        assert_eq!(got[0], ("applications.new[0]".into(), "1".into()));
        assert_eq!(got[1], ("applications.new[1]".into(), "2".into()));
        assert_eq!(got[5], ("applications.new[5]".into(), "1000".into()));
        assert_eq!(got[6], ("applications.carried_over[0]".into(), "0".into()));
        assert_eq!(got.len(), 12);
    }

    #[test]
    fn what_is_not_a_number_is_an_error_on_its_cell() {
        let p = paste("3\t约5\t４", "applications.new[2]").unwrap();
        assert_eq!(p.cells.len(), 2);
        assert_eq!(p.cells[1].path, "applications.new[4]");
        assert_eq!(p.cells[1].value, Value::from(4));
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].path, "applications.new[3]");
        let p = paste("12.5万元", "active_disclosure.fees_wan_yuan").unwrap();
        assert_eq!(p.cells[0].value, Value::String("12.5".into()));
        assert!(paste("1", "applications.nothing[0]").is_none());
        let p = paste("1\n2\n3", "review_litigation.review.upheld").unwrap();
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    }
}
