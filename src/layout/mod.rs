//! The layout engine: turns the document model into positioned glyphs and
//! rules on A4 pages, following the style profile. The PDF writer only draws
//! what this produces; everything about where things go is decided here.
//!
//! Coordinates are points from the page's top-left corner, y downwards.

pub mod linebreak;
pub mod table;
pub mod title;

use crate::fonts::{FaceId, FontBook};
use crate::model::{chinese_date, Block, BlockKind, Document, Run};
use crate::style::{twips_to_pt, FontRole, StyleProfile};
use linebreak::{break_lines, line_width, position_line, shape, Line, ShapedChar};

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub page_width: f32,
    pub page_height: f32,
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
}

/// A straight line (table borders).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
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
/// ASCII: half the size plus spacing), used where both writers must agree
/// without reading a font file (the signature block).
pub fn class_width(text: &str, size: f32, spacing: f32) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { size / 2.0 } else { size } + spacing)
        .sum()
}

/// Where the lines of a 落款 go: each agency line and the date, as text and
/// left offset in twips from the text block's left edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureLines {
    pub agency: Vec<(String, i32)>,
    pub date: (String, i32),
}

/// The 落款 without seal per GB/T 9704 7.3.5.2: the agency 右空二字, the date
/// on the next line starting two characters right of the agency's first
/// character; a date longer than that is set 右空二字 and the agency moves
/// left to keep the two-character step. An agency name too long for one line
/// is broken into lines no wider than the text block less four characters,
/// each set 右空二字. Both writers use these offsets, measured by character
/// class, so they agree without reading a font file.
pub fn signature_lines(style: &StyleProfile, agency: &str, date: &str) -> SignatureLines {
    let size = style.body_size as f32 / 2.0;
    let spacing = twips_to_pt(style.char_spacing);
    let ch = (style.body_char_advance() as f32) / 20.0;
    let right = twips_to_pt(style.text_width());
    let date_w = class_width(date, size, spacing);
    let pieces = wrap_by_class(agency, right - 4.0 * ch, size, spacing);
    let widest = pieces
        .iter()
        .map(|p| class_width(p, size, spacing))
        .fold(0.0, f32::max);
    // the date's start is two characters right of the agency block's start
    let mut shift = 0.0;
    let mut date_x = right - 2.0 * ch - widest + 2.0 * ch;
    if date_x + date_w > right - 2.0 * ch {
        date_x = right - 2.0 * ch - date_w;
        shift = (right - 2.0 * ch - widest) - (date_x - 2.0 * ch);
    }
    let tw = |pt: f32| (pt * 20.0).round().max(0.0) as i32;
    let agency = pieces
        .into_iter()
        .map(|p| {
            let x = right - 2.0 * ch - class_width(&p, size, spacing) - shift;
            (p, tw(x))
        })
        .collect();
    SignatureLines {
        agency,
        date: (date.to_string(), tw(date_x)),
    }
}

/// Breaks text into pieces no wider than `max` points by character class
/// (a piece always holds at least one character).
fn wrap_by_class(text: &str, max: f32, size: f32, spacing: f32) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut width = 0.0;
    for c in text.chars() {
        let w = class_width(c.encode_utf8(&mut [0; 4]), size, spacing);
        let last = pieces.last_mut().expect("one piece");
        if width + w > max + 0.01 && !last.is_empty() {
            pieces.push(String::new());
            width = 0.0;
        }
        pieces.last_mut().expect("one piece").push(c);
        width += w;
    }
    pieces
}

/// Shaped lines of one paragraph-like block.
struct Lines {
    chars: Vec<ShapedChar>,
    lines: Vec<Line>,
    size: f32,
    /// Left indent of each line relative to the text block.
    indent_first: f32,
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
}

impl<'a> Flow<'a> {
    fn new(style: &'a StyleProfile, fonts: &'a FontBook) -> Self {
        let top = twips_to_pt(style.margin_top);
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
            bottom: top + twips_to_pt(style.text_height()),
            left: twips_to_pt(style.margin_left),
            width: twips_to_pt(style.text_width()),
            pitch: twips_to_pt(style.line_pitch),
            block: 0,
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
        let base = baseline(self.y, self.pitch, size);
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
            message: format!("{e}; install a font that has it or change the text"),
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
            justify: true,
        })
    }

    /// Places lines on the grid with widow/orphan control (at least two lines
    /// of a paragraph on each side of a page break, as Word and LibreOffice do).
    fn place_lines(&mut self, l: &Lines) {
        let n = l.lines.len();
        let mut i = 0;
        while i < n {
            let fit = (self.room() / self.pitch).floor().max(0.0) as usize;
            let remaining = n - i;
            let take = if fit >= remaining {
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
        let indent = if k == 0 { l.indent_first } else { 0.0 };
        let (x0, w) = (self.left + indent, self.width - indent);
        self.draw_line(&l.chars, l.lines[k], x0, l.size, w, l.justify);
        self.y += self.pitch;
    }

    /// Height the start of a block needs on the page it starts on (used to keep a heading with what follows).
    fn first_unit_height(&self, block: &Block) -> Result<f32, LayoutError> {
        Ok(match &block.kind {
            BlockKind::Paragraph { runs } => {
                let n = self
                    .body_lines(runs, FontRole::Body, &block.origin)?
                    .lines
                    .len();
                n.min(2) as f32 * self.pitch
            }
            BlockKind::Heading { .. } | BlockKind::Title { .. } => self.pitch,
            BlockKind::Table(t) => table::first_unit_height(self, t, &block.origin)?,
            BlockKind::Signature { .. } => 3.0 * self.pitch,
            BlockKind::Addressee(_) => self.pitch,
            BlockKind::PageBreak => 0.0,
        })
    }

    fn title(&mut self, lines: &[String], origin: &str) -> Result<(), LayoutError> {
        let size = self.style.title_size as f32 / 2.0;
        if self.room() < (lines.len() + 1) as f32 * self.pitch && !self.page_is_empty() {
            self.new_page();
        }
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
        self.y += self.pitch;
        Ok(())
    }

    fn heading(
        &mut self,
        level: u8,
        text: &str,
        next: Option<&Block>,
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
        let need = l.lines.len() as f32 * self.pitch
            + match next {
                Some(b) => self.first_unit_height(b)?,
                None => 0.0,
            };
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

    fn signature(&mut self, agency: &str, date: &str, origin: &str) -> Result<(), LayoutError> {
        let placed = signature_lines(self.style, agency, date);
        let lines = placed.agency.len() + 1;
        // 正文下空一行, and the signature block is not split over pages
        if self.room() < (lines + 1) as f32 * self.pitch {
            self.new_page();
        } else {
            self.y += self.pitch;
        }
        let size = self.style.body_size as f32 / 2.0;
        let spacing = twips_to_pt(self.style.char_spacing);
        for (text, x) in placed.agency.iter().chain(std::iter::once(&placed.date)) {
            let chars = self.shape(&[Run::plain(text)], FontRole::Body, size, spacing, origin)?;
            let one = Line {
                start: 0,
                end: chars.len(),
                last: true,
            };
            let x0 = self.left + twips_to_pt(*x);
            self.draw_line(&chars, one, x0, size, self.width, false);
            self.y += self.pitch;
        }
        Ok(())
    }

    fn page_numbers(&mut self) -> Result<(), LayoutError> {
        let size = self.style.page_number_size as f32 / 2.0;
        let line_h = twips_to_pt(self.style.page_number_line);
        let top = self.bottom + twips_to_pt(self.style.page_number_gap);
        let one_char = size;
        for i in 0..self.layout.pages.len() {
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
                origin: "page number".into(),
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

/// Lays out a whole document.
pub fn layout(doc: &Document, fonts: &FontBook) -> Result<Layout, LayoutError> {
    let mut flow = Flow::new(&doc.style, fonts);
    for (i, block) in doc.blocks.iter().enumerate() {
        if flow.layout.pages.len() > MAX_PAGES {
            return Err(too_many_pages(&block.origin));
        }
        flow.block = i;
        let next = doc.blocks.get(i + 1);
        let origin = &block.origin;
        match &block.kind {
            BlockKind::Title { lines } => flow.title(lines, origin)?,
            BlockKind::Heading { level, text } => flow.heading(*level, text, next, origin)?,
            BlockKind::Paragraph { runs } => {
                let l = flow.body_lines(runs, FontRole::Body, origin)?;
                flow.place_lines(&l);
            }
            BlockKind::Table(t) => table::place(&mut flow, t, origin)?,
            BlockKind::Signature { agency, date } => {
                flow.signature(agency, &chinese_date(*date), origin)?
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
    if flow.layout.pages.len() > MAX_PAGES {
        return Err(too_many_pages("blocks"));
    }
    flow.page_numbers()?;
    Ok(flow.layout)
}

fn too_many_pages(origin: &str) -> LayoutError {
    LayoutError {
        origin: origin.to_string(),
        message: format!(
            "the document runs past {MAX_PAGES} pages, the limit (reached here); split it into several documents, or remove runs of empty lines and page breaks"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_follows_gbt9704() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let l = signature_lines(&s, "汶上县投资促进服务中心", "2025年1月21日");
        let (a, d) = (l.agency[0].1, l.date.1);
        // the date starts two characters right of the signature
        assert!((d - a - 2 * ch).abs() <= 1);
        // the signature ends two characters from the right edge
        let agency_w = 11 * ch;
        assert!((s.text_width() - 2 * ch - (a + agency_w)).abs() <= 1, "{a}");
    }

    #[test]
    fn long_date_is_set_two_characters_in_and_pushes_signature_left() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let l = signature_lines(&s, "某局", "2025年12月21日");
        let (a, d) = (l.agency[0].1, l.date.1);
        // 8 digits at half width, 3 ideographs, spacing after each of the 11 characters
        let date_w = 8 * s.body_size as i32 * 5 + 3 * s.body_size as i32 * 10 + 11 * s.char_spacing;
        assert!((s.text_width() - 2 * ch - (d + date_w)).abs() <= 2, "{d}");
        assert!((d - a - 2 * ch).abs() <= 1);
    }

    #[test]
    fn long_agency_wraps_and_keeps_every_character() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let agency = "某".repeat(60);
        let l = signature_lines(&s, &agency, "2025年1月21日");
        assert!(l.agency.len() >= 3, "{l:?}");
        let joined: String = l.agency.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, agency);
        for (text, x) in &l.agency {
            let w = text.chars().count() as i32 * ch;
            assert!(*x >= 0, "{x}");
            // every line ends two characters from the right edge
            assert!((s.text_width() - 2 * ch - (x + w)).abs() <= 2, "{x}");
        }
        // the date starts two characters right of the block's first character
        let first = l.agency.iter().map(|(_, x)| *x).min().unwrap();
        assert!((l.date.1 - first - 2 * ch).abs() <= 1);
    }
}
