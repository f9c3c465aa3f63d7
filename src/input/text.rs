//! Small value types shared by input kinds: text that may also be written as a
//! number, and checks on the characters of text.

use crate::i18n::t;
use schemars::JsonSchema;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
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

/// serde_json (built with `arbitrary_precision`) hands a number that is not a
/// plain 64-bit integer (a fraction, an exponent, a long integer) to
/// `visit_map` as a one-entry map under this key, with the number exactly as
/// written. That is how `1.10` stays `1.10` instead of becoming the float 1.1.
pub const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// What a `visit_map` received: a number token, or a real object whose first
/// key has been read already (to be handed on through [`Prepend`]).
pub enum MapOrNumber<A> {
    Number(String),
    Object(Prepend<A>),
}

/// Reads the first key of a map to tell a number token from an object.
pub fn map_or_number<'de, A: MapAccess<'de>>(mut map: A) -> Result<MapOrNumber<A>, A::Error> {
    let first: Option<String> = map.next_key()?;
    if first.as_deref() == Some(NUMBER_TOKEN) {
        return Ok(MapOrNumber::Number(map.next_value()?));
    }
    Ok(MapOrNumber::Object(Prepend { first, inner: map }))
}

/// A map whose first key was already read: yields that key again, then the rest.
pub struct Prepend<A> {
    first: Option<String>,
    inner: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prepend<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(k) => seed.deserialize(k.into_deserializer()).map(Some),
            None => self.inner.next_key_seed(seed),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }
}

/// Deserializes `T` from an object given to `visit_map`, or fails with a type
/// error for a number token (a number where an object or text was expected).
pub fn object_from_map<'de, T: serde::Deserialize<'de>, A: MapAccess<'de>>(
    map: A,
    expected: &dyn de::Expected,
) -> Result<T, A::Error> {
    match map_or_number(map)? {
        MapOrNumber::Number(n) => Err(de::Error::invalid_type(
            de::Unexpected::Other(&t!("text.the_number", number = n)),
            expected,
        )),
        MapOrNumber::Object(m) => T::deserialize(de::value::MapAccessDeserializer::new(m)),
    }
}

/// A number token as the text it prints. Digits and the decimal point are
/// kept as written (`1.10`, `100.50`, a 23-digit integer); an exponent cannot
/// be (serde_json writes `1e3` as `1e+3`), so it is refused with a hint
/// rather than printed differently from the input.
pub fn number_as_text<E: de::Error>(token: String) -> Result<Text, E> {
    if token.contains('e') {
        return Err(E::custom(t!(
            "text.number_with_exponent",
            number = crate::error::clip(&token, 30)
        )));
    }
    Ok(Text(token))
}

pub(crate) struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&t!("text.expect_text"))
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
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
        match map_or_number(map)? {
            MapOrNumber::Number(n) => number_as_text(n),
            MapOrNumber::Object(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
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
            t!("text.too_long", n = n, max = MAX_TEXT_CHARS),
        ));
    }
    for (i, ch) in text.chars().enumerate() {
        let bad = match ch {
            '\n' => !allow_newline,
            '\u{FFFD}' => true,
            c => c.is_control() || is_noncharacter(c),
        };
        if bad {
            let code = format!("{:04X}", ch as u32);
            let what = if ch == '\u{FFFD}' {
                t!("text.replacement_character")
            } else if ch == '\n' {
                t!("text.line_break_not_allowed")
            } else if is_noncharacter(ch) {
                t!("text.noncharacter", code = code)
            } else {
                t!("text.control_character", code = code)
            };
            return Err(Diagnostic::error(
                location,
                t!(
                    "text.bad_character",
                    what = what,
                    position = i + 1,
                    excerpt = excerpt(text, i)
                ),
            ));
        }
    }
    Ok(())
}

/// Cleans text pasted from Word or a web page before it is checked: Windows
/// line breaks (`\r\n`, `\r`) become `\n`, tabs and non-breaking spaces
/// become spaces, zero-width spaces and byte-order marks (U+FEFF) are
/// removed, and so is a leading indent of ideographic spaces (U+3000) or
/// tabs at the start of a paragraph or line (GB/T 9704's two-character indent
/// is automatic). What was changed is said in one warning, with the place.
/// Then the text is checked as by `check_chars`.
pub fn clean(
    text: &str,
    location: &str,
    allow_newline: bool,
    notes: &mut Vec<Diagnostic>,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(text.len());
    let mut counts = [0usize; 5]; // line breaks, tabs, nbsp, invisible, indents
    let mut chars = text.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\r' if allow_newline => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                counts[0] += 1;
                out.push('\n');
                line_start = true;
                continue;
            }
            '\u{3000}' | '\t' if line_start => {
                // an indent typed by hand: the layout indents by itself
                while matches!(chars.peek(), Some('\u{3000}' | '\t' | ' ')) {
                    chars.next();
                }
                counts[4] += 1;
                continue;
            }
            '\t' => {
                counts[1] += 1;
                out.push(' ');
            }
            '\u{00A0}' | '\u{202F}' => {
                counts[2] += 1;
                out.push(' ');
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => counts[3] += 1,
            c => out.push(c),
        }
        line_start = c == '\n';
    }
    let said: Vec<String> = counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(what, &n)| {
            match what {
                0 => t!("text.cleaned_line_breaks", n = n),
                1 => t!("text.cleaned_tabs", n = n),
                2 => t!("text.cleaned_non_breaking_spaces", n = n),
                3 => t!("text.cleaned_invisible", n = n),
                _ => t!("text.cleaned_indents", n = n),
            }
            .into_owned()
        })
        .collect();
    if !said.is_empty() {
        notes.push(Diagnostic::warning(
            location,
            t!(
                "text.pasted_text_cleaned",
                changes = said.join(&t!("text.list_separator"))
            ),
        ));
    }
    check_chars(&out, location, allow_newline)?;
    Ok(out)
}

/// The 66 code points Unicode reserves as never being characters: U+FDD0–U+FDEF
/// and the last two of every plane (U+FFFE, U+FFFF, U+1FFFE …). XML 1.0 cannot
/// hold U+FFFE and U+FFFF at all.
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Checks a short single-line field (metadata, a font name): characters as in
/// `check_chars` and at most `max` characters.
pub fn check_short(text: &str, location: &str, max: usize) -> Result<(), Diagnostic> {
    let n = text.chars().count();
    if n > max {
        return Err(Diagnostic::error(
            location,
            t!("text.too_long_here", n = n, max = max),
        ));
    }
    check_chars(text, location, false)
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
    fn numbers_become_text_as_written() {
        let t: Vec<Text> =
            serde_json::from_str(r#"["a", 3, 2.5, 1.10, 100.50, 12345678901234567890123, -0]"#)
                .unwrap();
        let t: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            t,
            [
                "a",
                "3",
                "2.5",
                "1.10",
                "100.50",
                "12345678901234567890123",
                "-0"
            ]
        );
        let e = serde_json::from_str::<Text>("1e3").unwrap_err();
        assert!(e.to_string().contains("in quotes"), "{e}");
    }

    #[test]
    fn control_characters_are_named() {
        let e = check_chars("总体\u{0007}情况", "blocks[1]", true).unwrap_err();
        assert!(e.message.contains("U+0007"), "{}", e.message);
        assert!(e.message.contains("character 3"), "{}", e.message);
        assert!(check_chars("第一行\n第二行", "x", true).is_ok());
        assert!(check_chars("第一行\n第二行", "x", false).is_err());
    }

    #[test]
    fn pasted_text_is_cleaned_and_said() {
        let mut notes = Vec::new();
        let out = clean(
            "\u{3000}\u{3000}第一段\r\n\t第二段\u{00A0}内容\u{200B}，结束\u{FEFF}",
            "blocks[0].paragraph",
            true,
            &mut notes,
        )
        .unwrap();
        assert_eq!(out, "第一段\n第二段 内容，结束");
        assert_eq!(notes.len(), 1);
        let m = &notes[0].message;
        for said in [
            "1 Windows line break",
            "2 hand-typed indent",
            "1 non-breaking",
            "2 invisible",
        ] {
            assert!(m.contains(said), "{said}: {m}");
        }
        // clean text: no warning, unchanged
        let mut none = Vec::new();
        assert_eq!(
            clean("正文　内容", "x", true, &mut none).unwrap(),
            "正文　内容"
        );
        assert!(none.is_empty());
        // a control character that is not pasted whitespace is still refused
        assert!(clean("正\u{0007}文", "x", true, &mut none).is_err());
    }

    #[test]
    fn noncharacters_are_refused() {
        for c in [
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{FDD0}',
            '\u{1FFFF}',
            '\u{10FFFE}',
        ] {
            let e = check_chars(&format!("标题{c}"), "meta.title", false).unwrap_err();
            assert!(e.message.contains("noncharacter"), "{}", e.message);
        }
        assert!(check_chars("\u{FFFD}", "x", false).is_err());
        assert!(check_chars("正常文字\u{FFFC}𠮷", "x", false).is_ok());
    }
}
