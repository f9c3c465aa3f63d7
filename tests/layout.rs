//! Properties of the layout engine on whole documents.

use gongwen::fonts::FontBook;
use gongwen::layout::{layout, Item, Layout};
use gongwen::model::{Align, Block, BlockKind, Cell, Document, Meta, Run, Table};
use gongwen::style::StyleProfile;

fn doc(blocks: Vec<BlockKind>) -> Document {
    Document {
        meta: Meta::default(),
        style: StyleProfile::gbt9704(),
        blocks: blocks
            .into_iter()
            .enumerate()
            .map(|(i, kind)| Block {
                origin: format!("blocks[{i}]"),
                kind,
            })
            .collect(),
        furniture: Default::default(),
    }
}

fn cell(row: usize, col: usize, rowspan: usize, colspan: usize, text: &str) -> Cell {
    Cell {
        row,
        col,
        rowspan,
        colspan,
        text: text.into(),
        align: Align::Center,
        bold: false,
    }
}

/// The text on a page, one string per run of items on the same baseline (a
/// line mixes fonts: digits are in the Latin font), with its baseline.
fn texts(l: &Layout, page: usize) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = Vec::new();
    let mut last_x = f32::MIN;
    for i in &l.pages[page].items {
        let Item::Text(t) = i else { continue };
        let x = t.glyphs[0].1;
        match out.last_mut() {
            // the same line continues to the right (a new cell starts a new string)
            Some((s, b))
                if (*b - t.baseline).abs() < 0.01 && x >= last_x - 0.01 && x - last_x < 12.0 =>
            {
                s.push_str(&t.text)
            }
            _ => out.push((t.text.clone(), t.baseline)),
        }
        let g = t.glyphs.last().unwrap();
        last_x = g.1 + g.2;
    }
    out
}

#[test]
fn a_300_row_table_spans_pages_with_its_header_on_every_page() {
    let mut cells = vec![
        cell(0, 0, 1, 2, "申请人情况"),
        cell(1, 0, 1, 1, "序号"),
        cell(1, 1, 1, 1, "数量"),
    ];
    for r in 0..300 {
        cells.push(cell(r + 2, 0, 1, 1, &format!("第{}行", r + 1)));
        cells.push(cell(r + 2, 1, 1, 1, &(r * 7).to_string()));
    }
    let table = Table {
        widths: vec![4000, 4845],
        rows: 302,
        header_rows: 2,
        keep_together: false,
        cells,
    };
    let l = layout(&doc(vec![BlockKind::Table(table)]), &FontBook::bundled()).unwrap();
    // 300 rows of about 15.5 pt do not fit on fewer than 7 pages of 637.8 pt
    assert!(l.pages.len() >= 7, "{} pages", l.pages.len());
    let style = StyleProfile::gbt9704();
    // the text block: from its top edge (where a table continued on a page
    // starts) to its bottom edge
    let top = style.margin_top as f32 / 20.0;
    let bottom = top + style.flow_height() as f32 / 20.0;
    let mut seen = Vec::new();
    for p in 0..l.pages.len() {
        let t = texts(&l, p);
        // the header rows come first on every page
        let header = t
            .iter()
            .position(|(s, _)| s == "申请人情况")
            .unwrap_or_else(|| panic!("no header on page {}", p + 1));
        let first_row = t.iter().position(|(s, _)| s.starts_with('第')).unwrap();
        assert!(
            t[header].1 < t[first_row].1,
            "header below body on page {}",
            p + 1
        );
        assert!(t.iter().any(|(s, _)| s == "序号"));
        // nothing leaves the text block
        for item in &l.pages[p].items {
            if let Item::Rule(r) = item {
                assert!(
                    r.y1 >= top - 0.5 && r.y2 <= bottom + 0.5,
                    "rule outside the text block on page {}",
                    p + 1
                );
            }
        }
        seen.extend(
            t.into_iter()
                .filter(|(s, _)| s.starts_with('第'))
                .map(|(s, _)| s),
        );
    }
    // every body row printed exactly once, in order
    let expected: Vec<String> = (1..=300).map(|r| format!("第{r}行")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_merged_cell_is_centred_over_the_rows_it_spans() {
    let cells = vec![
        cell(0, 0, 2, 1, "合并"),
        cell(0, 1, 1, 1, "甲"),
        cell(1, 1, 1, 1, "乙"),
    ];
    let table = Table {
        widths: vec![4000, 4845],
        rows: 2,
        header_rows: 0,
        keep_together: false,
        cells,
    };
    let l = layout(&doc(vec![BlockKind::Table(table)]), &FontBook::bundled()).unwrap();
    let t = texts(&l, 0);
    let y = |s: &str| t.iter().find(|(x, _)| x == s).unwrap().1;
    // centred between the two rows' baselines
    assert!((y("合并") - (y("甲") + y("乙")) / 2.0).abs() < 0.5, "{t:?}");
    // the merged cell's box: one left rule spanning both rows
    let rules: Vec<_> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| {
            if let Item::Rule(r) = i {
                Some(*r)
            } else {
                None
            }
        })
        .collect();
    let left = rules
        .iter()
        .find(|r| r.x1 == r.x2 && (r.x1 - 79.35).abs() < 1.0 && r.y2 - r.y1 > 25.0);
    assert!(left.is_some(), "no rule spans both rows: {rules:?}");
}

#[test]
fn body_lines_are_22_per_page_and_28_characters_wide() {
    let para = "公".repeat(28 * 30);
    let l = layout(
        &doc(vec![BlockKind::Paragraph {
            runs: vec![Run::plain(para)],
        }]),
        &FontBook::bundled(),
    )
    .unwrap();
    let first = texts(&l, 0);
    // page numbers are text too: keep body lines only
    let body: Vec<_> = first.iter().filter(|(s, _)| s.starts_with('公')).collect();
    assert_eq!(body.len(), 22, "lines on page 1");
    assert_eq!(
        body[0].0.chars().count(),
        26,
        "first line after the two-character indent"
    );
    assert_eq!(body[1].0.chars().count(), 28);
}

#[test]
fn a_heading_is_never_the_last_line_of_a_page() {
    // 21 lines of text, then a heading and a paragraph: the heading moves to page 2
    let filler = "文".repeat(26 + 28 * 20);
    let l = layout(
        &doc(vec![
            BlockKind::Paragraph {
                runs: vec![Run::plain(filler)],
            },
            BlockKind::Heading {
                level: 1,
                text: "一、总体情况".into(),
                run_in: None,
            },
            BlockKind::Paragraph {
                runs: vec![Run::plain("正文".repeat(30))],
            },
        ]),
        &FontBook::bundled(),
    )
    .unwrap();
    assert!(!texts(&l, 0).iter().any(|(s, _)| s.contains("总体情况")));
    assert!(texts(&l, 1).iter().any(|(s, _)| s.contains("总体情况")));
    assert_eq!(l.outline[0].page, 1);
}

#[test]
fn page_numbers_alternate_sides() {
    let l = layout(
        &doc(vec![BlockKind::Paragraph {
            runs: vec![Run::plain("页".repeat(28 * 50))],
        }]),
        &FontBook::bundled(),
    )
    .unwrap();
    let style = StyleProfile::gbt9704();
    let centre = style.page_width as f32 / 40.0;
    for p in 0..2 {
        let num = l.pages[p]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text(t) if t.text.contains(&(p + 1).to_string()) && t.size == 14.0 => {
                    Some(t.glyphs[0].1)
                }
                _ => None,
            })
            .expect("page number");
        if p % 2 == 0 {
            assert!(num > centre, "odd page number on the right");
        } else {
            assert!(num < centre, "even page number on the left");
        }
    }
}

#[test]
fn the_addressee_is_flush_left_and_paragraphs_are_indented_two_characters() {
    let l = layout(
        &doc(vec![
            BlockKind::Addressee("各乡镇人民政府：".into()),
            BlockKind::Paragraph {
                runs: vec![Run::plain("现将有关事项通知如下。")],
            },
        ]),
        &FontBook::bundled(),
    )
    .unwrap();
    let style = StyleProfile::gbt9704();
    let left = style.margin_left as f32 / 20.0;
    let xs: Vec<f32> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| {
            if let Item::Text(t) = i {
                Some(t.glyphs[0].1)
            } else {
                None
            }
        })
        .collect();
    assert!((xs[0] - left).abs() < 0.01, "addressee at {}", xs[0]);
    let indent = style.first_line_indent() as f32 / 20.0;
    assert!(
        (xs[1] - left - indent).abs() < 0.01,
        "paragraph at {}",
        xs[1]
    );
}

/// A table kept together (表二) moves whole to the next page instead of
/// leaving part of itself at the foot of a page; the same table not kept
/// together is split there.
#[test]
fn a_table_kept_together_moves_whole_to_the_next_page() {
    let rows = 8;
    let table = |keep_together| {
        let cells = (0..rows)
            .flat_map(|r| {
                [
                    cell(r, 0, 1, 1, &format!("项目{r}")),
                    cell(r, 1, 1, 1, &r.to_string()),
                ]
            })
            .collect();
        Table {
            widths: vec![4000, 4845],
            rows,
            header_rows: 0,
            keep_together,
            cells,
        }
    };
    // 20 of the page's 22 lines filled: room for a row or two, not eight
    let filler = BlockKind::Paragraph {
        runs: vec![Run::plain("公".repeat(28 * 20 - 2))],
    };
    let pages_of_rows = |keep| {
        let l = layout(
            &doc(vec![filler.clone(), BlockKind::Table(table(keep))]),
            &FontBook::bundled(),
        )
        .unwrap();
        (0..l.pages.len())
            .map(|p| {
                texts(&l, p)
                    .iter()
                    .filter(|(s, _)| s.starts_with("项目"))
                    .count()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(pages_of_rows(true), vec![0, rows]);
    let split = pages_of_rows(false);
    assert!(split[0] > 0 && split[0] < rows, "{split:?}");
    // a heading above goes with it
    let short_filler = BlockKind::Paragraph {
        runs: vec![Run::plain("公".repeat(28 * 18 - 2))],
    };
    let heading = BlockKind::Heading {
        level: 1,
        text: "二、主动公开政府信息情况".into(),
        run_in: None,
    };
    let l = layout(
        &doc(vec![short_filler, heading, BlockKind::Table(table(true))]),
        &FontBook::bundled(),
    )
    .unwrap();
    let page_of = |s: &str| {
        (0..l.pages.len())
            .find(|&p| texts(&l, p).iter().any(|(t, _)| t.starts_with(s)))
            .unwrap()
    };
    assert_eq!(page_of("二、主动公开"), page_of("项目0"));
    assert_eq!(page_of("项目0"), 1);
}

/// GB/T 9704 5.2.1: the text block starts 37 mm down, and that is where the
/// first line's glyphs start (the em box, 0.88 em above the baseline) on
/// every page of the specimen whose first line is text — the title on page
/// 1, body text and headings on the others. A page that starts with a table
/// (表三 continued on page 4) starts its top rule there (issue 21: it was at
/// 33.6 mm, the first line box's top).
#[test]
fn the_first_line_s_glyphs_start_37_mm_down_on_every_page() {
    let doc = gongwen::load(
        std::path::Path::new("fixtures/wenshang-2024.json"),
        &gongwen::Options::default(),
    )
    .unwrap()
    .0;
    let l = layout(&doc, &FontBook::bundled()).unwrap();
    let mm = |pt: f32| pt / 72.0 * 25.4;
    let mut text_pages = 0;
    for (p, page) in l.pages.iter().enumerate() {
        let first = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
            .min_by(|a, b| a.baseline.total_cmp(&b.baseline))
            .unwrap();
        let top = mm(first.baseline - 0.88 * first.size);
        let table_first = page.items.iter().any(|i| match i {
            Item::Rule(r) => r.y1 < first.baseline - first.size,
            _ => false,
        });
        if table_first {
            continue;
        }
        text_pages += 1;
        assert!(
            (top - 37.0).abs() < 0.05,
            "page {}: “{}” starts at {top} mm",
            p + 1,
            first.text
        );
    }
    assert!(text_pages >= 5, "{text_pages}");
}

/// Nothing of the body — no glyph's em box, no rule's ink — stands above the
/// text block's top edge, 37 mm down, on any page of the specimen; 表三's
/// repeated header on page 4 has its top rule on that edge. Tolerance
/// 0.1 mm: half the 0.5 pt rule (0.09 mm: the rule is centred on its line)
/// and the twip the flow top is rounded to (0.018 mm).
#[test]
fn no_rule_or_glyph_of_the_body_stands_above_the_text_block() {
    let doc = gongwen::load(
        std::path::Path::new("fixtures/wenshang-2024.json"),
        &gongwen::Options::default(),
    )
    .unwrap()
    .0;
    let l = layout(&doc, &FontBook::bundled()).unwrap();
    let mm = |pt: f32| pt / 72.0 * 25.4;
    let edge = mm(doc.style.margin_top as f32 / 20.0);
    assert!((edge - 37.0).abs() < 0.01);
    let mut table_pages = Vec::new();
    for (p, page) in l.pages.iter().enumerate() {
        let mut top_rule = f32::MAX;
        for item in &page.items {
            let (top, what) = match item {
                Item::Text(t) => (mm(t.baseline - 0.88 * t.size), t.text.clone()),
                Item::Rule(r) => {
                    top_rule = top_rule.min(mm(r.y1.min(r.y2)));
                    (mm(r.y1.min(r.y2) - r.width / 2.0), "a rule".into())
                }
                Item::Image(i) => (mm(i.y), "an image".into()),
            };
            assert!(
                top >= edge - 0.1,
                "page {}: {what} at {top:.2} mm, above the text block ({edge} mm)",
                p + 1
            );
        }
        let starts_with_table = page.items.iter().all(|i| match i {
            Item::Text(t) => mm(t.baseline) > top_rule,
            _ => true,
        });
        if top_rule < f32::MAX && starts_with_table {
            assert!((top_rule - edge).abs() < 0.05, "page {}: {top_rule}", p + 1);
            table_pages.push(p + 1);
        }
    }
    assert_eq!(table_pages, [4], "表三 continues on page 4");
}

/// The top rule of a table under a heading (or a paragraph) stands where
/// the glyphs of a next line of text would start: the heading's em box and
/// the table are as far apart as two lines' em boxes are (line pitch less
/// the size, 12.95 pt, 4.6 mm). A table that starts a page starts with its
/// top rule on the text block's top edge (37 mm), where the first line's
/// glyphs would start.
#[test]
fn a_table_under_a_heading_starts_where_a_next_line_would_start() {
    let style = StyleProfile::gbt9704();
    let size = style.body_size as f32 / 2.0;
    let pitch = style.line_pitch as f32 / 20.0;
    let table = || {
        BlockKind::Table(Table {
            widths: vec![4000, 4845],
            rows: 2,
            header_rows: 0,
            keep_together: false,
            cells: vec![
                cell(0, 0, 1, 1, "甲"),
                cell(0, 1, 1, 1, "1"),
                cell(1, 0, 1, 1, "乙"),
                cell(1, 1, 1, 1, "2"),
            ],
        })
    };
    let top_rule = |l: &Layout, page: usize| {
        l.pages[page]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule(r) if r.y1 == r.y2 => Some(r.y1),
                _ => None,
            })
            .fold(f32::MAX, f32::min)
    };
    for above in [
        BlockKind::Heading {
            level: 1,
            text: "二、主动公开政府信息情况".into(),
            run_in: None,
        },
        BlockKind::Paragraph {
            runs: vec![Run::plain("二、主动公开政府信息情况")],
        },
    ] {
        let l = layout(&doc(vec![above, table()]), &FontBook::bundled()).unwrap();
        let baseline = texts(&l, 0)
            .iter()
            .find(|(s, _)| s.starts_with("二、"))
            .unwrap()
            .1;
        let em_bottom = baseline + 0.12 * size;
        let gap = top_rule(&l, 0) - em_bottom;
        assert!((gap - (pitch - size)).abs() < 0.05, "gap {gap} pt");
        // in millimetres, as Typst sets a table under a heading
        assert!((gap * 25.4 / 72.0 - 4.6).abs() < 0.05);
    }
    // at the top of a page: on the text block's top edge
    let l = layout(&doc(vec![table()]), &FontBook::bundled()).unwrap();
    assert!((top_rule(&l, 0) - style.margin_top as f32 / 20.0).abs() < 0.05);
}
