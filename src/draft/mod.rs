//! Drafts as people have them — a .docx typed in Word or WPS, a .txt copied
//! from a web page, a Markdown file — read into one stream of paragraphs and
//! tables ([`Item`]), which the report import and the 公文 recogniser both
//! read, so that what a draft says is recognised once for all three formats.
//!
//! - [`read_docx`]: WordprocessingML, read as a stream (bounded in size,
//!   depth, elements and table cells), with Word's automatic numbering
//!   rendered as Word shows it ([`numbering`]).
//! - [`plain`]: .txt and .md.
//! - [`written`]: dates and heading numbers as people write them.
//! - [`punctuation`]: half-width punctuation between Chinese characters
//!   written full-width.
//! - [`recognise`]: the stream → a `"kind": "document"` input.

pub mod numbering;
pub mod outline;
pub mod plain;
pub mod punctuation;
pub mod read_docx;
pub mod recognise;
pub mod written;
pub mod xml;

/// The formats a draft comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Docx,
    Txt,
    Md,
}

impl Source {
    /// By a file's extension: .docx, .txt, .md (or .markdown); None for others.
    pub fn of_path(path: &std::path::Path) -> Option<Source> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Source::Docx),
            "txt" | "text" => Some(Source::Txt),
            "md" | "markdown" => Some(Source::Md),
            _ => None,
        }
    }
}

/// A draft read and recognised.
pub struct Imported {
    /// The `"kind": "document"` input.
    pub input: serde_json::Value,
    pub warnings: Vec<crate::error::Diagnostic>,
    pub outline: outline::Outline,
    /// Characters of the draft that are nowhere in the input (and not
    /// printed by the layout itself): none, unless recognition failed.
    pub lost: Vec<char>,
}

/// A draft's items.
pub fn read(bytes: &[u8], source: Source) -> Result<Vec<Item>, crate::error::Diagnostic> {
    match source {
        Source::Docx => read_docx::read(bytes),
        Source::Txt | Source::Md => {
            let (text, _) = plain::decode(bytes)?;
            if source == Source::Txt {
                plain::read_txt(&text)
            } else {
                plain::read_md(&text)
            }
        }
    }
}

/// Reads a draft and recognises it as a 公文.
pub fn import(bytes: &[u8], source: Source) -> Result<Imported, crate::error::Diagnostic> {
    let items = read(bytes, source)?;
    let recognised = recognise::recognise(items.clone(), source == Source::Docx);
    let lost = recognise::lost_characters(&items, &recognised);
    let outline = outline::Outline::of(&recognised.input);
    Ok(Imported {
        input: recognised.input,
        warnings: recognised.warnings,
        outline,
        lost,
    })
}

/// What a draft holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Paragraph(Paragraph),
    Table(Table),
}

/// How a paragraph is aligned (as the draft says; `Unset` where it says nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Alignment {
    #[default]
    Unset,
    Left,
    Center,
    Right,
    Justify,
}

/// One paragraph of a draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// Its visible text: tabs as spaces, line breaks as `\n`; without the
    /// automatic number.
    pub text: String,
    /// The number Word's automatic numbering shows before it (一、, （1）),
    /// or a Markdown list's.
    pub number: Option<String>,
    /// The style's name where it is a heading style (Word's `heading 1`, a
    /// Markdown `##`): the outline level, 1-based.
    pub outline: Option<u8>,
    /// The style's name, lowercased (`title`, `heading 1`, `normal`).
    pub style: Option<String>,
    pub align: Alignment,
    /// All its text is bold.
    pub bold: bool,
    /// The East Asian font of its first run, as the draft names it.
    pub font: Option<String>,
    /// The size of its first run, in half-points.
    pub size: Option<u32>,
    /// A page break before it (a page break in the paragraph before, or
    /// `pageBreakBefore`).
    pub page_break_before: bool,
    /// Where it is in the draft, for messages: the paragraph's number (.docx)
    /// or its first line (.txt, .md), 1-based.
    pub line: usize,
    /// The line after it in a plain text file followed without a blank line
    /// (a hard wrap may join them); false for a .docx paragraph.
    pub wrapped: bool,
}

/// A merge down from the cell above (`vMerge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    None,
    /// The first cell of a vertical merge.
    Restart,
    /// A cell covered by the one above.
    Continue,
}

/// One table cell as the draft stores it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableCell {
    /// Its text (paragraphs joined by `\n`), without automatic numbers.
    pub text: String,
    /// Its text with the automatic numbers Word shows.
    pub shown: String,
    /// Grid columns it spans (`gridSpan`), at least 1.
    pub span: usize,
    pub vmerge: VMerge,
}

/// A table: rows of cells, and the grid's column widths where the draft
/// gives them (twips).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<Vec<TableCell>>,
    pub grid: Vec<u32>,
    /// Where it is in the draft (the number of the paragraph before it + 1,
    /// or its first line).
    pub line: usize,
}

/// Most grid positions all tables of a draft may have (a cell counts once
/// per column it spans): a 公文's or a report's tables have hundreds; a
/// document input takes 20 000 cells.
pub const MAX_GRID_CELLS: usize = 50_000;

/// Most paragraphs a draft may have (a document input takes 20 000 blocks).
pub const MAX_PARAGRAPHS: usize = 100_000;
