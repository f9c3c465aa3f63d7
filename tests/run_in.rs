//! Run-in headings (（一）加强组织领导。各单位要……): the heading in its
//! level's font and the text after it in the body font, on the same line,
//! wrapped as one indented paragraph — in the layout (so the PDF and the
//! OFD), in the .docx, and from the JSON input.

use gongwen::fonts::FontBook;
use gongwen::layout::{layout, Item};
use gongwen::model::BlockKind;
use gongwen::style::FontRole;

const INPUT: &str = r#"{"kind":"document","blocks":[
  {"heading":{"level":2,"text":"（一）加强组织领导。","run_in":"各单位要高度重视安全生产工作，把安全生产摆在突出位置，主要负责同志要亲自部署、亲自过问，确保各项措施落到实处。"}},
  {"heading":{"level":1,"text":"一、总体要求"}},
  {"paragraph":"各单位要高度重视安全生产工作，把安全生产摆在突出位置，主要负责同志要亲自部署、亲自过问，确保各项措施落到实处。"}
]}"#;

fn document() -> gongwen::model::Document {
    match gongwen::input::parse(INPUT).unwrap() {
        gongwen::input::Input::Document(d) => d.into_model().unwrap(),
        _ => unreachable!(),
    }
}

#[test]
fn the_model_keeps_the_heading_and_its_text() {
    let doc = document();
    let BlockKind::Heading {
        level,
        text,
        run_in,
    } = &doc.blocks[0].kind
    else {
        panic!("{:?}", doc.blocks[0].kind)
    };
    assert_eq!((*level, text.as_str()), (2, "（一）加强组织领导。"));
    assert!(run_in.as_deref().unwrap().starts_with("各单位要"));
    assert!(doc.blocks[0]
        .text()
        .starts_with("（一）加强组织领导。各单位要"));
}

#[test]
fn the_layout_sets_the_heading_in_its_font_and_wraps_the_text_as_one_paragraph() {
    let doc = document();
    let fonts = FontBook::bundled();
    let l = layout(&doc, &fonts).unwrap();
    let texts: Vec<_> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
        .collect();
    let kai = fonts.glyph_for('加', FontRole::Heading2, false).unwrap().0;
    let song = fonts.glyph_for('各', FontRole::Body, false).unwrap().0;
    let hei = fonts.glyph_for('总', FontRole::Heading1, false).unwrap().0;
    assert_ne!(kai, song);
    // the heading part in 楷体, the text after it in the body face, on the first line
    let first = texts[0].baseline;
    let on_first: Vec<_> = texts.iter().filter(|t| t.baseline == first).collect();
    let face_of = |ch: char| {
        on_first
            .iter()
            .find(|t| t.text.contains(ch))
            .map(|t| t.face)
            .unwrap()
    };
    assert_eq!(face_of('领'), kai);
    assert_eq!(face_of('各'), song);
    // the first line is indented two characters and the second starts at the margin,
    // as the plain paragraph with the same text below it
    let x_of = |t: &&gongwen::layout::TextItem| t.glyphs[0].1;
    let lines: Vec<f32> = {
        let mut b: Vec<f32> = texts.iter().map(|t| t.baseline).collect();
        b.dedup();
        b
    };
    assert!(lines.len() >= 5, "{lines:?}");
    let start = |baseline: f32| {
        texts
            .iter()
            .filter(|t| t.baseline == baseline)
            .map(x_of)
            .fold(f32::MAX, f32::min)
    };
    let body_size = doc.style.body_size as f32 / 2.0;
    assert!((start(lines[0]) - start(lines[1]) - 2.0 * body_size).abs() < 1.5);
    // the level-1 heading after it is 黑体
    assert!(texts.iter().any(|t| t.text.contains('总') && t.face == hei));
}

#[test]
fn the_docx_writes_one_body_paragraph_with_the_heading_run_in_its_font() {
    let doc = document();
    let bytes = gongwen::docx::write(&doc).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let at = xml.find("（一）加强组织领导。").unwrap();
    let p_start = xml[..at].rfind("<w:p ").unwrap();
    let p_end = at + xml[at..].find("</w:p>").unwrap();
    let p = &xml[p_start..p_end];
    assert!(p.contains(r#"<w:pStyle w:val="Normal"/>"#), "{p}");
    assert!(p.contains(r#"w:eastAsia="楷体_GB2312""#), "{p}");
    assert!(p.contains("各单位要高度重视"), "one paragraph: {p}");
    // and the heading's font is on the heading's run only
    let body_run = &p[p.find("各单位要").unwrap() - 120..p.find("各单位要").unwrap()];
    assert!(!body_run.contains("楷体"), "{body_run}");
}

#[test]
fn a_run_in_heading_is_recognised_in_a_draft() {
    let text = "关于加强安全生产工作的意见\n各单位：\n一、总体要求\n（一）加强组织领导。各单位要高度重视安全生产工作，主要负责同志要亲自部署。\n（二）压实主体责任，企业是安全生产的责任主体，要建立健全责任制。\n\n某某县人民政府\n2024年3月5日\n";
    let got = gongwen::draft::import(text.as_bytes(), gongwen::draft::Source::Txt).unwrap();
    let blocks = got.input["blocks"].as_array().unwrap();
    assert!(blocks.contains(&serde_json::json!({"heading": {"level": 2, "text": "（一）加强组织领导。", "run_in": "各单位要高度重视安全生产工作，主要负责同志要亲自部署。"}})), "{blocks:?}");
    // a first sentence with a comma is no run-in heading: the line stays a paragraph
    assert!(blocks.contains(&serde_json::json!({"paragraph": "（二）压实主体责任，企业是安全生产的责任主体，要建立健全责任制。"})));
    assert!(got.lost.is_empty());
}
