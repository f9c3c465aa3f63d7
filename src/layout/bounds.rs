//! The last check of every layout: everything drawn lies on its page, and
//! the document's text (its blocks, table cells, the 版头's lines across
//! and the 版记) inside the 版心, or the build is an error naming what did
//! not fit. The planners refuse what they know cannot fit with a message
//! saying what does (a 版记 taller than a page, a 职务 too long to stand
//! beside its 签名章 …); this check is the net under all of them, so that
//! no input can make a PDF that silently loses text off the page.

use super::linebreak::{HANGING, MAX_TIGHTEN_EM};
use super::{Item, Layout, LayoutError, TextItem, TextTag};
use crate::fonts::FontBook;
use crate::i18n::t;
use crate::model::Document;
use crate::style::{twips_to_pt, StyleProfile};

/// How far an image's or a rule's box may reach past an edge across, in
/// points, and any box up or down.
const SLACK_X: f32 = 1.0;
const SLACK_Y: f32 = 0.5;

/// How far a glyph's box may reach past an edge across, in points. A text
/// box ends with its last glyph's own advance, while the line was filled
/// with that glyph's advance less the spacing taken from it: the style's
/// own character spacing when negative (−5 twips, 0.25 pt) and a tightened
/// line's (at most `MAX_TIGHTEN_EM`, 0.8 pt at 16 pt), so its box may reach
/// past the edge by both together; and the rounding of twips. The ink is
/// inside the box (a Chinese glyph's side bearings are wider than this).
fn text_slack(style: &StyleProfile, size: f32) -> f32 {
    let spacing = twips_to_pt(-style.char_spacing).max(0.0);
    spacing + MAX_TIGHTEN_EM * size + 0.1
}

/// A rectangle in points, from the page's top-left corner.
#[derive(Debug, Clone, Copy)]
struct Area {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

/// Which of its edges a box passes, and by how much (points).
fn overrun(
    b: Area,
    area: Area,
    horizontal_only: bool,
    slack_x: f32,
) -> Option<(&'static str, f32)> {
    let edges = [
        ("layout.edge_left", area.left - b.left - slack_x),
        ("layout.edge_right", b.right - area.right - slack_x),
        ("layout.edge_top", area.top - b.top - SLACK_Y),
        ("layout.edge_bottom", b.bottom - area.bottom - SLACK_Y),
    ];
    let n = if horizontal_only { 2 } else { 4 };
    edges[..n]
        .iter()
        .copied()
        .filter(|(_, by)| *by > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The box of a piece of text: across, from its first glyph to the end of
/// its last glyph's own advance (not the spacing or the automatic space
/// before Latin text its advance on the line may include); up and down, its
/// em box (0.88 above the baseline, 0.12 below). With `hanging`, a final
/// punctuation mark that may hang in the margin (`linebreak::HANGING`, as
/// Word hangs it: headings, notes, lists) counts only by where it starts.
fn text_box(t: &TextItem, fonts: &FontBook, hanging: bool) -> Option<Area> {
    // spaces are not drawn: one may hang past the end of a line
    let mut inked = t
        .text
        .chars()
        .zip(&t.glyphs)
        .filter(|(c, _)| !c.is_whitespace());
    let (first_c, first) = inked.next()?;
    let (c, last) = inked.last().unwrap_or((first_c, first));
    let own = fonts.faces[t.face].advance_em(last.0) * t.size;
    let hangs = hanging && HANGING.contains(c);
    Some(Area {
        left: first.1,
        top: t.baseline - 0.88 * t.size,
        right: if hangs {
            last.1
        } else {
            last.1 + own * t.hscale
        },
        bottom: t.baseline + 0.12 * t.size,
    })
}

/// Where a thing must lie.
#[derive(Clone, Copy, PartialEq)]
enum Within {
    Page,
    /// The 版心, or only its sides (`across`).
    Block {
        across: bool,
    },
}

/// Checks that everything in `layout` lies where it must (see the module).
pub fn check(layout: &Layout, doc: &Document, fonts: &FontBook) -> Result<(), LayoutError> {
    let page = Area {
        left: 0.0,
        top: 0.0,
        right: layout.page_width,
        bottom: layout.page_height,
    };
    let block = text_block(&doc.style);
    // what a misplaced item is called and where it comes from: made only
    // for the error (for every item, they were 2.5 M instructions of the
    // specimen's build)
    let named = |item: &Item| -> (String, std::borrow::Cow<'static, str>) {
        match item {
            Item::Text(t) => {
                let origin = match t.tag {
                    TextTag::Block(i) | TextTag::Cell { block: i, .. } => origin_of(doc, i),
                    TextTag::Colophon => "colophon".into(),
                    TextTag::Header => "header".into(),
                    TextTag::Artifact => String::new(),
                };
                let what = t!("layout.what_text", text = crate::error::clip(&t.text, 12));
                (origin, what)
            }
            Item::Image(img) => (origin_of(doc, img.block), t!("layout.what_image")),
            Item::Rule(_) => (String::new(), t!("layout.what_rule")),
        }
    };
    for (n, p) in layout.pages.iter().enumerate() {
        for item in &p.items {
            let (b, rules, slack) = match item {
                Item::Text(t) => {
                    let (Some(whole), Some(b)) =
                        (text_box(t, fonts, false), text_box(t, fonts, true))
                    else {
                        continue;
                    };
                    let within = match t.tag {
                        TextTag::Block(_) | TextTag::Cell { .. } | TextTag::Colophon => {
                            Within::Block { across: false }
                        }
                        // the 版头 stands inside the 版心 across; a letter's
                        // mark is above it (30 mm from the paper's edge)
                        TextTag::Header => Within::Block { across: true },
                        // page numbers and repeated table headers: on the page
                        TextTag::Artifact => Within::Page,
                    };
                    // all of it on the page; within the 版心 but for a
                    // punctuation mark hanging in its margin
                    let slack = text_slack(&doc.style, t.size);
                    if let Some(found) = overrun(whole, page, false, slack) {
                        let (origin, what) = named(item);
                        return Err(outside(origin, what, found, n, Within::Page));
                    }
                    (b, [Some(within), None], slack)
                }
                Item::Image(img) => {
                    let b = Area {
                        left: img.x,
                        top: img.y,
                        right: img.x + img.width,
                        bottom: img.y + img.height,
                    };
                    // on the page, and within the 版心 across (GB/T 9704
                    // 7.3.5.1: 印章两端不得超出版心)
                    (
                        b,
                        [Some(Within::Page), Some(Within::Block { across: true })],
                        SLACK_X,
                    )
                }
                Item::Rule(r) => {
                    let half = r.width / 2.0;
                    let b = Area {
                        left: r.x1.min(r.x2),
                        top: r.y1.min(r.y2) - half,
                        right: r.x1.max(r.x2),
                        bottom: r.y1.max(r.y2) + half,
                    };
                    (b, [Some(Within::Page), None], SLACK_X)
                }
            };
            for within in rules.into_iter().flatten() {
                let (area, across) = match within {
                    Within::Page => (page, false),
                    Within::Block { across } => (block, across),
                };
                if let Some(found) = overrun(b, area, across, slack) {
                    let (origin, what) = named(item);
                    return Err(outside(origin, what, found, n, within));
                }
            }
        }
    }
    Ok(())
}

/// The 版心 in points, from the top of the first line box (`flow_top`,
/// which is the .docx's top margin: the first line's glyphs start on the
/// 版心's edge, a table's top rule a little above it) to its bottom edge.
fn text_block(style: &StyleProfile) -> Area {
    let left = twips_to_pt(style.margin_left);
    Area {
        left,
        top: twips_to_pt(style.flow_top()),
        right: left + twips_to_pt(style.text_width()),
        bottom: twips_to_pt(style.page_height - style.margin_bottom),
    }
}

fn origin_of(doc: &Document, block: usize) -> String {
    doc.blocks
        .get(block)
        .map(|b| b.origin.clone())
        .unwrap_or_default()
}

fn outside(
    origin: String,
    what: std::borrow::Cow<str>,
    (edge, by): (&str, f32),
    page: usize,
    within: Within,
) -> LayoutError {
    let area = match within {
        Within::Page => t!("layout.area_page"),
        Within::Block { .. } => t!("layout.area_block"),
    };
    LayoutError {
        origin,
        message: t!(
            "layout.does_not_fit",
            what = what,
            page = page + 1,
            mm = format!("{:.1}", by / 72.0 * 25.4),
            edge = t!(edge),
            area = area
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{parse, Input};

    fn laid(json: &str) -> (Document, Layout, FontBook) {
        let Ok(Input::Document(d)) = parse(json) else {
            panic!("a document")
        };
        let doc = d.into_model().unwrap();
        let fonts = FontBook::bundled();
        let layout = super::super::layout(&doc, &fonts).unwrap();
        (doc, layout, fonts)
    }

    /// Moves the first text item of `tag` by (dx, dy) points.
    fn moved(layout: &Layout, tag: TextTag, dx: f32, dy: f32) -> Layout {
        let mut l = layout.clone();
        let t = l.pages[0]
            .items
            .iter_mut()
            .find_map(|i| match i {
                Item::Text(t) if t.tag == tag => Some(t),
                _ => None,
            })
            .expect("an item");
        t.baseline += dy;
        for g in &mut t.glyphs {
            g.1 += dx;
        }
        l
    }

    #[test]
    fn text_off_the_block_or_the_page_is_an_error_naming_it() {
        let (doc, layout, fonts) = laid(
            r#"{"kind": "document", "header": {"issuers": ["某某市示例局"], "doc_number": "示例发〔2025〕1号"},
                "blocks": [{"title": "通知"}, {"paragraph": "正文。"}]}"#,
        );
        assert!(check(&layout, &doc, &fonts).is_ok());
        // body text one character past the 版心's right edge
        let e = check(&moved(&layout, TextTag::Block(1), 400.0, 0.0), &doc, &fonts).unwrap_err();
        assert_eq!(e.origin, "blocks[1]");
        assert!(
            e.message.contains("right edge of the 版心"),
            "{}",
            e.message
        );
        assert!(e.message.contains("正文。"), "{}", e.message);
        // above the 版心, and off the page
        let e = check(
            &moved(&layout, TextTag::Block(1), 0.0, -400.0),
            &doc,
            &fonts,
        )
        .unwrap_err();
        assert!(e.message.contains("top edge"), "{}", e.message);
        let e = check(&moved(&layout, TextTag::Block(0), 0.0, 900.0), &doc, &fonts).unwrap_err();
        assert!(
            e.message.contains("bottom edge of the page"),
            "{}",
            e.message
        );
        // the 版头 may stand above the 版心, never past its sides
        let up = moved(&layout, TextTag::Header, 0.0, -60.0);
        assert!(check(&up, &doc, &fonts).is_ok());
        let e = check(&moved(&layout, TextTag::Header, -100.0, 0.0), &doc, &fonts).unwrap_err();
        assert_eq!(e.origin, "header");
        assert!(e.message.contains("left edge of the 版心"), "{}", e.message);
    }
}
