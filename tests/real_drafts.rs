//! What real drafts carry that the document kind used to refuse: the
//! 印发/转发 notice with the document it issues after the 落款; a 附件说明
//! naming attachments that travel separately; a 落款 with only a date;
//! look-alike characters (﹝﹞); quotation marks, dashes and ellipses in the
//! Chinese font in the .docx as in the PDF.

use gongwen::fonts::FontBook;
use gongwen::model::{BlockKind, Document};
use gongwen::style::FontRole;

fn model(json: &str) -> Result<(Document, Vec<gongwen::error::Diagnostic>), String> {
    match gongwen::input::parse(json).map_err(|d| d.message)? {
        gongwen::input::Input::Document(d) => {
            d.into_model_with(&gongwen::Assets::None).map_err(|e| {
                e.iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        _ => Err("not a document".into()),
    }
}

const ISSUING: &str = r#"{"kind":"document","blocks":[
  {"title":"关于印发《某某县安全生产专项整治实施方案》的通知"},
  {"addressee":"各乡镇人民政府，县政府各部门："},
  {"paragraph":"现将《某某县安全生产专项整治实施方案》印发给你们，请认真贯彻执行。"},
  {"signature":{"agency":"某某县人民政府办公室","date":"2024-03-05"}},
  {"note":"此件公开发布"}],
  "issued":[{"title":"某某县安全生产专项整治实施方案","blocks":[{"heading":{"level":1,"text":"一、工作目标"}},{"paragraph":"到2024年底，事故总量明显下降。"}]}]}"#;

#[test]
fn an_issued_document_follows_the_signature_on_a_new_page_without_a_note() {
    let (doc, _) = model(ISSUING).unwrap();
    let start = doc
        .blocks
        .iter()
        .position(
            |b| matches!(&b.kind, BlockKind::AttachmentStart { label, .. } if label.is_empty()),
        )
        .expect("the issued document starts");
    assert!(matches!(doc.blocks[start - 1].kind, BlockKind::Note(_)));
    let fonts = FontBook::bundled();
    let l = gongwen::layout::layout(&doc, &fonts).unwrap();
    assert_eq!(l.pages.len(), 2);
    // page 2 opens with the issued title, in the title font, and no 附件 label
    let page2: String = l.pages[1]
        .items
        .iter()
        .filter_map(|i| match i {
            gongwen::layout::Item::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        page2.starts_with("某某县安全生产专项整治实施方案"),
        "{page2}"
    );
    assert!(!page2.contains("附件"));
    // the .docx starts the title on a new page
    let xml = document_xml(&gongwen::docx::write(&doc).unwrap());
    let at = xml.find("某某县安全生产专项整治实施方案</w:t>").unwrap();
    let p = &xml[xml[..at].rfind("<w:p ").unwrap()..at];
    assert!(p.contains("<w:pageBreakBefore"), "{p}");
}

#[test]
fn a_note_naming_attachments_sent_separately_is_a_warning() {
    let base = |attachments: &str| {
        format!(
            r#"{{"kind":"document","blocks":[{{"paragraph":"正文。"}},{{"attachment_note":["甲表","乙表"]}},{{"signature":{{"agency":"某局","date":"2024-03-05"}}}}],"attachments":{attachments}}}"#
        )
    };
    // none given, or the first given: warnings naming the others
    let (_, w) = model(&base("[]")).unwrap();
    assert!(w.iter().any(|d| d.message.contains("甲表、乙表")), "{w:?}");
    let (_, w) = model(&base(r#"[{"title":"甲表","blocks":[{"paragraph":"x"}]}]"#)).unwrap();
    assert!(
        w.iter()
            .any(|d| d.message.contains("乙表") && !d.message.contains("甲表")),
        "{w:?}"
    );
    // a different title is still an error
    let e = model(&base(r#"[{"title":"丙表","blocks":[{"paragraph":"x"}]}]"#)).unwrap_err();
    assert!(e.contains("丙表") || e.contains("2"), "{e}");
}

#[test]
fn look_alike_brackets_are_normalised_never_refused() {
    let json = r#"{"kind":"document","header":{"issuers":["某某局"],"doc_number":"某发﹝2024﹞3号"},"blocks":[{"paragraph":"根据《通知》（某发﹝2023﹞1号）要求﹐现通知如下。"}]}"#;
    let (doc, w) = model(json).unwrap();
    assert_eq!(
        doc.furniture.header.as_ref().unwrap().doc_number.as_deref(),
        Some("某发〔2024〕3号")
    );
    assert_eq!(
        doc.blocks[0].text(),
        "根据《通知》（某发〔2023〕1号）要求，现通知如下。"
    );
    assert!(w
        .iter()
        .any(|d| d.location == "header.doc_number" && d.message.contains("﹝→〔")));
    // and every character is in a font: it builds
    gongwen::layout::layout(&doc, &FontBook::bundled()).unwrap();
}

#[test]
fn quotes_dashes_and_ellipses_take_the_chinese_font_in_both_files() {
    let json = r#"{"kind":"document","blocks":[{"paragraph":"建立“全员安全生产责任制”——从主要负责人到一线从业人员……"}]}"#;
    let (doc, _) = model(json).unwrap();
    let fonts = FontBook::bundled();
    let cjk = fonts.role_face(FontRole::Body, false);
    for ch in ['“', '”', '—', '…'] {
        assert_eq!(
            fonts.glyph_for(ch, FontRole::Body, false).unwrap().0,
            cjk,
            "{ch}"
        );
    }
    let xml = document_xml(&gongwen::docx::write(&doc).unwrap());
    let at = xml.find("建立“").unwrap();
    let run = &xml[xml[..at].rfind("<w:r>").unwrap()..at];
    assert!(run.contains(r#"w:hint="eastAsia""#), "{run}");
}

#[test]
fn drafts_of_these_forms_are_recognised() {
    // a 印发 notice: the issued plan after the 落款, no 附件说明
    let text = "关于印发《某某县安全生产专项整治实施方案》的通知\n各乡镇人民政府：\n现将方案印发给你们，请认真贯彻执行。\n\n某某县人民政府办公室\n2024年3月5日\n（此件公开发布）\n某某县安全生产专项整治实施方案\n一、工作目标\n到2024年底，事故总量明显下降。\n";
    let got = gongwen::draft::import(text.as_bytes(), gongwen::draft::Source::Txt).unwrap();
    assert_eq!(got.outline.issued, ["某某县安全生产专项整治实施方案"]);
    assert_eq!(got.outline.headings, [(1, "一、工作目标".to_string())]);
    assert!(got.lost.is_empty());
    let (doc, _) = model(&got.input.to_string()).unwrap();
    gongwen::layout::layout(&doc, &FontBook::bundled()).unwrap();
    // a 落款 with the date only: the 署名 from the 版头, with a warning
    let text = "某某市财政局文件\n某财发〔2024〕8号\n关于报送预算执行情况的报告\n市人民政府：\n现将有关情况报告如下。\n\n2024年3月5日\n";
    let got = gongwen::draft::import(text.as_bytes(), gongwen::draft::Source::Txt).unwrap();
    let sig = got.outline.signature.as_ref().unwrap();
    assert_eq!(sig.agencies, ["某某市财政局"]);
    assert!(got
        .warnings
        .iter()
        .any(|w| w.message.contains("某某市财政局")));
}

fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}
