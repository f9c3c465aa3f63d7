//! The whole path from bytes to files: decoding, parsing either kind, the
//! report rules (with last year's report for the cross-year checks when the
//! input carries one), conversion to the model, layout, and both writers.
//! Any panic is a bug; errors are fine. Every XML part the writers produce
//! must be well-formed (checked with a strict parser).
#![no_main]

use std::io::Read;
use std::sync::OnceLock;

use gongwen::fonts::FontBook;
use gongwen::input::{decode, parse, Input};
use libfuzzer_sys::fuzz_target;

fn fonts() -> &'static FontBook {
    static FONTS: OnceLock<FontBook> = OnceLock::new();
    FONTS.get_or_init(FontBook::bundled)
}

/// Bytes after this separator (ASCII record separator) are last year's report.
const PREVIOUS: u8 = 0x1e;

fn report(bytes: &[u8]) -> Option<gongwen::report::AnnualReportInput> {
    match parse(decode(bytes).ok()?).ok()? {
        Input::AnnualReport(r) => Some(r),
        Input::Document(_) => None,
    }
}

fn well_formed(xml: &[u8], what: &str) {
    let text = std::str::from_utf8(xml).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    if let Err(e) = roxmltree::Document::parse(text) {
        panic!("{what}: not well-formed: {e}");
    }
}

fuzz_target!(|data: &[u8]| {
    let (current, previous) = match data.iter().position(|&b| b == PREVIOUS) {
        Some(i) => (&data[..i], report(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(text) = decode(current) else { return };
    let Ok(input) = parse(text) else { return };
    let doc = match input {
        Input::Document(d) => match d.into_model() {
            Ok(doc) => doc,
            Err(_) => return,
        },
        Input::AnnualReport(r) => match r.into_model(previous.as_ref()) {
            Ok((doc, _)) => doc,
            Err(_) => return,
        },
    };
    // keep each run short: the limits allow documents far larger than a fuzzer needs
    if doc.char_count() > 20_000 {
        return;
    }
    let Ok(laid) = gongwen::layout::layout(&doc, fonts()) else { return };
    let pdf = gongwen::pdf::write(&laid, &doc, fonts())
        .expect("the PDF writer does not fail on a laid-out document");
    let find = |needle: &[u8]| pdf.windows(needle.len()).position(|w| w == needle);
    if let (Some(a), Some(b)) = (find(b"<x:xmpmeta"), find(b"</x:xmpmeta>")) {
        well_formed(&pdf[a..b + b"</x:xmpmeta>".len()], "XMP");
    }
    let docx = gongwen::docx::write(&doc).expect("the DOCX writer does not fail on a valid document");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("the .docx is a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("a part");
        let mut xml = Vec::new();
        part.read_to_end(&mut xml).expect("a part reads");
        well_formed(&xml, part.name());
    }
});
