//! The .docx keeps its format when edited: its styles say what a 公文's
//! paragraphs look like, every paragraph names one, the grid is 22 × 28, the
//! 署名 and date are right-aligned by character indents, and the font table
//! says what to substitute.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use common::{build, stderr, temp_dir};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The XML parts of a fixture's .docx, by name.
fn parts(name: &str) -> HashMap<String, String> {
    parts_of(&fixture(name))
}

/// The XML parts of the .docx built from `input`, by name.
fn parts_of(input: &Path) -> HashMap<String, String> {
    let name = input.file_name().unwrap().to_str().unwrap();
    let dir = temp_dir(&format!("docx-styles-{name}"));
    let o = build(input, &dir);
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let bytes = std::fs::read(dir.join(format!("{stem}.docx"))).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        if part.name().ends_with(".xml") {
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            out.insert(part.name().to_string(), xml);
        }
    }
    out
}

fn attr<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(W))
}

/// styleId → the style element's XML text, from styles.xml.
fn styles(xml: &str) -> HashMap<String, (String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "style")))
        .map(|s| {
            let id = attr(s, "styleId").unwrap().to_string();
            let name = attr(child(s, "name").unwrap(), "val").unwrap().to_string();
            (id, (name, xml[s.range()].to_string()))
        })
        .collect()
}

const FIXTURES: &[&str] = &[
    "wenshang-2024.json",
    "wenshang-2024.document.json",
    "notice.json",
    "request.json",
    "letter.json",
    "minutes.json",
    "order.json",
];

#[test]
fn styles_hold_normal_the_headings_and_the_named_parts() {
    let p = parts("wenshang-2024.json");
    let s = styles(&p["word/styles.xml"]);
    for (id, name) in [
        ("Normal", "Normal"),
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
        ("Heading4", "heading 4"),
        ("GongwenTitle", "公文标题"),
        ("GongwenAddressee", "主送机关"),
        ("GongwenAttachmentNote", "附件说明"),
        ("GongwenSignature", "发文机关署名"),
        ("GongwenDate", "成文日期"),
        ("GongwenColophon", "版记"),
        ("GongwenTableText", "表格文字"),
        ("GongwenPageNumber", "页码"),
    ] {
        let (n, _) = s.get(id).unwrap_or_else(|| panic!("no style {id}"));
        assert_eq!(n, name, "{id}");
    }
    // 正文: 仿宋_GB2312 三号, exact 579-twip lines, two characters in, justified
    let normal = &s["Normal"].1;
    for want in [
        r#"w:eastAsia="仿宋_GB2312""#,
        r#"<w:sz w:val="32"/>"#,
        r#"w:line="579" w:lineRule="exact""#,
        r#"w:firstLineChars="200""#,
        r#"<w:jc w:val="both"/>"#,
    ] {
        assert!(normal.contains(want), "Normal lacks {want}: {normal}");
    }
    // headings: outline levels 0–3 and the fonts by level
    for (level, font) in [
        (1, "黑体"),
        (2, "楷体_GB2312"),
        (3, "仿宋_GB2312"),
        (4, "仿宋_GB2312"),
    ] {
        let h = &s[&format!("Heading{level}")].1;
        assert!(
            h.contains(&format!(r#"<w:outlineLvl w:val="{}"/>"#, level - 1)),
            "{h}"
        );
        assert!(
            h.contains(&format!(r#"w:eastAsia="{font}""#)),
            "heading {level}: {h}"
        );
        assert!(h.contains(r#"<w:basedOn w:val="Normal"/>"#), "{h}");
    }
    // no theme fonts anywhere
    assert!(!p["word/styles.xml"].contains("Theme"), "theme fonts named");
    assert!(
        !p["word/document.xml"].contains("Theme"),
        "theme fonts named"
    );
}

#[test]
fn every_paragraph_references_a_style_and_body_runs_carry_no_fonts() {
    for name in FIXTURES {
        let p = parts(name);
        let ids = styles(&p["word/styles.xml"]);
        let doc = roxmltree::Document::parse(&p["word/document.xml"]).unwrap();
        for para in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
            let style = child(para, "pPr")
                .and_then(|ppr| child(ppr, "pStyle"))
                .and_then(|s| attr(s, "val"));
            let style = style.unwrap_or_else(|| {
                panic!(
                    "{name}: a paragraph without a style: {}",
                    &p["word/document.xml"][para.range()]
                )
            });
            assert!(ids.contains_key(style), "{name}: unknown style {style}");
            if style == "Normal" || style.starts_with("Heading") {
                for r in para.children().filter(|c| c.has_tag_name((W, "r"))) {
                    if let Some(rpr) = child(r, "rPr") {
                        // bold, the spacing of a line the layout tightened or
                        // spread (no style can say it: it is per line), and
                        // the hint that quotation marks and dashes are East
                        // Asian (it names no font)
                        let hint_only = |c: &roxmltree::Node| {
                            c.tag_name().name() == "rFonts"
                                && c.attributes()
                                    .all(|a| a.name() == "hint" && a.value() == "eastAsia")
                        };
                        let only_bold = rpr.children().filter(|c| c.is_element()).all(|c| {
                            ["b", "bCs", "spacing"].contains(&c.tag_name().name()) || hint_only(&c)
                        });
                        assert!(
                            only_bold,
                            "{name}: direct formatting in a {style} run: {}",
                            &p["word/document.xml"][r.range()]
                        );
                    }
                }
            }
        }
        // the specimen's headings are heading 1 and 2 paragraphs
        if name.starts_with("wenshang") {
            let xml = &p["word/document.xml"];
            assert!(xml.contains(r#"<w:pStyle w:val="Heading1"/>"#), "{name}");
            assert!(xml.contains(r#"<w:pStyle w:val="Heading2"/>"#), "{name}");
            assert!(
                xml.contains(r#"<w:pStyle w:val="GongwenTableText"/>"#),
                "{name}"
            );
        }
    }
}

#[test]
fn the_grid_is_22_lines_of_28_characters() {
    for name in FIXTURES {
        let p = parts(name);
        let doc = roxmltree::Document::parse(&p["word/document.xml"]).unwrap();
        let grids: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "docGrid")))
            .collect();
        assert!(!grids.is_empty(), "{name}");
        for g in grids {
            assert_eq!(attr(g, "type"), Some("linesAndChars"), "{name}");
            let pitch: f64 = attr(g, "linePitch").unwrap().parse().unwrap();
            let space: f64 = attr(g, "charSpace").unwrap().parse().unwrap();
            let sect = g.parent().unwrap();
            let num = |el: &str, a: &str| -> f64 {
                attr(child(sect, el).unwrap(), a).unwrap().parse().unwrap()
            };
            let width = num("pgSz", "w") - num("pgMar", "left") - num("pgMar", "right");
            let height = num("pgSz", "h") - num("pgMar", "top") - num("pgMar", "bottom");
            // Word: lines = block height / pitch; characters = block width /
            // (body size + charSpace/4096 pt)
            assert_eq!((height / pitch).floor(), 22.0, "{name}");
            let char_pitch = (16.0 + space / 4096.0) * 20.0;
            assert_eq!((width / char_pitch).floor(), 28.0, "{name}: {space}");
        }
    }
}

#[test]
fn the_signature_and_date_are_right_aligned_by_character_indents() {
    // no seal (7.3.5.2): 署名 右空二字 from its style; the date's offset in
    // characters, two characters right of the 署名's start
    let p = parts("wenshang-2024.json");
    let s = styles(&p["word/styles.xml"]);
    let sig = &s["GongwenSignature"].1;
    assert!(sig.contains(r#"<w:jc w:val="right"/>"#), "{sig}");
    assert!(sig.contains(r#"w:right="630" w:rightChars="200""#), "{sig}");
    let date = &s["GongwenDate"].1;
    assert!(date.contains(r#"<w:jc w:val="right"/>"#), "{date}");
    let doc = &p["word/document.xml"];
    let at = doc.find(r#"<w:pStyle w:val="GongwenSignature"/>"#).unwrap();
    let sig_p = &doc[at..at + doc[at..].find("</w:p>").unwrap()];
    assert!(!sig_p.contains("<w:tab"), "{sig_p}");
    assert!(sig_p.contains("汶上县投资促进服务中心"), "{sig_p}");
    let at = doc.find(r#"<w:pStyle w:val="GongwenDate"/>"#).unwrap();
    let date_p = &doc[at..at + doc[at..].find("</w:p>").unwrap()];
    // 11 characters of name, 2 in from the right: the date (2025年1月21日,
    // about 7.4 characters wide) ends 11 − 7.4 ≈ 3.6 characters in
    let chars: i32 = date_p
        .split(r#"w:rightChars=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{date_p}"));
    assert!((300..=420).contains(&chars), "{chars}");
    // with a seal (7.3.5.1): the date 右空四字, the style's own offset
    let p = parts("notice.json");
    let doc = &p["word/document.xml"];
    let at = doc.find(r#"<w:pStyle w:val="GongwenDate"/>"#).unwrap();
    let date_p = &doc[at..at + doc[at..].find("</w:p>").unwrap()];
    assert!(!date_p.contains("w:rightChars"), "{date_p}");
    let s = styles(&p["word/styles.xml"]);
    assert!(s["GongwenDate"]
        .1
        .contains(r#"w:right="1260" w:rightChars="400""#));
    // the seal is still anchored to the 署名 paragraph
    let at = doc.find(r#"<w:pStyle w:val="GongwenSignature"/>"#).unwrap();
    let sig_p = &doc[at..at + doc[at..].find("</w:p>").unwrap()];
    assert!(sig_p.contains("<wp:anchor"), "{sig_p}");
}

#[test]
fn the_font_table_says_what_to_substitute() {
    let p = parts("notice.json");
    let fonts = &p["word/fontTable.xml"];
    for (name, alt) in [
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("方正小标宋简体", "宋体"),
        ("黑体", "SimHei"),
    ] {
        let at = fonts
            .find(&format!(r#"<w:font w:name="{name}">"#))
            .unwrap_or_else(|| panic!("{name}: {fonts}"));
        let entry = &fonts[at..at + fonts[at..].find("</w:font>").unwrap()];
        assert!(
            entry.contains(&format!(r#"<w:altName w:val="{alt}"/>"#)),
            "{entry}"
        );
        assert!(entry.contains(r#"<w:charset w:val="86"/>"#), "{entry}");
        assert!(entry.contains("<w:panose1 "), "{entry}");
    }
}

/// Twips of a `w:ind` attribute of a paragraph (0 when absent).
fn indent(para: roxmltree::Node, side: &str) -> i64 {
    child(para, "pPr")
        .and_then(|ppr| child(ppr, "ind"))
        .and_then(|ind| attr(ind, side))
        .map_or(0, |v| v.parse().unwrap())
}

/// A paragraph's text width in twips as Word measures it: every character one
/// em of its run's size (the marks are Chinese), times the run's scale, plus
/// the run's spacing after each of its characters.
fn text_width(para: roxmltree::Node) -> i64 {
    let mut w = 0;
    for r in para.children().filter(|c| c.has_tag_name((W, "r"))) {
        let rpr = child(r, "rPr");
        let val = |el: &str, default: i64| -> i64 {
            rpr.and_then(|p| child(p, el))
                .and_then(|e| attr(e, "val"))
                .map_or(default, |v| v.parse().unwrap())
        };
        let chars: i64 = r
            .children()
            .filter(|c| c.has_tag_name((W, "t")))
            .map(|t| t.text().unwrap_or("").chars().count() as i64)
            .sum();
        w += chars * (val("sz", 32) * 10 * val("w", 100) / 100 + val("spacing", 0));
    }
    w
}

/// Whether a paragraph snaps to the document grid: its own `w:snapToGrid`,
/// else its style's (and the styles it is based on), else the defaults'.
fn snaps_to_grid(para: roxmltree::Node, styles_xml: &roxmltree::Document) -> bool {
    let snap = |ppr: Option<roxmltree::Node>| {
        ppr.and_then(|p| child(p, "snapToGrid"))
            .map(|s| !matches!(attr(s, "val"), Some("0" | "false" | "off")))
    };
    if let Some(v) = snap(child(para, "pPr")) {
        return v;
    }
    let mut id = child(para, "pPr")
        .and_then(|p| child(p, "pStyle"))
        .and_then(|s| attr(s, "val"))
        .map(str::to_string);
    while let Some(sid) = id {
        let style = styles_xml
            .descendants()
            .find(|n| n.has_tag_name((W, "style")) && attr(*n, "styleId") == Some(sid.as_str()))
            .unwrap_or_else(|| panic!("no style {sid}"));
        if let Some(v) = snap(child(style, "pPr")) {
            return v;
        }
        id = child(style, "basedOn")
            .and_then(|b| attr(b, "val"))
            .map(str::to_string);
    }
    let defaults = styles_xml
        .descendants()
        .find(|n| n.has_tag_name((W, "pPrDefault")))
        .and_then(|d| child(d, "pPr"));
    snap(defaults).unwrap_or(true)
}

/// A 联合行文 mark is a borderless table of one exact-height row: the names
/// stacked in the first cell, the mark word in the second. LibreOffice wraps
/// a line that fills its cell to the twip (it rounds the names' character
/// spacing up), and the exact row then hides the next name: so every
/// paragraph leaves room in its cell, the room before the names equals the
/// room after the mark word (the centred table centres the mark as the PDF
/// does), and no paragraph of the mark snaps to the character grid. Checked
/// on the fixture (two names, 初号) and on four long names, condensed.
#[test]
fn a_joint_mark_leaves_room_in_its_cells_and_does_not_snap_to_the_grid() {
    let dir = temp_dir("docx-styles-joint-input");
    // the seals beside the input: an input names only images in its own folder
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    for seal in ["demo-bureau.png", "demo-committee.png"] {
        std::fs::copy(
            fixture(&format!("seals/{seal}")),
            dir.join("seals").join(seal),
        )
        .unwrap();
    }
    let mut four: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("request.json")).unwrap()).unwrap();
    four["header"]["issuers"] = serde_json::json!([
        "某某省某某市人民政府办公室",
        "某某省某某市发展和改革委员会",
        "某某市财政局",
        "某某市住房和城乡建设局"
    ]);
    let text = serde_json::to_string(&four).unwrap();
    let four_path = dir.join("joint-four.json");
    std::fs::write(&four_path, text).unwrap();
    for (input, names) in [(fixture("request.json"), 2), (four_path, 4)] {
        let p = parts_of(&input);
        let styles_xml = roxmltree::Document::parse(&p["word/styles.xml"]).unwrap();
        let doc = roxmltree::Document::parse(&p["word/document.xml"]).unwrap();
        let tables: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "tbl")))
            .filter(|t| {
                t.descendants()
                    .any(|c| c.has_tag_name((W, "color")) && attr(c, "val") == Some("FF0000"))
            })
            .collect();
        assert_eq!(tables.len(), 1, "{input:?}: one joint mark table");
        let table = tables[0];
        let cells: Vec<_> = table
            .descendants()
            .filter(|n| n.has_tag_name((W, "tc")))
            .collect();
        assert_eq!(cells.len(), 2, "{input:?}: names and mark word");
        let mut rooms = Vec::new();
        for cell in &cells {
            let width: i64 = child(child(*cell, "tcPr").unwrap(), "tcW")
                .and_then(|w| attr(w, "w"))
                .unwrap()
                .parse()
                .unwrap();
            let paras: Vec<_> = cell
                .children()
                .filter(|c| c.has_tag_name((W, "p")))
                .collect();
            for para in &paras {
                assert!(
                    !snaps_to_grid(*para, &styles_xml),
                    "{input:?}: a mark paragraph snaps to the grid"
                );
                let used = indent(*para, "left") + text_width(*para);
                let em = 10
                    * child(
                        para.children().find(|c| c.has_tag_name((W, "r"))).unwrap(),
                        "rPr",
                    )
                    .and_then(|p| child(p, "sz"))
                    .and_then(|s| attr(s, "val"))
                    .unwrap()
                    .parse::<i64>()
                    .unwrap();
                assert!(
                    width - used >= em / 5,
                    "{input:?}: a line of {used} twips in a cell of {width} leaves less than a fifth of an em ({em})"
                );
            }
            rooms.push((paras.clone(), width));
        }
        assert_eq!(rooms[0].0.len(), names, "{input:?}: the names stacked");
        let before = indent(rooms[0].0[0], "left");
        let after = rooms[1].1 - text_width(rooms[1].0[0]);
        assert!(
            before > 0 && (before - after).abs() <= 5, // the test measures per character, rounded
            "{input:?}: {before} before the names, {after} after the mark word"
        );
        // the table's width is its columns'
        let total: i64 = rooms.iter().map(|(_, w)| w).sum();
        let tblw = child(child(table, "tblPr").unwrap(), "tblW").unwrap();
        assert_eq!(attr(tblw, "w").unwrap().parse::<i64>().unwrap(), total);
    }
}

/// Word leaves the layout's space between a heading and the table under it
/// (`StyleProfile::table_space_before`) as the heading's space after, and
/// draws at the top exactly the cells the layout printed there: 表三's split
/// 三、本年度办理结果 and （三）不予公开, and the row above the break
/// (`w:vAlign="top"`).
#[test]
fn the_paragraph_before_a_table_leaves_its_space_and_split_labels_are_at_the_top() {
    let p = parts("wenshang-2024.json");
    let doc = roxmltree::Document::parse(&p["word/document.xml"]).unwrap();
    let space = gongwen::style::StyleProfile::gbt9704()
        .table_space_before()
        .to_string();
    let tables: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "tbl")
        .collect();
    assert_eq!(tables.len(), 3);
    for t in &tables {
        let before = t.prev_sibling_element().unwrap();
        assert_eq!(before.tag_name().name(), "p");
        let spacing = child(child(before, "pPr").unwrap(), "spacing").unwrap();
        assert_eq!(attr(spacing, "after"), Some(space.as_str()));
    }
    let top: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "tc")
        .filter(|tc| {
            let pr = child(*tc, "tcPr").unwrap();
            child(pr, "vAlign").and_then(|v| attr(v, "val")) == Some("top")
        })
        .map(|tc| {
            tc.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect()
        })
        .filter(|s: &String| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
        .collect();
    // and the row above the break (7.属于行政执法案卷: one line, top or centred alike)
    assert_eq!(
        top[..2],
        ["三、本年度办理结果", "（三）不予公开"],
        "{top:?}"
    );
    assert!(top.len() <= 3, "{top:?}");
}
