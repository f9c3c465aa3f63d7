//! `--docx-fonts embed`: the .docx carries the PDF's fonts, obfuscated as
//! ECMA-376 Part 1 §17.8.1 says, found by the names the document uses and
//! covering its text; without the option nothing is embedded; the same input
//! gives the same bytes.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use common::{build_with, stderr, temp_dir};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The .docx of a fixture built with `extra` arguments.
fn docx(name: &str, tag: &str, extra: &[&str]) -> Vec<u8> {
    let dir = temp_dir(&format!("docx-fonts-{tag}-{}", name.replace('/', "-")));
    let input = fixture(name);
    let o = build_with(&input, &dir, extra);
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    let stem = input.file_stem().unwrap().to_str().unwrap();
    std::fs::read(dir.join(format!("{stem}.docx"))).unwrap()
}

/// Every part of a package, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            part.read_to_end(&mut data).unwrap();
            (part.name().to_string(), data)
        })
        .collect()
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// The key bytes of a `w:fontKey`, as §17.8.1 gives them: the GUID's bytes in
/// the order its string writes them, reversed. Written here independently of
/// the writer's own function.
fn key(guid: &str) -> [u8; 16] {
    let hex: String = guid.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(hex.len(), 32, "{guid}");
    let bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let mut k = [0; 16];
    for i in 0..16 {
        k[i] = bytes[15 - i];
    }
    k
}

/// The characters of the text of the document, its headers and footers.
fn document_chars(parts: &BTreeMap<String, Vec<u8>>) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    for (name, data) in parts {
        let content = name == "word/document.xml"
            || (name.starts_with("word/header") || name.starts_with("word/footer"))
                && name.ends_with(".xml");
        if !content {
            continue;
        }
        let xml = std::str::from_utf8(data).unwrap();
        let doc = roxmltree::Document::parse(xml).unwrap();
        for t in doc.descendants().filter(|n| n.has_tag_name((W, "t"))) {
            chars.extend(
                t.text()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace()),
            );
        }
    }
    chars
}

/// The embedded fonts: (family in the font table, bold, de-obfuscated bytes).
fn embedded(parts: &BTreeMap<String, Vec<u8>>) -> Vec<(String, bool, Vec<u8>)> {
    let rels_xml = text(parts, "word/_rels/fontTable.xml.rels");
    let rels = roxmltree::Document::parse(&rels_xml).unwrap();
    let target = |id: &str| {
        let rel = rels
            .descendants()
            .find(|n| n.has_tag_name((REL, "Relationship")) && n.attribute("Id") == Some(id))
            .unwrap_or_else(|| panic!("no relationship {id}"));
        assert_eq!(
            rel.attribute("Type"),
            Some("http://schemas.openxmlformats.org/officeDocument/2006/relationships/font")
        );
        format!("word/{}", rel.attribute("Target").unwrap())
    };
    let table_xml = text(parts, "word/fontTable.xml");
    let table = roxmltree::Document::parse(&table_xml).unwrap();
    let mut out = Vec::new();
    for font in table.descendants().filter(|n| n.has_tag_name((W, "font"))) {
        let name = font.attribute((W, "name")).unwrap().to_string();
        for e in font.children().filter(|c| c.is_element()) {
            let bold = match e.tag_name().name() {
                "embedRegular" => false,
                "embedBold" => true,
                _ => continue,
            };
            let part = target(e.attribute((R, "id")).unwrap());
            assert!(
                part.starts_with("word/fonts/") && part.ends_with(".odttf"),
                "{part}"
            );
            let k = key(e.attribute((W, "fontKey")).unwrap());
            let mut data = parts[&part].clone();
            for (i, b) in data.iter_mut().take(32).enumerate() {
                *b ^= k[i % 16];
            }
            out.push((name.clone(), bold, data));
        }
    }
    out
}

#[test]
fn embedded_fonts_are_obfuscated_named_as_the_document_names_them_and_cover_its_text() {
    for name in ["wenshang-2024.json", "notice.json", "letter.json"] {
        let parts = parts(&docx(name, "embed", &["--docx-fonts", "embed"]));
        // the parts, their content type, the settings
        let odttf: Vec<&String> = parts.keys().filter(|n| n.ends_with(".odttf")).collect();
        assert!(!odttf.is_empty(), "{name}: no embedded font");
        let ct_xml = text(&parts, "[Content_Types].xml");
        let ct = roxmltree::Document::parse(&ct_xml).unwrap();
        assert!(
            ct.descendants().any(|n| n.has_tag_name((CT, "Default"))
                && n.attribute("Extension") == Some("odttf")
                && n.attribute("ContentType")
                    == Some("application/vnd.openxmlformats-officedocument.obfuscatedFont")),
            "{name}: {ct_xml}"
        );
        let settings = text(&parts, "word/settings.xml");
        assert!(settings.contains("<w:embedTrueTypeFonts/>"), "{name}");
        assert!(settings.contains("<w:saveSubsetFonts/>"), "{name}");
        let fonts = embedded(&parts);
        assert_eq!(
            fonts.len(),
            odttf.len(),
            "{name}: every part referenced once"
        );
        let mut covered = BTreeSet::new();
        for (family, bold, data) in &fonts {
            // a valid font once de-obfuscated, whose family is the font table's name
            let face = ttf_parser::Face::parse(data, 0)
                .unwrap_or_else(|e| panic!("{name}: {family} (bold {bold}) does not parse: {e}"));
            let families: Vec<String> = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
                .filter_map(|n| n.to_string())
                .collect();
            assert!(
                !families.is_empty() && families.iter().all(|f| f == family),
                "{name}: {family}: the font calls itself {families:?}"
            );
            if let Some(cmap) = face.tables().cmap {
                for sub in cmap.subtables {
                    sub.codepoints(|c| {
                        if let Some(c) = char::from_u32(c) {
                            covered.insert(c);
                        }
                    });
                }
            }
        }
        // the body font is embedded
        assert!(
            fonts.iter().any(|(f, b, _)| f == "仿宋_GB2312" && !b),
            "{name}"
        );
        let missing: String = document_chars(&parts)
            .into_iter()
            .filter(|c| !covered.contains(c))
            .collect();
        assert!(missing.is_empty(), "{name}: no embedded font has {missing}");
    }
}

#[test]
fn without_the_option_nothing_is_embedded() {
    let parts = parts(&docx("wenshang-2024.json", "names", &[]));
    assert!(!parts.keys().any(|n| n.starts_with("word/fonts/")));
    assert!(!parts.contains_key("word/_rels/fontTable.xml.rels"));
    assert!(!text(&parts, "[Content_Types].xml").contains("odttf"));
    assert!(!text(&parts, "word/fontTable.xml").contains("w:embed"));
    assert!(!text(&parts, "word/settings.xml").contains("embedTrueTypeFonts"));
    // the explicit default is the same file
    let names = docx(
        "wenshang-2024.json",
        "names-explicit",
        &["--docx-fonts", "names"],
    );
    assert_eq!(names, docx("wenshang-2024.json", "names-default", &[]));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = docx("notice.json", "det-a", &["--docx-fonts", "embed"]);
    let b = docx("notice.json", "det-b", &["--docx-fonts", "embed"]);
    assert!(a == b, "two builds differ");
}

#[test]
fn an_unknown_value_is_refused() {
    let dir = temp_dir("docx-fonts-bad");
    let o = build_with(
        &fixture("notice.json"),
        &dir,
        &["--docx-fonts", "everything"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--docx-fonts"), "{}", stderr(&o));
}
