//! The input of the whole-公文 apparatus (GB/T 9704 7.2–7.4 and clause 10):
//! `format`, `header` (版头), the extended `signature` (seals, 联合行文,
//! signature stamps), `attachments` and `colophon` (版记), and their
//! checks and conversion to the model.

use crate::i18n::t;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use super::image::{check_aspect, Images, SEAL_ASPECT, STAMP_ASPECT};
use super::text::check_short;
use crate::error::Diagnostic;
use crate::model::{Colophon, Format, Header, Signature, SignatureAgency, Signer};

/// `"format"`: which GB/T 9704 format the document follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormatInput {
    /// 文件格式 (default).
    #[default]
    Standard,
    /// 信函格式 (10.1).
    Letter,
    /// 命令（令）格式 (10.2).
    Order,
    /// 纪要格式 (10.3).
    Minutes,
}

impl From<FormatInput> for Format {
    fn from(f: FormatInput) -> Format {
        match f {
            FormatInput::Standard => Format::Standard,
            FormatInput::Letter => Format::Letter,
            FormatInput::Order => Format::Order,
            FormatInput::Minutes => Format::Minutes,
        }
    }
}

/// `"header"`: 版头 (7.2). All parts optional.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderInput {
    /// 份号, e.g. "000001" (6 digits).
    pub copy_number: Option<String>,
    /// 密级和保密期限, e.g. "机密★1年".
    pub secrecy: Option<String>,
    /// 紧急程度: "特急" or "加急" (电报: "特提", "平急" too).
    pub urgency: Option<String>,
    /// 发文机关: the 主办机关 first; two or more make a 联合行文.
    #[serde(default)]
    pub issuers: Vec<String>,
    /// The word after the issuers: default "文件" (信函: none, 命令: "令",
    /// 纪要: "纪要"); null prints the names only.
    #[serde(default, deserialize_with = "present")]
    #[schemars(with = "Option<String>")]
    pub mark: Option<Option<String>>,
    /// 发文字号, e.g. "京政发〔2025〕12号" (命令: 令号 "第12号"; 纪要: 期号).
    pub doc_number: Option<String>,
    /// 签发人 names: given for a 上行文 (发文字号 left, 签发人 right).
    #[serde(default)]
    pub signers: Vec<String>,
}

/// Tells a field given as `null` (Some(None)) from a missing one (None).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// `"colophon"`: 版记 (7.4).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColophonInput {
    /// 抄送机关, in order.
    #[serde(default)]
    pub cc: Vec<String>,
    /// 印发机关.
    pub printer: Option<String>,
    /// 印发日期 as YYYY-MM-DD.
    pub print_date: Option<String>,
}

/// One attachment (附件, 7.3.7): it starts on a new page.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    /// The title, as in the 附件说明.
    pub title: String,
    /// The content: the same blocks as the body.
    pub blocks: Vec<super::document::BlockInput>,
}

/// 纪要 attendance (10.3).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    /// "出席", "请假" or "列席".
    pub label: String,
    /// Units and names, in order.
    pub names: Vec<String>,
}

/// 落款 (7.3.5). `{"agency", "date"}` (no seal, the older form),
/// `{"agencies": [{"name", "seal"}], "date"}` (one or more agencies, each
/// with an optional seal image), or `{"signer": {...}, "date"}` (命令格式);
/// `{"date"}` alone is a 落款 with its 成文日期 only, as drafts have it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureInput {
    /// 发文机关署名 (no seal).
    pub agency: Option<String>,
    /// 发文机关署名 in order, each with an optional seal.
    pub agencies: Option<Vec<AgencyInput>>,
    /// 签发人 (命令格式 only).
    pub signer: Option<SignerInput>,
    /// 成文日期 as YYYY-MM-DD; printed 2025年1月21日.
    pub date: String,
}

/// One agency of a signature.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyInput {
    pub name: String,
    /// The seal: a PNG file, relative to the input file.
    pub seal: Option<String>,
    /// The seal's printed diameter in mm (default 42).
    pub seal_diameter_mm: Option<f64>,
}

/// 签发人 of an order (7.3.5.3).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignerInput {
    /// 职务, in full, e.g. "市长".
    pub title: String,
    /// 姓名.
    pub name: String,
    /// The signature stamp (签名章): a PNG file, relative to the input file.
    pub stamp: String,
    /// The stamp's printed width in mm (default 30).
    pub stamp_width_mm: Option<f64>,
}

/// Most issuers a 联合行文 header stacks (the first page must still show text).
pub const MAX_ISSUERS: usize = 6;
/// Most agencies a signature holds (seals stand in one row within the text block).
pub const MAX_SIGNATURE_AGENCIES: usize = 6;
/// Longest agency name in the header or a signature.
pub const MAX_NAME_CHARS: usize = 60;
/// Most 签发人.
pub const MAX_SIGNERS: usize = 20;
/// Default printed diameter of a seal (the common 42 mm 公章).
pub const SEAL_MM: f64 = 42.0;
/// Default printed width of a signature stamp.
pub const STAMP_MM: f64 = 30.0;

const URGENCY: [&str; 4] = ["特急", "加急", "特提", "平急"];

/// The limits of a list of names in the 版头 (issuers, signers) and the
/// messages for breaking them: too many names, an empty one, a long one.
struct NameList {
    at: &'static str,
    max_names: usize,
    max_chars: usize,
    too_many: &'static str,
    empty: &'static str,
}

impl NameList {
    fn check(&self, names: &[String], errors: &mut Vec<Diagnostic>) {
        if names.len() > self.max_names {
            let message = t!(self.too_many, n = names.len(), max = self.max_names);
            errors.push(Diagnostic::error(self.at, message));
        }
        for (i, name) in names.iter().enumerate() {
            let at = format!("{}[{i}]", self.at);
            if name.trim().is_empty() {
                errors.push(Diagnostic::error(at, t!(self.empty)));
            } else if let Err(e) = check_short(name, &at, self.max_chars) {
                errors.push(e);
            }
        }
    }
}

/// Checks and converts the header for a format.
pub fn header(h: HeaderInput, format: Format, errors: &mut Vec<Diagnostic>) -> Header {
    let mut short = |value: &Option<String>, at: &str, max: usize| {
        if let Some(v) = value {
            if v.trim().is_empty() {
                errors.push(Diagnostic::error(at, t!("furniture.field_empty")));
            } else if let Err(e) = check_short(v, at, max) {
                errors.push(e);
            }
        }
    };
    short(&h.copy_number, "header.copy_number", 20);
    short(&h.secrecy, "header.secrecy", 20);
    short(&h.urgency, "header.urgency", 4);
    short(&h.doc_number, "header.doc_number", 60);
    if let Some(Some(m)) = &h.mark {
        short(&Some(m.clone()), "header.mark", 10);
    }
    if let Some(u) = &h.urgency {
        if !u.trim().is_empty() && !URGENCY.contains(&u.as_str()) {
            errors.push(Diagnostic::error(
                "header.urgency",
                t!("furniture.urgency", value = crate::error::clip(u, 10)),
            ));
        }
    }
    let issuers = NameList {
        at: "header.issuers",
        max_names: MAX_ISSUERS,
        max_chars: MAX_NAME_CHARS,
        too_many: "furniture.too_many_issuers",
        empty: "furniture.issuer_empty",
    };
    issuers.check(&h.issuers, errors);
    if !h.signers.is_empty() {
        if format == Format::Order {
            errors.push(Diagnostic::error(
                "header.signers",
                t!("furniture.order_without_signers"),
            ));
        }
        if h.doc_number.is_none() {
            errors.push(Diagnostic::error(
                "header.signers",
                t!("furniture.signers_need_doc_number"),
            ));
        }
        let signers = NameList {
            at: "header.signers",
            max_names: MAX_SIGNERS,
            max_chars: 10,
            too_many: "furniture.too_many_signers",
            empty: "furniture.signer_empty",
        };
        signers.check(&h.signers, errors);
    }
    let mark = match h.mark {
        Some(m) => m,
        None => match format {
            Format::Standard => Some("文件".to_string()),
            Format::Letter => None,
            Format::Order => Some("令".to_string()),
            Format::Minutes => Some("纪要".to_string()),
        },
    };
    Header {
        copy_number: h.copy_number,
        secrecy: h.secrecy,
        urgency: h.urgency,
        issuers: h.issuers,
        mark,
        doc_number: h.doc_number,
        signers: h.signers,
    }
}

/// Checks and converts the 版记.
pub fn colophon(c: ColophonInput, format: Format, errors: &mut Vec<Diagnostic>) -> Colophon {
    for (i, name) in c.cc.iter().enumerate() {
        let at = format!("colophon.cc[{i}]");
        if name.trim().is_empty() {
            errors.push(Diagnostic::error(at, t!("furniture.name_empty")));
        } else if let Err(e) = check_short(name, &at, MAX_NAME_CHARS) {
            errors.push(e);
        }
    }
    if c.cc.len() > 100 {
        errors.push(Diagnostic::error(
            "colophon.cc",
            t!("furniture.too_many_cc", max = 100),
        ));
    }
    if let Some(p) = &c.printer {
        if let Err(e) = check_short(p, "colophon.printer", MAX_NAME_CHARS) {
            errors.push(e);
        }
    }
    if format == Format::Letter && (c.printer.is_some() || c.print_date.is_some()) {
        errors.push(Diagnostic::error(
            "colophon",
            t!("furniture.letter_colophon"),
        ));
    }
    let print_date = c.print_date.as_deref().and_then(|d| {
        super::document::parse_date(d, "colophon.print_date")
            .map_err(|e| errors.push(e))
            .ok()
    });
    if c.cc.is_empty() && c.printer.is_none() && print_date.is_none() {
        errors.push(Diagnostic::error(
            "colophon",
            t!("furniture.colophon_empty"),
        ));
    }
    Colophon {
        cc: c.cc,
        printer: c.printer,
        print_date,
    }
}

/// Checks and converts a signature; its images are loaded by `images`.
pub fn signature(
    s: SignatureInput,
    at: &str,
    format: Format,
    images: &mut Images,
) -> Result<Signature, Diagnostic> {
    let date = super::document::parse_date(&s.date, &format!("{at}.date"))?;
    let given = [s.agency.is_some(), s.agencies.is_some(), s.signer.is_some()];
    // none: a 落款 with its 成文日期 only (a draft's, whose 署名 is on the
    // seal or was never typed), printed 右空二字 where the date stands
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(Diagnostic::error(at, t!("furniture.signature_one_of")));
    }
    let mut agencies = Vec::new();
    if let Some(name) = s.agency {
        check_name(&name, &format!("{at}.agency"))?;
        agencies.push(SignatureAgency { name, seal: None });
    }
    if let Some(list) = s.agencies {
        if list.is_empty() || list.len() > MAX_SIGNATURE_AGENCIES {
            return Err(Diagnostic::error(
                format!("{at}.agencies"),
                t!(
                    "furniture.signature_agencies",
                    max = MAX_SIGNATURE_AGENCIES,
                    n = list.len()
                ),
            ));
        }
        for (i, a) in list.into_iter().enumerate() {
            let here = format!("{at}.agencies[{i}]");
            check_name(&a.name, &format!("{here}.name"))?;
            let seal = match &a.seal {
                Some(file) => {
                    let at = format!("{here}.seal");
                    let seal = images.load(file, a.seal_diameter_mm.unwrap_or(SEAL_MM), &at)?;
                    check_aspect(&seal, SEAL_ASPECT, file, "image.a_seal", &at)?;
                    Some(seal)
                }
                None => None,
            };
            agencies.push(SignatureAgency { name: a.name, seal });
        }
        let sealed = agencies.iter().filter(|a| a.seal.is_some()).count();
        if sealed != 0 && sealed != agencies.len() {
            return Err(Diagnostic::error(
                format!("{at}.agencies"),
                t!("furniture.seals_all_or_none"),
            ));
        }
    }
    let signer = match s.signer {
        Some(sg) => {
            if format != Format::Order {
                return Err(Diagnostic::error(
                    format!("{at}.signer"),
                    t!("furniture.stamp_outside_order"),
                ));
            }
            check_name(&sg.title, &format!("{at}.signer.title"))?;
            check_name(&sg.name, &format!("{at}.signer.name"))?;
            let here = format!("{at}.signer.stamp");
            let stamp = images.load(&sg.stamp, sg.stamp_width_mm.unwrap_or(STAMP_MM), &here)?;
            check_aspect(&stamp, STAMP_ASPECT, &sg.stamp, "image.a_stamp", &here)?;
            Some(Signer {
                title: sg.title,
                name: sg.name,
                stamp,
            })
        }
        None => None,
    };
    Ok(Signature {
        agencies,
        date,
        signer,
    })
}

fn check_name(name: &str, at: &str) -> Result<(), Diagnostic> {
    if name.trim().is_empty() {
        return Err(Diagnostic::error(at, t!("furniture.name_empty")));
    }
    check_short(name, at, MAX_NAME_CHARS)
}

/// Checks the names of a 附件说明 or an attendance list.
pub fn names(list: &[String], at: &str, max: usize) -> Result<(), Diagnostic> {
    if list.is_empty() {
        return Err(Diagnostic::error(at, t!("furniture.list_empty")));
    }
    if list.len() > max {
        return Err(Diagnostic::error(
            at,
            t!("furniture.too_many_names", n = list.len(), max = max),
        ));
    }
    for (i, n) in list.iter().enumerate() {
        let here = format!("{at}[{i}]");
        if n.trim().is_empty() {
            return Err(Diagnostic::error(here, t!("furniture.name_empty")));
        }
        check_short(n, &here, 200)?;
    }
    Ok(())
}
