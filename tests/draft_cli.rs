//! `gongwen import DRAFT` and `gongwen build/check DRAFT`: a draft (.txt,
//! .md, .docx) recognised into a document input, its outline printed, and
//! built; an annual report's .docx still imports as a report; an output
//! that would overwrite its own input is an error.

mod common;

use serde_json::Value;

const NOTICE: &str = "某某县人民政府办公室文件\n\n某政办发〔2024〕12号\n\n关于做好政务公开工作的通知\n\n各乡镇人民政府，县政府各部门：\n现就有关事项通知如下。\n一、总体要求\n坚持以公开为常态。\n（一）加强领导\n各单位要高度重视。\n\n某某县人民政府办公室\n2024年3月5日\n";

#[test]
fn import_writes_the_document_input_and_prints_the_outline() {
    let dir = common::temp_dir("draft-import");
    let draft = dir.join("通知.txt");
    std::fs::write(&draft, NOTICE).unwrap();
    let out = dir.join("notice.json");
    let o = common::gongwen(&[
        "import",
        draft.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let input: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(input["kind"], "document");
    assert_eq!(input["header"]["doc_number"], "某政办发〔2024〕12号");
    let err = common::stderr(&o);
    for part in [
        "title: 关于做好政务公开工作的通知",
        "heading level 2:",
        "落款 (signature): 某某县人民政府办公室 2024-03-05",
    ] {
        assert!(err.contains(part), "{part} not in\n{err}");
    }
    // the same in Chinese
    let o = common::gongwen_zh(&["import", draft.to_str().unwrap()]);
    let err = common::stderr(&o);
    assert!(err.contains("标题：关于做好政务公开工作的通知"), "{err}");
    // the JSON builds
    let o = common::build(&out, &dir.join("from-json"));
    assert!(o.status.success(), "{}", common::stderr(&o));
}

#[test]
fn build_and_check_take_a_draft_directly() {
    let dir = common::temp_dir("draft-build");
    let draft = dir.join("notice.md");
    std::fs::write(&draft, NOTICE.replace("一、总体要求", "## 一、总体要求")).unwrap();
    let o = common::gongwen(&["check", draft.to_str().unwrap(), "--fonts", "bundled"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("recognised as"));
    let out = dir.join("out");
    let o = common::build(&draft, &out);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(common::files_in(&out), ["notice.docx", "notice.pdf"]);
}

#[test]
fn an_output_that_would_overwrite_its_input_is_an_error() {
    let dir = common::temp_dir("draft-overwrite");
    let draft = dir.join("notice.txt");
    std::fs::write(&draft, NOTICE).unwrap();
    // a .docx draft built into its own folder would be replaced by its output
    let docx = dir.join("draft.docx");
    let o = common::build(&draft, &dir.join("x"));
    assert!(o.status.success(), "{}", common::stderr(&o));
    std::fs::copy(dir.join("x").join("notice.docx"), &docx).unwrap();
    let before = std::fs::read(&docx).unwrap();
    let o = common::build(&docx, &dir);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("would overwrite the input itself"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        before,
        "the draft is untouched"
    );
    let o = common::gongwen(&[
        "import",
        draft.to_str().unwrap(),
        "-o",
        draft.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), NOTICE);
}

#[test]
fn a_report_docx_still_imports_as_a_report_unless_told() {
    let dir = common::temp_dir("draft-report");
    let o = common::build(std::path::Path::new("fixtures/wenshang-2024.json"), &dir);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let docx = dir.join("wenshang-2024.docx");
    let o = common::gongwen(&["import", docx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "gov-info-annual-report");
    let o = common::gongwen(&["import", docx.to_str().unwrap(), "--as", "document"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "document");
    assert!(v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b.get("table").is_some()));
    // a text file cannot be a report
    let txt = dir.join("a.txt");
    std::fs::write(&txt, NOTICE).unwrap();
    let o = common::gongwen(&["import", txt.to_str().unwrap(), "--as", "report"]);
    assert!(!o.status.success());
}
