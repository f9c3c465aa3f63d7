//! `word/styles.xml`: the styles of a well-made 公文 template, so that a
//! paragraph typed or pasted into the file takes the document's format.
//!
//! 正文 is Word's built-in Normal; the four heading levels are the built-in
//! `heading 1`–`heading 4` (Word, WPS and LibreOffice recognise them by these
//! names and show their own translation, 标题 1 … in a Chinese interface,
//! so no alias is added: Word would show it after the name, “标题 1,标题 1”);
//! the other parts of a 公文 have styles named in Chinese. Every measurement
//! comes from the style profile; no theme fonts are named.

use crate::style::{FontRole, StyleProfile};
use crate::xml::escape;

/// Style ids (ASCII, as Word writes them) of the paragraphs the writer makes.
pub const NORMAL: &str = "Normal";
pub const TITLE: &str = "GongwenTitle";
pub const ADDRESSEE: &str = "GongwenAddressee";
pub const ATTACHMENT_NOTE: &str = "GongwenAttachmentNote";
pub const ATTACHMENT_LABEL: &str = "GongwenAttachmentLabel";
pub const ATTENDANCE: &str = "GongwenAttendance";
pub const SIGNATURE: &str = "GongwenSignature";
pub const DATE: &str = "GongwenDate";
pub const COLOPHON: &str = "GongwenColophon";
pub const HEADER: &str = "GongwenHeader";
pub const TABLE_TEXT: &str = "GongwenTableText";
pub const PAGE_NUMBER: &str = "GongwenPageNumber";

/// The style id of a heading level (1–4; deeper levels use heading 4's).
pub fn heading(level: u8) -> &'static str {
    match level {
        0 | 1 => "Heading1",
        2 => "Heading2",
        3 => "Heading3",
        _ => "Heading4",
    }
}

/// `w:rFonts` for a role: its Chinese face for East Asian text, the role's
/// Latin face for letters and digits.
pub fn fonts(s: &StyleProfile, role: FontRole) -> String {
    let latin = escape(s.fonts.get(role.latin_role()));
    let cjk = escape(s.fonts.get(role));
    format!(
        r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}" w:eastAsia="{cjk}" w:hint="eastAsia"/>"#
    )
}

/// A paragraph style.
struct Def {
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    ui_priority: Option<u32>,
    q_format: bool,
    /// Children of `w:pPr`, in schema order.
    ppr: String,
    /// Children of `w:rPr`, in schema order.
    rpr: String,
}

impl Def {
    fn xml(&self, default: bool) -> String {
        let mut out = format!(r#"<w:style w:type="paragraph" w:styleId="{}""#, self.id);
        if default {
            out.push_str(r#" w:default="1""#);
        }
        out.push_str(&format!(r#"><w:name w:val="{}"/>"#, self.name));
        if let Some(b) = self.based_on {
            out.push_str(&format!(r#"<w:basedOn w:val="{b}"/>"#));
        }
        if let Some(n) = self.next {
            out.push_str(&format!(r#"<w:next w:val="{n}"/>"#));
        }
        if let Some(p) = self.ui_priority {
            out.push_str(&format!(r#"<w:uiPriority w:val="{p}"/>"#));
        }
        if self.q_format {
            out.push_str("<w:qFormat/>");
        }
        if !self.ppr.is_empty() {
            out.push_str(&format!("<w:pPr>{}</w:pPr>", self.ppr));
        }
        if !self.rpr.is_empty() {
            out.push_str(&format!("<w:rPr>{}</w:rPr>", self.rpr));
        }
        out.push_str("</w:style>");
        out
    }
}

/// Run properties in schema order: fonts, bold, character spacing, size.
fn rpr(s: &StyleProfile, role: Option<FontRole>, bold: bool, spacing: i32, size: u32) -> String {
    let mut out = role.map(|r| fonts(s, r)).unwrap_or_default();
    if bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    out.push_str(&format!(r#"<w:spacing w:val="{spacing}"/>"#));
    out.push_str(&format!(
        r#"<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#
    ));
    out
}

/// `w:spacing` (paragraph): exact line height, nothing before or after.
fn exact(line: i32) -> String {
    format!(r#"<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>"#)
}

/// No first-line indent, overriding Normal's two characters (the `Chars`
/// form must be cancelled too: Word prefers it to the twips).
const NO_INDENT: &str = r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#;

/// The right indent of `chars` hundredths of a body character, in both forms.
fn right_indent(s: &StyleProfile, chars: i32) -> String {
    let twips = s.body_char_advance() * chars / 100;
    format!(
        r#"<w:ind w:right="{twips}" w:rightChars="{chars}" w:firstLine="0" w:firstLineChars="0"/>"#
    )
}

/// The whole styles part.
pub fn styles_xml(s: &StyleProfile) -> Vec<u8> {
    let body = s.body_size;
    let sp = s.docx_char_spacing;
    let latin = escape(s.fonts.get(FontRole::Latin));
    let mut defs = vec![Def {
        id: NORMAL,
        name: "Normal",
        based_on: None,
        next: None,
        ui_priority: None,
        q_format: true,
        // justified, two characters in, exact line pitch, not snapped to the
        // grid (LibreOffice would set each character in two grid cells)
        ppr: format!(
            r#"<w:widowControl/><w:snapToGrid w:val="0"/>{}<w:ind w:firstLine="{}" w:firstLineChars="{}"/><w:jc w:val="both"/>"#,
            exact(s.line_pitch),
            s.first_line_indent(),
            s.indent_chars
        ),
        rpr: rpr(s, Some(FontRole::Body), false, sp, body),
    }];
    defs.push(Def {
        id: TITLE,
        name: "公文标题",
        based_on: Some(NORMAL),
        next: Some(NORMAL),
        ui_priority: Some(10),
        q_format: true,
        ppr: format!(r#"<w:keepNext/>{NO_INDENT}<w:jc w:val="center"/>"#),
        rpr: rpr(s, Some(FontRole::Title), false, 0, s.title_size),
    });
    for level in 1..=4u8 {
        let (role, bold) = s.font_for_heading(level);
        defs.push(Def {
            id: heading(level),
            name: ["heading 1", "heading 2", "heading 3", "heading 4"][level as usize - 1],
            based_on: Some(NORMAL),
            next: Some(NORMAL),
            ui_priority: Some(9),
            q_format: true,
            ppr: format!(r#"<w:keepNext/><w:outlineLvl w:val="{}"/>"#, level - 1),
            rpr: {
                let mut r = fonts(s, role);
                if bold {
                    r.push_str("<w:b/><w:bCs/>");
                }
                r
            },
        });
    }
    let plain = |id, name, next, extra: &str, rpr: String| Def {
        id,
        name,
        based_on: Some(NORMAL),
        next,
        ui_priority: None,
        q_format: true,
        ppr: extra.to_string(),
        rpr,
    };
    defs.push(plain(
        ADDRESSEE,
        "主送机关",
        Some(NORMAL),
        NO_INDENT,
        String::new(),
    ));
    defs.push(plain(
        ATTACHMENT_NOTE,
        "附件说明",
        None,
        NO_INDENT,
        String::new(),
    ));
    defs.push(plain(
        ATTENDANCE,
        "出席列席",
        None,
        NO_INDENT,
        String::new(),
    ));
    defs.push(plain(
        ATTACHMENT_LABEL,
        "附件标识",
        None,
        &format!("<w:keepNext/>{NO_INDENT}"),
        fonts(s, FontRole::Heading1),
    ));
    defs.push(plain(
        SIGNATURE,
        "发文机关署名",
        Some(DATE),
        &format!(
            r#"<w:keepNext/>{}<w:jc w:val="right"/>"#,
            right_indent(s, s.indent_chars)
        ),
        String::new(),
    ));
    defs.push(plain(
        DATE,
        "成文日期",
        Some(NORMAL),
        &format!(
            r#"{}<w:jc w:val="right"/>"#,
            right_indent(s, 2 * s.indent_chars)
        ),
        String::new(),
    ));
    defs.push(plain(
        HEADER,
        "版头",
        None,
        &format!(r#"<w:widowControl w:val="0"/>{NO_INDENT}<w:jc w:val="left"/>"#),
        rpr(s, None, false, 0, body),
    ));
    defs.push(plain(
        COLOPHON,
        "版记",
        None,
        &format!(r#"<w:widowControl w:val="0"/>{NO_INDENT}<w:jc w:val="left"/>"#),
        rpr(s, None, false, 0, s.furniture.colophon_size),
    ));
    defs.push(plain(
        TABLE_TEXT,
        "表格文字",
        None,
        &format!(
            r#"<w:widowControl w:val="0"/>{}{NO_INDENT}<w:jc w:val="center"/>"#,
            exact(s.table_line_pitch)
        ),
        rpr(s, Some(FontRole::Table), false, 0, s.table_size),
    ));
    defs.push(plain(
        PAGE_NUMBER,
        "页码",
        None,
        &format!(
            r#"<w:widowControl w:val="0"/>{}{NO_INDENT}"#,
            exact(s.page_number_line)
        ),
        rpr(s, Some(FontRole::PageNumber), false, 0, s.page_number_size),
    ));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<w:styles xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    // document defaults: the body font and size, Chinese language, no grid snapping
    out.push_str(&format!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{latin}" w:eastAsia="{}" w:hAnsi="{latin}" w:cs="{latin}"/><w:sz w:val="{body}"/><w:szCs w:val="{body}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:snapToGrid w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        escape(s.fonts.get(FontRole::Body))
    ));
    for (i, d) in defs.iter().enumerate() {
        out.push_str(&d.xml(i == 0));
    }
    out.push_str("</w:styles>");
    out.into_bytes()
}
