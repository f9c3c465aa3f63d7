//! Page furniture: the parts of a 公文 that are placed on the page rather
//! than flowed with the text — the 版头 (份号, 密级, 紧急程度, 发文机关标志,
//! 发文字号, 签发人, the red separator), a letter's red double lines, the
//! 版记 at the foot of the last even page, and which pages carry no page
//! number. Every position is planned here in twips from the text block's
//! top-left corner, from the style profile, and both writers follow the plan:
//! the PDF draws it (`draw_*`), the Word writer turns it into paragraphs.
//!
//! Where does the red line go? `HeaderPlan::separator`.

use super::{baseline, class_width, Flow, Item, LayoutError, Rule, TextTag, BLACK};
use crate::model::{chinese_date, Colophon, Format, Header};
use crate::style::{twips_to_pt, FontRole, StyleProfile};

/// A line of header text: what, where (twips from the text block's left edge
/// and top; y may be negative above the block), and how.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderLine {
    pub text: String,
    pub x: i32,
    /// Top of the line box.
    pub y: i32,
    /// Height of the line box (exact, the em box centred in it).
    pub height: i32,
    pub role: FontRole,
    /// Size in half-points.
    pub size: u32,
    pub red: bool,
    /// Horizontal scale in percent (100: as designed).
    pub scale: u32,
    /// Stretch the text to this width (twips) by spacing its characters
    /// (the stacked names of a 联合行文 are justified to one width).
    pub justify_to: Option<i32>,
}

/// A horizontal rule: left end, top edge, length and thickness in twips.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeaderRule {
    pub x: i32,
    pub y: i32,
    pub length: i32,
    /// Thickness in eighths of a point (Word's unit for borders).
    pub eighths: u32,
    pub red: bool,
}

/// The 版头 of page 1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeaderPlan {
    pub lines: Vec<HeaderLine>,
    pub rules: Vec<HeaderRule>,
    /// Where the text flow starts (top of its first line), twips below the block's top.
    pub body_top: i32,
}

/// Plans the header of a document for its format. `None` without a header
/// (and not a letter): the text starts at the top of the block.
pub fn plan_header(style: &StyleProfile, format: Format, h: &Header) -> HeaderPlan {
    let mut plan = match format {
        Format::Letter => letter_header(style, h),
        _ => standard_header(style, format, h),
    };
    // planned from the text block's top edge; both writers start at the first
    // line box's top, `StyleProfile::flow_top`, a little higher
    let shift = style.margin_top - style.flow_top();
    for l in &mut plan.lines {
        l.y += shift;
    }
    for r in &mut plan.rules {
        r.y += shift;
    }
    plan.body_top += shift;
    plan
}

fn em(half_points: u32) -> i32 {
    half_points as i32 * 10
}

/// Width in twips of text at a size (half-points), by character class.
fn width(text: &str, half_points: u32) -> i32 {
    (class_width(text, half_points as f32 / 2.0, 0.0) * 20.0).round() as i32
}

fn body_line(style: &StyleProfile, text: &str, x: i32, y: i32, role: FontRole) -> HeaderLine {
    HeaderLine {
        text: text.to_string(),
        x,
        y,
        height: style.line_pitch,
        role,
        size: style.body_size,
        red: false,
        scale: 100,
        justify_to: None,
    }
}

/// 份号, 密级和保密期限, 紧急程度, top to bottom from line `first` (7.2.1–7.2.3):
/// 份号 in the body font, the others in 黑体, 顶格.
fn field_lines(style: &StyleProfile, h: &Header, top: i32) -> Vec<HeaderLine> {
    let fields = [
        (&h.copy_number, FontRole::Body),
        (&h.secrecy, FontRole::Heading1),
        (&h.urgency, FontRole::Heading1),
    ];
    fields
        .iter()
        .filter_map(|(v, role)| v.as_ref().map(|t| (t.clone(), *role)))
        .enumerate()
        .map(|(i, (t, role))| body_line(style, &t, 0, top + i as i32 * style.line_pitch, role))
        .collect()
}

/// The 发文机关标志: one line (name + mark), or for a 联合行文 the names
/// stacked and justified to one width with the mark to their right, centred
/// on the stack (7.2.4). Condensed horizontally when wider than the block.
fn mark_lines(style: &StyleProfile, h: &Header, top: i32) -> (Vec<HeaderLine>, i32) {
    let f = &style.furniture;
    let size = f.mark_size_for(h.issuers.len());
    let line_h = em(size);
    let full = style.text_width();
    let mark = h.mark.clone().unwrap_or_default();
    let red_line = |text: String, x: i32, y: i32, scale: u32, justify: Option<i32>| HeaderLine {
        text,
        x,
        y,
        height: line_h,
        role: FontRole::Title,
        size,
        red: true,
        scale,
        justify_to: justify,
    };
    if h.issuers.len() <= 1 {
        let text = format!("{}{mark}", h.issuers.first().cloned().unwrap_or_default());
        let w = width(&text, size);
        let scale = fit_scale(w, full);
        let shown = w * scale as i32 / 100;
        return (
            vec![red_line(text, (full - shown) / 2, top, scale, None)],
            line_h,
        );
    }
    let names_w = h.issuers.iter().map(|n| width(n, size)).max().unwrap_or(0);
    let gap = if mark.is_empty() { 0 } else { em(size) / 2 };
    let mark_w = width(&mark, size);
    let total = names_w + gap + mark_w;
    let scale = fit_scale(total, full);
    let sc = |v: i32| v * scale as i32 / 100;
    let left = (full - sc(total)) / 2;
    let mut lines: Vec<HeaderLine> = h
        .issuers
        .iter()
        .enumerate()
        .map(|(i, n)| {
            red_line(
                n.clone(),
                left,
                top + i as i32 * line_h,
                scale,
                Some(sc(names_w)),
            )
        })
        .collect();
    let stack_h = h.issuers.len() as i32 * line_h;
    if !mark.is_empty() {
        let y = top + (stack_h - line_h) / 2;
        lines.push(red_line(mark, left + sc(names_w + gap), y, scale, None));
    }
    (lines, stack_h)
}

/// The scale (percent) that fits `w` into `room`.
fn fit_scale(w: i32, room: i32) -> u32 {
    if w <= room || w == 0 {
        100
    } else {
        ((room as i64 * 100) / w as i64).max(1) as u32
    }
}

/// 文件格式, 命令格式 and 纪要格式: fields at the block's top, the mark's top
/// edge 35 mm (命令 20 mm) below it, the 发文字号 下空二行, the red separator
/// 4 mm under the 发文字号 (none for an order), the text 下空二行 after it.
fn standard_header(style: &StyleProfile, format: Format, h: &Header) -> HeaderPlan {
    let f = &style.furniture;
    let pitch = style.line_pitch;
    let mut lines = field_lines(style, h, 0);
    let mark_top = if format == Format::Order {
        f.order_mark_top
    } else {
        f.mark_top
    };
    let mut bottom = 0;
    if !h.issuers.is_empty() || h.mark.is_some() {
        let (marks, height) = mark_lines(style, h, mark_top);
        lines.extend(marks);
        bottom = mark_top + height;
    }
    let mut rules = Vec::new();
    let number_top = bottom + 2 * pitch;
    let number_lines = number_lines(style, h, number_top);
    let has_number = !number_lines.is_empty();
    let last_number_top = number_lines.iter().map(|l| l.y).max().unwrap_or(number_top);
    lines.extend(number_lines);
    let body_top = if format == Format::Order {
        // 令号下空二行编排正文 (10.2); no separator
        if has_number {
            last_number_top + 3 * pitch
        } else {
            bottom + 2 * pitch
        }
    } else {
        // the separator 4 mm under the glyphs of the 发文字号 line (7.2.7)
        let glyph_bottom = if has_number {
            let size = em(style.body_size);
            last_number_top + (pitch - size) / 2 + size
        } else {
            bottom
        };
        let y = glyph_bottom + f.separator_gap;
        rules.push(HeaderRule {
            x: 0,
            y,
            length: style.text_width(),
            eighths: f.separator_eighths,
            red: true,
        });
        // the title 下空二行 (7.3.1)
        y + eighths_to_twips(f.separator_eighths) + 2 * pitch
    };
    HeaderPlan {
        lines,
        rules,
        body_top,
    }
}

fn eighths_to_twips(e: u32) -> i32 {
    (e as i32 * 20 + 4) / 8
}

/// 发文字号 centred; for a 上行文, 发文字号 居左空一字 on the last line of
/// 签发人, which stand 居右空一字, two names a line (7.2.5, 7.2.6).
fn number_lines(style: &StyleProfile, h: &Header, top: i32) -> Vec<HeaderLine> {
    let pitch = style.line_pitch;
    let size = style.body_size;
    let ch = style.body_char_advance();
    let full = style.text_width();
    let mut out = Vec::new();
    if h.signers.is_empty() {
        if let Some(n) = &h.doc_number {
            let w = width(n, size);
            out.push(body_line(style, n, (full - w) / 2, top, FontRole::Body));
        }
        return out;
    }
    // 签发人：甲　乙 / 　　　　丙　丁 — names in 楷体, aligned under the first name
    let label = "签发人：";
    let rows: Vec<String> = h.signers.chunks(2).map(|c| c.join("　")).collect();
    let names_w = rows.iter().map(|r| width(r, size)).max().unwrap_or(0);
    let label_w = width(label, size);
    let names_x = full - ch - names_w;
    for (i, row) in rows.iter().enumerate() {
        let y = top + i as i32 * pitch;
        if i == 0 {
            out.push(body_line(
                style,
                label,
                names_x - label_w,
                y,
                FontRole::Body,
            ));
        }
        out.push(body_line(style, row, names_x, y, FontRole::Heading2));
    }
    if let Some(n) = &h.doc_number {
        let last = top + (rows.len() as i32 - 1) * pitch;
        out.push(body_line(style, n, ch, last, FontRole::Body));
    }
    out
}

/// 信函格式 (10.1): the mark's top 30 mm from the page's top edge, a red
/// double line (thick over thin) 4 mm under it, 170 mm long, centred; the
/// fields at the left and the 发文字号 at the right under the line, 7/8 of a
/// character's height below it; the title two lines below the last of them.
fn letter_header(style: &StyleProfile, h: &Header) -> HeaderPlan {
    let f = &style.furniture;
    let pitch = style.line_pitch;
    let mark_top = f.letter_mark_top - style.margin_top;
    let mut lines = Vec::new();
    let mut bottom = mark_top;
    if !h.issuers.is_empty() {
        // 联合行文 uses the 主办机关's mark (10.1)
        let main = Header {
            issuers: h.issuers[..1].to_vec(),
            ..h.clone()
        };
        let (marks, height) = mark_lines(style, &main, mark_top);
        lines.extend(marks);
        bottom = mark_top + height;
    }
    let line_top = bottom + f.separator_gap;
    let rules = double_line(style, line_top, true);
    let below = line_top + double_line_height(style);
    // the first element's glyphs start 7/8 of a character below the line
    let size = em(style.body_size);
    let first_top = below + f.letter_text_gap - (pitch - size) / 2;
    let fields = field_lines(style, h, first_top);
    let mut last = if fields.is_empty() {
        None
    } else {
        Some(first_top + (fields.len() as i32 - 1) * pitch)
    };
    lines.extend(fields);
    if let Some(n) = &h.doc_number {
        let w = width(n, style.body_size);
        lines.push(body_line(
            style,
            n,
            style.text_width() - w,
            first_top,
            FontRole::Body,
        ));
        last = last.or(Some(first_top));
    }
    let body_top = match last {
        Some(y) => y + 3 * pitch,
        None => below + 2 * pitch,
    };
    HeaderPlan {
        lines,
        rules,
        body_top,
    }
}

/// A letter's red double line at `top` (twips from the block's top): thick
/// over thin (`thick_first`) or thin over thick, 170 mm centred on the block.
pub fn double_line(style: &StyleProfile, top: i32, thick_first: bool) -> Vec<HeaderRule> {
    let f = &style.furniture;
    let x = (style.text_width() - f.letter_rule_length) / 2;
    let (a, b) = if thick_first {
        (f.letter_thick_eighths, f.letter_thin_eighths)
    } else {
        (f.letter_thin_eighths, f.letter_thick_eighths)
    };
    let rule = |y, eighths| HeaderRule {
        x,
        y,
        length: f.letter_rule_length,
        eighths,
        red: true,
    };
    vec![
        rule(top, a),
        rule(top + eighths_to_twips(a) + f.letter_rule_gap, b),
    ]
}

/// Height of a double line in twips.
pub fn double_line_height(style: &StyleProfile) -> i32 {
    let f = &style.furniture;
    eighths_to_twips(f.letter_thick_eighths)
        + f.letter_rule_gap
        + eighths_to_twips(f.letter_thin_eighths)
}

/// A letter's lower double line (thin over thick): its bottom edge 20 mm
/// above the page's bottom edge, as twips from the first line box's top.
pub fn letter_bottom_rules(style: &StyleProfile) -> Vec<HeaderRule> {
    let f = &style.furniture;
    let bottom = style.page_height - f.letter_bottom_rule - style.flow_top();
    double_line(style, bottom - double_line_height(style), false)
}

/// Checks that every line of a planned 版头 stands within the 版心's width
/// and clear of the lines beside it (a long 发文字号 centred, or beside the
/// 签发人 of a 上行文; a letter's 份号 and 发文字号 on one line). The mark
/// is condensed to fit by the plan and always passes.
pub fn check_header(
    style: &StyleProfile,
    plan: &HeaderPlan,
    h: &Header,
) -> Result<(), LayoutError> {
    let full = style.text_width();
    let shown = |l: &HeaderLine| {
        l.justify_to
            .unwrap_or_else(|| width(&l.text, l.size) * l.scale as i32 / 100)
    };
    let mut rows: Vec<&HeaderLine> = plan.lines.iter().collect();
    rows.sort_by_key(|l| (l.y, l.x));
    for (i, l) in rows.iter().enumerate() {
        let beside: Vec<&&HeaderLine> = rows.iter().filter(|o| o.y == l.y).collect();
        let next = rows[i + 1..].iter().find(|o| o.y == l.y);
        let clear = next.is_none_or(|n| l.x + shown(l) <= n.x + 20);
        if l.x >= -20 && l.x + shown(l) <= full + 20 && clear {
            continue;
        }
        // the room the line could have: the block less what else stands on
        // it and a character between each
        let em = em(l.size);
        let others: i32 = beside
            .iter()
            .filter(|o| !std::ptr::eq(***o, *l))
            .map(|o| shown(o) + em)
            .sum();
        let max = ((full - others).max(0) / em.max(1)) as usize;
        let origin = [
            (&h.doc_number, "header.doc_number"),
            (&h.copy_number, "header.copy_number"),
            (&h.secrecy, "header.secrecy"),
            (&h.urgency, "header.urgency"),
        ]
        .iter()
        .find(|(v, _)| v.as_deref() == Some(l.text.as_str()))
        .map_or("header", |(_, at)| at);
        let origin = if origin == "header" && l.role == FontRole::Heading2 {
            "header.signers"
        } else {
            origin
        };
        return Err(LayoutError {
            origin: origin.to_string(),
            message: crate::i18n::t!(
                "layout.header_line_too_wide",
                text = crate::error::clip(&l.text, 20),
                max = max
            )
            .into(),
        });
    }
    Ok(())
}

/// One row of the 版记.
#[derive(Debug, Clone, PartialEq)]
pub enum ColophonRow {
    /// A rule: thickness in eighths of a point.
    Rule(u32),
    /// 抄送 (or 主送) lines: the label, then the names wrapped, each
    /// continuation line aligned after the colon (7.4.2).
    Names { label: String, lines: Vec<String> },
    /// 印发机关 left, 印发日期 right (7.4.3).
    Printed { printer: String, date: String },
}

/// The 版记 from top to bottom (7.4): thick rule, 抄送, thin rule, 印发,
/// thick rule; a letter's has only the 抄送 lines (10.1).
pub fn colophon_rows(style: &StyleProfile, c: &Colophon, format: Format) -> Vec<ColophonRow> {
    let f = &style.furniture;
    let mut rows = Vec::new();
    let letter = format == Format::Letter;
    if !letter {
        rows.push(ColophonRow::Rule(f.colophon_thick_eighths));
    }
    if !c.cc.is_empty() {
        let label = "抄送：".to_string();
        let text = format!("{}。", c.cc.join("，"));
        let ch = em(f.colophon_size);
        // 左右各空一字: the names run from after the label to one character from the right
        let room = style.text_width() - 2 * ch - width(&label, f.colophon_size);
        rows.push(ColophonRow::Names {
            lines: wrap_twips(&text, room, f.colophon_size),
            label,
        });
    }
    let printed = c.printer.is_some() || c.print_date.is_some();
    if printed && !letter {
        if !c.cc.is_empty() {
            rows.push(ColophonRow::Rule(f.colophon_thin_eighths));
        }
        rows.push(ColophonRow::Printed {
            printer: c.printer.clone().unwrap_or_default(),
            date: c
                .print_date
                .map(|d| format!("{}印发", chinese_date(d)))
                .unwrap_or_default(),
        });
    }
    if !letter {
        rows.push(ColophonRow::Rule(f.colophon_thick_eighths));
    }
    rows
}

/// Breaks text into lines no wider than `room` twips at a size (by character
/// class, never before a full-width comma or full stop).
fn wrap_twips(text: &str, room: i32, size: u32) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let mut cw = width(c.encode_utf8(&mut [0; 4]), size);
        // the automatic space between Chinese and Latin text on one line
        let gap = match prev {
            Some(p) if super::linebreak::auto_space_between(p, c) => {
                (super::linebreak::AUTO_SPACE_EM * size as f32 * 10.0).round() as i32
            }
            _ => 0,
        };
        let last = lines.last_mut().expect("a line");
        if w + gap + cw > room && !last.is_empty() && !"，。、".contains(c) {
            lines.push(String::new());
            w = 0;
        } else {
            cw += gap;
        }
        lines.last_mut().expect("a line").push(c);
        w += cw;
        prev = Some(c);
    }
    lines
}

/// Checks that a 版记 stands on one page (GB/T 9704 7.4: on the last page)
/// and that its 印发机关 and 印发日期 share their line without meeting.
fn check_colophon(style: &StyleProfile, rows: &[ColophonRow]) -> Result<(), LayoutError> {
    let pitch = style.line_pitch;
    let max = style.flow_height() / pitch;
    let lines = colophon_height(style, rows) / pitch;
    if lines > max {
        let others = rows
            .iter()
            .filter(|r| matches!(r, ColophonRow::Printed { .. }))
            .count() as i32;
        return Err(LayoutError {
            origin: "colophon.cc".into(),
            message: crate::i18n::t!(
                "layout.colophon_too_tall",
                lines = lines,
                max = max,
                cc_max = max - others
            )
            .into(),
        });
    }
    let size = style.furniture.colophon_size;
    let ch = em(size);
    for r in rows {
        if let ColophonRow::Printed { printer, date } = r {
            // 左空一字 and 右空一字, and a character between them
            let date_w = if date.is_empty() {
                0
            } else {
                width(date, size) + ch
            };
            let room = style.text_width() - 2 * ch - date_w;
            if width(printer, size) > room {
                return Err(LayoutError {
                    origin: "colophon.printer".into(),
                    message: crate::i18n::t!(
                        "layout.printer_too_long",
                        name = crate::error::clip(printer, 20),
                        max = (room.max(0) / ch) as usize
                    )
                    .into(),
                });
            }
        }
    }
    Ok(())
}

/// Height of a 版记 in twips: rules are drawn between rows and take no line.
pub fn colophon_height(style: &StyleProfile, rows: &[ColophonRow]) -> i32 {
    rows.iter()
        .map(|r| match r {
            ColophonRow::Rule(_) => 0,
            ColophonRow::Names { lines, .. } => lines.len() as i32 * style.line_pitch,
            ColophonRow::Printed { .. } => style.line_pitch,
        })
        .sum()
}

/// Where the 版记 goes after the text (7.4.1, 7.5): on the last page when it
/// is even and the 版记 fits under the text; on a new page after an odd last
/// page (numbered: nothing blank precedes it); after a blank page when the
/// last page is even but full (the blank page and the 版记 page unnumbered).
/// Letters put it on the last page if it fits, else on a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColophonPage {
    LastPage,
    NewPage,
    AfterBlankPage,
}

pub fn colophon_page(last_page_number: usize, fits: bool, format: Format) -> ColophonPage {
    let even = last_page_number.is_multiple_of(2);
    match (format == Format::Letter, even, fits) {
        (true, _, true) | (false, true, true) => ColophonPage::LastPage,
        (true, _, false) | (false, false, _) => ColophonPage::NewPage,
        (false, true, false) => ColophonPage::AfterBlankPage,
    }
}

impl Flow<'_> {
    /// Draws a planned header line on the current page.
    fn draw_header_line(&mut self, l: &HeaderLine) -> Result<(), LayoutError> {
        let size = l.size as f32 / 2.0;
        let chars = self.shape(
            &[crate::model::Run::plain(l.text.clone())],
            l.role,
            size,
            0.0,
            "header",
        )?;
        let natural: f32 = chars.iter().map(|c| c.advance).sum();
        let scale = l.scale as f32 / 100.0;
        // justified names: the extra space goes between the characters
        let extra = match l.justify_to {
            Some(w) if chars.len() > 1 => {
                ((twips_to_pt(w) / scale - natural) / (chars.len() - 1) as f32).max(0.0)
            }
            _ => 0.0,
        };
        let top = self.top + twips_to_pt(l.y);
        let base = baseline(top, twips_to_pt(l.height), size);
        let x0 = self.left + twips_to_pt(l.x);
        let mut x = 0.0;
        let xs: Vec<f32> = chars
            .iter()
            .map(|c| {
                let at = x * scale;
                x += c.advance + extra;
                at
            })
            .collect();
        let mut items = super::text_items(&chars, &xs, x0, base, size, TextTag::Artifact);
        for it in &mut items {
            it.tag = TextTag::Header;
            it.hscale = scale;
            if l.red {
                it.color = self.style.furniture.red;
            }
        }
        self.page().items.extend(items.into_iter().map(Item::Text));
        Ok(())
    }

    /// Draws a planned rule (its top edge at `y`) on page `page`.
    fn draw_header_rule(&mut self, page: usize, r: &HeaderRule) {
        let width = r.eighths as f32 / 8.0;
        let y = self.top + twips_to_pt(r.y) + width / 2.0;
        let x1 = self.left + twips_to_pt(r.x);
        let color = if r.red {
            self.style.furniture.red
        } else {
            BLACK
        };
        self.layout.pages[page].items.push(Item::Rule(Rule {
            x1,
            y1: y,
            x2: x1 + twips_to_pt(r.length),
            y2: y,
            width,
            color,
        }));
    }

    /// Draws the 版头 on the first page and moves the flow to where the text starts.
    pub(super) fn header(&mut self, plan: &HeaderPlan) -> Result<(), LayoutError> {
        for l in &plan.lines {
            self.draw_header_line(l)?;
        }
        for r in &plan.rules {
            self.draw_header_rule(0, r);
        }
        self.y = self.top + twips_to_pt(plan.body_top);
        Ok(())
    }

    /// A letter's lower double line, on the first page only (10.1).
    pub(super) fn letter_bottom(&mut self) {
        for r in letter_bottom_rules(self.style) {
            self.draw_header_rule(0, &r);
        }
    }

    /// Places the 版记 after the text, adding pages as 7.4/7.5 require, and
    /// records the pages that carry no page number.
    pub(super) fn colophon(&mut self, c: &Colophon, format: Format) -> Result<(), LayoutError> {
        let rows = colophon_rows(self.style, c, format);
        check_colophon(self.style, &rows)?;
        let height = twips_to_pt(colophon_height(self.style, &rows));
        let last = self.layout.pages.len();
        // the 版记's first rule may follow the last line of text directly
        let fits = self.room() >= height || self.page_is_empty();
        let page = colophon_page(last, fits, format);
        self.layout.colophon_page = Some(page);
        match page {
            ColophonPage::LastPage => {}
            ColophonPage::NewPage => self.new_page(),
            ColophonPage::AfterBlankPage => {
                self.new_page();
                self.new_page();
                let n = self.layout.pages.len();
                self.layout.unnumbered.extend([n - 2, n - 1]);
            }
        }
        self.layout.colophon_gap = (self.bottom - height - self.y).max(0.0);
        self.draw_colophon(&rows, self.bottom - height)
    }

    fn draw_colophon(&mut self, rows: &[ColophonRow], top: f32) -> Result<(), LayoutError> {
        let f = &self.style.furniture;
        let size = f.colophon_size as f32 / 2.0;
        let ch = size;
        let mut y = top;
        for row in rows {
            match row {
                ColophonRow::Rule(eighths) => {
                    let w = *eighths as f32 / 8.0;
                    // the last rule's bottom edge lies on the block's bottom edge
                    let mid = if (y - self.bottom).abs() < 0.01 {
                        y - w / 2.0
                    } else {
                        y
                    };
                    let (x1, x2) = (self.left, self.left + self.width);
                    self.page().items.push(Item::Rule(Rule {
                        x1,
                        y1: mid,
                        x2,
                        y2: mid,
                        width: w,
                        color: BLACK,
                    }));
                }
                ColophonRow::Names { label, lines } => {
                    let label_w = class_width(label, size, 0.0);
                    for (i, line) in lines.iter().enumerate() {
                        if i == 0 {
                            self.colophon_text(label, self.left + ch, y, size)?;
                        }
                        self.colophon_text(line, self.left + ch + label_w, y, size)?;
                        y += self.pitch;
                    }
                }
                ColophonRow::Printed { printer, date } => {
                    self.colophon_text(printer, self.left + ch, y, size)?;
                    let w = class_width(date, size, 0.0);
                    self.colophon_text(date, self.left + self.width - ch - w, y, size)?;
                    y += self.pitch;
                }
            }
        }
        Ok(())
    }

    fn colophon_text(
        &mut self,
        text: &str,
        x: f32,
        top: f32,
        size: f32,
    ) -> Result<(), LayoutError> {
        let chars = self.shape(
            &[crate::model::Run::plain(text)],
            FontRole::Body,
            size,
            0.0,
            "colophon",
        )?;
        let mut at = 0.0;
        let xs: Vec<f32> = chars
            .iter()
            .map(|c| {
                let v = at;
                at += c.advance;
                v
            })
            .collect();
        let base = baseline(top, self.pitch, size);
        let items = super::text_items(&chars, &xs, x, base, size, TextTag::Colophon);
        self.page().items.extend(items.into_iter().map(Item::Text));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::mm_to_twips;

    fn header(issuers: &[&str]) -> Header {
        Header {
            issuers: issuers.iter().map(|s| s.to_string()).collect(),
            mark: Some("文件".into()),
            doc_number: Some("京政发〔2025〕12号".into()),
            ..Header::default()
        }
    }

    #[test]
    fn the_mark_is_35_mm_below_the_block_and_the_rule_4_mm_below_the_number() {
        let s = StyleProfile::gbt9704();
        let p = plan_header(&s, Format::Standard, &header(&["某某市人民政府"]));
        let mark = p.lines.iter().find(|l| l.red).unwrap();
        // planned from the first line box's top, which is above the block's
        assert_eq!(mark.y - (s.margin_top - s.flow_top()), mm_to_twips(35.0));
        assert!(mark.scale == 100);
        let number = p.lines.iter().find(|l| l.text.contains('〔')).unwrap();
        // 下空二行 below the mark
        assert_eq!(number.y, mark.y + mark.height + 2 * s.line_pitch);
        let glyph_bottom = number.y + (s.line_pitch - 320) / 2 + 320;
        assert_eq!(p.rules[0].y - glyph_bottom, mm_to_twips(4.0));
        assert_eq!(p.rules[0].length, s.text_width());
        assert!(p.body_top > p.rules[0].y + 2 * s.line_pitch);
    }

    #[test]
    fn a_long_mark_is_condensed_to_the_block_width() {
        let s = StyleProfile::gbt9704();
        let p = plan_header(
            &s,
            Format::Standard,
            &header(&["某某省某某市某某县人民政府办公室某某工作领导小组"]),
        );
        let mark = p.lines.iter().find(|l| l.red).unwrap();
        assert!(mark.scale < 100);
        let shown = width(&mark.text, mark.size) * mark.scale as i32 / 100;
        assert!(shown <= s.text_width() && mark.x >= 0);
    }

    #[test]
    fn joint_issuers_are_stacked_with_the_mark_centred_beside_them() {
        let s = StyleProfile::gbt9704();
        let p = plan_header(
            &s,
            Format::Standard,
            &header(&["某某市示例局", "某某市示例委员会"]),
        );
        let red: Vec<&HeaderLine> = p.lines.iter().filter(|l| l.red).collect();
        assert_eq!(red.len(), 3);
        assert_eq!(red[1].y - red[0].y, red[0].height);
        let mark = red[2];
        assert_eq!(mark.text, "文件");
        assert_eq!(mark.y, (red[0].y + red[1].y) / 2);
        assert!(mark.x > red[0].x);
    }

    #[test]
    fn signers_share_the_last_line_with_the_number() {
        let s = StyleProfile::gbt9704();
        let mut h = header(&["某局"]);
        h.signers = vec!["甲".into(), "乙".into(), "丙".into()];
        let p = plan_header(&s, Format::Standard, &h);
        let number = p.lines.iter().find(|l| l.text.contains('〔')).unwrap();
        let last_names = p
            .lines
            .iter()
            .rfind(|l| l.role == FontRole::Heading2)
            .unwrap();
        assert_eq!(number.y, last_names.y);
        assert_eq!(number.x, s.body_char_advance());
        let right = last_names.x + width(&last_names.text, s.body_size);
        assert!(right <= s.text_width() - s.body_char_advance() + 2);
    }

    #[test]
    fn the_colophon_goes_to_an_even_page() {
        assert_eq!(
            colophon_page(2, true, Format::Standard),
            ColophonPage::LastPage
        );
        assert_eq!(
            colophon_page(1, true, Format::Standard),
            ColophonPage::NewPage
        );
        assert_eq!(
            colophon_page(3, false, Format::Standard),
            ColophonPage::NewPage
        );
        assert_eq!(
            colophon_page(4, false, Format::Standard),
            ColophonPage::AfterBlankPage
        );
        assert_eq!(
            colophon_page(1, true, Format::Letter),
            ColophonPage::LastPage
        );
    }
}
