//! serde's messages in the reader's words. serde_json says `invalid type:
//! string "2025", expected i32` and `EOF while parsing an object`; a clerk
//! needs "应为整数，实际为文字“2025”" and "文件在对象结束前就结束了". This
//! module reads serde's fixed message shapes and says them again from the
//! catalogue; anything it does not recognise is passed through unchanged
//! (our own deserializers already write catalogue messages).

use crate::i18n::t;

use super::did_you_mean;

/// A data error (wrong type, missing or unknown field…) in plain words.
pub fn data_error(msg: &str) -> String {
    let wrong = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
        .and_then(|rest| rest.rsplit_once(", expected "));
    if let Some((actual, expected)) = wrong {
        return t!(
            "json.type.wrong",
            expected = expected_words(expected),
            actual = actual_words(actual)
        )
        .into();
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        if let Some((n, expected)) = rest.split_once(", expected ") {
            return t!("json.type.length", n = n, expected = expected).into();
        }
    }
    if let Some(name) = quoted_after(msg, "missing field `") {
        return t!("json.field.missing", name = name).into();
    }
    if let Some(name) = quoted_after(msg, "duplicate field `") {
        return t!("json.field.twice", name = name).into();
    }
    for (prefix, key) in [
        ("unknown field `", "json.field.unknown"),
        ("unknown variant `", "json.field.unknown_value"),
    ] {
        if let Some(name) = quoted_after(msg, prefix) {
            let after = &msg[prefix.len() + name.len() + 1..];
            let candidates: Vec<&str> = after.split('`').skip(1).step_by(2).collect();
            let listed = if candidates.is_empty() {
                String::new()
            } else {
                t!("json.field.choices", names = name_list(&candidates)).into()
            };
            return t!(
                key,
                name = name,
                choices = listed,
                hint = did_you_mean(name, &candidates)
            )
            .into();
        }
    }
    msg.to_string()
}

/// A syntax error serde_json gives without a typical mistake behind it, in
/// plain words (`EOF while parsing a string` → "the file ends inside a text
/// in quotes"); serde's own text where it is not one of these.
pub fn syntax_error(msg: &str) -> String {
    const SHAPES: [(&str, &str); 11] = [
        ("EOF while parsing a string", "json.syntax.eof_string"),
        ("EOF while parsing an object", "json.syntax.eof_object"),
        ("EOF while parsing a list", "json.syntax.eof_list"),
        ("EOF while parsing a value", "json.syntax.eof_value"),
        ("expected value", "json.syntax.expected_value"),
        ("key must be a string", "json.syntax.key_string"),
        ("trailing characters", "json.syntax.trailing"),
        ("control character", "json.syntax.control"),
        ("invalid escape", "json.syntax.escape"),
        ("invalid number", "json.syntax.number"),
        ("recursion limit exceeded", "json.syntax.depth"),
    ];
    match SHAPES.iter().find(|(shape, _)| msg.starts_with(shape)) {
        Some((_, key)) => t!(*key, serde = msg).into(),
        None if msg.starts_with("expected `") => t!("json.syntax.expected", serde = msg).into(),
        None => msg.to_string(),
    }
}

/// Why a number written as text is not one, when the reason is typical:
/// full-width digits (`１２`, from a Chinese keyboard) or a unit typed after
/// it (`12件`, `9.6万`); empty otherwise. Appended to a cell's message.
pub fn number_hint(written: &str) -> String {
    let inner = written.trim().trim_matches('"');
    let is_full_width = |c: char| ('０'..='９').contains(&c);
    if inner.chars().any(is_full_width) {
        let ascii: String = inner
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' => '.',
                other => other,
            })
            .collect();
        return t!("json.hint.full_width_digits", found = inner, ascii = ascii).into();
    }
    let digits_then_unit = inner.starts_with(|c: char| c.is_ascii_digit())
        && inner
            .chars()
            .last()
            .is_some_and(|c| !c.is_ascii() && !c.is_whitespace());
    if digits_then_unit {
        let number: String = inner
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        return t!("json.hint.unit", found = inner, number = number).into();
    }
    String::new()
}

/// The name in `prefix`name`…`.
fn quoted_after<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    msg.strip_prefix(prefix)?
        .split_once('`')
        .map(|(name, _)| name)
}

/// `a`, `b` and `c` in the reader's language.
pub fn name_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| t!("json.quote", name = n).into())
        .collect();
    quoted.join(&t!("json.list_separator"))
}

/// What serde expected (`i32`, `a string`, `struct Signature`…) in words.
fn expected_words(expected: &str) -> String {
    let integer = [
        "i8",
        "i16",
        "i32",
        "i64",
        "u8",
        "u16",
        "u32",
        "u64",
        "usize",
        "isize",
        "an integer",
    ];
    let key = match expected {
        e if integer.contains(&e) => "json.type.integer",
        "f32" | "f64" | "a number" => "json.type.number",
        "a string" | "a borrowed string" | "string" => "json.type.text",
        "a boolean" => "json.type.boolean",
        "a character" | "char" => "json.type.character",
        e if e.starts_with("a sequence")
            || e.starts_with("an array")
            || e.starts_with("a list") =>
        {
            "json.type.list"
        }
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => "json.type.object",
        _ => return expected.to_string(),
    };
    t!(key).into()
}

/// What serde found (`string "2025"`, `integer \`0\``, `floating point
/// \`18.0\``, `map`…) in words.
fn actual_words(actual: &str) -> String {
    if let Some(text) = actual.strip_prefix("string ") {
        let inner = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        return t!("json.found.text", text = inner).into();
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(n) = actual.strip_prefix(prefix) {
            return t!("json.found.number", number = n.trim_matches('`')).into();
        }
    }
    let key = match actual {
        "map" => "json.found.object",
        "sequence" => "json.found.list",
        "null" | "unit" => "json.found.null",
        a if a.starts_with("boolean ") => {
            return a["boolean ".len()..].trim_matches('`').to_string()
        }
        _ => return actual.to_string(),
    };
    t!(key).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_say_what_was_expected_and_found() {
        let m = data_error("invalid type: string \"2025\", expected i32");
        assert_eq!(m, "expected a whole number, got the text \"2025\"");
        let m = data_error("invalid type: integer `0`, expected a string");
        assert_eq!(m, "expected text in double quotes \"…\", got the number 0");
        let m = data_error("invalid type: map, expected a sequence");
        assert_eq!(m, "expected a list [ … ], got an object { … }");
    }

    #[test]
    fn the_chinese_words() {
        let zh = |key: &str| crate::i18n::t!(key, locale = "zh").to_string();
        assert_eq!(zh("json.type.integer"), "整数");
        assert!(zh("json.type.text").starts_with("文字"));
        let m = crate::i18n::t!(
            "json.type.wrong",
            locale = "zh",
            expected = zh("json.type.integer"),
            actual = "文字“2025”"
        );
        assert_eq!(m, "应为整数，实际为文字“2025”");
    }

    #[test]
    fn unknown_names_list_the_choices_and_guess() {
        let m = data_error("unknown field `titel`, expected one of `title`, `blocks`");
        assert!(m.contains("unknown field `titel`"), "{m}");
        assert!(m.contains("did you mean `title`?"), "{m}");
    }

    #[test]
    fn numbers_typed_the_chinese_way_are_explained() {
        assert!(
            number_hint("\"１２\"").contains("type 12"),
            "{}",
            number_hint("１２")
        );
        assert!(number_hint("12件").contains("12"));
        assert_eq!(number_hint("18.0"), "");
        assert_eq!(number_hint("-1"), "");
    }

    #[test]
    fn what_is_not_serde_s_stays() {
        assert_eq!(data_error("R7 某某"), "R7 某某");
        assert_eq!(syntax_error("something new"), "something new");
    }
}
