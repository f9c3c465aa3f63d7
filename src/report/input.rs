//! The input of the annual report kind, as users write it.

use crate::i18n::t;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use crate::input::text::{map_or_number, object_from_map, MapOrNumber};

/// Marker for `"kind": "gov-info-annual-report"`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
pub enum ReportKind {
    #[serde(rename = "gov-info-annual-report")]
    Report,
}

/// A 政府信息公开工作年度报告 in the 2021 national format (国办公开办函〔2021〕30号).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualReportInput {
    /// Always "gov-info-annual-report".
    pub kind: ReportKind,
    /// 机关名称, e.g. "汶上县投资促进服务中心".
    pub agency: String,
    /// 报告年度, e.g. 2024 (or "2024": numbers may be quoted, see `number_as_written`).
    #[serde(deserialize_with = "year")]
    #[schemars(schema_with = "year_schema")]
    pub year: i32,
    /// 成文日期 as YYYY-MM-DD (e.g. "2025-01-21"); also the files' date.
    pub date: Option<String>,
    /// The title's lines; by default "<agency><year>年政府信息公开工作年度报告" broken into balanced lines.
    pub title_lines: Option<Vec<String>>,
    /// The opening paragraphs verbatim; by default generated from agency, year and contact.
    pub preamble: Option<Vec<String>>,
    /// Where the report is published and whom to ask (used in the generated preamble).
    pub contact: Option<Contact>,
    /// 一、总体情况: its five standard parts.
    pub overview: Overview,
    /// 表二 主动公开政府信息情况.
    pub active_disclosure: ActiveDisclosure,
    /// 表三 收到和处理政府信息公开申请情况.
    pub applications: Applications,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    pub review_litigation: ReviewLitigation,
    /// 五、存在的主要问题及改进情况.
    pub problems: Narrative,
    /// 六、其他需要报告的事项 (state the 信息处理费 charged, or that none was).
    pub other_matters: Narrative,
    /// 落款: agency and date, printed after section 六.
    pub signature: Option<SignatureFields>,
}

/// Contact details for the preamble.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 地址.
    pub address: Option<String>,
    /// 联系电话.
    pub phone: Option<String>,
    /// Name of the portal, e.g. "“中国·汶上”政府门户网站".
    pub portal: Option<String>,
    /// Address of the report on the portal.
    pub url: Option<String>,
}

/// 落款.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureFields {
    pub agency: String,
    /// YYYY-MM-DD.
    pub date: String,
}

/// The five parts of 一、总体情况.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// Paragraphs before （一）, under the heading 一、总体情况 (optional).
    pub opening: Option<Narrative>,
    /// Other titles for the five parts, without their numbers (kept automatic):
    /// e.g. {"supervision": "政府信息公开监督保障情况"}.
    #[serde(default)]
    pub titles: OverviewTitles,
    /// （一）主动公开情况.
    pub active_disclosure: Narrative,
    /// （二）依申请公开情况.
    pub applications: Narrative,
    /// （三）政府信息管理情况.
    pub information_management: Narrative,
    /// （四）政府信息公开平台建设情况.
    pub platform: Narrative,
    /// （五）监督保障情况.
    pub supervision: Narrative,
}

/// Titles for the parts of 一、总体情况, without their numbers; a part not
/// named keeps the national format's title.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverviewTitles {
    pub active_disclosure: Option<String>,
    pub applications: Option<String>,
    pub information_management: Option<String>,
    pub platform: Option<String>,
    pub supervision: Option<String>,
}

/// Narrative text: one paragraph, a list of paragraphs, or {"numbered": [...]}
/// for sub-items numbered by gongwen (1. 2. … under a 二级 heading, （一）（二）… under a section).
/// Text may contain placeholders such as {applications.new.total} that insert table values.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum Narrative {
    Paragraph(String),
    Paragraphs(Vec<String>),
    Numbered(NumberedItems),
}

/// Sub-items numbered by gongwen.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberedItems {
    pub numbered: Vec<String>,
}

impl<'de> Deserialize<'de> for Narrative {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Narrative;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&t!("report.input.expecting_narrative"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Narrative, E> {
                Ok(Narrative::Paragraph(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Narrative, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Narrative::Paragraphs(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Narrative, A::Error> {
                object_from_map(map, &self).map(Narrative::Numbered)
            }
        }
        d.deserialize_any(V)
    }
}

/// A count as written: checked to be a non-negative integer later, so the
/// error can name the cell by its Chinese label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    Int(i128),
    /// Anything else (a fraction, NaN, a word), kept for the message.
    Invalid(String),
}

impl JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "件数: a non-negative whole number, quoted or not",
            "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+$"}]
        })
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&t!("report.input.expecting_count"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Ok(Count::Int(v as i128))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count::Int(v as i128))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                Ok(Count::Invalid(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Ok(match v.trim().parse::<i128>() {
                    Ok(n)
                        if !v.trim().is_empty() && v.trim().chars().all(|c| c.is_ascii_digit()) =>
                    {
                        Count::Int(n)
                    }
                    _ => Count::Invalid(format!("\"{v}\"")),
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count::Invalid("null".into()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Count, A::Error> {
                // a fraction or a long integer, exactly as written
                match map_or_number(map)? {
                    MapOrNumber::Number(n) => Ok(Count::Invalid(n)),
                    MapOrNumber::Object(_) => {
                        Ok(Count::Invalid(t!("report.input.an_object").into()))
                    }
                }
            }
        }
        d.deserialize_any(V)
    }
}

// One rule for numbers, in every number field (counts, the year, the fee):
// a number may be written with or without quotes ("12" or 12), as clerks
// paste it from a spreadsheet, and it is read exactly as written. Whether it
// is valid there (a whole number, not negative, a year in range) is checked
// afterwards, so the message can name the cell.

/// A number or a quoted number, as its text exactly as written.
fn number_as_written<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(&t!("report.input.expecting_number"))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            // serde_json's arbitrary precision: the number's own digits
            match map_or_number(map)? {
                MapOrNumber::Number(n) => Ok(n),
                MapOrNumber::Object(_) => {
                    Err(de::Error::custom(t!("report.input.number_not_object")))
                }
            }
        }
    }
    d.deserialize_any(V)
}

/// The report year: a whole number, quoted or not.
fn year<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let written = number_as_written(d)?;
    let digits = written.trim();
    match digits.parse::<i32>() {
        Ok(y) if digits.chars().all(|c| c.is_ascii_digit()) => Ok(y),
        _ => Err(de::Error::custom(t!(
            "report.input.not_a_year",
            got = crate::error::clip(&written, 20),
            hint = crate::input::plain_words::number_hint(&written)
        ))),
    }
}

fn year_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "报告年度, e.g. 2024",
        "anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]{4}$"}]
    })
}

fn fee_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "本年收费金额（单位：万元）, kept as written",
        "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"}]
    })
}

/// 制发 / 废止 / 现行有效 counts of a kind of document.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MadeRepealedInForce {
    /// 本年制发件数.
    pub made: Count,
    /// 本年废止件数.
    pub repealed: Count,
    /// 现行有效件数.
    pub in_force: Count,
}

/// 表二.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActiveDisclosure {
    /// 规章.
    pub regulations: MadeRepealedInForce,
    /// 行政规范性文件.
    pub normative_documents: MadeRepealedInForce,
    /// 行政许可 本年处理决定数量.
    pub licensing_decisions: Count,
    /// 行政处罚 本年处理决定数量.
    pub penalty_decisions: Count,
    /// 行政强制 本年处理决定数量.
    pub coercion_decisions: Count,
    /// 行政事业性收费 本年收费金额（单位：万元）, a decimal such as "96171.6" or 96171.6, kept digit for digit as written.
    #[serde(deserialize_with = "number_as_written")]
    #[schemars(schema_with = "fee_schema")]
    pub fees_wan_yuan: String,
}

/// One row of 表三: [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他] and optionally 总计 (then checked).
pub type Row = Vec<Count>;

/// 表三.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Applications {
    /// 一、本年新收政府信息公开申请数量.
    pub new: Row,
    /// 二、上年结转政府信息公开申请数量.
    pub carried_over: Row,
    /// 三、本年度办理结果.
    pub results: Results,
    /// 四、结转下年度继续办理.
    pub carried_forward: Row,
}

/// 三、本年度办理结果.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Results {
    /// （一）予以公开.
    pub disclosed: Row,
    /// （二）部分公开.
    pub partially_disclosed: Row,
    /// （三）不予公开.
    pub withheld: Withheld,
    /// （四）无法提供.
    pub unavailable: Unavailable,
    /// （五）不予处理.
    pub not_processed: NotProcessed,
    /// （六）其他处理.
    pub other: OtherHandling,
    /// （七）总计: optional; computed, and checked when given.
    pub total: Option<Row>,
}

/// （三）不予公开.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    /// 1.属于国家秘密.
    pub state_secret: Row,
    /// 2.其他法律行政法规禁止公开.
    pub prohibited_by_law: Row,
    /// 3.危及“三安全一稳定”.
    pub three_safeties_one_stability: Row,
    /// 4.保护第三方合法权益.
    pub third_party_rights: Row,
    /// 5.属于三类内部事务信息.
    pub internal_affairs: Row,
    /// 6.属于四类过程性信息.
    pub process_information: Row,
    /// 7.属于行政执法案卷.
    pub enforcement_files: Row,
    /// 8.属于行政查询事项.
    pub query_matters: Row,
}

/// （四）无法提供.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    /// 1.本机关不掌握相关政府信息.
    pub not_held: Row,
    /// 2.没有现成信息需要另行制作.
    pub needs_creation: Row,
    /// 3.补正后申请内容仍不明确.
    pub unclear_after_correction: Row,
}

/// （五）不予处理.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotProcessed {
    /// 1.信访举报投诉类申请.
    pub petition_complaint: Row,
    /// 2.重复申请.
    pub duplicate: Row,
    /// 3.要求提供公开出版物.
    pub publications: Row,
    /// 4.无正当理由大量反复申请.
    pub mass_repeated: Row,
    /// 5.要求行政机关确认或重新出具已获取信息.
    pub confirm_or_reissue: Row,
}

/// （六）其他处理.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherHandling {
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请.
    pub no_correction: Row,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请.
    pub unpaid_fee: Row,
    /// 3.其他.
    pub other: Row,
}

/// 表四 one group: 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    /// 结果维持.
    pub upheld: Count,
    /// 结果纠正.
    pub corrected: Count,
    /// 其他结果.
    pub other: Count,
    /// 尚未审结.
    pub pending: Count,
    /// 总计: optional; computed, and checked when given.
    pub total: Option<Count>,
}

/// 表四.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewLitigation {
    /// 行政复议.
    pub review: Outcomes,
    /// 行政诉讼 未经复议直接起诉.
    pub direct_suit: Outcomes,
    /// 行政诉讼 复议后起诉.
    pub suit_after_review: Outcomes,
}
