//! A property test over every string field of both kinds: strings with
//! control characters, XML specials, noncharacters, escaped lone surrogates
//! and great lengths either give a located error, or build into a .docx
//! whose every part is well-formed and a PDF whose XMP metadata is
//! well-formed. Never an internal error, never a panic.

use std::io::Read;
use std::path::Path;

mod common;

use common::Rng;
use gongwen::error::Error;
use gongwen::fonts::FontSource;
use gongwen::Options;
use serde_json::{json, Value};

/// Hostile pieces, as JSON string contents (already escaped where needed).
const PIECES: [&str; 16] = [
    "Song & Co",
    "<w:p>",
    "\\\"quoted\\\"",
    "it's",
    "\\u0001",
    "\\u001f",
    "\\t",
    "\\uFFFE",
    "\\uFFFF",
    "\\uD800",
    "\\uDC00x",
    "]]>",
    "&amp;",
    "政府信息",
    "𠮷",
    "\\n",
];

/// A random hostile string as JSON text (with quotes); sometimes very long.
fn hostile(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(4) + 1 {
        s.push_str(PIECES[rng.below(PIECES.len())]);
    }
    if rng.below(8) == 0 {
        s = s.repeat(30_000 / s.len().max(1) + 1);
    }
    format!("\"{s}\"")
}

/// Every string field of a generic document, as JSON pointers.
fn document_base() -> (Value, Vec<&'static str>) {
    let v = json!({
        "kind": "document",
        "meta": {"title": "t", "author": "a", "subject": "s", "keywords": ["k"], "date": "2025-03-01"},
        "style": {"fonts": {"title": "方正小标宋简体", "body": "仿宋_GB2312", "heading1": "黑体",
                  "heading2": "楷体_GB2312", "table": "宋体", "page_number": "宋体", "latin": "Times New Roman"}},
        "blocks": [
            {"title": "关于做好工作的通知"},
            {"addressee": "各单位："},
            {"heading": {"level": 1, "text": "总体要求"}},
            {"paragraph": "正文。"},
            {"paragraph": {"runs": [{"text": "加粗", "bold": true}]}},
            {"table": {"widths": [1, 2], "rows": [["序号", "事项"], ["1", {"text": "内容"}]]}},
            {"signature": {"agency": "某某局", "date": "2025-03-01"}}
        ]
    });
    let fields = vec![
        "/meta/title",
        "/meta/author",
        "/meta/subject",
        "/meta/keywords/0",
        "/style/fonts/title",
        "/style/fonts/body",
        "/style/fonts/heading1",
        "/style/fonts/latin",
        "/style/fonts/page_number",
        "/blocks/0/title",
        "/blocks/1/addressee",
        "/blocks/2/heading/text",
        "/blocks/3/paragraph",
        "/blocks/4/paragraph/runs/0/text",
        "/blocks/5/table/rows/0/0",
        "/blocks/5/table/rows/1/1/text",
        "/blocks/6/signature/agency",
    ];
    (v, fields)
}

/// Every free-text field of the annual report.
fn report_base() -> (Value, Vec<&'static str>) {
    let v: Value = common::filled_starter("某某县人民政府办公室", 2025);
    let fields = vec![
        "/agency",
        "/contact/address",
        "/contact/phone",
        "/contact/portal",
        "/contact/url",
        "/overview/active_disclosure",
        "/overview/platform",
        "/overview/supervision/numbered/0",
        "/problems/0",
        "/other_matters/numbered/1",
        "/signature/agency",
    ];
    (v, fields)
}

/// Puts raw JSON string text at a pointer by textual substitution of a marker.
fn with_field(base: &Value, pointer: &str, json_string: &str) -> Vec<u8> {
    let mut v = base.clone();
    *v.pointer_mut(pointer).expect("field exists") = Value::String("@@MARK@@".into());
    serde_json::to_string(&v)
        .unwrap()
        .replace("\"@@MARK@@\"", json_string)
        .into_bytes()
}

/// The XMP packet of a PDF, which krilla writes uncompressed.
fn xmp(pdf: &[u8]) -> &[u8] {
    let find = |needle: &[u8]| pdf.windows(needle.len()).position(|w| w == needle);
    let start = find(b"<x:xmpmeta").expect("XMP present");
    let end = find(b"</x:xmpmeta>").expect("XMP closed") + b"</x:xmpmeta>".len();
    &pdf[start..end]
}

/// Strict XML 1.0 well-formedness (characters, entities, attributes).
fn well_formed(xml: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    roxmltree::Document::parse(text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Returns whether the input built.
fn check(bytes: &[u8], what: &str) -> bool {
    let options = Options {
        font_source: FontSource::Bundled,
        ..Options::default()
    };
    let path = Path::new("hostile.json");
    let result = gongwen::load_bytes(bytes, path, &options)
        .and_then(|(doc, _)| gongwen::render(&doc, path, &options));
    match result {
        Err(Error::Input { diagnostics, .. }) => {
            assert!(!diagnostics.is_empty(), "{what}");
            for d in &diagnostics {
                assert!(
                    !d.location.is_empty() || d.message.contains("JSON"),
                    "{what}: an error without a location: {}",
                    d.message
                );
            }
        }
        Err(e) => panic!("{what}: not an input error: {e}"),
        Ok((docx, pdf)) => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let mut xml = Vec::new();
                part.read_to_end(&mut xml).unwrap();
                well_formed(&xml)
                    .unwrap_or_else(|e| panic!("{what}: {} not well-formed: {e}", part.name()));
            }
            well_formed(xmp(&pdf)).unwrap_or_else(|e| panic!("{what}: XMP not well-formed: {e}"));
            return true;
        }
    }
    false
}

#[test]
fn hostile_strings_in_every_field_give_a_located_error_or_well_formed_files() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut built, mut refused) = (0, 0);
    for (base, fields) in [document_base(), report_base()] {
        for field in &fields {
            for _ in 0..3 {
                let s = hostile(&mut rng);
                let what = format!("{field} = {}", gongwen::error::clip(&s, 60));
                if check(&with_field(&base, field, &s), &what) {
                    built += 1;
                } else {
                    refused += 1;
                }
            }
        }
    }
    // both outcomes are exercised, or the test would prove nothing
    assert!(
        built >= 10 && refused >= 10,
        "{built} built, {refused} refused"
    );
}
