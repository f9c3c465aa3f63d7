//! The Word form of the page furniture and the new blocks: the 版头, a
//! letter's double lines, the 落款 with seals or a signature stamp, 附件说明,
//! 纪要 attendance lists, attachment starts and the 版记 — each following the
//! same plan as the PDF (`layout::furniture`, `layout::signature`).
//!
//! They are written as WordprocessingML text, which the writer puts
//! straight into the part they stand in. Everything is positioned with paragraphs of exact line
//! height, so a clerk editing the text above moves them with it; nothing is
//! a text box.

use std::sync::Arc;

use super::styles::{self, ATTACHMENT_LABEL, COLOPHON, DATE, HEADER, NORMAL, SIGNATURE};
use crate::layout::furniture::{ColophonPage, ColophonRow, HeaderLine, HeaderPlan, HeaderRule};
use crate::layout::signature::SignaturePlan;
use crate::style::{FontRole, StyleProfile};
use crate::xml::escape;

/// The pictures the furniture shows, and how many pieces of furniture
/// were written before (a picture's drawing id is derived from that count,
/// so the seals of different pieces never share one).
#[derive(Default)]
pub struct Pictures {
    /// (relationship id, PNG bytes) of every picture, in order.
    pub images: Vec<(String, Arc<Vec<u8>>)>,
    pub pieces: usize,
}

impl Pictures {
    /// The relationship id of a picture, added once per distinct image.
    fn image(&mut self, png: &Arc<Vec<u8>>) -> (String, usize) {
        if let Some(i) = self.images.iter().position(|(_, p)| Arc::ptr_eq(p, png)) {
            return (self.images[i].0.clone(), i + 1);
        }
        let n = self.images.len() + 1;
        let id = format!("rIdGongwenImage{n}");
        self.images.push((id.clone(), png.clone()));
        (id, n)
    }
}

/// Character formatting of a run.
#[derive(Clone, Copy)]
pub struct RunStyle {
    pub role: FontRole,
    /// Half-points.
    pub size: u32,
    pub bold: bool,
    pub red: bool,
    /// Character scale in percent.
    pub scale: u32,
    /// Extra space after each character, in twips.
    pub spacing: i32,
}

impl RunStyle {
    /// A run as the 正文 style (and the styles based on it) sets it.
    pub fn body(style: &StyleProfile, role: FontRole) -> RunStyle {
        RunStyle {
            role,
            size: style.body_size,
            bold: false,
            red: false,
            scale: 100,
            spacing: style.docx_char_spacing,
        }
    }

    /// A run as the 版头 style sets it: 正文's face and size, no spacing.
    pub fn header(style: &StyleProfile) -> RunStyle {
        RunStyle {
            spacing: 0,
            ..RunStyle::body(style, FontRole::Body)
        }
    }

    /// A run as the 版记 style sets it.
    pub fn colophon(style: &StyleProfile) -> RunStyle {
        RunStyle {
            size: style.furniture.colophon_size,
            ..RunStyle::header(style)
        }
    }
}

/// `<w:r>` in a paragraph whose style sets runs as `base`: only what
/// differs from it is said in the run (the role's fonts: its Chinese face,
/// Times New Roman for Latin).
pub fn run(style: &StyleProfile, text: &str, s: RunStyle, base: RunStyle) -> String {
    let mut rpr = String::new();
    if s.role != base.role {
        rpr.push_str(&styles::fonts(style, s.role));
    }
    if s.bold && !base.bold {
        rpr.push_str("<w:b/><w:bCs/>");
    }
    if s.red && !base.red {
        let [r, g, b] = style.furniture.red;
        rpr.push_str(&format!(r#"<w:color w:val="{r:02X}{g:02X}{b:02X}"/>"#));
    }
    if s.spacing != base.spacing {
        rpr.push_str(&format!(r#"<w:spacing w:val="{}"/>"#, s.spacing));
    }
    if s.scale != base.scale {
        rpr.push_str(&format!(r#"<w:w w:val="{}"/>"#, s.scale.clamp(1, 600)));
    }
    if s.size != base.size {
        rpr.push_str(&format!(
            r#"<w:sz w:val="{0}"/><w:szCs w:val="{0}"/>"#,
            s.size
        ));
    }
    let rpr = if rpr.is_empty() {
        rpr
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    if text.is_empty() {
        return format!(r#"<w:r>{rpr}<w:t xml:space="preserve"/></w:r>"#);
    }
    format!(
        r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

fn tab_run() -> String {
    "<w:r><w:tab/></w:r>".to_string()
}

/// Paragraph properties: exact line height, space before, alignment, indents,
/// tab stops, borders, frame — whichever are given (in schema order).
#[derive(Default)]
pub struct Para {
    /// The paragraph style's id.
    pub style: &'static str,
    pub height: i32,
    pub before: i32,
    pub jc: Option<&'static str>,
    /// Left indent and hanging indent (twips; left may be negative).
    pub left: i32,
    pub right: i32,
    /// The right indent in hundredths of a character too (`w:rightChars`,
    /// which Word prefers to `w:right`); when given, `right` is written even
    /// when 0, and `w:rightChars` unless it is 0.
    pub right_chars: Option<i32>,
    pub hanging: i32,
    pub first_line: i32,
    pub tabs: Vec<i32>,
    /// A right-aligned tab stop (what follows it ends there).
    pub right_tab: Option<i32>,
    pub bottom_border: Option<(u32, String)>,
    pub top_border: Option<(u32, String)>,
    pub frame: Option<String>,
    pub keep_next: bool,
    pub page_break_before: bool,
    /// Widow control off, where the style has it on.
    pub widow_off: bool,
}

impl Para {
    /// A paragraph of style `style` with lines of exact height.
    pub fn exact(style: &'static str, height: i32) -> Para {
        Para {
            style,
            height,
            ..Para::default()
        }
    }

    pub fn xml(&self, runs: &str) -> String {
        // Word and LibreOffice draw a paragraph's borders outside its line
        // box: the box gives up their width, so the rules fall on the same
        // lines as in the PDF and the paragraph keeps its height
        let borders: i32 = [&self.top_border, &self.bottom_border]
            .iter()
            .filter_map(|b| b.as_ref())
            .map(|(e, _)| eighths_to_twips(*e))
            .sum();
        let height = (self.height - borders).max(1);
        let mut p = String::new();
        if !self.style.is_empty() {
            p.push_str(&format!(r#"<w:pStyle w:val="{}"/>"#, self.style));
        }
        if self.keep_next {
            p.push_str("<w:keepNext/>");
        }
        if self.page_break_before {
            p.push_str("<w:pageBreakBefore/>");
        }
        if let Some(f) = &self.frame {
            p.push_str(f);
        }
        if self.widow_off {
            p.push_str(r#"<w:widowControl w:val="0"/>"#);
        }
        if self.top_border.is_some() || self.bottom_border.is_some() {
            p.push_str("<w:pBdr>");
            for (side, b) in [("top", &self.top_border), ("bottom", &self.bottom_border)] {
                if let Some((eighths, color)) = b {
                    p.push_str(&format!(
                        r#"<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="{color}"/>"#
                    ));
                }
            }
            p.push_str("</w:pBdr>");
        }
        if !self.tabs.is_empty() || self.right_tab.is_some() {
            p.push_str("<w:tabs>");
            for t in &self.tabs {
                p.push_str(&format!(r#"<w:tab w:val="left" w:pos="{t}"/>"#));
            }
            if let Some(t) = self.right_tab {
                p.push_str(&format!(r#"<w:tab w:val="right" w:pos="{t}"/>"#));
            }
            p.push_str("</w:tabs>");
        }
        p.push_str(&format!(
            r#"<w:spacing w:before="{}" w:after="0" w:line="{}" w:lineRule="exact"/>"#,
            self.before.max(0),
            height
        ));
        let mut ind = String::new();
        if self.left != 0 {
            ind.push_str(&format!(r#" w:left="{}""#, self.left));
        }
        if self.right != 0 || self.right_chars.is_some() {
            ind.push_str(&format!(r#" w:right="{}""#, self.right));
        }
        // a right indent of no characters is said by `w:right` alone
        if let Some(c) = self.right_chars.filter(|c| *c != 0) {
            ind.push_str(&format!(r#" w:rightChars="{c}""#));
        }
        if self.hanging > 0 {
            ind.push_str(&format!(r#" w:hanging="{}""#, self.hanging));
        } else if self.first_line > 0 {
            ind.push_str(&format!(r#" w:firstLine="{}""#, self.first_line));
        }
        if !ind.is_empty() {
            p.push_str(&format!("<w:ind{ind}/>"));
        }
        if let Some(jc) = self.jc {
            p.push_str(&format!(r#"<w:jc w:val="{jc}"/>"#));
        }
        format!("<w:p><w:pPr>{p}</w:pPr>{runs}</w:p>")
    }
}

/// An empty paragraph of exact height: vertical space that moves with the text.
pub fn spacer(style: &'static str, height: i32) -> String {
    if height <= 0 {
        return String::new();
    }
    Para::exact(style, height).xml("")
}

fn color(style: &StyleProfile, red: bool) -> String {
    let [r, g, b] = if red { style.furniture.red } else { [0, 0, 0] };
    format!("{r:02X}{g:02X}{b:02X}")
}

fn eighths_to_twips(e: u32) -> i32 {
    (e as i32 * 20 + 4) / 8
}

/// Which parts of a header plan to write where.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HeaderPart {
    /// Everything, in the text flow from the block's top.
    All,
    /// A letter's mark and double line, in the first page's header part
    /// (they stand above the text block), from the mark's top.
    LetterTop,
    /// A letter's 份号/发文字号 lines, in the text flow under the header part.
    LetterBody,
}

/// The 版头 as paragraphs, from offset `from`: rows of text at the plan's
/// offsets (each line placed by a tab stop at its x), a joint mark as a
/// borderless table, the separator as a paragraph's bottom border, and
/// space down to where the text starts.
pub fn header(style: &StyleProfile, plan: &HeaderPlan, part: HeaderPart, from: i32) -> String {
    let mut out = String::new();
    let mut cursor = from;
    let wanted = |l: &HeaderLine| match part {
        HeaderPart::All => true,
        HeaderPart::LetterTop => l.red,
        HeaderPart::LetterBody => !l.red,
    };
    // joint marks (stacked names with the mark beside them) go into one table
    let joint: Vec<&HeaderLine> = plan
        .lines
        .iter()
        .filter(|l| l.justify_to.is_some())
        .collect();
    let mut rows: Vec<(i32, Vec<&HeaderLine>)> = Vec::new();
    for l in plan.lines.iter().filter(|l| wanted(l)) {
        if !joint.is_empty() && l.red {
            continue;
        }
        match rows.iter_mut().find(|(y, _)| *y == l.y) {
            Some((_, v)) => v.push(l),
            None => rows.push((l.y, vec![l])),
        }
    }
    let joint_top = joint.first().map(|l| l.y);
    let mut items: Vec<(i32, Item)> = rows.into_iter().map(|(y, v)| (y, Item::Row(v))).collect();
    if let Some(y) = joint_top {
        items.push((y, Item::Joint));
    }
    if part != HeaderPart::LetterBody {
        for r in &plan.rules {
            items.push((r.y, Item::Rule(*r)));
        }
    }
    items.sort_by_key(|(y, _)| *y);
    for (y, item) in items {
        match item {
            Item::Row(lines) => {
                let height = lines
                    .iter()
                    .map(|l| l.height)
                    .max()
                    .unwrap_or(style.line_pitch);
                out.push_str(&spacer(HEADER, y - cursor));
                out.push_str(&row(style, &lines, height));
                cursor = y + height;
            }
            Item::Joint => {
                out.push_str(&spacer(HEADER, y - cursor));
                let (xml, h) = joint_mark(style, plan);
                out.push_str(&xml);
                cursor = y + h;
            }
            Item::Rule(r) => {
                // the box ends at the rule's top edge; the border below it is the rule
                let w = eighths_to_twips(r.eighths);
                let mut p = Para::exact(HEADER, (r.y - cursor).max(1) + w);
                p.bottom_border = Some((r.eighths, color(style, r.red)));
                if r.x != 0 || r.length != style.text_width() {
                    p.left = r.x;
                    p.right = style.text_width() - r.x - r.length;
                }
                out.push_str(&p.xml(""));
                cursor = r.y + eighths_to_twips(r.eighths);
            }
        }
    }
    if part != HeaderPart::LetterTop {
        out.push_str(&spacer(HEADER, plan.body_top - cursor));
    }
    out
}

enum Item<'a> {
    Row(Vec<&'a HeaderLine>),
    Joint,
    Rule(HeaderRule),
}

/// One row of header text: each line at its x by a left tab stop, or right
/// after the line before it when it starts where that one ends (a tab stop
/// there would be passed by a hair's width and jump to the next default stop).
fn row(style: &StyleProfile, lines: &[&HeaderLine], height: i32) -> String {
    let mut lines = lines.to_vec();
    lines.sort_by_key(|l| l.x);
    let mut p = Para::exact(HEADER, height);
    let mut runs = String::new();
    let mut end = 0;
    let count = lines.len();
    for (i, l) in lines.iter().enumerate() {
        let adjacent = (l.x - end).abs() < 40 && end > 0;
        // a line set flush right (a letter's 发文字号) is aligned to the
        // right edge, not tabbed to where it starts: LibreOffice narrows the
        // text area of a page with a character grid by a few twips
        let flush_right =
            i + 1 == count && l.x > 0 && (l.x + text_width(l) - style.text_width()).abs() <= 40;
        if flush_right && count == 1 {
            p.jc = Some("right");
        } else if flush_right && !adjacent {
            p.right_tab = Some(style.text_width());
            runs.push_str(&tab_run());
        } else if l.x > 0 && !adjacent {
            p.tabs.push(l.x);
            runs.push_str(&tab_run());
        }
        runs.push_str(&run(style, &l.text, line_style(l), RunStyle::header(style)));
        end = l.x + text_width(l);
    }
    p.xml(&runs)
}

/// A header line's width in twips, by character class.
fn text_width(l: &HeaderLine) -> i32 {
    let w = crate::layout::class_width(&l.text, l.size as f32 / 2.0, 0.0) * 20.0;
    (w * l.scale as f32 / 100.0).round() as i32
}

fn line_style(l: &HeaderLine) -> RunStyle {
    RunStyle {
        role: l.role,
        size: l.size,
        bold: false,
        red: l.red,
        scale: l.scale,
        spacing: 0,
    }
}

/// A 联合行文 mark: the names stacked, each spread to one width by
/// character spacing, and the mark word in a second cell, centred on them.
///
/// The spread names fill their width exactly, and an exact fit is not a fit
/// in LibreOffice: it rounds each character's spacing (twips to 1/100 mm and
/// back) up by a twip or so, so a name spread to a cell as wide as the name
/// gave up its last character to a second line, and the exact-height row
/// then hid the next name. So no text fills its cell: the names' cell
/// reaches on to the mark word (the gap between them is part of it, which
/// also puts the mark word at its x: it is set flush left in its cell) and
/// the mark word's cell is `JOINT_MARK_SLACK` of an em wider than the word;
/// as much again stands before the names (a left indent), so the table,
/// centred, still centres the names and the mark as the plan does.
fn joint_mark(style: &StyleProfile, plan: &HeaderPlan) -> (String, i32) {
    let names: Vec<&HeaderLine> = plan
        .lines
        .iter()
        .filter(|l| l.justify_to.is_some())
        .collect();
    let mark = plan.lines.iter().find(|l| l.red && l.justify_to.is_none());
    let first = names[0];
    let names_w = first.justify_to.unwrap_or(0);
    let height = names.len() as i32 * first.height;
    let slack = joint_mark_slack(first);
    let mut left = String::new();
    for n in &names {
        // the space goes between the characters: after every one but the last
        let count = n.text.chars().count() as i32;
        let natural = text_width(n);
        let extra = if count > 1 {
            (names_w - natural) / (count - 1)
        } else {
            0
        };
        let mut spread = line_style(n);
        spread.spacing = extra.max(0);
        let split = n.text.char_indices().last().map_or(0, |(i, _)| i);
        let runs = format!(
            "{}{}",
            run(style, &n.text[..split], spread, RunStyle::header(style)),
            run(
                style,
                &n.text[split..],
                line_style(n),
                RunStyle::header(style)
            )
        );
        let mut p = Para::exact(HEADER, n.height);
        p.left = slack;
        left.push_str(&p.xml(&runs));
    }
    let cell = |w: i32, content: &str| {
        format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>"#
        )
    };
    // (width, cell) of each column: the names with the gap, then the mark word
    let mut cols: Vec<(i32, String)> = Vec::new();
    match mark {
        Some(m) => {
            let gap = (m.x - first.x - names_w).max(0);
            let names_cell = slack + names_w + gap.max(slack);
            cols.push((names_cell, cell(names_cell, &left)));
            let mark_w = text_width(m) + slack;
            let right = Para::exact(HEADER, m.height).xml(&run(
                style,
                &m.text,
                line_style(m),
                RunStyle::header(style),
            ));
            cols.push((mark_w, cell(mark_w, &right)));
        }
        None => {
            let names_cell = slack + names_w + slack;
            cols.push((names_cell, cell(names_cell, &left)));
        }
    }
    let total: i32 = cols.iter().map(|(w, _)| w).sum();
    let grid: String = cols
        .iter()
        .map(|(w, _)| format!(r#"<w:gridCol w:w="{w}"/>"#))
        .collect();
    let cells: String = cols.iter().map(|(_, c)| c.as_str()).collect();
    let xml = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:trHeight w:val="{height}" w:hRule="exact"/></w:trPr>{cells}</w:tr></w:tbl>"#,
    );
    (xml, height)
}

/// The room, in hundredths of an em of the mark's size, that a joint mark's
/// cells leave beside their text (see `joint_mark`).
pub const JOINT_MARK_SLACK: i32 = 25;

/// `JOINT_MARK_SLACK` in twips for a mark line.
fn joint_mark_slack(l: &HeaderLine) -> i32 {
    l.size as i32 * 10 * JOINT_MARK_SLACK / 100
}

/// The 落款 as paragraphs: the plan's lines (those on one height share a
/// paragraph, each at its x by a tab stop), with space above as planned, and
/// every seal or stamp as a picture anchored to the paragraph of the first
/// line, behind the text, at the plan's offset — moving the text moves it.
pub fn signature(style: &StyleProfile, plan: &SignaturePlan, pictures: &mut Pictures) -> String {
    let pitch = style.line_pitch;
    let mut rows: Vec<(i32, Vec<usize>)> = Vec::new();
    for (i, l) in plan.lines.iter().enumerate() {
        match rows.iter_mut().find(|(y, _)| *y == l.y) {
            Some((_, v)) => v.push(i),
            None => rows.push((l.y, vec![i])),
        }
    }
    rows.sort_by_key(|(y, _)| *y);
    let mut out = String::new();
    let mut cursor = 0;
    for (k, (y, idx)) in rows.iter().enumerate() {
        // the blank lines stay with the 落款 on its page
        if y - cursor > 0 {
            let mut gap = Para::exact(NORMAL, y - cursor);
            gap.keep_next = true;
            out.push_str(&gap.xml(""));
        }
        // the date is the plan's last line
        let is_date = idx.contains(&(plan.lines.len() - 1));
        let mut p = Para::exact(if is_date { DATE } else { SIGNATURE }, pitch);
        // the 署名 style keeps with the next paragraph; the date's does not
        p.keep_next = k + 1 < rows.len() && is_date;
        let mut runs = String::new();
        let mut lines: Vec<_> = idx.iter().map(|&i| &plan.lines[i]).collect();
        lines.sort_by_key(|l| l.x);
        let body = RunStyle::body(style, FontRole::Body);
        if let [l] = lines[..] {
            // one line: set right-aligned at its distance from the right
            // edge, in characters, so a longer or shorter text keeps it
            // (7.3.5: 右空二字, 右空四字 …)
            let (right, chars) = right_offset(style, l);
            let default = if is_date { 2 } else { 1 } * style.indent_chars;
            if chars != default {
                p.right = right;
                p.right_chars = Some(chars);
            }
            runs.push_str(&run(style, &l.text, RunStyle::body(style, l.role), body));
        } else {
            // names side by side (联合行文 with seals): each at its x
            p.jc = Some("left");
            p.right_chars = Some(0);
            for l in lines {
                if l.x > 0 {
                    p.tabs.push(l.x);
                    runs.push_str(&tab_run());
                }
                runs.push_str(&run(style, &l.text, RunStyle::body(style, l.role), body));
            }
        }
        if k == 0 {
            for img in &plan.images {
                runs.push_str(&anchored_picture(
                    pictures,
                    img.x,
                    img.y - y,
                    &img.image,
                    &img.description,
                ));
            }
        }
        out.push_str(&p.xml(&runs));
        cursor = y + pitch;
    }
    // what follows starts under the date, as in the PDF; a seal reaching
    // lower lies beneath it
    out
}

/// How far a planned line ends from the text block's right edge: in twips
/// and in hundredths of a character. The width is the plan's measure.
fn right_offset(style: &StyleProfile, l: &crate::layout::signature::PlannedLine) -> (i32, i32) {
    let w = crate::layout::class_width(
        &l.text,
        style.body_size as f32 / 2.0,
        crate::style::twips_to_pt(style.char_spacing),
    ) * 20.0;
    let right = (style.text_width() - l.x - w.round() as i32).max(0);
    (right, style.twips_to_hundredth_chars(right))
}

/// EMUs per twip.
const EMU: i64 = 635;

/// A picture anchored to its paragraph: left edge `x` twips from the margin,
/// top `dy` twips from the paragraph's top, behind the text, no wrapping.
fn anchored_picture(
    pictures: &mut Pictures,
    x: i32,
    dy: i32,
    image: &crate::model::Image,
    what: &str,
) -> String {
    let (rid, n) = pictures.image(&image.png);
    let (cx, cy) = (image.width as i64 * EMU, image.height as i64 * EMU);
    let id = 1000 + pictures.pieces * 16 + n;
    format!(
        r#"<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{id}" behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:posOffset>{}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>{}</wp:posOffset></wp:positionV><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="{id}" name="Picture {id}" descr="{}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{id}" name="image{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"#,
        x as i64 * EMU,
        dy as i64 * EMU,
        escape(what),
    )
}

/// Lines with a hanging indent (附件说明 items, attendance lists): the first
/// line from `first`, the others from `rest` (twips from the margin).
pub fn hanging(
    style: &StyleProfile,
    style_id: &'static str,
    runs: &str,
    first: i32,
    rest: i32,
    before: i32,
    keep_next: bool,
) -> String {
    let mut p = Para::exact(style_id, style.line_pitch);
    p.keep_next = keep_next;
    p.before = before;
    p.widow_off = true;
    p.left = rest;
    if first < rest {
        p.hanging = rest - first;
    } else {
        p.first_line = first - rest;
    }
    p.xml(runs)
}

/// 附件N 顶格 in 黑体 on a new page, a blank line, then the title (written by
/// the caller as title lines).
pub fn attachment_label(style: &StyleProfile, label: &str) -> String {
    let mut p = Para::exact(ATTACHMENT_LABEL, style.line_pitch);
    p.page_break_before = true;
    let heading = RunStyle::body(style, FontRole::Heading1);
    let xml = p.xml(&run(style, label, heading, heading));
    format!("{xml}{}", spacer(NORMAL, style.line_pitch))
}

/// The 版记 at the foot of the text block: the page breaks its page needs,
/// space down to it (`gap` twips, as the PDF's layout found: on a page of
/// its own the whole block less its height), then its rows with their rules
/// as paragraph borders. A floating frame would say "at the foot" directly,
/// but LibreOffice places a frame anchored to the margin at the top.
pub fn colophon(
    style: &StyleProfile,
    rows: &[ColophonRow],
    page: ColophonPage,
    gap: i32,
) -> String {
    let f = &style.furniture;
    let size = f.colophon_size;
    let ch = size as i32 * 10;
    let mut out = String::new();
    let breaks = match page {
        ColophonPage::LastPage => 0,
        ColophonPage::NewPage => 1,
        ColophonPage::AfterBlankPage => 2,
    };
    // a page break's paragraph continues on the new page: keep it one twip high
    const BREAK_LINE: i32 = 20;
    for _ in 0..breaks {
        out.push_str(&format!(r#"<w:p><w:pPr><w:pStyle w:val="{COLOPHON}"/><w:spacing w:before="0" w:after="0" w:line="{BREAK_LINE}" w:lineRule="exact"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>"#));
    }
    let height = crate::layout::furniture::colophon_height(style, rows);
    let gap = if breaks > 0 {
        style.flow_height() - height - BREAK_LINE
    } else {
        gap
    };
    // a little less than the PDF's gap, so a hair's difference in Word's
    // line heights cannot push the 版记 onto the next page
    const SLACK: i32 = 40;
    out.push_str(&spacer(COLOPHON, gap - SLACK));
    let black = color(style, false);
    let mut pending_top: Option<u32> = None;
    let text_rows: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !matches!(r, ColophonRow::Rule(_)))
        .map(|(i, _)| i)
        .collect();
    let base = RunStyle::colophon(style);
    for (i, r) in rows.iter().enumerate() {
        match r {
            ColophonRow::Rule(e) => pending_top = Some(*e),
            ColophonRow::Names { label, lines } => {
                let label_w = label.chars().count() as i32 * ch;
                for (k, line) in lines.iter().enumerate() {
                    let mut p = Para::exact(COLOPHON, style.line_pitch);
                    p.keep_next = true;
                    p.left = ch + label_w;
                    if k == 0 {
                        p.hanging = label_w;
                        p.top_border = pending_top.take().map(|e| (e, black.clone()));
                    }
                    let last_of_all = Some(&i) == text_rows.last() && k + 1 == lines.len();
                    if last_of_all {
                        p.bottom_border = bottom_rule(rows, i).map(|e| (e, black.clone()));
                    }
                    let text = if k == 0 {
                        format!("{label}{line}")
                    } else {
                        line.clone()
                    };
                    out.push_str(&p.xml(&run(style, &text, base, base)));
                }
            }
            ColophonRow::Printed { printer, date } => {
                let mut p = Para::exact(COLOPHON, style.line_pitch);
                p.left = ch;
                p.top_border = pending_top.take().map(|e| (e, black.clone()));
                if Some(&i) == text_rows.last() {
                    p.bottom_border = bottom_rule(rows, i).map(|e| (e, black.clone()));
                }
                // the date ends 右空一字 (7.4.3), whatever its width
                p.right_tab = Some(style.text_width() - ch);
                let runs = format!(
                    "{}{}{}",
                    run(style, printer, base, base),
                    tab_run(),
                    run(style, date, base, base)
                );
                out.push_str(&p.xml(&runs));
            }
        }
    }
    out
}

/// The rule after text row `i`, if the 版记 ends with one.
fn bottom_rule(rows: &[ColophonRow], i: usize) -> Option<u32> {
    match rows.get(i + 1) {
        Some(ColophonRow::Rule(e)) => Some(*e),
        _ => None,
    }
}

/// A letter's lower red double line, for the first page's footer.
pub fn letter_footer(style: &StyleProfile) -> String {
    let rules = crate::layout::furniture::double_line(style, 0, false);
    let f = &style.furniture;
    let indent = (style.text_width() - f.letter_rule_length) / 2;
    let mut out = String::new();
    for r in rules {
        let mut p = Para::exact(HEADER, f.letter_rule_gap.max(20));
        p.top_border = Some((r.eighths, color(style, true)));
        p.left = indent;
        p.right = indent;
        out.push_str(&p.xml(""));
    }
    out
}
