//! A property test over the document model: random blocks, spans and text
//! never make either writer panic or produce a broken file. With
//! GONGWEN_SAMPLES_DIR set, the files are also written there so that
//! scripts/conformance.sh can hold them against qpdf and the DOCX checks.

use std::io::Read;

mod common;

use common::Rng;
use gongwen::fonts::FontBook;
use gongwen::layout::{Item, Layout, TextTag};
use gongwen::model::{Align, Block, BlockKind, Cell, Document, Meta, Run, Table};
use gongwen::style::StyleProfile;

/// Text mixing ideographs, punctuation that may not start or end a line, Latin, digits, dashes and line breaks.
fn text(rng: &mut Rng, max: usize) -> String {
    const PIECES: [&str; 16] = [
        "政府信息公开",
        "，",
        "。",
        "（",
        "）",
        "《条例》",
        "2024年",
        "ABC",
        "http://www.example.gov.cn/a/b?c=1",
        "——",
        "……",
        "“三安全一稳定”",
        " ",
        "\n",
        "96171.6",
        "汶䶮𬭚",
    ];
    let n = rng.below(max) + 1;
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

/// A random table whose spans tile the grid exactly.
fn table(rng: &mut Rng) -> Table {
    let cols = rng.below(8) + 1;
    let rows = rng.below(40) + 1;
    let mut taken = vec![vec![false; cols]; rows];
    let mut cells = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if taken[r][c] {
                continue;
            }
            let mut colspan = 1 + rng.below(3).min(cols - c - 1);
            while (c..c + colspan).any(|cc| taken[r][cc]) {
                colspan -= 1;
            }
            let rowspan = 1 + rng.below(4).min(rows - r - 1);
            let rowspan = (1..=rowspan)
                .take_while(|&h| (c..c + colspan).all(|cc| !taken[r + h - 1][cc]))
                .last()
                .unwrap_or(1);
            for row in taken.iter_mut().skip(r).take(rowspan) {
                for slot in row.iter_mut().skip(c).take(colspan) {
                    *slot = true;
                }
            }
            let align = [Align::Left, Align::Center, Align::Right][rng.below(3)];
            cells.push(Cell {
                row: r,
                col: c,
                rowspan,
                colspan,
                text: text(rng, 4),
                align,
                bold: rng.below(5) == 0,
            });
        }
    }
    let weights: Vec<f64> = (0..cols).map(|_| 1.0 + rng.below(5) as f64).collect();
    let header_rows = if rows > 2 && cells.iter().all(|c| c.row >= 1 || c.rowspan == 1) {
        1
    } else {
        0
    };
    Table {
        widths: gongwen::input::document::scale_widths(
            &weights,
            StyleProfile::gbt9704().text_width(),
        ),
        rows,
        header_rows,
        keep_together: rng.below(4) == 0,
        cells,
    }
}

fn document(rng: &mut Rng) -> Document {
    let mut blocks = Vec::new();
    for i in 0..rng.below(25) + 1 {
        let kind = match rng.below(8) {
            0 => {
                // now and then a title longer than a page
                let n = if rng.below(8) == 0 {
                    40
                } else {
                    1 + rng.below(2)
                };
                BlockKind::Title {
                    lines: (0..n).map(|_| text(rng, 3).replace('\n', "")).collect(),
                }
            }
            1 => BlockKind::Heading {
                level: 1 + rng.below(4) as u8,
                text: text(rng, 3).replace('\n', ""),
                // now and then a heading running into its text
                run_in: (rng.below(3) == 0).then(|| text(rng, 40)),
            },
            2 => BlockKind::Table(table(rng)),
            3 => BlockKind::PageBreak,
            4 => BlockKind::Addressee(text(rng, 2).replace('\n', "")),
            5 => {
                // now and then an agency name longer than a line
                let pieces = if rng.below(4) == 0 { 12 } else { 2 };
                let agency = text(rng, pieces).replace('\n', "");
                let date = chrono::NaiveDate::from_ymd_opt(
                    2025,
                    1 + rng.below(12) as u32,
                    1 + rng.below(28) as u32,
                )
                .unwrap();
                BlockKind::Signature(gongwen::model::Signature::plain(agency, date))
            }
            _ => BlockKind::Paragraph {
                runs: vec![Run {
                    text: text(rng, 40),
                    bold: rng.below(4) == 0,
                }],
            },
        };
        blocks.push(Block {
            origin: format!("blocks[{i}]"),
            kind,
        });
    }
    Document {
        meta: Meta {
            title: "随机".into(),
            author: "随机机关".into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
            ..Meta::default()
        },
        style: StyleProfile::gbt9704(),
        blocks,
        furniture: Default::default(),
    }
}

/// Whether `needle`'s characters appear in `hay` in the same order.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars();
    needle.chars().all(|c| it.any(|h| h == c))
}

/// No text is lost: every printed character of every block (and of every
/// table cell) is drawn, in order, and every glyph lies within the page's
/// text block (page numbers below it).
fn every_character_is_placed_on_the_page(doc: &Document, laid: &Layout, n: usize) {
    use std::collections::BTreeMap;
    let mut drawn: BTreeMap<(usize, Option<(usize, usize)>), String> = BTreeMap::new();
    let s = &doc.style;
    let pt = |tw: i32| tw as f32 / 20.0;
    let (left, top) = (pt(s.margin_left), pt(s.margin_top));
    let (right, bottom) = (left + pt(s.text_width()), top + pt(s.text_height()));
    for (p, page) in laid.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            let key = match t.tag {
                TextTag::Block(b) => (b, None),
                TextTag::Cell { block, row, col } => (block, Some((row, col))),
                TextTag::Artifact | TextTag::Header | TextTag::Colophon => continue,
            };
            drawn.entry(key).or_default().push_str(&t.text);
            for &(_, x, adv) in &t.glyphs {
                // hanging punctuation may pass the right edge by one character
                assert!(
                    x >= left - 0.5 && x + adv <= right + t.size + 0.5,
                    "document {n}, page {p}: “{}” ({:?}, item at {}) at x {x} outside the text block",
                    t.text,
                    t.tag,
                    t.glyphs[0].1
                );
            }
            assert!(
                t.baseline > top && t.baseline <= bottom + 0.5,
                "document {n}, page {p}: “{}” on baseline {} outside the text block",
                t.text,
                t.baseline
            );
        }
    }
    let visible = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    for (b, block) in doc.blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::Table(t) => {
                for c in &t.cells {
                    let got = drawn
                        .get(&(b, Some((c.row, c.col))))
                        .cloned()
                        .unwrap_or_default();
                    assert!(
                        is_subsequence(&visible(&c.text), &got),
                        "document {n}, block {b}, cell ({}, {}): “{}” drawn as “{got}”",
                        c.row,
                        c.col,
                        c.text
                    );
                }
            }
            _ => {
                let got = drawn.get(&(b, None)).cloned().unwrap_or_default();
                let want = visible(&block.text());
                assert!(
                    is_subsequence(&want, &got),
                    "document {n}, block {b}: “{want}” drawn as “{got}”"
                );
            }
        }
    }
}

#[test]
fn random_documents_give_well_formed_files() {
    let fonts = FontBook::bundled();
    let samples = std::env::var_os("GONGWEN_SAMPLES_DIR").map(std::path::PathBuf::from);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for n in 0..60 {
        let doc = document(&mut rng);
        let laid =
            gongwen::layout::layout(&doc, &fonts).unwrap_or_else(|e| panic!("document {n}: {e:?}"));
        every_character_is_placed_on_the_page(&doc, &laid, n);
        let pdf = gongwen::pdf::write(&laid, &doc, &fonts)
            .unwrap_or_else(|e| panic!("document {n}: {e}"));
        assert!(
            pdf.starts_with(b"%PDF-1.5") && pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "document {n}"
        );
        // poppler warns about any MarkInfo /Suspects but true (issue 21)
        assert!(!pdf.windows(9).any(|w| w == b"/Suspects"), "document {n}");
        let docx = gongwen::docx::write(&doc).unwrap_or_else(|e| panic!("document {n}: {e}"));
        // every XML part of the .docx parses
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            let text = std::str::from_utf8(&bytes).unwrap();
            roxmltree::Document::parse(text)
                .unwrap_or_else(|e| panic!("document {n}, {}: {e}", part.name()));
        }
        if let Some(dir) = &samples {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("random-{n:02}.pdf")), &pdf).unwrap();
            std::fs::write(dir.join(format!("random-{n:02}.docx")), &docx).unwrap();
        }
    }
}
