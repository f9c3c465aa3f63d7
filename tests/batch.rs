//! Building a folder of many reports at once: every good one is written, the
//! bad ones are not, and the summary names each bad file with its first error.
//! The inputs are made here from the specimen, so the test needs no other program.

mod common;

use std::path::{Path, PathBuf};

const GOOD: usize = 200;
const SPECIMEN_AGENCY: &str = "汶上县投资促进服务中心";

fn specimen() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wenshang-2024.json");
    std::fs::read_to_string(path).expect("the specimen is readable")
}

/// A fresh, empty folder for this test.
fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongwen-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The specimen with one change made to its JSON.
fn variant(text: &str, change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    change(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

fn names_with_ext(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_folder_of_200_reports_and_3_broken_ones() {
    let text = specimen();
    assert!(text.contains(SPECIMEN_AGENCY));
    let inputs = fresh_dir("in");
    let out = fresh_dir("out");

    // 200 valid reports, each for another agency, some in a subfolder
    let mut expected = Vec::new();
    for i in 1..=GOOD {
        let agency = format!("某某县第{i}局");
        let stem = format!("report-{i:03}");
        let dir = if i % 4 == 0 {
            inputs.join("sub")
        } else {
            inputs.clone()
        };
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("{stem}.json")),
            text.replace(SPECIMEN_AGENCY, &agency),
        )
        .unwrap();
        expected.push(stem);
    }

    // three broken ones: malformed JSON, an R1 imbalance, an R5 total
    let cut = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap();
    let broken = [
        ("broken-truncated", text[..cut].to_string(), "invalid JSON"),
        (
            "broken-r1",
            variant(&text, |v| {
                // one new application by a 自然人 that no result or carry-forward accounts for
                v["applications"]["new"] = serde_json::json!([1, 0, 0, 0, 0, 0, 1]);
            }),
            "R1 表三 column “自然人”",
        ),
        (
            "broken-r5",
            variant(&text, |v| {
                v["review_litigation"]["review"] = serde_json::json!({"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 0});
            }),
            "R5 表四 “行政复议” × “总计”: expected 2",
        ),
    ];
    for (stem, body, _) in &broken {
        std::fs::write(inputs.join(format!("{stem}.json")), body).unwrap();
    }

    let o = common::command()
        .args([
            "build",
            inputs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--fonts", "bundled"])
        .output()
        .expect("gongwen runs");
    let err = String::from_utf8_lossy(&o.stderr);

    assert_eq!(
        o.status.code(),
        Some(1),
        "exit code with failures; stderr:\n{err}"
    );
    let pdfs = names_with_ext(&out, "pdf");
    let docxs = names_with_ext(&out, "docx");
    assert_eq!(pdfs.len(), GOOD, "PDFs written");
    assert_eq!(docxs.len(), GOOD, ".docx files written");
    assert_eq!(pdfs, expected, "one PDF per valid input, named after it");
    assert_eq!(docxs, expected, "one .docx per valid input, named after it");
    let all = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(
        all,
        2 * GOOD,
        "nothing else (no temporary or partial files) in {out:?}"
    );
    for stem in [&expected[0], &expected[GOOD - 1]] {
        let pdf = std::fs::read(out.join(format!("{stem}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 5000, "{stem}.pdf");
        let docx = std::fs::read(out.join(format!("{stem}.docx"))).unwrap();
        assert!(docx.starts_with(b"PK") && docx.len() > 5000, "{stem}.docx");
    }

    // the summary: a count, then one line per failed file with its first error
    let total = GOOD + broken.len();
    let summary = format!("built {GOOD} of {total} inputs into {}", out.display());
    assert!(err.contains(&summary), "expected “{summary}” in:\n{err}");
    let (_, failed) = err
        .split_once("\nfailed:\n")
        .unwrap_or_else(|| panic!("no “failed:” section in:\n{err}"));
    let lines: Vec<&str> = failed.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        broken.len(),
        "one line per broken file:\n{failed}"
    );
    for (stem, _, first_error) in &broken {
        let file = inputs.join(format!("{stem}.json"));
        let file = file.display().to_string();
        let line = lines
            .iter()
            .find(|l| l.trim_start().starts_with(&file))
            .unwrap_or_else(|| panic!("the summary does not name {file}:\n{failed}"));
        assert!(
            line.contains(first_error),
            "{stem}: expected “{first_error}” in “{line}”"
        );
        assert!(!out.join(format!("{stem}.pdf")).exists());
        assert!(!out.join(format!("{stem}.docx")).exists());
    }

    let _ = std::fs::remove_dir_all(&inputs);
    let _ = std::fs::remove_dir_all(&out);
}
