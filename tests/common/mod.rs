//! Helpers shared by the integration tests that run the `gongwen` binary.
#![allow(dead_code)] // each test file uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The gongwen binary, run from the repository root, in English whatever the
/// machine's locale (the tests that check Chinese set it: [`gongwen_zh`]).
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    c
}

/// Runs gongwen with a Chinese locale, as a clerk's machine has it.
pub fn gongwen_zh(args: &[&str]) -> Output {
    gongwen_env(args, &[("LANG", "zh_CN.UTF-8")])
}

/// Runs gongwen from the repository root with extra environment variables.
pub fn gongwen_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = command();
    c.args(args);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("gongwen runs")
}

/// Runs gongwen from the repository root.
pub fn gongwen(args: &[&str]) -> Output {
    gongwen_env(args, &[])
}

/// `gongwen build INPUT -o OUT --fonts bundled`.
pub fn build(input: &Path, out: &Path) -> Output {
    build_with(input, out, &[])
}

/// `gongwen build INPUT -o OUT --fonts bundled EXTRA...`.
pub fn build_with(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--fonts",
        "bundled",
    ];
    args.extend_from_slice(extra);
    gongwen(&args)
}

/// A fresh, empty folder, unique to this call: tests run in parallel threads
/// of one process, and two that build the same fixture must not share (and
/// wipe) one folder.
pub fn temp_dir(name: &str) -> PathBuf {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let pid = std::process::id();
    let d = std::env::temp_dir().join(format!("gongwen-test-{pid}-{n}-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The file names in a folder, sorted (none if it does not exist).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A generic document with the given blocks (JSON text of the array's items).
pub fn document(blocks: &str) -> Vec<u8> {
    format!(r#"{{"kind": "document", "blocks": [{blocks}]}}"#).into_bytes()
}

/// A document holding one two-column table of `rows` body rows under a header row.
pub fn table_document(rows: usize) -> Vec<u8> {
    let mut r = vec![r#"["序号", "内容"]"#.to_string()];
    r.extend((1..=rows).map(|i| format!(r#"["{i}", "第{i}项事项"]"#)));
    document(&format!(
        r#"{{"table": {{"widths": [1, 4], "header_rows": 1, "rows": [{}]}}}}"#,
        r.join(",")
    ))
}

/// A small deterministic random number generator (xorshift) for property tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The starter report of `gongwen new annual-report` with its gaps filled in
/// (as a clerk would), so that it builds without `--draft`.
pub fn filled_starter(agency: &str, year: i32) -> serde_json::Value {
    let text = gongwen::report::starter::annual_report(agency, year)
        .replace("（数量）", "12")
        .replace("（地址）", "某某路1号")
        .replace("（联系电话）", "0000-1234567")
        .replace("（政府门户网站名称）", "某某县人民政府网站")
        .replace("\"https://\"", "\"https://www.example.gov.cn\"")
        .replace("（政府信息管理情况）", "政府信息管理规范有序。")
        .replace("（政府信息公开平台建设情况）", "政府网站运行平稳。")
        .replace("（监督保障情况）", "监督保障有力。")
        .replace("（存在的主要问题）", "公开内容还不够全面。")
        .replace(
            &format!("（{}年改进措施）", year + 1),
            "下一年将进一步完善。",
        )
        .replace("（其他需要报告的事项）", "无其他需要报告的事项。");
    serde_json::from_str(&text).expect("the starter is JSON")
}
