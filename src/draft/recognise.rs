//! A draft's paragraphs and tables recognised as the parts of a 公文, and
//! written as a `"kind": "document"` input.
//!
//! The draft is read top to bottom in the order GB/T 9704 puts the parts:
//! the 版头 (份号, 密级, 紧急程度, the mark or a bare agency name above the
//! 发文字号, 签发人), the title (the first one to four short lines whose
//! text ends in a 文种 word: 通知, 请示, 报告, 函 …), the 主送机关 (a short
//! line ending in ：), the body (headings by their numbers, paragraphs,
//! tables), the 附件说明, the 落款 (agency lines above a date in any written
//! form), the 附注 (lines in parentheses), the attachments (附件N, a
//! title, its content) and the 版记 (抄送, 印发). A heading number typed
//! otherwise than GB/T 9704 writes it is normalised with a warning; a
//! numbered line that is a sentence stays a paragraph; hard-wrapped lines
//! are joined; typed indents go. What is not recognised stays a paragraph,
//! and what the recogniser is unsure of is a warning naming the line.
//! Nothing visible is dropped: [`lost_characters`] checks it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use super::written::{find_date, heading_number, whole_date};
use super::{Alignment, Item, Table, VMerge};
use crate::error::Diagnostic;
use crate::i18n::t;

/// What a draft was recognised as.
pub struct Recognised {
    /// The `"kind": "document"` input.
    pub input: Value,
    /// What was changed or is uncertain, each naming its line.
    pub warnings: Vec<Diagnostic>,
    /// Text the layout prints itself and the input so leaves out: heading
    /// numbers, dates, the labels 附件： 抄送： 印发 and the parentheses of a
    /// 附注 (for the count of characters lost).
    pub regenerated: String,
}

/// The words a title ends with (文种, GB/T 9704 and the 条例's fifteen
/// and the common documents issued with them).
const GENRES: [&str; 41] = [
    "通知",
    "请示",
    "报告",
    "函",
    "意见",
    "方案",
    "决定",
    "通报",
    "批复",
    "纪要",
    "办法",
    "规定",
    "细则",
    "公告",
    "通告",
    "议案",
    "命令",
    "决议",
    "公报",
    "计划",
    "总结",
    "要点",
    "规划",
    "复函",
    "答复",
    "说明",
    "令",
    "指引",
    "规则",
    "章程",
    "条例",
    "清单",
    "目录",
    "指南",
    "标准",
    "制度",
    "安排",
    "预案",
    "提纲",
    "讲话",
    "倡议书",
];

/// Endings of an agency's name (for a 落款 line or a bare 版头 name).
const AGENCY_ENDS: [&str; 34] = [
    "政府",
    "办公室",
    "办公厅",
    "局",
    "委员会",
    "厅",
    "部",
    "院",
    "委",
    "中心",
    "办",
    "会",
    "党委",
    "党组",
    "公司",
    "处",
    "科",
    "所",
    "站",
    "队",
    "支队",
    "大队",
    "街道",
    "乡",
    "镇",
    "社",
    "馆",
    "室",
    "集团",
    "小组",
    "学校",
    "银行",
    "会议",
    "署",
];

/// One line of the draft as recognition reads it.
#[derive(Debug, Clone, Default)]
struct Line {
    /// The text, without typed indents and trailing spaces.
    text: String,
    /// Word's automatic number (or a Markdown list's).
    number: Option<String>,
    outline: Option<u8>,
    align: Alignment,
    /// Leading spaces typed before it (a full-width space counts two).
    lead: usize,
    bold: bool,
    page_break_before: bool,
    /// It may continue on the next line (a hard wrap).
    wrapped: bool,
    /// Where it is, for messages.
    place: String,
    table: Option<Table>,
}

impl Line {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn is_table(&self) -> bool {
        self.table.is_some()
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{3000}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{A0}'
        )
}

/// The lines of the draft: a paragraph with line breaks is one line each.
fn lines_of(items: Vec<Item>, docx: bool) -> (Vec<Line>, usize) {
    let mut out = Vec::new();
    let mut indents = 0;
    for item in items {
        match item {
            Item::Table(t) => out.push(Line {
                place: place(t.line, docx),
                table: Some(t),
                ..Line::default()
            }),
            Item::Paragraph(p) => {
                let pieces: Vec<&str> = p.text.split('\n').collect();
                let n = pieces.len();
                for (k, piece) in pieces.into_iter().enumerate() {
                    let lead: usize = piece
                        .chars()
                        .take_while(|c| is_space(*c))
                        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
                        .sum();
                    let text = piece.trim_matches(is_space).to_string();
                    if text.is_empty() && (k > 0 || p.number.is_none()) {
                        continue;
                    }
                    if lead > 0 {
                        indents += 1;
                    }
                    out.push(Line {
                        text,
                        number: if k == 0 { p.number.clone() } else { None },
                        outline: p.outline,
                        align: p.align,
                        lead,
                        bold: p.bold,
                        page_break_before: k == 0 && p.page_break_before,
                        wrapped: k + 1 < n || p.wrapped,
                        place: place(p.line, docx),
                        table: None,
                    });
                }
            }
        }
    }
    (out, indents)
}

fn place(line: usize, docx: bool) -> String {
    if docx {
        format!("¶{line}")
    } else {
        format!("{line}:1")
    }
}

fn clip(s: &str) -> String {
    crate::error::clip(s, 40)
}

/// Whether a line ends a sentence (so the next line starts another).
fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with([
        '。', '！', '？', '；', '：', '!', '?', ';', ':', '…', '”', '’', '）', ')', '》', '」',
        '』',
    ])
}

/// Whether a line may end a title: not a sentence's end, but a bracket
/// after the 文种 word may (实施方案（2023—2025年）, 办法（试行）).
fn title_end(s: &str) -> bool {
    !ends_sentence(s) || s.trim_end().ends_with(['）', ')']) && ends_with_genre(s)
}

fn has_sentence_punctuation(s: &str) -> bool {
    s.contains(['。', '；', '，', '！', '？', ',', ';'])
}

/// The text ends with a 文种 word (perhaps followed by （试行） or the like).
fn ends_with_genre(s: &str) -> bool {
    let mut t = s.trim_end();
    if t.ends_with(['）', ')']) {
        if let Some(i) = t.rfind(['（', '(']) {
            if i > 0 {
                t = &t[..i];
            }
        }
    }
    GENRES.iter().any(|g| t.ends_with(g))
}

fn looks_like_agency(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && !has_sentence_punctuation(s)
        && !s.ends_with(['：', ':'])
        && heading_number(s).is_none()
        && find_date(s).is_none()
        && AGENCY_ENDS.iter().any(|e| s.ends_with(e))
}

// ---------------------------------------------------------------- 版头

/// A 发文字号 (年份 in any bracket, normalised to 〔〕), or a 令号/期号.
fn doc_number(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| !is_space(*c)).collect();
    let chars: Vec<char> = t.chars().collect();
    let open = chars.iter().position(|c| {
        matches!(
            c,
            '〔' | '[' | '［' | '(' | '（' | '﹝' | '【' | '{' | '〈' | '<'
        )
    })?;
    let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
    if open > 20 || chars.len() < open + 7 || !chars[open + 1..open + 5].iter().all(digit) {
        return None;
    }
    if !matches!(
        chars[open + 5],
        '〕' | ']' | '］' | ')' | '）' | '﹞' | '】' | '}' | '〉' | '>'
    ) {
        return None;
    }
    let rest: String = chars[open + 6..].iter().collect();
    let num = rest.strip_suffix('号')?;
    if num.is_empty() || !num.chars().all(|c| digit(&c)) {
        return None;
    }
    let fold = |s: String| -> String {
        s.chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect()
    };
    let prefix: String = chars[..open].iter().collect();
    let year: String = chars[open + 1..open + 5].iter().collect();
    Some(format!(
        "{prefix}〔{}〕{}号",
        fold(year),
        fold(num.to_string())
    ))
}

/// 令号 or 期号: 第12号, 第5期.
fn issue_number(s: &str) -> bool {
    let t = s.trim();
    t.starts_with('第')
        && (t.ends_with('号') || t.ends_with('期'))
        && t.chars().count() <= 12
        && t.chars()
            .skip(1)
            .take_while(|c| *c != '号' && *c != '期')
            .all(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十百〇".contains(c)
            })
}

#[derive(Debug, Default)]
struct HeaderOut {
    copy_number: Option<String>,
    secrecy: Option<String>,
    urgency: Option<String>,
    issuers: Vec<String>,
    /// Some(None): the names alone; None: the default mark.
    mark: Option<Option<String>>,
    doc_number: Option<String>,
    signers: Vec<String>,
    minutes: bool,
}

impl HeaderOut {
    fn is_empty(&self) -> bool {
        self.copy_number.is_none()
            && self.secrecy.is_none()
            && self.urgency.is_none()
            && self.issuers.is_empty()
            && self.doc_number.is_none()
    }
}

fn signer_names(s: &str) -> Vec<String> {
    s.split(|c: char| is_space(c) || matches!(c, '、' | '，' | ','))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

// --------------------------------------------------------------- blocks

#[derive(Debug, Clone)]
enum Block {
    Title(Vec<String>),
    Addressee(String),
    Heading {
        level: u8,
        text: String,
        run_in: Option<String>,
    },
    Paragraph(String),
    Table(Value),
    AttachmentNote(Vec<String>),
    Signature {
        agencies: Vec<String>,
        date: NaiveDate,
    },
    Note(String),
    Attendance {
        label: String,
        names: Vec<String>,
    },
    PageBreak,
}

impl Block {
    fn json(&self) -> Value {
        match self {
            Block::Title(lines) if lines.len() == 1 => json!({"title": lines[0]}),
            Block::Title(lines) => json!({ "title": lines }),
            Block::Addressee(s) => json!({ "addressee": s }),
            Block::Heading {
                level,
                text,
                run_in: None,
            } => json!({"heading": {"level": level, "text": text}}),
            Block::Heading {
                level,
                text,
                run_in: Some(r),
            } => json!({"heading": {"level": level, "text": text, "run_in": r}}),
            Block::Paragraph(s) => json!({ "paragraph": s }),
            Block::Table(t) => json!({ "table": t }),
            Block::AttachmentNote(names) => json!({ "attachment_note": names }),
            Block::Signature { agencies, date } => {
                let date = date.format("%Y-%m-%d").to_string();
                if agencies.is_empty() {
                    json!({"signature": {"date": date}})
                } else if agencies.len() == 1 {
                    json!({"signature": {"agency": agencies[0], "date": date}})
                } else {
                    let list: Vec<Value> = agencies.iter().map(|a| json!({"name": a})).collect();
                    json!({"signature": {"agencies": list, "date": date}})
                }
            }
            Block::Note(s) => json!({ "note": s }),
            Block::Attendance { label, names } => {
                json!({"attendance": {"label": label, "names": names}})
            }
            Block::PageBreak => json!("page_break"),
        }
    }
}

/// A table's input: widths from the draft's grid (in proportion), merges
/// from gridSpan and vMerge, the first row a header row when the table has
/// more rows.
fn table_json(t: &Table) -> Option<Value> {
    let ncols = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()?;
    if ncols == 0 || ncols > crate::input::document::MAX_TABLE_COLS {
        return None;
    }
    let nrows = t.rows.len();
    // positions: the cell starting there (row, text, colspan), or covered
    let mut starts: Vec<Vec<Option<(String, usize, usize)>>> = vec![vec![None; ncols]; nrows];
    let mut covered = vec![vec![false; ncols]; nrows];
    for (r, row) in t.rows.iter().enumerate() {
        let mut c = 0;
        for cell in row {
            if c >= ncols {
                break;
            }
            let span = cell.span.min(ncols - c);
            if cell.vmerge == VMerge::Continue && r > 0 {
                // extend the cell above that covers this column
                let mut above = r - 1;
                loop {
                    if starts[above][c].is_some() {
                        break;
                    }
                    if above == 0 || !covered[above][c] {
                        break;
                    }
                    above -= 1;
                }
                if let Some((_, _, rowspan)) = starts[above][c].as_mut() {
                    *rowspan += 1;
                    covered[r][c..c + span].iter_mut().for_each(|x| *x = true);
                    c += span;
                    continue;
                }
            }
            starts[r][c] = Some((cell.shown.trim().to_string(), span, 1));
            covered[r][c + 1..c + span]
                .iter_mut()
                .for_each(|x| *x = true);
            c += span;
        }
        // a short row: the rest of the grid as empty cells
        while c < ncols {
            if !covered[r][c] && starts[r][c].is_none() {
                starts[r][c] = Some((String::new(), 1, 1));
            }
            c += 1;
        }
    }
    let mut rows = Vec::new();
    for row in &starts {
        let mut cells = Vec::new();
        for (text, span, rowspan) in row.iter().flatten() {
            if *span == 1 && *rowspan == 1 {
                cells.push(json!(text));
            } else {
                let mut o = Map::new();
                o.insert("text".into(), json!(text));
                if *rowspan > 1 {
                    o.insert("rowspan".into(), json!(rowspan));
                }
                if *span > 1 {
                    o.insert("colspan".into(), json!(span));
                }
                cells.push(Value::Object(o));
            }
        }
        rows.push(Value::Array(cells));
    }
    let widths: Vec<Value> = if t.grid.len() == ncols && t.grid.iter().all(|w| *w > 0) {
        t.grid.iter().map(|w| json!(w)).collect()
    } else {
        // the longest text of each column decides its share
        let mut longest = vec![2usize; ncols];
        for row in &starts {
            for (c, s) in row.iter().enumerate() {
                if let Some((text, 1, _)) = s {
                    let n = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                    longest[c] = longest[c].max(n.min(20));
                }
            }
        }
        longest.iter().map(|w| json!(w)).collect()
    };
    let mut o = Map::new();
    o.insert("widths".into(), Value::Array(widths));
    // a header row that no merge crosses
    let header_ok = nrows > 2
        && starts[0]
            .iter()
            .flatten()
            .all(|(_, _, rowspan)| *rowspan == 1);
    if header_ok {
        o.insert("header_rows".into(), json!(1));
    }
    o.insert("rows".into(), Value::Array(rows));
    Some(Value::Object(o))
}

// ------------------------------------------------------------ recogniser

struct Reader {
    lines: Vec<Line>,
    warnings: Vec<Diagnostic>,
    regenerated: String,
    /// The draft numbers its sections 1 / 1.1 / 1.1.1 (two lines or more
    /// are headings numbered 1.1 or deeper): a line 1 总则 is a heading too.
    decimal: bool,
    /// The title was cut out of a line that runs on into the text (a web
    /// page flattened into one line): the 主送 may run on too, with no
    /// space after its colon.
    flattened: bool,
}

/// A line numbered 1 / 1.1 / 1.1.1 that reads as a heading: (the number's
/// parts, the number as written, the text after it). Short, and no sentence.
fn decimal_heading(s: &str) -> Option<(Vec<u32>, &str, &str)> {
    let (parts, len) = super::written::decimal_number(s)?;
    let rest = &s[len..];
    let heading = rest.chars().count() <= 30
        && !rest.contains(['。', '，', '；', ',', ';'])
        && !rest.trim_end().ends_with(['：', ':']);
    heading.then(|| (parts, s[..len].trim_end_matches(is_space), rest))
}

/// Whether decimal section number `next` follows `last` (the previous
/// section's, empty before the first): the next at its depth under the
/// same parent (1.2 after 1.1, 2 after 1.3), or the first one deeper (1.1
/// after 1). A number out of that sequence is no section's.
fn decimal_follows(last: &[u32], next: &[u32]) -> bool {
    let n = next.len();
    if n == 0 || n > last.len() + 1 || next[..n - 1] != last[..n - 1] {
        return false;
    }
    let want = if n - 1 < last.len() {
        last[n - 1] + 1
    } else {
        1
    };
    next[n - 1] == want
}

/// 附件, 附件1, 附件 2, 附件一 (alone on a line, perhaps with a colon): the
/// label of an attachment's first page. Returns its number (0 for 附件 alone).
fn attachment_label(s: &str) -> Option<u32> {
    let t: String = s.chars().filter(|c| !is_space(*c)).collect();
    let rest = t.strip_prefix("附件")?;
    let rest = rest.trim_end_matches(['：', ':']);
    if rest.is_empty() {
        return Some(0);
    }
    let digits: String = rest
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    digits
        .parse()
        .ok()
        .or_else(|| super::written::chinese_small(rest))
        .filter(|n| *n > 0 && *n < 100)
}

/// The text of a 附件说明 line after 附件：, or None.
fn note_start(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("附件")?;
    let rest = rest.trim_start_matches(is_space);
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
    Some(rest.trim_matches(is_space))
}

fn colophon_line(s: &str) -> bool {
    cc_label(s).is_some() || printed_line(s).is_some()
}

/// A 版记 抄送 line's label and the text after its colon: 抄送：…, and the
/// older 抄报：… (to superiors), spaces in the label allowed (抄 报：).
fn cc_label(s: &str) -> Option<(&'static str, &str)> {
    let mut chars = s.char_indices().filter(|(_, c)| !is_space(*c));
    let (_, a) = chars.next()?;
    let (_, b) = chars.next()?;
    let (at, colon) = chars.next()?;
    if a != '抄' || !matches!(colon, '：' | ':') {
        return None;
    }
    let label = match b {
        '送' => "抄送",
        '报' => "抄报",
        _ => return None,
    };
    Some((label, &s[at + colon.len_utf8()..]))
}

/// The 版记's 印发机关 and 印发日期.
type Printed = (String, NaiveDate);

/// “XX办公室 2024年3月5日印发”: the printer and the date.
fn printed_line(s: &str) -> Option<(String, NaiveDate)> {
    let t = s.trim_end_matches(is_space);
    let body = t.strip_suffix("印发")?;
    let (date, range) = find_date(body)?;
    let chars: Vec<char> = body.chars().collect();
    if range.end != chars.len() {
        return None;
    }
    let printer: String = chars[..range.start].iter().collect();
    Some((printer.trim_matches(is_space).to_string(), date))
}

/// The longest a run-in heading's first sentence is, with its 。 or ：: a
/// heading is a short phrase (加强组织领导。, 充分认识做好高校毕业生就业工作的
/// 重要性。); a longer first sentence is the numbered sentence's own
/// (原则同意省有关部门及海航集团对落实合作备忘录的意见和建议。).
const RUN_IN_MAX: usize = 24;

/// Where a numbered line's heading ends when it runs into its text: after
/// a first sentence (ending in 。 or ：) of at most [`RUN_IN_MAX`]
/// characters with no comma in it, followed by more text. Bytes into `rest`.
fn run_in_split(rest: &str) -> Option<usize> {
    let mut n = 0;
    for (i, c) in rest.char_indices() {
        n += 1;
        if n > RUN_IN_MAX || matches!(c, '，' | ',' | '；' | '？' | '！') {
            return None;
        }
        if matches!(c, '。' | '：') {
            let end = i + c.len_utf8();
            let after = rest[end..].trim_start_matches(is_space);
            return (n >= 3 && !after.is_empty()).then_some(end);
        }
    }
    None
}

/// Siblings are of one kind: a list of numbered lines at one level (between
/// two headings above that level) is either headings or numbered
/// sentences. Where the lines that run on into text are less often read as
/// run-in headings than as numbered sentences (1.请市政府市长、副市长、
/// 秘书长参加。邀请…… among 2.请……，…… and 3.……), the run-in ones are
/// numbered sentences too: paragraphs, their text as typed. As many of
/// each keeps the run-in headings: a clerk who ended one item's first
/// clause with a comma did not make the list's other items sentences.
fn same_kind_siblings(out: &mut [Block], start: usize, numbered: &[(usize, u8, bool)]) {
    let mut groups: Vec<Vec<(usize, bool)>> = Vec::new();
    // the open group of each level
    let mut open: BTreeMap<u8, usize> = BTreeMap::new();
    let mut next = numbered.iter().peekable();
    for (i, block) in out.iter().enumerate().skip(start) {
        let item = next.next_if(|(at, _, _)| *at == i);
        let level = match (item, block) {
            (Some((_, level, _)), _) => *level,
            (None, Block::Heading { level, .. }) => *level,
            _ => continue,
        };
        // a heading closes the lists below its level
        open.retain(|l, _| *l <= level);
        // a short heading of the list's own level is one of its items
        // (一、出席人员 among numbered sentences) and counts for neither
        if let Some((_, _, run_in)) = item {
            let g = *open.entry(level).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push((i, *run_in));
        }
    }
    for g in groups {
        let run_ins = g.iter().filter(|(_, r)| *r).count();
        let sentences = g.len() - run_ins;
        if sentences == 0 || run_ins >= sentences {
            continue;
        }
        for (i, run_in) in g {
            if !run_in {
                continue;
            }
            if let Block::Heading {
                text,
                run_in: Some(rest),
                ..
            } = &out[i]
            {
                out[i] = Block::Paragraph(format!("{text}{rest}"));
            }
        }
    }
}

/// A line in parentheses after the 落款: a 附注.
fn note_text(s: &str) -> Option<String> {
    let t = s.trim();
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']))?;
    (!inner.is_empty() && whole_date(t).is_none()).then(|| inner.to_string())
}

/// A contact line a draft types under the 落款 as its 附注, without the
/// parentheses: 联系人：…, 联系电话：…, 联系单位及电话：…, 联 系 人：….
fn contact_line(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !is_space(*c)).collect();
    let Some(at) = t.find(['：', ':']) else {
        return false;
    };
    let label = &t[..at];
    label.starts_with("联系")
        && label.chars().count() <= 8
        && !label.contains(['，', '。'])
        && t.chars().count() <= 60
}

/// 主题词：… (the 1999 版记's line).
fn subject_words_line(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !is_space(*c)).collect();
    t.starts_with("主题词：") || t.starts_with("主题词:")
}

/// 出席：…, 列席人员：…, 请假：…
fn attendance(s: &str) -> Option<(String, Vec<String>)> {
    for label in ["出席", "列席", "请假"] {
        let Some(rest) = s.strip_prefix(label) else {
            continue;
        };
        let rest = rest.strip_prefix("人员").unwrap_or(rest);
        let Some(names) = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')) else {
            continue;
        };
        let names: Vec<String> = names
            .split(['，', '、', ','])
            .map(|n| n.trim_matches(is_space).trim_end_matches('。').to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if !names.is_empty() {
            return Some((label.to_string(), names));
        }
    }
    None
}

impl Reader {
    fn warn(&mut self, line: &Line, message: std::borrow::Cow<str>) {
        self.warnings
            .push(Diagnostic::warning(line.place.clone(), message));
    }

    fn regenerate(&mut self, s: &str) {
        self.regenerated.push_str(s);
    }

    /// Half-width punctuation between Chinese characters written full-width
    /// on every line and table cell ([`super::punctuation`]), with one
    /// warning for the draft: how many, and the first with its line.
    fn full_width_punctuation(&mut self) {
        let mut count = 0;
        let mut first: Option<(String, String, String)> = None;
        let mut changed_all = String::new();
        let mut fix = |text: &mut String, place: &str| {
            let (out, changed) = super::punctuation::to_full_width(text);
            if changed.is_empty() {
                return;
            }
            count += changed.chars().count();
            if first.is_none() {
                first = Some((place.to_string(), clip(text), clip(&out)));
            }
            changed_all.push_str(&changed);
            *text = out;
        };
        for l in &mut self.lines {
            let place = l.place.clone();
            fix(&mut l.text, &place);
            if let Some(t) = &mut l.table {
                for cell in t.rows.iter_mut().flatten() {
                    fix(&mut cell.shown, &place);
                }
            }
        }
        if let Some((place, typed, written)) = first {
            self.regenerate(&changed_all);
            self.warnings.push(Diagnostic::warning(
                place,
                t!(
                    "draft.recognise.full_width",
                    n = count,
                    typed = typed,
                    written = written
                ),
            ));
        }
    }

    /// A title run on into the text on one long line, as a web page
    /// flattens a document (关于……的通知各省、自治区……：为加强……): the
    /// line is cut after the title's 的 + 文种 word when the 主送 follows,
    /// ending in the line's first colon with no full stop before it.
    fn flattened_title(&mut self) {
        let Some(k) = (0..self.lines.len().min(3)).find(|&k| {
            let l = &self.lines[k];
            !l.is_table() && l.chars() > 100
        }) else {
            return;
        };
        let text = self.lines[k].text.clone();
        let Some(colon) = text.find(['：', ':']) else {
            return;
        };
        let head = &text[..colon];
        if head.contains(['。', '；', '！', '？']) {
            return;
        }
        // the last 的 + 文种 before the colon
        let cut = GENRES
            .iter()
            .filter_map(|g| {
                let pattern = format!("的{g}");
                head.rfind(&pattern).map(|at| at + pattern.len())
            })
            .max();
        let Some(cut) = cut else {
            return;
        };
        let (title, rest) = text.split_at(cut);
        let addressee = &head[cut..];
        let n = addressee.chars().count();
        if !title.contains("关于") || title.chars().count() > 100 || !(2..=100).contains(&n) {
            return;
        }
        let mut second = self.lines[k].clone();
        second.text = rest.trim_start_matches(is_space).to_string();
        self.lines[k].text = title.to_string();
        self.lines[k].wrapped = false;
        let l = self.lines[k].clone();
        self.warn(&l, t!("draft.recognise.title_run_in", title = clip(title)));
        self.lines.insert(k + 1, second);
        self.flattened = true;
    }

    /// The 版头 at the top: returns it and the first line after it.
    fn header(&mut self) -> (HeaderOut, usize) {
        let mut h = HeaderOut::default();
        let mut i = 0;
        let mut names: Vec<usize> = Vec::new();
        let limit = self.lines.len().min(12);
        while i < limit {
            let line = self.lines[i].clone();
            if line.is_table() {
                break;
            }
            let s = line.text.as_str();
            let compact: String = s.chars().filter(|c| !is_space(*c)).collect();
            if h.copy_number.is_none()
                && compact.chars().count() == 6
                && compact
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            {
                h.copy_number = Some(compact);
            } else if h.secrecy.is_none()
                && ["绝密", "机密", "秘密"]
                    .iter()
                    .any(|k| compact.starts_with(k))
                && compact.chars().count() <= 12
            {
                h.secrecy = Some(compact);
            } else if h.urgency.is_none()
                && ["特急", "加急", "特提", "平急"]
                    .contains(&compact.strip_prefix("紧急程度：").unwrap_or(&compact))
            {
                let u = compact.strip_prefix("紧急程度：").unwrap_or(&compact);
                h.urgency = Some(u.to_string());
            } else if let Some(number) = self.doc_number_line(&line, &mut h) {
                h.doc_number = Some(number);
                // a bare agency name (or names) above it, when no mark was found
                if h.issuers.is_empty() && !names.is_empty() {
                    h.issuers = names.iter().map(|&k| self.lines[k].text.clone()).collect();
                    h.mark = Some(None);
                }
                i += 1;
                // 签发人 on its own line after the number
                if let Some(next) = self.lines.get(i) {
                    if let Some(rest) = next.text.strip_prefix("签发人") {
                        let rest = rest.trim_start_matches(['：', ':']);
                        h.signers = signer_names(rest);
                        self.regenerate("签发人：");
                        i += 1;
                    }
                }
                break;
            } else if compact.ends_with("文件")
                && compact.chars().count() <= 40
                && !has_sentence_punctuation(&compact)
                && h.issuers.is_empty()
            {
                let name = compact.trim_end_matches("文件").to_string();
                let mut issuers: Vec<String> =
                    names.iter().map(|&k| self.lines[k].text.clone()).collect();
                if !name.is_empty() {
                    issuers.push(name);
                }
                if issuers.is_empty() {
                    break;
                }
                names.clear();
                h.issuers = issuers;
                self.regenerate("文件");
            } else if h.issuers.is_empty()
                && compact.ends_with("纪要")
                && !compact.contains("关于")
                && compact.chars().count() <= 30
                && self
                    .lines
                    .get(i + 1)
                    .is_some_and(|n| issue_number(&n.text) || doc_number(&n.text).is_some())
            {
                h.issuers = vec![compact.trim_end_matches("纪要").to_string()];
                h.mark = Some(Some("纪要".into()));
                h.minutes = true;
                if let Some(n) = self.lines.get(i + 1) {
                    h.doc_number = Some(doc_number(&n.text).unwrap_or(n.text.clone()));
                }
                i += 2;
                break;
            } else if !h.issuers.is_empty() && issue_number(s) {
                h.doc_number = Some(compact);
                i += 1;
                break;
            } else if looks_like_agency(s) && names.len() < 6 {
                names.push(i);
            } else {
                break;
            }
            i += 1;
        }
        if h.is_empty() {
            return (HeaderOut::default(), 0);
        }
        // agency names seen but not taken into the header are not the header's
        if h.doc_number.is_none() && h.issuers.is_empty() {
            if let Some(&first) = names.first() {
                return (h, first);
            }
        }
        (h, i)
    }

    /// A 发文字号 line (perhaps with 签发人 on it), normalised.
    fn doc_number_line(&mut self, line: &Line, h: &mut HeaderOut) -> Option<String> {
        let s = line.text.as_str();
        let (number_part, signer_part) = match s.find("签发人") {
            Some(k) => (&s[..k], Some(&s[k + "签发人".len()..])),
            None => (s, None),
        };
        let number = doc_number(number_part)?;
        let typed: String = number_part.chars().filter(|c| !is_space(*c)).collect();
        if typed != number {
            self.warn(
                line,
                t!(
                    "draft.recognise.doc_number",
                    typed = typed,
                    number = number.clone()
                ),
            );
        }
        // the brackets are printed as 〔〕 whatever was typed
        self.regenerate(&typed);
        if let Some(rest) = signer_part {
            h.signers = signer_names(rest.trim_start_matches(['：', ':']));
            self.regenerate("签发人：");
        }
        Some(number)
    }

    /// The title: the largest run of one to four short title-like lines from
    /// `i` whose text ends in a 文种 word; else a first line standing out
    /// (centred, bold, a Markdown `#`), with a warning; else none.
    fn title(&mut self, i: usize) -> (Option<Vec<String>>, usize) {
        let title_like = |l: &Line| {
            // a title copied from a web page stands on one line, however long
            !l.is_table()
                && l.chars() <= 100
                && !l.text.ends_with(['。', '；', '：', ':', '，', ','])
                && heading_number(&l.text).is_none()
                && l.number.is_none()
                && whole_date(&l.text).is_none()
                && attachment_label(&l.text).is_none()
        };
        let mut run = 0;
        while run < 4 && self.lines.get(i + run).is_some_and(title_like) {
            run += 1;
        }
        for n in (1..=run).rev() {
            let joined: String = self.lines[i..i + n]
                .iter()
                .map(|l| l.text.as_str())
                .collect();
            if ends_with_genre(&joined) {
                let lines = self.lines[i..i + n]
                    .iter()
                    .map(|l| l.text.clone())
                    .collect();
                return (Some(lines), i + n);
            }
        }
        if run > 0 {
            let l = &self.lines[i];
            if l.chars() <= 45 && (l.align == Alignment::Center || l.outline == Some(1) || l.bold) {
                let mut n = 1;
                while n < run && self.lines[i + n].align == Alignment::Center {
                    n += 1;
                }
                let lines: Vec<String> = self.lines[i..i + n]
                    .iter()
                    .map(|l| l.text.clone())
                    .collect();
                let line = self.lines[i].clone();
                self.warn(
                    &line,
                    t!(
                        "draft.recognise.title_guessed",
                        title = clip(&lines.concat())
                    ),
                );
                return (Some(lines), i + n);
            }
        }
        if let Some(l) = self.lines.get(i).cloned() {
            self.warn(&l, t!("draft.recognise.no_title"));
        }
        (None, i)
    }

    /// How many agency-name lines (one or two) stand at `i` above a title
    /// that names its own issuer before its 关于 on the lines after them;
    /// None when the lines at `i` are no such names.
    fn names_above_title(&self, i: usize) -> Option<usize> {
        let agency = |k: usize| {
            self.lines
                .get(k)
                .is_some_and(|l| !l.is_table() && l.number.is_none() && looks_like_agency(&l.text))
        };
        (1..=2).find(|&n| {
            (i..i + n).all(agency)
                && {
                    let l = self.lines.get(i + n);
                    l.is_some_and(|l| {
                        !l.is_table()
                            && l.chars() <= 100
                            && l.text
                                .find("关于")
                                .is_some_and(|at| at > 0 && looks_like_agency(&l.text[..at]))
                    })
                }
                && {
                    // the title's lines from there end in a 文种 word
                    let mut joined = String::new();
                    (i + n..(i + n + 4).min(self.lines.len())).any(|k| {
                        let l = &self.lines[k];
                        if l.is_table() || !title_end(&l.text) {
                            return false;
                        }
                        joined.push_str(&l.text);
                        ends_with_genre(&joined)
                    })
                }
        })
    }

    /// The 主送机关 after the title: a line (or a hard-wrapped pair) ending in ：.
    fn addressee(&mut self, i: usize) -> (Option<String>, usize) {
        let Some(l) = self.lines.get(i) else {
            return (None, i);
        };
        if l.is_table() || heading_number(&l.text).is_some() || l.number.is_some() {
            return (None, i);
        }
        let mut text = l.text.clone();
        let mut end = i + 1;
        if l.wrapped && !text.ends_with(['：', ':']) {
            if let Some(next) = self.lines.get(i + 1) {
                if next.text.ends_with(['：', ':']) && !next.is_table() {
                    text.push_str(&next.text);
                    end = i + 2;
                }
            }
        }
        let ok = text.ends_with(['：', ':'])
            && text.chars().count() <= 150
            && !text.contains('。')
            && note_start(&text).is_none()
            && attendance(&text).is_none();
        if !ok {
            // a 主送 run together with the text on one line, a space after
            // its colon, as web pages flatten them: 市直有关部门: 为切实……
            let line = l.text.clone();
            let Some(at) = line.find(['：', ':']) else {
                return (None, i);
            };
            let colon = line[at..].chars().next().map_or(1, char::len_utf8);
            let (head, rest) = (&line[..at + colon], &line[at + colon..]);
            let after = rest.trim_start_matches(is_space);
            if after.len() == rest.len() && !self.flattened
                || after.is_empty()
                || head.chars().count() > 60
                || head.contains(['。', '；', ';', '！', '？'])
                || note_start(head).is_some()
                || attendance(&line).is_some()
            {
                return (None, i);
            }
            let mut head = head.to_string();
            if head.ends_with(':') {
                head.pop();
                head.push('：');
                self.regenerate(":");
            }
            self.lines[i].text = after.to_string();
            return (Some(head), i);
        }
        if text.ends_with(':') {
            text.pop();
            text.push('：');
            self.regenerate(":");
        }
        (Some(text), end)
    }

    /// The date line `k` is: a date in any written form, or digits whose
    /// 年月日 a web page dropped (2017919) under an agency line.
    fn date_line(&self, k: usize) -> Option<NaiveDate> {
        let l = &self.lines[k];
        if l.is_table() {
            return None;
        }
        whole_date(&l.text).or_else(|| {
            let above = &self.lines[k.checked_sub(1)?];
            if above.is_table() || !looks_like_agency(&above.text) {
                return None;
            }
            super::written::digits_date(&l.text)
        })
    }

    /// Where the 落款's date is: the first date line after `from` that has an
    /// agency line above it or stands right-aligned, with only the tail of a
    /// 公文 after it (附注, attachments, 版记, a new page, the end).
    fn signature_date(&self, from: usize, to: usize) -> Option<usize> {
        (from..to).find(|&k| {
            let l = &self.lines[k];
            if l.is_table() || self.date_line(k).is_none() {
                return false;
            }
            let above = k.checked_sub(1).map(|a| &self.lines[a]);
            let signed = above.is_some_and(|a| !a.is_table() && looks_like_agency(&a.text));
            let right = l.align == Alignment::Right || l.lead >= 8;
            // what follows: notes, then the tail
            let mut j = k + 1;
            while j < to && {
                let t = &self.lines[j].text;
                note_text(t).is_some() || contact_line(t) || subject_words_line(t)
            } {
                j += 1;
            }
            // the title of an issued document right after: the notice ends
            // with the date, even with no agency above it and not pushed
            // right (web pages often drop both)
            let title_next = j < to && !self.lines[j].is_table() && {
                let mut joined = String::new();
                (j..to.min(j + 3)).any(|t| {
                    let n = &self.lines[t];
                    if n.is_table() || n.chars() > 45 || !title_end(&n.text) {
                        return false;
                    }
                    joined.push_str(&n.text);
                    ends_with_genre(&joined) && heading_number(&joined).is_none()
                })
            };
            // a date alone at the end of the text is the 落款's too
            j >= to
                || title_next
                || (signed || right) && {
                    let n = &self.lines[j];
                    n.page_break_before
                        || attachment_label(&n.text).is_some()
                        || colophon_line(&n.text)
                        || n.is_table()
                        || ends_with_genre(&n.text) && n.chars() <= 45 && title_end(&n.text)
                }
        })
    }

    /// The blocks of a stretch of body lines: headings, paragraphs (hard
    /// wraps joined), tables, attendance lists.
    fn body(&mut self, from: usize, to: usize, out: &mut Vec<Block>, first_break: bool) {
        let start = out.len();
        // the numbered lines that run on into text: (block, level, read as
        // a run-in heading rather than a numbered sentence)
        let mut numbered: Vec<(usize, u8, bool)> = Vec::new();
        self.body_blocks(from, to, out, first_break, &mut numbered);
        same_kind_siblings(&mut out[..], start, &numbered);
    }

    fn body_blocks(
        &mut self,
        from: usize,
        to: usize,
        out: &mut Vec<Block>,
        first_break: bool,
        numbered: &mut Vec<(usize, u8, bool)>,
    ) {
        let mut k = from;
        let mut counted_levels: BTreeMap<u8, usize> = BTreeMap::new();
        // the last decimal section number read as a heading (1.2)
        let mut decimal_last: Vec<u32> = Vec::new();
        while k < to {
            let line = self.lines[k].clone();
            if line.page_break_before && (k > from || first_break) {
                out.push(Block::PageBreak);
            }
            if let Some(t) = &line.table {
                match table_json(t) {
                    Some(v) => out.push(Block::Table(v)),
                    None => {
                        self.warn(&line, t!("draft.recognise.table_unread"));
                        for row in &t.rows {
                            let cells: Vec<&str> = row.iter().map(|c| c.shown.as_str()).collect();
                            out.push(Block::Paragraph(cells.join(" ")));
                        }
                    }
                }
                k += 1;
                continue;
            }
            if let Some((label, names)) = attendance(&line.text) {
                // the label, its colon and the separators are printed by the layout
                let head: String = line
                    .text
                    .chars()
                    .take_while(|c| !"：:".contains(*c))
                    .collect();
                let separators: String = line
                    .text
                    .chars()
                    .filter(|c| "：:，、,。".contains(*c))
                    .collect();
                self.regenerate(&format!("{head}{separators}"));
                out.push(Block::Attendance { label, names });
                k += 1;
                continue;
            }
            // the number: Word's automatic one, or typed
            let auto = line.number.clone();
            let typed = if auto.is_none() {
                heading_number(&line.text)
            } else {
                None
            };
            let number = match &auto {
                Some(n) => heading_number(&format!("{n}x")).map(|h| (h, String::new())),
                None => typed.clone().map(|h| (h, line.text.clone())),
            };
            let rest = match &number {
                Some((h, _)) if auto.is_none() => line.text[h.len..].to_string(),
                _ => line.text.clone(),
            };
            // a section numbered 1 / 1.1 / 1.1.1, as the draft numbers
            // them: the number kept as written (the layout cannot count it)
            if number.is_none() && auto.is_none() && self.decimal {
                if let Some((parts, written, rest)) = decimal_heading(&line.text)
                    .filter(|(parts, _, _)| decimal_follows(&decimal_last, parts))
                {
                    let level = parts.len().clamp(1, 4) as u8;
                    decimal_last = parts;
                    *counted_levels.entry(level).or_default() += 1;
                    out.push(Block::Heading {
                        level,
                        text: format!("{written} {rest}"),
                        run_in: None,
                    });
                    k += 1;
                    continue;
                }
            }
            // a Markdown # or Word's heading style, without a number
            if number.is_none() && line.outline.is_some() && line.chars() <= 40 {
                let level = line.outline.unwrap_or(1).clamp(1, 4);
                *counted_levels.entry(level).or_default() += 1;
                out.push(Block::Heading {
                    level,
                    text: line.text.clone(),
                    run_in: None,
                });
                k += 1;
                continue;
            }
            if let Some((h, _)) = &number {
                let heading = rest.chars().count() <= 30
                    && !rest.trim_end().ends_with(['。', '；', '，', ',', ';'])
                    && !rest.is_empty();
                let written = match &auto {
                    Some(a) => a.clone(),
                    None => h.written.clone(),
                };
                if written != h.standard {
                    self.warn(
                        &line,
                        t!(
                            "draft.recognise.number_normalised",
                            typed = written.clone(),
                            number = h.standard.clone(),
                            line = clip(&line.text)
                        ),
                    );
                }
                self.regenerate(&written);
                let text = format!("{}{}", h.standard, rest.trim_start_matches(is_space));
                if heading {
                    *counted_levels.entry(h.level).or_default() += 1;
                    out.push(Block::Heading {
                        level: h.level,
                        text,
                        run_in: None,
                    });
                    k += 1;
                    continue;
                }
                // a heading running into its text: （一）加强组织领导。各单位要……
                let (joined, next) = self.join_wraps(k, to, text);
                let number_len = h.standard.len();
                numbered.push((out.len(), h.level, false));
                match run_in_split(&joined[number_len..]) {
                    Some(at) => {
                        numbered.last_mut().expect("pushed").2 = true;
                        out.push(Block::Heading {
                            level: h.level,
                            text: joined[..number_len + at].to_string(),
                            run_in: Some(joined[number_len + at..].to_string()),
                        })
                    }
                    // a numbered sentence: a paragraph, joined with its wraps
                    None => out.push(Block::Paragraph(joined)),
                }
                k = next;
                continue;
            }
            let (joined, next) = self.join_wraps(k, to, line.text.clone());
            out.push(Block::Paragraph(joined));
            k = next;
        }
    }

    /// The title of a document after the 落款 (an issued document's, or an
    /// attachment's under its label): up to `max` short lines from `from`
    /// (before `to`) that may end a title, ending at the first whose text
    /// so far ends in a 文种 word (or, for an attachment, in 表). Returns the
    /// lines and the first line after them; the caller checks the ending.
    fn document_title(
        &self,
        from: usize,
        to: usize,
        max: usize,
        table_ok: bool,
    ) -> (Vec<String>, usize) {
        let mut at = from;
        let mut lines: Vec<String> = Vec::new();
        while at < to
            && lines.len() < max
            && !self.lines[at].is_table()
            && self.lines[at].chars() <= 45
            && title_end(&self.lines[at].text)
            && heading_number(&self.lines[at].text).is_none()
        {
            lines.push(self.lines[at].text.clone());
            at += 1;
            let joined = lines.concat();
            if ends_with_genre(&joined) || table_ok && joined.ends_with('表') {
                break;
            }
        }
        (lines, at)
    }

    /// The 附件说明 among the last twelve lines before `to` (where the 落款
    /// starts, or the end): 附件：name, or 附件：1. name and the numbered
    /// items under it, a line without a number continuing the name before
    /// (a wrapped line). Returns where it starts and the names. `alone`
    /// (no 落款 after it): every line after the label must be an item or
    /// a short continuation, not a sentence.
    fn attachment_note(
        &mut self,
        from: usize,
        to: usize,
        alone: bool,
    ) -> Option<(usize, Vec<String>)> {
        let n = (from..to)
            .rev()
            .take(12)
            .find(|&k| !self.lines[k].is_table() && note_start(&self.lines[k].text).is_some())?;
        if alone
            && self.lines[n + 1..to].iter().any(|l| {
                l.is_table()
                    || l.chars() > 60
                    || l.text.contains('。')
                    || l.number.is_none()
                        && super::written::list_number(&l.text).is_none()
                        && has_sentence_punctuation(&l.text)
            })
        {
            return None;
        }
        let first = note_start(&self.lines[n].text)
            .unwrap_or_default()
            .to_string();
        // the label, its colon as typed (full- or half-width)
        let mut regenerated = String::from("附件：:");
        let mut items = vec![first];
        items.extend(self.lines[n + 1..to].iter().map(|l| {
            let mut s = l.number.clone().unwrap_or_default();
            s.push_str(&l.text);
            s
        }));
        let mut names: Vec<String> = Vec::new();
        for item in items {
            if item.is_empty() {
                continue;
            }
            let (name, number) = match super::written::list_number(&item) {
                Some((written, len)) => (item[len..].to_string(), Some(written)),
                None => (item.clone(), None),
            };
            if let Some(num) = number {
                regenerated.push_str(&num);
            } else if let Some(last) = names.last_mut() {
                // a continuation of the name before (a wrapped line)
                last.push_str(&name);
                continue;
            }
            let trimmed = name
                .trim_end_matches(['。', '；', ';', '，', ','])
                .to_string();
            if trimmed.len() != name.len() {
                regenerated.push_str(&name[trimmed.len()..]);
            }
            names.push(trimmed);
        }
        if names.is_empty() {
            return None;
        }
        self.regenerate(&regenerated);
        Some((n, names))
    }

    /// A line and the hard-wrapped lines after it that continue it.
    fn join_wraps(&mut self, k: usize, to: usize, mut text: String) -> (String, usize) {
        let mut j = k;
        while j + 1 < to {
            let cur = &self.lines[j];
            let next = &self.lines[j + 1];
            let continues = cur.wrapped
                && !ends_sentence(&cur.text)
                && !next.is_table()
                && !next.page_break_before
                && next.number.is_none()
                && next.outline.is_none()
                && heading_number(&next.text).is_none()
                && !(self.decimal
                    && decimal_heading(&next.text).is_some_and(|(p, _, _)| p.len() >= 2))
                && attendance(&next.text).is_none();
            if !continues {
                break;
            }
            let ascii_join = text.ends_with(|c: char| c.is_ascii_alphanumeric())
                && next.text.starts_with(|c: char| c.is_ascii_alphanumeric());
            if ascii_join {
                text.push(' ');
            }
            text.push_str(&next.text);
            j += 1;
        }
        (text, j + 1)
    }
}

/// Recognises a draft's items as a 公文. `docx` says where lines are
/// paragraphs of a Word file (messages name them ¶N) rather than lines of
/// a text file (N:1).
pub fn recognise(items: Vec<Item>, docx: bool) -> Recognised {
    let (lines, indents) = lines_of(items, docx);
    let mut r = Reader {
        lines,
        warnings: Vec::new(),
        regenerated: String::new(),
        decimal: false,
        flattened: false,
    };
    if indents > 0 {
        r.warnings.push(Diagnostic::warning(
            "",
            t!("draft.recognise.indents", n = indents),
        ));
    }
    r.full_width_punctuation();
    r.flattened_title();
    r.decimal = r
        .lines
        .iter()
        .filter(|l| decimal_heading(&l.text).is_some_and(|(parts, _, _)| parts.len() >= 2))
        .count()
        >= 2;
    let total = r.lines.len();
    let (mut header, at) = r.header();
    // an agency's name on its own line above a title that names its
    // issuer itself (XX市人民政府办公室 / XX市人民政府办公室关于……的通知):
    // the 版头's bare name, not the title's first line
    let mut at = at;
    if header.is_empty() && at == 0 {
        if let Some(names) = r.names_above_title(at) {
            header.issuers = r.lines[at..at + names]
                .iter()
                .map(|l| l.text.clone())
                .collect();
            header.mark = Some(None);
            at += names;
        }
    }
    let (title, mut at) = r.title(at);
    // the 发文字号 in brackets after the title, as web pages print it:
    // 关于……的通知（X办发〔2017〕2号）
    let mut title = title;
    if let Some(last) = title.as_mut().and_then(|t| t.last_mut()) {
        let t = last.trim_end().to_string();
        if header.doc_number.is_none() && t.ends_with(['）', ')']) {
            if let Some(open) = t.rfind(['（', '(']) {
                let bracket = t[open..].chars().next().map_or(1, char::len_utf8);
                let close = t.chars().last().map_or(1, char::len_utf8);
                let inner = &t[open + bracket..t.len() - close];
                if let Some(number) = doc_number(inner) {
                    if ends_with_genre(t[..open].trim_end()) {
                        r.regenerate(&t[open..]);
                        header.doc_number = Some(number);
                        *last = t[..open].trim_end().to_string();
                    }
                }
            }
        }
    }
    // a 发文字号 under the title, as web pages print it, with no 版头 above
    if title.is_some() && header.doc_number.is_none() {
        if let Some(line) = r.lines.get(at).cloned() {
            if !line.is_table() {
                if let Some(number) = r.doc_number_line(&line, &mut header) {
                    header.doc_number = Some(number);
                    at += 1;
                }
            }
        }
    }
    let (addressee, body_from) = r.addressee(at);

    // the tail, from the end: the 版记's 印发 line and 抄送 lines
    let mut end = total;
    let mut colophon: Option<(Vec<String>, Option<Printed>)> = None;
    {
        let mut k = total;
        let mut printed = None;
        if k > body_from && !r.lines[k - 1].is_table() {
            let text = r.lines[k - 1].text.clone();
            if let Some((printer, date)) = printed_line(&text) {
                let after_printer = text.strip_prefix(printer.as_str()).unwrap_or(&text);
                r.regenerate(after_printer);
                printed = Some((printer, date));
                k -= 1;
            }
        }
        let mut cc_text = String::new();
        let cc_at = (k.saturating_sub(4).max(body_from)..k).rev().find(|&j| {
            let l = &r.lines[j];
            !l.is_table()
                && cc_label(&l.text).is_some()
                && r.lines[j + 1..k]
                    .iter()
                    .all(|c| !c.is_table() && !c.text.contains(['；', '！', '？']))
        });
        if let Some(j) = cc_at {
            let joined: String = r.lines[j..k].iter().map(|l| l.text.as_str()).collect();
            let (label, after) = cc_label(&joined).expect("a 抄送 line");
            cc_text = after.to_string();
            if label != "抄送" {
                let l = r.lines[j].clone();
                r.warn(&l, t!("draft.recognise.cc_reported", typed = label));
            }
            // the label, its colon, the separators and the full stop are the layout's
            let separators: String = joined
                .chars()
                .filter(|c| "：:，、,。.".contains(*c))
                .collect();
            r.regenerate(&format!("{label}{separators}"));
            k = j;
        }
        if printed.is_some() || cc_at.is_some() {
            let cc: Vec<String> = cc_text
                .trim_end_matches(is_space)
                .trim_end_matches(['。', '.'])
                .split(['，', '、', ','])
                .map(|n| n.trim_matches(is_space).to_string())
                .filter(|n| !n.is_empty())
                .collect();
            colophon = Some((cc, printed));
            end = k;
        }
    }

    // the 落款's date, and where the attachments start
    let signature_at = r.signature_date(body_from, end);
    let mut blocks: Vec<Block> = Vec::new();
    if let Some(t) = &title {
        blocks.push(Block::Title(t.clone()));
    }
    if let Some(a) = &addressee {
        blocks.push(Block::Addressee(a.clone()));
    }
    let mut attachments: Vec<(String, Vec<Block>)> = Vec::new();
    let mut issued: Vec<(String, Vec<Block>)> = Vec::new();
    let mut note_names: Option<Vec<String>> = None;
    match signature_at {
        None => {
            if let Some(l) = r.lines.get(body_from.min(total.saturating_sub(1))).cloned() {
                if total > body_from {
                    r.warn(&l, t!("draft.recognise.no_signature"));
                }
            }
            // a 附件说明 ending the text, with no 落款 after it
            let mut body_to = end;
            if let Some((n, names)) = r.attachment_note(body_from, end, true) {
                let l = r.lines[n].clone();
                r.warn(&l, t!("draft.recognise.note_without_signature"));
                note_names = Some(names);
                body_to = n;
            }
            r.body(body_from, body_to, &mut blocks, false);
            if let Some(names) = &note_names {
                blocks.push(Block::AttachmentNote(names.clone()));
            }
        }
        Some(date_at) => {
            // agency lines above the date
            let mut agency_from = date_at;
            while agency_from > body_from
                && date_at - agency_from < 3
                && looks_like_agency(&r.lines[agency_from - 1].text)
                && !r.lines[agency_from - 1].is_table()
            {
                agency_from -= 1;
            }
            // the 附件说明 above them
            let mut body_to = agency_from;
            if let Some((n, names)) = r.attachment_note(body_from, agency_from, false) {
                note_names = Some(names);
                body_to = n;
            }
            r.body(body_from, body_to, &mut blocks, false);
            if let Some(names) = &note_names {
                blocks.push(Block::AttachmentNote(names.clone()));
            }
            // one line may name several agencies apart by spaces (a joint
            // 落款 typed on one line): each part an agency's name
            let agencies: Vec<String> = r.lines[agency_from..date_at]
                .iter()
                .flat_map(|l| {
                    let parts: Vec<&str> =
                        l.text.split(is_space).filter(|p| !p.is_empty()).collect();
                    if parts.len() > 1 && parts.iter().all(|p| looks_like_agency(p)) {
                        parts.into_iter().map(str::to_string).collect()
                    } else {
                        vec![l.text.clone()]
                    }
                })
                .collect();
            let date_line = r.lines[date_at].clone();
            let date = r.date_line(date_at).expect("a date line");
            if whole_date(&date_line.text).is_none() {
                r.warn(
                    &date_line,
                    t!(
                        "draft.recognise.digits_date",
                        line = date_line.text.clone(),
                        date = date.format("%Y-%m-%d").to_string()
                    ),
                );
            }
            r.regenerate(&date_line.text);
            let agencies = if agencies.is_empty() {
                // the issuer named by the 版头 or the title
                let from_header = header.issuers.first().cloned();
                let from_title = title.as_ref().and_then(|t| {
                    let joined = t.concat();
                    let k = joined.find("关于")?;
                    let who = joined[..k].to_string();
                    looks_like_agency(&who).then_some(who)
                });
                // the title's own issuer first: the 版头 may stack several
                // issuers or spell a longer name above the document
                match from_title.or(from_header) {
                    Some(a) => {
                        r.warn(
                            &date_line,
                            t!("draft.recognise.signature_from_issuer", agency = a.clone()),
                        );
                        vec![a]
                    }
                    None => Vec::new(),
                }
            } else {
                agencies
            };
            // a 纪要 has no 落款: its date alone stays a paragraph
            let minutes_like = header.minutes
                || title.as_ref().is_some_and(|t| t.concat().ends_with("纪要"))
                || r.lines[body_from..date_at]
                    .iter()
                    .any(|l| attendance(&l.text).is_some());
            if agencies.is_empty() && minutes_like {
                r.warn(
                    &date_line,
                    t!(
                        "draft.recognise.date_without_agency",
                        line = clip(&date_line.text)
                    ),
                );
                blocks.push(Block::Paragraph(date_line.text.clone()));
            } else {
                if agencies.is_empty() {
                    r.warn(
                        &date_line,
                        t!("draft.recognise.date_only", line = clip(&date_line.text)),
                    );
                }
                blocks.push(Block::Signature { agencies, date });
            }
            // 附注: in parentheses, or a contact line (联系人：…) as drafts
            // type them under the date
            let mut k = date_at + 1;
            while k < end {
                let text = r.lines[k].text.clone();
                if let Some(note) = note_text(&text) {
                    // the brackets, as typed, are the layout's
                    let typed = text.trim().to_string();
                    r.regenerate(&typed.replace(note.as_str(), ""));
                    blocks.push(Block::Note(note));
                } else if contact_line(&text) {
                    let l = r.lines[k].clone();
                    r.warn(&l, t!("draft.recognise.contact_note", line = clip(&text)));
                    blocks.push(Block::Note(text));
                } else {
                    break;
                }
                k += 1;
            }
            // 主题词 (GB/T 9704-1999's, gone from the 2012 版记): kept as a
            // paragraph after the 落款, with a warning
            while k < end && subject_words_line(&r.lines[k].text) {
                let l = r.lines[k].clone();
                r.warn(
                    &l,
                    t!("draft.recognise.subject_words", line = clip(&l.text)),
                );
                blocks.push(Block::Paragraph(l.text.clone()));
                k += 1;
            }
            // attachments: 附件N, the title, the content
            let mut starts: Vec<usize> = (k..end)
                .filter(|&j| attachment_label(&r.lines[j].text).is_some())
                .collect();
            if starts.first() != Some(&k) && k < end {
                let first = starts.first().copied().unwrap_or(end);
                // a 印发/转发 notice: the document it issues, with its own title
                let (title_lines, title_to) = r.document_title(k, first, 4, false);
                if !title_lines.is_empty() && ends_with_genre(&title_lines.concat()) {
                    let mut content = Vec::new();
                    r.body(title_to, first, &mut content, false);
                    issued.push((title_lines.concat(), content));
                } else {
                    // text after the 落款 that is no attachment: kept as paragraphs
                    let l = r.lines[k].clone();
                    r.warn(
                        &l,
                        t!("draft.recognise.after_signature", line = clip(&l.text)),
                    );
                    r.body(k, first, &mut blocks, true);
                }
            }
            starts.push(end);
            for w in starts.windows(2) {
                let (s, e) = (w[0], w[1]);
                let label = r.lines[s].text.clone();
                r.regenerate(&label);
                let (title_lines, title_to) = r.document_title(s + 1, e, 3, true);
                let mut content = Vec::new();
                r.body(title_to, e, &mut content, false);
                let title = title_lines.concat();
                if title.is_empty() {
                    let l = r.lines[s].clone();
                    r.warn(&l, t!("draft.recognise.attachment_without_title"));
                }
                attachments.push((title, content));
            }
        }
    }

    // the 附件说明 and the attachments' titles agree
    if let Some(names) = &note_names {
        if names.len() == attachments.len() {
            for (k, (title, _)) in attachments.iter_mut().enumerate() {
                let same = |a: &str, b: &str| {
                    let f = |s: &str| -> String {
                        s.chars()
                            .filter(|c| !is_space(*c) && !"《》“”\"".contains(*c))
                            .collect()
                    };
                    f(a) == f(b)
                };
                if title.is_empty() || *title != names[k] && same(title, &names[k]) {
                    *title = names[k].clone();
                }
            }
        }
    }

    // the 纪要 format when the header says 纪要 or an attendance list is given
    let minutes = header.minutes
        || blocks.iter().any(|b| matches!(b, Block::Attendance { .. }))
        || title.as_ref().is_some_and(|t| t.concat().ends_with("纪要"));
    if !minutes {
        // attendance outside minutes: as paragraphs
        for b in &mut blocks {
            if let Block::Attendance { label, names } = b {
                *b = Block::Paragraph(format!("{label}：{}", names.join("，")));
            }
        }
    }

    // a 发文字号 with no 发文机关标志 above it (a page copied from the web):
    // the issuer the title names, with a warning; else no mark word, which
    // alone (文件) would stand for nobody
    if header.doc_number.is_some() && header.issuers.is_empty() && header.mark.is_none() {
        let from_title = title.as_ref().and_then(|t| {
            let joined = t.concat();
            let who = joined[..joined.find("关于")?].to_string();
            looks_like_agency(&who).then_some(who)
        });
        let message = match &from_title {
            Some(a) => t!("draft.recognise.issuer_from_title", agency = a.clone()),
            None => t!("draft.recognise.no_issuer"),
        };
        r.warnings.push(Diagnostic::warning("header", message));
        match from_title {
            Some(a) => header.issuers = vec![a],
            None => header.mark = Some(None),
        }
    }

    let mut input = Map::new();
    input.insert("kind".into(), json!("document"));
    if minutes {
        input.insert("format".into(), json!("minutes"));
    }
    if !header.is_empty() {
        let mut h = Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                h.insert(k.into(), json!(v));
            }
        };
        put("copy_number", &header.copy_number);
        put("secrecy", &header.secrecy);
        put("urgency", &header.urgency);
        put("doc_number", &header.doc_number);
        if !header.issuers.is_empty() {
            h.insert("issuers".into(), json!(header.issuers));
        }
        match &header.mark {
            Some(None) => {
                h.insert("mark".into(), Value::Null);
            }
            Some(Some(m)) if !minutes || m != "纪要" => {
                h.insert("mark".into(), json!(m));
            }
            _ => {}
        }
        if !header.signers.is_empty() && header.doc_number.is_some() {
            h.insert("signers".into(), json!(header.signers));
        }
        input.insert("header".into(), Value::Object(h));
    }
    input.insert(
        "blocks".into(),
        Value::Array(blocks.iter().map(Block::json).collect()),
    );
    // the files' own title and date: the document's title and its 成文日期
    let mut meta = Map::new();
    if let Some(t) = &title {
        meta.insert("title".into(), json!(t.concat()));
    }
    let signed = input["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|b| b.pointer("/signature/date").cloned());
    if let Some(date) = signed {
        meta.insert("date".into(), date);
    }
    if !meta.is_empty() {
        input.insert("meta".into(), Value::Object(meta));
    }
    let documents = |list: &[(String, Vec<Block>)]| -> Vec<Value> {
        list.iter()
            .map(|(title, blocks)| {
                let blocks: Vec<Value> = if blocks.is_empty() {
                    vec![json!({"paragraph": ""})]
                } else {
                    blocks.iter().map(Block::json).collect()
                };
                json!({"title": title, "blocks": blocks})
            })
            .collect()
    };
    if !issued.is_empty() {
        input.insert("issued".into(), Value::Array(documents(&issued)));
    }
    if !attachments.is_empty() {
        input.insert("attachments".into(), Value::Array(documents(&attachments)));
    }
    if let Some((cc, printed)) = colophon {
        let mut c = Map::new();
        if !cc.is_empty() {
            c.insert("cc".into(), json!(cc));
        }
        if let Some((printer, date)) = printed {
            if !printer.is_empty() {
                c.insert("printer".into(), json!(printer));
            }
            c.insert(
                "print_date".into(),
                json!(date.format("%Y-%m-%d").to_string()),
            );
        }
        input.insert("colophon".into(), Value::Object(c));
    }
    Recognised {
        input: Value::Object(input),
        warnings: r.warnings,
        regenerated: r.regenerated,
    }
}

/// Every string of an input, keys left out.
fn strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The characters of the draft's visible text (spaces aside) that are
/// neither in the input nor regenerated by the layout, each as often as
/// it is missing.
pub fn lost_characters(items: &[Item], recognised: &Recognised) -> Vec<char> {
    let mut source: BTreeMap<char, i64> = BTreeMap::new();
    let mut add = |s: &str| {
        for c in s.chars().filter(|c| !is_space(*c)) {
            *source.entry(c).or_default() += 1;
        }
    };
    for item in items {
        match item {
            Item::Paragraph(p) => {
                add(p.number.as_deref().unwrap_or(""));
                add(&p.text);
            }
            Item::Table(t) => {
                for c in t.rows.iter().flatten() {
                    add(&c.shown);
                }
            }
        }
    }
    let mut out = String::new();
    strings(&recognised.input, &mut out);
    out.push_str(&recognised.regenerated);
    for c in out.chars() {
        if let Some(n) = source.get_mut(&c) {
            *n -= 1;
        }
    }
    source
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .flat_map(|(c, n)| std::iter::repeat_n(c, n as usize))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{import, Source};

    /// A draft imported, checked to lose nothing and to build.
    fn imported(text: &str, source: Source) -> crate::draft::Imported {
        let got = import(text.as_bytes(), source).unwrap();
        assert!(got.lost.is_empty(), "lost {:?}", got.lost);
        let json = serde_json::to_string(&got.input).unwrap();
        match crate::input::parse(&json) {
            Ok(crate::input::Input::Document(d)) => {
                if let Err(e) = d.into_model() {
                    panic!("{e:?}\n{json}");
                }
            }
            other => panic!("{json}: {:?}", other.err()),
        }
        got
    }

    const NOTICE: &str = "XX县人民政府办公室文件\n\nX政办发[2024]12号\n\nXX县人民政府办公室\n关于做好2024年政务公开工作的通知\n\n各乡镇人民政府，县政府各部门：\n　　为深入贯彻落实《条例》，现就有关事项通知如下。\n一、总体要求\n　　坚持以公开为常态、不公开为例外。\n1、明确责任分工\n各单位主要负责同志要亲自抓，形成一级抓一级、层层抓落实\n的工作格局。\n2.各单位要于2024年3月31日前将工作总结报送县政府办公室，逾期未报送的予以通报。\n二、工作要求\n按时报送。\n\n附件：1.2024年政务公开工作要点\n      2.政务公开工作联系人表\n\nXX县人民政府办公室\n2024年3月5日\n（此件公开发布）\n附件1\n2024年政务公开工作要点\n一、推进决策公开\n扩大公众参与。\n附件2\n政务公开工作联系人表\n单位\t联系人\t电话\n县政府办\t张三\t1234567\n县财政局\t李四\t7654321\n抄送：县委办公室，县人大常委会办公室，\n县政协办公室。\nXX县人民政府办公室　　　　　　　2024年3月5日印发\n";

    #[test]
    fn a_notice_typed_as_text_is_recognised_part_by_part() {
        let got = imported(NOTICE, Source::Txt);
        let o = &got.outline;
        let h = o.header.as_ref().unwrap();
        assert_eq!(h["doc_number"], "X政办发〔2024〕12号");
        assert_eq!(h["issuers"], json!(["XX县人民政府办公室"]));
        assert_eq!(
            o.title.as_deref(),
            Some("XX县人民政府办公室关于做好2024年政务公开工作的通知")
        );
        assert_eq!(
            o.addressee.as_deref(),
            Some("各乡镇人民政府，县政府各部门：")
        );
        assert_eq!(
            o.headings,
            [
                (1, "一、总体要求".to_string()),
                (3, "1.明确责任分工".to_string()),
                (1, "二、工作要求".to_string()),
                (1, "一、推进决策公开".to_string())
            ]
        );
        assert_eq!(
            o.attachment_note,
            ["2024年政务公开工作要点", "政务公开工作联系人表"]
        );
        let sig = o.signature.as_ref().unwrap();
        assert_eq!(
            (sig.agencies.as_slice(), sig.date.as_str()),
            (&["XX县人民政府办公室".to_string()][..], "2024-03-05")
        );
        assert_eq!(o.notes, ["此件公开发布"]);
        assert_eq!(
            o.attachments,
            ["2024年政务公开工作要点", "政务公开工作联系人表"]
        );
        assert_eq!(o.tables, [(3, 3)]);
        let c = o.colophon.as_ref().unwrap();
        assert_eq!(
            c["cc"],
            json!(["县委办公室", "县人大常委会办公室", "县政协办公室"])
        );
        assert_eq!(c["print_date"], "2024-03-05");
        // the hard-wrapped line joined; the numbered sentence a paragraph
        let blocks = got.input["blocks"].as_array().unwrap();
        assert!(blocks.contains(&json!({"paragraph": "各单位主要负责同志要亲自抓，形成一级抓一级、层层抓落实的工作格局。"})));
        assert!(blocks.contains(&json!({"paragraph": "2.各单位要于2024年3月31日前将工作总结报送县政府办公室，逾期未报送的予以通报。"})));
        // what changed is said, line by line
        let says = |needle: &str| got.warnings.iter().any(|w| w.message.contains(needle));
        assert!(
            says("〔2024〕") && says("“1、”") && says("indent"),
            "{:?}",
            got.warnings
        );
        assert!(
            got.warnings.iter().any(|w| w.location == "12:1"),
            "{:?}",
            got.warnings
        );
    }

    #[test]
    fn markdown_headings_and_pipe_tables() {
        let md = "# 关于开展安全检查的通知\n\n各科室：\n\n## 一、检查内容\n\n### （一）消防设施\n\n检查灭火器是否在有效期内。\n\n| 序号 | 事项 | 责任科室 |\n|---|---|---|\n| 1 | 消防 | 办公室 |\n| 2 | 用电 | 后勤科 |\n\n某某局办公室\n\n2024-03-05\n";
        let got = imported(md, Source::Md);
        let o = &got.outline;
        assert_eq!(o.title.as_deref(), Some("关于开展安全检查的通知"));
        assert_eq!(o.addressee.as_deref(), Some("各科室："));
        assert_eq!(
            o.headings,
            [(1, "一、检查内容".into()), (2, "（一）消防设施".into())]
        );
        assert_eq!(o.tables, [(3, 3)]);
        assert_eq!(o.signature.as_ref().unwrap().date, "2024-03-05");
    }

    #[test]
    fn minutes_with_attendance_and_a_date_only_signature() {
        let text = "关于县政府第5次常务会议的纪要\n会议研究了有关事项。\n出席：张三，李四，王五\n列席：赵六\n\n二〇二四年三月五日\n";
        let got = imported(text, Source::Txt);
        assert_eq!(got.input["format"], "minutes");
        assert_eq!(
            got.outline.attendance,
            [("出席".to_string(), 3), ("列席".to_string(), 1)]
        );
        // no agency is named: the date stays a paragraph, with a warning
        assert!(got.outline.signature.is_none());
        assert!(got
            .warnings
            .iter()
            .any(|w| w.message.contains("二〇二四年三月五日")));
    }

    #[test]
    fn word_numbering_right_aligned_signature_and_soft_breaks() {
        let numbering = r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let p =
            |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
        let n = |lvl: u8, text: &str| {
            format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        };
        let right = |text: &str| {
            format!("<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        };
        let doc = format!(
            "<w:document><w:body>{}{}{}{}{}{}{}{}{}<w:p/>{}{}</w:body></w:document>",
            p("某某市财政局关于"),
            p("报送预算执行情况的报告"),
            p("市人民政府："),
            p("　　现将有关情况报告如下。"),
            n(0, "基本情况"),
            n(1, "收入情况"),
            p("全年收入增长。"),
            n(0, "下一步打算"),
            "<w:p><w:r><w:t>继续做好工作。</w:t><w:br/><w:t>特此报告。</w:t></w:r></w:p>",
            p("                                   某某市财政局"),
            right("2024年3月5日"),
        );
        let bytes = crate::draft::read_docx::tests_support::docx(&[
            ("word/document.xml", &doc),
            ("word/numbering.xml", numbering),
        ]);
        let got = import(&bytes, Source::Docx).unwrap();
        assert!(got.lost.is_empty(), "{:?}", got.lost);
        let o = &got.outline;
        assert_eq!(
            o.title.as_deref(),
            Some("某某市财政局关于报送预算执行情况的报告")
        );
        assert_eq!(
            o.headings,
            [
                (1, "一、基本情况".into()),
                (2, "（一）收入情况".into()),
                (1, "二、下一步打算".into())
            ]
        );
        let sig = o.signature.as_ref().unwrap();
        assert_eq!(sig.agencies, ["某某市财政局"]);
        assert_eq!(o.paragraphs, 4);
    }

    /// What published 公文 copied from government web pages look like
    /// (the draft corpus, issue 19 stage 6): the title on one long line with
    /// the 发文字号 in brackets after it or on the line under it, ASCII
    /// brackets and colons, a 落款 with only a date, the issued document's
    /// title ending in a bracket after its 文种 word.
    #[test]
    fn a_notice_copied_from_a_web_page() {
        let text = "某某市人民政府办公室关于印发《某某市促进残疾人就业行动实施方案(2023—2025年)》的通知(某政办发〔2023〕5号)\n各镇、乡人民政府,市政府各部门:\n《某某市促进残疾人就业行动实施方案(2023—2025年)》已经市政府同意,现印发你们,请认真贯彻落实。\n2023年3月13日\n(此件公开发布)\n某某市促进残疾人就业行动实施方案(2023—2025年)\n一、总体目标\n到2025年,新增残疾人就业800人以上。\n";
        let got = imported(text, Source::Txt);
        let o = &got.outline;
        assert_eq!(
            o.title.as_deref(),
            Some("某某市人民政府办公室关于印发《某某市促进残疾人就业行动实施方案（2023—2025年）》的通知")
        );
        assert_eq!(
            o.header.as_ref().unwrap()["doc_number"],
            "某政办发〔2023〕5号"
        );
        assert_eq!(
            o.addressee.as_deref(),
            Some("各镇、乡人民政府，市政府各部门：")
        );
        let sig = o.signature.as_ref().unwrap();
        assert_eq!(sig.date, "2023-03-13");
        assert_eq!(sig.agencies, ["某某市人民政府办公室"]);
        assert_eq!(o.notes, ["此件公开发布"]);
        assert_eq!(
            o.issued,
            ["某某市促进残疾人就业行动实施方案（2023—2025年）"]
        );
        assert_eq!(o.headings, [(1, "一、总体目标".to_string())]);
        // the number on the line under the title
        let text = "某某市人民政府关于加快推进某项工作的实施意见\n某政发〔2016〕9号\n各区人民政府:\n现提出如下意见。\n";
        let got = imported(text, Source::Txt);
        assert_eq!(
            got.outline.header.as_ref().unwrap()["doc_number"],
            "某政发〔2016〕9号"
        );
        assert_eq!(got.outline.addressee.as_deref(), Some("各区人民政府："));
        // the 主送 run together with the text, a space after its colon
        let text =
            "某某市办公室关于征求意见的函\n市直有关部门: 请于6月18日前反馈意见。联系人:张三\n";
        let got = imported(text, Source::Txt);
        assert_eq!(got.outline.addressee.as_deref(), Some("市直有关部门："));
        assert_eq!(got.outline.paragraphs, 1);
        // two agencies on one 落款 line, apart by a space; 国 务 院 stays one
        let text = "某某市人民政府 某某市中级人民法院关于某事的通知\n各区人民政府:\n现通知如下。\n某某市人民政府 某某市中级人民法院\n2025年4月30日\n";
        let got = imported(text, Source::Txt);
        let sig = got.outline.signature.as_ref().unwrap();
        assert_eq!(sig.agencies, ["某某市人民政府", "某某市中级人民法院"]);
        let text = "国务院关于同意某事的批复\n某省人民政府:\n同意。\n国 务 院\n二0一三年八月六日\n";
        let got = imported(text, Source::Txt);
        assert_eq!(got.outline.signature.as_ref().unwrap().agencies.len(), 1);
    }

    /// Half-width punctuation between hanzi is written full-width, once for
    /// the draft with one warning naming the first line; numbers and
    /// addresses keep theirs; nothing is lost.
    #[test]
    fn half_width_punctuation_between_chinese_is_written_full_width() {
        let text = "关于做好安全检查工作的通知(试行)\n各乡镇,各部门:\n请于上午10:30前报送1,000份材料;网址http://www.gov.cn/a,b。\n某某县人民政府\n2024年3月5日\n";
        let got = imported(text, Source::Txt);
        assert_eq!(
            got.outline.title.as_deref(),
            Some("关于做好安全检查工作的通知（试行）")
        );
        assert_eq!(got.outline.addressee.as_deref(), Some("各乡镇，各部门："));
        let blocks = got.input["blocks"].as_array().unwrap();
        assert!(
            blocks.contains(
                &json!({"paragraph": "请于上午10:30前报送1,000份材料；网址http://www.gov.cn/a,b。"})
            ),
            "{blocks:?}"
        );
        let said: Vec<_> = got
            .warnings
            .iter()
            .filter(|w| w.message.contains("全角") || w.message.contains("full-width"))
            .collect();
        assert_eq!(said.len(), 1, "{:?}", got.warnings);
        assert_eq!(said[0].location, "1:1");
        // （ ） ， ： ；
        assert!(said[0].message.contains('5'), "{}", said[0].message);
    }

    /// A 落款 with a date only (no agency above it, none in the 版头 or the
    /// title): a signature with the date, which builds; the contact lines
    /// under it are its 附注, 主题词 a paragraph (not an issued document),
    /// 抄 报 the 版记's 抄送.
    #[test]
    fn a_date_only_signature_with_contact_lines_and_the_older_colophon() {
        let text = "马某委员:\n您的提案收悉。现答复如下:\n感谢您的关心。\n2020年8月18日\n联系单位及电话:某区城市管理局 68118611\n联 系 人:熊某\n主题词:提案 答复 通报\n抄 报:区政协办公室、区委督查局\n";
        let got = imported(text, Source::Txt);
        let o = &got.outline;
        let sig = o.signature.as_ref().expect("a 落款");
        assert!(sig.agencies.is_empty());
        assert_eq!(sig.date, "2020-08-18");
        assert_eq!(
            o.notes,
            ["联系单位及电话：某区城市管理局 68118611", "联 系 人：熊某"]
        );
        assert!(o.issued.is_empty(), "{:?}", o.issued);
        let c = o.colophon.as_ref().unwrap();
        assert_eq!(c["cc"], json!(["区政协办公室", "区委督查局"]));
        let blocks = got.input["blocks"].as_array().unwrap();
        assert!(blocks.contains(&json!({"paragraph": "主题词：提案 答复 通报"})));
        let says = |needle: &str| got.warnings.iter().any(|w| w.message.contains(needle));
        assert!(
            says("抄报") && says("主题词") && says("联 系 人"),
            "{:?}",
            got.warnings
        );
    }

    /// A 附件说明 ending the text with no 落款 after it; a date written as
    /// digits alone under an agency line.
    #[test]
    fn an_attachment_note_without_signature_and_a_date_of_digits() {
        let text = "各乡镇人民政府:\n现将任务分解表印发给你们,请认真落实。\n附件:1.2016年重点工作任务分解表\n2.责任单位\n联系人名单\n";
        let got = imported(text, Source::Txt);
        assert_eq!(
            got.outline.attachment_note,
            ["2016年重点工作任务分解表", "责任单位联系人名单"]
        );
        // a sentence after the label: not a 附件说明 ending the text
        let text = "各乡镇人民政府:\n附件:任务分解表\n请各单位认真落实,按时报送。\n";
        assert!(imported(text, Source::Txt)
            .outline
            .attachment_note
            .is_empty());
        let text = "某省人民政府关于某事的批复\n某市人民政府:\n同意。\n某省人民政府\n2017919\n";
        let got = imported(text, Source::Txt);
        assert_eq!(got.outline.signature.as_ref().unwrap().date, "2017-09-19");
        assert!(got.warnings.iter().any(|w| w.message.contains("2017919")));
        // digits with no agency line above: no date
        let text = "某省人民政府关于某事的批复\n某市人民政府:\n同意。\n2017919\n";
        assert!(imported(text, Source::Txt).outline.signature.is_none());
    }

    /// Sections numbered 1 / 1.1 / 1.2 (a 预案's): headings by the number's
    /// depth, the number kept; a number out of the sequence stays text.
    #[test]
    fn decimal_section_numbers_in_sequence_are_headings() {
        let text = "某县突发事件应急预案\n1  总则\n1.1  编制目的\n为规范应急处置工作。\n1.2  编制依据\n依据有关法律。\n2  组织体系\n2.1  领导机构\n5.5 亿元资金\n";
        let got = imported(text, Source::Txt);
        assert_eq!(
            got.outline.headings,
            [
                (1, "1 总则".to_string()),
                (2, "1.1 编制目的".to_string()),
                (2, "1.2 编制依据".to_string()),
                (1, "2 组织体系".to_string()),
                (2, "2.1 领导机构".to_string()),
            ]
        );
        // one decimal line is no scheme: 1 总则 stays a paragraph
        let got = imported("某县应急预案\n1 总则\n1.1 目的\n正文。\n", Source::Txt);
        assert!(
            got.outline.headings.is_empty(),
            "{:?}",
            got.outline.headings
        );
        assert!(!decimal_follows(&[1, 2], &[1, 4]));
        assert!(decimal_follows(&[1, 2], &[2]));
        assert!(decimal_follows(&[1], &[1, 1]));
        assert!(!decimal_follows(&[], &[3]));
    }

    /// Numbered lines of one list are all headings or all sentences: run-in
    /// "headings" among numbered sentences are sentences; a run-in heading's
    /// first sentence is short.
    #[test]
    fn numbered_sentences_and_run_in_headings_are_told_apart() {
        let text = "关于召开常务会议的通知\n市直有关单位:\n现将有关事项通知如下:\n1.请市长、副市长参加。邀请有关负责同志列席会议。\n2.请各单位负责同志列席会议,不得缺席。\n3.请各单位于6日前报送名单,逾期不候。\n";
        let got = imported(text, Source::Txt);
        assert!(
            got.outline.headings.is_empty(),
            "{:?}",
            got.outline.headings
        );
        let text = "关于加强管理的意见\n各单位:\n（一）加强组织领导。各单位要高度重视。\n（二）强化督促检查。各单位要定期检查。\n";
        let got = imported(text, Source::Txt);
        assert_eq!(got.outline.headings.len(), 2, "{:?}", got.outline.headings);
        // a first sentence longer than a heading's
        let text = "关于某会议的纪要\n一、原则同意省有关部门及某集团对落实合作备忘录的意见和建议。有关部门要深入挖掘合作潜力。\n";
        let got = imported(text, Source::Txt);
        assert!(
            got.outline.headings.is_empty(),
            "{:?}",
            got.outline.headings
        );
    }

    /// A title flattened into the text on one line (a repost), and an
    /// agency's name on a line above a title naming its issuer itself.
    #[test]
    fn a_flattened_title_and_an_agency_line_above_the_title() {
        let text = "国务院办公厅关于成立某某工作领导小组的通知各省、自治区、直辖市人民政府,国务院各部委、各直属机构:为加强对某某工作的领导,国务院决定成立某某工作领导小组。现将有关事项通知如下:一、主要职责负责工作的组织和领导。\n";
        let got = imported(text, Source::Txt);
        assert_eq!(
            got.outline.title.as_deref(),
            Some("国务院办公厅关于成立某某工作领导小组的通知")
        );
        assert_eq!(
            got.outline.addressee.as_deref(),
            Some("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")
        );
        let text = "山东省某市人民政府办公室\n某市人民政府办公室关于印发某办法的通知\n某政办发〔2009〕72号\n各县区人民政府:\n现印发给你们。\n二○○九年十月二十九日\n";
        let got = imported(text, Source::Txt);
        assert_eq!(
            got.outline.title.as_deref(),
            Some("某市人民政府办公室关于印发某办法的通知")
        );
        assert_eq!(
            got.outline.header.as_ref().unwrap()["issuers"],
            json!(["山东省某市人民政府办公室"])
        );
        let sig = got.outline.signature.as_ref().unwrap();
        assert_eq!(sig.agencies, ["某市人民政府办公室"]);
        assert_eq!(sig.date, "2009-10-29");
    }
}
