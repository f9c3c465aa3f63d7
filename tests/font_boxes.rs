//! The PDF writer takes each glyph's box from its TrueType header instead of
//! drawing the glyph (vendor/krilla/PATCHES.md, change 1), to make the
//! font's box in the PDF (the union of its glyphs' boxes). This holds the
//! bundled fonts to it: in the CJK fonts, converted from CFF by our own
//! `fonts/truetype.py`, every simple glyph's header states exactly the
//! control box its outline draws; in Liberation's, as published, the union
//! over the font is the same within two font units (a few headers are a
//! unit wider than their outlines, a few outlines draw a stray point at the
//! origin). Composite glyphs are still drawn by the writer.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::tables::glyf::Glyph;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};

type Box4 = [f32; 4];

fn union(a: Option<Box4>, b: Option<Box4>) -> Option<Box4> {
    match (a, b) {
        (Some([a0, a1, a2, a3]), Some([b0, b1, b2, b3])) => {
            Some([a0.min(b0), a1.min(b1), a2.max(b2), a3.max(b3)])
        }
        (a, b) => a.or(b),
    }
}

/// The control box of everything drawn: every on- and off-curve point, as
/// the path's bounds that krilla took.
#[derive(Default)]
struct ControlBox(Option<Box4>);

impl ControlBox {
    fn add(&mut self, x: f32, y: f32) {
        self.0 = union(self.0, Some([x, y, x, y]));
    }
}

impl OutlinePen for ControlBox {
    fn move_to(&mut self, x: f32, y: f32) {
        self.add(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.add(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.add(cx, cy);
        self.add(x, y);
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        self.add(c0x, c0y);
        self.add(c1x, c1y);
        self.add(x, y);
    }
    fn close(&mut self) {}
}

/// Every simple glyph with contours: (id, its header's box, its drawn box).
fn simple_glyph_boxes(name: &str) -> Vec<(u32, Box4, Option<Box4>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fonts")
        .join(name);
    let data = std::fs::read(path).unwrap();
    let font = FontRef::new(&data).unwrap();
    let (glyf, loca) = (font.glyf().unwrap(), font.loca(None).unwrap());
    let outlines = font.outline_glyphs();
    let mut out = Vec::new();
    for id in 0..u32::from(font.maxp().unwrap().num_glyphs()) {
        let gid = GlyphId::new(id);
        let Some(Glyph::Simple(s)) = loca.get_glyf(gid, &glyf).unwrap() else {
            continue;
        };
        if s.number_of_contours() == 0 {
            continue;
        }
        let header = [s.x_min(), s.y_min(), s.x_max(), s.y_max()].map(f32::from);
        let mut drawn = ControlBox::default();
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        outlines
            .get(gid)
            .unwrap()
            .draw(settings, &mut drawn)
            .unwrap();
        out.push((id, header, drawn.0));
    }
    out
}

#[test]
fn the_cjk_fonts_headers_state_each_glyphs_drawn_box() {
    for name in [
        "NotoSerifCJKsc-Regular.ttf",
        "NotoSerifCJKsc-Bold.ttf",
        "NotoSansCJKsc-Regular.ttf",
        "LXGWWenKai-Regular.ttf",
    ] {
        let boxes = simple_glyph_boxes(name);
        assert!(boxes.len() > 5_000, "{name}: {} glyphs", boxes.len());
        for (id, header, drawn) in boxes {
            assert_eq!(Some(header), drawn, "{name}: glyph {id}");
        }
    }
}

#[test]
fn the_latin_fonts_box_is_the_same_within_two_units() {
    for name in ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"] {
        let boxes = simple_glyph_boxes(name);
        let headers = boxes.iter().fold(None, |u, b| union(u, Some(b.1)));
        let drawn = boxes.iter().fold(None, |u, b| union(u, b.2));
        let (h, d) = (headers.unwrap(), drawn.unwrap());
        assert!(
            h.iter().zip(&d).all(|(a, b)| (a - b).abs() <= 2.0),
            "{name}: headers {h:?}, drawn {d:?}"
        );
    }
}
