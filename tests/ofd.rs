//! The OFD output (GB/T 33190): every part well-formed and in the `ofd:`
//! namespace, one ID space with `MaxUnitID` at its top and every reference
//! resolving, exactly one DeltaX per gap, boxes with size, embedded TrueType
//! fonts whose cmap covers the text drawn with them, the same text as the
//! layout, deterministic bytes, and `--formats` checked.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

mod common;

use common::{files_in as files, stderr, temp_dir as temp};

/// The parts of a zip, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

fn build_ofd(fixture: &str, out: &Path) -> (Vec<u8>, Vec<u8>) {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let o = common::build_with(&input, out, &["--formats", "docx,pdf,ofd"]);
    assert!(o.status.success(), "{fixture}: {}", stderr(&o));
    let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
    (
        std::fs::read(out.join(format!("{stem}.ofd"))).unwrap(),
        std::fs::read(out.join(format!("{stem}.pdf"))).unwrap(),
    )
}

const NS: &str = "http://www.ofdspec.org/2016";

/// Checks one OFD package and returns its text, page by page.
fn check_package(name: &str, ofd: &[u8]) -> Vec<String> {
    let parts = unzip(ofd);
    let xml = |p: &str| -> String {
        String::from_utf8(
            parts
                .get(p)
                .unwrap_or_else(|| panic!("{name}: no {p}"))
                .clone(),
        )
        .unwrap()
    };
    // every XML part parses and uses the ofd: prefix
    let mut docs = BTreeMap::new();
    for (p, data) in &parts {
        if p.ends_with(".xml") {
            let text = String::from_utf8(data.clone()).unwrap();
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} {p}: {e}"));
            assert!(text.contains(&format!("xmlns:ofd=\"{NS}\"")), "{name} {p}");
            docs.insert(p.clone(), text);
        }
    }
    let ofd_xml = xml("OFD.xml");
    let root = roxmltree::Document::parse(&ofd_xml).unwrap();
    let top = root.root_element();
    assert_eq!(top.attribute("Version"), Some("1.0"));
    let doc_id = top
        .descendants()
        .find(|n| n.tag_name().name() == "DocID")
        .and_then(|n| n.text())
        .unwrap();
    assert!(
        doc_id.len() == 32 && doc_id.chars().all(|c| c.is_ascii_hexdigit()),
        "{doc_id}"
    );
    // one ID space: unique, non-zero, MaxUnitID at least the largest
    let mut ids = BTreeSet::new();
    let mut kinds: BTreeMap<u32, String> = BTreeMap::new();
    for text in docs.values() {
        let d = roxmltree::Document::parse(text).unwrap();
        for n in d.descendants().filter(|n| n.is_element()) {
            if let Some(id) = n.attribute("ID") {
                let id: u32 = id.parse().unwrap();
                assert!(id > 0, "{name}: ID 0");
                assert!(ids.insert(id), "{name}: ID {id} twice");
                kinds.insert(id, n.tag_name().name().to_string());
            }
        }
    }
    let document = xml("Doc_0/Document.xml");
    let d = roxmltree::Document::parse(&document).unwrap();
    let max: u32 = d
        .descendants()
        .find(|n| n.tag_name().name() == "MaxUnitID")
        .and_then(|n| n.text())
        .unwrap()
        .parse()
        .unwrap();
    assert!(max >= *ids.iter().max().unwrap(), "{name}: MaxUnitID {max}");
    let physical = d
        .descendants()
        .find(|n| n.tag_name().name() == "PhysicalBox")
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(physical, "0 0 210 297", "{name}");
    // fonts: their files, each parsed to check the cmap against the text drawn
    let res = roxmltree::Document::parse(&docs["Doc_0/PublicRes.xml"]).unwrap();
    let mut font_files = BTreeMap::new();
    for f in res.descendants().filter(|n| n.tag_name().name() == "Font") {
        let file = f
            .children()
            .find(|c| c.tag_name().name() == "FontFile")
            .and_then(|c| c.text())
            .unwrap();
        assert!(file.ends_with(".ttf"), "{name}: {file}");
        let data = parts
            .get(&format!("Doc_0/Res/{file}"))
            .unwrap_or_else(|| panic!("{name}: {file} missing"))
            .clone();
        font_files.insert(f.attribute("ID").unwrap().parse::<u32>().unwrap(), data);
    }
    let mut pages = Vec::new();
    for page in d.descendants().filter(|n| n.tag_name().name() == "Page") {
        let loc = format!("Doc_0/{}", page.attribute("BaseLoc").unwrap());
        let content = roxmltree::Document::parse(&docs[&loc]).unwrap();
        let mut text = String::new();
        for obj in content.descendants().filter(|n| n.is_element()) {
            if let Some(b) = obj.attribute("Boundary") {
                let v: Vec<f64> = b.split(' ').map(|x| x.parse().unwrap()).collect();
                assert!(
                    v.len() == 4 && v[2] > 0.0 && v[3] > 0.0,
                    "{name}: Boundary {b}"
                );
            }
            match obj.tag_name().name() {
                "TextObject" => {
                    let font: u32 = obj.attribute("Font").unwrap().parse().unwrap();
                    assert_eq!(kinds[&font], "Font", "{name}");
                    let face = ttf_parser::Face::parse(&font_files[&font], 0).unwrap();
                    let code = obj
                        .children()
                        .find(|c| c.tag_name().name() == "TextCode")
                        .unwrap();
                    let s = code.text().unwrap_or("");
                    assert!(code.attribute("X").is_some() && code.attribute("Y").is_some());
                    let n = s.chars().count();
                    let deltas = code.attribute("DeltaX").map_or(0, |d| d.split(' ').count());
                    assert_eq!(deltas, n.saturating_sub(1), "{name}: DeltaX for “{s}”");
                    for c in s.chars().filter(|c| !c.is_whitespace()) {
                        assert!(face.glyph_index(c).is_some(), "{name}: {c} not in its font");
                    }
                    text.push_str(s);
                }
                "ImageObject" => {
                    let r: u32 = obj.attribute("ResourceID").unwrap().parse().unwrap();
                    assert_eq!(kinds[&r], "MultiMedia", "{name}");
                }
                _ => {}
            }
        }
        pages.push(text);
    }
    pages
}

/// The layout's text, page by page, in the OFD's reading order (line by line).
fn layout_text(fixture: &str) -> Vec<String> {
    let options = gongwen::Options {
        font_source: gongwen::fonts::FontSource::Bundled,
        ..Default::default()
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let (doc, _) = gongwen::load(&path, &options).unwrap();
    let fonts = gongwen::fonts::FontBook::bundled();
    let laid = gongwen::layout::layout(&doc, &fonts).unwrap();
    laid.pages
        .iter()
        .map(|p| {
            let mut items: Vec<&gongwen::layout::TextItem> = p
                .items
                .iter()
                .filter_map(|i| match i {
                    gongwen::layout::Item::Text(t) => Some(t),
                    _ => None,
                })
                .collect();
            items.sort_by(|a, b| {
                let line = |t: &gongwen::layout::TextItem| (t.baseline * 2.0).round() as i64;
                line(a)
                    .cmp(&line(b))
                    .then(a.glyphs[0].1.total_cmp(&b.glyphs[0].1))
            });
            items.iter().map(|t| t.text.as_str()).collect()
        })
        .collect()
}

#[test]
fn every_fixture_writes_a_well_formed_ofd_with_the_layout_s_text() {
    for fixture in [
        "fixtures/wenshang-2024.json",
        "fixtures/notice.json",
        "fixtures/request.json",
        "fixtures/letter.json",
        "fixtures/minutes.json",
        "fixtures/order.json",
    ] {
        let out = temp(&format!("ofd-{}", fixture.replace('/', "_")));
        let (ofd, pdf) = build_ofd(fixture, &out);
        let pages = check_package(fixture, &ofd);
        assert_eq!(
            pages,
            layout_text(fixture),
            "{fixture}: text differs from the layout"
        );
        // within 1.5 times the PDF
        assert!(
            ofd.len() * 2 <= pdf.len() * 3,
            "{fixture}: OFD {} bytes, PDF {}",
            ofd.len(),
            pdf.len()
        );
        // the same input gives the same bytes
        let (again, _) = build_ofd(
            fixture,
            &temp(&format!("ofd2-{}", fixture.replace('/', "_"))),
        );
        assert!(ofd == again, "{fixture}: two builds differ");
    }
}

#[test]
fn formats_choose_the_files_and_bad_lists_are_refused() {
    let dir = temp("formats");
    let input = dir.join("d.json");
    std::fs::write(&input, common::document(r#"{"paragraph": "正文"}"#)).unwrap();
    let run = |formats: &str, out: &str| {
        common::build_with(&input, &dir.join(out), &["--formats", formats])
    };
    let o = run("ofd", "only-ofd");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&dir.join("only-ofd")), ["d.ofd"]);
    let o = run("pdf,ofd,docx", "all");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&dir.join("all")), ["d.docx", "d.ofd", "d.pdf"]);
    for (bad, says) in [
        ("xps", "unknown format `xps`"),
        ("", "no format given"),
        (",", "no format given"),
    ] {
        let o = run(bad, "bad");
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains(says), "{bad}: {}", stderr(&o));
        assert!(files(&dir.join("bad")).is_empty());
    }
    // the three files are replaced together: an .ofd that cannot be written keeps the others
    std::fs::create_dir_all(dir.join("pair/d.ofd")).unwrap();
    std::fs::write(dir.join("pair/d.pdf"), b"OLD").unwrap();
    let o = run("docx,pdf,ofd", "pair");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("pair/d.pdf")).unwrap(), b"OLD");
    assert_eq!(files(&dir.join("pair")), ["d.ofd", "d.pdf"]);
}
