//! Half-width punctuation typed between Chinese characters (a web page's
//! `,` `;` `:` `?` `!` `(` `)` `"`: 各乡镇,各部门, 通知(试行), "放管服") written in the
//! full-width forms GB/T 15834 uses in Chinese text, in one place for all
//! three formats. Numbers (1,000, 3.5, 10:30), URLs, e-mail addresses and
//! runs of Latin text keep theirs.

/// Whether a character is Chinese text: a hanzi, or CJK or full-width
/// punctuation (。，、《》“”（） …).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF01}'..='\u{FF60}' // full-width forms
        | '\u{2018}'..='\u{201D}' // ‘’“”
        | '\u{2014}' | '\u{2026}' | '\u{00B7}'
    )
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        c => c,
    }
}

/// Which characters of `chars` belong to a URL or an e-mail address: each
/// run of non-space ASCII holding `://`, `www.` or `@`.
fn in_address(chars: &[char]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii() && !chars[i].is_ascii_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii() && !chars[i].is_ascii_whitespace() {
                i += 1;
            }
            // punctuation before the address is the sentence's (网址:http…)
            let mut first = start;
            while first < i && matches!(chars[first], ',' | ';' | ':' | '?' | '!' | '(') {
                first += 1;
            }
            let run: String = chars[first..i].iter().collect();
            let lower = run.to_ascii_lowercase();
            if lower.contains("://") || lower.contains("www.") || run.contains('@') {
                out[first..i].iter_mut().for_each(|x| *x = true);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// `s` with its half-width punctuation between Chinese characters written
/// full-width, and the characters changed (as typed, in order).
///
/// - `,` `;` `:` `?` `!` after Chinese text (各乡镇,各部门; 联系电话:123;
///   吗?), or after a digit and before a hanzi (到2025年底,全市 is caught by
///   the first; 截至2023,全市 by the second); never between digits (1,000,
///   10:30) nor after Latin letters.
/// - `(` and `)` as a pair on the line, when the text in them or the
///   character before the `(` is Chinese (通知(试行), (2023—2025年)).
/// - `"` as pairs on the line, in order, around text holding Chinese
///   (推进"一改两化"战略 → 推进“一改两化”战略).
/// - nothing inside a URL or an e-mail address.
pub fn to_full_width(s: &str) -> (String, String) {
    let chars: Vec<char> = s.chars().collect();
    let address = in_address(&chars);
    // the full-width form each changed character takes
    let mut convert: Vec<Option<char>> = vec![None; chars.len()];
    // the previous and next characters that are not spaces
    let prev = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .copied()
    };
    let next = |i: usize| chars[i + 1..].iter().find(|c| !c.is_whitespace()).copied();
    for (i, &c) in chars.iter().enumerate() {
        if address[i] || !matches!(c, ',' | ';' | ':' | '?' | '!') {
            continue;
        }
        let before = prev(i);
        let after = next(i);
        let after_chinese = before.is_some_and(is_cjk);
        let digit_then_han =
            before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(is_han);
        // 1,000 and 10:30 stay: a digit on both sides
        let in_number =
            before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit());
        if (after_chinese || digit_then_han) && !in_number {
            convert[i] = Some(full_width(c));
        }
    }
    // brackets, paired on the line
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '（' => open.push(i),
            ')' | '）' => {
                let Some(o) = open.pop() else { continue };
                if chars[o] != '(' || c != ')' || address[o] || address[i] {
                    continue;
                }
                let inside = &chars[o + 1..i];
                let chinese_inside = inside.iter().any(|c| is_cjk(*c));
                let chinese_before = prev(o).is_some_and(is_cjk);
                if chinese_inside || chinese_before {
                    convert[o] = Some('（');
                    convert[i] = Some('）');
                }
            }
            _ => {}
        }
    }
    // straight double quotes, paired on the line in order, around Chinese
    // text (推进"一改两化"战略): “ and ”
    let quotes: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i] == '"' && !address[i])
        .collect();
    for pair in quotes.chunks_exact(2) {
        let (o, c) = (pair[0], pair[1]);
        if chars[o + 1..c].iter().any(|ch| is_cjk(*ch)) {
            convert[o] = Some('“');
            convert[c] = Some('”');
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = String::new();
    for (&c, to) in chars.iter().zip(&convert) {
        match to {
            Some(t) => {
                out.push(*t);
                changed.push(c);
            }
            None => out.push(c),
        }
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw(s: &str) -> String {
        to_full_width(s).0
    }

    #[test]
    fn punctuation_between_chinese_is_written_full_width() {
        assert_eq!(fw("各乡镇,各部门:"), "各乡镇，各部门：");
        assert_eq!(
            fw("关于印发《办法(试行)》的通知"),
            "关于印发《办法（试行）》的通知"
        );
        assert_eq!(fw("实施方案(2023—2025年)"), "实施方案（2023—2025年）");
        assert_eq!(fw("是否同意?请批示!"), "是否同意？请批示！");
        assert_eq!(fw("一是加强领导;二是"), "一是加强领导；二是");
        assert_eq!(fw("联系电话:67210092"), "联系电话：67210092");
        assert_eq!(fw("截至2023,全市"), "截至2023，全市");
        let (_, changed) = to_full_width("各乡镇,各部门(试行)");
        assert_eq!(changed, ",()");
        assert_eq!(
            fw(r#"推进"一改两化"战略,"放管服"改革"#),
            "推进“一改两化”战略，“放管服”改革"
        );
    }

    #[test]
    fn quotes_around_latin_text_or_unpaired_keep_theirs() {
        for s in [r#"称为"GB/T 9704""#, r#"他说"好"#, r#"见"a.docx"与"b""#] {
            assert_eq!(fw(s), s, "{s}");
        }
    }

    #[test]
    fn numbers_addresses_and_latin_text_keep_theirs() {
        for s in [
            "共计1,000元",
            "增长3.5%",
            "上午10:30开会",
            "详见http://www.gov.cn/a?b=1,2",
            "邮箱abc@gov.cn;",
            "Hello, world: (test)",
            "f(x)",
            "1)",
        ] {
            assert_eq!(fw(s), s, "{s}");
        }
        // the address itself is kept, the Chinese around it is not
        assert_eq!(
            fw("网址:http://www.gov.cn/a,b"),
            "网址：http://www.gov.cn/a,b"
        );
        assert_eq!(fw("10:00(北京时间)"), "10:00（北京时间）");
    }
}
