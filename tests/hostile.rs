//! Hostile and broken input: nothing panics, nothing half-written is left,
//! every error says what is wrong and where.

use std::process::{Command, Stdio};

mod common;

use common::{
    build, document, files_in as files, gongwen, gongwen_env, table_document, temp_dir as temp,
};

/// Writes `bytes` as an input, builds it, and expects failure with each of `expected`.
fn rejects(name: &str, bytes: &[u8], expected: &[&str]) {
    let dir = temp(name);
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, bytes).unwrap();
    let out = dir.join("out");
    let o = build(&input, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{name}: exit status; stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{name} panicked:\n{err}");
    assert!(
        err.contains(input.to_str().unwrap()),
        "{name}: the message names the file:\n{err}"
    );
    for e in expected {
        assert!(err.contains(e), "{name}: expected “{e}” in:\n{err}");
    }
    assert!(
        files(&out).is_empty(),
        "{name}: output written: {:?}",
        files(&out)
    );
}

#[test]
fn encodings_other_than_utf8_are_explained() {
    let text = "{\"kind\": \"document\", \"blocks\": [{\"paragraph\": \"总体情况\"}]}";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    rejects("utf16", &utf16, &["UTF-16", "UTF-8"]);
    // 总体情况 in GBK
    let gbk = b"{\"kind\": \"document\", \"blocks\": [{\"paragraph\": \"\xD7\xDC\xCC\xE5\xC7\xE9\xBF\xF6\"}]}";
    rejects("gbk", gbk, &["GBK", "UTF-8", ":1:"]);
}

#[test]
fn a_utf8_bom_is_accepted() {
    let dir = temp("bom");
    let input = dir.join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(document(r#"{"paragraph": "总体情况"}"#));
    std::fs::write(&input, bytes).unwrap();
    let o = build(&input, &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn wrong_types_name_the_path_and_what_was_expected() {
    rejects(
        "wrong-type",
        &document(r#"{"heading": {"level": "one", "text": "总体情况"}}"#),
        &[
            "blocks[0].heading.level",
            "expected a whole number, got the text \"one\"",
        ],
    );
    rejects("not-object", b"[1, 2]", &[":1:1:", "must be a JSON object"]);
}

#[test]
fn an_empty_document_is_refused() {
    rejects("empty", &document(""), &["no blocks"]);
    rejects("nothing", b"", &["invalid JSON", "EOF"]);
}

#[test]
fn a_10_mb_paragraph_is_refused_with_the_limit() {
    let para = "很长的段落".repeat(700_000); // 3.5 M characters, 10.5 MB
    rejects(
        "huge",
        &document(&format!(r#"{{"paragraph": "{para}"}}"#)),
        &["blocks[0].paragraph", "the limit for one field is 100000"],
    );
}

#[test]
fn lone_surrogates_nan_and_huge_numbers() {
    rejects(
        "surrogate",
        &document(r#"{"paragraph": "a\ud800b"}"#),
        &["blocks[0].paragraph", "surrogate pair"],
    );
    rejects(
        "nan",
        &document(r#"{"table": {"widths": [NaN], "rows": [["a"]]}}"#),
        &["invalid JSON"],
    );
    let report = std::fs::read_to_string("fixtures/wenshang-2024.json").unwrap();
    let huge = report.replacen(
        "\"licensing_decisions\": 0",
        "\"licensing_decisions\": 12345678901234567890",
        1,
    );
    rejects(
        "20-digits",
        huge.as_bytes(),
        &["R4", "“行政许可”", "12345678901234567890"],
    );
    let negative = report.replacen("\"coercion_decisions\": 0", "\"coercion_decisions\": -3", 1);
    rejects(
        "negative",
        negative.as_bytes(),
        &["R4", "“行政强制”", "got -3 (negative)"],
    );
}

#[test]
fn a_5000_row_table_builds() {
    let json = table_document(5000);
    let dir = temp("5000");
    let input = dir.join("rows.json");
    std::fs::write(&input, json).unwrap();
    let o = build(&input, &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::metadata(dir.join("rows.pdf")).unwrap().len() > 100_000);
}

#[test]
fn output_folder_that_cannot_be_created() {
    let dir = temp("unwritable");
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("out");
    let o = gongwen_env(
        &[
            "build",
            "fixtures/wenshang-2024.json",
            "-o",
            out.to_str().unwrap(),
            "--fonts",
            "bundled",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot create the output folder") && err.contains("a-file/out"),
        "{err}"
    );
}

#[test]
fn two_inputs_with_the_same_output_name_are_refused_before_anything_is_written() {
    let dir = temp("same-name");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(
            "fixtures/wenshang-2024.json",
            dir.join(sub).join("report.json"),
        )
        .unwrap();
    }
    let out = dir.join("out");
    let o = gongwen_env(
        &[
            "build",
            dir.join("a").to_str().unwrap(),
            dir.join("b").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--fonts",
            "bundled",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("would both write report.docx, report.pdf;"),
        "{err}"
    );
    assert!(files(&out).is_empty());
}

#[test]
fn the_same_input_gives_the_same_bytes_on_one_thread_and_on_many() {
    let dir = temp("threads");
    for name in ["one", "two", "three"] {
        std::fs::copy(
            "fixtures/wenshang-2024.json",
            dir.join(format!("{name}.json")),
        )
        .unwrap();
    }
    let (a, b) = (dir.join("a"), dir.join("b"));
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        let o = gongwen_env(
            &[
                "build",
                dir.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--fonts",
                "bundled",
            ],
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for f in files(&a) {
        assert!(
            std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
            "{f} differs"
        );
    }
    assert_eq!(files(&a).len(), 6);
}

#[test]
fn killing_a_build_leaves_the_previous_file_or_none_never_half_of_one() {
    let dir = temp("kill");

    let input = dir.join("big.json");
    std::fs::write(&input, table_document(4000)).unwrap();
    let out = dir.join("out");
    let args = [
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--fonts",
        "bundled",
    ];
    assert!(gongwen(&args).status.success());
    let complete = std::fs::read(out.join("big.pdf")).unwrap();
    // kill builds at different moments; the file is always the complete one
    for delay_ms in [5u64, 50, 150, 300, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(out.join("big.pdf")).unwrap();
        assert!(
            now == complete,
            "after a kill at {delay_ms} ms the PDF is not the complete one"
        );
    }
    // the next build leaves no temporary file behind
    assert!(gongwen(&args).status.success());
    assert_eq!(files(&out), ["big.docx", "big.pdf"]);
}

#[test]
fn a_row_taller_than_a_page_is_refused_not_cut() {
    let cell = "很长的单元格内容".repeat(400);
    rejects(
        "tall-row",
        &document(&format!(
            r#"{{"table": {{"widths": [1, 1], "rows": [["a", "{cell}"]]}}}}"#
        )),
        &["blocks[0]", "table row 1", "more than a page"],
    );
}

#[test]
fn too_many_table_cells_are_refused_with_the_limit() {
    // 5 001 rows × 4 columns = 20 004 cells, over the limit of 20 000
    let rows: Vec<&str> = (0..5001).map(|_| r#"["1", "2", "3", "4"]"#).collect();
    let json = document(&format!(
        r#"{{"table": {{"widths": [1, 1, 1, 1], "rows": [{}]}}}}"#,
        rows.join(",")
    ));
    rejects("cells", &json, &["20004 table cells", "the limit is 20000"]);
}
