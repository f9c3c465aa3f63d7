//! The document kind with seals and stamps, as the server takes it: the
//! input's bytes and images uploaded beside it (three PNGs the target
//! carries: round seals and a wide stamp), through the checks, the images'
//! budget and re-encoding, layout (with the check that everything lies on
//! its page) and all three writers. Any panic is a bug; errors are fine.
//! Every XML part of the .docx and the OFD must be well-formed.
#![no_main]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use gongwen::{Assets, Formats, Options};
use libfuzzer_sys::fuzz_target;

/// The seals a fuzzed input may name: `a.png`, `seals/b.png`, `stamp.png`.
fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let seals = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/seals");
        let files = [
            ("a.png", "demo-bureau.png"),
            ("seals/b.png", "demo-committee.png"),
            ("stamp.png", "demo-signature.png"),
        ]
        .into_iter()
        .map(|(name, file)| {
            let bytes = std::fs::read(seals.join(file)).expect("the fixtures' seals");
            (name.to_string(), Arc::new(bytes))
        })
        .collect::<BTreeMap<_, _>>();
        Assets::Uploaded(files)
    })
}

fn well_formed_parts(zip_bytes: &[u8], what: &str) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes))
        .unwrap_or_else(|e| panic!("{what}: not a zip: {e}"));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("a part");
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = Vec::new();
        part.read_to_end(&mut xml).expect("a part reads");
        let text = std::str::from_utf8(&xml).unwrap_or_else(|e| panic!("{what} {name}: {e}"));
        if let Err(e) = roxmltree::Document::parse(text) {
            panic!("{what} {name}: not well-formed: {e}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let options = Options {
        font_source: gongwen::fonts::FontSource::Bundled,
        formats: Formats {
            docx: true,
            pdf: true,
            ofd: true,
        },
        ..Options::default()
    };
    let name = Path::new("input");
    let Ok((doc, _)) = gongwen::load_with(data, name, assets(), &options) else {
        return;
    };
    // keep each run short: the limits allow documents far larger than a fuzzer needs
    if doc.char_count() > 20_000 {
        return;
    }
    let Ok(files) = gongwen::render_formats(&doc, name, &options) else {
        return;
    };
    well_formed_parts(&files.docx.expect("a .docx"), ".docx");
    well_formed_parts(&files.ofd.expect("an OFD"), "OFD");
    assert!(files.pdf.expect("a PDF").starts_with(b"%PDF-"));
});
