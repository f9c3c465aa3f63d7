//! Fonts embedded in the .docx (`--docx-fonts embed`): the faces the PDF drew
//! with, subset to the characters the document shows, renamed to the family
//! the document names (仿宋_GB2312 …) and obfuscated as ECMA-376 Part 1
//! §17.8.1 specifies, so Word and LibreOffice show the PDF's faces on a
//! machine without the standard fonts.
//!
//! Each font is a TrueType subset (`fonts::truetype`, shared with the OFD)
//! of the face resolved for the first role that names the family: its
//! regular face as `w:embedRegular`, its bold face, when another, as
//! `w:embedBold`. Its characters are those the PDF drew with that face in
//! text the family's roles set (table cells for the table font …), plus
//! the document's digits, punctuation and Latin letters the face has (which
//! font a word processor takes for those depends on its script rules) and
//! the digits of the page-number field. The obfuscation key is a digest of
//! the font, so the same input gives the same file.

use std::collections::BTreeMap;

use crate::fonts::truetype::{renamed, truetype_subset};
use crate::fonts::{FaceId, FontBook};
use crate::layout::{Item, Layout, TextTag};
use crate::model::Document;
use crate::style::FontRole;

/// One embedded font file.
#[derive(Debug, Clone)]
pub struct EmbeddedFont {
    /// The family the document names (the font table's `w:name`).
    pub name: String,
    /// `w:embedBold` rather than `w:embedRegular`.
    pub bold: bool,
    /// The obfuscation key, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` (`w:fontKey`).
    pub key: String,
    /// The font, obfuscated: the part `word/fonts/fontN.odttf`.
    pub data: Vec<u8>,
}

/// Whether a character is a CJK ideograph (set in its role's face only; other
/// characters may be set in the Latin face or the Chinese one).
fn ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The fonts to embed for a document laid out with `fonts`, in font-table
/// order (by family name, regular before bold).
pub fn embedded_fonts(
    doc: &Document,
    layout: &Layout,
    fonts: &FontBook,
) -> Result<Vec<EmbeddedFont>, String> {
    // characters of the document that are not ideographs, and the page
    // number field's digits (Word computes them for every page)
    let mut shared: Vec<char> = ('0'..='9').chain([' ', '—']).collect();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                shared.extend(t.text.chars().filter(|c| !ideograph(*c)));
            }
        }
    }
    shared.sort_unstable();
    shared.dedup();
    // each family the document names: its roles, and the faces of the first
    let mut families: BTreeMap<&str, (Vec<FontRole>, FaceId, FaceId)> = BTreeMap::new();
    for role in FontRole::ALL {
        families
            .entry(doc.style.fonts.get(role))
            .or_insert_with(|| {
                (
                    Vec::new(),
                    fonts.role_face(role, false),
                    fonts.role_face(role, true),
                )
            })
            .0
            .push(role);
    }
    let mut out = Vec::new();
    for (n, (name, (roles, regular, bold))) in families.into_iter().enumerate() {
        for (face_id, is_bold) in [(regular, false), (bold, true)] {
            if is_bold && bold == regular {
                continue;
            }
            let drawn = drawn_in(layout, face_id, &roles);
            // a face the document never drew with in these roles needs no font
            if drawn.is_empty() {
                continue;
            }
            let face = fonts.faces[face_id];
            let mut chars = drawn;
            for &c in &shared {
                if let Some(g) = face.glyph(c) {
                    chars.entry(c).or_insert(g);
                }
            }
            let subset = truetype_subset(face.data, face.index, &chars)
                .map_err(|e| format!("font {} for the .docx: {e}", face.family))?;
            // the source's PostScript name, made unique (two families may
            // embed subsets of one face), so a PDF made from the .docx shows
            // which face it is
            let ps_name = format!(
                "{}-Gongwen{}{}",
                postscript_name(face),
                n + 1,
                if is_bold { "B" } else { "R" }
            );
            let font = renamed(&subset, name, is_bold, &ps_name)
                .map_err(|e| format!("font {} for the .docx: {e}", face.family))?;
            let key = guid(crate::archive::digest(std::iter::once(font.as_slice())));
            let data = obfuscate(&font, &key);
            out.push(EmbeddedFont {
                name: name.to_string(),
                bold: is_bold,
                key,
                data,
            });
        }
    }
    Ok(out)
}

/// Whether text tagged `tag` may be set in a role's font: table cells (and
/// their headers repeated on later pages, artifacts) in the table font, page
/// numbers (artifacts) in the page-number font, everything else in the
/// others; Latin letters and digits anywhere in the Latin font.
fn may_use(tag: TextTag, role: FontRole) -> bool {
    let cell = matches!(tag, TextTag::Cell { .. });
    let artifact = tag == TextTag::Artifact;
    match role {
        FontRole::Latin => true,
        FontRole::Table => cell || artifact,
        FontRole::PageNumber => artifact,
        _ => !cell && !artifact,
    }
}

/// The characters (and glyphs) face `face` drew in text one of `roles` may set.
fn drawn_in(layout: &Layout, face: FaceId, roles: &[FontRole]) -> BTreeMap<char, u16> {
    let mut out = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            if t.face != face || !roles.iter().any(|r| may_use(t.tag, *r)) {
                continue;
            }
            for (c, g) in t.text.chars().zip(&t.glyphs) {
                out.entry(c).or_insert(g.0);
            }
        }
    }
    out
}

/// The face's PostScript name (name 6), ASCII letters, digits and hyphens
/// only, at most 40 characters; `Font` when it has none.
fn postscript_name(face: &crate::fonts::Face) -> String {
    let name = face
        .parsed
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    if clean.is_empty() {
        "Font".into()
    } else {
        clean
    }
}

/// A GUID in registry form, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, from 128 bits.
pub fn guid(bits: u128) -> String {
    let h = format!("{bits:032X}");
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The 16-byte obfuscation key of a `w:fontKey` (§17.8.1): the GUID's bytes
/// as its string writes them, in reverse order — for
/// `{001B70DC-AA60-4AD5-90EC-18A0948E1EAE}`, AE 1E 8E 94 … 1B 00.
pub fn key_bytes(guid: &str) -> Option<[u8; 16]> {
    let digits: Vec<u8> = guid
        .chars()
        .filter(|c| *c != '{' && *c != '}' && *c != '-')
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    if digits.len() != 32 {
        return None;
    }
    let mut key = [0u8; 16];
    for (i, pair) in digits.chunks(2).enumerate() {
        key[15 - i] = pair[0] << 4 | pair[1];
    }
    Some(key)
}

/// Obfuscates (or, the same operation, restores) a font: its first 32 bytes
/// XORed with the key, once over bytes 0–15 and once over 16–31.
pub fn obfuscate(font: &[u8], guid: &str) -> Vec<u8> {
    let key = key_bytes(guid).expect("a key made by `guid`");
    let mut out = font.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_guid_reversed_as_the_standard_shows() {
        // ECMA-376 Part 1 §17.8.1's example
        let key = key_bytes("{001B70DC-AA60-4AD5-90EC-18A0948E1EAE}").unwrap();
        assert_eq!(
            key,
            [
                0xAE, 0x1E, 0x8E, 0x94, 0xA0, 0x18, 0xEC, 0x90, 0xD5, 0x4A, 0x60, 0xAA, 0xDC, 0x70,
                0x1B, 0x00
            ]
        );
        assert_eq!(key_bytes("{001B70DC}"), None);
    }

    #[test]
    fn obfuscation_touches_32_bytes_and_undoes_itself() {
        let g = guid(0x0123_4567_89AB_CDEF_0011_2233_4455_6677);
        assert_eq!(g, "{01234567-89AB-CDEF-0011-223344556677}");
        let font: Vec<u8> = (0..64).collect();
        let o = obfuscate(&font, &g);
        assert_eq!(o[0], 0x77);
        assert_eq!(o[16], 16 ^ 0x77);
        assert_eq!(o[15], 15 ^ 0x01);
        assert_eq!(o[32..], font[32..]);
        assert_eq!(obfuscate(&o, &g), font);
    }
}
