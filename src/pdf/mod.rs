//! The PDF writer: draws a `Layout` with krilla, embedding subset fonts, as
//! PDF/A-2b with metadata, document language and bookmarks.

use krilla::configure::{Archival, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::i18n::t;
use std::collections::BTreeMap;
use std::num::NonZeroU16;

use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};

use crate::fonts::FontBook;
use crate::layout::{ImageItem, Item, Layout, Rule, TextItem, TextTag};
use crate::model::{BlockKind, Document, Meta};

/// Marked-content identifiers of the text drawn, by what it belongs to.
#[derive(Default)]
struct Marked {
    blocks: BTreeMap<usize, Vec<Identifier>>,
    cells: BTreeMap<(usize, usize, usize), Vec<Identifier>>,
    header: Vec<Identifier>,
    colophon: Vec<Identifier>,
}

/// Writes the laid-out pages as PDF bytes: PDF/A-2b, tagged, with bookmarks.
pub fn write(layout: &Layout, doc: &Document, fonts: &FontBook) -> Result<Vec<u8>, String> {
    let meta = &doc.meta;
    // PDF 1.5, not krilla's default 1.7 for PDF/A-2b: krilla writes
    // `/MarkInfo << /Marked true /Suspects false >>` from 1.6 on, and poppler
    // (22.12: pdfinfo, pdftotext, every viewer built on it) reports
    // "Suspects object is wrong type (boolean)" for any `Suspects` but
    // `true`; without it (its default is false) nothing complains. Nothing
    // gongwen writes needs more than 1.5 (table header scope and tagged
    // artifacts are 1.5; PDF/A-2 allows 1.0–1.7); the output intent's sRGB
    // profile is then the ICC v2 one.
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .with_version(PdfVersion::Pdf15)
        .finish()
        .map_err(|e| format!("PDF configuration: {e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    // one krilla font per face, created once so each is embedded (subset) once
    let pdf_fonts: Vec<Option<Font>> = fonts
        .faces
        .iter()
        .map(|f| Font::new(krilla::Data::from(f.data), f.index))
        .collect();
    let size = Size::from_wh(layout.page_width, layout.page_height).ok_or("page size")?;
    let mut marked = Marked::default();
    // one krilla image per distinct picture, so a seal used twice is embedded once
    let mut images: Vec<(*const Vec<u8>, Image)> = Vec::new();
    for page in &layout.pages {
        let mut p = pdf.start_page_with(PageSettings::new(size));
        let mut surface = p.surface();
        let mut rules = Rules::default();
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    let font = pdf_fonts[t.face]
                        .clone()
                        .ok_or("a font could not be loaded by krilla")?;
                    let tag = match t.tag {
                        TextTag::Artifact => {
                            ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther))
                        }
                        _ => ContentTag::Span(SpanTag::empty()),
                    };
                    let id = surface.start_tagged(tag);
                    draw_text(&mut surface, t, font);
                    surface.end_tagged();
                    match t.tag {
                        TextTag::Artifact => {}
                        TextTag::Block(b) => marked.blocks.entry(b).or_default().push(id),
                        TextTag::Cell { block, row, col } => {
                            marked.cells.entry((block, row, col)).or_default().push(id)
                        }
                        TextTag::Header => marked.header.push(id),
                        TextTag::Colophon => marked.colophon.push(id),
                    }
                }
                Item::Image(img) => {
                    // the rules drawn before a picture stay beneath it
                    rules.draw(&mut surface);
                    let key = std::sync::Arc::as_ptr(&img.image.png);
                    let image = match images.iter().find(|(k, _)| *k == key) {
                        Some((_, i)) => i.clone(),
                        None => {
                            // PDF/A forbids image interpolation
                            let data = krilla::Data::from(img.image.png.as_ref().clone());
                            let i = Image::from_png(data, false)
                                .map_err(|e| t!("writer.seal_image", reason = e).to_string())?;
                            images.push((key, i.clone()));
                            i
                        }
                    };
                    // a seal is a picture of ink, not text: an artifact
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Other,
                    )));
                    draw_image(&mut surface, img, image);
                    surface.end_tagged();
                }
                Item::Rule(r) => rules.add(r),
            }
        }
        rules.draw(&mut surface);
        surface.finish();
        p.finish();
    }
    pdf.set_tag_tree(tag_tree(doc, marked));
    pdf.set_outline(outline(layout));
    pdf.set_metadata(metadata(meta, doc.file_date()));
    pdf.finish()
        .map_err(|e| t!("writer.pdf_failed", reason = format!("{e:?}")).into())
}

/// The structure tree: the title and headings as H1–H5, paragraphs and the
/// signature as P, tables as Table/TR/TH/TD, in document order.
fn tag_tree(doc: &Document, mut marked: Marked) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("zh-CN".into()));
    let leaves = |ids: Vec<Identifier>| ids.into_iter().map(Node::Leaf).collect::<Vec<_>>();
    if !marked.header.is_empty() {
        tree.push(TagGroup::with_children(
            Tag::P,
            leaves(std::mem::take(&mut marked.header)),
        ));
    }
    for (b, block) in doc.blocks.iter().enumerate() {
        let ids = marked.blocks.remove(&b).unwrap_or_default();
        let group = match &block.kind {
            BlockKind::Title { .. } => TagGroup::with_children(heading(1), leaves(ids)),
            BlockKind::Heading { level, .. } => {
                TagGroup::with_children(heading(*level as u16 + 1), leaves(ids))
            }
            BlockKind::Paragraph { .. }
            | BlockKind::Signature(_)
            | BlockKind::Addressee(_)
            | BlockKind::AttachmentNote(_)
            | BlockKind::Note(_)
            | BlockKind::Attendance { .. } => TagGroup::with_children(Tag::P, leaves(ids)),
            BlockKind::AttachmentStart { .. } => TagGroup::with_children(heading(1), leaves(ids)),
            BlockKind::Table(t) => {
                let mut table = TagGroup::new(Tag::Table);
                for row in 0..t.rows {
                    let mut tr = TagGroup::new(Tag::TR);
                    for c in t.cells.iter().filter(|c| c.row == row) {
                        let ids = marked.cells.remove(&(b, c.row, c.col)).unwrap_or_default();
                        let cell = if row < t.header_rows {
                            TagGroup::with_children(Tag::TH(TableHeaderScope::Column), leaves(ids))
                        } else {
                            TagGroup::with_children(Tag::TD, leaves(ids))
                        };
                        tr.push(cell);
                    }
                    table.push(tr);
                }
                table
            }
            BlockKind::PageBreak => continue,
        };
        tree.push(group);
    }
    if !marked.colophon.is_empty() {
        tree.push(TagGroup::with_children(Tag::P, leaves(marked.colophon)));
    }
    tree
}

fn heading(level: u16) -> Tag<krilla::tagging::kind::Hn> {
    Tag::Hn(NonZeroU16::new(level.clamp(1, 6)).expect("non-zero"), None)
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
            // the advance to the next glyph's position carries spacing and
            // justification; condensed text is drawn through a transform that
            // scales the positions too, so they are given unscaled
            let advance = t.glyphs.get(i + 1).map_or(adv, |n| (n.1 - x) / t.hscale);
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
    surface.set_fill(Some(Fill {
        paint: rgb(t.color).into(),
        ..Fill::default()
    }));
    surface.set_stroke(None);
    // condensed text (a long 发文机关标志): scale about the first glyph
    let scaled = (t.hscale - 1.0).abs() > 1e-4;
    if scaled {
        surface.push_transform(&Transform::from_row(
            t.hscale,
            0.0,
            0.0,
            1.0,
            start_x * (1.0 - t.hscale),
            0.0,
        ));
    }
    surface.draw_glyphs(
        Point::from_xy(start_x, t.baseline),
        &glyphs,
        font,
        &t.text,
        t.size,
        false,
    );
    if scaled {
        surface.pop();
    }
}

fn rgb(c: crate::layout::Rgb) -> krilla::color::rgb::Color {
    krilla::color::rgb::Color::new(c[0], c[1], c[2])
}

/// Draws a seal or stamp at its place and size, beneath what comes later.
fn draw_image(surface: &mut krilla::surface::Surface, img: &ImageItem, image: Image) {
    let Some(size) = Size::from_wh(img.width, img.height) else {
        return;
    };
    surface.push_transform(&Transform::from_translate(img.x, img.y));
    surface.draw_image(image, size);
    surface.pop();
}

/// The rules of a page waiting to be drawn: every rule of one colour and
/// width as one stroked path of straight segments, each segment once.
///
/// A table cell draws its four borders, so a table's inner borders come
/// twice, and every rule drawn alone cost a graphics state, a colour, a
/// width and a marked-content artifact in the page's content stream (the
/// specimen's 1 164 rules were 130 KB of its 232 KB of content, and krilla
/// spends about 6 000 instructions on each `draw_path`). One stroke of many
/// segments paints the same pixels. Rules never overlap text, so drawing
/// them after the text beside them changes nothing on the page; they are
/// drawn before any picture that follows them, which stays on top.
/// Rules of one colour and width (its bits): their segments.
type RuleGroup = ((crate::layout::Rgb, u32), Vec<[f32; 4]>);

#[derive(Default)]
struct Rules {
    /// (colour, width's bits) → its segments, in the order first met.
    groups: Vec<RuleGroup>,
    /// Segments already added, as (colour, width, end points in order).
    seen: rustc_hash::FxHashSet<(crate::layout::Rgb, u32, [u32; 4])>,
}

impl Rules {
    fn add(&mut self, r: &Rule) {
        let key = (r.color, r.width.to_bits());
        // a segment and its reverse are the same rule
        let (a, b) = ((r.x1, r.y1), (r.x2, r.y2));
        let (a, b) = if (a.0, a.1) <= (b.0, b.1) {
            (a, b)
        } else {
            (b, a)
        };
        let bits = [a.0.to_bits(), a.1.to_bits(), b.0.to_bits(), b.1.to_bits()];
        if !self.seen.insert((r.color, key.1, bits)) {
            return;
        }
        let segment = [r.x1, r.y1, r.x2, r.y2];
        match self.groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, segments)) => segments.push(segment),
            None => self.groups.push((key, vec![segment])),
        }
    }

    /// Draws the rules waiting, as page artifacts, and forgets them.
    fn draw(&mut self, surface: &mut krilla::surface::Surface) {
        for ((color, width), segments) in self.groups.drain(..) {
            let mut pb = PathBuilder::new();
            for [x1, y1, x2, y2] in segments {
                pb.move_to(x1, y1);
                pb.line_to(x2, y2);
            }
            let Some(path) = pb.finish() else { continue };
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb(color).into(),
                width: f32::from_bits(width),
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            // krilla keeps the stroke for later text otherwise
            surface.set_stroke(None);
            surface.end_tagged();
        }
        self.seen.clear();
    }
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

fn metadata(meta: &Meta, d: chrono::NaiveDate) -> Metadata {
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
    {
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
