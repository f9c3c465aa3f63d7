//! In-process timings of each stage of a build, for the specimen inputs:
//! `cargo bench` (or `cargo bench --bench build -- RUNS`).
//!
//! No benchmark framework (to keep compile time low): each stage runs once to
//! warm up, then RUNS times (default 30, or GONGWEN_BENCH_RUNS); the table
//! shows the median, the fastest and the slowest run. The first font
//! resolution (parsing the bundled faces, done once per process) is timed
//! separately. Peak memory is the process's VmHWM from /proc/self/status.
//! GONGWEN_BENCH_BATCH=N adds an in-process batch of N reports on all cores.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongwen::fonts::{FontBook, FontSource};
use gongwen::Options;

struct Row {
    input: String,
    stage: &'static str,
    runs: Vec<Duration>,
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    black_box(f()); // warm-up
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect()
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// A field of /proc/self/status in MB (Linux only).
fn status_mb(field: &str) -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn mem() -> String {
    match (status_mb("VmRSS:"), status_mb("VmHWM:")) {
        (Some(rss), Some(hwm)) => format!("RSS {rss:.1} MB, peak (VmHWM) {hwm:.1} MB"),
        _ => "memory: /proc/self/status not available".into(),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a bare number is the run count
    let runs = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .or_else(|| {
            std::env::var("GONGWEN_BENCH_RUNS")
                .ok()
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(30);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs: Vec<PathBuf> = [
        "fixtures/wenshang-2024.json",
        "fixtures/wenshang-2024.document.json",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let opts = Options {
        font_source: FontSource::Bundled,
        ..Default::default()
    };
    println!("gongwen in-process benchmark: {runs} runs per stage after one warm-up");
    println!("at start: {}", mem());

    // parsing the bundled faces happens once per process
    let t = Instant::now();
    let fonts = FontBook::bundled();
    let first_fonts = t.elapsed();
    println!(
        "first FontBook::bundled() (parses the bundled faces): {} ms; {}",
        ms(first_fonts),
        mem()
    );

    let mut rows = vec![Row {
        input: "-".into(),
        stage: "FontBook::bundled() (warm)",
        runs: time(runs, FontBook::bundled),
    }];
    let out_dir = std::env::temp_dir().join(format!("gongwen-bench-{}", std::process::id()));
    let mut sizes = Vec::new();
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let (doc, _) = gongwen::load(input, &opts).expect("the specimen loads");
        let laid = gongwen::layout::layout(&doc, &fonts).expect("the specimen lays out");
        let (docx, pdf) = gongwen::render(&doc, input, &opts).expect("the specimen renders");
        sizes.push((name.clone(), docx.len(), pdf.len(), laid.pages.len()));
        let mut add = |stage, runs| {
            rows.push(Row {
                input: name.clone(),
                stage,
                runs,
            })
        };
        add(
            "load + check (read, parse, rules)",
            time(runs, || gongwen::load(input, &opts).unwrap()),
        );
        add(
            "model → .docx",
            time(runs, || gongwen::docx::write(&doc).unwrap()),
        );
        add(
            "layout",
            time(runs, || gongwen::layout::layout(&doc, &fonts).unwrap()),
        );
        add(
            "layout → .pdf",
            time(runs, || gongwen::pdf::write(&laid, &doc, &fonts).unwrap()),
        );
        add(
            "layout → .ofd",
            time(runs, || gongwen::ofd::write(&laid, &doc, &fonts).unwrap()),
        );
        add(
            "render (fonts + layout + .pdf + .docx)",
            time(runs, || gongwen::render(&doc, input, &opts).unwrap()),
        );
        add(
            "build_file (load + render + write both)",
            time(runs, || {
                gongwen::build_file(input, &out_dir, &opts).unwrap()
            }),
        );
        let with_ofd = gongwen::Options {
            formats: gongwen::Formats::parse("docx,pdf,ofd").unwrap(),
            ..opts.clone()
        };
        add(
            "build_file with --formats docx,pdf,ofd",
            time(runs, || {
                gongwen::build_file(input, &out_dir, &with_ofd).unwrap()
            }),
        );
    }
    let _ = std::fs::remove_dir_all(&out_dir);

    let w = rows
        .iter()
        .map(|r| r.stage.chars().count())
        .max()
        .unwrap_or(0);
    let wi = rows.iter().map(|r| r.input.len()).max().unwrap_or(0);
    println!();
    println!(
        "| {:wi$} | {:w$} | {:>10} | {:>8} | {:>8} |",
        "input", "stage", "median ms", "min ms", "max ms"
    );
    println!(
        "|{}|{}|{}|{}|{}|",
        "-".repeat(wi + 2),
        "-".repeat(w + 2),
        "-".repeat(12),
        "-".repeat(10),
        "-".repeat(10)
    );
    for r in &mut rows {
        r.runs.sort();
        println!(
            "| {:wi$} | {:w$} | {:>10} | {:>8} | {:>8} |",
            r.input,
            r.stage,
            ms(r.runs[r.runs.len() / 2]),
            ms(r.runs[0]),
            ms(*r.runs.last().unwrap()),
        );
    }
    println!();
    for (name, docx, pdf, pages) in &sizes {
        println!(
            "{name}: {pages} pages, .docx {:.1} KB, .pdf {:.1} KB",
            *docx as f64 / 1024.0,
            *pdf as f64 / 1024.0
        );
    }
    println!("at end: {}", mem());

    let n = std::env::var("GONGWEN_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if n > 0 {
        batch(n, root, &opts);
    }
}

/// In-process batch of `n` copies of the specimen (another agency each), on
/// all cores: first each result dropped as soon as it is written, then through
/// `batch::build_all`, which returns every outcome. VmHWM only grows, so the
/// second figure is the larger of the two.
fn batch(n: usize, root: &Path, opts: &Options) {
    use rayon::prelude::*;
    let text = std::fs::read_to_string(root.join("fixtures/wenshang-2024.json")).unwrap();
    let dir = std::env::temp_dir().join(format!("gongwen-bench-batch-{}", std::process::id()));
    let (inputs_dir, out) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir_all(&inputs_dir).unwrap();
    let inputs: Vec<PathBuf> = (0..n)
        .map(|i| {
            let p = inputs_dir.join(format!("report-{i:05}.json"));
            std::fs::write(
                &p,
                text.replace("汶上县投资促进服务中心", &format!("某某县第{i}局")),
            )
            .unwrap();
            p
        })
        .collect();
    println!();
    println!(
        "batch of {n} specimen copies on {} threads:",
        rayon::current_num_threads()
    );
    let t = Instant::now();
    let ok = inputs
        .par_iter()
        .filter(|p| gongwen::build_file(p, &out, opts).is_ok())
        .count();
    println!(
        "  build_file, results dropped:     {ok}/{n} in {:.2} s ({:.1} ms per report); {}",
        t.elapsed().as_secs_f64(),
        t.elapsed().as_secs_f64() * 1000.0 / n as f64,
        mem()
    );
    let t = Instant::now();
    let outcomes = gongwen::batch::build_all(&inputs, &out, opts, &|_| {});
    let elapsed = t.elapsed();
    println!(
        "  batch::build_all (as gongwen build): {}/{n} in {:.2} s ({:.1} ms per report); {}",
        outcomes.iter().filter(|o| o.result.is_ok()).count(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / n as f64,
        mem()
    );
    drop(outcomes);
    let _ = std::fs::remove_dir_all(&dir);
}
