//! The document model: what both writers render. Input kinds (the generic
//! document, the annual report) are converted into this and nothing else.

use chrono::NaiveDate;

use crate::style::StyleProfile;

/// A complete document ready for the writers.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: Meta,
    pub style: StyleProfile,
    /// The body, then each attachment (starting with `BlockKind::AttachmentStart`).
    pub blocks: Vec<Block>,
    /// Page-level parts: 版头, 版记 and the format they follow.
    pub furniture: Furniture,
}

/// The GB/T 9704 format of a document (clause 10 and the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// 文件格式 (7.2–7.4).
    #[default]
    Standard,
    /// 信函格式 (10.1).
    Letter,
    /// 命令（令）格式 (10.2).
    Order,
    /// 纪要格式 (10.3).
    Minutes,
}

/// The parts of a 公文 that live on the page rather than in the text flow.
#[derive(Debug, Clone, Default)]
pub struct Furniture {
    pub format: Format,
    pub header: Option<Header>,
    pub colophon: Option<Colophon>,
}

/// 版头 (7.2): every part optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// 份号, e.g. 000001.
    pub copy_number: Option<String>,
    /// 密级和保密期限, e.g. 机密★1年.
    pub secrecy: Option<String>,
    /// 紧急程度: 特急 or 加急.
    pub urgency: Option<String>,
    /// 发文机关: the 主办机关 first; two or more is 联合行文.
    pub issuers: Vec<String>,
    /// The word after the issuers (文件, 令, 纪要), or none.
    pub mark: Option<String>,
    /// 发文字号 (or 令号, 期号).
    pub doc_number: Option<String>,
    /// 签发人 names (上行文).
    pub signers: Vec<String>,
}

/// 版记 (7.4).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Colophon {
    /// 抄送机关.
    pub cc: Vec<String>,
    /// 印发机关.
    pub printer: Option<String>,
    /// 印发日期.
    pub print_date: Option<NaiveDate>,
}

/// A PNG image (a seal or a signature stamp) and the size it is printed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub png: std::sync::Arc<Vec<u8>>,
    pub width_px: u32,
    pub height_px: u32,
    /// Printed size in twips.
    pub width: i32,
    pub height: i32,
}

/// 落款 (7.3.5): the agencies (with a seal each, or none), the date, and for
/// the order format the 签发人 with a signature stamp.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub agencies: Vec<SignatureAgency>,
    pub date: NaiveDate,
    pub signer: Option<Signer>,
}

/// One 发文机关署名 and its seal.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureAgency {
    pub name: String,
    pub seal: Option<Image>,
}

/// 签发人职务、姓名和签名章 (7.3.5.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Signer {
    pub title: String,
    pub name: String,
    pub stamp: Image,
}

impl Signature {
    /// A signature without seal, as the annual report and older inputs give it.
    pub fn plain(agency: impl Into<String>, date: NaiveDate) -> Self {
        Signature {
            agencies: vec![SignatureAgency {
                name: agency.into(),
                seal: None,
            }],
            date,
            signer: None,
        }
    }

    /// Whether any agency carries a seal.
    pub fn has_seals(&self) -> bool {
        self.agencies.iter().any(|a| a.seal.is_some())
    }
}

/// Most characters a document may have in all (about 1 800 pages of body
/// text), so a hostile input cannot exhaust memory in layout.
pub const MAX_DOCUMENT_CHARS: usize = 1_000_000;

/// The date written into both files when the input gives none (PDF/A needs a
/// date, and using today's would make output differ from day to day).
pub fn fallback_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
}

/// Most table cells a document may have in all: each cell costs a few
/// kilobytes in the two writers, so this keeps a build well under 200 MB.
pub const MAX_DOCUMENT_CELLS: usize = 20_000;

impl Document {
    /// Table cells in all tables.
    pub fn cell_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Table(t) => t.cells.len(),
                _ => 0,
            })
            .sum()
    }

    /// The date the files carry: the input's, or `fallback_date()`.
    pub fn file_date(&self) -> NaiveDate {
        self.meta.date.unwrap_or_else(fallback_date)
    }

    /// Characters printed in all blocks.
    pub fn char_count(&self) -> usize {
        self.blocks.iter().map(|b| b.text().chars().count()).sum()
    }
}

/// Document properties written into both files.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Creation date; also the date written into both files so output is deterministic.
    pub date: Option<NaiveDate>,
}

/// A block plus where it came from in the input, for error messages.
#[derive(Debug, Clone)]
pub struct Block {
    /// JSON path of the input that produced the block, e.g. `blocks[4]`.
    pub origin: String,
    pub kind: BlockKind,
}

/// The kinds of block a 公文 is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// 标题: centred lines in the title font.
    Title { lines: Vec<String> },
    /// 结构层次序数 headings, levels 1–4; `text` includes its number. With
    /// `run_in`, the heading runs into body text in one paragraph
    /// (（一）加强组织领导。各单位要……): the heading in its level's font, the
    /// text after it in the body font, indented and wrapped as a paragraph.
    Heading {
        level: u8,
        text: String,
        run_in: Option<String>,
    },
    /// A body paragraph with a two-character first-line indent. `\n` in a run is a line break.
    Paragraph { runs: Vec<Run> },
    /// A table with merged cells.
    Table(Table),
    /// 落款 (GB/T 9704 7.3.5): with seals, without, or with a signature stamp.
    Signature(Signature),
    /// 附件说明 (7.3.4): the attachment names, numbered when more than one.
    AttachmentNote(Vec<String>),
    /// 附注 (7.3.6), printed in parentheses.
    Note(String),
    /// 纪要 attendance (10.3): 出席, 请假 or 列席 and the names.
    Attendance { label: String, names: Vec<String> },
    /// The start of an attachment (7.3.7): a new page, 附件N at the top left, the title centred.
    AttachmentStart { label: String, title: Vec<String> },
    /// 主送机关 (GB/T 9704 7.3.2): flush left, ending in a full-width colon.
    Addressee(String),
    /// Start a new page.
    PageBreak,
}

/// A piece of paragraph text with one formatting.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
        }
    }
}

/// Horizontal alignment of text in a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A table laid out on a grid of `rows × widths.len()` positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in twips, summing to the text block width.
    pub widths: Vec<i32>,
    /// Number of grid rows.
    pub rows: usize,
    /// Rows at the top repeated on every page.
    pub header_rows: usize,
    /// Moved whole to the next page rather than split, when it fits on one
    /// page: 表二, whose four parts each have their own header row, so no
    /// header could be repeated on a continuation.
    pub keep_together: bool,
    /// Cells in row-major order of their top-left position; together they cover the grid exactly.
    pub cells: Vec<Cell>,
}

/// One (possibly merged) table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
    pub align: Align,
    pub bold: bool,
}

impl Table {
    /// The cell whose top-left corner is at (row, col), if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// For every grid position, the index of the cell covering it.
    pub fn coverage(&self) -> Vec<Vec<usize>> {
        let mut grid = vec![vec![usize::MAX; self.widths.len()]; self.rows];
        for (i, c) in self.cells.iter().enumerate() {
            for row in grid.iter_mut().skip(c.row).take(c.rowspan) {
                for slot in row.iter_mut().skip(c.col).take(c.colspan) {
                    *slot = i;
                }
            }
        }
        grid
    }

    /// Sum of the widths of columns `col .. col + span`.
    pub fn span_width(&self, col: usize, span: usize) -> i32 {
        self.widths[col..col + span].iter().sum()
    }
}

impl Block {
    /// All text the block prints, for coverage checks.
    pub fn text(&self) -> String {
        match &self.kind {
            BlockKind::Title { lines } => lines.join("\n"),
            BlockKind::Heading { text, run_in, .. } => {
                format!("{text}{}", run_in.as_deref().unwrap_or(""))
            }
            BlockKind::Paragraph { runs } => runs.iter().map(|r| r.text.as_str()).collect(),
            BlockKind::Table(t) => t
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            BlockKind::Signature(sig) => {
                let mut lines: Vec<String> = sig.agencies.iter().map(|a| a.name.clone()).collect();
                if let Some(s) = &sig.signer {
                    lines.push(format!("{}{}", s.title, s.name));
                }
                lines.push(chinese_date(sig.date));
                lines.join("\n")
            }
            BlockKind::AttachmentNote(names) => attachment_note_lines(names).join("\n"),
            BlockKind::Note(text) => format!("（{text}）"),
            BlockKind::Attendance { label, names } => format!("{label}：{}", names.join("，")),
            BlockKind::AttachmentStart { label, title } if label.is_empty() => title.join("\n"),
            BlockKind::AttachmentStart { label, title } => format!("{label}\n{}", title.join("\n")),
            BlockKind::Addressee(text) => text.clone(),
            BlockKind::PageBreak => String::new(),
        }
    }
}

/// The lines of a 附件说明 (7.3.4): “附件：名称” for one attachment;
/// “附件：1. 名称” then “2. 名称” … for several (no punctuation after a name).
pub fn attachment_note_lines(names: &[String]) -> Vec<String> {
    if names.len() == 1 {
        return vec![format!("附件：{}", names[0])];
    }
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                format!("附件：{}. {n}", i + 1)
            } else {
                format!("{}. {n}", i + 1)
            }
        })
        .collect()
}

/// GB/T 9704 7.3.5.4: 2025年1月21日, no leading zeros.
pub fn chinese_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Chinese numerals for heading numbers 1–99 (一 … 九十九).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// The GB/T 9704 structural number of a heading: 一、 / （一） / 1. / （1）.
pub fn heading_number(level: u8, n: u32) -> String {
    match level {
        1 => format!("{}、", chinese_number(n)),
        2 => format!("（{}）", chinese_number(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_no_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 5).unwrap();
        assert_eq!(chinese_date(d), "2025年1月5日");
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(11), "十一");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(36), "三十六");
    }

    #[test]
    fn heading_numbers_follow_gbt9704() {
        assert_eq!(heading_number(1, 3), "三、");
        assert_eq!(heading_number(2, 2), "（二）");
        assert_eq!(heading_number(3, 4), "4.");
        assert_eq!(heading_number(4, 1), "（1）");
    }
}
