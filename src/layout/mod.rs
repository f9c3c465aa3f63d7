//! The layout engine: turns the document model into positioned glyphs and
//! rules on A4 pages, following the style profile. The PDF writer only draws
//! what this produces; everything about where things go is decided here.
//!
//! Coordinates are points from the page's top-left corner, y downwards.

pub mod bounds;
pub mod furniture;
pub mod linebreak;
pub mod signature;
pub mod table;
pub mod title;

use crate::fonts::{FaceId, FontBook};
use crate::i18n::t;
use crate::model::{Block, BlockKind, Document, Format, Run};
use crate::style::{twips_to_pt, FontRole, StyleProfile};
use linebreak::{break_lines, break_paragraph, line_width, position_line, shape, Line, ShapedChar};

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub page_width: f32,
    pub page_height: f32,
    /// Pages that carry no page number (GB/T 9704 7.5: a blank page before
    /// the 版记 and the 版记 page after it; 10.1: a letter's first page).
    pub unnumbered: Vec<usize>,
    /// Where the 版记 went, for the Word writer to follow: its page, and the
    /// space (points) between the text above it and its first rule.
    pub colophon_page: Option<furniture::ColophonPage>,
    pub colophon_gap: f32,
    /// Body paragraphs whose lines were tightened or spread so that no
    /// punctuation hangs and no last line is a single character
    /// (`linebreak::break_paragraph`): for each such block, the extra spacing
    /// in twips of every character of its runs (a `\n` counts as one), for
    /// the Word writer to put on its runs as the PDF puts it on the glyphs.
    pub char_spacing: std::collections::BTreeMap<usize, Vec<i32>>,
    /// Table cells whose text breaks lines earlier than Word would (no
    /// hanging punctuation, no single-character last line:
    /// `linebreak::break_cell`): (block, row, column) → the characters those
    /// lines start with, for the Word writer to put a line break before.
    pub cell_breaks: std::collections::BTreeMap<(usize, usize, usize), Vec<usize>>,
    /// Table cells printed at the top of their box rather than centred
    /// (see `table`: a label split over pages, and the cells of the last row
    /// above a page break that falls inside a merged cell): (block, row,
    /// column), for the Word writer to give them `w:vAlign="top"`.
    pub cell_top: std::collections::BTreeSet<(usize, usize, usize)>,
}

impl Layout {
    /// Per face drawn with, every character drawn and its glyph (the first
    /// glyph a character got): what a font subset must hold.
    pub fn glyphs_used(
        &self,
    ) -> std::collections::BTreeMap<FaceId, std::collections::BTreeMap<char, u16>> {
        let mut used: std::collections::BTreeMap<FaceId, std::collections::BTreeMap<char, u16>> =
            Default::default();
        for page in &self.pages {
            for item in &page.items {
                if let Item::Text(t) = item {
                    let map = used.entry(t.face).or_default();
                    for (c, g) in t.text.chars().zip(&t.glyphs) {
                        map.entry(c).or_insert(g.0);
                    }
                }
            }
        }
        used
    }
}

/// One page's content.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextItem),
    Rule(Rule),
    Image(ImageItem),
}

/// An RGB colour.
pub type Rgb = [u8; 3];

/// Black, the colour of text and rules unless said otherwise.
pub const BLACK: Rgb = [0, 0, 0];

/// A picture (a seal or a signature stamp), drawn beneath the page's text.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    /// Top-left corner and size, in points.
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub image: crate::model::Image,
    /// The block (the 落款) it belongs to.
    pub block: usize,
}

/// What a piece of text belongs to, for the PDF's structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextTag {
    /// Not part of the content: page numbers, repeated table headers.
    Artifact,
    /// Part of block `n` of the document.
    Block(usize),
    /// Part of the cell at (row, col) of the table in block `n`.
    Cell {
        block: usize,
        row: usize,
        col: usize,
    },
    /// The 版头 (发文机关标志, 发文字号 …).
    Header,
    /// The 版记.
    Colophon,
}

/// Glyphs of one face on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    pub tag: TextTag,
    pub baseline: f32,
    pub size: f32,
    pub face: FaceId,
    /// (glyph id, absolute x, advance used) per character.
    pub glyphs: Vec<(u16, f32, f32)>,
    /// The characters, for text extraction.
    pub text: String,
    pub color: Rgb,
    /// Horizontal scale of the glyphs (1.0: as designed), about the first
    /// glyph's x; the positions above already include it.
    pub hscale: f32,
}

/// A straight line (table borders, the red separator, 版记 rules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
    pub color: Rgb,
}

/// Longest bookmark title: a heading longer than this is cut in the outline
/// (never on the page).
pub const MAX_BOOKMARK_CHARS: usize = 200;

/// A bookmark: a heading and where it landed.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// A block that could not be laid out (a character in no font).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub origin: String,
    pub message: String,
}

/// Baseline of text of `size` centred in a line box of height `line` at `top`:
/// the ideographic em box (0.88 above the baseline, 0.12 below) is centred.
pub fn baseline(top: f32, line: f32, size: f32) -> f32 {
    top + (line - size) / 2.0 + 0.88 * size
}

/// Width of text in points by character class (ideograph: one body advance,
/// ASCII: half the size, plus spacing, plus the automatic space Word,
/// LibreOffice and our shaping put between Chinese and Latin text), used
/// where both writers must agree without reading a font file (the 落款).
pub fn class_width(text: &str, size: f32, spacing: f32) -> f32 {
    let mut w = 0.0;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        w += if c.is_ascii() { size / 2.0 } else { size } + spacing;
        if prev.is_some_and(|p| linebreak::auto_space_between(p, c)) {
            w += linebreak::AUTO_SPACE_EM * size;
        }
        prev = Some(c);
    }
    w
}

/// Shaped lines of one paragraph-like block.
struct Lines {
    chars: Vec<ShapedChar>,
    lines: Vec<Line>,
    size: f32,
    /// Left indent of the first line and of the others, relative to the text block.
    indent_first: f32,
    indent_rest: f32,
    justify: bool,
}

/// The page-filling state.
struct Flow<'a> {
    style: &'a StyleProfile,
    fonts: &'a FontBook,
    layout: Layout,
    y: f32,
    top: f32,
    bottom: f32,
    left: f32,
    width: f32,
    pitch: f32,
    /// The block being laid out, for tagging its text.
    block: usize,
    /// Height that must follow the current block's last lines on their page
    /// (the 落款 after the last paragraph, 7.3.5.5).
    keep_tail: f32,
    /// The last table measured for the heading above it, kept for placing
    /// it (`table::measured`): measuring shapes and breaks every cell.
    measured: std::cell::Cell<Option<table::Kept>>,
}

impl<'a> Flow<'a> {
    fn new(style: &'a StyleProfile, fonts: &'a FontBook) -> Self {
        // the first line box starts above the text block's edge, so that its
        // glyphs start on it (see `StyleProfile::flow_top`)
        let top = twips_to_pt(style.flow_top());
        let mut f = Flow {
            style,
            fonts,
            layout: Layout {
                page_width: twips_to_pt(style.page_width),
                page_height: twips_to_pt(style.page_height),
                ..Default::default()
            },
            y: top,
            top,
            bottom: top + twips_to_pt(style.flow_height()),
            left: twips_to_pt(style.margin_left),
            width: twips_to_pt(style.text_width()),
            pitch: twips_to_pt(style.line_pitch),
            block: 0,
            keep_tail: 0.0,
            measured: std::cell::Cell::new(None),
        };
        f.layout.pages.push(Page::default());
        f
    }

    fn page(&mut self) -> &mut Page {
        self.layout.pages.last_mut().expect("a page exists")
    }

    fn page_is_empty(&self) -> bool {
        (self.y - self.top).abs() < 0.01
    }

    fn new_page(&mut self) {
        self.layout.pages.push(Page::default());
        self.y = self.top;
    }

    /// Room left on the page, in points.
    fn room(&self) -> f32 {
        self.bottom - self.y + 0.01
    }

    /// Draws characters `line` of `chars` from x offset `x0` (absolute) on the
    /// line box at the current position.
    fn draw_line(
        &mut self,
        chars: &[ShapedChar],
        line: Line,
        x0: f32,
        size: f32,
        width: f32,
        justify: bool,
    ) {
        let xs = position_line(chars, line, width, justify);
        let base = self.y + self.style.baseline_in_line(self.pitch);
        let tag = TextTag::Block(self.block);
        let items = text_items(&chars[line.start..line.end], &xs, x0, base, size, tag);
        self.page().items.extend(items.into_iter().map(Item::Text));
    }

    fn shape(
        &self,
        runs: &[Run],
        role: FontRole,
        size: f32,
        spacing: f32,
        origin: &str,
    ) -> Result<Vec<ShapedChar>, LayoutError> {
        shape(runs, role, size, spacing, self.fonts).map_err(|e| LayoutError {
            origin: origin.to_string(),
            message: missing_glyph_message(&e),
        })
    }

    /// Shapes and breaks body-sized text with the two-character indent.
    fn body_lines(&self, runs: &[Run], role: FontRole, origin: &str) -> Result<Lines, LayoutError> {
        let size = self.style.body_size as f32 / 2.0;
        let chars = self.shape(
            runs,
            role,
            size,
            twips_to_pt(self.style.char_spacing),
            origin,
        )?;
        let indent = twips_to_pt(self.style.first_line_indent());
        let lines = break_lines(&chars, self.width - indent, self.width);
        Ok(Lines {
            chars,
            lines,
            size,
            indent_first: indent,
            indent_rest: 0.0,
            justify: true,
        })
    }

    /// A body paragraph's lines (see `linebreak::break_paragraph`), the
    /// extra spacing already in the characters' advances, and that spacing.
    fn paragraph_lines(
        &self,
        runs: &[Run],
        origin: &str,
    ) -> Result<(Lines, Vec<i32>), LayoutError> {
        let mut l = self.body_lines(runs, FontRole::Body, origin)?;
        let (lines, extra) =
            break_paragraph(&l.chars, self.width - l.indent_first, self.width, l.size);
        for (c, e) in l.chars.iter_mut().zip(&extra) {
            c.advance += twips_to_pt(*e);
        }
        l.lines = lines;
        Ok((l, extra))
    }

    /// Shapes and breaks body-sized text with a hanging indent: the first line
    /// from `first`, the others from `rest` (points from the block's left edge).
    fn hanging_lines(
        &self,
        runs: &[Run],
        first: f32,
        rest: f32,
        origin: &str,
    ) -> Result<Lines, LayoutError> {
        let mut l = self.body_lines(runs, FontRole::Body, origin)?;
        l.indent_first = first;
        l.indent_rest = rest;
        l.lines = break_lines(&l.chars, self.width - first, self.width - rest);
        Ok(l)
    }

    /// A heading run into body text (（一）加强组织领导。各单位要……): the
    /// heading in its level's font, the text in the body font, broken and
    /// justified as one body paragraph (`paragraph_lines`), with the
    /// spacing it added per character.
    fn run_in_lines(
        &self,
        level: u8,
        text: &str,
        run_in: &str,
        origin: &str,
    ) -> Result<(Lines, Vec<i32>), LayoutError> {
        let (role, bold) = self.style.font_for_heading(level);
        let size = self.style.body_size as f32 / 2.0;
        let spacing = twips_to_pt(self.style.char_spacing);
        let heading = Run {
            text: text.to_string(),
            bold,
        };
        let mut chars = self.shape(&[heading], role, size, spacing, origin)?;
        let body = self.shape(&[Run::plain(run_in)], FontRole::Body, size, spacing, origin)?;
        // the automatic space between Chinese and Latin text across the join
        if let (Some(prev), Some(first)) = (chars.last_mut(), body.first()) {
            if linebreak::auto_space_between(prev.ch, first.ch) {
                prev.advance += linebreak::AUTO_SPACE_EM * size;
                prev.space_after = linebreak::AUTO_SPACE_EM * size;
            }
        }
        chars.extend(body);
        let indent = twips_to_pt(self.style.first_line_indent());
        let (lines, extra) = break_paragraph(&chars, self.width - indent, self.width, size);
        for (c, e) in chars.iter_mut().zip(&extra) {
            c.advance += twips_to_pt(*e);
        }
        Ok((
            Lines {
                chars,
                lines,
                size,
                indent_first: indent,
                indent_rest: 0.0,
                justify: true,
            },
            extra,
        ))
    }

    /// Places lines on the grid with widow/orphan control (at least two lines
    /// of a paragraph on each side of a page break, as Word and LibreOffice do).
    fn place_lines(&mut self, l: &Lines) {
        let n = l.lines.len();
        let mut i = 0;
        while i < n {
            let fit = (self.room() / self.pitch).floor().max(0.0) as usize;
            let remaining = n - i;
            let tail_fits = remaining as f32 * self.pitch + self.keep_tail <= self.room();
            let take = if fit >= remaining && !tail_fits && !self.page_is_empty() {
                // 7.3.5.5: the 落款 that follows must not stand alone at the
                // top of a page: the paragraph's last two lines go with it
                if remaining >= 4 {
                    remaining - 2
                } else {
                    0
                }
            } else if fit >= remaining {
                remaining
            } else {
                let mut take = fit;
                if remaining - take < 2 && remaining >= 2 {
                    take = remaining.saturating_sub(2);
                }
                if take < 2 && remaining >= 2 {
                    take = 0;
                }
                if remaining == 1 {
                    take = fit.min(1);
                }
                take
            };
            if take == 0 {
                if self.page_is_empty() {
                    // cannot fit even on an empty page: place one line and move on
                    self.emit_line(l, i);
                    i += 1;
                }
                self.new_page();
                continue;
            }
            for k in i..i + take {
                self.emit_line(l, k);
            }
            i += take;
            if i < n {
                self.new_page();
            }
        }
    }

    fn emit_line(&mut self, l: &Lines, k: usize) {
        let indent = if k == 0 {
            l.indent_first
        } else {
            l.indent_rest
        };
        let (x0, w) = (self.left + indent, self.width - indent);
        self.draw_line(&l.chars, l.lines[k], x0, l.size, w, l.justify);
        self.y += self.pitch;
    }

    /// Height the start of a block needs on the page it starts on (used to keep a heading with what follows).
    fn first_unit_height(&self, block: &Block) -> Result<f32, LayoutError> {
        Ok(match &block.kind {
            BlockKind::Paragraph { runs } => {
                let n = self.paragraph_lines(runs, &block.origin)?.0.lines.len();
                n.min(2) as f32 * self.pitch
            }
            // a run-in heading is a paragraph: two lines of it
            BlockKind::Heading {
                run_in: Some(_), ..
            } => 2.0 * self.pitch,
            BlockKind::Heading { .. } | BlockKind::Title { .. } => self.pitch,
            BlockKind::Table(t) => table::first_unit_height(self, t, &block.origin)?,
            BlockKind::Signature(sig) => match signature::plan(self.style, sig) {
                Ok(p) => twips_to_pt(p.height),
                Err(_) => 3.0 * self.pitch,
            },
            BlockKind::AttachmentNote(_) | BlockKind::Attendance { .. } => 2.0 * self.pitch,
            BlockKind::Note(_) => self.pitch,
            BlockKind::AttachmentStart { .. } => 0.0,
            BlockKind::Addressee(_) => self.pitch,
            BlockKind::PageBreak => 0.0,
        })
    }

    /// A title, centred, 标题下空一行. One that opens the document (`first`)
    /// starts `title_top_space` lower, so its glyphs start 37 mm down as the
    /// body's do, and the blank line under it is as much shorter.
    fn title(&mut self, lines: &[String], first: bool, origin: &str) -> Result<(), LayoutError> {
        let size = self.style.title_size as f32 / 2.0;
        if self.room() < (lines.len() + 1) as f32 * self.pitch && !self.page_is_empty() {
            self.new_page();
        }
        let space = if first {
            twips_to_pt(self.style.title_top_space())
        } else {
            0.0
        };
        self.y += space;
        for line in lines {
            let chars = self.shape(
                &[Run::plain(line.clone())],
                FontRole::Title,
                size,
                0.0,
                origin,
            )?;
            // a given line too long for the measure wraps, as it does in Word;
            // a title longer than the page continues on the next
            for one in break_lines(&chars, self.width, self.width) {
                if self.room() < self.pitch {
                    self.new_page();
                }
                let w = line_width(&chars, one);
                let x0 = self.left + (self.width - w).max(0.0) / 2.0;
                self.draw_line(&chars, one, x0, size, w, false);
                self.y += self.pitch;
            }
        }
        // 标题下空一行
        self.y += self.pitch - space;
        Ok(())
    }

    /// A heading, kept on one page with what follows it: the headings right
    /// after it and the first unit of the first block that is not a heading.
    fn heading(
        &mut self,
        level: u8,
        text: &str,
        following: &[Block],
        origin: &str,
    ) -> Result<(), LayoutError> {
        let (role, bold) = self.style.font_for_heading(level);
        let l = self.body_lines(
            &[Run {
                text: text.to_string(),
                bold,
            }],
            role,
            origin,
        )?;
        let mut need = l.lines.len() as f32 * self.pitch;
        for b in following {
            need += self.first_unit_height(b)?;
            if !matches!(b.kind, BlockKind::Heading { run_in: None, .. }) {
                break;
            }
        }
        if self.room() < need && !self.page_is_empty() {
            self.new_page();
        }
        if level <= 2 {
            let page = self.layout.pages.len() - 1;
            let y = self.y;
            self.layout.outline.push(OutlineEntry {
                level,
                // a bookmark is a line in a side panel; PDF strings are limited too
                title: text.chars().take(MAX_BOOKMARK_CHARS).collect(),
                page,
                y,
            });
        }
        self.place_lines(&l);
        Ok(())
    }

    /// Height of the 附注 when `block` is one (it stays on the page of the
    /// date above it, 7.3.6).
    fn note_height(&self, block: Option<&Block>) -> Result<f32, LayoutError> {
        match block {
            Some(
                b @ Block {
                    kind: BlockKind::Note(text),
                    ..
                },
            ) => {
                let l = self.body_lines(
                    &[Run::plain(format!("（{text}）"))],
                    FontRole::Body,
                    &b.origin,
                )?;
                Ok(l.lines.len() as f32 * self.pitch)
            }
            _ => Ok(0.0),
        }
    }

    /// What must follow a block's last lines on their page: the 落款 (with
    /// its 附注) when it comes next, so it never stands alone (7.3.5.5).
    fn tail_for(&self, following: &[Block]) -> Result<f32, LayoutError> {
        match following.first().map(|b| &b.kind) {
            Some(BlockKind::Signature(sig)) => {
                let note = self.note_height(following.get(1))?;
                Ok(self.signature_height(sig, note))
            }
            _ => Ok(0.0),
        }
    }

    /// Height a 落款 needs on its page, with a 附注 of `note` points under the date.
    fn signature_height(&self, sig: &crate::model::Signature, note: f32) -> f32 {
        match signature::plan(self.style, sig) {
            Ok(p) => {
                let date_bottom =
                    p.lines.iter().map(|l| l.y).max().unwrap_or(0) + self.style.line_pitch;
                twips_to_pt(p.height).max(twips_to_pt(date_bottom) + note)
            }
            Err(_) => 3.0 * self.pitch + note,
        }
    }

    /// 落款 (7.3.5) as `signature::plan` places it: images first, so the
    /// text is drawn over the seals. It starts a new page when it (with the
    /// 附注 under it, `note` points) does not fit.
    fn signature(
        &mut self,
        sig: &crate::model::Signature,
        note: f32,
        origin: &str,
    ) -> Result<(), LayoutError> {
        let plan = signature::plan(self.style, sig).map_err(|message| LayoutError {
            origin: origin.to_string(),
            message,
        })?;
        if self.room() < self.signature_height(sig, note) {
            self.new_page();
        }
        let (top, left, block) = (self.y, self.left, self.block);
        for img in &plan.images {
            self.page().items.push(Item::Image(ImageItem {
                x: left + twips_to_pt(img.x),
                y: top + twips_to_pt(img.y),
                width: twips_to_pt(img.image.width),
                height: twips_to_pt(img.image.height),
                image: img.image.clone(),
                block,
            }));
        }
        let size = self.style.body_size as f32 / 2.0;
        let spacing = twips_to_pt(self.style.char_spacing);
        for line in &plan.lines {
            let chars = self.shape(&[Run::plain(&line.text)], line.role, size, spacing, origin)?;
            let one = Line {
                start: 0,
                end: chars.len(),
                last: true,
            };
            self.y = top + twips_to_pt(line.y);
            let x0 = self.left + twips_to_pt(line.x);
            self.draw_line(&chars, one, x0, size, self.width, false);
        }
        // what follows (a 附注) goes on the line under the date: a seal may
        // reach lower, beneath it
        let last = plan.lines.iter().map(|l| l.y).max().unwrap_or(0);
        self.y = top + twips_to_pt(last + self.style.line_pitch);
        Ok(())
    }

    /// 附件说明 (7.3.4): 正文下空一行, 左空二字 “附件：”; several attachments
    /// are numbered and each starts under the first name's number; a name's
    /// wrapped lines align with its first character.
    fn attachment_note(
        &mut self,
        names: &[String],
        tail: f32,
        origin: &str,
    ) -> Result<(), LayoutError> {
        self.y += self.pitch;
        let size = self.style.body_size as f32 / 2.0;
        let spacing = twips_to_pt(self.style.char_spacing);
        let ch = twips_to_pt(self.style.body_char_advance());
        let label = class_width("附件：", size, spacing);
        let mut items = Vec::new();
        for (i, line) in crate::model::attachment_note_lines(names)
            .iter()
            .enumerate()
        {
            let number = if names.len() > 1 {
                class_width(&format!("{}. ", i + 1), size, spacing)
            } else {
                0.0
            };
            let first = if i == 0 { 2.0 * ch } else { 2.0 * ch + label };
            items.push(self.hanging_lines(
                &[Run::plain(line)],
                first,
                2.0 * ch + label + number,
                origin,
            )?);
        }
        // the items stay together, and with the 落款 after them (7.3.5.5)
        for (i, l) in items.iter().enumerate() {
            let after: usize = items[i + 1..].iter().map(|l| l.lines.len()).sum();
            self.keep_tail = after as f32 * self.pitch + tail;
            self.place_lines(l);
        }
        self.keep_tail = 0.0;
        Ok(())
    }

    /// 纪要 attendance (10.3): 下空一行 before the first list, the label in
    /// 黑体 左空二字 with a full-width colon, the names in the body font,
    /// wrapped lines aligned after the colon.
    fn attendance(
        &mut self,
        label: &str,
        names: &[String],
        first_list: bool,
        origin: &str,
    ) -> Result<(), LayoutError> {
        if first_list {
            self.y += self.pitch;
        }
        let size = self.style.body_size as f32 / 2.0;
        let spacing = twips_to_pt(self.style.char_spacing);
        let ch = twips_to_pt(self.style.body_char_advance());
        let label = format!("{label}：");
        let label_w = class_width(&label, size, spacing);
        let runs = [Run::plain(names.join("，"))];
        let l = self.hanging_lines(&runs, 2.0 * ch + label_w, 2.0 * ch + label_w, origin)?;
        // the label in 黑体 before the first line
        let label_chars = self.shape(
            &[Run::plain(&label)],
            FontRole::Heading1,
            size,
            spacing,
            origin,
        )?;
        if self.room() < 2.0_f32.min(l.lines.len() as f32) * self.pitch {
            self.new_page();
        }
        let one = Line {
            start: 0,
            end: label_chars.len(),
            last: true,
        };
        self.draw_line(
            &label_chars,
            one,
            self.left + 2.0 * ch,
            size,
            label_w,
            false,
        );
        self.place_lines(&l);
        Ok(())
    }

    /// The start of an attachment (7.3.7): a new page, “附件N” in 黑体 on the
    /// first line 顶格, the title centred on the third line, a blank line after.
    fn attachment_start(
        &mut self,
        label: &str,
        title: &[String],
        origin: &str,
    ) -> Result<(), LayoutError> {
        if !self.page_is_empty() {
            self.new_page();
        }
        if label.is_empty() {
            // an issued document: its title opens the page, as a document's does
            return self.title(title, true, origin);
        }
        let size = self.style.body_size as f32 / 2.0;
        let chars = self.shape(&[Run::plain(label)], FontRole::Heading1, size, 0.0, origin)?;
        let one = Line {
            start: 0,
            end: chars.len(),
            last: true,
        };
        let w = line_width(&chars, one);
        self.draw_line(&chars, one, self.left, size, w, false);
        self.y += 2.0 * self.pitch;
        self.title(title, false, origin)
    }

    fn page_numbers(&mut self) -> Result<(), LayoutError> {
        let size = self.style.page_number_size as f32 / 2.0;
        let line_h = twips_to_pt(self.style.page_number_line);
        let top = self.bottom + twips_to_pt(self.style.page_number_line_top());
        let one_char = size;
        for i in 0..self.layout.pages.len() {
            if self.layout.unnumbered.contains(&i) {
                continue;
            }
            let n = i + 1;
            let text = format!("— {n} —");
            let chars = shape(
                &[Run::plain(text)],
                FontRole::PageNumber,
                size,
                0.0,
                self.fonts,
            )
            .map_err(|e| LayoutError {
                origin: t!("layout.page_number").into(),
                message: e.to_string(),
            })?;
            let one = Line {
                start: 0,
                end: chars.len(),
                last: true,
            };
            let w = line_width(&chars, one);
            // odd pages: right, one character in; even pages: left, one character in
            let x0 = if n % 2 == 1 {
                self.left + self.width - one_char - w
            } else {
                self.left + one_char
            };
            let xs = position_line(&chars, one, w, false);
            let items = text_items(
                &chars,
                &xs,
                x0,
                baseline(top, line_h, size),
                size,
                TextTag::Artifact,
            );
            self.layout.pages[i]
                .items
                .extend(items.into_iter().map(Item::Text));
        }
        Ok(())
    }
}

/// Groups a line's characters into text items by face.
fn text_items(
    chars: &[ShapedChar],
    xs: &[f32],
    x0: f32,
    base: f32,
    size: f32,
    tag: TextTag,
) -> Vec<TextItem> {
    let mut out: Vec<TextItem> = Vec::new();
    for (c, x) in chars.iter().zip(xs) {
        if c.ch == '\n' {
            continue;
        }
        let glyph = (c.glyph, x0 + x, c.advance);
        match out.last_mut() {
            Some(t) if t.face == c.face => {
                t.glyphs.push(glyph);
                t.text.push(c.ch);
            }
            _ => out.push(TextItem {
                tag,
                baseline: base,
                size,
                face: c.face,
                glyphs: vec![glyph],
                text: c.ch.to_string(),
                color: BLACK,
                hscale: 1.0,
            }),
        }
    }
    out
}

/// Most pages a document may have. The text limits allow about 1 800 pages
/// of body text; page breaks and line breaks could make many more, and every
/// page costs memory in the writers (about 15 KB), so the page count is a
/// budget of its own, checked after every block.
pub const MAX_PAGES: usize = 5_000;

/// Lays out a whole document: the 版头, the text flow, the 版记, page numbers.
pub fn layout(doc: &Document, fonts: &FontBook) -> Result<Layout, LayoutError> {
    let mut flow = Flow::new(&doc.style, fonts);
    let f = &doc.furniture;
    if let Some(h) = &f.header {
        let plan = furniture::plan_header(&doc.style, f.format, h);
        furniture::check_header(&doc.style, &plan, h)?;
        flow.header(&plan)?;
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        if flow.layout.pages.len() > MAX_PAGES {
            return Err(too_many_pages(&block.origin));
        }
        flow.block = i;
        let next = doc.blocks.get(i + 1);
        let origin = &block.origin;
        match &block.kind {
            BlockKind::Title { lines } => {
                // the document's first line, on the first page (no 版头 above)
                let first = i == 0 && f.header.is_none();
                flow.title(lines, first, origin)?
            }
            BlockKind::Heading {
                level,
                text,
                run_in: None,
            } => flow.heading(*level, text, &doc.blocks[i + 1..], origin)?,
            BlockKind::Heading {
                level,
                text,
                run_in: Some(run_in),
            } => {
                let (l, extra) = flow.run_in_lines(*level, text, run_in, origin)?;
                if extra.iter().any(|&e| e != 0) {
                    flow.layout.char_spacing.insert(i, extra);
                }
                flow.keep_tail = flow.tail_for(&doc.blocks[i + 1..])?;
                if *level <= 2 {
                    let page = flow.layout.pages.len() - 1;
                    let y = flow.y;
                    flow.layout.outline.push(OutlineEntry {
                        level: *level,
                        title: text.chars().take(MAX_BOOKMARK_CHARS).collect(),
                        page,
                        y,
                    });
                }
                flow.place_lines(&l);
                flow.keep_tail = 0.0;
            }
            BlockKind::Paragraph { runs } => {
                let (l, extra) = flow.paragraph_lines(runs, origin)?;
                if extra.iter().any(|&e| e != 0) {
                    flow.layout.char_spacing.insert(i, extra);
                }
                flow.keep_tail = flow.tail_for(&doc.blocks[i + 1..])?;
                flow.place_lines(&l);
                flow.keep_tail = 0.0;
            }
            BlockKind::Table(t) => {
                let after_text = i
                    .checked_sub(1)
                    .is_some_and(|p| precedes_table_with_space(&doc.blocks[p].kind));
                table::place(&mut flow, t, after_text, origin)?
            }
            BlockKind::Signature(sig) => {
                let note = flow.note_height(next)?;
                flow.signature(sig, note, origin)?
            }
            BlockKind::AttachmentNote(names) => {
                let tail = flow.tail_for(&doc.blocks[i + 1..])?;
                flow.attachment_note(names, tail, origin)?
            }
            BlockKind::Note(text) => {
                // 附注 (7.3.6): 居左空二字 in parentheses, on the line under the date
                let l =
                    flow.body_lines(&[Run::plain(format!("（{text}）"))], FontRole::Body, origin)?;
                flow.place_lines(&l);
            }
            BlockKind::Attendance { label, names } => {
                let first = !matches!(
                    i.checked_sub(1).map(|p| &doc.blocks[p].kind),
                    Some(BlockKind::Attendance { .. })
                );
                flow.attendance(label, names, first, origin)?
            }
            BlockKind::AttachmentStart { label, title } => {
                flow.attachment_start(label, title, origin)?
            }
            BlockKind::Addressee(text) => {
                let mut l = flow.body_lines(&[Run::plain(text.clone())], FontRole::Body, origin)?;
                // 居左顶格: no first-line indent
                l.indent_first = 0.0;
                l.lines = break_lines(&l.chars, flow.width, flow.width);
                flow.place_lines(&l);
            }
            BlockKind::PageBreak => {
                if !flow.page_is_empty() {
                    flow.new_page();
                }
            }
        }
    }
    if f.format == Format::Letter {
        flow.letter_bottom();
        // 10.1: 首页不显示页码
        flow.layout.unnumbered.push(0);
    }
    if let Some(c) = &f.colophon {
        flow.colophon(c, f.format)?;
    }
    if flow.layout.pages.len() > MAX_PAGES {
        return Err(too_many_pages("blocks"));
    }
    flow.page_numbers()?;
    bounds::check(&flow.layout, doc, fonts)?;
    Ok(flow.layout)
}

/// Whether a table right after a block of this kind stands
/// `StyleProfile::table_space_before` under it (a heading or a body
/// paragraph; the Word writer puts that space after the block).
pub fn precedes_table_with_space(kind: &BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Heading { .. } | BlockKind::Paragraph { .. }
    )
}

fn too_many_pages(origin: &str) -> LayoutError {
    LayoutError {
        origin: origin.to_string(),
        message: t!("layout.too_many_pages", max = MAX_PAGES).into(),
    }
}

/// A character no font has: what to do about it. An invisible character
/// (U+FEFF, a zero-width space in a title) is to be deleted, not given a font.
fn missing_glyph_message(e: &crate::fonts::MissingGlyph) -> String {
    if e.is_invisible() {
        e.to_string()
    } else {
        t!("layout.missing_glyph", error = e).into()
    }
}
