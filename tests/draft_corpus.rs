//! The draft corpus (issue 19 stage 6): published 公文 taken from
//! government web pages, each as the three drafts people really have
//! (`source.txt` as copied from the page, `draft.md`, `draft.docx` typed in
//! Word's default template), with the outline a person reads off it
//! (`expected.json`, written by hand). Every draft is imported, its outline
//! compared part by part with the expected one, and the precision and recall
//! of each part printed, over the corpus and per format, with the characters
//! the import lost; every draft must build. The documents in
//! `fixtures/drafts/held-out/` were not looked at while the recogniser was
//! tuned: their figures are printed apart.
//!
//! `cargo test --test draft_corpus -- --nocapture` prints the tables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

const PARTS: [&str; 12] = [
    "标题",
    "发文字号",
    "主送",
    "标题层次",
    "表格",
    "附件说明",
    "落款署名",
    "落款日期",
    "附注",
    "印发件",
    "附件",
    "版记抄送",
];
const FORMATS: [&str; 3] = ["source.txt", "draft.md", "draft.docx"];

/// What the comparison ignores: spaces, and whether a bracket, comma, colon
/// or semicolon was typed half- or full-width (the recogniser normalises
/// some of them; the pages publish both), and a year typed in square
/// brackets where the standard has 〔〕 (东府办函[2003]248号: pages print
/// both, and the recogniser writes the standard's).
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '[' => '〔',
            ']' => '〕',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            c => c,
        })
        .collect()
}

/// One part's values: none, one, or a list.
fn values(v: &Value) -> Vec<String> {
    match v {
        Value::Null => Vec::new(),
        Value::String(s) => vec![norm(s)],
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                // a heading [level, text], a table [rows, cols]
                Value::Array(p) => p
                    .iter()
                    .map(|y| match y {
                        Value::String(s) => norm(s),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("|"),
                Value::String(s) => norm(s),
                other => other.to_string(),
            })
            .collect(),
        other => vec![other.to_string()],
    }
}

/// The parts of an outline (expected or recognised) as lists of strings.
fn parts_expected(e: &Value) -> BTreeMap<&'static str, Vec<String>> {
    let sig = &e["signature"];
    BTreeMap::from([
        ("标题", values(&e["title"])),
        ("发文字号", values(&e["doc_number"])),
        ("主送", values(&e["addressee"])),
        ("标题层次", values(&e["headings"])),
        ("表格", values(&e["tables"])),
        ("附件说明", values(&e["attachment_note"])),
        ("落款署名", values(&sig["agencies"])),
        ("落款日期", values(&sig["date"])),
        ("附注", values(&e["notes"])),
        ("印发件", values(&e["issued"])),
        ("附件", values(&e["attachments"])),
        ("版记抄送", values(&e["colophon_cc"])),
    ])
}

fn parts_got(o: &gongwen::draft::outline::Outline) -> BTreeMap<&'static str, Vec<String>> {
    let v = serde_json::to_value(o).unwrap();
    let null = Value::Null;
    let header = v.get("header").unwrap_or(&null);
    let colophon = v.get("colophon").unwrap_or(&null);
    let sig = v.get("signature").unwrap_or(&null);
    let get = |x: &Value, k: &str| x.get(k).cloned().unwrap_or(Value::Null);
    BTreeMap::from([
        ("标题", values(&get(&v, "title"))),
        ("发文字号", values(&get(header, "doc_number"))),
        ("主送", values(&get(&v, "addressee"))),
        ("标题层次", values(&v["headings"])),
        ("表格", values(&v["tables"])),
        ("附件说明", values(&v["attachment_note"])),
        ("落款署名", values(&get(sig, "agencies"))),
        ("落款日期", values(&get(sig, "date"))),
        ("附注", values(&v["notes"])),
        ("印发件", values(&v["issued"])),
        ("附件", values(&v["attachments"])),
        ("版记抄送", values(&get(colophon, "cc"))),
    ])
}

/// True positives, false positives, false negatives: a multiset match.
#[derive(Default, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }
    fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
}

fn compare(got: &[String], want: &[String]) -> Count {
    let mut left: Vec<&String> = want.iter().collect();
    let mut tp = 0;
    for g in got {
        if let Some(i) = left.iter().position(|w| *w == g) {
            left.remove(i);
            tp += 1;
        }
    }
    Count {
        tp,
        fp: got.len() - tp,
        fn_: left.len(),
    }
}

#[derive(Default)]
struct Tally {
    parts: BTreeMap<&'static str, Count>,
    lost: usize,
    drafts: usize,
    built: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        for (k, c) in &other.parts {
            self.parts.entry(k).or_default().add(*c);
        }
        self.lost += other.lost;
        self.drafts += other.drafts;
        self.built += other.built;
    }
}

fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    out.sort();
    out
}

/// Imports one draft, compares and builds it; the mismatches as lines.
fn run_draft(path: &Path, expected: &Value, tally: &mut Tally, misses: &mut Vec<String>) {
    let bytes = std::fs::read(path).unwrap();
    let got = gongwen::import_draft(&bytes, path, None)
        .unwrap_or_else(|d| panic!("{}: {}", path.display(), d.message));
    let format = path.extension().unwrap().to_str().unwrap();
    let source = match format {
        "docx" => gongwen::draft::Source::Docx,
        "md" => gongwen::draft::Source::Md,
        _ => gongwen::draft::Source::Txt,
    };
    let lost = gongwen::draft::import(&bytes, source).unwrap().lost;
    tally.lost += lost.len();
    if !lost.is_empty() {
        misses.push(format!("  lost {:?}", lost.iter().collect::<String>()));
    }
    tally.drafts += 1;
    let outline = got.outline.as_ref().expect("a document's outline");
    let want = parts_expected(expected);
    let have = parts_got(outline);
    for part in PARTS {
        let c = compare(&have[part], &want[part]);
        if c.fp + c.fn_ > 0 {
            misses.push(format!(
                "  {part}: got {:?}, want {:?}",
                have[part], want[part]
            ));
        }
        tally.parts.entry(part).or_default().add(c);
    }
    // the recognised input builds, with the bundled fonts
    let json = serde_json::to_vec(&got.input).unwrap();
    let options = gongwen::Options {
        font_source: gongwen::fonts::FontSource::Bundled,
        ..gongwen::Options::default()
    };
    let name = path.with_extension("json");
    match gongwen::load_with(&json, &name, &gongwen::Assets::None, &options)
        .and_then(|(doc, _)| gongwen::render_formats(&doc, &name, &options))
    {
        Ok(_) => tally.built += 1,
        Err(e) => misses.push(format!("  does not build: {e}")),
    }
}

fn figure(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |v| format!("{v:.2}"))
}

fn print_table(title: &str, all: &Tally, per_format: &BTreeMap<&str, Tally>) {
    println!(
        "\n{title}: {} drafts, {} built, {} characters lost",
        all.drafts, all.built, all.lost
    );
    println!("| part | P | R | .txt P/R | .md P/R | .docx P/R |");
    println!("|---|---|---|---|---|---|");
    for part in PARTS {
        let c = all.parts.get(part).copied().unwrap_or_default();
        let mut line = format!(
            "| {part} | {} | {} |",
            figure(c.precision()),
            figure(c.recall())
        );
        for f in FORMATS {
            let c = per_format[f].parts.get(part).copied().unwrap_or_default();
            line.push_str(&format!(
                " {}/{} |",
                figure(c.precision()),
                figure(c.recall())
            ));
        }
        println!("{line}");
    }
    let lost: Vec<String> = FORMATS
        .iter()
        .map(|f| format!("{f} {}", per_format[f].lost))
        .collect();
    println!("characters lost by format: {}", lost.join(", "));
}

fn run(dir: &Path) -> (Tally, BTreeMap<&'static str, Tally>) {
    let mut all = Tally::default();
    let mut per_format: BTreeMap<&'static str, Tally> =
        FORMATS.iter().map(|f| (*f, Tally::default())).collect();
    for doc in documents(dir) {
        let expected: Value =
            serde_json::from_slice(&std::fs::read(doc.join("expected.json")).unwrap()).unwrap();
        for f in FORMATS {
            let mut t = Tally::default();
            let mut misses = Vec::new();
            run_draft(&doc.join(f), &expected, &mut t, &mut misses);
            if !misses.is_empty() {
                println!("{}/{f}", doc.file_name().unwrap().to_string_lossy());
                for m in &misses {
                    println!("{m}");
                }
            }
            all.add(&t);
            per_format.get_mut(f).unwrap().add(&t);
        }
    }
    (all, per_format)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drafts")
}

#[test]
fn the_corpus_is_recognised_part_by_part() {
    let (all, per_format) = run(&root());
    print_table("main corpus", &all, &per_format);
    assert!(all.drafts >= 111, "{} drafts", all.drafts);
    assert_eq!(all.built, all.drafts, "every recognised draft builds");
    // the thresholds the recogniser reaches on the main corpus today (see
    // README): a fall below them is a regression
    for (part, min_p, min_r) in THRESHOLDS {
        let c = all.parts[part];
        assert!(
            c.precision().unwrap_or(1.0) >= *min_p && c.recall().unwrap_or(1.0) >= *min_r,
            "{part}: precision {} recall {} (thresholds {min_p} {min_r})",
            figure(c.precision()),
            figure(c.recall())
        );
    }
    assert_eq!(all.lost, 0, "{} characters lost", all.lost);
}

/// Held out: printed, and every draft builds; no thresholds, so that the
/// recogniser is never tuned on them.
#[test]
fn the_held_out_documents_are_measured_apart() {
    let (all, per_format) = run(&root().join("held-out"));
    print_table("held-out", &all, &per_format);
    assert!(all.drafts >= 30, "{} drafts", all.drafts);
    assert_eq!(all.built, all.drafts, "every recognised draft builds");
}

/// (part, minimum precision, minimum recall) on the main corpus: what the
/// recogniser reaches; the corpus has no tables or attachments yet
/// (published pages print them as separate downloads). Every part is
/// 1.00/1.00 but the headings' recall: 22's page runs title, 主送 and text
/// into one line, and its 一、主要职责负责…… has nothing between the
/// heading and its text (no 。, no line break) to cut it at.
const THRESHOLDS: &[(&str, f64, f64)] = &[
    ("标题", 1.0, 1.0),
    ("发文字号", 1.0, 1.0),
    ("主送", 1.0, 1.0),
    ("标题层次", 1.0, 0.96),
    ("附件说明", 1.0, 1.0),
    ("落款署名", 1.0, 1.0),
    ("落款日期", 1.0, 1.0),
    ("附注", 1.0, 1.0),
    ("印发件", 1.0, 1.0),
    ("版记抄送", 1.0, 1.0),
];
