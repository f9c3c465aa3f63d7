//! Nothing of a document is drawn off its page (issue 21): what cannot fit
//! is refused with a message saying what fits, and every build checks that
//! each glyph, rule and image lies on its page and the text inside the 版心
//! (`layout::bounds`). Each refused case below built with exit 0 before,
//! its PDF missing text that LibreOffice showed.

use std::path::Path;

use serde_json::{json, Value};

mod common;

use common::{build, files_in as files, stderr, temp_dir as temp};

/// A PNG of `width` × `height` opaque red pixels.
fn red_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, width, height);
    e.set_color(png::ColorType::Rgb);
    let mut w = e.write_header().unwrap();
    w.write_image_data(&[220, 0, 0].repeat((width * height) as usize))
        .unwrap();
    w.finish().unwrap();
    out
}

/// A folder with the images the cases name.
fn folder(name: &str) -> std::path::PathBuf {
    let dir = temp(name);
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    for (file, w, h) in [
        ("tall.png", 40, 480),
        ("half.png", 100, 200),
        ("wide.png", 300, 100),
        ("round.png", 200, 200),
    ] {
        std::fs::write(dir.join("seals").join(file), red_png(w, h)).unwrap();
    }
    dir
}

fn blocks(signature: Value) -> Value {
    json!([
        {"title": "关于测试的通知"},
        {"addressee": "各单位："},
        {"paragraph": "正文。".repeat(40)},
        {"paragraph": "正文。".repeat(40)},
        signature
    ])
}

fn plain_signature() -> Value {
    json!({"signature": {"agency": "某某市示例局", "date": "2025-03-01"}})
}

/// `n` 抄送 names of ten characters.
fn names(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!("第{i}{}", "某".repeat(10))
                .chars()
                .take(10)
                .collect()
        })
        .collect()
}

fn order(title: &str, stamp: &str, width: Option<u32>) -> Value {
    let mut signer = json!({"title": title, "name": "张三", "stamp": stamp});
    if let Some(w) = width {
        signer["stamp_width_mm"] = json!(w);
    }
    json!({
        "kind": "document", "format": "order",
        "header": {"issuers": ["某某市人民政府"], "doc_number": "第1号"},
        "blocks": blocks(json!({"signature": {"signer": signer, "date": "2025-03-01"}}))
    })
}

fn sealed(seal: &str, mm: Option<u32>) -> Value {
    let mut agency = json!({"name": "某某市示例局", "seal": seal});
    if let Some(mm) = mm {
        agency["seal_diameter_mm"] = json!(mm);
    }
    json!({
        "kind": "document",
        "blocks": blocks(json!({"signature": {"agencies": [agency], "date": "2025-12-31"}}))
    })
}

fn with_colophon(format: &str, colophon: Value) -> Value {
    json!({
        "kind": "document", "format": format,
        "header": {"issuers": ["某某市示例局"], "doc_number": "示例发〔2025〕1号"},
        "blocks": blocks(plain_signature()),
        "colophon": colophon
    })
}

fn with_number(number: &str) -> Value {
    json!({
        "kind": "document",
        "header": {"issuers": ["某某市示例局"], "doc_number": number},
        "blocks": blocks(plain_signature())
    })
}

fn run(dir: &Path, name: &str, v: &Value) -> (std::process::Output, std::path::PathBuf) {
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, serde_json::to_vec(v).unwrap()).unwrap();
    let out = dir.join(format!("out-{name}"));
    (build(&input, &out), out)
}

#[test]
fn what_does_not_fit_on_the_page_is_refused_with_what_fits() {
    let dir = folder("fit-refused");
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "cc70",
            with_colophon(
                "standard",
                json!({"cc": names(70), "printer": "某某市示例局办公室", "print_date": "2025-03-03"}),
            ),
            vec![
                "colophon.cc",
                "the 版记 takes 30 lines and a page holds 22",
                "21 lines",
            ],
        ),
        (
            "letter-cc100",
            with_colophon("letter", json!({"cc": names(100)})),
            vec!["colophon.cc", "a page holds 22", "22 lines"],
        ),
        (
            "tall-seal",
            sealed("seals/tall.png", None),
            vec![
                "blocks[4].signature.agencies[0].seal",
                "40 × 480 pixels, 1:12 wide to tall",
                "between 1:2 and 2:1",
            ],
        ),
        (
            "tall-stamp",
            order("市长", "seals/tall.png", None),
            vec!["blocks[4].signature.signer.stamp", "between 1:2 and 3:1"],
        ),
        (
            "long-number",
            with_number(&format!("{}〔2025〕1号", "示".repeat(52))),
            vec!["header.doc_number", "at most about 27 characters"],
        ),
        (
            "long-title",
            order(&"职".repeat(60), "seals/round.png", None),
            vec![
                "blocks[4]",
                "签发人职务",
                "at most 16 characters fit beside this stamp",
            ],
        ),
        (
            "printer",
            with_colophon(
                "standard",
                json!({"printer": "某".repeat(30), "print_date": "2025-12-31"}),
            ),
            vec!["colophon.printer", "at most 18 characters"],
        ),
        (
            "signers-and-number",
            json!({
                "kind": "document",
                "header": {"issuers": ["某某市示例局"], "doc_number": "示例发〔2025〕12号", "signers": names(20)},
                "blocks": blocks(plain_signature())
            }),
            vec!["header.doc_number", "beside what shares its line"],
        ),
        (
            "seal-name",
            json!({
                "kind": "document",
                "blocks": blocks(json!({"signature": {"agencies": [{"name": "某".repeat(40), "seal": "seals/round.png"}], "date": "2025-12-31"}}))
            }),
            vec!["blocks[4]", "28 characters wide"],
        ),
    ];
    for (name, v, expected) in cases {
        let (o, out) = run(&dir, name, &v);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        for e in expected {
            assert!(err.contains(e), "{name}: expected “{e}” in:\n{err}");
        }
        assert!(files(&out).is_empty(), "{name}: {:?}", files(&out));
        // `check` finds it too: it lays the document out
        let input = dir.join(format!("{name}.json"));
        let o = common::gongwen(&["check", input.to_str().unwrap(), "--fonts", "bundled"]);
        assert_eq!(o.status.code(), Some(1), "check {name}: {}", stderr(&o));
    }
}

#[test]
fn what_fits_at_the_limits_builds() {
    let dir = folder("fit-limits");
    let cases: Vec<(&str, Value)> = vec![
        // the 抄送 filling the 21 lines a 版记 with 印发 has, and a letter's 22
        (
            "cc-21-lines",
            with_colophon(
                "standard",
                json!({"cc": names(51), "printer": "某某市示例局办公室", "print_date": "2025-12-31"}),
            ),
        ),
        (
            "letter-cc-22",
            with_colophon("letter", json!({"cc": names(54)})),
        ),
        (
            "printer-18",
            with_colophon(
                "standard",
                json!({"printer": "某".repeat(18), "print_date": "2025-12-31"}),
            ),
        ),
        ("number-27", with_number(&"示".repeat(27))),
        // the tallest seal and stamp: 1:2 at 80 mm, 160 mm tall
        ("seal-80-tall", sealed("seals/half.png", Some(80))),
        ("stamp-80-tall", order("市长", "seals/half.png", Some(80))),
        ("stamp-wide", order("市长", "seals/wide.png", Some(80))),
        ("title-16", order(&"职".repeat(16), "seals/round.png", None)),
        (
            "long-agencies",
            json!({
                "kind": "document",
                "blocks": blocks(json!({"signature": {"agencies": vec![json!({"name": "某".repeat(60)}); 6], "date": "2025-12-31"}}))
            }),
        ),
        // a line tightened to the most (0.05 em a character) on top of the
        // body's own −5 twips: its last glyph's box reaches 1.05 pt past
        // the 版心, its ink does not (from a published 会议通知, draft
        // corpus 27; refused as "在天长 does not fit" before)
        (
            "tightened-line",
            json!({"kind": "document", "blocks": [{"paragraph": "三、八届政协委员、住天长的滁州市政协委员、不是政协委员的各镇(街道)政协工作联络组负责人于1月14日下午1:00在天长宾馆三号楼大厅报到,领取会议材料。2:30在二招礼堂参加预备会议,3:00参加视察。"}]}),
        ),
    ];
    for (name, v) in cases {
        let (o, out) = run(&dir, name, &v);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(files(&out).len() == 2, "{name}: {:?}", files(&out));
    }
}
