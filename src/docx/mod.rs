//! The Word writer: writes WordprocessingML straight from the document model
//! and the layout plan, part by part, and packs a deterministic zip.
//!
//! `flow` writes the text's paragraphs, runs and tables; `furniture` the
//! 版头, 落款, 版记 and the other pieces placed as the PDF places them;
//! `styles` the style sheet; `package` the parts around them.

pub mod embed;
mod flow;
mod furniture;
mod package;
pub mod styles;

use crate::layout::furniture::{self as plan, ColophonPage};
use crate::layout::Layout;
use crate::model::{Block, BlockKind, Document, Format, Run};
use crate::style::{FontRole, StyleProfile};
use flow::{Flow, Props, RunProps, Section, Spacing};
use furniture::{HeaderPart, Pictures, RunStyle};
use package::{Contents, DECLARATION};
use styles::{heading, ADDRESSEE, NORMAL, PAGE_NUMBER, TITLE};

/// Writes the document as .docx bytes, the 版记's page decided as the text
/// alone suggests (see `write_with`).
pub fn write(doc: &Document) -> Result<Vec<u8>, String> {
    write_with(doc, None, None)
}

/// Writes the document as .docx bytes. With the PDF's layout, the 版记 goes
/// on the page the layout chose for it (after a blank page when needed),
/// so Word's pages follow the PDF's. With the fonts it was laid out with
/// (`embed`, which needs the layout), the faces it drew with are embedded
/// (see `embed`).
pub fn write_with(
    doc: &Document,
    layout: Option<&Layout>,
    embed: Option<&crate::fonts::FontBook>,
) -> Result<Vec<u8>, String> {
    let embedded = match (embed, layout) {
        (Some(fonts), Some(layout)) => embed::embedded_fonts(doc, layout, fonts)?,
        (Some(_), None) => return Err("embedding fonts in the .docx needs the layout".into()),
        (None, _) => Vec::new(),
    };
    let mut w = Writer::new(doc, layout);
    let parts = w.write()?;
    let contents = Contents {
        headers: parts.headers.len(),
        footers: parts.footers.len(),
        images: w.pictures.images.iter().map(|(id, _)| id.clone()).collect(),
        unnumbered_tail: parts.unnumbered_tail,
        fonts: !embedded.is_empty(),
    };
    let mut out: crate::archive::Parts = vec![
        (
            "[Content_Types].xml".into(),
            package::content_types(&contents),
        ),
        ("_rels/.rels".into(), package::package_rels()),
        ("docProps/app.xml".into(), package::app_properties()),
        ("docProps/core.xml".into(), package::core_properties(doc)),
        (
            "word/_rels/document.xml.rels".into(),
            package::document_rels(&contents),
        ),
        ("word/document.xml".into(), parts.document.into_bytes()),
        ("word/styles.xml".into(), styles::styles_xml(&doc.style)),
        (
            "word/settings.xml".into(),
            package::settings(!embedded.is_empty()),
        ),
        (
            "word/fontTable.xml".into(),
            package::font_table(doc, &embedded),
        ),
    ];
    if !embedded.is_empty() {
        out.push((
            "word/_rels/fontTable.xml.rels".into(),
            package::font_table_rels(embedded.len()),
        ));
    }
    for (i, f) in parts.footers.into_iter().enumerate() {
        out.push((format!("word/footer{}.xml", i + 1), part("w:ftr", &f)));
    }
    for (i, h) in parts.headers.into_iter().enumerate() {
        out.push((format!("word/header{}.xml", i + 1), part("w:hdr", &h)));
    }
    if parts.unnumbered_tail {
        out.push((
            package::EMPTY_FOOTER_PART.into(),
            package::EMPTY_FOOTER.as_bytes().to_vec(),
        ));
    }
    for (n, f) in embedded.into_iter().enumerate() {
        out.push((format!("word/fonts/font{}.odttf", n + 1), f.data));
    }
    for (n, (_, png)) in w.pictures.images.iter().enumerate() {
        out.push((
            format!("word/media/gongwen{}.png", n + 1),
            png.as_ref().clone(),
        ));
    }
    crate::archive::pack(out, doc.file_date())
}

/// A header or footer part around its paragraphs.
fn part(root: &str, content: &str) -> Vec<u8> {
    format!(
        "{DECLARATION}<{root} {}>{content}</{root}>",
        flow::PART_NAMESPACES
    )
    .into_bytes()
}

/// The written story parts: the document, and the contents of the footer
/// and header parts (footer N+1 is `footers[N]`).
struct Story {
    document: String,
    footers: Vec<String>,
    headers: Vec<String>,
    /// Whether the last pages (a blank page and the 版记's) form a section
    /// of their own, with the footer without number.
    unnumbered_tail: bool,
}

/// The relationship ids of the parts the section refers to.
const ODD_FOOTER: &str = "rIdFooter1";
const EVEN_FOOTER: &str = "rIdFooter2";
const FIRST_FOOTER: &str = "rIdFooter3";
const FIRST_HEADER: &str = "rIdHeader1";

struct Writer<'a> {
    doc: &'a Document,
    style: &'a StyleProfile,
    layout: Option<&'a Layout>,
    flow: Flow,
    pictures: Pictures,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a Document, layout: Option<&'a Layout>) -> Writer<'a> {
        Writer {
            doc,
            style: &doc.style,
            layout,
            flow: Flow::new(1),
            pictures: Pictures::default(),
        }
    }

    /// A piece of furniture, written as it is. It takes a paragraph id, as
    /// each piece did in the writer before this one: the ids of the
    /// paragraphs after it stay what they were.
    fn furniture(&mut self, xml: &str) {
        self.flow.take_id();
        self.pictures.pieces += 1;
        self.flow.out.push_str(xml);
    }

    /// What `furniture` leaves in the flow, taken out (for a header or footer part).
    fn take_out(&mut self) -> String {
        std::mem::take(&mut self.flow.out)
    }

    fn write(&mut self) -> Result<Story, String> {
        let style = self.style;
        let doc = self.doc;
        let format = doc.furniture.format;
        let mut footers = vec![
            self.page_number_footer(true),
            self.page_number_footer(false),
        ];
        let mut headers = Vec::new();
        let mut header_distance = 851;
        let letter = format == Format::Letter;
        if let Some(h) = &doc.furniture.header {
            let header = plan::plan_header(style, format, h);
            if letter {
                let (top, footer) = self.letter_first_page(&header);
                headers.push(top);
                footers.push(footer);
                // the header part starts where the mark's top edge goes
                header_distance = style.furniture.letter_mark_top;
            } else {
                let xml = furniture::header(style, &header, HeaderPart::All, 0);
                self.furniture(&xml);
            }
        } else if letter {
            // a letter without a header still shows no page number on page 1
            self.flow.start_paragraph(&Props::default());
            self.flow.end_paragraph();
            footers.push(self.take_out());
        }
        for (i, block) in doc.blocks.iter().enumerate() {
            self.block(i, block)?;
        }
        let mut footer_refs = vec![("default", ODD_FOOTER)];
        if letter {
            footer_refs.push(("first", FIRST_FOOTER));
        }
        footer_refs.push(("even", EVEN_FOOTER));
        let header_refs: Vec<(&str, &str)> = if headers.is_empty() {
            Vec::new()
        } else {
            vec![("first", FIRST_HEADER)]
        };
        let numbered = Section {
            headers: &header_refs,
            footers: &footer_refs,
            header_distance,
            title_page: letter,
        };
        let unnumbered_tail = self.colophon(&numbered);
        let mut document = format!(
            "{DECLARATION}<w:document {}><w:body>",
            flow::DOCUMENT_NAMESPACES
        );
        document.push_str(&self.flow.out);
        if unnumbered_tail {
            // the blank page and the 版记 page carry no page number (GB/T 9704 7.5)
            let empty = package::EMPTY_FOOTER_ID;
            Section {
                headers: &[],
                footers: &[("even", empty), ("default", empty)],
                header_distance,
                title_page: false,
            }
            .write(&mut document, style);
        } else {
            numbered.write(&mut document, style);
        }
        document.push_str("</w:body></w:document>");
        Ok(Story {
            document,
            footers,
            headers,
            unnumbered_tail,
        })
    }

    /// `— N —` in 宋体 四号: odd pages right with one character in, even
    /// pages left. The 页码 style gives the face (宋体, digits too) and the size.
    fn page_number_footer(&mut self, odd: bool) -> String {
        let one_char = self.style.page_number_size as i32 * 10;
        let (jc, indent) = if odd {
            ("right", (0, one_char))
        } else {
            ("left", (one_char, 0))
        };
        let f = &mut self.flow;
        f.start_paragraph(&Props {
            style: Some(PAGE_NUMBER),
            indent: Some(indent),
            jc: Some(jc),
            ..Props::default()
        });
        f.plain_run("— ", RunProps::default());
        f.field_run(r#"<w:fldChar w:fldCharType="begin" w:dirty="false"/>"#);
        f.field_run("<w:instrText>PAGE</w:instrText>");
        f.field_run(r#"<w:fldChar w:fldCharType="separate" w:dirty="false"/>"#);
        f.plain_run("1", RunProps::default());
        f.field_run(r#"<w:fldChar w:fldCharType="end" w:dirty="false"/>"#);
        f.plain_run(" —", RunProps::default());
        f.end_paragraph();
        self.take_out()
    }

    /// A letter's first page (10.1): the mark and the red double line in the
    /// first page's header part (they stand above the text block, 30 mm from
    /// the page's top edge), the lower double line in its footer part, no
    /// page number; the 份号 and 发文字号 lines start the text. Returns the
    /// header part's and the footer part's contents.
    fn letter_first_page(&mut self, header: &plan::HeaderPlan) -> (String, String) {
        let style = self.style;
        let mark_top = header
            .lines
            .iter()
            .filter(|l| l.red)
            .map(|l| l.y)
            .min()
            .unwrap_or(0);
        self.furniture(&furniture::header(
            style,
            header,
            HeaderPart::LetterTop,
            mark_top,
        ));
        let top = self.take_out();
        self.furniture(&furniture::letter_footer(style));
        let footer = self.take_out();
        let below = header
            .rules
            .iter()
            .map(|r| r.y + (r.eighths as i32 * 20 + 4) / 8)
            .max()
            .unwrap_or(0);
        let body = furniture::header(style, header, HeaderPart::LetterBody, below);
        self.furniture(&body);
        (top, footer)
    }

    fn block(&mut self, i: usize, block: &Block) -> Result<(), String> {
        let style = self.style;
        let blocks = &self.doc.blocks;
        let next = blocks.get(i + 1).map(|b| &b.kind);
        let before_signature = matches!(next, Some(BlockKind::Signature(_)));
        let extra = self.layout.and_then(|l| l.char_spacing.get(&i));
        match &block.kind {
            BlockKind::Title { lines } => {
                // the document's first line (no 版头 above): see title_top_space
                let first = i == 0 && self.doc.furniture.header.is_none();
                self.title_lines(lines, first, false);
            }
            BlockKind::Heading {
                level,
                text,
                run_in: Some(run_in),
            } => {
                // a body paragraph whose first run is the heading, in the
                // heading's font (the run says it; the style is the body's)
                let p = Props {
                    style: Some(NORMAL),
                    spacing: self.space_before_table(next),
                    ..Props::default()
                };
                self.flow.start_paragraph(&p);
                self.run_in(*level, text, run_in, extra.map(Vec::as_slice));
                self.flow.end_paragraph();
            }
            BlockKind::Heading {
                level,
                text,
                run_in: None,
            } => {
                // font, boldness, outline level and keeping with the next
                // paragraph all come from the heading style
                let p = Props {
                    style: Some(heading(*level)),
                    spacing: self.space_before_table(next),
                    ..Props::default()
                };
                self.flow.paragraph(&p, &[Run::plain(text.clone())]);
            }
            BlockKind::Paragraph { runs } => {
                // 7.3.5.5: the 落款 after it does not stand alone at the top of a page
                let p = Props {
                    style: Some(NORMAL),
                    keep_next: before_signature,
                    spacing: self.space_before_table(next),
                    ..Props::default()
                };
                match extra {
                    // lines the layout tightened or spread: the same spacing on their runs
                    Some(extra) => {
                        self.flow.start_paragraph(&p);
                        self.spaced_runs(runs, extra);
                        self.flow.end_paragraph();
                    }
                    None => self.flow.paragraph(&p, runs),
                }
            }
            BlockKind::Table(t) => {
                let layout = self.layout;
                let breaks = |row: usize, col: usize| {
                    layout.and_then(|l| l.cell_breaks.get(&(i, row, col)).cloned())
                };
                let top = |row: usize, col: usize| {
                    layout.is_some_and(|l| l.cell_top.contains(&(i, row, col)))
                };
                flow::table(&mut self.flow, style, t, &breaks, &top);
            }
            BlockKind::Signature(sig) => {
                let placed = crate::layout::signature::plan(style, sig)?;
                let xml = furniture::signature(style, &placed, &mut self.pictures);
                self.furniture(&xml);
            }
            BlockKind::AttachmentNote(names) => {
                let xml = attachment_note(style, names, before_signature);
                self.furniture(&xml);
            }
            BlockKind::Note(text) => {
                let p = Props {
                    style: Some(NORMAL),
                    ..Props::default()
                };
                self.flow
                    .paragraph(&p, &[Run::plain(format!("（{text}）"))]);
            }
            BlockKind::Attendance { label, names } => {
                let first = !matches!(
                    i.checked_sub(1).map(|p| &blocks[p].kind),
                    Some(BlockKind::Attendance { .. })
                );
                let xml = attendance(style, label, names, first);
                self.furniture(&xml);
            }
            BlockKind::AttachmentStart { label, title } if label.is_empty() => {
                // an issued document: a new page, its title opening it
                self.title_lines(title, true, true);
            }
            BlockKind::AttachmentStart { label, title } => {
                self.furniture(&furniture::attachment_label(style, label));
                self.title_lines(title, false, false);
            }
            BlockKind::Addressee(text) => {
                let p = Props {
                    style: Some(ADDRESSEE),
                    ..Props::default()
                };
                self.flow.paragraph(&p, &[Run::plain(text.clone())]);
            }
            BlockKind::PageBreak => {
                // an empty paragraph one point high that starts the new page: a
                // w:br in a paragraph would leave the paragraph's empty remainder,
                // a whole line, at the top of the next page (the PDF has none)
                let p = Props {
                    style: Some(NORMAL),
                    page_break_before: true,
                    no_snap: true,
                    spacing: Some(Spacing::exact(20)),
                    ..Props::default()
                };
                self.flow.start_paragraph(&p);
                self.flow.end_paragraph();
            }
        }
        Ok(())
    }

    /// A heading or body paragraph followed by a table: the space the layout
    /// leaves above the table (`StyleProfile::table_space_before`) as the
    /// paragraph's space after.
    fn space_before_table(&self, next: Option<&BlockKind>) -> Option<Spacing> {
        match next {
            Some(BlockKind::Table(_)) => Some(Spacing {
                after: Some(self.style.table_space_before()),
                ..Spacing::exact(self.style.line_pitch)
            }),
            _ => None,
        }
    }

    /// A title's lines, centred, with the blank line after the last
    /// (标题下空一行); one that opens the document (`first`) starts
    /// `title_top_space` lower and its blank line is as much shorter, as in
    /// the PDF. `new_page`: the first line starts a page.
    fn title_lines(&mut self, lines: &[String], first: bool, new_page: bool) {
        let style = self.style;
        let last = lines.len().saturating_sub(1);
        let space = if first { style.title_top_space() } else { 0 };
        for (j, line) in lines.iter().enumerate() {
            let mut spacing = Spacing::exact(style.line_pitch);
            if j == 0 && space > 0 {
                spacing.before = Some(space);
            }
            if j == last {
                spacing.after = Some(style.line_pitch - space);
            }
            self.flow.start_paragraph(&Props {
                style: Some(TITLE),
                page_break_before: new_page && j == 0,
                spacing: Some(spacing),
                ..Props::default()
            });
            self.title_line(line);
            self.flow.end_paragraph();
        }
    }

    /// A title line's runs: Latin letters and digits in bold runs (the title
    /// face is heavy; Word then takes Times New Roman Bold for them, as the
    /// PDF does).
    fn title_line(&mut self, text: &str) {
        let mut from = 0;
        let mut latin = false;
        for (k, c) in text.char_indices() {
            let l = crate::fonts::is_latin(c) && c != ' ';
            if l != latin {
                self.title_piece(&text[from..k], latin);
                from = k;
                latin = l;
            }
        }
        self.title_piece(&text[from..], latin);
    }

    fn title_piece(&mut self, piece: &str, bold: bool) {
        if !piece.is_empty() {
            self.flow.plain_run(
                piece,
                RunProps {
                    bold,
                    ..RunProps::default()
                },
            );
        }
    }

    /// A body paragraph's runs with extra spacing per character (twips, one
    /// per character of the text, see `Layout::char_spacing`): runs are
    /// split where it changes, each with the .docx body spacing plus its extra.
    fn spaced_runs(&mut self, text: &[Run], extra: &[i32]) {
        let mut k = 0;
        for run in text {
            let chars: Vec<char> = run.text.chars().collect();
            self.spaced_pieces(&chars, k, Some(extra), run.bold, None);
            k += chars.len();
        }
    }

    /// Runs of `chars` (the `k`-th character of the paragraph first), split
    /// where the extra spacing changes; with no layout, one run without spacing.
    fn spaced_pieces(
        &mut self,
        chars: &[char],
        k: usize,
        extra: Option<&[i32]>,
        bold: bool,
        fonts: Option<(&str, &str)>,
    ) {
        let at = |n: usize| extra.and_then(|x| x.get(n)).copied().unwrap_or(0);
        let mut from = 0;
        while from < chars.len() {
            let e = at(k + from);
            let mut to = from + 1;
            while to < chars.len() && at(k + to) == e {
                to += 1;
            }
            let piece: String = chars[from..to].iter().collect();
            let spacing = extra.map(|_| self.style.docx_char_spacing + e);
            self.flow.run(
                &piece,
                RunProps {
                    bold,
                    spacing,
                    fonts,
                },
            );
            from = to;
        }
    }

    /// A run-in heading's runs: the heading in its level's fonts (and bold
    /// where the style makes headings bold), then the body text; with the
    /// layout's extra spacing per character when it has some.
    fn run_in(&mut self, level: u8, text: &str, run_in: &str, extra: Option<&[i32]>) {
        let style = self.style;
        let (role, bold) = style.font_for_heading(level);
        let fonts = (style.fonts.get(role.latin_role()), style.fonts.get(role));
        let heading: Vec<char> = text.chars().collect();
        self.spaced_pieces(&heading, 0, extra, bold, Some(fonts));
        let body: Vec<char> = run_in.chars().collect();
        self.spaced_pieces(&body, heading.len(), extra, false, None);
    }

    /// The 版记 at the foot of the text block, on the page the layout chose.
    /// Returns whether the last pages form a section without page numbers
    /// (the blank page and the 版记 page after it); that section's end is
    /// a paragraph carrying the numbered section's properties.
    fn colophon(&mut self, numbered: &Section) -> bool {
        let style = self.style;
        let doc = self.doc;
        let Some(c) = &doc.furniture.colophon else {
            return false;
        };
        let rows = plan::colophon_rows(style, c, doc.furniture.format);
        let page = self
            .layout
            .and_then(|l| l.colophon_page)
            .unwrap_or(ColophonPage::LastPage);
        let gap = self
            .layout
            .map_or(0, |l| (l.colophon_gap * 20.0).round() as i32);
        if page != ColophonPage::AfterBlankPage {
            self.furniture(&furniture::colophon(style, &rows, page, gap));
            return false;
        }
        let mut end = format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{NORMAL}"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>"#
        );
        numbered.write(&mut end, style);
        end.push_str("</w:pPr></w:p>");
        self.furniture(&end);
        let xml = furniture::colophon(style, &rows, ColophonPage::NewPage, gap);
        self.furniture(&xml);
        true
    }
}

/// 附件说明 (7.3.4): a blank line, then 左空二字 “附件：” and the names,
/// numbered when more than one, each name's wrapped lines aligned with its
/// first character.
fn attachment_note(style: &StyleProfile, names: &[String], before_signature: bool) -> String {
    let ch = style.body_char_advance();
    let width = |t: &str| {
        (crate::layout::class_width(
            t,
            style.body_size as f32 / 2.0,
            crate::style::twips_to_pt(style.char_spacing),
        ) * 20.0)
            .round() as i32
    };
    let label = width("附件：");
    let body = RunStyle::body(style, FontRole::Body);
    let mut out = String::new();
    for (i, line) in crate::model::attachment_note_lines(names)
        .iter()
        .enumerate()
    {
        let number = if names.len() > 1 {
            width(&format!("{}. ", i + 1))
        } else {
            0
        };
        let first = if i == 0 { 2 * ch } else { 2 * ch + label };
        let before = if i == 0 { style.line_pitch } else { 0 };
        let runs = furniture::run(style, line, body, body);
        // the items stay together, and with the 落款 after them
        let keep = i + 1 < names.len() || before_signature;
        let rest = 2 * ch + label + number;
        out.push_str(&furniture::hanging(
            style,
            styles::ATTACHMENT_NOTE,
            &runs,
            first,
            rest,
            before,
            keep,
        ));
    }
    out
}

/// 纪要 attendance (10.3): 下空一行 before the first list, the label in 黑体
/// 左空二字 with a full-width colon, the names wrapped under their first.
fn attendance(style: &StyleProfile, label: &str, names: &[String], first: bool) -> String {
    let ch = style.body_char_advance();
    let label = format!("{label}：");
    let label_w = (crate::layout::class_width(
        &label,
        style.body_size as f32 / 2.0,
        crate::style::twips_to_pt(style.char_spacing),
    ) * 20.0)
        .round() as i32;
    let body = RunStyle::body(style, FontRole::Body);
    let runs = format!(
        "{}{}",
        furniture::run(
            style,
            &label,
            RunStyle::body(style, FontRole::Heading1),
            body
        ),
        furniture::run(style, &names.join("，"), body, body)
    );
    let before = if first { style.line_pitch } else { 0 };
    furniture::hanging(
        style,
        styles::ATTENDANCE,
        &runs,
        2 * ch,
        2 * ch + label_w,
        before,
        false,
    )
}
