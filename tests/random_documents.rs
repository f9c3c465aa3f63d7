//! A property test over the document model: random blocks, spans and text
//! never make either writer panic or produce a broken file. With
//! GONGWEN_SAMPLES_DIR set, the files are also written there so that
//! scripts/conformance.sh can hold them against qpdf and the DOCX checks.

use std::io::Read;

use gongwen::fonts::FontBook;
use gongwen::model::{Align, Block, BlockKind, Cell, Document, Meta, Run, Table};
use gongwen::style::StyleProfile;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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
        cells,
    }
}

fn document(rng: &mut Rng) -> Document {
    let mut blocks = Vec::new();
    for i in 0..rng.below(25) + 1 {
        let kind = match rng.below(8) {
            0 => BlockKind::Title {
                lines: vec![text(rng, 3).replace('\n', "")],
            },
            1 => BlockKind::Heading {
                level: 1 + rng.below(4) as u8,
                text: text(rng, 3).replace('\n', ""),
            },
            2 => BlockKind::Table(table(rng)),
            3 => BlockKind::PageBreak,
            4 => BlockKind::Addressee(text(rng, 2).replace('\n', "")),
            5 => BlockKind::Signature {
                agency: text(rng, 2).replace('\n', ""),
                date: chrono::NaiveDate::from_ymd_opt(
                    2025,
                    1 + rng.below(12) as u32,
                    1 + rng.below(28) as u32,
                )
                .unwrap(),
            },
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
        let pdf = gongwen::pdf::write(&laid, &doc, &fonts)
            .unwrap_or_else(|e| panic!("document {n}: {e}"));
        assert!(
            pdf.starts_with(b"%PDF-1.7") && pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "document {n}"
        );
        let docx = gongwen::docx::write(&doc).unwrap_or_else(|e| panic!("document {n}: {e}"));
        // every XML part of the .docx parses
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            gongwen::docx::xml::parse(&bytes)
                .unwrap_or_else(|e| panic!("document {n}, {}: {e}", part.name()));
        }
        if let Some(dir) = &samples {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("random-{n:02}.pdf")), &pdf).unwrap();
            std::fs::write(dir.join(format!("random-{n:02}.docx")), &docx).unwrap();
        }
    }
}
