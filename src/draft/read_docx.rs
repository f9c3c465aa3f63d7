//! A .docx read as Word stores it: the body's paragraphs (text, style,
//! alignment, the number Word's automatic numbering shows) and tables
//! (cells with their `gridSpan` / `vMerge`, the grid's widths), in order.
//!
//! `word/document.xml` is read as a stream of XML events, never as a tree,
//! and every budget is checked as it is read: the part's uncompressed size
//! (a zip bomb is cut off after 16 MB), the nesting depth, the number of
//! elements, paragraphs and table grid positions (1 000 cells each spanning 64
//! columns are refused at the budget, not expanded to 64 000).
//! What is read as text is what Word shows: `w:t`, tabs as spaces, line
//! breaks as `\n`; deleted text, drawings and text boxes, field codes and
//! property elements are left out.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::numbering::Numbering;
use super::xml;
use super::{Alignment, Item, Paragraph, Table, TableCell, VMerge, MAX_GRID_CELLS, MAX_PARAGRAPHS};
use crate::error::Diagnostic;
use crate::i18n::t;

/// The largest document.xml read (uncompressed): a 40-page report is under
/// 2 MB.
pub const MAX_DOCUMENT_XML: u64 = 16 * 1024 * 1024;
/// The largest styles.xml or numbering.xml read.
pub const MAX_SIDE_XML: u64 = 4 * 1024 * 1024;
/// Most XML elements read from document.xml: gongwen's own 6-page specimen
/// has 3 900, a 40-page report written in Word some 50 000.
pub const MAX_ELEMENTS: usize = 300_000;
/// The deepest nesting read (WordprocessingML nests a few dozen levels).
pub const MAX_DEPTH: usize = 256;

fn fail(message: std::borrow::Cow<str>) -> Diagnostic {
    Diagnostic::error("document", message)
}

/// The messages for a file over the budgets (the report import speaks of a
/// report, the draft import of a draft).
pub struct Messages {
    pub too_many_elements: &'static str,
    pub too_many_cells: &'static str,
}

/// A draft's messages.
pub const DRAFT: Messages = Messages {
    too_many_elements: "draft.docx.too_many_elements",
    too_many_cells: "draft.docx.too_many_cells",
};

/// Reads a .docx's body. An unreadable or over-budget file is an error.
pub fn read(bytes: &[u8]) -> Result<Vec<Item>, Diagnostic> {
    read_with(bytes, &DRAFT)
}

/// As `read`, with the given messages for the budgets.
pub fn read_with(bytes: &[u8], messages: &Messages) -> Result<Vec<Item>, Diagnostic> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| fail(t!("report.import.not_a_zip", reason = e)))?;
    let document = {
        let part = zip
            .by_name("word/document.xml")
            .map_err(|_| fail(t!("report.import.not_word")))?;
        let mut xml_bytes = Vec::new();
        part.take(MAX_DOCUMENT_XML + 1)
            .read_to_end(&mut xml_bytes)
            .map_err(|e| fail(t!("report.import.unreadable", reason = e)))?;
        if xml_bytes.len() as u64 > MAX_DOCUMENT_XML {
            return Err(fail(t!(
                "report.import.too_large",
                mb = MAX_DOCUMENT_XML >> 20
            )));
        }
        xml_bytes
    };
    // the styles and lists are optional: a part missing or unreadable only
    // means no style names and no automatic numbers
    let side = |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str| {
        let part = zip.by_name(name).ok()?;
        let mut b = Vec::new();
        part.take(MAX_SIDE_XML + 1).read_to_end(&mut b).ok()?;
        if b.len() as u64 > MAX_SIDE_XML {
            return None;
        }
        xml::parse(&b).ok()
    };
    let styles = side(&mut zip, "word/styles.xml")
        .map(|r| Styles::from_xml(&r))
        .unwrap_or_default();
    let numbering = side(&mut zip, "word/numbering.xml")
        .map(|r| Numbering::from_xml(&r))
        .unwrap_or_default();
    count_elements(&document, messages)?;
    Body::new(styles, numbering, messages).read(&document)
}

/// Refuses a document.xml of more than `MAX_ELEMENTS` elements before any
/// of it is read (malformed XML is left to the reader to explain), so a
/// file over several budgets is named by this one.
fn count_elements(xml: &[u8], messages: &Messages) -> Result<(), Diagnostic> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_) | Event::Empty(_)) => {
                n += 1;
                if n > MAX_ELEMENTS {
                    return Err(fail(t!(messages.too_many_elements, max = MAX_ELEMENTS)));
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

// ------------------------------------------------------------------ styles

/// What a paragraph style says that matters here.
#[derive(Debug, Clone, Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    align: Option<Alignment>,
    bold: Option<bool>,
    font: Option<String>,
    size: Option<u32>,
    page_break_before: bool,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
}

fn attr_val(e: &xml::Element, name: &str) -> Option<String> {
    e.child(name)
        .and_then(|c| c.get_attr("w:val"))
        .map(str::to_string)
}

fn on_off(v: Option<&str>) -> bool {
    !matches!(v, Some("0") | Some("false") | Some("off"))
}

fn alignment(v: &str) -> Alignment {
    match v {
        "center" => Alignment::Center,
        "right" | "end" => Alignment::Right,
        "both" | "distribute" | "thaiDistribute" => Alignment::Justify,
        _ => Alignment::Left,
    }
}

impl Styles {
    fn from_xml(root: &xml::Element) -> Styles {
        let mut s = Styles::default();
        for e in root.elements().filter(|e| e.name == "w:style") {
            let Some(id) = e.get_attr("w:styleId") else {
                continue;
            };
            let mut d = StyleDef {
                name: attr_val(e, "w:name").unwrap_or_default().to_lowercase(),
                based_on: attr_val(e, "w:basedOn"),
                ..StyleDef::default()
            };
            if let Some(p) = e.child("w:pPr") {
                if let Some(n) = p.child("w:numPr") {
                    d.num_id = attr_val(n, "w:numId");
                    d.ilvl = attr_val(n, "w:ilvl").and_then(|v| v.parse().ok());
                }
                d.outline = attr_val(p, "w:outlineLvl")
                    .and_then(|v| v.parse::<u8>().ok())
                    .filter(|v| *v < 9)
                    .map(|v| v + 1);
                d.align = attr_val(p, "w:jc").map(|v| alignment(&v));
                d.page_break_before = p
                    .child("w:pageBreakBefore")
                    .is_some_and(|b| on_off(b.get_attr("w:val")));
            }
            if let Some(r) = e.child("w:rPr") {
                d.bold = r.child("w:b").map(|b| on_off(b.get_attr("w:val")));
                d.font = r
                    .child("w:rFonts")
                    .and_then(|f| f.get_attr("w:eastAsia"))
                    .map(str::to_string);
                d.size = attr_val(r, "w:sz").and_then(|v| v.parse().ok());
            }
            if e.get_attr("w:type") == Some("paragraph") && e.get_attr("w:default") == Some("1") {
                s.default_paragraph = Some(id.to_string());
            }
            s.by_id.insert(id.to_string(), d);
        }
        s
    }

    /// A style with what it inherits filled in (its own settings first).
    fn resolve(&self, id: Option<&str>) -> StyleDef {
        let mut out = StyleDef::default();
        let mut next = id.or(self.default_paragraph.as_deref()).map(str::to_string);
        for depth in 0..10 {
            let Some(d) = next.as_ref().and_then(|i| self.by_id.get(i)) else {
                break;
            };
            if depth == 0 {
                out.name = d.name.clone();
            }
            out.num_id = out.num_id.take().or(d.num_id.clone());
            out.ilvl = out.ilvl.or(d.ilvl);
            out.outline = out.outline.or(d.outline);
            out.align = out.align.or(d.align);
            out.bold = out.bold.or(d.bold);
            out.font = out.font.take().or(d.font.clone());
            out.size = out.size.or(d.size);
            out.page_break_before |= d.page_break_before;
            next = d.based_on.clone();
        }
        if out.outline.is_none() {
            out.outline = out
                .name
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse::<u8>().ok())
                .filter(|n| (1..=9).contains(n));
        }
        out
    }
}

// -------------------------------------------------------------------- body

/// What an open element is, as far as reading goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Body,
    /// A content control or custom XML at body level: its paragraphs and
    /// tables are the body's.
    Through,
    P,
    PPr,
    NumPr,
    R,
    RPr,
    T,
    Tbl,
    TblGrid,
    Tr,
    Tc,
    TcPr,
    /// Deleted text, a drawing, a text box: nothing inside is read.
    Skip,
    Other,
}

#[derive(Debug, Default)]
struct ParaState {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    align: Option<Alignment>,
    outline: Option<u8>,
    page_break_before: bool,
    /// A page break inside it (the next paragraph starts a page).
    breaks_page: bool,
    /// A section break at its end.
    section_break: bool,
    /// Runs with text: some not bold, some saying nothing (the style decides).
    bold_no: bool,
    bold_unset: bool,
    run_bold: Option<bool>,
    run_font: Option<String>,
    run_size: Option<u32>,
    first_font: Option<Option<String>>,
    first_size: Option<Option<u32>>,
    item: bool,
    /// `shown.len()` of each open cell when the paragraph started.
    cell_offsets: Vec<usize>,
}

#[derive(Debug, Default)]
struct TableState {
    table: Table,
    item: bool,
}

struct Body<'m> {
    messages: &'m Messages,
    styles: Styles,
    numbering: Numbering,
    stack: Vec<Frame>,
    paras: Vec<ParaState>,
    cells: Vec<TableCell>,
    tables: Vec<TableState>,
    items: Vec<Item>,
    elements: usize,
    grid_cells: usize,
    paragraphs: usize,
    body_paragraphs: usize,
    page_break_pending: bool,
}

fn name_of(s: &BytesStart) -> String {
    String::from_utf8_lossy(s.name().as_ref()).into_owned()
}

fn attr(s: &BytesStart, key: &str) -> Option<String> {
    s.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// The character an entity or character reference stands for.
fn reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

impl<'m> Body<'m> {
    fn new(styles: Styles, numbering: Numbering, messages: &'m Messages) -> Body<'m> {
        Body {
            messages,
            styles,
            numbering,
            stack: Vec::new(),
            paras: Vec::new(),
            cells: Vec::new(),
            tables: Vec::new(),
            items: Vec::new(),
            elements: 0,
            grid_cells: 0,
            paragraphs: 0,
            body_paragraphs: 0,
            page_break_pending: false,
        }
    }

    /// Whether text read now is a `w:t`'s that Word shows.
    fn in_text(&self) -> bool {
        self.stack.last() == Some(&Frame::T) && !self.skipping()
    }

    fn in_properties(&self) -> bool {
        self.stack
            .iter()
            .any(|f| matches!(f, Frame::PPr | Frame::RPr | Frame::TcPr))
    }

    fn skipping(&self) -> bool {
        self.stack.contains(&Frame::Skip)
    }

    /// Whether an element opened now is at body level (inside the body and
    /// content controls only).
    fn at_body_level(&self) -> bool {
        for f in self.stack.iter().rev() {
            match f {
                Frame::Body => return true,
                Frame::Through => {}
                _ => return false,
            }
        }
        false
    }

    fn read(mut self, document: &[u8]) -> Result<Vec<Item>, Diagnostic> {
        let malformed = |e: String| fail(t!("report.import.malformed_xml", reason = e));
        let text = std::str::from_utf8(document).map_err(|e| malformed(e.to_string()))?;
        let mut reader = Reader::from_str(text);
        let mut saw_body = false;
        loop {
            let ev = reader.read_event().map_err(|e| malformed(e.to_string()))?;
            match ev {
                Event::Start(s) => {
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(malformed(format!(
                            "elements nested more than {MAX_DEPTH} deep"
                        )));
                    }
                    let frame = self.open(&s)?;
                    saw_body |= frame == Frame::Body;
                    self.stack.push(frame);
                }
                Event::Empty(s) => {
                    let frame = self.open(&s)?;
                    saw_body |= frame == Frame::Body;
                    self.stack.push(frame);
                    self.close()?;
                }
                Event::End(_) => {
                    if self.stack.is_empty() {
                        return Err(malformed("unbalanced end tag".into()));
                    }
                    self.close()?;
                }
                Event::Text(t) if self.in_text() => {
                    let raw = String::from_utf8_lossy(t.as_ref());
                    let s = quick_xml::escape::unescape(&raw)
                        .map(|c| c.into_owned())
                        .unwrap_or_else(|_| raw.into_owned());
                    self.push_text(&s, true);
                }
                Event::GeneralRef(r) if self.in_text() => {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    match reference(&name) {
                        Some(c) => self.push_text(&c.to_string(), true),
                        None => self.push_text(&format!("&{name};"), true),
                    }
                }
                Event::CData(c) if self.in_text() => {
                    let s = String::from_utf8_lossy(c.as_ref()).into_owned();
                    self.push_text(&s, true);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !self.stack.is_empty() {
            return Err(malformed("unclosed element".into()));
        }
        if !saw_body {
            return Err(fail(t!("report.import.no_body")));
        }
        Ok(self.items)
    }

    /// Appends text to the open paragraph and every open cell. `bold` text
    /// counts towards the paragraph's boldness (a tab or a break does not).
    fn push_text(&mut self, s: &str, counts: bool) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
            if counts && !s.trim().is_empty() {
                match p.run_bold {
                    Some(false) => p.bold_no = true,
                    None => p.bold_unset = true,
                    Some(true) => {}
                }
                if p.first_font.is_none() {
                    p.first_font = Some(p.run_font.clone());
                    p.first_size = Some(p.run_size);
                }
            }
        }
        for c in &mut self.cells {
            c.text.push_str(s);
            c.shown.push_str(s);
        }
    }

    fn open(&mut self, s: &BytesStart) -> Result<Frame, Diagnostic> {
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(fail(t!(
                self.messages.too_many_elements,
                max = MAX_ELEMENTS
            )));
        }
        let name = name_of(s);
        let parent = self.stack.last().copied();
        if self.skipping() {
            return Ok(Frame::Other);
        }
        let frame = match name.as_str() {
            "w:body" => Frame::Body,
            "w:sdt" | "w:sdtContent" | "w:customXml" if self.at_body_level() => Frame::Through,
            "w:del" | "w:drawing" | "w:pict" | "mc:AlternateContent" => Frame::Skip,
            "w:p" => {
                self.paragraphs += 1;
                if self.paragraphs > MAX_PARAGRAPHS {
                    return Err(fail(t!(
                        "draft.docx.too_many_paragraphs",
                        max = MAX_PARAGRAPHS
                    )));
                }
                let item = self.at_body_level();
                for c in &mut self.cells {
                    if !c.text.is_empty() {
                        c.text.push('\n');
                    }
                    if !c.shown.is_empty() {
                        c.shown.push('\n');
                    }
                }
                let cell_offsets = self.cells.iter().map(|c| c.shown.len()).collect();
                self.paras.push(ParaState {
                    item,
                    cell_offsets,
                    ..ParaState::default()
                });
                Frame::P
            }
            "w:pPr" if parent == Some(Frame::P) => Frame::PPr,
            "w:numPr" if parent == Some(Frame::PPr) => Frame::NumPr,
            "w:r" => {
                if let Some(p) = self.paras.last_mut() {
                    p.run_bold = None;
                    p.run_font = None;
                    p.run_size = None;
                }
                Frame::R
            }
            "w:rPr" if parent == Some(Frame::R) => Frame::RPr,
            "w:rPr" | "w:pPr" | "w:tblPr" | "w:trPr" | "w:sectPr" => {
                if name == "w:sectPr" && parent == Some(Frame::PPr) {
                    if let Some(p) = self.paras.last_mut() {
                        p.section_break = true;
                    }
                }
                // properties elsewhere: nothing inside is text
                Frame::Skip
            }
            "w:t" => Frame::T,
            "w:tab" if !self.in_properties() => {
                self.push_text(" ", false);
                Frame::Other
            }
            "w:br" | "w:cr" => {
                self.push_text("\n", false);
                if attr(s, "w:type").as_deref() == Some("page") {
                    if let Some(p) = self.paras.last_mut() {
                        p.breaks_page = true;
                    }
                }
                Frame::Other
            }
            "w:tbl" => {
                let item = self.at_body_level();
                self.tables.push(TableState {
                    table: Table {
                        line: self.body_paragraphs + 1,
                        ..Table::default()
                    },
                    item,
                });
                Frame::Tbl
            }
            "w:tblGrid" if parent == Some(Frame::Tbl) => Frame::TblGrid,
            "w:gridCol" if parent == Some(Frame::TblGrid) => {
                if let Some(t) = self.tables.last_mut() {
                    let w = attr(s, "w:w").and_then(|v| v.parse().ok()).unwrap_or(0);
                    if t.table.grid.len() < 64 {
                        t.table.grid.push(w);
                    }
                }
                Frame::Other
            }
            "w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.table.rows.push(Vec::new());
                }
                Frame::Tr
            }
            "w:tc" => {
                self.cells.push(TableCell {
                    span: 1,
                    ..TableCell::default()
                });
                Frame::Tc
            }
            "w:tcPr" if parent == Some(Frame::Tc) => Frame::TcPr,
            _ => {
                self.property(&name, s, parent);
                Frame::Other
            }
        };
        Ok(frame)
    }

    /// A property element's value, read where it matters.
    fn property(&mut self, name: &str, s: &BytesStart, parent: Option<Frame>) {
        let val = || attr(s, "w:val");
        match (parent, name) {
            (Some(Frame::PPr), _) => {
                let Some(p) = self.paras.last_mut() else {
                    return;
                };
                match name {
                    "w:pStyle" => p.style = val(),
                    "w:jc" => p.align = val().map(|v| alignment(&v)),
                    "w:outlineLvl" => {
                        p.outline = val()
                            .and_then(|v| v.parse::<u8>().ok())
                            .filter(|v| *v < 9)
                            .map(|v| v + 1)
                    }
                    "w:pageBreakBefore" => p.page_break_before = on_off(val().as_deref()),
                    _ => {}
                }
            }
            (Some(Frame::NumPr), _) => {
                let Some(p) = self.paras.last_mut() else {
                    return;
                };
                match name {
                    "w:numId" => p.num_id = val(),
                    "w:ilvl" => p.ilvl = val().and_then(|v| v.parse().ok()),
                    _ => {}
                }
            }
            (Some(Frame::RPr), _) => {
                let Some(p) = self.paras.last_mut() else {
                    return;
                };
                match name {
                    "w:b" => p.run_bold = Some(on_off(val().as_deref())),
                    "w:rFonts" => p.run_font = attr(s, "w:eastAsia").or(p.run_font.take()),
                    "w:sz" => p.run_size = val().and_then(|v| v.parse().ok()),
                    _ => {}
                }
            }
            (Some(Frame::TcPr), "w:gridSpan") => {
                if let Some(c) = self.cells.last_mut() {
                    c.span = val()
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            (Some(Frame::TcPr), "w:vMerge") => {
                if let Some(c) = self.cells.last_mut() {
                    c.vmerge = if val().as_deref() == Some("restart") {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
            }
            _ => {}
        }
    }

    fn close(&mut self) -> Result<(), Diagnostic> {
        let frame = self.stack.pop().expect("a frame to close");
        match frame {
            Frame::P => self.end_paragraph(),
            Frame::R => {
                if let Some(p) = self.paras.last_mut() {
                    p.run_bold = None;
                }
            }
            Frame::Tc => {
                let cell = self.cells.pop().expect("an open cell");
                self.grid_cells += cell.span;
                if self.grid_cells > MAX_GRID_CELLS {
                    return Err(fail(t!(self.messages.too_many_cells, max = MAX_GRID_CELLS)));
                }
                if let Some(row) = self.tables.last_mut().and_then(|t| t.table.rows.last_mut()) {
                    row.push(cell);
                }
            }
            Frame::Tbl => {
                let t = self.tables.pop().expect("an open table");
                if t.item {
                    self.items.push(Item::Table(t.table));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else {
            return;
        };
        let style = self.styles.resolve(p.style.as_deref());
        let num_id = p.num_id.clone().or(style.num_id.clone());
        let ilvl = p.ilvl.or(style.ilvl).unwrap_or(0);
        let number = match num_id.as_deref() {
            Some("0") | None => None,
            Some(id) => self.numbering.next(id, ilvl),
        };
        // the number goes into the cells' shown text where the paragraph started
        if let Some(n) = &number {
            for (c, at) in self.cells.iter_mut().zip(&p.cell_offsets) {
                if *at <= c.shown.len() {
                    c.shown.insert_str(*at, n);
                }
            }
        }
        if !p.item {
            return;
        }
        self.body_paragraphs += 1;
        let page_break_before =
            p.page_break_before || style.page_break_before || self.page_break_pending;
        self.page_break_pending = p.breaks_page || p.section_break;
        let no_text = p.first_font.is_none();
        self.items.push(Item::Paragraph(Paragraph {
            text: p.text,
            number,
            outline: p.outline.or(style.outline),
            style: (!style.name.is_empty()).then_some(style.name.clone()),
            align: p.align.or(style.align).unwrap_or_default(),
            bold: !no_text && !p.bold_no && (!p.bold_unset || style.bold == Some(true)),
            font: p.first_font.flatten().or(style.font),
            size: p.first_size.flatten().or(style.size),
            page_break_before,
            line: self.body_paragraphs,
            wrapped: false,
        }));
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use std::io::Write;

    /// A .docx of the given parts.
    pub fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default();
            for (name, text) in parts {
                z.start_file(*name, o).unwrap();
                z.write_all(text.as_bytes()).unwrap();
            }
            z.finish().unwrap();
        }
        buf.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::docx;
    use super::*;

    fn body(inner: &str) -> String {
        format!(r#"<w:document xmlns:w="w"><w:body>{inner}</w:body></w:document>"#)
    }

    #[test]
    fn paragraphs_tables_and_numbers() {
        let numbering = r#"<w:numbering><w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#;
        let styles = r#"<w:styles><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let doc = body(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>标题 &amp; 题</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>总体要求</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr><w:rPr><w:b/></w:rPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr><w:r><w:t>工作</w:t></w:r><w:r><w:tab/><w:t>安排</w:t><w:br/><w:t>下一行</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>
            <w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="2000"/></w:tblGrid>
              <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>项</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>
            <w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p><w:r><w:t>新页</w:t></w:r></w:p>"#,
        );
        let items = read(&docx(&[
            ("word/document.xml", &doc),
            ("word/styles.xml", styles),
            ("word/numbering.xml", numbering),
        ]))
        .unwrap();
        let Item::Paragraph(p0) = &items[0] else {
            panic!()
        };
        assert_eq!(p0.text, "标题 & 题");
        assert_eq!(p0.align, Alignment::Center);
        assert!(p0.bold);
        let Item::Paragraph(p1) = &items[1] else {
            panic!()
        };
        assert_eq!((p1.number.as_deref(), p1.outline), (Some("一、"), Some(1)));
        let Item::Paragraph(p2) = &items[2] else {
            panic!()
        };
        assert_eq!(p2.text, "工作 安排\n下一行");
        assert_eq!(p2.number.as_deref(), Some("二、"));
        assert!(!p2.bold);
        let Item::Table(t) = &items[3] else { panic!() };
        assert_eq!(t.grid, [1000, 2000]);
        assert_eq!(t.rows[0][0].span, 2);
        assert_eq!(t.rows[1][0].text, "甲\n乙");
        assert_eq!(t.rows[1][0].vmerge, VMerge::Restart);
        assert_eq!(t.rows[2][0].vmerge, VMerge::Continue);
        assert_eq!(t.rows[2][1].shown, "三、项");
        assert_eq!(t.rows[2][1].text, "项");
        let Item::Paragraph(last) = items.last().unwrap() else {
            panic!()
        };
        assert!(last.page_break_before);
        assert_eq!(last.text, "新页");
    }

    #[test]
    fn budgets_are_errors_not_memory() {
        // 284 000 cells of 64 columns each: refused at the element budget
        let cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr></w:tc>"#;
        let doc = body(&format!(
            "<w:tbl><w:tr>{}</w:tr></w:tbl>",
            cell.repeat(284_000)
        ));
        let e = read(&docx(&[("word/document.xml", &doc)])).unwrap_err();
        assert!(
            e.message.contains(&MAX_ELEMENTS.to_string()),
            "{}",
            e.message
        );
        // within it, 1 000 cells of 64 columns: refused at the grid budget
        let doc = body(&format!(
            "<w:tbl><w:tr>{}</w:tr></w:tbl>",
            cell.repeat(1_000)
        ));
        let e = read(&docx(&[("word/document.xml", &doc)])).unwrap_err();
        assert!(
            e.message.contains(&MAX_GRID_CELLS.to_string()),
            "{}",
            e.message
        );
        // a zip bomb: 17 MB of one repeated paragraph, cut off at the size budget
        let doc = body(&"<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(600_000));
        let e = read(&docx(&[("word/document.xml", &doc)])).unwrap_err();
        assert!(e.message.contains("16"), "{}", e.message);
        // nesting
        let doc = body(&format!("{}{}", "<w:x>".repeat(300), "</w:x>".repeat(300)));
        let e = read(&docx(&[("word/document.xml", &doc)])).unwrap_err();
        assert!(e.message.contains("256"), "{}", e.message);
    }
}
