//! The outline of a recognised draft: what was found where, for a person
//! to check before building (the CLI prints it, the server returns it) and
//! for the recognition's measurement against outlines written by hand.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::t;

/// The 落款 as recognised.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignatureOutline {
    pub agencies: Vec<String>,
    /// YYYY-MM-DD.
    pub date: String,
}

/// What a document input holds, part by part.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Outline {
    /// 版头: the input's `header` object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Value>,
    /// The title's lines joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
    /// Every heading, body and attachments, as (level, text).
    pub headings: Vec<(u8, String)>,
    /// Every table as (rows, columns).
    pub tables: Vec<(usize, usize)>,
    pub attachment_note: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureOutline>,
    pub notes: Vec<String>,
    /// The titles of the documents a 印发/转发 notice issues.
    pub issued: Vec<String>,
    /// The attachments' titles.
    pub attachments: Vec<String>,
    /// 版记: the input's `colophon` object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colophon: Option<Value>,
    /// 纪要's lists as (label, number of names).
    pub attendance: Vec<(String, usize)>,
    /// Body paragraphs (not counted in the parts above).
    pub paragraphs: usize,
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text_of).collect(),
        _ => String::new(),
    }
}

impl Outline {
    /// The outline of a `"kind": "document"` input.
    pub fn of(input: &Value) -> Outline {
        let mut o = Outline {
            header: input.get("header").cloned(),
            colophon: input.get("colophon").cloned(),
            ..Outline::default()
        };
        let empty = Vec::new();
        let blocks = input["blocks"].as_array().unwrap_or(&empty);
        o.add_blocks(blocks);
        for a in input["issued"].as_array().unwrap_or(&empty) {
            o.issued.push(text_of(&a["title"]));
            o.add_blocks(a["blocks"].as_array().unwrap_or(&empty));
        }
        for a in input["attachments"].as_array().unwrap_or(&empty) {
            o.attachments.push(text_of(&a["title"]));
            o.add_blocks(a["blocks"].as_array().unwrap_or(&empty));
        }
        o
    }

    fn add_blocks(&mut self, blocks: &[Value]) {
        for b in blocks {
            let Some((kind, v)) = b.as_object().and_then(|m| m.iter().next()) else {
                continue;
            };
            match kind.as_str() {
                "title" => self.title = Some(text_of(v)),
                "addressee" => self.addressee = Some(text_of(v)),
                "heading" => {
                    let level = v["level"].as_u64().unwrap_or(0) as u8;
                    let mut text = text_of(&v["text"]);
                    if let Some(r) = v.get("run_in") {
                        text.push_str(&text_of(r));
                    }
                    self.headings.push((level, text));
                }
                "table" => {
                    let rows = v["rows"].as_array().map_or(0, Vec::len);
                    let cols = v["widths"].as_array().map_or(0, Vec::len);
                    self.tables.push((rows, cols));
                }
                "attachment_note" => {
                    self.attachment_note = v
                        .as_array()
                        .map(|a| a.iter().map(text_of).collect())
                        .unwrap_or_default()
                }
                "signature" => {
                    let agencies = match (v.get("agency"), v.get("agencies")) {
                        (Some(a), _) => vec![text_of(a)],
                        (_, Some(list)) => list
                            .as_array()
                            .map(|l| l.iter().map(|a| text_of(&a["name"])).collect())
                            .unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    self.signature = Some(SignatureOutline {
                        agencies,
                        date: text_of(&v["date"]),
                    });
                }
                "note" => self.notes.push(text_of(v)),
                "attendance" => self.attendance.push((
                    text_of(&v["label"]),
                    v["names"].as_array().map_or(0, Vec::len),
                )),
                "paragraph" => self.paragraphs += 1,
                _ => {}
            }
        }
    }

    /// The outline as lines for a person, in the current language.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let none = t!("draft.outline.none").to_string();
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| none.clone());
        if let Some(h) = &self.header {
            let mut parts = Vec::new();
            for key in ["copy_number", "secrecy", "urgency"] {
                if let Some(v) = h.get(key).and_then(Value::as_str) {
                    parts.push(v.to_string());
                }
            }
            if let Some(list) = h.get("issuers").and_then(Value::as_array) {
                let names: Vec<String> = list.iter().map(text_of).collect();
                parts.push(names.join(" "));
            }
            if let Some(v) = h.get("doc_number").and_then(Value::as_str) {
                parts.push(v.to_string());
            }
            if let Some(list) = h.get("signers").and_then(Value::as_array) {
                let names: Vec<String> = list.iter().map(text_of).collect();
                parts.push(format!("签发人：{}", names.join(" ")));
            }
            out.push(t!("draft.outline.header", value = parts.join(" · ")).to_string());
        }
        out.push(t!("draft.outline.title", value = or_none(&self.title)).to_string());
        out.push(t!("draft.outline.addressee", value = or_none(&self.addressee)).to_string());
        for (level, text) in &self.headings {
            let indent = "  ".repeat((*level as usize).saturating_sub(1));
            out.push(
                t!(
                    "draft.outline.heading",
                    level = level,
                    indent = indent,
                    text = text
                )
                .to_string(),
            );
        }
        for (rows, cols) in &self.tables {
            out.push(t!("draft.outline.table", rows = rows, cols = cols).to_string());
        }
        if !self.attachment_note.is_empty() {
            out.push(
                t!(
                    "draft.outline.attachment_note",
                    value = self.attachment_note.join("；")
                )
                .to_string(),
            );
        }
        match &self.signature {
            Some(s) => out.push(
                t!(
                    "draft.outline.signature",
                    agency = s.agencies.join("、"),
                    date = s.date
                )
                .to_string(),
            ),
            None => out
                .push(t!("draft.outline.signature", agency = none.clone(), date = "").to_string()),
        }
        for n in &self.notes {
            out.push(t!("draft.outline.note", value = n).to_string());
        }
        for (label, n) in &self.attendance {
            out.push(t!("draft.outline.attendance", label = label, n = n).to_string());
        }
        for a in &self.issued {
            out.push(t!("draft.outline.issued", value = a).to_string());
        }
        for a in &self.attachments {
            out.push(t!("draft.outline.attachment", value = a).to_string());
        }
        if let Some(c) = &self.colophon {
            let cc: Vec<String> = c
                .get("cc")
                .and_then(Value::as_array)
                .map(|l| l.iter().map(text_of).collect())
                .unwrap_or_default();
            let printer = c.get("printer").map(text_of).unwrap_or_default();
            let date = c.get("print_date").map(text_of).unwrap_or_default();
            out.push(
                t!(
                    "draft.outline.colophon",
                    cc = cc.join("，"),
                    printer = printer,
                    date = date
                )
                .to_string(),
            );
        }
        out.push(t!("draft.outline.paragraphs", n = self.paragraphs).to_string());
        out
    }
}
