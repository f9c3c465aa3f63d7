//! Small value types shared by input kinds: text that may also be written as a
//! number, and checks on the characters of text.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

use crate::error::Diagnostic;

/// A text field that also accepts a JSON number (table cells are often numbers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Text; a number is accepted and written as it is.",
            "type": ["string", "number"]
        })
    }
}

pub(crate) struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

/// Longest text accepted in one field (a paragraph, a cell, a title line):
/// about 180 pages of body text. Longer text is almost certainly a mistake
/// (a whole file pasted into one field) and would only make a huge PDF.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Rejects control characters (other than `\n` where line breaks are allowed)
/// and lone surrogates, naming the character and its position.
pub fn check_chars(text: &str, location: &str, allow_newline: bool) -> Result<(), Diagnostic> {
    let n = text.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(Diagnostic::error(
            location,
            format!("text of {n} characters; the limit for one field is {MAX_TEXT_CHARS} — split it into paragraphs"),
        ));
    }
    for (i, ch) in text.chars().enumerate() {
        let bad = match ch {
            '\n' => !allow_newline,
            '\u{FFFD}' => true,
            c => c.is_control(),
        };
        if bad {
            let what = if ch == '\u{FFFD}' {
                "a replacement character (U+FFFD, from a broken encoding or a lone surrogate)"
                    .to_string()
            } else if ch == '\n' {
                "a line break (U+000A), which is not allowed here".to_string()
            } else {
                format!("the control character U+{:04X}", ch as u32)
            };
            return Err(Diagnostic::error(
                location,
                format!(
                    "text contains {what} at character {}: “{}”",
                    i + 1,
                    excerpt(text, i)
                ),
            ));
        }
    }
    Ok(())
}

/// Up to 10 characters either side of position `i`, control characters shown as ␣-like escapes.
fn excerpt(text: &str, i: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = i.saturating_sub(10);
    let to = (i + 10).min(chars.len());
    chars[from..to]
        .iter()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:04X}}}", *c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_text() {
        let t: Vec<Text> = serde_json::from_str(r#"["a", 3, 2.5]"#).unwrap();
        assert_eq!(
            t,
            vec![Text("a".into()), Text("3".into()), Text("2.5".into())]
        );
    }

    #[test]
    fn control_characters_are_named() {
        let e = check_chars("总体\u{0007}情况", "blocks[1]", true).unwrap_err();
        assert!(e.message.contains("U+0007"), "{}", e.message);
        assert!(e.message.contains("character 3"), "{}", e.message);
        assert!(check_chars("第一行\n第二行", "x", true).is_ok());
        assert!(check_chars("第一行\n第二行", "x", false).is_err());
    }
}
