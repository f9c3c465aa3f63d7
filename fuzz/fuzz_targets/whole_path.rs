//! The whole path from bytes to files: decoding, parsing either kind, the
//! report rules, conversion to the model, layout, and both writers. Any
//! panic is a bug; errors are fine.
#![no_main]

use std::sync::OnceLock;

use gongwen::fonts::FontBook;
use gongwen::input::{decode, parse, Input};
use libfuzzer_sys::fuzz_target;

fn fonts() -> &'static FontBook {
    static FONTS: OnceLock<FontBook> = OnceLock::new();
    FONTS.get_or_init(FontBook::bundled)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let Ok(input) = parse(text) else { return };
    let doc = match input {
        Input::Document(d) => match d.into_model() {
            Ok(doc) => doc,
            Err(_) => return,
        },
        Input::AnnualReport(r) => match r.into_model(None) {
            Ok((doc, _)) => doc,
            Err(_) => return,
        },
    };
    // keep each run short: the limits allow documents far larger than a fuzzer needs
    if doc.char_count() > 20_000 {
        return;
    }
    let Ok(laid) = gongwen::layout::layout(&doc, fonts()) else { return };
    gongwen::pdf::write(&laid, &doc, fonts()).expect("the PDF writer does not fail on a laid-out document");
    gongwen::docx::write(&doc).expect("the DOCX writer does not fail on a valid document");
});
