//! The Word writer: maps the document model onto docx-rs, repairs what
//! docx-rs writes wrong (see `fixup`), and packs a deterministic zip.

pub mod embed;
mod fixup;
mod furniture;
pub mod styles;
pub mod xml;

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run as DRun, RunFonts,
    Table as DTable, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::layout::furniture::{self as plan, ColophonPage};
use crate::layout::Layout;
use crate::model::{Align, BlockKind, Document, Format, Run, Table};
use crate::style::{FontRole, StyleProfile};
use furniture::{HeaderPart, Raw, RunStyle};
use styles::{heading, ADDRESSEE, NORMAL, PAGE_NUMBER, TABLE_TEXT, TITLE};

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
    let style = &doc.style;
    let format = doc.furniture.format;
    let mut raw = Raw::default();
    let mut docx = Docx::new()
        .page_size(style.page_width as u32, style.page_height as u32)
        .page_margin(
            PageMargin::new()
                .top(style.flow_top())
                .bottom(style.margin_bottom)
                .left(style.margin_left)
                .right(style.margin_right)
                .header(851)
                .footer(style.footer_distance()),
        )
        .footer(page_number_footer(style, true))
        .even_footer(page_number_footer(style, false));
    // a grid of lines and characters: Word's 页面设置 shows 22 lines of 28
    // characters (the paragraphs' own spacing already keeps both)
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::LinesAndChars)
            .line_pitch(style.grid_pitch() as usize)
            .char_space(style.grid_char_space() as isize),
    );
    if let Some(h) = &doc.furniture.header {
        let header = plan::plan_header(style, format, h);
        if format == Format::Letter {
            docx = letter_first_page(docx, style, &header, &mut raw);
        } else {
            let xml = furniture::header(style, &header, HeaderPart::All, 0);
            docx = docx.add_paragraph(raw.marker(xml));
        }
    } else if format == Format::Letter {
        // a letter without a header still shows no page number on page 1
        docx = docx.first_footer(Footer::new().add_paragraph(Paragraph::new()));
    }
    let mut header_rows = Vec::new();
    let blocks = &doc.blocks;
    for (i, block) in blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::Title { lines } => {
                // the document's first line (no 版头 above): see title_top_space
                let first = i == 0 && doc.furniture.header.is_none();
                for p in title_lines(style, lines, first) {
                    docx = docx.add_paragraph(p);
                }
            }
            BlockKind::Heading {
                level,
                text,
                run_in: Some(run_in),
            } => {
                // a body paragraph whose first run is the heading, in the
                // heading's font (the run says it; the style is the body's)
                let extra = layout.and_then(|l| l.char_spacing.get(&i));
                let p = run_in_paragraph(style, *level, text, run_in, extra.map(Vec::as_slice));
                let p = space_before_table(style, p, blocks.get(i + 1));
                docx = docx.add_paragraph(p);
            }
            BlockKind::Heading {
                level,
                text,
                run_in: None,
            } => {
                // font, boldness, outline level and keeping with the next
                // paragraph all come from the heading style
                let p = Paragraph::new().style(heading(*level));
                let p = space_before_table(style, p, blocks.get(i + 1));
                docx = docx.add_paragraph(runs(p, &[Run::plain(text.clone())]));
            }
            BlockKind::Paragraph { runs } => {
                // 7.3.5.5: the 落款 after it does not stand alone at the top of a page
                let before_signature = matches!(
                    blocks.get(i + 1).map(|b| &b.kind),
                    Some(BlockKind::Signature(_))
                );
                let extra = layout.and_then(|l| l.char_spacing.get(&i));
                let p = match extra {
                    // lines the layout tightened or spread: the same spacing on their runs
                    Some(extra) => spaced_paragraph(style, runs, extra),
                    None => body_paragraph(runs),
                }
                .keep_next(before_signature);
                let p = space_before_table(style, p, blocks.get(i + 1));
                docx = docx.add_paragraph(p);
            }
            BlockKind::Table(t) => {
                header_rows.push(t.header_rows);
                let breaks = |row: usize, col: usize| {
                    layout.and_then(|l| l.cell_breaks.get(&(i, row, col)).cloned())
                };
                let top = |row: usize, col: usize| {
                    layout.is_some_and(|l| l.cell_top.contains(&(i, row, col)))
                };
                docx = docx.add_table(table(style, t, &breaks, &top));
            }
            BlockKind::Signature(sig) => {
                let placed = crate::layout::signature::plan(style, sig)?;
                let xml = furniture::signature(style, &placed, &mut raw);
                docx = docx.add_paragraph(raw.marker(xml));
            }
            BlockKind::AttachmentNote(names) => {
                let before_signature = matches!(
                    blocks.get(i + 1).map(|b| &b.kind),
                    Some(BlockKind::Signature(_))
                );
                let xml = attachment_note(style, names, before_signature);
                docx = docx.add_paragraph(raw.marker(xml));
            }
            BlockKind::Note(text) => {
                let runs = [Run::plain(format!("（{text}）"))];
                docx = docx.add_paragraph(body_paragraph(&runs));
            }
            BlockKind::Attendance { label, names } => {
                let first = !matches!(
                    i.checked_sub(1).map(|p| &blocks[p].kind),
                    Some(BlockKind::Attendance { .. })
                );
                let xml = attendance(style, label, names, first);
                docx = docx.add_paragraph(raw.marker(xml));
            }
            BlockKind::AttachmentStart { label, title } if label.is_empty() => {
                // an issued document: a new page, its title opening it
                let mut lines = title_lines(style, title, true).into_iter();
                if let Some(first) = lines.next() {
                    docx = docx.add_paragraph(first.page_break_before(true));
                }
                for p in lines {
                    docx = docx.add_paragraph(p);
                }
            }
            BlockKind::AttachmentStart { label, title } => {
                docx = docx.add_paragraph(raw.marker(furniture::attachment_label(style, label)));
                for p in title_lines(style, title, false) {
                    docx = docx.add_paragraph(p);
                }
            }
            BlockKind::Addressee(text) => {
                let p = Paragraph::new().style(ADDRESSEE);
                docx = docx.add_paragraph(runs(p, &[Run::plain(text.clone())]));
            }
            BlockKind::PageBreak => {
                // an empty paragraph one point high that starts the new page: a
                // w:br in a paragraph would leave the paragraph's empty remainder,
                // a whole line, at the top of the next page (the PDF has none)
                let p = Paragraph::new()
                    .style(NORMAL)
                    .page_break_before(true)
                    .line_spacing(exact(20))
                    .snap_to_grid(false);
                docx = docx.add_paragraph(p);
            }
        }
    }
    if let Some(c) = &doc.furniture.colophon {
        let rows = plan::colophon_rows(style, c, format);
        let page = layout
            .and_then(|l| l.colophon_page)
            .unwrap_or(ColophonPage::LastPage);
        let gap = layout.map_or(0, |l| (l.colophon_gap * 20.0).round() as i32);
        if page == ColophonPage::AfterBlankPage {
            // the blank page and the 版记 page form a section without page numbers
            raw.unnumbered_tail = true;
            docx = docx.add_paragraph(raw.marker(furniture::SECTION_END.to_string()));
            let xml = furniture::colophon(style, &rows, ColophonPage::NewPage, gap);
            docx = docx.add_paragraph(raw.marker(xml));
        } else {
            let xml = furniture::colophon(style, &rows, page, gap);
            docx = docx.add_paragraph(raw.marker(xml));
        }
    }
    let parts = docx.build();
    let parts = fixup::repair(parts, doc, &header_rows, &raw, &embedded)?;
    crate::archive::pack(parts, doc.file_date())
}

/// A letter's first page (10.1): the mark and the red double line in the
/// first page's header part (they stand above the text block, 30 mm from
/// the page's top edge), the lower double line in its footer part, no page
/// number; the 份号 and 发文字号 lines start the text.
fn letter_first_page(
    mut docx: Docx,
    style: &StyleProfile,
    header: &plan::HeaderPlan,
    raw: &mut Raw,
) -> Docx {
    let mark_top = header
        .lines
        .iter()
        .filter(|l| l.red)
        .map(|l| l.y)
        .min()
        .unwrap_or(0);
    let top = furniture::header(style, header, HeaderPart::LetterTop, mark_top);
    docx = docx.first_header(docx_rs::Header::new().add_paragraph(raw.marker(top)));
    // the header part starts where the mark's top edge goes
    docx.document.section_property.page_margin.header = style.furniture.letter_mark_top;
    let footer = furniture::letter_footer(style);
    docx = docx.first_footer(Footer::new().add_paragraph(raw.marker(footer)));
    let below = header
        .rules
        .iter()
        .map(|r| r.y + (r.eighths as i32 * 20 + 4) / 8)
        .max()
        .unwrap_or(0);
    let body = furniture::header(style, header, HeaderPart::LetterBody, below);
    docx.add_paragraph(raw.marker(body))
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

/// A heading or body paragraph followed by a table: the space the layout
/// leaves above the table (`StyleProfile::table_space_before`) as the
/// paragraph's space after.
fn space_before_table(
    style: &StyleProfile,
    p: Paragraph,
    next: Option<&crate::model::Block>,
) -> Paragraph {
    match next.map(|b| &b.kind) {
        Some(BlockKind::Table(_)) => {
            p.line_spacing(exact(style.line_pitch).after(style.table_space_before() as u32))
        }
        _ => p,
    }
}

fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line(twips)
        .line_rule(LineSpacingType::Exact)
}

/// Runs of text, with `\n` turned into line breaks inside the run (one
/// `w:br` each, not a run each: a paragraph of many short lines stays small).
/// The paragraph's style gives the font and size; a run says only whether
/// it is bold.
fn runs(mut p: Paragraph, runs: &[Run]) -> Paragraph {
    for run in runs {
        p = p.add_run(text_run(&run.text, run.bold));
    }
    p
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

/// One run of text, its `\n`s as line breaks; a run with quotation marks,
/// dashes or an ellipsis says they are East Asian, so Word sets them in the
/// Chinese font as the PDF does.
fn text_run(text: &str, bold: bool) -> DRun {
    let r = text_run_plain(text, bold);
    if text.chars().any(shared_punctuation) {
        r.fonts(RunFonts::new().hint("eastAsia"))
    } else {
        r
    }
}

fn text_run_plain(text: &str, bold: bool) -> DRun {
    let mut pieces = text.split('\n');
    let mut r = plain_run(pieces.next().unwrap_or(""), bold);
    for piece in pieces {
        r = r.add_break(BreakType::TextWrapping);
        if !piece.is_empty() {
            r = r.add_text(piece);
        }
    }
    r
}

fn plain_run(text: &str, bold: bool) -> DRun {
    let mut r = DRun::new();
    if bold {
        r = r.bold();
    }
    if !text.is_empty() {
        r = r.add_text(text);
    }
    r
}

/// A body paragraph whose characters carry extra spacing (twips, one per
/// character of `text`, see `Layout::char_spacing`): runs are split where it
/// changes, each with the .docx body spacing plus its extra.
fn spaced_paragraph(style: &StyleProfile, text: &[Run], extra: &[i32]) -> Paragraph {
    let mut p = body_paragraph(&[]);
    let mut k = 0;
    for run in text {
        let chars: Vec<char> = run.text.chars().collect();
        let mut from = 0;
        while from < chars.len() {
            let e = extra.get(k + from).copied().unwrap_or(0);
            let mut to = from + 1;
            while to < chars.len() && extra.get(k + to).copied().unwrap_or(0) == e {
                to += 1;
            }
            let piece: String = chars[from..to].iter().collect();
            let r = text_run(&piece, run.bold).character_spacing(style.docx_char_spacing + e);
            p = p.add_run(r);
            from = to;
        }
        k += chars.len();
    }
    p
}

/// A run-in heading's paragraph: the heading's run in its level's fonts
/// (and bold where the style makes headings bold), then the body text; with
/// the layout's extra spacing per character when it has some.
fn run_in_paragraph(
    style: &StyleProfile,
    level: u8,
    text: &str,
    run_in: &str,
    extra: Option<&[i32]>,
) -> Paragraph {
    let (role, bold) = style.font_for_heading(level);
    let fonts = RunFonts::new()
        .ascii(style.fonts.get(role.latin_role()))
        .hi_ansi(style.fonts.get(role.latin_role()))
        .east_asia(style.fonts.get(role))
        .hint("eastAsia");
    let pieces = [
        (
            Run {
                text: text.to_string(),
                bold,
            },
            Some(fonts),
        ),
        (Run::plain(run_in), None),
    ];
    let mut p = body_paragraph(&[]);
    let mut k = 0;
    for (run, fonts) in pieces {
        let chars: Vec<char> = run.text.chars().collect();
        let mut from = 0;
        while from < chars.len() {
            let e = extra.and_then(|x| x.get(k + from)).copied().unwrap_or(0);
            let mut to = from + 1;
            while to < chars.len() && extra.and_then(|x| x.get(k + to)).copied().unwrap_or(0) == e {
                to += 1;
            }
            let piece: String = chars[from..to].iter().collect();
            let mut r = text_run(&piece, run.bold);
            if extra.is_some() {
                r = r.character_spacing(style.docx_char_spacing + e);
            }
            if let Some(f) = &fonts {
                r = r.fonts(f.clone());
            }
            p = p.add_run(r);
            from = to;
        }
        k += chars.len();
    }
    p
}

/// A 正文 paragraph: justified, two characters in, on the line pitch — all
/// said by the Normal style.
fn body_paragraph(text: &[Run]) -> Paragraph {
    runs(Paragraph::new().style(NORMAL), text)
}

/// A title's lines, centred, with the blank line after the last (标题下空一行);
/// one that opens the document (`first`) starts `title_top_space` lower and
/// its blank line is as much shorter, as in the PDF.
fn title_lines(style: &StyleProfile, lines: &[String], first: bool) -> Vec<Paragraph> {
    let last = lines.len().saturating_sub(1);
    let space = if first { style.title_top_space() } else { 0 };
    lines
        .iter()
        .enumerate()
        .map(|(j, line)| {
            let mut spacing = exact(style.line_pitch);
            if j == 0 && space > 0 {
                spacing = spacing.before(space as u32);
            }
            if j == last {
                spacing = spacing.after((style.line_pitch - space) as u32);
            }
            title_line(line).line_spacing(spacing)
        })
        .collect()
}

/// A title line: Latin letters and digits in bold runs (the title face is
/// heavy; Word then takes Times New Roman Bold for them, as the PDF does).
fn title_line(text: &str) -> Paragraph {
    let mut p = Paragraph::new().style(TITLE);
    let mut piece = String::new();
    let mut latin = false;
    let flush = |p: Paragraph, piece: &str, latin: bool| {
        if piece.is_empty() {
            return p;
        }
        p.add_run(plain_run(piece, latin))
    };
    for c in text.chars() {
        let l = crate::fonts::is_latin(c) && c != ' ';
        if l != latin {
            p = flush(p, &piece, latin);
            piece.clear();
            latin = l;
        }
        piece.push(c);
    }
    flush(p, &piece, latin)
}

/// `— N —` in 宋体 四号: odd pages right with one character in, even pages left.
fn page_number_footer(style: &StyleProfile, odd: bool) -> Footer {
    // the 页码 style gives the face (宋体, digits too) and the size
    let run = |t: &str| DRun::new().add_text(t);
    let field = |r: DRun| r;
    let one_char = style.page_number_size as i32 * 10;
    let (align, indent) = if odd {
        (AlignmentType::Right, (None, Some(one_char)))
    } else {
        (AlignmentType::Left, (Some(one_char), None))
    };
    let p = Paragraph::new()
        .style(PAGE_NUMBER)
        .align(align)
        .indent(indent.0, None, indent.1, None)
        .add_run(run("— "))
        .add_run(field(
            DRun::new().add_field_char(FieldCharType::Begin, false),
        ))
        .add_run(field(
            DRun::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())),
        ))
        .add_run(field(
            DRun::new().add_field_char(FieldCharType::Separate, false),
        ))
        .add_run(field(DRun::new().add_text("1")))
        .add_run(field(DRun::new().add_field_char(FieldCharType::End, false)))
        .add_run(run(" —"));
    Footer::new().add_paragraph(p)
}

/// `breaks(row, col)`: where the layout ended a cell's lines early (a line
/// break goes before each of those characters, see `Layout::cell_breaks`);
/// `top(row, col)`: whether the layout printed a cell at the top of its box
/// rather than centred (see `Layout::cell_top`).
fn table(
    style: &StyleProfile,
    t: &Table,
    breaks: &dyn Fn(usize, usize) -> Option<Vec<usize>>,
    top: &dyn Fn(usize, usize) -> bool,
) -> DTable {
    let grid = t.coverage();
    let mut rows = Vec::with_capacity(t.rows);
    for (r, grid_row) in grid.iter().enumerate() {
        let mut cells = Vec::new();
        let mut c = 0;
        while c < t.widths.len() {
            let cell = &t.cells[grid_row[c]];
            let width = t.span_width(cell.col, cell.colspan) as usize;
            let valign = if top(cell.row, cell.col) {
                VAlignType::Top
            } else {
                VAlignType::Center
            };
            let mut tc = TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(valign);
            if cell.colspan > 1 {
                tc = tc.grid_span(cell.colspan);
            }
            // Word keeps a table together by keeping each row's paragraphs
            // with the next row (there is no table-level property)
            // (docx-rs writes keepNext for any value set, so set it only when true)
            let keep = |p: Paragraph| {
                if t.keep_together && r + 1 < t.rows {
                    p.keep_next(true)
                } else {
                    p
                }
            };
            if cell.row == r {
                if cell.rowspan > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                }
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
                tc = tc.add_paragraph(keep(cell_paragraph(&text, cell.align, cell.bold)));
            } else {
                // covered by a cell from a row above
                tc = tc
                    .vertical_merge(VMergeType::Continue)
                    .add_paragraph(keep(cell_paragraph("", cell.align, false)));
            }
            cells.push(tc);
            c += cell.colspan;
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    let border = |pos| {
        TableBorder::new(pos)
            .size(style.border_eighths as usize)
            .color("000000")
    };
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let mx = style.cell_margin_x as usize;
    let my = style.cell_margin_y as usize;
    DTable::new(rows)
        .set_grid(t.widths.iter().map(|w| *w as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(t.widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(my, mx, my, mx))
}

fn cell_paragraph(text: &str, align: Align, bold: bool) -> Paragraph {
    // the 表格文字 style: the table face and size, its line height, centred
    let mut p = Paragraph::new().style(TABLE_TEXT);
    match align {
        Align::Left => p = p.align(AlignmentType::Left),
        Align::Center => {}
        Align::Right => p = p.align(AlignmentType::Right),
    }
    runs(
        p,
        &[Run {
            text: text.to_string(),
            bold,
        }],
    )
}
