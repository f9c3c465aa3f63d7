//! JSON typed on a Chinese keyboard or pasted from Word: each typical
//! mistake is named in the user's terms, with the line, a caret under the
//! place (columns counted in characters, as an editor shows them) and what
//! to type instead.

mod common;

use common::{build, files_in as files, stderr, temp_dir as temp};

fn says(name: &str, json: &str, location: &str, expected: &[&str]) {
    let dir = temp(name);
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, json).unwrap();
    let o = build(&input, &dir.join("out"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{name}: {err}");
    assert!(
        err.contains(&format!("{name}.json:{location}: error")),
        "{name}: {err}"
    );
    for e in expected {
        assert!(err.contains(e), "{name}: expected “{e}” in:\n{err}");
    }
    assert!(err.contains('^'), "{name}: no caret:\n{err}");
    assert!(files(&dir.join("out")).is_empty());
}

#[test]
fn typical_mistakes_are_named_with_what_to_type() {
    says(
        "full-width-comma",
        "{\n  \"kind\": \"document\"，\n  \"blocks\": []\n}",
        "2:21",
        &["“，” is a full-width comma", "type “,”"],
    );
    says(
        "chinese-quotes",
        "{\n  “kind”: \"document\"\n}",
        "2:3",
        &["full-width quotation mark", "“\"”"],
    );
    says(
        "trailing-comma",
        "{\n  \"kind\": \"document\",\n  \"blocks\": [{\"paragraph\": \"正文\"},]\n}",
        "3:34",
        &["comma after the last item"],
    );
    says(
        "comment",
        "{\n  \"kind\": \"document\", // 通知\n  \"blocks\": []\n}",
        "2:23",
        &["no comments"],
    );
    says(
        "single-quotes",
        "{\n  'kind': 'document'\n}",
        "2:3",
        &["double quotes"],
    );
    says(
        "full-width-digits",
        "{\n  \"kind\": \"gov-info-annual-report\",\n  \"year\": ２０２５\n}",
        "3:11",
        &["“２０２５” are full-width digits", "type 2025"],
    );
    says(
        "missing-comma",
        "{\n  \"kind\": \"document\"\n  \"blocks\": []\n}",
        "3:3",
        &["comma is missing"],
    );
}
