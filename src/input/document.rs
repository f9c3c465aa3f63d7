//! The generic document kind (`"kind": "document"`) and its conversion to the model.
//!
//! Blocks are written as one-key objects (`{"paragraph": "…"}`), which serde
//! parses without buffering, so every error keeps its exact line:column and
//! JSON path down to the table cell.

use super::image::{Assets, Images};
use crate::i18n::t;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use super::furniture::{
    self, AttachmentInput, AttendanceInput, ColophonInput, FormatInput, HeaderInput, SignatureInput,
};
use super::text::{
    check_chars, check_short, clean, map_or_number, number_as_text, object_from_map, MapOrNumber,
    Text,
};
use crate::error::Diagnostic;
use crate::model::{self, Align, BlockKind, Cell, Document, Format, Furniture, Meta, Run, Table};
use crate::style::{StyleOverrides, StyleProfile};

/// Marker for `"kind": "document"`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
pub enum DocumentKind {
    #[serde(rename = "document")]
    Document,
}

/// A generic 公文.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    /// Always "document".
    pub kind: DocumentKind,
    /// Document properties (title, author, date …) written into both files.
    #[serde(default)]
    pub meta: MetaInput,
    /// Changes to the GB/T 9704 layout (fonts by role, table text size).
    #[serde(default)]
    pub style: StyleOverrides,
    /// The GB/T 9704 format: standard (文件格式, default), letter (信函),
    /// order (命令), minutes (纪要).
    #[serde(default)]
    pub format: FormatInput,
    /// 版头: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人.
    pub header: Option<HeaderInput>,
    /// The content, in order.
    pub blocks: Vec<BlockInput>,
    /// The document a 印发/转发 notice issues (实施方案, 办法 …): after the
    /// 落款, on a new page, with its own title and no 附件 label; it needs no
    /// 附件说明.
    #[serde(default)]
    pub issued: Vec<AttachmentInput>,
    /// 附件, each on new pages after the body, numbered 附件1, 附件2 …
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
    /// 版记: 抄送, 印发机关 and 印发日期, at the foot of the last page.
    pub colophon: Option<ColophonInput>,
}

/// Document properties.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetaInput {
    /// Document title (defaults to the title block's lines joined).
    #[serde(default)]
    pub title: String,
    /// Author: the issuing agency (发文机关).
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Date as YYYY-MM-DD (成文日期); also the files' creation date.
    pub date: Option<String>,
}

/// One block of content, written as an object with a single key naming its type,
/// or the string "page_break".
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockInput {
    /// 标题: a list of lines, or one string that is broken into balanced lines.
    Title(TitleInput),
    /// A heading of level 1–4 (一、 / （一） / 1. / （1））.
    Heading(HeadingInput),
    /// A body paragraph: a string, or {"runs": [{"text": …, "bold": true}]}.
    Paragraph(ParagraphInput),
    /// A table with merged cells.
    Table(TableInput),
    /// 落款 (GB/T 9704 7.3.5): {"agency", "date"}, {"agencies": [{"name", "seal"}], "date"}
    /// or, in an order, {"signer": {"title", "name", "stamp"}, "date"}.
    Signature(SignatureInput),
    /// 附件说明: the attachment names (numbered when more than one).
    AttachmentNote(Vec<String>),
    /// 附注, without the parentheses.
    Note(String),
    /// 纪要 only: {"label": "出席" | "请假" | "列席", "names": [...]}.
    Attendance(AttendanceInput),
    /// 主送机关, e.g. "各乡镇人民政府，县政府各部门：": flush left, below the title.
    Addressee(String),
    /// Start a new page.
    PageBreak,
}

/// Title lines.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum TitleInput {
    /// One string, broken into balanced lines (梯形) when longer than a line.
    Text(String),
    /// The lines as they should be printed.
    Lines(Vec<String>),
}

impl<'de> Deserialize<'de> for TitleInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TitleInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&t!("document.expect_title"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TitleInput, E> {
                Ok(TitleInput::Text(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TitleInput, A::Error> {
                let mut lines = Vec::new();
                while let Some(l) = seq.next_element::<String>()? {
                    lines.push(l);
                }
                Ok(TitleInput::Lines(lines))
            }
        }
        d.deserialize_any(V)
    }
}

/// How a heading gets its number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// The text already starts with its number (default).
    #[default]
    Given,
    /// gongwen prefixes 一、 / （一） / 1. / （1） by counting headings.
    Auto,
}

/// A heading.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadingInput {
    /// 1 (黑体), 2 (楷体), 3 or 4 (仿宋).
    pub level: u8,
    pub text: String,
    #[serde(default)]
    pub numbering: Numbering,
    /// Body text run in after the heading, in the same paragraph:
    /// {"level": 2, "text": "加强组织领导。", "run_in": "各单位要……"} prints
    /// （一）加强组织领导。 in the level's font and the rest in the body font.
    pub run_in: Option<String>,
}

/// A paragraph.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum ParagraphInput {
    /// Plain text; `\n` is a line break.
    Text(String),
    /// Runs with formatting.
    Runs(RunsInput),
}

/// Paragraph given as runs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunsInput {
    pub runs: Vec<RunInput>,
}

/// A run of text.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunInput {
    pub text: String,
    #[serde(default)]
    pub bold: bool,
}

impl<'de> Deserialize<'de> for ParagraphInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ParagraphInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&t!("document.expect_paragraph"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ParagraphInput, E> {
                Ok(ParagraphInput::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ParagraphInput, A::Error> {
                object_from_map(map, &self).map(ParagraphInput::Runs)
            }
        }
        d.deserialize_any(V)
    }
}

/// Horizontal alignment in a cell.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlignInput {
    Left,
    Center,
    Right,
}

impl From<AlignInput> for Align {
    fn from(a: AlignInput) -> Align {
        match a {
            AlignInput::Left => Align::Left,
            AlignInput::Center => Align::Center,
            AlignInput::Right => Align::Right,
        }
    }
}

/// A table. Rows list only the cells that start in them, left to right; a
/// position covered by a cell above (rowspan) is skipped, as in HTML.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableInput {
    /// Column widths: numbers are relative weights, strings like "25mm" are
    /// millimetres; either way the table is scaled to the 156 mm text block.
    pub widths: Vec<WidthInput>,
    /// Rows at the top that repeat on every page.
    #[serde(default)]
    pub header_rows: usize,
    /// Move the table whole to the next page rather than split it, when it
    /// fits on one page (for a table whose parts have their own header rows).
    #[serde(default)]
    pub keep_together: bool,
    /// Default alignment of cells (default center).
    pub align: Option<AlignInput>,
    pub rows: Vec<Vec<CellInput>>,
}

/// A column width.
#[derive(Debug, Clone, Copy, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum WidthInput {
    /// Relative weight.
    Relative(f64),
    /// Millimetres, written "25mm".
    #[schemars(with = "String")]
    Millimetres(f64),
}

impl<'de> Deserialize<'de> for WidthInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WidthInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&t!("document.expect_width"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<WidthInput, E> {
                if v.is_finite() && v > 0.0 {
                    Ok(WidthInput::Relative(v))
                } else {
                    Err(E::custom(t!("document.width_not_positive", value = v)))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WidthInput, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WidthInput, E> {
                self.visit_f64(v as f64)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WidthInput, A::Error> {
                match map_or_number(map)? {
                    MapOrNumber::Number(n) => match n.parse::<f64>() {
                        Ok(v) => self.visit_f64(v),
                        Err(_) => Err(de::Error::custom(t!(
                            "document.width_not_a_number",
                            value = n
                        ))),
                    },
                    MapOrNumber::Object(_) => {
                        Err(de::Error::invalid_type(de::Unexpected::Map, &self))
                    }
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WidthInput, E> {
                let mm = v
                    .trim()
                    .strip_suffix("mm")
                    .and_then(|n| n.trim().parse::<f64>().ok())
                    .filter(|n| n.is_finite() && *n > 0.0)
                    .ok_or_else(|| E::custom(t!("document.width_not_a_length", value = v)))?;
                Ok(WidthInput::Millimetres(mm))
            }
        }
        d.deserialize_any(V)
    }
}

/// A table cell: a string or number, or an object with spans and alignment.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum CellInput {
    Text(Text),
    Full(CellObject),
}

/// A table cell with options.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellObject {
    pub text: Text,
    #[serde(default = "one")]
    pub rowspan: usize,
    #[serde(default = "one")]
    pub colspan: usize,
    pub align: Option<AlignInput>,
    #[serde(default)]
    pub bold: bool,
}

fn one() -> usize {
    1
}

impl<'de> Deserialize<'de> for CellInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CellInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&t!("document.expect_cell"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CellInput, E> {
                Ok(CellInput::Text(Text(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CellInput, E> {
                Ok(CellInput::Text(Text(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CellInput, E> {
                Ok(CellInput::Text(Text(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<CellInput, E> {
                Ok(CellInput::Text(Text(v.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CellInput, A::Error> {
                // a number as written (1.10, 1e3, a long integer), or a cell object
                match map_or_number(map)? {
                    MapOrNumber::Number(n) => number_as_text(n).map(CellInput::Text),
                    MapOrNumber::Object(m) => {
                        CellObject::deserialize(de::value::MapAccessDeserializer::new(m))
                            .map(CellInput::Full)
                    }
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Limits that keep a hostile input from exhausting memory.
pub const MAX_BLOCKS: usize = 20_000;
pub const MAX_TABLE_ROWS: usize = 10_000;
pub const MAX_TABLE_COLS: usize = 64;
pub const MAX_SPAN: usize = 10_000;

/// Years a date may have: a 公文 is dated in the present era; this also keeps
/// every date within what the .docx, PDF and zip formats can write.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Parses YYYY-MM-DD, a year within `DATE_YEARS`.
pub fn parse_date(s: &str, location: &str) -> Result<NaiveDate, Diagnostic> {
    use chrono::Datelike;
    let shown = crate::error::clip(s, 40);
    let t = s.trim();
    // chrono accepts signed and 5-digit years (-0001, +65536); a date here has 4 digits
    let shaped = t.len() == 10 && t.as_bytes()[0].is_ascii_digit();
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| Diagnostic::error(location, t!("document.date_shape", value = shown)))?;
    if !DATE_YEARS.contains(&date.year()) {
        return Err(Diagnostic::error(
            location,
            t!(
                "document.date_years",
                date = shown,
                first = DATE_YEARS.start(),
                last = DATE_YEARS.end()
            ),
        ));
    }
    Ok(date)
}

/// Longest document title, author and subject in the metadata (a PDF string
/// holds at most 32 767 bytes; a title is a line or two).
pub const MAX_META_CHARS: usize = 500;
/// Most keywords, and longest keyword.
pub const MAX_KEYWORDS: usize = 50;
pub const MAX_KEYWORD_CHARS: usize = 100;
/// Longest font family name (Word's own limit is 31; some names in the wild are longer).
pub const MAX_FONT_NAME_CHARS: usize = 64;

/// Checks the metadata fields: characters XML can hold, and lengths.
fn check_meta(m: &MetaInput, errors: &mut Vec<Diagnostic>) {
    for (value, at) in [
        (&m.title, "meta.title"),
        (&m.author, "meta.author"),
        (&m.subject, "meta.subject"),
    ] {
        if let Err(e) = check_short(value, at, MAX_META_CHARS) {
            errors.push(e);
        }
    }
    if m.keywords.len() > MAX_KEYWORDS {
        errors.push(Diagnostic::error(
            "meta.keywords",
            t!(
                "document.too_many_keywords",
                n = m.keywords.len(),
                max = MAX_KEYWORDS
            ),
        ));
        return;
    }
    for (i, k) in m.keywords.iter().enumerate() {
        if let Err(e) = check_short(k, &format!("meta.keywords[{i}]"), MAX_KEYWORD_CHARS) {
            errors.push(e);
        }
    }
}

/// Checks the font family names of `style.fonts`: they are written into the
/// .docx and looked up among the system's fonts.
pub fn check_font_names(f: &crate::style::FontOverrides, errors: &mut Vec<Diagnostic>) {
    for role in crate::style::FontRole::ALL {
        let Some(name) = f.get(role) else { continue };
        let at = format!("style.fonts.{}", role.key());
        if name.trim().is_empty() {
            errors.push(Diagnostic::error(at, t!("document.font_name_empty")));
        } else if let Err(e) = check_short(name, &at, MAX_FONT_NAME_CHARS) {
            errors.push(e);
        }
    }
}

impl DocumentInput {
    /// Converts to the model without images (an input naming a seal is then
    /// an error); see `into_model_with`.
    pub fn into_model(self) -> Result<Document, Vec<Diagnostic>> {
        self.into_model_with(&Assets::None).map(|(doc, _)| doc)
    }

    /// Converts to the model, checking what serde cannot: dates, characters,
    /// heading levels, that every table's spans exactly fill its grid, the
    /// parts of the 版头 and 版记 and the images, which are read from
    /// `assets`. Returns the warnings too (pasted text cleaned).
    pub fn into_model_with(
        self,
        assets: &Assets,
    ) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        let style = StyleProfile::with_overrides(&self.style);
        let mut errors = Vec::new();
        check_meta(&self.meta, &mut errors);
        check_font_names(&self.style.fonts, &mut errors);
        if let Some(pt) = self.style.table_font_size {
            if !(7.5..=16.0).contains(&pt) {
                errors.push(Diagnostic::error(
                    "style.table_font_size",
                    t!("document.table_font_size", pt = pt),
                ));
            }
        }
        let date = match &self.meta.date {
            Some(d) => parse_date(d, "meta.date").map_err(|e| errors.push(e)).ok(),
            None => None,
        };
        let total = self.blocks.len()
            + self
                .attachments
                .iter()
                .chain(&self.issued)
                .map(|a| a.blocks.len() + 1)
                .sum::<usize>();
        if total > MAX_BLOCKS {
            errors.push(Diagnostic::error(
                "blocks",
                t!("document.too_many_blocks", n = total, max = MAX_BLOCKS),
            ));
            return Err(errors);
        }
        let format: Format = self.format.into();
        let header = self
            .header
            .map(|h| furniture::header(h, format, &mut errors));
        let colophon = self
            .colophon
            .map(|c| furniture::colophon(c, format, &mut errors));
        let mut cx = Context {
            style: &style,
            format,
            images: Images::new(assets),
            counters: [0; 4],
            notes: Vec::new(),
        };
        let mut blocks = Vec::with_capacity(total);
        for (i, b) in self.blocks.into_iter().enumerate() {
            let origin = format!("blocks[{i}]");
            match convert_block(b, &origin, &mut cx) {
                Ok(kind) => blocks.push(model::Block { origin, kind }),
                Err(e) => errors.push(e),
            }
        }
        // the issued document: a new page, its title, its text (7.3.7 does not
        // apply: it is the notice's subject, not an attachment)
        for (k, a) in self.issued.into_iter().enumerate() {
            let at = format!("issued[{k}]");
            match issued_start(&a.title, &at, &style) {
                Ok(kind) => blocks.push(model::Block {
                    origin: at.clone(),
                    kind,
                }),
                Err(e) => errors.push(e),
            }
            cx.counters = [0; 4];
            for (i, b) in a.blocks.into_iter().enumerate() {
                let origin = format!("{at}.blocks[{i}]");
                match convert_block(b, &origin, &mut cx) {
                    Ok(kind) => blocks.push(model::Block { origin, kind }),
                    Err(e) => errors.push(e),
                }
            }
        }
        let count = self.attachments.len();
        let mut titles = Vec::new();
        for (k, a) in self.attachments.into_iter().enumerate() {
            let at = format!("attachments[{k}]");
            titles.push(a.title.clone());
            match attachment_start(&a.title, k, count, &at, &style) {
                Ok(kind) => blocks.push(model::Block {
                    origin: at.clone(),
                    kind,
                }),
                Err(e) => errors.push(e),
            }
            cx.counters = [0; 4];
            for (i, b) in a.blocks.into_iter().enumerate() {
                let origin = format!("{at}.blocks[{i}]");
                match convert_block(b, &origin, &mut cx) {
                    Ok(kind) => blocks.push(model::Block { origin, kind }),
                    Err(e) => errors.push(e),
                }
            }
        }
        check_attachment_note(&blocks, &titles, &mut errors, &mut cx.notes);
        let mut notes = std::mem::take(&mut cx.notes);
        let mut header = header;
        normalize_look_alikes(&mut blocks, header.as_mut(), &mut notes);
        if !errors.is_empty() {
            return Err(errors);
        }
        let blocks = collapse_page_breaks(blocks);
        let mut meta = Meta {
            title: self.meta.title,
            author: self.meta.author,
            subject: self.meta.subject,
            keywords: self.meta.keywords,
            date,
        };
        if meta.date.is_none() {
            // the 成文日期 of the signature is the document's date
            meta.date = blocks.iter().find_map(|b| match &b.kind {
                BlockKind::Signature(sig) => Some(sig.date),
                _ => None,
            });
        }
        if meta.title.is_empty() {
            // the title block's text, as much of it as metadata holds
            meta.title = blocks
                .iter()
                .find_map(|b| match &b.kind {
                    BlockKind::Title { lines } => {
                        Some(lines.concat().chars().take(MAX_META_CHARS).collect())
                    }
                    _ => None,
                })
                .unwrap_or_default();
        }
        if blocks.is_empty() {
            return Err(vec![Diagnostic::error("blocks", t!("document.no_blocks"))]);
        }
        if meta.author.is_empty() {
            if let Some(first) = header.as_ref().and_then(|h| h.issuers.first()) {
                meta.author = first.chars().take(MAX_META_CHARS).collect();
            }
        }
        let document = Document {
            meta,
            style,
            blocks,
            furniture: Furniture {
                format,
                header,
                colophon,
            },
        };
        Ok((document, notes))
    }
}

/// What converting a block needs besides the block.
struct Context<'a> {
    style: &'a StyleProfile,
    format: Format,
    /// The document's images, each loaded once (from `assets`).
    images: Images<'a>,
    /// Heading numbers so far, per level (for `"numbering": "auto"`).
    counters: [u32; 4],
    /// Warnings found while converting (pasted text cleaned).
    notes: Vec<Diagnostic>,
}

/// The first block of attachment `k` of `count`: its label and balanced title.
fn attachment_start(
    title: &str,
    k: usize,
    count: usize,
    at: &str,
    style: &StyleProfile,
) -> Result<BlockKind, Diagnostic> {
    check_chars(title, &format!("{at}.title"), false)?;
    if title.trim().is_empty() {
        return Err(Diagnostic::error(
            format!("{at}.title"),
            t!("document.attachment_without_title"),
        ));
    }
    // 7.3.7: “附件” and its number; a single attachment is just “附件”
    let label = if count == 1 {
        "附件".to_string()
    } else {
        format!("附件{}", k + 1)
    };
    let per_line = style.text_width() as f64 / (style.title_size as f64 * 10.0);
    Ok(BlockKind::AttachmentStart {
        label,
        title: crate::layout::title::balance(title, per_line),
    })
}

/// The first block of an issued document: a new page and its title (an
/// attachment start without a label).
fn issued_start(title: &str, at: &str, style: &StyleProfile) -> Result<BlockKind, Diagnostic> {
    check_chars(title, &format!("{at}.title"), false)?;
    if title.trim().is_empty() {
        return Err(Diagnostic::error(
            format!("{at}.title"),
            t!("document.attachment_without_title"),
        ));
    }
    let per_line = style.text_width() as f64 / (style.title_size as f64 * 10.0);
    Ok(BlockKind::AttachmentStart {
        label: String::new(),
        title: crate::layout::title::balance(title, per_line),
    })
}

/// Characters no 公文 font carries that stand for ones it does (the small
/// and vertical presentation forms: ﹝﹞ for 〔〕 …), as those.
pub fn look_alike(c: char) -> Option<char> {
    Some(match c {
        '﹝' => '〔',
        '﹞' => '〕',
        '﹙' => '（',
        '﹚' => '）',
        '﹛' => '｛',
        '﹜' => '｝',
        '﹐' | '︐' => '，',
        '﹑' | '︑' => '、',
        '﹒' => '．',
        '﹔' | '︔' => '；',
        '﹕' | '︓' => '：',
        '﹖' | '︖' => '？',
        '﹗' | '︕' => '！',
        '︒' => '。',
        '﹣' => '－',
        '﹤' => '＜',
        '﹥' => '＞',
        '﹦' => '＝',
        '﹟' => '＃',
        '﹠' => '＆',
        '﹡' => '＊',
        '﹢' => '＋',
        '﹨' => '＼',
        '﹩' => '＄',
        '﹪' => '％',
        '﹫' => '＠',
        '︵' => '（',
        '︶' => '）',
        '﹇' => '［',
        '﹈' => '］',
        _ => return None,
    })
}

/// Replaces look-alike characters (`look_alike`) in every text of the
/// blocks and the 版头, one warning per field saying what changed.
fn normalize_look_alikes(
    blocks: &mut [model::Block],
    header: Option<&mut model::Header>,
    notes: &mut Vec<Diagnostic>,
) {
    fn fix(s: &mut String, at: &str, notes: &mut Vec<Diagnostic>) {
        if !s.chars().any(|c| look_alike(c).is_some()) {
            return;
        }
        let mut changed = Vec::new();
        let fixed: String = s
            .chars()
            .map(|c| match look_alike(c) {
                Some(n) => {
                    let pair = format!("{c}→{n}");
                    if !changed.contains(&pair) {
                        changed.push(pair);
                    }
                    n
                }
                None => c,
            })
            .collect();
        notes.push(Diagnostic::warning(
            at,
            t!("document.look_alikes", changes = changed.join(" ")),
        ));
        *s = fixed;
    }
    if let Some(h) = header {
        if let Some(n) = h.doc_number.as_mut() {
            fix(n, "header.doc_number", notes);
        }
        for (i, name) in h.issuers.iter_mut().enumerate() {
            fix(name, &format!("header.issuers[{i}]"), notes);
        }
    }
    for b in blocks {
        let at = b.origin.clone();
        match &mut b.kind {
            BlockKind::Title { lines } => lines.iter_mut().for_each(|l| fix(l, &at, notes)),
            BlockKind::Heading { text, run_in, .. } => {
                fix(text, &at, notes);
                if let Some(r) = run_in {
                    fix(r, &at, notes);
                }
            }
            BlockKind::Paragraph { runs } => {
                runs.iter_mut().for_each(|r| fix(&mut r.text, &at, notes))
            }
            BlockKind::Table(t) => t
                .cells
                .iter_mut()
                .for_each(|c| fix(&mut c.text, &at, notes)),
            BlockKind::AttachmentNote(names) => names.iter_mut().for_each(|n| fix(n, &at, notes)),
            BlockKind::Note(text) | BlockKind::Addressee(text) => fix(text, &at, notes),
            BlockKind::Attendance { names, .. } => {
                names.iter_mut().for_each(|n| fix(n, &at, notes))
            }
            BlockKind::AttachmentStart { title, .. } => {
                title.iter_mut().for_each(|l| fix(l, &at, notes))
            }
            BlockKind::Signature(sig) => sig
                .agencies
                .iter_mut()
                .for_each(|a| fix(&mut a.name, &at, notes)),
            BlockKind::PageBreak => {}
        }
    }
}

/// 7.3.7: the attachments' titles agree with the 附件说明, in number and
/// wording. A 附件说明 may name attachments whose text travels separately
/// (not given in `attachments`): a warning then, not an error, when the
/// ones given are the first it names.
fn check_attachment_note(
    blocks: &[model::Block],
    titles: &[String],
    errors: &mut Vec<Diagnostic>,
    notes: &mut Vec<Diagnostic>,
) {
    let note = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::AttachmentNote(names) => Some((b.origin.as_str(), names)),
        _ => None,
    });
    if let Some((origin, names)) = note {
        let given_first = titles.len() < names.len()
            && titles
                .iter()
                .zip(names.iter())
                .all(|(t, n)| t.trim() == n.trim());
        if given_first {
            let separate: Vec<&str> = names[titles.len()..].iter().map(String::as_str).collect();
            notes.push(Diagnostic::warning(
                origin,
                t!(
                    "document.attachments_separate",
                    names = crate::error::clip(&separate.join("、"), 80)
                ),
            ));
            return;
        }
    }
    match note {
        Some((origin, names)) if !titles.is_empty() => {
            if names.len() != titles.len() {
                errors.push(Diagnostic::error(
                    origin,
                    t!(
                        "document.attachment_note_count",
                        named = names.len(),
                        given = titles.len()
                    ),
                ));
            } else if let Some(i) = (0..names.len()).find(|&i| names[i].trim() != titles[i].trim())
            {
                errors.push(Diagnostic::error(
                    format!("{origin}.attachment_note[{i}]"),
                    t!(
                        "document.attachment_note_differs",
                        note = crate::error::clip(&names[i], 40),
                        i = i,
                        title = crate::error::clip(&titles[i], 40)
                    ),
                ));
            }
        }
        None if !titles.is_empty() => errors.push(Diagnostic::error(
            "attachments",
            t!("document.attachment_note_missing"),
        )),
        _ => {}
    }
}

fn convert_block(b: BlockInput, origin: &str, cx: &mut Context) -> Result<BlockKind, Diagnostic> {
    let style = cx.style;
    Ok(match b {
        BlockInput::Title(TitleInput::Lines(lines)) => {
            for (j, l) in lines.iter().enumerate() {
                check_chars(l, &format!("{origin}.title[{j}]"), false)?;
            }
            if lines.iter().all(|l| l.trim().is_empty()) {
                return Err(Diagnostic::error(origin, t!("document.title_empty")));
            }
            BlockKind::Title { lines }
        }
        BlockInput::Title(TitleInput::Text(text)) => {
            check_chars(&text, &format!("{origin}.title"), false)?;
            if text.trim().is_empty() {
                return Err(Diagnostic::error(origin, t!("document.title_empty")));
            }
            let per_line = style.text_width() as f64 / (style.title_size as f64 * 10.0);
            BlockKind::Title {
                lines: crate::layout::title::balance(&text, per_line),
            }
        }
        BlockInput::Heading(h) => {
            let at = format!("{origin}.heading");
            if !(1..=4).contains(&h.level) {
                return Err(Diagnostic::error(
                    format!("{at}.level"),
                    t!("document.heading_level", level = h.level),
                ));
            }
            check_chars(&h.text, &format!("{at}.text"), false)?;
            let level = h.level as usize;
            let counters = &mut cx.counters;
            counters[level - 1] += 1;
            counters[level..].iter_mut().for_each(|c| *c = 0);
            let text = match h.numbering {
                Numbering::Given => h.text,
                Numbering::Auto => {
                    format!(
                        "{}{}",
                        model::heading_number(h.level, counters[level - 1]),
                        h.text
                    )
                }
            };
            let run_in = match h.run_in {
                Some(r) => Some(clean(&r, &format!("{at}.run_in"), false, &mut cx.notes)?),
                None => None,
            };
            BlockKind::Heading {
                level: h.level,
                text,
                run_in,
            }
        }
        BlockInput::Paragraph(ParagraphInput::Text(text)) => {
            let text = clean(&text, &format!("{origin}.paragraph"), true, &mut cx.notes)?;
            BlockKind::Paragraph {
                runs: vec![Run::plain(text)],
            }
        }
        BlockInput::Paragraph(ParagraphInput::Runs(r)) => {
            let mut runs = Vec::new();
            for (j, run) in r.runs.into_iter().enumerate() {
                let at = format!("{origin}.paragraph.runs[{j}]");
                // only the first run starts the paragraph (an indent there is typed by hand)
                let text = if j == 0 {
                    clean(&run.text, &at, true, &mut cx.notes)?
                } else {
                    check_chars(&run.text, &at, true)?;
                    run.text
                };
                runs.push(Run {
                    text,
                    bold: run.bold,
                });
            }
            BlockKind::Paragraph { runs }
        }
        BlockInput::Table(t) => {
            BlockKind::Table(convert_table(t, &format!("{origin}.table"), style)?)
        }
        BlockInput::Signature(s) => BlockKind::Signature(furniture::signature(
            s,
            &format!("{origin}.signature"),
            cx.format,
            &mut cx.images,
        )?),
        BlockInput::AttachmentNote(names) => {
            furniture::names(&names, &format!("{origin}.attachment_note"), 99)?;
            BlockKind::AttachmentNote(names)
        }
        BlockInput::Note(text) => {
            let at = format!("{origin}.note");
            check_short(&text, &at, 2_000)?;
            // given without parentheses: they are added
            let text = text
                .trim()
                .trim_start_matches('（')
                .trim_end_matches('）')
                .to_string();
            BlockKind::Note(text)
        }
        BlockInput::Attendance(a) => {
            let at = format!("{origin}.attendance");
            if cx.format != Format::Minutes {
                return Err(Diagnostic::error(
                    at,
                    t!("document.attendance_outside_minutes"),
                ));
            }
            check_short(&a.label, &format!("{at}.label"), 10)?;
            furniture::names(&a.names, &format!("{at}.names"), 500)?;
            BlockKind::Attendance {
                label: a.label,
                names: a.names,
            }
        }
        BlockInput::Addressee(text) => {
            check_chars(&text, &format!("{origin}.addressee"), false)?;
            BlockKind::Addressee(text)
        }
        BlockInput::PageBreak => BlockKind::PageBreak,
    })
}

/// A page break starts a new page only after something printed: one at the
/// start, at the end or right after another would make an empty page, which
/// the PDF's layout does not make, so they are dropped here and Word and the
/// PDF show the same pages.
fn collapse_page_breaks(blocks: Vec<model::Block>) -> Vec<model::Block> {
    let mut out: Vec<model::Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        let is_break = b.kind == BlockKind::PageBreak;
        let after_content = out.last().is_some_and(|p| p.kind != BlockKind::PageBreak);
        if !is_break || after_content {
            out.push(b);
        }
    }
    if out.last().is_some_and(|b| b.kind == BlockKind::PageBreak) {
        out.pop();
    }
    out
}

/// Scales widths to the text block, exactly: the last column takes the rounding.
pub fn scale_widths(weights: &[f64], total: i32) -> Vec<i32> {
    let sum: f64 = weights.iter().sum();
    let mut out: Vec<i32> = weights
        .iter()
        .map(|w| (w / sum * total as f64).floor() as i32)
        .collect();
    let used: i32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total - used;
    }
    out
}

fn convert_table(t: TableInput, at: &str, style: &StyleProfile) -> Result<Table, Diagnostic> {
    let ncols = t.widths.len();
    if ncols == 0 || ncols > MAX_TABLE_COLS {
        return Err(Diagnostic::error(
            format!("{at}.widths"),
            t!("document.table_columns", max = MAX_TABLE_COLS, n = ncols),
        ));
    }
    if t.rows.is_empty() || t.rows.len() > MAX_TABLE_ROWS {
        return Err(Diagnostic::error(
            format!("{at}.rows"),
            t!(
                "document.table_rows",
                max = MAX_TABLE_ROWS,
                n = t.rows.len()
            ),
        ));
    }
    if t.header_rows >= t.rows.len() {
        return Err(Diagnostic::error(
            format!("{at}.header_rows"),
            t!(
                "document.header_rows_too_many",
                header_rows = t.header_rows,
                rows = t.rows.len()
            ),
        ));
    }
    let mixed = t
        .widths
        .iter()
        .any(|w| matches!(w, WidthInput::Relative(_)))
        && t.widths
            .iter()
            .any(|w| matches!(w, WidthInput::Millimetres(_)));
    if mixed {
        return Err(Diagnostic::error(
            format!("{at}.widths"),
            t!("document.widths_mixed"),
        ));
    }
    let weights: Vec<f64> = t
        .widths
        .iter()
        .map(|w| match w {
            WidthInput::Relative(v) | WidthInput::Millimetres(v) => *v,
        })
        .collect();
    let widths = scale_widths(&weights, style.text_width());
    let default_align: Align = t.align.map(Into::into).unwrap_or(Align::Center);
    let nrows = t.rows.len();
    // owner[r][c] = (row, col) of the cell covering the position
    let mut owner: Vec<Vec<Option<(usize, usize)>>> = vec![vec![None; ncols]; nrows];
    let mut cells = Vec::new();
    for (r, row) in t.rows.into_iter().enumerate() {
        let mut c = 0;
        let row_len = row.len();
        for (j, input) in row.into_iter().enumerate() {
            let here = format!("{at}.rows[{r}][{j}]");
            let (text, rowspan, colspan, align, bold) = match input {
                CellInput::Text(Text(s)) => (s, 1, 1, default_align, false),
                CellInput::Full(o) => (
                    o.text.0,
                    o.rowspan,
                    o.colspan,
                    o.align.map(Into::into).unwrap_or(default_align),
                    o.bold,
                ),
            };
            check_chars(&text, &here, true)?;
            while c < ncols && owner[r][c].is_some() {
                c += 1;
            }
            if c >= ncols {
                return Err(Diagnostic::error(
                    here,
                    t!("document.row_full", row = r + 1, ncols = ncols, text = text),
                ));
            }
            if rowspan == 0 || colspan == 0 || rowspan > MAX_SPAN || colspan > MAX_SPAN {
                return Err(Diagnostic::error(here, t!("document.span_zero")));
            }
            if c + colspan > ncols {
                return Err(Diagnostic::error(
                    here,
                    t!(
                        "document.colspan_past_grid",
                        text = text,
                        col = c + 1,
                        colspan = colspan,
                        ncols = ncols
                    ),
                ));
            }
            if r + rowspan > nrows {
                return Err(Diagnostic::error(
                    here,
                    t!(
                        "document.rowspan_past_grid",
                        text = text,
                        row = r + 1,
                        rowspan = rowspan,
                        nrows = nrows
                    ),
                ));
            }
            for (rr, owner_row) in owner.iter_mut().enumerate().skip(r).take(rowspan) {
                for (cc, slot) in owner_row.iter_mut().enumerate().skip(c).take(colspan) {
                    if let Some((or, oc)) = *slot {
                        return Err(Diagnostic::error(
                            here,
                            t!(
                                "document.cells_overlap",
                                text = text,
                                other_row = or + 1,
                                other_col = oc + 1,
                                row = rr + 1,
                                col = cc + 1
                            ),
                        ));
                    }
                    *slot = Some((r, c));
                }
            }
            cells.push(Cell {
                row: r,
                col: c,
                rowspan,
                colspan,
                text,
                align,
                bold,
            });
            c += colspan;
        }
        if let Some(hole) = owner[r].iter().position(|o| o.is_none()) {
            return Err(Diagnostic::error(
                format!("{at}.rows[{r}]"),
                t!(
                    "document.row_hole",
                    row = r + 1,
                    col = hole + 1,
                    given = row_len,
                    ncols = ncols
                ),
            ));
        }
    }
    if t.header_rows > 0 {
        // a cell may not straddle the header/body boundary, or the repeated header is cut
        if let Some(c) = cells
            .iter()
            .find(|c| c.row < t.header_rows && c.row + c.rowspan > t.header_rows)
        {
            return Err(Diagnostic::error(
                format!("{at}.header_rows"),
                t!(
                    "document.span_across_header",
                    text = c.text,
                    row = c.row + 1,
                    col = c.col + 1
                ),
            ));
        }
    }
    Ok(Table {
        widths,
        rows: nrows,
        header_rows: t.header_rows,
        keep_together: t.keep_together,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{parse, Input};

    fn model(json: &str) -> Result<Document, String> {
        match parse(json) {
            Ok(Input::Document(d)) => d.into_model().map_err(|e| {
                e.iter()
                    .map(|d| format!("{}: {}", d.location, d.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            Ok(_) => Err("wrong kind".into()),
            Err(d) => Err(format!("{}: {}", d.location, d.message)),
        }
    }

    fn table(rows: &str) -> String {
        format!(
            r#"{{"kind":"document","blocks":[{{"table":{{"widths":[1,1,1],"rows":{rows}}}}}]}}"#
        )
    }

    #[test]
    fn spans_fill_the_grid() {
        let d = model(&table(
            r#"[[{"text":"a","rowspan":2},{"text":"b","colspan":2}],["c","d"]]"#,
        ))
        .unwrap();
        let BlockKind::Table(t) = &d.blocks[0].kind else {
            panic!()
        };
        assert_eq!(t.cells.len(), 4);
        assert_eq!((t.cells[2].row, t.cells[2].col), (1, 1));
        assert_eq!(t.widths.iter().sum::<i32>(), d.style.text_width());
    }

    #[test]
    fn colspan_past_the_grid_names_the_cell() {
        let e = model(&table(r#"[["a",{"text":"b","colspan":3}]]"#)).unwrap_err();
        assert!(e.contains("blocks[0].table.rows[0][1]"), "{e}");
        assert!(e.contains("past the table's 3 columns"), "{e}");
    }

    #[test]
    fn rowspan_past_the_grid() {
        let e = model(&table(r#"[[{"text":"a","rowspan":3},"b","c"],["d","e"]]"#)).unwrap_err();
        assert!(e.contains("spans 3 rows, past the table's 2 rows"), "{e}");
    }

    #[test]
    fn too_many_cells_and_holes() {
        let e = model(&table(r#"[["a","b","c","d"]]"#)).unwrap_err();
        assert!(e.contains("one too many"), "{e}");
        let e = model(&table(r#"[["a","b"]]"#)).unwrap_err();
        assert!(e.contains("leaves column 3 empty"), "{e}");
    }

    #[test]
    fn unknown_field_in_cell_has_path_and_suggestion() {
        let e = model(&table(r#"[["a",{"text":"b","colspn":2}]]"#)).unwrap_err();
        assert!(e.contains("blocks[0].table.rows[0][1]"), "{e}");
        assert!(e.contains("did you mean `colspan`"), "{e}");
    }

    #[test]
    fn auto_numbering_counts_per_level() {
        let d = model(
            r#"{"kind":"document","blocks":[
            {"heading":{"level":1,"text":"总体情况","numbering":"auto"}},
            {"heading":{"level":2,"text":"主动公开","numbering":"auto"}},
            {"heading":{"level":2,"text":"依申请公开","numbering":"auto"}},
            {"heading":{"level":1,"text":"其他","numbering":"auto"}},
            {"heading":{"level":2,"text":"甲","numbering":"auto"}}]}"#,
        )
        .unwrap();
        let texts: Vec<String> = d
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { text, .. } => text.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "一、总体情况",
                "（一）主动公开",
                "（二）依申请公开",
                "二、其他",
                "（一）甲"
            ]
        );
    }

    #[test]
    fn bad_date_is_explained() {
        let e = model(
            r#"{"kind":"document","blocks":[{"signature":{"agency":"某局","date":"2025/1/21"}}]}"#,
        )
        .unwrap_err();
        assert!(e.contains("blocks[0].signature.date"), "{e}");
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn page_breaks_never_make_an_empty_page() {
        let d = model(
            r#"{"kind":"document","blocks":["page_break",{"paragraph":"一"},"page_break","page_break",{"paragraph":"二"},"page_break"]}"#,
        )
        .unwrap();
        let kinds: Vec<bool> = d
            .blocks
            .iter()
            .map(|b| b.kind == BlockKind::PageBreak)
            .collect();
        assert_eq!(kinds, [false, true, false]);
    }

    #[test]
    fn dates_outside_the_range_or_shape_are_refused() {
        for bad in [
            "-0001-01-01",
            "+65536-01-01",
            "1899-12-31",
            "2200-01-01",
            "20250-01-01",
        ] {
            let e = parse_date(bad, "meta.date").unwrap_err();
            assert!(
                e.message.contains(bad) || e.message.contains("outside"),
                "{bad}: {}",
                e.message
            );
        }
        assert!(parse_date("1900-01-01", "x").is_ok());
        assert!(parse_date("2199-12-31", "x").is_ok());
    }

    #[test]
    fn metadata_and_font_names_are_checked() {
        let e = model(
            r#"{"kind":"document","meta":{"title":"a\u0001b"},"blocks":[{"paragraph":"x"}]}"#,
        )
        .unwrap_err();
        assert!(e.contains("meta.title"), "{e}");
        let e =
            model(r#"{"kind":"document","meta":{"author":"\uFFFE"},"blocks":[{"paragraph":"x"}]}"#)
                .unwrap_err();
        assert!(
            e.contains("meta.author") && e.contains("noncharacter"),
            "{e}"
        );
        let long = "L".repeat(65);
        let e = model(&format!(r#"{{"kind":"document","style":{{"fonts":{{"latin":"{long}"}}}},"blocks":[{{"paragraph":"x"}}]}}"#)).unwrap_err();
        assert!(e.contains("style.fonts.latin") && e.contains("64"), "{e}");
        let many: Vec<String> = (0..51).map(|i| format!("\"k{i}\"")).collect();
        let e = model(&format!(
            r#"{{"kind":"document","meta":{{"keywords":[{}]}},"blocks":[{{"paragraph":"x"}}]}}"#,
            many.join(",")
        ))
        .unwrap_err();
        assert!(e.contains("meta.keywords"), "{e}");
    }

    #[test]
    fn numbers_in_cells_keep_their_digits() {
        let d = model(&table(r#"[[12345678901234567890123, 1.10, 100.50]]"#)).unwrap();
        let BlockKind::Table(t) = &d.blocks[0].kind else {
            panic!()
        };
        let texts: Vec<&str> = t.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["12345678901234567890123", "1.10", "100.50"]);
        let e = model(&table(r#"[[1, 2, 1e3]]"#)).unwrap_err();
        assert!(
            e.contains("blocks[0].table.rows[0][2]") && e.contains("in quotes"),
            "{e}"
        );
    }

    #[test]
    fn widths_scale_exactly() {
        let w = scale_widths(&[754.0, 921.0, 3271.0, 685.0], 8845);
        assert_eq!(w.iter().sum::<i32>(), 8845);
    }
}
