//! JSON syntax errors in the terms of the people who make them: files typed
//! on a Chinese keyboard and pasted from Word get full-width commas, colons,
//! quotes and brackets, full-width digits, trailing commas, comments and
//! single quotes. serde_json only says "expected `,` or `}`"; this module
//! looks at the text where the error is and says what was typed and what
//! to type instead, and shows the line with a caret under the place.

use crate::i18n::t;

/// Full-width characters typed where JSON needs ASCII, their ASCII, and the
/// catalogue's name of the mark.
const FULL_WIDTH: [(char, &str, &str); 10] = [
    ('，', ",", "json.mistake.comma"),
    ('：', ":", "json.mistake.colon"),
    ('“', "\"", "json.mistake.quotation_mark"),
    ('”', "\"", "json.mistake.quotation_mark"),
    ('‘', "\"", "json.mistake.quotation_mark"),
    ('’', "\"", "json.mistake.quotation_mark"),
    ('｛', "{", "json.mistake.brace"),
    ('｝', "}", "json.mistake.brace"),
    ('［', "[", "json.mistake.bracket"),
    ('］', "]", "json.mistake.bracket"),
];

/// The character index on a line of serde_json's column, which counts bytes
/// from 1.
fn char_index(source: &str, column: usize) -> usize {
    let mut byte = column.saturating_sub(1).min(source.len());
    while !source.is_char_boundary(byte) {
        byte -= 1;
    }
    source[..byte].chars().count()
}

/// serde_json's column (bytes from 1) as a column of characters from 1, as an
/// editor shows it: a line with Chinese text has three bytes a character.
pub fn char_column(text: &str, line: usize, column: usize) -> usize {
    match line.checked_sub(1).and_then(|l| text.lines().nth(l)) {
        Some(source) => char_index(source, column) + 1,
        None => column,
    }
}

/// What the error at `line`:`column` (1-based; serde_json's column counts
/// bytes) most likely is, and what to type instead; `None` when nothing
/// typical is seen.
pub fn explain(text: &str, line: usize, column: usize, message: &str) -> Option<String> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let chars: Vec<char> = source.chars().collect();
    let col = char_index(source, column).min(chars.len());
    // the character at the error, or (past the end of the line) the last one
    let at = chars.get(col).or(chars.last()).copied()?;
    // the character at the error and the few before it (serde may point just past it)
    let near: Vec<char> = chars[col.saturating_sub(2)..(col + 1).min(chars.len())].to_vec();
    let before = chars[..col]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .copied();
    let trailing = message.contains("trailing comma")
        || (message.contains("expected value") && matches!(at, ']' | '}') && before == Some(','));
    if trailing {
        return Some(t!("json.mistake.trailing_comma").into());
    }
    if let Some((c, ascii, what)) = FULL_WIDTH
        .iter()
        .find(|(c, _, _)| near.contains(c))
        .copied()
    {
        return Some(
            t!(
                "json.mistake.full_width",
                found = c,
                what = t!(what),
                ascii = ascii
            )
            .into(),
        );
    }
    let full_width_digit = |c: &char| ('０'..='９').contains(c);
    if let Some(k) = near.iter().position(full_width_digit) {
        let start = col.saturating_sub(2) + k;
        let run: String = chars[start..]
            .iter()
            .take_while(|c| full_width_digit(c))
            .collect();
        let ascii: String = run
            .chars()
            .map(|d| char::from_digit(d as u32 - '０' as u32, 10).unwrap_or(d))
            .collect();
        return Some(t!("json.mistake.full_width_digits", found = run, ascii = ascii).into());
    }
    if at == '/' || near.contains(&'/') && source.contains("//") {
        return Some(t!("json.mistake.comment").into());
    }
    if at == '\'' || near.contains(&'\'') {
        return Some(t!("json.mistake.single_quotes").into());
    }
    let expected_comma =
        message.contains("expected `,` or `}`") || message.contains("expected `,` or `]`");
    if expected_comma && (at == '"' || at.is_alphanumeric() || at == '{' || at == '[') {
        return Some(t!("json.mistake.missing_comma").into());
    }
    None
}

/// The line with the error and a caret under the column, for the message
/// (long lines cut around the place).
pub fn excerpt(text: &str, line: usize, column: usize) -> Option<String> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let chars: Vec<char> = source.chars().collect();
    let col = char_index(source, column).min(chars.len());
    let from = col.saturating_sub(40);
    let to = (col + 40).min(chars.len());
    let shown: String = chars[from..to].iter().collect();
    // the caret sits under the character: full-width characters take two columns
    let pad: usize = chars[from..col]
        .iter()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    let lead = if from > 0 { "…" } else { "" };
    Some(format!(
        "\n  {line:>4} | {lead}{shown}\n       | {}{}^",
        if from > 0 { " " } else { "" },
        " ".repeat(pad)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> (usize, usize, String) {
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        (e.line(), e.column(), e.to_string())
    }

    fn hint(text: &str) -> String {
        let (l, c, m) = error_of(text);
        explain(text, l, c, &m).unwrap_or_else(|| panic!("no hint for {text:?} ({m})"))
    }

    #[test]
    fn full_width_punctuation_is_named_with_what_to_type() {
        assert!(hint("{\"kind\": \"document\"，\"blocks\": []}").contains("“,”"));
        assert!(hint("{\"kind\"： \"document\"}").contains("“:”"));
        assert!(hint("{“kind”: \"document\"}").contains("quotation mark"));
        assert!(hint("{\"blocks\": ［]}").contains("bracket"));
    }

    #[test]
    fn trailing_commas_comments_quotes_and_missing_commas() {
        assert!(hint("{\"kind\": \"document\",}").contains("comma after the last item"));
        assert!(hint("{\"blocks\": [1, 2,]}").contains("comma after the last item"));
        assert!(hint("{\"kind\": \"document\", // note\n}").contains("no comments"));
        assert!(hint("{'kind': 'document'}").contains("double quotes"));
        assert!(hint("{\"kind\": \"document\"\n \"blocks\": []}").contains("comma is missing"));
    }

    #[test]
    fn full_width_digits_are_shown_half_width() {
        let h = hint("{\"year\": １２}");
        assert!(h.contains("１２") && h.contains("12"), "{h}");
    }

    #[test]
    fn columns_count_bytes_before_wide_characters() {
        let h = hint("{\"blocks\": [{\"paragraph\": \"正文\"},]}");
        assert!(h.contains("comma after the last item"), "{h}");
        assert!(hint("{\"a\": \"正文\"，\"b\": 1}").contains("“,”"));
    }

    #[test]
    fn the_caret_is_under_the_place() {
        let x = excerpt("{\n  \"a\"： 1\n}", 2, 6).unwrap();
        assert!(x.contains("   2 |   \"a\"： 1"), "{x}");
        let caret_line = x.lines().last().unwrap();
        assert_eq!(caret_line.find('^'), Some("       | ".len() + 5), "{x}");
    }
}
