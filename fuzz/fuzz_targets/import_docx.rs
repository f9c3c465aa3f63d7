//! Reading a Word file back (`gongwen import`, `--previous`, `new --from`,
//! the server's /api/import): arbitrary bytes as a .docx. The seeds are
//! gongwen's own .docx files; libFuzzer mutates the zip and, through it, the
//! XML. Any panic, a run over the time limit or over the memory limit is a
//! bug; errors are fine. An import that succeeds gives JSON that the report
//! parser reads without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = gongwen::report::import::import_docx(data) else {
        return;
    };
    let text = serde_json::to_string(&imported.input).expect("the input serialises");
    let _ = gongwen::input::parse(&text);
});
