//! WordprocessingML of the text flow, written as it is read: paragraphs,
//! runs and tables straight into one string, every property element in
//! schema order (ISO/IEC 29500-1 transitional) as Word and the validator
//! want it.
//!
//! The order inside each property element is the schema's:
//! - `w:pPr`: pStyle, keepNext, pageBreakBefore, (framePr, widowControl,
//!   pBdr, tabs: furniture only), snapToGrid, spacing, ind, jc, sectPr;
//! - `w:rPr`: rFonts, b, bCs, (color: furniture), spacing, (w, sz, szCs);
//! - `w:sectPr`: headerReference, footerReference, pgSz, pgMar, cols,
//!   titlePg, docGrid;
//! - `w:tblPr`: tblW, jc, tblBorders, tblLayout, tblCellMar;
//! - `w:tcPr`: tcW, gridSpan, vMerge, vAlign;
//! - borders and cell margins: top, left, bottom, right, insideH, insideV.

use std::fmt::Write;

use crate::model::{Align, Run, Table};
use crate::style::StyleProfile;

/// Namespaces of the document, header and footer parts.
pub const PART_NAMESPACES: &str = r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14 wp14""#;

/// Namespaces of `word/document.xml`.
pub const DOCUMENT_NAMESPACES: &str = r#"xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 wp14""#;

/// Escapes run text: markup characters and quotes as entities; a carriage
/// return is dropped (LibreOffice fails on an escaped one).
pub fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => {}
            c => out.push(c),
        }
    }
}

/// Line spacing of a paragraph: exact lines of `line` twips, with space
/// before and after when given.
#[derive(Clone, Copy, Default)]
pub struct Spacing {
    pub before: Option<i32>,
    pub after: Option<i32>,
    pub line: i32,
}

impl Spacing {
    pub fn exact(line: i32) -> Spacing {
        Spacing {
            line,
            ..Spacing::default()
        }
    }
}

/// The properties a paragraph of the flow can have (the furniture writes
/// its own, see `furniture::Para`).
#[derive(Default)]
pub struct Props<'a> {
    /// The paragraph style's id; none for a paragraph that only snaps off the grid.
    pub style: Option<&'a str>,
    pub keep_next: bool,
    pub page_break_before: bool,
    /// Lines not snapped to the document grid (a page break's one-twip line).
    pub no_snap: bool,
    pub spacing: Option<Spacing>,
    /// Left and right indent, in twips.
    pub indent: Option<(i32, i32)>,
    pub jc: Option<&'a str>,
}

/// A run's character formatting beyond its paragraph style.
#[derive(Clone, Copy, Default)]
pub struct RunProps<'a> {
    pub bold: bool,
    /// Character spacing in twips.
    pub spacing: Option<i32>,
    /// The Latin and the Chinese face (a run-in heading's).
    pub fonts: Option<(&'a str, &'a str)>,
}

/// Punctuation Unicode shares between Chinese and Latin text (quotation
/// marks, dashes, the ellipsis, the middle dot): Word sets it in the Latin
/// font unless the run says `w:hint="eastAsia"`.
fn shared_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2013}'
            | '\u{2026}'
            | '\u{00B7}'
            | '\u{2022}'
            | '\u{2025}'
            | '\u{00A7}'
    )
}

/// The text flow being written: one part's XML, and the numbering of its
/// paragraphs' `w14:paraId`.
pub struct Flow {
    pub out: String,
    next_id: u32,
}

impl Flow {
    pub fn new(first_id: u32) -> Flow {
        Flow {
            out: String::new(),
            next_id: first_id,
        }
    }

    /// The next paragraph id, used up.
    pub fn take_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Opens `w:p` with its properties; runs follow, then `end_paragraph`.
    pub fn start_paragraph(&mut self, p: &Props) {
        let id = self.take_id();
        let o = &mut self.out;
        let _ = write!(o, r#"<w:p w14:paraId="{id:08x}"><w:pPr>"#);
        if let Some(s) = p.style {
            let _ = write!(o, r#"<w:pStyle w:val="{s}"/>"#);
        } else {
            // Word and LibreOffice must break lines as our PDF does: no
            // snapping of line heights or characters to the document grid
            // (every style says so; a paragraph without one says it itself)
            o.push_str(r#"<w:snapToGrid w:val="0"/>"#);
        }
        if p.keep_next {
            o.push_str("<w:keepNext/>");
        }
        if p.page_break_before {
            o.push_str("<w:pageBreakBefore/>");
        }
        if p.no_snap {
            o.push_str(r#"<w:snapToGrid w:val="false"/>"#);
        }
        if let Some(s) = p.spacing {
            o.push_str("<w:spacing");
            if let Some(b) = s.before {
                let _ = write!(o, r#" w:before="{b}""#);
            }
            if let Some(a) = s.after {
                let _ = write!(o, r#" w:after="{a}""#);
            }
            let _ = write!(o, r#" w:line="{}" w:lineRule="exact"/>"#, s.line);
        }
        if let Some((left, right)) = p.indent {
            let _ = write!(o, r#"<w:ind w:left="{left}" w:right="{right}"/>"#);
        }
        if let Some(jc) = p.jc {
            let _ = write!(o, r#"<w:jc w:val="{jc}"/>"#);
        }
        o.push_str("</w:pPr>");
    }

    pub fn end_paragraph(&mut self) {
        self.out.push_str("</w:p>");
    }

    /// A paragraph of plain runs.
    pub fn paragraph(&mut self, p: &Props, runs: &[Run]) {
        self.start_paragraph(p);
        for r in runs {
            self.run(
                &r.text,
                RunProps {
                    bold: r.bold,
                    ..RunProps::default()
                },
            );
        }
        self.end_paragraph();
    }

    /// One run of text, its `\n`s as line breaks inside the run (one `w:br`
    /// each, not a run each: a paragraph of many short lines stays small);
    /// a run with quotation marks, dashes or an ellipsis says they are East
    /// Asian, so Word sets them in the Chinese font as the PDF does.
    pub fn run(&mut self, text: &str, r: RunProps) {
        let hint = text.chars().any(shared_punctuation);
        self.run_with_hint(text, r, hint);
    }

    /// A run without the East Asian hint for shared punctuation (a title's
    /// runs and the page number's: their style's face is the one wanted).
    pub fn plain_run(&mut self, text: &str, r: RunProps) {
        self.run_with_hint(text, r, false);
    }

    fn run_with_hint(&mut self, text: &str, r: RunProps, hint: bool) {
        let o = &mut self.out;
        o.push_str("<w:r>");
        if r.fonts.is_none() && !hint && !r.bold && r.spacing.is_none() {
            o.push_str("<w:rPr/>");
        } else {
            o.push_str("<w:rPr>");
            match r.fonts {
                Some((latin, cjk)) => {
                    o.push_str(r#"<w:rFonts w:ascii=""#);
                    escape_text(o, latin);
                    o.push_str(r#"" w:hAnsi=""#);
                    escape_text(o, latin);
                    o.push_str(r#"" w:eastAsia=""#);
                    escape_text(o, cjk);
                    o.push_str(r#"" w:hint="eastAsia"/>"#);
                }
                None if hint => o.push_str(r#"<w:rFonts w:hint="eastAsia"/>"#),
                None => {}
            }
            if r.bold {
                o.push_str("<w:b/><w:bCs/>");
            }
            if let Some(s) = r.spacing {
                let _ = write!(o, r#"<w:spacing w:val="{s}"/>"#);
            }
            o.push_str("</w:rPr>");
        }
        for (k, piece) in text.split('\n').enumerate() {
            if k > 0 {
                o.push_str(r#"<w:br w:type="textWrapping"/>"#);
            }
            if !piece.is_empty() {
                o.push_str(r#"<w:t xml:space="preserve">"#);
                escape_text(o, piece);
                o.push_str("</w:t>");
            }
        }
        o.push_str("</w:r>");
    }

    /// A run of field code (`w:fldChar` or `w:instrText`) in the page number.
    pub fn field_run(&mut self, content: &str) {
        let _ = write!(self.out, "<w:r><w:rPr/>{content}</w:r>");
    }
}

/// `w:sectPr`: the page, its margins, the header and footer parts (by
/// relationship id and kind), and the grid of lines and characters Word's
/// 页面设置 shows (22 lines of 28 characters; the paragraphs' own spacing
/// already keeps both).
pub struct Section<'a> {
    pub headers: &'a [(&'a str, &'a str)],
    pub footers: &'a [(&'a str, &'a str)],
    /// The header part's distance from the page's top edge.
    pub header_distance: i32,
    /// A first page with its own header and footer.
    pub title_page: bool,
}

impl Section<'_> {
    pub fn write(&self, o: &mut String, style: &StyleProfile) {
        o.push_str("<w:sectPr>");
        for (kind, id) in self.headers {
            let _ = write!(o, r#"<w:headerReference w:type="{kind}" r:id="{id}"/>"#);
        }
        for (kind, id) in self.footers {
            let _ = write!(o, r#"<w:footerReference w:type="{kind}" r:id="{id}"/>"#);
        }
        let _ = write!(
            o,
            r#"<w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="{}" w:footer="{}" w:gutter="0"/><w:cols w:space="425" w:num="1"/>"#,
            style.page_width,
            style.page_height,
            style.flow_top(),
            style.margin_right,
            style.margin_bottom,
            style.margin_left,
            self.header_distance,
            style.footer_distance(),
        );
        if self.title_page {
            o.push_str("<w:titlePg/>");
        }
        let _ = write!(
            o,
            r#"<w:docGrid w:type="linesAndChars" w:linePitch="{}" w:charSpace="{}"/></w:sectPr>"#,
            style.grid_pitch(),
            style.grid_char_space()
        );
    }
}

/// A table of the text: fixed layout, single borders, the style's cell
/// margins; merged cells as `gridSpan` and `vMerge`; every row kept on one
/// page, the first `header_rows` repeated on every page.
///
/// `breaks(row, col)`: where the layout ended a cell's lines early (a line
/// break goes before each of those characters, see `Layout::cell_breaks`);
/// `top(row, col)`: whether the layout printed a cell at the top of its box
/// rather than centred (see `Layout::cell_top`).
pub fn table(
    flow: &mut Flow,
    style: &StyleProfile,
    t: &Table,
    breaks: &dyn Fn(usize, usize) -> Option<Vec<usize>>,
    top: &dyn Fn(usize, usize) -> bool,
) {
    let total: i32 = t.widths.iter().sum();
    let b = style.border_eighths;
    let (mx, my) = (style.cell_margin_x, style.cell_margin_y);
    let o = &mut flow.out;
    let _ = write!(
        o,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="left"/><w:tblBorders>"#
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(
            o,
            r#"<w:{side} w:val="single" w:sz="{b}" w:space="0" w:color="000000"/>"#
        );
    }
    let _ = write!(
        o,
        r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{my}" w:type="dxa"/><w:left w:w="{mx}" w:type="dxa"/><w:bottom w:w="{my}" w:type="dxa"/><w:right w:w="{mx}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
    );
    for w in &t.widths {
        let _ = write!(o, r#"<w:gridCol w:w="{w}"/>"#);
    }
    o.push_str("</w:tblGrid>");
    let grid = t.coverage();
    for (r, grid_row) in grid.iter().enumerate() {
        flow.out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if r < t.header_rows {
            // repeated at the top of every page, by Word and LibreOffice
            flow.out.push_str("<w:tblHeader/>");
        }
        flow.out.push_str("</w:trPr>");
        // Word keeps a table together by keeping each row's paragraphs
        // with the next row (there is no table-level property)
        let keep_next = t.keep_together && r + 1 < t.rows;
        let mut c = 0;
        while c < t.widths.len() {
            let cell = &t.cells[grid_row[c]];
            let width = t.span_width(cell.col, cell.colspan);
            let o = &mut flow.out;
            let _ = write!(o, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
            if cell.colspan > 1 {
                let _ = write!(o, r#"<w:gridSpan w:val="{}"/>"#, cell.colspan);
            }
            let first_row = cell.row == r;
            if !first_row {
                // covered by a cell from a row above
                o.push_str(r#"<w:vMerge w:val="continue"/>"#);
            } else if cell.rowspan > 1 {
                o.push_str(r#"<w:vMerge w:val="restart"/>"#);
            }
            let valign = if top(cell.row, cell.col) {
                "top"
            } else {
                "center"
            };
            let _ = write!(o, r#"<w:vAlign w:val="{valign}"/></w:tcPr>"#);
            let (text, bold) = if first_row {
                let text = match breaks(cell.row, cell.col) {
                    Some(mut at) => {
                        let mut chars: Vec<char> = cell.text.chars().collect();
                        at.sort_unstable();
                        for k in at.into_iter().rev() {
                            chars.insert(k.min(chars.len()), '\n');
                        }
                        chars.into_iter().collect()
                    }
                    None => cell.text.clone(),
                };
                (text, cell.bold)
            } else {
                (String::new(), false)
            };
            cell_paragraph(flow, &text, cell.align, bold, keep_next);
            flow.out.push_str("</w:tc>");
            c += cell.colspan;
        }
        flow.out.push_str("</w:tr>");
    }
    flow.out.push_str("</w:tbl>");
}

/// A cell's paragraph: the 表格文字 style (the table face and size, its line
/// height, centred), left or right as the cell says.
fn cell_paragraph(flow: &mut Flow, text: &str, align: Align, bold: bool, keep_next: bool) {
    let jc = match align {
        Align::Left => Some("left"),
        Align::Center => None,
        Align::Right => Some("right"),
    };
    let p = Props {
        style: Some(super::styles::TABLE_TEXT),
        keep_next,
        jc,
        ..Props::default()
    };
    flow.start_paragraph(&p);
    flow.run(
        text,
        RunProps {
            bold,
            ..RunProps::default()
        },
    );
    flow.end_paragraph();
}
