//! The one style profile both writers read (GB/T 9704-2012).
//!
//! Every length that reaches a file is kept here in twips (1/20 pt): Word stores
//! twips, and the PDF writer converts the same integers to points, so the two
//! outputs cannot drift apart through rounding.

use schemars::JsonSchema;
use serde::Deserialize;

/// Twips per millimetre (1 mm = 72/25.4 pt, 1 pt = 20 twips).
pub const TWIPS_PER_MM: f64 = 72.0 * 20.0 / 25.4;

/// Converts millimetres to whole twips.
pub fn mm_to_twips(mm: f64) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// Converts twips to PostScript points.
pub fn twips_to_pt(tw: i32) -> f32 {
    tw as f32 / 20.0
}

/// The roles a font plays in a 公文. Each role has one font family name, which is
/// what the .docx names and what the PDF writer resolves to a real font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    /// 标题: 方正小标宋简体.
    Title,
    /// 正文, 三级和四级标题: 仿宋_GB2312.
    Body,
    /// 一级标题: 黑体.
    Heading1,
    /// 二级标题: 楷体_GB2312.
    Heading2,
    /// 表格: 宋体.
    Table,
    /// 页码: 宋体.
    PageNumber,
    /// Latin letters and digits in every role: Times New Roman.
    Latin,
}

impl FontRole {
    /// Every role, in a fixed order (used for reports and fallback order).
    pub const ALL: [FontRole; 7] = [
        FontRole::Title,
        FontRole::Body,
        FontRole::Heading1,
        FontRole::Heading2,
        FontRole::Table,
        FontRole::PageNumber,
        FontRole::Latin,
    ];

    /// The role's place in `ALL`.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The name used on the command line (`--font body=仿宋`) and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            FontRole::Title => "title",
            FontRole::Body => "body",
            FontRole::Heading1 => "heading1",
            FontRole::Heading2 => "heading2",
            FontRole::Table => "table",
            FontRole::PageNumber => "page_number",
            FontRole::Latin => "latin",
        }
    }

    /// The role whose font sets this role's Latin letters and digits: the
    /// Latin font (Times New Roman), except in page numbers, which GB/T 9704
    /// 7.5 sets in 半角宋体 — the page-number font's own digits. Both writers
    /// follow it.
    pub fn latin_role(self) -> FontRole {
        match self {
            FontRole::PageNumber => FontRole::PageNumber,
            _ => FontRole::Latin,
        }
    }

    /// Parses a role key as written by `key`.
    pub fn from_key(key: &str) -> Option<FontRole> {
        FontRole::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Font family names by role, as the input may override them.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FontOverrides {
    /// 标题 font (default 方正小标宋简体).
    pub title: Option<String>,
    /// 正文 font (default 仿宋_GB2312).
    pub body: Option<String>,
    /// 一级标题 font (default 黑体).
    pub heading1: Option<String>,
    /// 二级标题 font (default 楷体_GB2312).
    pub heading2: Option<String>,
    /// 表格 font (default 宋体).
    pub table: Option<String>,
    /// 页码 font (default 宋体).
    pub page_number: Option<String>,
    /// Font for Latin letters and digits (default Times New Roman).
    pub latin: Option<String>,
}

impl FontOverrides {
    /// The name given for a role, if any.
    pub fn get(&self, role: FontRole) -> Option<&String> {
        match role {
            FontRole::Title => self.title.as_ref(),
            FontRole::Body => self.body.as_ref(),
            FontRole::Heading1 => self.heading1.as_ref(),
            FontRole::Heading2 => self.heading2.as_ref(),
            FontRole::Table => self.table.as_ref(),
            FontRole::PageNumber => self.page_number.as_ref(),
            FontRole::Latin => self.latin.as_ref(),
        }
    }
}

/// Optional changes to the standard layout, given in the input's `style` object.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StyleOverrides {
    /// Font family names by role.
    #[serde(default)]
    pub fonts: FontOverrides,
    /// Table text size in points: 10.5 (五号, default) or 12 (小四); 7.5–16 allowed.
    pub table_font_size: Option<f64>,
    /// Print level-2 headings (楷体) and level-3 headings in bold, a common local
    /// practice that GB/T 9704 does not require. Default false.
    pub bold_headings: Option<bool>,
}

/// The complete layout profile. `StyleProfile::gbt9704()` is the standard.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleProfile {
    pub page_width: i32,
    pub page_height: i32,
    pub margin_top: i32,
    pub margin_bottom: i32,
    pub margin_left: i32,
    pub margin_right: i32,
    /// Body text size in half-points (三号 16 pt = 32).
    pub body_size: u32,
    /// Title size in half-points (二号 22 pt = 44).
    pub title_size: u32,
    /// Table text size in half-points (五号 10.5 pt = 21).
    pub table_size: u32,
    /// Page number size in half-points (四号 14 pt = 28).
    pub page_number_size: u32,
    /// Distance between body baselines: 22 lines fill the 225 mm text block.
    pub line_pitch: i32,
    /// Where Word and LibreOffice put the baseline in a line of exact height,
    /// in thousandths of the line's height from its top: 820, whatever the
    /// font and size (Word measured at 0.82; LibreOffice renders 0.816 — its
    /// fixed line heights keep 4/5 of the line above the baseline). Both the
    /// body flow and table cells are drawn this way in the PDF, so the PDF's
    /// lines sit where Word's do. The 版头 and page numbers, planned apart,
    /// still centre the em box in their lines.
    pub baseline_milli: i32,
    /// Extra space after every body character (negative: tighter), so that
    /// 28 characters of 三号 fill the 156 mm line in Word and LibreOffice alike.
    pub char_spacing: i32,
    /// The character spacing the .docx's 正文 style gives: two twips
    /// tighter than the PDF's. The .docx declares a character grid (`docGrid
    /// linesAndChars`, so Word's 页面设置 shows 22 × 28), and LibreOffice then
    /// narrows the text area to a whole number of grid cells, 28 × 315 = 8820
    /// twips, 25 less than the block: at −5 it sets 27 characters a line, at
    /// −6 28 but loses the lines mixing Chinese and Latin text that fill the
    /// block; at −7 every fixture's lines match the PDF's (lo-compare), and
    /// 29 characters (29 × 313 = 9077) still do not fit the block in Word.
    pub docx_char_spacing: i32,
    /// Line height inside table cells.
    pub table_line_pitch: i32,
    /// Left and right padding inside table cells.
    pub cell_margin_x: i32,
    /// Top and bottom padding inside table cells.
    pub cell_margin_y: i32,
    /// Border width in eighths of a point (Word's unit for borders).
    pub border_eighths: u32,
    /// Gap between the text block's bottom edge and the page number's 一字线
    /// (GB/T 9704 7.5: 一字线上距版心下边缘7mm), to the dashes' middle.
    pub page_number_gap: i32,
    /// Height of the 一字线's middle above the baseline, in thousandths of an
    /// em: 267 (measured on the bundled 宋体 stand-in, Noto Serif CJK: the
    /// dash spans 0.242–0.293 em).
    pub dash_height_milli_em: i32,
    /// Height of the page number line.
    pub page_number_line: i32,
    /// First-line indent of body paragraphs, in characters × 100.
    pub indent_chars: i32,
    /// Bold level-2/level-3 headings.
    pub bold_headings: bool,
    /// Font family names by role.
    pub fonts: FontNames,
    /// The page-level parts of a 公文 (版头, 版记, seals, 信函 lines).
    pub furniture: FurnitureStyle,
}

/// Measurements of the 版头, 版记, seals and the special formats. Where
/// GB/T 9704-2012 gives a number it is quoted; where it gives none (the
/// mark's size, line weights, the red) the choice is said here.
#[derive(Debug, Clone, PartialEq)]
pub struct FurnitureStyle {
    /// The one red of every red part (发文机关标志, 分隔线, 信函 lines, and
    /// what the writers draw of seals): #FF0000. The standard defines red only
    /// as printing ink (6.2: Y80% M80%), which has no exact screen value; pure
    /// red is what Word templates, WPS and most agencies' files use, and it
    /// prints as solid red on office printers.
    pub red: [u8; 3],
    /// Size of the 发文机关标志 in half-points: 初号 42 pt (84). 2012 sets no
    /// size (7.2.4: 醒目、美观、庄重); 初号 is the usual choice, and a mark
    /// wider than the text block is condensed horizontally to fit.
    pub mark_size: u32,
    /// Size for a 联合行文 of three or more issuers, so the first page still
    /// shows text (7.3.3): 小初 36 pt, then 一号 26 pt from five issuers.
    pub mark_size_3: u32,
    pub mark_size_5: u32,
    /// Top edge of the mark below the text block's top: 35 mm (7.2.4, 纪要 10.3).
    pub mark_top: i32,
    /// The same for an order: 20 mm (10.2).
    pub order_mark_top: i32,
    /// A letter's mark from the page's top edge: 30 mm (10.1).
    pub letter_mark_top: i32,
    /// Gap from the 发文字号's glyphs to the red separator: 4 mm (7.2.7).
    pub separator_gap: i32,
    /// The separator's thickness, in eighths of a point: 1.5 pt (12). Not in
    /// the standard; practice is 0.35–0.5 mm, and 1.5 pt (0.53 mm) is what
    /// Word writes exactly.
    pub separator_eighths: u32,
    /// A letter's red double lines: 170 mm long (10.1), thick 1.5 pt, thin
    /// 0.75 pt, 1 pt apart (the standard gives no weights).
    pub letter_rule_length: i32,
    pub letter_thick_eighths: u32,
    pub letter_thin_eighths: u32,
    pub letter_rule_gap: i32,
    /// The lower double line's bottom edge above the page's bottom edge: 20 mm.
    pub letter_bottom_rule: i32,
    /// Distance from a letter's upper double line to the first element below
    /// it, and from the last line of text to the lower double line: 7/8 of a
    /// 三号 character's height (10.1), 4.94 mm.
    pub letter_text_gap: i32,
    /// 版记 text: 四号 (28 half-points), 仿宋 (7.4.2, 7.4.3).
    pub colophon_size: u32,
    /// 版记 rules: first and last 0.35 mm, middle 0.25 mm (7.4.1), in
    /// eighths of a point as Word stores them: 1 pt and 0.75 pt.
    pub colophon_thick_eighths: u32,
    pub colophon_thin_eighths: u32,
}

impl FurnitureStyle {
    /// The standard's numbers and the choices documented on each field.
    pub fn gbt9704() -> Self {
        FurnitureStyle {
            red: [0xFF, 0x00, 0x00],
            mark_size: 84,
            mark_size_3: 72,
            mark_size_5: 52,
            mark_top: mm_to_twips(35.0),
            order_mark_top: mm_to_twips(20.0),
            letter_mark_top: mm_to_twips(30.0),
            separator_gap: mm_to_twips(4.0),
            separator_eighths: 12,
            letter_rule_length: mm_to_twips(170.0),
            letter_thick_eighths: 12,
            letter_thin_eighths: 6,
            letter_rule_gap: 20,
            letter_bottom_rule: mm_to_twips(20.0),
            letter_text_gap: mm_to_twips(4.94),
            colophon_size: 28,
            colophon_thick_eighths: 8,
            colophon_thin_eighths: 6,
        }
    }

    /// The mark's size in half-points for a number of issuers.
    pub fn mark_size_for(&self, issuers: usize) -> u32 {
        match issuers {
            0..=2 => self.mark_size,
            3..=4 => self.mark_size_3,
            _ => self.mark_size_5,
        }
    }
}

/// Resolved family names by role.
#[derive(Debug, Clone, PartialEq)]
pub struct FontNames {
    pub title: String,
    pub body: String,
    pub heading1: String,
    pub heading2: String,
    pub table: String,
    pub page_number: String,
    pub latin: String,
}

impl FontNames {
    /// The family name for a role.
    pub fn get(&self, role: FontRole) -> &str {
        match role {
            FontRole::Title => &self.title,
            FontRole::Body => &self.body,
            FontRole::Heading1 => &self.heading1,
            FontRole::Heading2 => &self.heading2,
            FontRole::Table => &self.table,
            FontRole::PageNumber => &self.page_number,
            FontRole::Latin => &self.latin,
        }
    }
}

impl FontNames {
    /// The family name for a role, to change.
    pub fn get_mut(&mut self, role: FontRole) -> &mut String {
        match role {
            FontRole::Title => &mut self.title,
            FontRole::Body => &mut self.body,
            FontRole::Heading1 => &mut self.heading1,
            FontRole::Heading2 => &mut self.heading2,
            FontRole::Table => &mut self.table,
            FontRole::PageNumber => &mut self.page_number,
            FontRole::Latin => &mut self.latin,
        }
    }
}

impl Default for StyleProfile {
    fn default() -> Self {
        Self::gbt9704()
    }
}

impl StyleProfile {
    /// GB/T 9704-2012: A4, margins 37/35/28/26 mm, text block 156 × 225 mm,
    /// 三号 body in 22 lines of 28 characters, 二号 title, 四号 page numbers.
    pub fn gbt9704() -> Self {
        StyleProfile {
            page_width: 11906,
            page_height: 16838,
            margin_top: mm_to_twips(37.0),
            margin_bottom: mm_to_twips(35.0),
            margin_left: mm_to_twips(28.0),
            margin_right: mm_to_twips(26.0),
            body_size: 32,
            title_size: 44,
            table_size: 21,
            page_number_size: 28,
            // 225 mm / 22 lines = 579.8 twips; 579 keeps 22 lines inside the block.
            line_pitch: 579,
            baseline_milli: 820,
            // 28 × (320 − 5) = 8820 twips ≤ 8845 (156 mm); 29 characters do not fit.
            char_spacing: -5,
            docx_char_spacing: -7,
            table_line_pitch: 300,
            cell_margin_x: 57,
            cell_margin_y: 0,
            border_eighths: 4,
            page_number_gap: mm_to_twips(7.0),
            dash_height_milli_em: 267,
            page_number_line: 360,
            indent_chars: 200,
            bold_headings: false,
            furniture: FurnitureStyle::gbt9704(),
            fonts: FontNames {
                title: "方正小标宋简体".into(),
                body: "仿宋_GB2312".into(),
                heading1: "黑体".into(),
                heading2: "楷体_GB2312".into(),
                table: "宋体".into(),
                page_number: "宋体".into(),
                latin: "Times New Roman".into(),
            },
        }
    }

    /// The standard profile with the input's overrides applied.
    pub fn with_overrides(o: &StyleOverrides) -> Self {
        let mut s = Self::gbt9704();
        for role in FontRole::ALL {
            if let Some(name) = o.fonts.get(role) {
                *s.fonts.get_mut(role) = name.clone();
            }
        }
        if let Some(pt) = o.table_font_size {
            s.table_size = (pt * 2.0).round() as u32;
            s.table_line_pitch = (pt * 20.0 * 1.45).round() as i32;
        }
        if let Some(b) = o.bold_headings {
            s.bold_headings = b;
        }
        s
    }

    /// Width of the text block (版心).
    pub fn text_width(&self) -> i32 {
        self.page_width - self.margin_left - self.margin_right
    }

    /// Height of the text block (版心).
    pub fn text_height(&self) -> i32 {
        self.page_height - self.margin_top - self.margin_bottom
    }

    /// How many body lines fit on one page.
    pub fn lines_per_page(&self) -> i32 {
        self.flow_height() / self.line_pitch
    }

    /// Baseline of a line of exact height `line` (points) below its top, in
    /// points: `baseline_milli` of the line, as Word and LibreOffice put it.
    pub fn baseline_in_line(&self, line: f32) -> f32 {
        line * self.baseline_milli as f32 / 1000.0
    }

    /// How far the top of the body's em box (0.88 em above the baseline, the
    /// ideographic em box) is below the top of its line box, in twips.
    pub fn body_glyph_drop(&self) -> i32 {
        let size = self.body_size as i32 * 10;
        (self.line_pitch * self.baseline_milli + 500) / 1000 - (size * 88 + 50) / 100
    }

    /// Space between the line box of a heading or paragraph and a table under
    /// it, in twips (a table that starts or continues on a page starts as
    /// far below the flow top: on the text block's top edge, 37 mm down; see
    /// `layout::table`). The table's top rule
    /// goes where the glyphs of a next line of text would start — the body's
    /// grid of em-box tops, the one the 37 mm rule starts the text block on —
    /// so text and table stand as far apart as two lines of text do (the line
    /// pitch less the size: 12.95 pt, 4.6 mm between em boxes, as Typst sets
    /// a table under a heading). Without it the rule stood 1.2 mm under the
    /// heading's em box. Word gets it as the space after that paragraph.
    pub fn table_space_before(&self) -> i32 {
        self.body_glyph_drop()
    }

    /// Top of the first line box on every page, in twips from the page's top
    /// edge: the one value both writers start the text at (Word's top page
    /// margin, the PDF's flow top). GB/T 9704 5.2.1 puts the text block's top
    /// edge 37 mm down; that is where the first line's glyphs start (its em
    /// box), so the line box starts `body_glyph_drop` higher — the practice
    /// of GB/T 33476.2, which measures Word's margin to the line box
    /// (33.6 mm: 579-twip lines, baseline at 0.82, 三号).
    pub fn flow_top(&self) -> i32 {
        self.margin_top - self.body_glyph_drop()
    }

    /// Height of the page's text area from `flow_top` to the text block's
    /// bottom edge (35 mm above the page's), in twips: 22 lines fit.
    pub fn flow_height(&self) -> i32 {
        self.page_height - self.margin_bottom - self.flow_top()
    }

    /// The pitch of Word's line grid (docGrid): the text area's height over
    /// its 22 lines, 588 twips. Paragraphs keep their exact 579-twip lines
    /// (exact spacing does not snap to the grid), but LibreOffice centres the
    /// grid in the text area, which would put what is left over, (height −
    /// 22 × pitch) / 2 = 5 pt with a 579 grid, above the first line; with
    /// this pitch nothing is left over, and Word counts 22 lines either way.
    pub fn grid_pitch(&self) -> i32 {
        self.flow_height() / self.lines_per_page()
    }

    /// Space above a title that starts the first page (no 版头 above it), in
    /// twips, so that its 二号 glyphs, like the body's, start 37 mm down: the
    /// larger em box reaches higher in a line of the same height. The blank
    /// line after the title is as much shorter, so the body stays on the grid.
    pub fn title_top_space(&self) -> i32 {
        (self.title_size as i32 - self.body_size as i32) * 10 * 88 / 100
    }

    /// Advance of one body character including the grid spacing.
    pub fn body_char_advance(&self) -> i32 {
        self.body_size as i32 * 10 + self.char_spacing
    }

    /// How many body characters fit on one line.
    pub fn chars_per_line(&self) -> i32 {
        self.text_width() / self.body_char_advance()
    }

    /// The document grid's `w:charSpace` (ECMA-376 17.6.5): the grid's
    /// character pitch is the 正文 size plus charSpace/4096 pt, and the
    /// largest pitch at which `chars_per_line` characters fill the text
    /// block is taken (GB/T 9704: 28 of 三号 in 156 mm gives −842, a pitch
    /// of 15.79 pt), so Word's 页面设置 shows 28 characters a line.
    pub fn grid_char_space(&self) -> i32 {
        let pitch_pt = twips_to_pt(self.text_width()) as f64 / self.chars_per_line() as f64;
        ((pitch_pt - self.body_size as f64 / 2.0) * 4096.0).floor() as i32
    }

    /// A length in twips as hundredths of a body character (Word's
    /// `w:firstLineChars`, `w:rightChars` …).
    pub fn twips_to_hundredth_chars(&self, twips: i32) -> i32 {
        let ch = self.body_char_advance();
        (twips * 100 + ch / 2 * twips.signum()) / ch
    }

    /// First-line indent of body paragraphs in twips (two characters).
    pub fn first_line_indent(&self) -> i32 {
        self.body_char_advance() * self.indent_chars / 100
    }

    /// Distance from the text block's bottom edge to the top of the page
    /// number's line box, such that the 一字线 is `page_number_gap` below the
    /// block: the em box is centred in the line (see `layout::baseline`), the
    /// dash `dash_height_milli_em` above the baseline.
    pub fn page_number_line_top(&self) -> i32 {
        let size = self.page_number_size as i32 * 10;
        let baseline_in_line = (self.page_number_line - size) / 2 + size * 88 / 100;
        let dash_in_line = baseline_in_line - size * self.dash_height_milli_em / 1000;
        self.page_number_gap - dash_in_line
    }

    /// Footer distance from the bottom edge such that the page number line
    /// starts `page_number_line_top()` below the text block.
    pub fn footer_distance(&self) -> i32 {
        self.margin_bottom - self.page_number_line_top() - self.page_number_line
    }

    /// Size in half-points and font role of the text of a block kind.
    pub fn font_for_heading(&self, level: u8) -> (FontRole, bool) {
        match level {
            1 => (FontRole::Heading1, false),
            2 => (FontRole::Heading2, self.bold_headings),
            3 => (FontRole::Body, self.bold_headings),
            _ => (FontRole::Body, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbt9704_grid_is_22_lines_of_28_characters() {
        let s = StyleProfile::gbt9704();
        assert_eq!(s.lines_per_page(), 22);
        assert!(
            23 * s.line_pitch > s.flow_height(),
            "a 23rd line does not fit"
        );
        assert_eq!(s.chars_per_line(), 28);
        // the text block is 156 × 225 mm within a millimetre's rounding
        assert!((s.text_width() as f64 / TWIPS_PER_MM - 156.0).abs() < 0.1);
        assert!((s.text_height() as f64 / TWIPS_PER_MM - 225.0).abs() < 0.1);
    }

    #[test]
    fn the_grid_char_space_gives_28_characters_in_word() {
        let s = StyleProfile::gbt9704();
        let cs = s.grid_char_space();
        assert_eq!(cs, -842);
        let pitch = |cs: i32| 16.0 + cs as f64 / 4096.0;
        let width = s.text_width() as f64 / 20.0;
        assert!(28.0 * pitch(cs) <= width && 28.0 * pitch(cs + 1) > width);
        assert_eq!(s.twips_to_hundredth_chars(630), 200);
        assert_eq!(s.twips_to_hundredth_chars(1260), 400);
    }

    #[test]
    fn the_first_line_s_glyphs_start_37_mm_down() {
        let s = StyleProfile::gbt9704();
        let top = twips_to_pt(s.flow_top());
        let pitch = twips_to_pt(s.line_pitch);
        // the body's em box: 0.88 em above the baseline
        let body = top + s.baseline_in_line(pitch) - 0.88 * 16.0;
        assert!((body / 72.0 * 25.4 - 37.0).abs() < 0.05, "{body}");
        // the title's, with the space above it
        let title =
            top + twips_to_pt(s.title_top_space()) + s.baseline_in_line(pitch) - 0.88 * 22.0;
        assert!((title / 72.0 * 25.4 - 37.0).abs() < 0.05, "{title}");
        assert!((s.flow_top() as f64 / TWIPS_PER_MM - 33.6).abs() < 0.05);
    }

    #[test]
    fn page_number_dash_sits_7mm_below_text_block() {
        let s = StyleProfile::gbt9704();
        let line_top_from_bottom = s.footer_distance() + s.page_number_line;
        let line_top = s.margin_bottom - line_top_from_bottom;
        // the dash: em box centred in the line, dash 0.267 em above the baseline
        let size = s.page_number_size as f64 * 10.0;
        let dash =
            line_top as f64 + (s.page_number_line as f64 - size) / 2.0 + 0.88 * size - 0.267 * size;
        assert!(
            (dash / TWIPS_PER_MM - 7.0).abs() < 0.05,
            "{}",
            dash / TWIPS_PER_MM
        );
    }

    #[test]
    fn overrides_change_only_what_they_name() {
        let o: StyleOverrides =
            serde_json::from_str(r#"{"fonts":{"body":"仿宋"},"table_font_size":12}"#).unwrap();
        let s = StyleProfile::with_overrides(&o);
        assert_eq!(s.fonts.body, "仿宋");
        assert_eq!(s.fonts.title, "方正小标宋简体");
        assert_eq!(s.table_size, 24);
    }
}
