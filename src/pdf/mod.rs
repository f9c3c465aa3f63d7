//! The PDF writer: draws a `Layout` with krilla, embedding subset fonts, as
//! PDF/A-2b with metadata, document language and bookmarks.

use krilla::color::luma;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Size};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::fonts::FontBook;
use crate::layout::{Item, Layout, Rule, TextItem};
use crate::model::Meta;

/// Writes the laid-out pages as PDF bytes.
pub fn write(layout: &Layout, meta: &Meta, fonts: &FontBook) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| format!("PDF configuration: {e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut doc = PdfDocument::new_with(settings);
    // one krilla font per face, created once so each is embedded (subset) once
    let pdf_fonts: Vec<Option<Font>> = fonts
        .faces
        .iter()
        .map(|f| Font::new(krilla::Data::from(f.data), f.index))
        .collect();
    let size = Size::from_wh(layout.page_width, layout.page_height).ok_or("page size")?;
    for page in &layout.pages {
        let mut p = doc.start_page_with(PageSettings::new(size));
        let mut surface = p.surface();
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    let font = pdf_fonts[t.face]
                        .clone()
                        .ok_or("a font could not be loaded by krilla")?;
                    draw_text(&mut surface, t, font);
                }
                Item::Rule(r) => draw_rule(&mut surface, r),
            }
        }
        surface.finish();
        p.finish();
    }
    doc.set_outline(outline(layout));
    doc.set_metadata(metadata(meta));
    doc.finish()
        .map_err(|e| format!("PDF could not be written: {e:?}"))
}

fn draw_text(surface: &mut krilla::surface::Surface, t: &TextItem, font: Font) {
    let mut offsets = Vec::with_capacity(t.glyphs.len());
    let mut byte = 0;
    for ch in t.text.chars() {
        offsets.push(byte..byte + ch.len_utf8());
        byte += ch.len_utf8();
    }
    let start_x = t.glyphs.first().map_or(0.0, |g| g.1);
    let glyphs: Vec<KrillaGlyph> = t
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, &(gid, x, adv))| {
            // the advance to the next glyph's position carries spacing and justification
            let advance = t.glyphs.get(i + 1).map_or(adv, |n| n.1 - x);
            KrillaGlyph::new(
                GlyphId::new(gid as u32),
                advance / t.size,
                0.0,
                0.0,
                0.0,
                offsets[i].clone(),
                None,
            )
        })
        .collect();
    surface.set_fill(Some(Fill::default()));
    surface.set_stroke(None);
    surface.draw_glyphs(
        Point::from_xy(start_x, t.baseline),
        &glyphs,
        font,
        &t.text,
        t.size,
        false,
    );
}

fn draw_rule(surface: &mut krilla::surface::Surface, r: &Rule) {
    let mut pb = PathBuilder::new();
    pb.move_to(r.x1, r.y1);
    pb.line_to(r.x2, r.y2);
    let Some(path) = pb.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: luma::Color::black().into(),
        width: r.width,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    // krilla keeps the stroke for later text otherwise
    surface.set_stroke(None);
}

fn outline(layout: &Layout) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for e in &layout.outline {
        let node = OutlineNode::new(
            e.title.clone(),
            XyzDestination::new(e.page, Point::from_xy(0.0, e.y)),
        );
        if e.level == 1 {
            if let Some(done) = current.take() {
                outline.push_child(done);
            }
            current = Some(node);
        } else if let Some(parent) = current.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

fn metadata(meta: &Meta) -> Metadata {
    use chrono::Datelike;
    let mut m = Metadata::new()
        .language("zh-CN".into())
        .creator("gongwen".into())
        .producer(format!("gongwen {}", env!("CARGO_PKG_VERSION")));
    if !meta.title.is_empty() {
        m = m.title(meta.title.clone());
    }
    if !meta.author.is_empty() {
        m = m.authors(vec![meta.author.clone()]);
    }
    if !meta.subject.is_empty() {
        m = m.description(meta.subject.clone());
    }
    if !meta.keywords.is_empty() {
        m = m.keywords(meta.keywords.clone());
    }
    if let Some(d) = meta.date {
        m = m.creation_date(
            DateTime::new(d.year() as u16)
                .month(d.month() as u8)
                .day(d.day() as u8)
                .hour(0)
                .minute(0)
                .second(0)
                .utc_offset_hour(8)
                .utc_offset_minute(0),
        );
    }
    m
}
