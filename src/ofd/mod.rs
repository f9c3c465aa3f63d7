//! The OFD writer (GB/T 33190-2016, the national fixed-layout format): the
//! same laid-out pages the PDF writer draws, written as OFD — text objects
//! with the glyph positions the layout chose (`DeltaX`), rules as path
//! objects, seals as image objects, embedded TrueType subsets that keep
//! their `cmap` (see `font.rs`), outlines from the headings and the
//! document's metadata. Millimetres, origin top-left, y down.
//!
//! The package: `OFD.xml`; `Doc_0/Document.xml` (common data, pages,
//! outlines); `Doc_0/PublicRes.xml` (fonts) and `Doc_0/DocumentRes.xml`
//! (images), whose files are in `Doc_0/Res/`; one `Doc_0/Pages/Page_N/Content.xml`
//! per page. Every element carries the `ofd:` prefix and comes in the schema's
//! order; one counter gives every ID, and `MaxUnitID` is the last.

/// The OFD's fonts: TrueType subsets keeping `cmap` (shared with the .docx's embedded fonts).
pub use crate::fonts::truetype as font;

use crate::i18n::t;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::fonts::{FaceId, FontBook};
use crate::layout::{ImageItem, Item, Layout, Rule, TextItem, BLACK};
use crate::model::Document;
use crate::xml::escape;

const NS: &str = "http://www.ofdspec.org/2016";

/// Writes the laid-out pages as OFD bytes.
pub fn write(layout: &Layout, doc: &Document, fonts: &FontBook) -> Result<Vec<u8>, String> {
    let mut ids = Ids::default();
    let used = layout.glyphs_used();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    // fonts: one TrueType subset per face drawn with
    let mut font_ids: BTreeMap<FaceId, u32> = BTreeMap::new();
    let mut font_xml = String::new();
    let mut font_files = Vec::new();
    for (face, chars) in &used {
        let f = fonts.faces[*face];
        let id = ids.next();
        font_ids.insert(*face, id);
        let file = format!("font_{id}.ttf");
        let bytes = font::truetype_subset(f.data, f.index, chars)
            .map_err(|e| t!("writer.ofd_font", family = f.family, reason = e).to_string())?;
        let _ = write!(
            font_xml,
            r#"<ofd:Font ID="{id}" FontName="{0}" FamilyName="{0}"><ofd:FontFile>{file}</ofd:FontFile></ofd:Font>"#,
            escape(&f.family)
        );
        font_files.push((format!("Doc_0/Res/{file}"), bytes));
    }
    // images: one file per distinct picture
    let mut images: Vec<(Arc<Vec<u8>>, u32)> = Vec::new();
    let mut media_xml = String::new();
    for page in &layout.pages {
        for item in &page.items {
            let Item::Image(img) = item else { continue };
            if images.iter().any(|(p, _)| Arc::ptr_eq(p, &img.image.png)) {
                continue;
            }
            let id = ids.next();
            let _ = write!(
                media_xml,
                r#"<ofd:MultiMedia ID="{id}" Type="Image" Format="PNG"><ofd:MediaFile>image_{id}.png</ofd:MediaFile></ofd:MultiMedia>"#
            );
            parts.push((
                format!("Doc_0/Res/image_{id}.png"),
                img.image.png.as_ref().clone(),
            ));
            images.push((img.image.png.clone(), id));
        }
    }
    // pages
    let mut page_ids = Vec::new();
    let mut page_parts = Vec::new();
    for (n, page) in layout.pages.iter().enumerate() {
        let page_id = ids.next();
        let layer = ids.next();
        let mut objects = String::new();
        let order = reading_order(&page.items);
        let mut at = 0;
        while at < order.len() {
            let item = order[at];
            at += 1;
            if let Item::Rule(_) = item {
                // the page's rules (together in reading order): one path
                // object per colour and width
                let mut rules = vec![item];
                while let Some(next @ Item::Rule(_)) = order.get(at) {
                    rules.push(next);
                    at += 1;
                }
                for group in rule_groups(&rules) {
                    path_object(&mut objects, ids.next(), &group);
                }
                continue;
            }
            let id = ids.next();
            match item {
                Item::Text(t) => text_object(&mut objects, id, t, font_ids[&t.face]),
                Item::Rule(_) => {}
                Item::Image(img) => {
                    let media = images
                        .iter()
                        .find(|(p, _)| Arc::ptr_eq(p, &img.image.png))
                        .map(|(_, id)| *id)
                        .expect("every image has a resource");
                    image_object(&mut objects, id, img, media)
                }
            }
        }
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{layer}" Type="Body">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
        );
        page_ids.push(page_id);
        page_parts.push((
            format!("Doc_0/Pages/Page_{n}/Content.xml"),
            content.into_bytes(),
        ));
    }
    let document = document_xml(layout, &page_ids, ids.last(), !media_xml.is_empty());
    let public_res = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{font_xml}</ofd:Fonts></ofd:Res>"#
    );
    let mut all = vec![
        ("Doc_0/Document.xml".to_string(), document.into_bytes()),
        ("Doc_0/PublicRes.xml".to_string(), public_res.into_bytes()),
    ];
    if !media_xml.is_empty() {
        let document_res = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{media_xml}</ofd:MultiMedias></ofd:Res>"#
        );
        all.push((
            "Doc_0/DocumentRes.xml".to_string(),
            document_res.into_bytes(),
        ));
    }
    all.extend(page_parts);
    // the DocID: a digest of the content, so the same input gives the same file
    let doc_id = digest(all.iter().map(|(_, b)| b.as_slice()));
    let mut package = vec![("OFD.xml".to_string(), ofd_xml(doc, &doc_id).into_bytes())];
    package.extend(all);
    package.extend(font_files);
    package.extend(parts);
    crate::archive::pack(package, doc.file_date())
}

/// A page's items in the order readers should meet them: pictures first
/// (the text is drawn over the seals), then rules, then text line by line,
/// left to right — OFD readers extract text in document order, and a table
/// row's cells would otherwise come cell by cell rather than line by line.
fn reading_order(items: &[Item]) -> Vec<&Item> {
    let rank = |i: &Item| match i {
        Item::Image(_) => 0,
        Item::Rule(_) => 1,
        Item::Text(_) => 2,
    };
    let mut sorted: Vec<&Item> = items.iter().collect();
    sorted.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
            (Item::Text(x), Item::Text(y)) => {
                let line = |t: &TextItem| (t.baseline * 2.0).round() as i64;
                let left = |t: &TextItem| t.glyphs.first().map_or(0.0, |g| g.1);
                line(x).cmp(&line(y)).then(left(x).total_cmp(&left(y)))
            }
            _ => std::cmp::Ordering::Equal,
        })
    });
    sorted
}

/// The ID counter shared by every object of the document (0 is not an ID).
#[derive(Default)]
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
    fn last(&self) -> u32 {
        self.0
    }
}

/// Points to millimetres, written with at most three decimals.
fn mm(pt: f32) -> Mm {
    Mm((pt as f64 * 25.4 / 72.0 * 1000.0).round())
}

/// A length in thousandths of a millimetre, shown in millimetres with at
/// most three decimals and no trailing zeros (`25.4`, `0`, `-0.005`): what
/// `format!("{:.3}")` with the zeros trimmed gave, written from integers.
/// An OFD has some 16 000 numbers and formatting a float cost about 1 100
/// instructions each (18 M for the specimen).
#[derive(Clone, Copy)]
struct Mm(f64);

impl std::fmt::Display for Mm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_nan() || self.0.abs() >= 1e15 {
            // not a length a page has (and NaN): as before
            let s = format!("{:.3}", self.0 / 1000.0);
            return f.write_str(s.trim_end_matches('0').trim_end_matches('.'));
        }
        let thousandths = self.0 as i64;
        if thousandths < 0 {
            f.write_str("-")?;
        }
        let a = thousandths.unsigned_abs();
        write!(f, "{}", a / 1000)?;
        let (mut frac, mut digits) = (a % 1000, 3);
        if frac == 0 {
            return Ok(());
        }
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        write!(f, ".{frac:0digits$}")
    }
}

/// A paper dimension in whole tenths of a millimetre: the page is A4 in
/// twips (11906 × 16838), which is 210.009 × 297.004 mm; the OFD says 210 × 297.
fn paper(pt: f32) -> Mm {
    let tenths = (pt as f64 * 25.4 / 72.0 * 10.0).round() / 10.0;
    mm((tenths * 72.0 / 25.4) as f32)
}

fn color(c: [u8; 3]) -> String {
    format!("{} {} {}", c[0], c[1], c[2])
}

/// One run of glyphs: its box from above the em box to below it, the first
/// glyph's origin on the baseline, the gaps between glyph origins as DeltaX.
fn text_object(out: &mut String, id: u32, t: &TextItem, font: u32) {
    let Some(first) = t.glyphs.first() else {
        return;
    };
    let last = t.glyphs.last().expect("not empty");
    let pad = 0.1 * t.size;
    let (bx, by) = (first.1 - pad, t.baseline - 1.05 * t.size);
    let width = (last.1 + last.2.max(t.size * 0.25) - first.1) * t.hscale.max(0.01) + 2.0 * pad;
    let height = 1.35 * t.size;
    let mut deltas = String::new();
    for w in t.glyphs.windows(2) {
        if !deltas.is_empty() {
            deltas.push(' ');
        }
        let _ = write!(deltas, "{}", mm(w[1].1 - w[0].1));
    }
    let mut attrs = format!(
        r#"ID="{id}" Boundary="{} {} {} {}" Font="{font}" Size="{}""#,
        mm(bx),
        mm(by),
        mm(width.max(0.1)),
        mm(height),
        mm(t.size)
    );
    if (t.hscale - 1.0).abs() > 1e-4 {
        let _ = write!(attrs, r#" HScale="{:.3}""#, t.hscale);
    }
    let fill = if t.color == BLACK {
        String::new()
    } else {
        format!(r#"<ofd:FillColor Value="{}"/>"#, color(t.color))
    };
    let delta = if deltas.is_empty() {
        String::new()
    } else {
        format!(r#" DeltaX="{deltas}""#)
    };
    let _ = write!(
        out,
        r#"<ofd:TextObject {attrs}>{fill}<ofd:TextCode X="{}" Y="{}"{delta}>{}</ofd:TextCode></ofd:TextObject>"#,
        mm(first.1 - bx),
        mm(t.baseline - by),
        escape(&t.text)
    );
}

/// A page's rules by colour and width, in the order first met, each
/// straight segment once. A table cell draws its four borders, so a table's
/// inner borders come twice; one path object per colour and width instead of
/// one per rule (the specimen's table pages were 300 KB of XML, nearly all
/// of it path objects, and all of it is deflated) draws the same lines.
fn rule_groups<'a>(items: &[&'a Item]) -> Vec<Vec<&'a Rule>> {
    let mut groups: Vec<Vec<&Rule>> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for item in items {
        let Item::Rule(r) = item else { continue };
        let (a, b) = ((r.x1, r.y1), (r.x2, r.y2));
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let key = (
            r.color,
            r.width.to_bits(),
            [a.0, a.1, b.0, b.1].map(f32::to_bits),
        );
        if !seen.insert(key) {
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| g[0].color == r.color && g[0].width.to_bits() == r.width.to_bits())
        {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    groups
}

/// Straight lines of one colour and width: the box their extent grown by
/// the width on every side (readers clip to the box), each line along its
/// middle (`M x y L x y`, one pair per line).
fn path_object(out: &mut String, id: u32, rules: &[&Rule]) {
    let Some(first) = rules.first() else { return };
    let w = first.width.max(0.1);
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for r in rules {
        (x0, x1) = (x0.min(r.x1.min(r.x2)), x1.max(r.x1.max(r.x2)));
        (y0, y1) = (y0.min(r.y1.min(r.y2)), y1.max(r.y1.max(r.y2)));
    }
    let (bx, by) = (x0 - w, y0 - w);
    let (bw, bh) = ((x1 - x0) + 2.0 * w, (y1 - y0) + 2.0 * w);
    let _ = write!(
        out,
        r#"<ofd:PathObject ID="{id}" Boundary="{} {} {} {}" LineWidth="{}"><ofd:StrokeColor Value="{}"/><ofd:AbbreviatedData>"#,
        mm(bx),
        mm(by),
        mm(bw),
        mm(bh),
        mm(first.width),
        color(first.color),
    );
    for (i, r) in rules.iter().enumerate() {
        let _ = write!(
            out,
            "{}M {} {} L {} {}",
            if i == 0 { "" } else { " " },
            mm(r.x1 - bx),
            mm(r.y1 - by),
            mm(r.x2 - bx),
            mm(r.y2 - by)
        );
    }
    out.push_str("</ofd:AbbreviatedData></ofd:PathObject>");
}

/// A picture filling its box: the image fills the unit square, which the
/// CTM scales to the box's size.
fn image_object(out: &mut String, id: u32, img: &ImageItem, media: u32) {
    let (w, h) = (mm(img.width), mm(img.height));
    let _ = write!(
        out,
        r#"<ofd:ImageObject ID="{id}" Boundary="{} {} {w} {h}" CTM="{w} 0 0 {h} 0 0" ResourceID="{media}"/>"#,
        mm(img.x),
        mm(img.y)
    );
}

/// Document.xml: common data (the last ID, A4, the resource files), the
/// pages, and the outline from the headings.
fn document_xml(layout: &Layout, pages: &[u32], max_id: u32, has_media: bool) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{max_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"#,
        paper(layout.page_width),
        paper(layout.page_height)
    );
    if has_media {
        x.push_str("<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>");
    }
    x.push_str("</ofd:CommonData><ofd:Pages>");
    for (n, id) in pages.iter().enumerate() {
        let _ = write!(
            x,
            r#"<ofd:Page ID="{id}" BaseLoc="Pages/Page_{n}/Content.xml"/>"#
        );
    }
    x.push_str("</ofd:Pages>");
    if !layout.outline.is_empty() {
        x.push_str("<ofd:Outlines>");
        x.push_str(&outline(layout, pages));
        x.push_str("</ofd:Outlines>");
    }
    x.push_str("</ofd:Document>");
    x
}

/// Level-1 headings with the level-2 headings under them, each opening its page at its place.
fn outline(layout: &Layout, pages: &[u32]) -> String {
    let elem = |title: &str, page: usize, y: f32| {
        format!(
            r#"<ofd:OutlineElem Title="{}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="{}" Left="0" Top="{}"/></ofd:Goto></ofd:Action></ofd:Actions>"#,
            escape(title),
            pages[page],
            mm(y)
        )
    };
    let mut out = String::new();
    let mut open = false;
    for e in &layout.outline {
        if e.level == 1 {
            if open {
                out.push_str("</ofd:OutlineElem>");
            }
            out.push_str(&elem(&e.title, e.page, e.y));
            open = true;
        } else {
            out.push_str(&elem(&e.title, e.page, e.y));
            out.push_str("</ofd:OutlineElem>");
        }
    }
    if open {
        out.push_str("</ofd:OutlineElem>");
    }
    out
}

/// OFD.xml: the document's metadata and where its root is.
fn ofd_xml(doc: &Document, doc_id: &str) -> String {
    let m = &doc.meta;
    let mut info = format!("<ofd:DocID>{doc_id}</ofd:DocID>");
    for (tag, value) in [
        ("Title", &m.title),
        ("Author", &m.author),
        ("Subject", &m.subject),
    ] {
        if !value.is_empty() {
            let _ = write!(info, "<ofd:{tag}>{}</ofd:{tag}>", escape(value));
        }
    }
    let _ = write!(
        info,
        "<ofd:CreationDate>{}</ofd:CreationDate>",
        doc.file_date().format("%Y-%m-%d")
    );
    if !m.keywords.is_empty() {
        info.push_str("<ofd:Keywords>");
        for k in &m.keywords {
            let _ = write!(info, "<ofd:Keyword>{}</ofd:Keyword>", escape(k));
        }
        info.push_str("</ofd:Keywords>");
    }
    let _ = write!(
        info,
        "<ofd:Creator>gongwen</ofd:Creator><ofd:CreatorVersion>{}</ofd:CreatorVersion>",
        env!("CARGO_PKG_VERSION")
    );
    // the 公文 fields GB/T 33190 has no element for
    if let Some(h) = &doc.furniture.header {
        let fields = [
            ("发文字号", &h.doc_number),
            ("密级", &h.secrecy),
            ("紧急程度", &h.urgency),
        ];
        let custom: String = fields
            .iter()
            .filter_map(|(name, v)| {
                v.as_ref().map(|v| {
                    format!(
                        r#"<ofd:CustomData Name="{name}">{}</ofd:CustomData>"#,
                        escape(v)
                    )
                })
            })
            .collect();
        if !custom.is_empty() {
            let _ = write!(info, "<ofd:CustomDatas>{custom}</ofd:CustomDatas>");
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>{info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    )
}

/// 32 hexadecimal digits digesting some bytes (`archive::digest`): the same
/// content always gives the same DocID, different content practically never.
fn digest<'a>(parts: impl Iterator<Item = &'a [u8]>) -> String {
    format!("{:032x}", crate::archive::digest(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_are_short_and_exact() {
        assert_eq!(mm(72.0).to_string(), "25.4");
        assert_eq!(mm(0.0).to_string(), "0");
        assert_eq!(mm(595.275).to_string(), "210");
        assert_eq!(mm(-0.0001).to_string(), "0");
        assert_eq!(mm(-0.01417).to_string(), "-0.005");
    }

    /// What `mm` wrote before it formatted integers.
    fn formatted_as_a_float(pt: f32) -> String {
        let v = (pt as f64 * 25.4 / 72.0 * 1000.0).round() / 1000.0;
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    }

    #[test]
    fn millimetres_as_floats_were_formatted() {
        let mut x: u32 = 12345;
        for i in 0..200_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let pt = match i % 4 {
                0 => (x % 1_000_000) as f32 / 1000.0,
                1 => -((x % 100_000) as f32) / 997.0,
                2 => (x % 20_000) as f32 * 0.25,
                _ => f32::from_bits(0x3c00_0000 + (x % 0x0400_0000)),
            };
            assert_eq!(mm(pt).to_string(), formatted_as_a_float(pt), "{pt}");
        }
        for pt in [0.0, -0.0, 0.7087, 1.41732, 841.89, 1e-9, 2834.6] {
            assert_eq!(mm(pt).to_string(), formatted_as_a_float(pt), "{pt}");
        }
    }

    #[test]
    fn the_doc_id_is_32_hex_digits_and_follows_the_content() {
        let a = digest([b"a".as_slice()].into_iter());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, digest([b"b".as_slice()].into_iter()));
    }
}
