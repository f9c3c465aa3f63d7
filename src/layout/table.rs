//! Tables: cell text wrapped to the cell width and centred vertically, merged
//! cells, borders, and page breaks between rows with the header rows repeated.
//!
//! A merged cell whose rows cross a page break is drawn as one bordered box on
//! each page, and its text is printed once, at the top of the first part tall
//! enough to hold it, as LibreOffice prints it (centring it in each part, as
//! gongwen once did, moved its lines against its). The cells of the last row
//! above such a break are printed at the top of their box too (see
//! `rows_printed_at_top`). A part too short for the text stays blank rather
//! than spill over its borders. Header rows are repeated whole on every page.

use super::linebreak::{aligned_width, break_cell, position_line, Line, ShapedChar};
use super::{text_items, Flow, Item, LayoutError, Rule, TextTag};
use crate::i18n::t;
use crate::model::{Align, Cell, Run, Table};
use crate::style::{twips_to_pt, FontRole};

/// A cell's text, broken into lines for its width.
struct CellText {
    chars: Vec<ShapedChar>,
    lines: Vec<Line>,
    /// Where lines were ended early (see `break_cell`); the Word writer
    /// breaks the lines there too.
    forced: Vec<usize>,
}

/// Measurements of a table before it is placed.
struct Measured {
    cols_x: Vec<f32>,
    row_h: Vec<f32>,
    texts: Vec<CellText>,
    size: f32,
    line_h: f32,
    pad_x: f32,
    pad_y: f32,
    /// Baseline below a line's top (as Word and LibreOffice put it).
    baseline: f32,
}

/// A table's measurements kept by `first_unit_height` for `place`, with the
/// address of the table they belong to.
pub(super) struct Kept(usize, Measured);

/// The table's measurements: those `first_unit_height` kept for it, or
/// measured now.
fn measured(flow: &Flow, t: &Table, origin: &str) -> Result<Measured, LayoutError> {
    match flow.measured.take() {
        Some(Kept(at, m)) if at == t as *const Table as usize => Ok(m),
        _ => measure(flow, t, origin),
    }
}

fn measure(flow: &Flow, t: &Table, origin: &str) -> Result<Measured, LayoutError> {
    let style = flow.style;
    let size = style.table_size as f32 / 2.0;
    let line_h = twips_to_pt(style.table_line_pitch);
    let pad_x = twips_to_pt(style.cell_margin_x);
    let pad_y = twips_to_pt(style.cell_margin_y);
    let mut cols_x = vec![flow.left];
    for w in &t.widths {
        let last = *cols_x.last().expect("non-empty");
        cols_x.push(last + twips_to_pt(*w));
    }
    let mut texts = Vec::with_capacity(t.cells.len());
    for (i, c) in t.cells.iter().enumerate() {
        let runs = [Run {
            text: c.text.clone(),
            bold: c.bold,
        }];
        let chars = super::linebreak::shape(&runs, FontRole::Table, size, 0.0, flow.fonts)
            .map_err(|e| LayoutError {
                origin: format!("{origin}.cells[{i}]"),
                message: super::missing_glyph_message(&e),
            })?;
        let inner = (twips_to_pt(t.span_width(c.col, c.colspan)) - 2.0 * pad_x).max(size);
        let (lines, forced) = break_cell(&chars, inner);
        texts.push(CellText {
            chars,
            lines,
            forced,
        });
    }
    // a row is its text, its padding and its bottom border (as LibreOffice measures it)
    let border = style.border_eighths as f32 / 8.0;
    let min_row = line_h + 2.0 * pad_y + border;
    let mut row_h = vec![min_row; t.rows];
    let need = |k: usize| texts[k].lines.len() as f32 * line_h + 2.0 * pad_y + border;
    for (k, c) in t.cells.iter().enumerate() {
        if c.rowspan == 1 {
            row_h[c.row] = row_h[c.row].max(need(k));
        }
    }
    // merged cells: grow the last spanned row by whatever the span lacks
    let mut by_span: Vec<usize> = (0..t.cells.len())
        .filter(|&k| t.cells[k].rowspan > 1)
        .collect();
    by_span.sort_by_key(|&k| t.cells[k].rowspan);
    for k in by_span {
        let c = &t.cells[k];
        let have: f32 = row_h[c.row..c.row + c.rowspan].iter().sum();
        if have < need(k) {
            row_h[c.row + c.rowspan - 1] += need(k) - have;
        }
    }
    Ok(Measured {
        cols_x,
        row_h,
        texts,
        size,
        line_h,
        pad_x,
        pad_y,
        baseline: style.baseline_in_line(line_h),
    })
}

/// Height of the header rows plus the first body row — or of the whole table
/// when it is kept together and fits on a page: what must fit under a
/// heading, so that the heading goes with it.
/// (A heading asks this of the table under it: the space between them,
/// `StyleProfile::table_space_before`, is included.)
pub(super) fn first_unit_height(flow: &Flow, t: &Table, origin: &str) -> Result<f32, LayoutError> {
    let m = measured(flow, t, origin)?;
    let gap = twips_to_pt(flow.style.table_space_before());
    let whole: f32 = m.row_h.iter().sum();
    let height = if t.keep_together && whole <= page_room(flow) {
        gap + whole
    } else {
        gap + m.row_h[..=t.header_rows].iter().sum::<f32>()
    };
    flow.measured.set(Some(Kept(t as *const Table as usize, m)));
    Ok(height)
}

/// Height a table has on a page it starts (or continues) at the top of: the
/// text area less `top_drop`.
fn page_room(flow: &Flow) -> f32 {
    twips_to_pt(flow.style.flow_height()) - top_drop(flow)
}

/// How far below the flow top a table starts on a page it starts or
/// continues on: the page's first line box begins `body_glyph_drop` above
/// the text block (版心) so that its glyphs start on the block's top edge,
/// 37 mm down (`StyleProfile::flow_top`); a table has no glyphs above its
/// top rule, so the rule itself goes on that edge (GB/T 9704 5.2.1), not
/// 3.4 mm above it.
fn top_drop(flow: &Flow) -> f32 {
    twips_to_pt(flow.style.body_glyph_drop())
}

/// Places a table, breaking between rows and repeating header rows. Under
/// text (`after_text`: a heading or a paragraph) on the same page it starts
/// `StyleProfile::table_space_before` lower; on a page it starts or
/// continues on, with its top rule on the text block's top edge (`top_drop`).
pub(super) fn place(
    flow: &mut Flow,
    t: &Table,
    after_text: bool,
    origin: &str,
) -> Result<(), LayoutError> {
    let m = measured(flow, t, origin)?;
    for (c, text) in t.cells.iter().zip(&m.texts) {
        if !text.forced.is_empty() {
            let at = text.forced.clone();
            flow.layout
                .cell_breaks
                .insert((flow.block, c.row, c.col), at);
        }
    }
    let header_h: f32 = m.row_h[..t.header_rows].iter().sum();
    // a row taller than a page (with the header above it) would run off the
    // page: refuse it rather than cut text (rows are never split)
    let page = page_room(flow);
    let drop = top_drop(flow);
    if let Some(r) = (t.header_rows..t.rows).find(|&r| header_h + m.row_h[r] > page) {
        return Err(LayoutError {
            origin: origin.to_string(),
            message: t!(
                "layout.table_row_too_tall",
                row = r + 1,
                height = format!("{:.0}", header_h + m.row_h[r]),
                page = format!("{page:.0}")
            )
            .into(),
        });
    }
    let gap = if after_text {
        twips_to_pt(flow.style.table_space_before())
    } else {
        0.0
    };
    // a table kept together moves whole to the next page when it fits on one
    let whole: f32 = m.row_h.iter().sum();
    if t.keep_together && whole <= page && flow.room() < gap + whole && !flow.page_is_empty() {
        flow.new_page();
    }
    // the header and the first body rows (with any merged cell that starts
    // among them, whose text cannot be split) start on one page
    let first_unit: f32 = m.row_h[t.header_rows..first_group_end(t, t.header_rows)]
        .iter()
        .sum();
    if flow.room() < gap + header_h + first_unit && !flow.page_is_empty() {
        flow.new_page();
    }
    flow.y += if flow.page_is_empty() { drop } else { gap };
    // split the rows into page fragments first: (page index, [(row, top y)])
    let mut fragments: Vec<(usize, Vec<(usize, f32)>)> = Vec::new();
    let mut on_page: Vec<(usize, f32)> = Vec::new();
    let mut r = 0;
    while r < t.rows {
        let h = m.row_h[r];
        let is_body = r >= t.header_rows;
        let body_on_page = on_page.iter().any(|&(row, _)| row >= t.header_rows);
        if is_body && flow.room() < h && body_on_page {
            // break before `r`, or earlier if that would leave a merged
            // cell's text room on neither side of the break
            let start = break_before(t, &m, r, &on_page);
            if let Some(i) = on_page.iter().position(|&(row, _)| row == start) {
                flow.y = on_page[i].1;
                on_page.truncate(i);
            }
            fragments.push((flow.layout.pages.len() - 1, std::mem::take(&mut on_page)));
            flow.new_page();
            flow.y += drop;
            for hr in 0..t.header_rows {
                on_page.push((hr, flow.y));
                flow.y += m.row_h[hr];
            }
            r = start;
            continue;
        }
        on_page.push((r, flow.y));
        flow.y += h;
        r += 1;
    }
    fragments.push((flow.layout.pages.len() - 1, on_page));
    draw(flow, t, &m, &fragments, origin)
}

/// The row the next page starts with when row `r` does not fit: `r`, unless
/// a merged cell spans the break and neither its part above nor its part
/// below is tall enough for its text; then the break moves up to that cell's
/// first row, as long as a body row stays on this page.
fn break_before(t: &Table, m: &Measured, r: usize, on_page: &[(usize, f32)]) -> usize {
    let first_body = on_page
        .iter()
        .map(|&(row, _)| row)
        .find(|&row| row >= t.header_rows)
        .unwrap_or(r);
    let mut at = r;
    loop {
        let moved = t
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.row < at && at < c.row + c.rowspan && c.row > first_body)
            .filter(|(k, c)| {
                let need = text_height(m, *k);
                let above: f32 = m.row_h[c.row..at].iter().sum();
                let below: f32 = m.row_h[at..c.row + c.rowspan].iter().sum();
                above + 0.01 < need && below + 0.01 < need
            })
            .map(|(_, c)| c.row)
            .min();
        match moved {
            Some(row) if row < at => at = row,
            _ => return at,
        }
    }
}

/// The end (exclusive) of the group of rows starting at `row` that merged
/// cells hold together: a cell starting in the group extends it to its last row.
fn first_group_end(t: &Table, row: usize) -> usize {
    let mut end = row + 1;
    loop {
        let further = t
            .cells
            .iter()
            .filter(|c| c.row >= row && c.row < end)
            .map(|c| c.row + c.rowspan)
            .max()
            .unwrap_or(end);
        if further <= end {
            return end;
        }
        end = further;
    }
}

/// Height a cell's text needs, padding included.
fn text_height(m: &Measured, k: usize) -> f32 {
    m.texts[k].lines.len() as f32 * m.line_h + 2.0 * m.pad_y
}

/// A cell's box on one page: (page, top, bottom).
type Part = (usize, f32, f32);

/// The boxes of a cell on each page it appears on.
fn parts_of(c: &Cell, m: &Measured, fragments: &[(usize, Vec<(usize, f32)>)]) -> Vec<Part> {
    fragments
        .iter()
        .filter_map(|(page, rows)| {
            let present: Vec<&(usize, f32)> = rows
                .iter()
                .filter(|(r, _)| *r >= c.row && *r < c.row + c.rowspan)
                .collect();
            let (first, last) = (present.first()?, present.last()?);
            Some((*page, first.1, last.1 + m.row_h[last.0]))
        })
        .collect()
}

/// Draws every cell: its borders on each page it appears on, and its text in
/// the first part tall enough to hold it (a header cell: in every part). A cell whose text fits in none of
/// its parts is an error: its text would spill over the borders or the page.
fn draw(
    flow: &mut Flow,
    t: &Table,
    m: &Measured,
    fragments: &[(usize, Vec<(usize, f32)>)],
    origin: &str,
) -> Result<(), LayoutError> {
    let border = flow.style.border_eighths as f32 / 8.0;
    let block = flow.block;
    let top_rows = rows_printed_at_top(t, fragments);
    for (k, c) in t.cells.iter().enumerate() {
        let parts = parts_of(c, m, fragments);
        let x1 = m.cols_x[c.col];
        let x2 = m.cols_x[c.col + c.colspan];
        let fits = |p: &Part| p.2 - p.1 + 0.01 >= text_height(m, k);
        if !parts.iter().any(fits) {
            return Err(LayoutError {
                origin: origin.to_string(),
                message: t!(
                    "layout.merged_cell_split",
                    text = crate::error::clip(&c.text, 20),
                    row = c.row + 1,
                    col = c.col + 1
                )
                .into(),
            });
        }
        // a merged cell split over pages prints its text once, at the top of
        // the first part tall enough for it, as LibreOffice does, and so do
        // the cells of the last row above such a break; other cells are
        // centred in their box
        // (a header row is repeated whole on every page: its cells are drawn
        // in every part, the repeats as artifacts)
        let header = c.row < t.header_rows;
        let at_top = !header
            && (parts.len() > 1
                || top_rows
                    .iter()
                    .any(|&r| c.row <= r && r < c.row + c.rowspan));
        if at_top {
            flow.layout.cell_top.insert((block, c.row, c.col));
        }
        let mut first = true;
        for part in &parts {
            let (page, top, bottom) = *part;
            let items = &mut flow.layout.pages[page].items;
            for (a, b, p, q) in [
                (x1, top, x2, top),
                (x1, bottom, x2, bottom),
                (x1, top, x1, bottom),
                (x2, top, x2, bottom),
            ] {
                items.push(Item::Rule(Rule {
                    x1: a,
                    y1: b,
                    x2: p,
                    y2: q,
                    width: border,
                    color: super::BLACK,
                }));
            }
            if (first || header) && fits(part) {
                let tag = if first {
                    TextTag::Cell {
                        block,
                        row: c.row,
                        col: c.col,
                    }
                } else {
                    TextTag::Artifact
                };
                first = false;
                let texts = cell_text(c, &m.texts[k], m, [x1, x2, top, bottom], at_top, tag);
                items.extend(texts.into_iter().map(Item::Text));
            }
        }
    }
    Ok(())
}

/// The last rows of the pages whose break falls inside a merged cell (one
/// that has rows on both sides of it). LibreOffice (7.4, `SwCellFrame::Format`
/// while it rebuilds a table's last line on a page) sets every cell covering
/// such a row at the top of its box, whatever its vertical alignment: 表三's
/// （三）不予公开 beside the split 三、本年度办理结果. The layout does the same,
/// and the Word writer says so explicitly (`w:vAlign="top"`, which Word
/// follows too: it would centre a split cell in its first part).
fn rows_printed_at_top(t: &Table, fragments: &[(usize, Vec<(usize, f32)>)]) -> Vec<usize> {
    let n = fragments.len();
    fragments
        .iter()
        .take(n.saturating_sub(1))
        .filter_map(|(_, rows)| rows.last().map(|&(r, _)| r))
        .filter(|&last| {
            t.cells
                .iter()
                .any(|c| c.row >= t.header_rows && c.row <= last && last + 1 < c.row + c.rowspan)
        })
        .collect()
}

fn cell_text(
    c: &Cell,
    text: &CellText,
    m: &Measured,
    [x1, x2, top, bottom]: [f32; 4],
    at_top: bool,
    tag: TextTag,
) -> Vec<super::TextItem> {
    let inner = x2 - x1 - 2.0 * m.pad_x;
    let block_h = text.lines.len() as f32 * m.line_h;
    let mut y = if at_top {
        top + m.pad_y
    } else {
        top + ((bottom - top) - block_h) / 2.0
    };
    let mut out = Vec::new();
    for &line in &text.lines {
        let w = aligned_width(&text.chars, line, inner);
        let x0 = x1
            + m.pad_x
            + match c.align {
                Align::Left => 0.0,
                Align::Center => (inner - w) / 2.0,
                Align::Right => inner - w,
            };
        let xs = position_line(&text.chars, line, w, false);
        out.extend(text_items(
            &text.chars[line.start..line.end],
            &xs,
            x0,
            y + m.baseline,
            m.size,
            tag,
        ));
        y += m.line_h;
    }
    out
}
