//! TrueType subsets of the faces a document drew with, keeping `cmap`: the
//! OFD's fonts and the .docx's embedded fonts (`--docx-fonts embed`, which
//! also renames them, `renamed`).
//!
//! OFD readers map a `TextCode`'s characters to glyphs through the embedded
//! font's `cmap`; the reportlab-based ones also need `name` and `post`, and
//! only TrueType (`glyf`) outlines are read by every reader (see
//! docs/ofd-fonts.md). krilla's subsetter drops `cmap` and `OS/2`, so:
//! TrueType faces are subset with it and get both tables back (write-fonts);
//! CFF faces (a system's Noto CJK, say; the bundled faces are TrueType since
//! fonts/truetype.py) are converted to TrueType — each cubic curve
//! approximated by quadratics within one font unit (the tolerance fontTools'
//! cu2qu uses). kurbo's `to_quads` subdivision is used rather than
//! its cu2qu port (`approx_spline`): the same error bound, a third of the
//! time (9 ms against 30 for the specimen's 502 body characters) and no
//! larger output (the specimen's OFD: 152 KB against 164 KB).

use std::collections::BTreeMap;

use kurbo::{BezPath, CubicBez, Point};
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::{TableProvider, TopLevelTable};
use skrifa::{FontRef, GlyphId, MetadataProvider, Tag};
use write_fonts::from_obj::ToOwnedTable;
use write_fonts::tables::cmap::Cmap;
use write_fonts::tables::glyf::{GlyfLocaBuilder, Glyph, SimpleGlyph};
use write_fonts::tables::head::Head;
use write_fonts::tables::hhea::Hhea;
use write_fonts::tables::hmtx::{Hmtx, LongMetric};
use write_fonts::tables::maxp::Maxp;
use write_fonts::FontBuilder;

/// The tables an embedded OFD font must have.
pub const REQUIRED_TABLES: [&[u8; 4]; 8] = [
    b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"OS/2", b"post",
];

/// A TrueType subset of face `index` of `data` holding the glyphs of
/// `chars` (character → glyph id in the source, as the layout chose them).
pub fn truetype_subset(
    data: &[u8],
    index: u32,
    chars: &BTreeMap<char, u16>,
) -> Result<Vec<u8>, String> {
    let font = FontRef::from_index(data, index).map_err(|e| format!("font: {e}"))?;
    if font.data_for_tag(Tag::new(b"glyf")).is_some() {
        subset_truetype(data, index, &font, chars)
    } else {
        cff_to_truetype(&font, chars)
    }
}

/// OS/2 of the source with the first and last character fields set for the subset.
fn os2_for(font: &FontRef, chars: &BTreeMap<char, u16>) -> Option<Vec<u8>> {
    let mut os2 = font.data_for_tag(Tag::new(b"OS/2"))?.as_bytes().to_vec();
    if os2.len() < 68 {
        return Some(os2);
    }
    let bmp = |c: &char| (*c as u32).min(0xFFFF) as u16;
    let first = chars.keys().next().map_or(0, bmp);
    let last = chars.keys().next_back().map_or(0, bmp);
    os2[64..66].copy_from_slice(&first.to_be_bytes());
    os2[66..68].copy_from_slice(&last.to_be_bytes());
    Some(os2)
}

/// A TrueType face: krilla's subsetter (it keeps the outlines, hinting,
/// head/hhea/hmtx/maxp/name/post), then the cmap and OS/2 added back.
fn subset_truetype(
    data: &[u8],
    index: u32,
    font: &FontRef,
    chars: &BTreeMap<char, u16>,
) -> Result<Vec<u8>, String> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let pairs: Vec<(char, GlyphId)> = chars
        .iter()
        .map(|(c, g)| (*c, GlyphId::new(remapper.remap(*g) as u32)))
        .collect();
    let sub = subsetter::subset(data, index, &remapper).map_err(|e| format!("subset: {e:?}"))?;
    let subfont = FontRef::new(&sub).map_err(|e| format!("subset font: {e}"))?;
    let cmap = Cmap::from_mappings(pairs).map_err(|e| format!("cmap: {e:?}"))?;
    let mut b = FontBuilder::new();
    b.add_table(&cmap).map_err(|e| e.to_string())?;
    if let Some(os2) = os2_for(font, chars) {
        b.add_raw(Tag::new(b"OS/2"), os2);
    }
    b.copy_missing_tables(subfont);
    Ok(b.build())
}

/// The font with its naming (`name` table) replaced: family `family`,
/// subfamily Regular or Bold, and an ASCII PostScript name `ps_name`. A word
/// processor finds an embedded font by the family name the document asks for
/// (仿宋_GB2312 …), so the subset of the face that stands in for it takes that
/// name. The names are written for Windows (Unicode, English and Chinese
/// (PRC)) and for the Macintosh platform only where ASCII.
pub fn renamed(font: &[u8], family: &str, bold: bool, ps_name: &str) -> Result<Vec<u8>, String> {
    use write_fonts::tables::name::{Name, NameRecord};
    let source = FontRef::new(font).map_err(|e| format!("font: {e}"))?;
    let style = if bold { "Bold" } else { "Regular" };
    let full = if bold {
        format!("{family} Bold")
    } else {
        family.to_string()
    };
    let strings: [(u16, &str); 5] = [
        (1, family),
        (2, style),
        (3, ps_name),
        (4, &full),
        (6, ps_name),
    ];
    let mut records = Vec::new();
    for language in [0x0409u16, 0x0804] {
        for (id, text) in strings {
            records.push(NameRecord::new(
                3,
                1,
                language,
                skrifa::raw::types::NameId::new(id),
                text.to_string().into(),
            ));
        }
    }
    if family.is_ascii() {
        for (id, text) in strings {
            records.push(NameRecord::new(
                1,
                0,
                0,
                skrifa::raw::types::NameId::new(id),
                text.to_string().into(),
            ));
        }
    }
    records.sort_by_key(|r| (r.platform_id, r.encoding_id, r.language_id, r.name_id));
    let mut b = FontBuilder::new();
    b.add_table(&Name::new(records))
        .map_err(|e| e.to_string())?;
    b.copy_missing_tables(source);
    Ok(b.build())
}

/// A pen turning a glyph's outline into a path of lines and quadratics.
struct QuadPen {
    path: BezPath,
    start: Point,
    last: Point,
}

/// How far (font units) a quadratic may stray from the cubic it replaces.
const ACCURACY: f64 = 1.0;

impl OutlinePen for QuadPen {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = Point::new(x as f64, y as f64);
        self.path.move_to(p);
        self.start = p;
        self.last = p;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = Point::new(x as f64, y as f64);
        self.path.line_to(p);
        self.last = p;
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let p = Point::new(x as f64, y as f64);
        self.path.quad_to(Point::new(cx as f64, cy as f64), p);
        self.last = p;
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let c = CubicBez::new(
            self.last,
            Point::new(cx0 as f64, cy0 as f64),
            Point::new(cx1 as f64, cy1 as f64),
            Point::new(x as f64, y as f64),
        );
        for (_, _, q) in c.to_quads(ACCURACY) {
            self.path.quad_to(q.p1, q.p2);
        }
        self.last = c.p3;
    }
    fn close(&mut self) {
        self.path.close_path();
        self.last = self.start;
    }
}

/// Extents gathered over the glyphs, for head, hhea and maxp.
#[derive(Default)]
struct Extents {
    bbox: Option<(i16, i16, i16, i16)>,
    min_lsb: i16,
    min_rsb: i16,
    max_extent: i16,
    max_advance: u16,
    max_points: u16,
    max_contours: u16,
}

impl Extents {
    fn add(&mut self, g: &SimpleGlyph, advance: u16) {
        let b = g.bbox;
        let (x0, y0, x1, y1) = self
            .bbox
            .unwrap_or((i16::MAX, i16::MAX, i16::MIN, i16::MIN));
        if self.bbox.is_none() {
            self.min_lsb = i16::MAX;
            self.min_rsb = i16::MAX;
            self.max_extent = i16::MIN;
        }
        self.bbox = Some((
            x0.min(b.x_min),
            y0.min(b.y_min),
            x1.max(b.x_max),
            y1.max(b.y_max),
        ));
        self.min_lsb = self.min_lsb.min(b.x_min);
        self.min_rsb = self.min_rsb.min(advance as i16 - b.x_max);
        self.max_extent = self.max_extent.max(b.x_max);
        let points: usize = g.contours.iter().map(|c| c.len()).sum();
        self.max_points = self.max_points.max(points as u16);
        self.max_contours = self.max_contours.max(g.contours.len() as u16);
    }
}

/// A CFF face rebuilt as TrueType with only the glyphs used: `.notdef`,
/// then the glyphs in the order of their characters.
fn cff_to_truetype(font: &FontRef, chars: &BTreeMap<char, u16>) -> Result<Vec<u8>, String> {
    let mut old: Vec<GlyphId> = vec![GlyphId::NOTDEF];
    let mut pairs = Vec::new();
    for (c, g) in chars {
        let g = GlyphId::new(*g as u32);
        let new = old.iter().position(|x| *x == g).unwrap_or_else(|| {
            old.push(g);
            old.len() - 1
        });
        pairs.push((*c, GlyphId::new(new as u32)));
    }
    let outlines = font.outline_glyphs();
    let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let mut glyf = GlyfLocaBuilder::new();
    let mut hmtx = Vec::new();
    let mut ext = Extents::default();
    for &g in &old {
        let mut pen = QuadPen {
            path: BezPath::new(),
            start: Point::ZERO,
            last: Point::ZERO,
        };
        if let Some(o) = outlines.get(g) {
            let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
            o.draw(settings, &mut pen)
                .map_err(|e| format!("glyph {g}: {e:?}"))?;
        }
        let advance = metrics.advance_width(g).unwrap_or(0.0).round().max(0.0) as u16;
        ext.max_advance = ext.max_advance.max(advance);
        // PostScript contours run counter-clockwise, TrueType's clockwise
        let path = pen.path.reverse_subpaths();
        let glyph = if path.elements().is_empty() {
            hmtx.push(LongMetric::new(advance, 0));
            Glyph::Empty
        } else {
            let sg = SimpleGlyph::from_bezpath(&path).map_err(|e| format!("glyph {g}: {e:?}"))?;
            ext.add(&sg, advance);
            hmtx.push(LongMetric::new(advance, sg.bbox.x_min));
            Glyph::Simple(sg)
        };
        glyf.add_glyph(&glyph)
            .map_err(|e| format!("glyph {g}: {e:?}"))?;
    }
    let (glyf, loca, loca_format) = glyf.build();
    let n = old.len() as u16;
    let mut head: Head = font.head().map_err(|e| e.to_string())?.to_owned_table();
    head.index_to_loc_format = match loca_format {
        write_fonts::tables::loca::LocaFormat::Short => 0,
        write_fonts::tables::loca::LocaFormat::Long => 1,
    };
    if let Some((x0, y0, x1, y1)) = ext.bbox {
        (head.x_min, head.y_min, head.x_max, head.y_max) = (x0, y0, x1, y1);
    }
    let mut hhea: Hhea = font.hhea().map_err(|e| e.to_string())?.to_owned_table();
    hhea.number_of_h_metrics = n;
    hhea.advance_width_max = ext.max_advance.into();
    hhea.min_left_side_bearing = ext.min_lsb.into();
    hhea.min_right_side_bearing = ext.min_rsb.into();
    hhea.x_max_extent = ext.max_extent.into();
    let maxp = Maxp {
        num_glyphs: n,
        max_points: Some(ext.max_points),
        max_contours: Some(ext.max_contours),
        max_composite_points: Some(0),
        max_composite_contours: Some(0),
        max_zones: Some(1),
        max_twilight_points: Some(0),
        max_storage: Some(0),
        max_function_defs: Some(0),
        max_instruction_defs: Some(0),
        max_stack_elements: Some(0),
        max_size_of_instructions: Some(0),
        max_component_elements: Some(0),
        max_component_depth: Some(0),
    };
    // post version 3: the header (italic angle, underline) without glyph names
    let source_post = font
        .data_for_tag(Tag::new(b"post"))
        .ok_or("the font has no post table")?;
    let mut post = source_post
        .as_bytes()
        .get(..32)
        .ok_or("short post table")?
        .to_vec();
    post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    let name = font
        .data_for_tag(Tag::new(b"name"))
        .ok_or("the font has no name table")?;
    let cmap = Cmap::from_mappings(pairs).map_err(|e| format!("cmap: {e:?}"))?;
    let mut b = FontBuilder::new();
    let tables = (|| {
        b.add_table(&head)?
            .add_table(&hhea)?
            .add_table(&Hmtx::new(hmtx, vec![]))?
            .add_table(&maxp)?
            .add_table(&cmap)?
            .add_table(&glyf)?
            .add_table(&loca)?;
        Ok::<(), write_fonts::BuilderError>(())
    })();
    tables.map_err(|e| e.to_string())?;
    b.add_raw(skrifa::raw::tables::post::Post::TAG, post);
    b.add_raw(Tag::new(b"name"), name.as_bytes());
    if let Some(os2) = os2_for(font, chars) {
        b.add_raw(Tag::new(b"OS/2"), os2);
    }
    Ok(b.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::BUNDLED;

    fn chars_of(data: &[u8], text: &str) -> BTreeMap<char, u16> {
        let face = ttf_parser::Face::parse(data, 0).unwrap();
        text.chars()
            .filter_map(|c| face.glyph_index(c).map(|g| (c, g.0)))
            .collect()
    }

    fn check(out: &[u8], text: &str) {
        let face = ttf_parser::Face::parse(out, 0).expect("the subset parses");
        for tag in REQUIRED_TABLES {
            let t = ttf_parser::Tag::from_bytes(tag);
            assert!(
                face.raw_face().table(t).is_some(),
                "{}",
                String::from_utf8_lossy(tag)
            );
        }
        assert!(face
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"glyf"))
            .is_some());
        for c in text.chars() {
            let g = face
                .glyph_index(c)
                .unwrap_or_else(|| panic!("no {c} in the cmap"));
            struct Count(usize);
            impl ttf_parser::OutlineBuilder for Count {
                fn move_to(&mut self, _: f32, _: f32) {}
                fn line_to(&mut self, _: f32, _: f32) {
                    self.0 += 1
                }
                fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
                    self.0 += 1
                }
                fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
                fn close(&mut self) {}
            }
            let mut n = Count(0);
            face.outline_glyph(g, &mut n);
            assert!(n.0 > 0, "{c} has no outline");
        }
    }

    #[test]
    fn a_cff_face_becomes_a_truetype_subset_with_cmap_name_and_post() {
        // the bundled faces are all TrueType now (fonts/truetype.py); a user's
        // or a system's CFF face is converted: a sample of the Noto Serif CJK
        // SC CFF face holding the characters below
        let data: &[u8] = include_bytes!("../../fixtures/fonts/NotoSerifCJKsc-cff-sample.otf");
        assert!(FontRef::new(data).unwrap().cff().is_ok());
        let text = "汶上县投资促进服务中心";
        let out = truetype_subset(data, 0, &chars_of(data, text)).unwrap();
        check(&out, text);
        assert!(out.len() < 30_000, "{} bytes", out.len());
        // the same input, the same bytes
        assert_eq!(
            out,
            truetype_subset(data, 0, &chars_of(data, text)).unwrap()
        );
    }

    #[test]
    fn a_truetype_face_keeps_its_outlines_and_gets_a_cmap() {
        let data = BUNDLED[4].data; // Liberation Serif
        let text = "2024ABC";
        let out = truetype_subset(data, 0, &chars_of(data, text)).unwrap();
        check(&out, text);
    }
}
