//! 落款 (GB/T 9704 7.3.5): where the agency names, the date, the seals and
//! a signature stamp go. The plan is made in twips from the top of the
//! block (the end of the text above it), measured by character class, so
//! the PDF flow and the Word writer place everything at the same offsets
//! without reading a font file.

use super::class_width;
use crate::i18n::t;
use crate::model::{chinese_date, Image, Signature};
use crate::style::{twips_to_pt, FontRole, StyleProfile};

/// One line of the block: its text, left offset and top (twips, from the
/// text block's left edge and the block's top), and font role.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLine {
    pub text: String,
    pub x: i32,
    pub y: i32,
    pub role: FontRole,
}

/// A seal or stamp: top-left corner (twips, as for lines) and the image.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedImage {
    pub x: i32,
    pub y: i32,
    pub image: Image,
    /// What the image shows, for the Word file's alternative text.
    pub description: String,
}

/// The whole 落款.
#[derive(Debug, Clone, PartialEq)]
pub struct SignaturePlan {
    pub lines: Vec<PlannedLine>,
    pub images: Vec<PlannedImage>,
    /// From the block's top to its lowest point, in twips.
    pub height: i32,
}

/// How far below the seal's centre the middle of the name and date sits, in
/// lines: 7.3.5.1 puts them 居印章中心偏下 (a little below the centre).
const BELOW_CENTRE: f32 = 0.6;

/// Plans a signature; an error says why it cannot be placed (seals that do
/// not fit side by side in the text block).
pub fn plan(style: &StyleProfile, sig: &Signature) -> Result<SignaturePlan, String> {
    let m = Metrics::of(style);
    let date = chinese_date(sig.date);
    let plan = if let Some(signer) = &sig.signer {
        with_stamp(&m, &signer.title, &signer.name, &signer.stamp, &date)?
    } else if sig.has_seals() {
        with_seals(&m, sig, &date)?
    } else {
        let names: Vec<&str> = sig.agencies.iter().map(|a| a.name.as_str()).collect();
        without_seal(&m, &names, &date)
    };
    Ok(plan)
}

/// Sizes in points, read from the style profile.
struct Metrics {
    size: f32,
    spacing: f32,
    /// One character (三号, with the grid spacing).
    ch: f32,
    /// The text block's width and the line pitch.
    right: f32,
    pitch: f32,
}

impl Metrics {
    fn of(style: &StyleProfile) -> Metrics {
        Metrics {
            size: style.body_size as f32 / 2.0,
            spacing: twips_to_pt(style.char_spacing),
            ch: style.body_char_advance() as f32 / 20.0,
            right: twips_to_pt(style.text_width()),
            pitch: twips_to_pt(style.line_pitch),
        }
    }

    fn width(&self, text: &str) -> f32 {
        class_width(text, self.size, self.spacing)
    }

    fn line(&self, text: &str, x: f32, y: f32, role: FontRole) -> PlannedLine {
        PlannedLine {
            text: text.to_string(),
            x: tw(x.max(0.0)),
            y: tw(y),
            role,
        }
    }
}

fn tw(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

fn pt(tw: i32) -> f32 {
    tw as f32 / 20.0
}

/// 7.3.5.2, no seal: one blank line, the agencies 右空二字 one under the
/// other (主办机关 first), the date below starting two characters right of
/// the agency block's first character; a date longer than that is set
/// 右空二字 and the agencies move left to keep the step. A name too long
/// for a line is broken into lines no wider than the block less four
/// characters, each set 右空二字.
fn without_seal(m: &Metrics, names: &[&str], date: &str) -> SignaturePlan {
    let pieces: Vec<String> = names
        .iter()
        .flat_map(|n| wrap_by_class(n, m.right - 4.0 * m.ch, m))
        .collect();
    let widest = pieces.iter().map(|p| m.width(p)).fold(0.0, f32::max);
    let date_w = m.width(date);
    let mut shift = 0.0;
    let mut date_x = m.right - 2.0 * m.ch - widest + 2.0 * m.ch;
    if date_x + date_w > m.right - 2.0 * m.ch {
        date_x = m.right - 2.0 * m.ch - date_w;
        shift = (m.right - 2.0 * m.ch - widest) - (date_x - 2.0 * m.ch);
    }
    let mut lines: Vec<PlannedLine> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = m.right - 2.0 * m.ch - m.width(p) - shift;
            m.line(p, x, (i + 1) as f32 * m.pitch, FontRole::Body)
        })
        .collect();
    let n = lines.len();
    lines.push(m.line(date, date_x, (n + 1) as f32 * m.pitch, FontRole::Body));
    SignaturePlan {
        height: tw((n + 2) as f32 * m.pitch),
        lines,
        images: Vec::new(),
    }
}

/// 7.3.5.1, with seals: the date 右空四字; one agency is centred over it; in
/// a 联合行文 the names stand side by side, the last over the date, each
/// under its own seal, the seals one character apart within the text block.
/// Each seal is centred on its name, the name and date 居印章中心偏下, and
/// the seals' tops are within a line below the text above.
fn with_seals(m: &Metrics, sig: &Signature, date: &str) -> Result<SignaturePlan, String> {
    let date_w = m.width(date);
    let date_x = m.right - 4.0 * m.ch - date_w;
    let centre = date_x + date_w / 2.0;
    // seal centres from right to left, one character apart
    let mut centres = vec![0.0; sig.agencies.len()];
    let mut cx = centre;
    for (i, a) in sig.agencies.iter().enumerate().rev() {
        let d = pt(a.seal.as_ref().map_or(0, |s| s.width));
        if i + 1 < sig.agencies.len() {
            let next = pt(sig.agencies[i + 1].seal.as_ref().map_or(0, |s| s.width));
            cx -= next / 2.0 + m.ch + d / 2.0;
        }
        centres[i] = cx;
    }
    let first = &sig.agencies[0];
    let leftmost = centres[0] - pt(first.seal.as_ref().map_or(0, |s| s.width)) / 2.0;
    if leftmost < -0.01 {
        return Err(t!("layout.seals_too_wide", n = sig.agencies.len()).into());
    }
    // names centred on their seals, not running into each other
    let mut prev_right = f32::MIN;
    let mut name_x = Vec::new();
    for (a, c) in sig.agencies.iter().zip(&centres) {
        let w = m.width(&a.name);
        let x = (c - w / 2.0).clamp(0.0, (m.right - w).max(0.0));
        if x < prev_right - 0.01 || w > m.right + 0.01 {
            return Err(t!(
                "layout.agency_names_too_long",
                name = crate::error::clip(&a.name, 20),
                max = (m.right / m.ch).floor() as usize
            )
            .into());
        }
        prev_right = x + w;
        name_x.push(x);
    }
    // blank lines above: as few as keep the seals' tops below the text above
    let tallest = sig
        .agencies
        .iter()
        .filter_map(|a| a.seal.as_ref())
        .map(|s| pt(s.height))
        .fold(0.0, f32::max);
    let mut blank = 1;
    while (blank as f32 + 1.0 - BELOW_CENTRE) * m.pitch - tallest / 2.0 < 0.0 {
        blank += 1;
    }
    let name_y = blank as f32 * m.pitch;
    let seal_centre = name_y + m.pitch - BELOW_CENTRE * m.pitch;
    let mut lines: Vec<PlannedLine> = sig
        .agencies
        .iter()
        .zip(&name_x)
        .map(|(a, x)| m.line(&a.name, *x, name_y, FontRole::Body))
        .collect();
    lines.push(m.line(date, date_x, name_y + m.pitch, FontRole::Body));
    let images: Vec<PlannedImage> = sig
        .agencies
        .iter()
        .zip(&centres)
        .filter_map(|(a, c)| {
            let s = a.seal.as_ref()?;
            Some(PlannedImage {
                x: tw(c - pt(s.width) / 2.0),
                y: tw(seal_centre - pt(s.height) / 2.0),
                image: s.clone(),
                description: format!("{}印章", a.name),
            })
        })
        .collect();
    let bottom = images
        .iter()
        .map(|i| i.y + i.image.height)
        .max()
        .unwrap_or(0)
        .max(tw(name_y + 2.0 * m.pitch));
    Ok(SignaturePlan {
        lines,
        images,
        height: bottom,
    })
}

/// 7.3.5.3 (命令格式): the signature stamp two lines below the text, 右空四字;
/// the 签发人职务 two characters left of it, centred on it vertically; the
/// date one line below the stamp, 右空四字.
fn with_stamp(
    m: &Metrics,
    title: &str,
    name: &str,
    stamp: &Image,
    date: &str,
) -> Result<SignaturePlan, String> {
    let (w, h) = (pt(stamp.width), pt(stamp.height));
    let stamp_x = m.right - 4.0 * m.ch - w;
    let stamp_y = 2.0 * m.pitch;
    let title_x = stamp_x - 2.0 * m.ch - m.width(title);
    if title_x < -0.01 {
        // the 职务 stands two characters left of the stamp, inside the block
        let room = ((stamp_x - 2.0 * m.ch) / m.ch).floor().max(0.0);
        return Err(t!(
            "layout.title_beside_stamp",
            title = crate::error::clip(title, 20),
            max = room as usize
        )
        .into());
    }
    let title_y = stamp_y + h / 2.0 - m.pitch / 2.0;
    let date_y = stamp_y + h + m.pitch;
    let date_x = m.right - 4.0 * m.ch - m.width(date);
    Ok(SignaturePlan {
        lines: vec![
            m.line(title, title_x, title_y, FontRole::Body),
            m.line(date, date_x, date_y, FontRole::Body),
        ],
        images: vec![PlannedImage {
            x: tw(stamp_x),
            y: tw(stamp_y),
            image: stamp.clone(),
            description: format!("{title}{name}签名章"),
        }],
        height: tw(date_y + m.pitch),
    })
}

/// Breaks text into pieces no wider than `max` points by character class
/// (a piece always holds at least one character).
fn wrap_by_class(text: &str, max: f32, m: &Metrics) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut width = 0.0;
    for c in text.chars() {
        let w = m.width(c.encode_utf8(&mut [0; 4]));
        let last = pieces.last_mut().expect("one piece");
        if width + w > max + 0.01 && !last.is_empty() {
            pieces.push(String::new());
            width = 0.0;
        }
        pieces.last_mut().expect("one piece").push(c);
        width += w;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SignatureAgency;
    use chrono::NaiveDate;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 21).unwrap()
    }

    fn seal(mm: f64) -> Image {
        let w = crate::style::mm_to_twips(mm);
        Image {
            png: std::sync::Arc::new(Vec::new()),
            width_px: 600,
            height_px: 600,
            width: w,
            height: w,
        }
    }

    #[test]
    fn without_seal_follows_7_3_5_2() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let p = plan(&s, &Signature::plain("汶上县投资促进服务中心", date())).unwrap();
        let (a, d) = (&p.lines[0], &p.lines[1]);
        // one blank line above, the date on the next line
        assert_eq!(a.y, s.line_pitch);
        assert_eq!(d.y, 2 * s.line_pitch);
        // the date starts two characters right of the signature, which ends 右空二字
        assert!((d.x - a.x - 2 * ch).abs() <= 1);
        assert!(
            (s.text_width() - 2 * ch - (a.x + 11 * ch)).abs() <= 1,
            "{}",
            a.x
        );
    }

    #[test]
    fn a_long_date_is_set_two_characters_in_and_pushes_the_signature_left() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let d = NaiveDate::from_ymd_opt(2025, 12, 21).unwrap();
        let p = plan(&s, &Signature::plain("某局", d)).unwrap();
        let (a, d) = (&p.lines[0], &p.lines[1]);
        // 8 digits at half width, 3 ideographs, spacing after each of the 11
        // characters, and the automatic space at the 5 changes of script
        let date_w = 8 * s.body_size as i32 * 5
            + 3 * s.body_size as i32 * 10
            + 11 * s.char_spacing
            + 5 * s.body_size as i32 * 2;
        assert!(
            (s.text_width() - 2 * ch - (d.x + date_w)).abs() <= 2,
            "{}",
            d.x
        );
        assert!((d.x - a.x - 2 * ch).abs() <= 1);
    }

    #[test]
    fn a_long_agency_wraps_and_keeps_every_character() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let agency = "某".repeat(60);
        let p = plan(&s, &Signature::plain(agency.clone(), date())).unwrap();
        let names = &p.lines[..p.lines.len() - 1];
        assert!(names.len() >= 3);
        let joined: String = names.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, agency);
        for l in names {
            let w = l.text.chars().count() as i32 * ch;
            assert!((s.text_width() - 2 * ch - (l.x + w)).abs() <= 2, "{}", l.x);
        }
        let first = names.iter().map(|l| l.x).min().unwrap();
        assert!((p.lines.last().unwrap().x - first - 2 * ch).abs() <= 1);
    }

    #[test]
    fn one_seal_is_centred_on_name_and_date_and_starts_within_a_line_below_the_text() {
        let s = StyleProfile::gbt9704();
        let ch = s.body_char_advance();
        let sig = Signature {
            agencies: vec![SignatureAgency {
                name: "某某市示例局".into(),
                seal: Some(seal(42.0)),
            }],
            date: date(),
            signer: None,
        };
        let p = plan(&s, &sig).unwrap();
        let (name, d, img) = (&p.lines[0], &p.lines[1], &p.images[0]);
        // the date 右空四字
        let date_w = tw(class_width(&chinese_date(date()), 16.0, -0.25));
        assert!((s.text_width() - 4 * ch - (d.x + date_w)).abs() <= 2);
        // seal, name and date share a centre line
        let centre = img.x + img.image.width / 2;
        assert!((d.x + date_w / 2 - centre).abs() <= 2);
        assert!((name.x + 6 * ch / 2 - centre).abs() <= 40);
        // the seal's top is below the text above and within one line of it
        assert!(img.y >= 0 && img.y <= s.line_pitch, "{}", img.y);
        // the name and date sit below the seal's centre, inside the seal
        let seal_mid = img.y + img.image.height / 2;
        assert!(name.y + s.line_pitch > seal_mid && d.y + s.line_pitch < img.y + img.image.height);
    }

    #[test]
    fn joint_seals_stand_apart_within_the_block_and_too_many_are_refused() {
        let s = StyleProfile::gbt9704();
        let sig = |n: usize, mm: f64| Signature {
            agencies: (0..n)
                .map(|i| SignatureAgency {
                    name: format!("机关{i}"),
                    seal: Some(seal(mm)),
                })
                .collect(),
            date: date(),
            signer: None,
        };
        for (n, mm) in [(2, 42.0), (3, 36.0)] {
            let p = plan(&s, &sig(n, mm)).unwrap();
            assert_eq!(p.images.len(), n);
            for w in p.images.windows(2) {
                assert!(w[0].x + w[0].image.width < w[1].x, "seals touch");
            }
            assert!(p.images[0].x >= 0);
        }
        // three 42 mm seals, the last centred on a date 右空四字, pass the left edge
        let e = plan(&s, &sig(3, 42.0)).unwrap_err();
        assert!(e.contains("do not fit"), "{e}");
    }
}
