//! Characters that print nothing or turn text around, removed from every
//! string of the input before it is read.
//!
//! A right-to-left override (U+202E) in “拨付资金\u{202E}0051\u{202C}万元” makes
//! Word and LibreOffice show 1500万元 while a PDF drawn glyph by glyph shows
//! 0051万元: the two files of one input would state different numbers. A
//! soft hyphen, a direction mark, a grapheme joiner or a zero-width joiner is
//! hidden by Word and drawn (as a mark or a box) in the PDF. None of them
//! belongs in a 公文, so every bidi control (U+202A–202E, U+2066–2069,
//! U+200E, U+200F, U+061C) and every Unicode Default_Ignorable_Code_Point is
//! removed from every string value of the JSON, whatever its kind or field,
//! with one warning per string naming its JSON path and each character.
//!
//! This is done on the JSON text, before it is parsed, so no field can be
//! missed; characters written as `\u202e` escapes are found too. Object keys
//! are left as written (a key with such a character is an unknown field).

use std::borrow::Cow;

use rust_i18n::t;

use crate::error::Diagnostic;

/// Whether `c` is removed: a Default_Ignorable_Code_Point (Unicode 15's
/// DerivedCoreProperties.txt; the bidi controls are among them).
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164
        | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// The Unicode name of an invisible character (as `unicodedata.name` gives
/// it; the tags and the reserved code points by their kind).
pub fn unicode_name(c: char) -> Cow<'static, str> {
    let u = c as u32;
    let name = match u {
        0xAD => "SOFT HYPHEN",
        0x34F => "COMBINING GRAPHEME JOINER",
        0x61C => "ARABIC LETTER MARK",
        0x115F => "HANGUL CHOSEONG FILLER",
        0x1160 => "HANGUL JUNGSEONG FILLER",
        0x17B4 => "KHMER VOWEL INHERENT AQ",
        0x17B5 => "KHMER VOWEL INHERENT AA",
        0x180B => "MONGOLIAN FREE VARIATION SELECTOR ONE",
        0x180C => "MONGOLIAN FREE VARIATION SELECTOR TWO",
        0x180D => "MONGOLIAN FREE VARIATION SELECTOR THREE",
        0x180E => "MONGOLIAN VOWEL SEPARATOR",
        0x180F => "MONGOLIAN FREE VARIATION SELECTOR FOUR",
        0x200B => "ZERO WIDTH SPACE",
        0x200C => "ZERO WIDTH NON-JOINER",
        0x200D => "ZERO WIDTH JOINER",
        0x200E => "LEFT-TO-RIGHT MARK",
        0x200F => "RIGHT-TO-LEFT MARK",
        0x202A => "LEFT-TO-RIGHT EMBEDDING",
        0x202B => "RIGHT-TO-LEFT EMBEDDING",
        0x202C => "POP DIRECTIONAL FORMATTING",
        0x202D => "LEFT-TO-RIGHT OVERRIDE",
        0x202E => "RIGHT-TO-LEFT OVERRIDE",
        0x2060 => "WORD JOINER",
        0x2061 => "FUNCTION APPLICATION",
        0x2062 => "INVISIBLE TIMES",
        0x2063 => "INVISIBLE SEPARATOR",
        0x2064 => "INVISIBLE PLUS",
        0x2066 => "LEFT-TO-RIGHT ISOLATE",
        0x2067 => "RIGHT-TO-LEFT ISOLATE",
        0x2068 => "FIRST STRONG ISOLATE",
        0x2069 => "POP DIRECTIONAL ISOLATE",
        0x206A => "INHIBIT SYMMETRIC SWAPPING",
        0x206B => "ACTIVATE SYMMETRIC SWAPPING",
        0x206C => "INHIBIT ARABIC FORM SHAPING",
        0x206D => "ACTIVATE ARABIC FORM SHAPING",
        0x206E => "NATIONAL DIGIT SHAPES",
        0x206F => "NOMINAL DIGIT SHAPES",
        0x3164 => "HANGUL FILLER",
        0xFE00..=0xFE0F => return format!("VARIATION SELECTOR-{}", u - 0xFE00 + 1).into(),
        0xFEFF => "ZERO WIDTH NO-BREAK SPACE",
        0xFFA0 => "HALFWIDTH HANGUL FILLER",
        0x1BCA0 => "SHORTHAND FORMAT LETTER OVERLAP",
        0x1BCA1 => "SHORTHAND FORMAT CONTINUING OVERLAP",
        0x1BCA2 => "SHORTHAND FORMAT DOWN STEP",
        0x1BCA3 => "SHORTHAND FORMAT UP STEP",
        0x1D173 => "MUSICAL SYMBOL BEGIN BEAM",
        0x1D174 => "MUSICAL SYMBOL END BEAM",
        0x1D175 => "MUSICAL SYMBOL BEGIN TIE",
        0x1D176 => "MUSICAL SYMBOL END TIE",
        0x1D177 => "MUSICAL SYMBOL BEGIN SLUR",
        0x1D178 => "MUSICAL SYMBOL END SLUR",
        0x1D179 => "MUSICAL SYMBOL BEGIN PHRASE",
        0x1D17A => "MUSICAL SYMBOL END PHRASE",
        0xE0001 => "LANGUAGE TAG",
        0xE0020..=0xE007E => "TAG CHARACTER",
        0xE007F => "CANCEL TAG",
        0xE0100..=0xE01EF => return format!("VARIATION SELECTOR-{}", u - 0xE0100 + 17).into(),
        _ => "UNASSIGNED (DEFAULT IGNORABLE)",
    };
    name.into()
}

/// Where characters were removed from the JSON text, to give positions of
/// the text as written: (line, 1-based column in the cleaned text where
/// they were, characters of the source removed there).
#[derive(Debug, Default)]
pub struct Removed(Vec<(usize, usize, usize)>);

impl Removed {
    /// A location `L:C` or `L:C: path` of the cleaned text as a location of
    /// the text as written (the column counts what was removed before it).
    pub fn original_location(&self, location: &str) -> String {
        if self.0.is_empty() {
            return location.to_string();
        }
        let (head, rest) = match location.split_once(": ") {
            Some((h, r)) => (h, Some(r)),
            None => (location, None),
        };
        let Some((line, col)) = head
            .split_once(':')
            .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
        else {
            return location.to_string();
        };
        let before: usize = self
            .0
            .iter()
            .filter(|&&(l, c, _)| l == line && c <= col)
            .map(|&(_, _, n)| n)
            .sum();
        match rest {
            Some(r) => format!("{line}:{}: {r}", col + before),
            None => format!("{line}:{}", col + before),
        }
    }
}

/// A container being read, for the JSON path of a string.
enum Frame {
    Object { key: Option<String>, want_key: bool },
    Array { index: usize },
}

/// The JSON path of the value being read, as serde_path_to_error writes it
/// (`blocks[3].table.rows[1][0]`).
fn path(stack: &[Frame]) -> String {
    let mut out = String::new();
    for f in stack {
        match f {
            Frame::Object { key: Some(k), .. } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// The JSON text with every invisible character removed from its string
/// values (written as itself or as a `\u` escape), a warning per string
/// that had any, and where they were. Text without any is returned as it is.
pub fn strip(text: &str) -> (Cow<'_, str>, Vec<Diagnostic>, Removed) {
    if !text.contains("\\u") && !text.chars().any(is_invisible) {
        return (Cow::Borrowed(text), Vec::new(), Removed::default());
    }
    let mut out = String::with_capacity(text.len());
    let mut notes = Vec::new();
    let mut removed = Removed::default();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut line, mut col) = (1usize, 0usize); // col: characters written on this line
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            '[' => stack.push(Frame::Array { index: 0 }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                None => {}
            },
            ':' => {
                if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                    *want_key = false;
                }
            }
            '\n' => {
                out.push(c);
                line += 1;
                col = 0;
                continue;
            }
            '"' => {
                out.push(c);
                col += 1;
                let is_key = matches!(stack.last(), Some(Frame::Object { want_key: true, .. }));
                let start = out.len();
                // the characters removed from this string, in order
                let mut gone: Vec<char> = Vec::new();
                while let Some(s) = chars.next() {
                    match s {
                        '"' => break,
                        '\\' => {
                            let Some(e) = chars.next() else { break };
                            if e != 'u' {
                                out.push('\\');
                                out.push(e);
                                col += 2;
                                if e == '\n' {
                                    line += 1;
                                    col = 0;
                                }
                                continue;
                            }
                            let (decoded, source) = unicode_escape(&mut chars);
                            match decoded {
                                Some(ch) if !is_key && is_invisible(ch) => {
                                    gone.push(ch);
                                    removed.0.push((line, col + 1, source.chars().count() + 1));
                                }
                                _ => {
                                    out.push('\\');
                                    out.push_str(&source);
                                    col += 1 + source.chars().count();
                                }
                            }
                        }
                        s if !is_key && is_invisible(s) => {
                            gone.push(s);
                            removed.0.push((line, col + 1, 1));
                        }
                        s => {
                            out.push(s);
                            col += 1;
                            if s == '\n' {
                                line += 1;
                                col = 0;
                            }
                        }
                    }
                }
                if is_key {
                    let raw = &out[start..];
                    let key = serde_json::from_str::<String>(&format!("\"{raw}\""))
                        .unwrap_or_else(|_| raw.to_string());
                    if let Some(Frame::Object { key: k, .. }) = stack.last_mut() {
                        *k = Some(key);
                    }
                } else if !gone.is_empty() {
                    notes.push(note(&path(&stack), &gone));
                }
                out.push('"');
                col += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        col += 1;
    }
    (Cow::Owned(out), notes, removed)
}

/// Reads the four hex digits after `\u` (and a low surrogate's escape after
/// a high one): the character, if it is one, and the source text read
/// (`u202e`, `ud83d\ude00`), to be written back as it was otherwise.
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars>) -> (Option<char>, String) {
    let mut source = String::from("u");
    let hex = |source: &mut String, chars: &mut std::iter::Peekable<std::str::Chars>| {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = chars.peek().and_then(|c| c.to_digit(16))?;
            source.push(chars.next().expect("peeked"));
            v = v * 16 + d;
        }
        Some(v)
    };
    let Some(first) = hex(&mut source, chars) else {
        return (None, source);
    };
    if (0xD800..0xDC00).contains(&first) {
        // a low surrogate must follow as \uXXXX
        let mut look = chars.clone();
        if look.next() == Some('\\') && look.next() == Some('u') {
            let mut low_source = String::new();
            if let Some(low) = hex(&mut low_source, &mut look) {
                if (0xDC00..0xE000).contains(&low) {
                    chars.next();
                    chars.next();
                    for _ in 0..4 {
                        chars.next();
                    }
                    source.push_str("\\u");
                    source.push_str(&low_source);
                    let c = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                    return (char::from_u32(c), source);
                }
            }
        }
        return (None, source);
    }
    (char::from_u32(first), source)
}

/// The warning for one string: how many characters were removed and which.
fn note(location: &str, gone: &[char]) -> Diagnostic {
    let mut distinct: Vec<char> = Vec::new();
    for &c in gone {
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    let mut named: Vec<String> = distinct
        .iter()
        .take(4)
        .map(|&c| {
            t!(
                "text.invisible_item",
                code = format!("{:04X}", c as u32),
                name = unicode_name(c),
                kind = crate::fonts::invisible_name(c).unwrap_or_default()
            )
            .into_owned()
        })
        .collect();
    if distinct.len() > 4 {
        named.push("…".into());
    }
    Diagnostic::warning(
        location,
        t!(
            "text.invisible_removed",
            n = gone.len(),
            chars = named.join(&t!("text.list_separator"))
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_is_unicode_s_default_ignorable_code_points() {
        // DerivedCoreProperties.txt (Unicode 15), as regex-syntax tabulates it
        let ranges = [
            (0xAD, 0xAD),
            (0x34F, 0x34F),
            (0x61C, 0x61C),
            (0x115F, 0x1160),
            (0x17B4, 0x17B5),
            (0x180B, 0x180F),
            (0x200B, 0x200F),
            (0x202A, 0x202E),
            (0x2060, 0x206F),
            (0x3164, 0x3164),
            (0xFE00, 0xFE0F),
            (0xFEFF, 0xFEFF),
            (0xFFA0, 0xFFA0),
            (0xFFF0, 0xFFF8),
            (0x1BCA0, 0x1BCA3),
            (0x1D173, 0x1D17A),
            (0xE0000, 0xE0FFF),
        ];
        let listed = |u: u32| ranges.iter().any(|&(a, b)| (a..=b).contains(&u));
        for u in 0..=0x10FFFF {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_invisible(c), listed(u), "U+{u:04X}");
                if listed(u) {
                    assert!(crate::fonts::invisible_name(c).is_some(), "U+{u:04X}");
                }
            }
        }
        // the bidi controls are among them
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_invisible(c));
        }
        assert_eq!(unicode_name('\u{202E}'), "RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(unicode_name('\u{FE0F}'), "VARIATION SELECTOR-16");
        assert_eq!(unicode_name('\u{E0100}'), "VARIATION SELECTOR-17");
    }

    #[test]
    fn strings_lose_them_with_a_warning_naming_the_path_keys_do_not() {
        let json = "{\"blocks\": [{\"paragraph\": \"拨付资金\\u202e0051\\u202C万元。\"},\n {\"table\": {\"rows\": [[\"a\", \"软\u{AD}连\u{200D}字\"]]}}], \"k\u{200B}\": \"\\ud83d\\ude00\\\"\\u4e2d\"}";
        let (out, notes, _) = strip(json);
        assert_eq!(
            out,
            "{\"blocks\": [{\"paragraph\": \"拨付资金0051万元。\"},\n {\"table\": {\"rows\": [[\"a\", \"软连字\"]]}}], \"k\u{200B}\": \"\\ud83d\\ude00\\\"\\u4e2d\"}"
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["blocks"][0]["paragraph"], "拨付资金0051万元。");
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].location, "blocks[0].paragraph");
        assert!(notes[0].message.contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
        assert!(notes[0]
            .message
            .contains("U+202C POP DIRECTIONAL FORMATTING"));
        assert!(notes[0].message.starts_with("2 "), "{}", notes[0].message);
        assert_eq!(notes[1].location, "blocks[1].table.rows[0][1]");
        assert!(notes[1].message.contains("U+00AD SOFT HYPHEN"));
        assert!(notes[1].message.contains("U+200D ZERO WIDTH JOINER"));
        // text without any is not copied
        assert!(matches!(strip("{\"a\": \"正文\"}").0, Cow::Borrowed(_)));
    }

    #[test]
    fn positions_after_a_removal_are_those_of_the_text_as_written() {
        let json = "{\"a\": \"x\u{202E}\\u202ey\", \"b\": ,}";
        let (out, _, removed) = strip(json);
        assert_eq!(out, "{\"a\": \"xy\", \"b\": ,}");
        // the comma after "b": column 18 in the cleaned text, 25 as written
        assert_eq!(out.chars().nth(17), Some(','));
        assert_eq!(removed.original_location("1:18"), "1:25");
        assert_eq!(removed.original_location("1:18: b"), "1:25: b");
        assert_eq!(removed.original_location("1:8"), "1:8");
        assert_eq!(removed.original_location("2:30"), "2:30");
    }
}
