//! The package's parts around the text: content types, relationships,
//! document properties, settings and the font table. Each is written whole,
//! in the order and with the declarations Word expects.

use super::embed::EmbeddedFont;
use crate::model::Document;
use crate::style::FontRole;
use crate::xml::escape;

/// The declaration every XML part starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The footer of the pages that carry no page number.
pub const EMPTY_FOOTER_PART: &str = "word/footerGongwenEmpty.xml";
pub const EMPTY_FOOTER_ID: &str = "rIdGongwenEmptyFooter";
pub const EMPTY_FOOTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p/></w:ftr>";

/// The content type of an embedded, obfuscated font (`.odttf`).
const OBFUSCATED_FONT: &str = "application/vnd.openxmlformats-officedocument.obfuscatedFont";

/// What the package holds besides the fixed parts.
pub struct Contents {
    /// Header parts `word/headerN.xml`, N from 1.
    pub headers: usize,
    /// Footer parts `word/footerN.xml`, N from 1.
    pub footers: usize,
    /// Pictures `word/media/gongwenN.png`, by relationship id.
    pub images: Vec<String>,
    /// Whether the last section has the footer without number.
    pub unnumbered_tail: bool,
    pub fonts: bool,
}

/// `[Content_Types].xml`: by extension for fonts, pictures, relationships
/// and XML, then every other part by name, in name order.
pub fn content_types(c: &Contents) -> Vec<u8> {
    let mut out = String::from(DECLARATION);
    out.push_str(r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#);
    if c.fonts {
        out.push_str(&format!(
            r#"<Default Extension="odttf" ContentType="{OBFUSCATED_FONT}"/>"#
        ));
    }
    for (ext, kind) in [
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpg"),
        ("bmp", "image/bmp"),
        ("gif", "image/gif"),
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
    ] {
        out.push_str(&format!(
            r#"<Default ContentType="{kind}" Extension="{ext}"/>"#
        ));
    }
    let mut parts: Vec<(String, String)> = vec![
        (
            "/_rels/.rels".into(),
            "application/vnd.openxmlformats-package.relationships+xml".into(),
        ),
        (
            "/docProps/app.xml".into(),
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
        (
            "/docProps/core.xml".into(),
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/word/_rels/document.xml.rels".into(),
            "application/vnd.openxmlformats-package.relationships+xml".into(),
        ),
        (
            "/word/document.xml".into(),
            format!("{WML}.document.main+xml"),
        ),
        ("/word/fontTable.xml".into(), format!("{WML}.fontTable+xml")),
        ("/word/settings.xml".into(), format!("{WML}.settings+xml")),
        ("/word/styles.xml".into(), format!("{WML}.styles+xml")),
    ];
    for n in 1..=c.footers {
        parts.push((format!("/word/footer{n}.xml"), format!("{WML}.footer+xml")));
    }
    for n in 1..=c.headers {
        parts.push((format!("/word/header{n}.xml"), format!("{WML}.header+xml")));
    }
    parts.sort();
    if c.unnumbered_tail {
        parts.push((format!("/{EMPTY_FOOTER_PART}"), format!("{WML}.footer+xml")));
    }
    for (name, kind) in parts {
        out.push_str(&format!(
            r#"<Override PartName="{name}" ContentType="{kind}"/>"#
        ));
    }
    out.push_str("</Types>");
    out.into_bytes()
}

fn relationship(out: &mut String, id: &str, kind: &str, target: &str) {
    out.push_str(&format!(
        r#"<Relationship Id="{id}" Type="{kind}" Target="{target}"/>"#
    ));
}

/// `_rels/.rels`: the core and extended properties and the document.
pub fn package_rels() -> Vec<u8> {
    let mut out = format!("{DECLARATION}<Relationships xmlns=\"{RELS_NS}\">");
    relationship(
        &mut out,
        "rId1",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml",
    );
    relationship(
        &mut out,
        "rId2",
        &format!("{OFFICE_RELS}/extended-properties"),
        "docProps/app.xml",
    );
    relationship(
        &mut out,
        "rId3",
        &format!("{OFFICE_RELS}/officeDocument"),
        "word/document.xml",
    );
    out.push_str("</Relationships>");
    out.into_bytes()
}

/// `word/_rels/document.xml.rels`: styles, font table, settings, the
/// header and footer parts, the pictures and the footer without number.
pub fn document_rels(c: &Contents) -> Vec<u8> {
    let mut out = format!("{DECLARATION}<Relationships xmlns=\"{RELS_NS}\">");
    for (id, kind, target) in [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "fontTable", "fontTable.xml"),
        ("rId3", "settings", "settings.xml"),
    ] {
        relationship(&mut out, id, &format!("{OFFICE_RELS}/{kind}"), target);
    }
    for n in 1..=c.headers {
        relationship(
            &mut out,
            &format!("rIdHeader{n}"),
            &format!("{OFFICE_RELS}/header"),
            &format!("header{n}.xml"),
        );
    }
    for n in 1..=c.footers {
        relationship(
            &mut out,
            &format!("rIdFooter{n}"),
            &format!("{OFFICE_RELS}/footer"),
            &format!("footer{n}.xml"),
        );
    }
    for (n, id) in c.images.iter().enumerate() {
        relationship(
            &mut out,
            id,
            &format!("{OFFICE_RELS}/image"),
            &format!("media/gongwen{}.png", n + 1),
        );
    }
    if c.unnumbered_tail {
        relationship(
            &mut out,
            EMPTY_FOOTER_ID,
            &format!("{OFFICE_RELS}/footer"),
            "footerGongwenEmpty.xml",
        );
    }
    out.push_str("</Relationships>");
    out.into_bytes()
}

/// `docProps/app.xml`: extended properties, none given.
pub fn app_properties() -> Vec<u8> {
    b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\" />".to_vec()
}

/// `word/settings.xml`, its children in schema order (ISO/IEC 29500-1
/// 17.15.1.78: zoom … embedTrueTypeFonts, saveSubsetFonts … defaultTabStop
/// … evenAndOddHeaders … characterSpacingControl … compat … themeFontLang).
pub fn settings(embedded_fonts: bool) -> Vec<u8> {
    let mut out = String::from(DECLARATION);
    out.push_str(r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:zoom w:percent="100"/>"#);
    if embedded_fonts {
        // the fonts are embedded, as subsets: Word keeps them (subset) when it saves
        out.push_str("<w:embedTrueTypeFonts/><w:saveSubsetFonts/>");
    }
    // odd and even pages have their own footers (the page number's side);
    // punctuation is not compressed: full-width punctuation keeps its full
    // em, as in the PDF
    out.push_str(r#"<w:defaultTabStop w:val="840"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>"#);
    // Word 2013+ layout, with the East Asian layout rules
    out.push_str("<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>");
    for (name, val) in [
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
        ("differentiateMultirowTableHeaders", "1"),
        ("useWord2013TrackBottomHyphenation", "0"),
    ] {
        out.push_str(&format!(
            r#"<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{val}"/>"#
        ));
    }
    out.push_str(r#"</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#);
    out.into_bytes()
}
/// The font table's relationships: `rIdN` → `fonts/fontN.odttf`.
pub fn font_table_rels(count: usize) -> Vec<u8> {
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
/// Core properties from the input: title, author, subject, keywords, dates.
pub fn core_properties(doc: &Document) -> Vec<u8> {
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
pub fn font_table(doc: &Document, fonts: &[EmbeddedFont]) -> Vec<u8> {
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
