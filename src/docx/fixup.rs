//! The repair pass over docx-rs's XML parts before zipping. docx-rs writes
//! property children out of schema order, drops `firstLineChars`, has no
//! `tblHeader` or `w:lang`, leaves core properties at "unknown"/1970, lists
//! only Latin fonts in the font table and adds empty parts Word does not need.
//! Each function below fixes one of these; `repair` applies them all.

use docx_rs::XMLDocx;

use super::embed::EmbeddedFont;
use super::furniture::{self, Raw};
use super::xml::{self, escape, Element, Node};
use crate::archive::Parts;
use crate::model::Document;
use crate::style::FontRole;

/// Schema order (ISO/IEC 29500-1 transitional) of the children of each property element.
const PPR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];
const RPR: &[&str] = &[
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];
const SECTPR: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];
const TBLPR: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
];
const TCPR: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
];
const BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
];

/// Applies every repair and returns the parts in packing order.
pub fn repair(
    x: XMLDocx,
    doc: &Document,
    header_rows: &[usize],
    raw: &Raw,
    fonts: &[EmbeddedFont],
) -> Result<Parts, String> {
    let mut document = xml::parse(&x.document)?;
    splice(&mut document, raw)?;
    if raw.unnumbered_tail {
        split_unnumbered_tail(&mut document);
    }
    fix_document(&mut document, doc, header_rows);
    let mut settings = xml::parse(&x.settings)?;
    fix_settings(&mut settings, !fonts.is_empty());
    let mut parts: Parts = vec![
        (
            "[Content_Types].xml".into(),
            content_types(
                &x.content_type,
                !x.headers.is_empty(),
                raw,
                !fonts.is_empty(),
            )?,
        ),
        ("_rels/.rels".into(), package_rels(&x.rels)?),
        ("docProps/app.xml".into(), x.doc_props.app.clone()),
        ("docProps/core.xml".into(), core_properties(doc)),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(&x.document_rels, raw)?,
        ),
        ("word/document.xml".into(), xml::write(&document)),
        (
            "word/styles.xml".into(),
            super::styles::styles_xml(&doc.style),
        ),
        ("word/settings.xml".into(), xml::write(&settings)),
        ("word/fontTable.xml".into(), font_table(doc, fonts)),
    ];
    if !fonts.is_empty() {
        parts.push((
            "word/_rels/fontTable.xml.rels".into(),
            font_table_rels(fonts.len()),
        ));
    }
    for (i, f) in x.footers.iter().enumerate() {
        let mut footer = xml::parse(f)?;
        splice(&mut footer, raw)?;
        fix_content(&mut footer, doc);
        parts.push((format!("word/footer{}.xml", i + 1), xml::write(&footer)));
    }
    for (i, h) in x.headers.iter().enumerate() {
        let mut header = xml::parse(h)?;
        splice(&mut header, raw)?;
        fix_content(&mut header, doc);
        parts.push((format!("word/header{}.xml", i + 1), xml::write(&header)));
    }
    if raw.unnumbered_tail {
        parts.push((EMPTY_FOOTER_PART.into(), EMPTY_FOOTER.as_bytes().to_vec()));
    }
    for (n, f) in fonts.iter().enumerate() {
        parts.push((format!("word/fonts/font{}.odttf", n + 1), f.data.clone()));
    }
    for (n, (_, png)) in raw.images.iter().enumerate() {
        parts.push((
            format!("word/media/gongwen{}.png", n + 1),
            png.as_ref().clone(),
        ));
    }
    Ok(parts)
}

/// The footer of the pages that carry no page number.
const EMPTY_FOOTER_PART: &str = "word/footerGongwenEmpty.xml";
const EMPTY_FOOTER_ID: &str = "rIdGongwenEmptyFooter";
const EMPTY_FOOTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p/></w:ftr>";

/// Namespaces the spliced fragments use, declared on a wrapper so they parse.
const FRAGMENT_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;

/// Replaces every marker paragraph (see `furniture::Raw::marker`) with its fragment.
fn splice(root: &mut Element, raw: &Raw) -> Result<(), String> {
    let mut failure = None;
    root.walk_mut(&mut |e| {
        if failure.is_some() || !e.children.iter().any(|n| marker_of(n).is_some()) {
            return;
        }
        let mut children = Vec::with_capacity(e.children.len());
        for n in std::mem::take(&mut e.children) {
            let Some(k) = marker_of(&n) else {
                children.push(n);
                continue;
            };
            let Some(xml) = raw.fragments.get(k) else {
                failure = Some(format!("no fragment {k}"));
                continue;
            };
            match xml::parse(
                format!("<gongwen-fragment {FRAGMENT_NS}>{xml}</gongwen-fragment>").as_bytes(),
            ) {
                Ok(wrapper) => children.extend(wrapper.children),
                Err(err) => failure = Some(format!("fragment {k}: {err}")),
            }
        }
        e.children = children;
    });
    failure.map_or(Ok(()), Err)
}

/// The fragment number of a marker paragraph.
fn marker_of(n: &Node) -> Option<usize> {
    let Node::Element(p) = n else { return None };
    if p.name != "w:p" {
        return None;
    }
    let t = p
        .elements()
        .filter(|r| r.name == "w:r")
        .flat_map(|r| r.elements())
        .find(|t| t.name == "w:t")?;
    let text: String = t
        .children
        .iter()
        .map(|c| match c {
            Node::Text(s) => s.as_str(),
            Node::Element(_) => "",
        })
        .collect();
    let mark = furniture::MARK;
    text.strip_prefix(mark)?
        .strip_suffix(mark)?
        .strip_prefix("raw")?
        .parse()
        .ok()
}

/// Ends the numbered section where the `SECTION_END` fragment stands: that
/// paragraph gets a copy of the document's section properties (page, margins,
/// the page-number footers), and the last section (the blank page and the
/// 版记 page) gets a footer without number.
fn split_unnumbered_tail(document: &mut Element) {
    let Some(body) = document.child_mut("w:body") else {
        return;
    };
    let Some(final_sect) = body.child("w:sectPr").cloned() else {
        return;
    };
    let mut numbered = final_sect.clone();
    numbered
        .children
        .retain(|n| !matches!(n, Node::Element(e) if e.name == "w:type"));
    for n in body.children.iter_mut() {
        if let Node::Element(e) = n {
            if e.name == "gongwen-section-end" {
                let mut ppr = Element::new("w:pPr");
                ppr.children.push(Node::Element(
                    Element::new("w:pStyle").attr("w:val", super::styles::NORMAL),
                ));
                ppr.children.push(Node::Element(
                    Element::new("w:spacing")
                        .attr("w:before", "0")
                        .attr("w:after", "0")
                        .attr("w:line", "20")
                        .attr("w:lineRule", "exact"),
                ));
                ppr.children.push(Node::Element(numbered.clone()));
                let mut p = Element::new("w:p");
                p.children.push(Node::Element(ppr));
                *e = p;
            }
        }
    }
    if let Some(last) = body.child_mut("w:sectPr") {
        last.children.retain(|n| {
            !matches!(n, Node::Element(e) if e.name == "w:footerReference" || e.name == "w:titlePg" || e.name == "w:headerReference")
        });
        for kind in ["default", "even"] {
            last.children.insert(
                0,
                Node::Element(
                    Element::new("w:footerReference")
                        .attr("w:type", kind)
                        .attr("r:id", EMPTY_FOOTER_ID),
                ),
            );
        }
    }
}

/// Sorts property children into schema order everywhere in a part. The
/// language (zh-CN) and the grid settings come from the styles; a paragraph
/// without a style gets the grid setting directly.
fn fix_content(root: &mut Element, doc: &Document) {
    let first_line = doc.style.first_line_indent().to_string();
    let chars = doc.style.indent_chars.to_string();
    root.walk_mut(&mut |e| match e.name.as_str() {
        "w:pPr" => {
            // Word and LibreOffice must break lines as our PDF does: no snapping
            // of line heights or characters to the document grid (exact line
            // spacing already is the grid pitch; every style says so). Hanging
            // punctuation and automatic space between Chinese and Latin text
            // stay at Word's defaults (on), which LibreOffice applies whatever
            // the file says.
            if e.child("w:pStyle").is_none() {
                e.put_child(Element::new("w:snapToGrid").attr("w:val", "0"));
            }
            // the paragraph mark's run properties, when docx-rs leaves them empty
            e.children.retain(
                |n| !matches!(n, Node::Element(c) if c.name == "w:rPr" && c.children.is_empty()),
            );
            if let Some(ind) = e.child_mut("w:ind") {
                if ind.get_attr("w:firstLine") == Some(first_line.as_str()) {
                    ind.set_attr("w:firstLineChars", &chars);
                }
                ind.attrs
                    .retain(|(k, v)| !(k.ends_with("Chars") && v == "0"));
            }
            e.sort_children(PPR);
        }
        "w:rPr" => e.sort_children(RPR),
        "w:sectPr" => e.sort_children(SECTPR),
        // a grid column has only a width; docx-rs adds a w:type the schema does not allow
        "w:gridCol" => e.attrs.retain(|(k, _)| k != "w:type"),
        "w:tblPr" => e.sort_children(TBLPR),
        "w:tcPr" => e.sort_children(TCPR),
        "w:tblBorders" | "w:tcBorders" | "w:tblCellMar" | "w:tcMar" => e.sort_children(BORDERS),
        _ => {}
    });
}

fn fix_document(root: &mut Element, doc: &Document, header_rows: &[usize]) {
    fix_content(root, doc);
    // mark header rows so Word and LibreOffice repeat them on every page
    let mut tables = header_rows.iter();
    if let Some(body) = root.child_mut("w:body") {
        for tbl in body.elements_mut().filter(|e| e.name == "w:tbl") {
            let n = tables.next().copied().unwrap_or(0);
            for tr in tbl.elements_mut().filter(|e| e.name == "w:tr").take(n) {
                let tr_pr = ensure_first(tr, "w:trPr");
                tr_pr.put_child(Element::new("w:tblHeader"));
            }
        }
    }
}

/// The child `name`, created as the first child if missing (trPr must precede cells).
fn ensure_first<'a>(e: &'a mut Element, name: &str) -> &'a mut Element {
    if e.child(name).is_none() {
        e.children.insert(0, Node::Element(Element::new(name)));
    }
    e.child_mut(name).expect("just inserted")
}

fn fix_settings(root: &mut Element, embedded_fonts: bool) {
    root.put_child(Element::new("w:evenAndOddHeaders"));
    if embedded_fonts {
        // the fonts are embedded, as subsets: Word keeps them (subset) when it saves
        root.put_child(Element::new("w:embedTrueTypeFonts"));
        root.put_child(Element::new("w:saveSubsetFonts"));
    }
    // do not compress punctuation: full-width punctuation keeps its full em, as in the PDF
    root.put_child(Element::new("w:characterSpacingControl").attr("w:val", "doNotCompress"));
    root.put_child(
        Element::new("w:themeFontLang")
            .attr("w:val", "en-US")
            .attr("w:eastAsia", "zh-CN"),
    );
    root.sort_children(SETTINGS);
}

/// Content types of the parts we keep (docx-rs declares comments, numbering …
/// too), with the pictures and the footer without number when there are any.
fn content_types(
    raw: &[u8],
    headers: bool,
    fragments: &Raw,
    fonts: bool,
) -> Result<Vec<u8>, String> {
    let mut root = xml::parse(raw)?;
    let keep = |part: &str| {
        let dropped = [
            "comments",
            "numbering",
            "commentsExtended",
            "footnotes",
            "custom.xml",
        ];
        !dropped.iter().any(|d| part.contains(d)) && (headers || !part.contains("header"))
    };
    root.children.retain(|n| match n {
        Node::Element(e) if e.name == "Override" => keep(e.get_attr("PartName").unwrap_or("")),
        _ => true,
    });
    if !fragments.images.is_empty()
        && !root
            .elements()
            .any(|e| e.name == "Default" && e.get_attr("Extension") == Some("png"))
    {
        root.children.insert(
            0,
            Node::Element(
                Element::new("Default")
                    .attr("Extension", "png")
                    .attr("ContentType", "image/png"),
            ),
        );
    }
    if fonts {
        root.children.insert(
            0,
            Node::Element(
                Element::new("Default")
                    .attr("Extension", "odttf")
                    .attr("ContentType", OBFUSCATED_FONT),
            ),
        );
    }
    if fragments.unnumbered_tail {
        root.children.push(Node::Element(
            Element::new("Override")
                .attr("PartName", &format!("/{EMPTY_FOOTER_PART}"))
                .attr(
                    "ContentType",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
                ),
        ));
    }
    Ok(xml::write(&root))
}

/// The content type of an embedded, obfuscated font (`.odttf`).
const OBFUSCATED_FONT: &str = "application/vnd.openxmlformats-officedocument.obfuscatedFont";

/// The font table's relationships: `rIdN` → `fonts/fontN.odttf`.
fn font_table_rels(count: usize) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for n in 1..=count {
        out.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font{n}.odttf"/>"#
        ));
    }
    out.push_str("</Relationships>");
    out.into_bytes()
}

/// Package relationships without the custom-properties part docx-rs declares
/// but which we do not write.
fn package_rels(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut root = xml::parse(raw)?;
    root.children.retain(|n| match n {
        Node::Element(e) => e.get_attr("Target") != Some("docProps/custom.xml"),
        Node::Text(_) => false,
    });
    Ok(xml::write(&root))
}

/// Relationships of the parts we keep, the pictures and the footer without number.
fn document_rels(raw: &[u8], fragments: &Raw) -> Result<Vec<u8>, String> {
    let mut root = xml::parse(raw)?;
    root.children.retain(|n| match n {
        Node::Element(e) => {
            let target = e.get_attr("Target").unwrap_or("");
            [
                "styles.xml",
                "settings.xml",
                "fontTable.xml",
                "footer",
                "header",
            ]
            .iter()
            .any(|k| target.contains(k))
        }
        Node::Text(_) => false,
    });
    let rel = |id: &str, kind: &str, target: &str| {
        Node::Element(
            Element::new("Relationship")
                .attr("Id", id)
                .attr(
                    "Type",
                    &format!("http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"),
                )
                .attr("Target", target),
        )
    };
    for (n, (id, _)) in fragments.images.iter().enumerate() {
        root.children
            .push(rel(id, "image", &format!("media/gongwen{}.png", n + 1)));
    }
    if fragments.unnumbered_tail {
        root.children
            .push(rel(EMPTY_FOOTER_ID, "footer", "footerGongwenEmpty.xml"));
    }
    Ok(xml::write(&root))
}

/// Core properties from the input: title, author, subject, keywords, dates.
fn core_properties(doc: &Document) -> Vec<u8> {
    let m = &doc.meta;
    let date = format!("{}T00:00:00Z", doc.file_date().format("%Y-%m-%d"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
<cp:keywords>{}</cp:keywords><cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>zh-CN</dc:language>\
<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        escape(&m.title),
        escape(&m.subject),
        escape(&m.author),
        escape(&m.keywords.join("; ")),
        escape(&m.author),
    )
    .into_bytes()
}

/// What Word and WPS need to substitute a font that is not installed: the
/// name to try instead (`w:altName`), its PANOSE class, character set (86 is
/// GB2312), family and pitch. The GB2312-era names fall back to the faces
/// every Chinese Windows has (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体);
/// 方正小标宋简体, a heavy 宋 not shipped with Windows, falls back to 宋体.
/// PANOSE values as the fonts themselves declare them.
struct FontInfo {
    alt: Option<&'static str>,
    panose: Option<&'static str>,
    charset: &'static str,
    family: &'static str,
    pitch: &'static str,
}

fn font_info(name: &str) -> FontInfo {
    let cjk = |alt, panose, family| FontInfo {
        alt: Some(alt),
        panose: Some(panose),
        charset: "86",
        family,
        pitch: if family == "modern" {
            "fixed"
        } else {
            "variable"
        },
    };
    match name {
        "仿宋_GB2312" => cjk("仿宋", "02010609030101010101", "modern"),
        "仿宋" => cjk("FangSong", "02010609060101010101", "modern"),
        "楷体_GB2312" => cjk("楷体", "02010609030101010101", "modern"),
        "楷体" => cjk("KaiTi", "02010609060101010101", "modern"),
        "黑体" => cjk("SimHei", "02010609060101010101", "modern"),
        "宋体" => cjk("SimSun", "02010600030101010101", "auto"),
        "方正小标宋简体" => cjk("宋体", "02000000000000000000", "auto"),
        "Times New Roman" => FontInfo {
            alt: None,
            panose: Some("02020603050405020304"),
            charset: "00",
            family: "roman",
            pitch: "variable",
        },
        // a face given by the input: Chinese (GB2312) or Latin, nothing more known
        _ if !name.is_ascii() => FontInfo {
            alt: None,
            panose: None,
            charset: "86",
            family: "auto",
            pitch: "variable",
        },
        _ => FontInfo {
            alt: None,
            panose: None,
            charset: "00",
            family: "auto",
            pitch: "variable",
        },
    }
}

/// The font table: every font the document names, each with what Word and
/// WPS need to substitute it sensibly when it is missing (`font_info`), and
/// the embedded fonts (`fonts`, part N+1 for the N-th) of each family.
fn font_table(doc: &Document, fonts: &[EmbeddedFont]) -> Vec<u8> {
    let mut names: Vec<&str> = FontRole::ALL
        .iter()
        .map(|r| doc.style.fonts.get(*r))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<w:fonts xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for name in names {
        let f = font_info(name);
        out.push_str(&format!(r#"<w:font w:name="{}">"#, escape(name)));
        // schema order: altName, panose1, charset, family, pitch
        if let Some(alt) = f.alt {
            out.push_str(&format!(r#"<w:altName w:val="{}"/>"#, escape(alt)));
        }
        if let Some(p) = f.panose {
            out.push_str(&format!(r#"<w:panose1 w:val="{p}"/>"#));
        }
        out.push_str(&format!(
            r#"<w:charset w:val="{}"/><w:family w:val="{}"/><w:pitch w:val="{}"/>"#,
            f.charset, f.family, f.pitch
        ));
        // then embedRegular, embedBold
        for bold in [false, true] {
            if let Some((n, e)) = fonts
                .iter()
                .enumerate()
                .find(|(_, e)| e.name == name && e.bold == bold)
            {
                let element = if bold { "embedBold" } else { "embedRegular" };
                out.push_str(&format!(
                    r#"<w:{element} r:id="rId{}" w:fontKey="{}" w:subsetted="1"/>"#,
                    n + 1,
                    e.key
                ));
            }
        }
        out.push_str("</w:font>");
    }
    out.push_str("</w:fonts>");
    out.into_bytes()
}
