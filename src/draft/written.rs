//! Dates and heading numbers as people write them, in one place for every
//! reader: the report import and the draft recogniser.

use chrono::NaiveDate;

/// Text as compared: no spaces or line breaks, full-width forms folded to
/// ASCII, 、 after a digit read as a point.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}') {
            continue;
        }
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '、' if out.ends_with(|p: char| p.is_ascii_digit()) => '.',
            '·' | '・' => '.',
            _ => c,
        };
        out.push(c);
    }
    out
}

/// A normalized heading split after its number: (一、, 总体情况) or ((一), 主动公开情况).
pub fn split_normalized_number(s: &str) -> (String, String) {
    let at = match s.chars().next() {
        Some('(') => s.find(')').map_or(0, |i| i + 1),
        _ => s
            .find(['.', '、'])
            .map_or(0, |i| i + s[i..].chars().next().map_or(0, char::len_utf8)),
    };
    (s[..at].to_string(), s[at..].to_string())
}

/// A Chinese digit (〇 and ○ as zero, 两 as two).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' | 'O' | '0' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a Chinese numeral up to 九十九 (一, 十, 十二, 二十, 三十一).
pub fn chinese_small(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        // 十 first: the arm after it takes any one character
        ['十'] => Some(10),
        [d] if *d != '〇' && *d != '零' => chinese_digit(*d).filter(|v| *v > 0),
        ['十', d] => Some(10 + chinese_digit(*d).filter(|v| *v > 0)?),
        [t, '十'] => Some(chinese_digit(*t).filter(|v| *v > 1)? * 10),
        [t, '十', d] => Some(
            chinese_digit(*t).filter(|v| *v > 1)? * 10 + chinese_digit(*d).filter(|v| *v > 0)?,
        ),
        _ => None,
    }
}

/// A month or day written in digits or in Chinese.
fn small_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    chinese_small(s)
}

/// A year of four digits or four Chinese digits (二〇二五).
fn year(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 4 {
        return None;
    }
    if chars.iter().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    chars
        .iter()
        .try_fold(0i32, |acc, c| Some(acc * 10 + chinese_digit(*c)? as i32))
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).filter(|_| (1900..=2199).contains(&y))
}

/// A line that is a date written 2025年1月21日 or 二〇二五年一月二十一日
/// (spaces and full-width digits allowed), as YYYY-MM-DD: the form the report
/// import reads.
pub fn chinese_date(line: &str) -> Option<String> {
    let n = normalize(line);
    let (y, rest) = n.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let y = year(y)?;
    NaiveDate::from_ymd_opt(y, small_number(m)?, small_number(d)?)
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A date anywhere in a line, in every form a draft writes it: 2024年3月5日,
/// 二〇二四年三月五日, 2024.3.5, 2024-03-05, 2024/3/5 (full-width digits and
/// spaces allowed). Returns the date and the char range it takes in `line`.
pub fn find_date(line: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    let chars: Vec<char> = line.chars().collect();
    // work on a folded copy with the same char positions
    let folded: Vec<char> = chars
        .iter()
        .map(|&c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF0E}' | '\u{FF0F}' | '\u{FF0D}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    let is_year_char = |c: char| c.is_ascii_digit() || (chinese_digit(c).is_some() && c != 'O');
    let mut i = 0;
    while i + 4 <= folded.len() {
        let ystr: String = folded[i..i + 4].iter().collect();
        let prev_ok = i == 0 || !is_year_char(folded[i - 1]);
        if let (true, Some(y)) = (prev_ok, year(&ystr)) {
            let digits = ystr.chars().all(|c| c.is_ascii_digit());
            if let Some((m, d, end)) = after_year(&folded, i + 4, digits) {
                if let Some(date) = ymd(y, m, d) {
                    return Some((date, i..end));
                }
            }
        }
        i += 1;
    }
    None
}

/// Month and day after a year at `at`: 年M月D日 (digits or Chinese), or
/// .M.D, -M-D, /M/D (digits only). Spaces are allowed around each part.
fn after_year(c: &[char], at: usize, digits: bool) -> Option<(u32, u32, usize)> {
    let skip = |mut i: usize| {
        while i < c.len() && (c[i] == ' ' || c[i] == '\u{3000}') {
            i += 1;
        }
        i
    };
    let take_num = |i: usize| -> Option<(u32, usize)> {
        let i = skip(i);
        let mut j = i;
        while j < c.len()
            && j - i < 3
            && (c[j].is_ascii_digit() || "一二三四五六七八九十".contains(c[j]))
        {
            j += 1;
        }
        let s: String = c[i..j].iter().collect();
        let v = small_number(&s)?;
        Some((v, skip(j)))
    };
    let i = skip(at);
    match c.get(i)? {
        '年' => {
            let (m, i) = take_num(i + 1)?;
            if c.get(i) != Some(&'月') {
                return None;
            }
            let (d, i) = take_num(i + 1)?;
            if !matches!(c.get(i), Some('日') | Some('号')) {
                return None;
            }
            Some((m, d, i + 1))
        }
        sep @ ('.' | '-' | '/') if digits => {
            let sep = *sep;
            let (m, i) = take_num(i + 1)?;
            if c.get(i) != Some(&sep) {
                return None;
            }
            let (d, j) = take_num(i + 1)?;
            // 2024.3.5 but not 2024.3.56 or 2024.3.5.1
            if c.get(j).is_some_and(|x| x.is_ascii_digit() || *x == sep) {
                return None;
            }
            let end = c[..j]
                .iter()
                .rposition(|x| !x.is_whitespace() && *x != '\u{3000}')
                .map_or(j, |p| p + 1);
            Some((m, d, end))
        }
        _ => None,
    }
}

/// A date written as digits alone, its 年, 月 and 日 dropped (as some web
/// pages print it: 2017919, 20240305): 7 or 8 ASCII digits, a year from
/// 1900 to 2199, and exactly one way to read the rest as a month and a
/// day (2024115 may be 1-15 or 11-5: None).
pub fn digits_date(line: &str) -> Option<NaiveDate> {
    let t = line.trim();
    if !(7..=8).contains(&t.len()) || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t[..4].parse().ok()?;
    let rest = &t[4..];
    let mut found = None;
    for m_len in 1..=2 {
        if m_len >= rest.len() {
            continue;
        }
        let (m, d) = rest.split_at(m_len);
        if d.len() > 2 || d.starts_with('0') && d.len() == 1 {
            continue;
        }
        if let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) {
            if let Some(date) = ymd(y, m, d) {
                if found.is_some() {
                    return None;
                }
                found = Some(date);
            }
        }
    }
    found
}

/// A line that is only a date (and perhaps spaces or brackets around it).
pub fn whole_date(line: &str) -> Option<NaiveDate> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let t = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']))
        .unwrap_or(t);
    let (d, r) = find_date(t)?;
    let len = t.chars().count();
    (r.start == 0 && r.end == len).then_some(d)
}

/// A heading number at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingNumber {
    /// 1 一、, 2 （一）, 3 1., 4 （1）.
    pub level: u8,
    pub value: u32,
    /// Bytes of the line the number takes (with the separator and spaces after it).
    pub len: usize,
    /// As written.
    pub written: String,
    /// As GB/T 9704 writes it.
    pub standard: String,
}

impl HeadingNumber {
    /// Whether it was written otherwise than GB/T 9704 writes it.
    pub fn changed(&self) -> bool {
        self.written != self.standard
    }
}

/// The heading number a line starts with, in the GB/T 9704 forms and the
/// variants people type: 一、 一. 一． for level 1; （一） (一) （一）、 for
/// level 2; 1. 1、 1． １． for level 3; （1） (1) （１） ⑴ for level 4.
/// None when the line does not start with one: a date such as 2024.3.5 or
/// a number such as 1.5万 is not one.
pub fn heading_number(line: &str) -> Option<HeadingNumber> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let byte = |i: usize| chars.get(i).map_or(line.len(), |(b, _)| *b);
    let digit = |c: char| match c {
        '0'..='9' => c.to_digit(10),
        '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
        _ => None,
    };
    let spaces = |mut i: usize| {
        while at(i).is_some_and(|c| c == ' ' || c == '\u{3000}' || c == '\t') {
            i += 1;
        }
        i
    };
    let make = |level: u8, value: u32, end: usize| {
        let end = spaces(end);
        let written = line[..byte(end)].trim_end().to_string();
        Some(HeadingNumber {
            level,
            value,
            len: byte(end),
            standard: crate::model::heading_number(level, value),
            written,
        })
    };
    let first = at(0)?;
    // ⑴ … ⒇
    if ('\u{2474}'..='\u{2487}').contains(&first) {
        return make(4, first as u32 - 0x2474 + 1, 1);
    }
    if matches!(first, '（' | '(') {
        let mut j = 1;
        let mut s = String::new();
        while let Some(c) = at(j) {
            if c == '）' || c == ')' || s.chars().count() > 3 {
                break;
            }
            s.push(c);
            j += 1;
        }
        if !matches!(at(j), Some('）') | Some(')')) {
            return None;
        }
        let mut end = j + 1;
        // （一）、 typed with a needless 、
        if matches!(at(end), Some('、') | Some('.') | Some('．')) {
            end += 1;
        }
        if let Some(v) = chinese_small(&s) {
            return make(2, v, end);
        }
        let ds: Option<Vec<u32>> = s.chars().map(digit).collect();
        if let Some(ds) = ds.filter(|d| !d.is_empty() && d.len() <= 2) {
            let v = ds.iter().fold(0, |a, d| a * 10 + d);
            return (v > 0).then_some(()).and_then(|_| make(4, v, end));
        }
        return None;
    }
    // 一、 十二、
    let mut j = 0;
    let mut s = String::new();
    while let Some(c) = at(j) {
        if "一二三四五六七八九十".contains(c) {
            s.push(c);
            j += 1;
        } else {
            break;
        }
    }
    if !s.is_empty() {
        let v = chinese_small(&s)?;
        return match at(j) {
            Some('、') | Some('．') => make(1, v, j + 1),
            // 一. followed by text (not 一.5)
            Some('.') if !at(j + 1).is_some_and(|c| c.is_ascii_digit()) => make(1, v, j + 1),
            _ => None,
        };
    }
    // 1. 1、 1． １．
    let mut v = 0u32;
    let mut n = 0;
    while let Some(d) = at(j).and_then(digit) {
        v = v * 10 + d;
        j += 1;
        n += 1;
        if n > 2 {
            return None;
        }
    }
    if n == 0 || v == 0 {
        return None;
    }
    match at(j) {
        Some('、') | Some('．') => make(3, v, j + 1),
        // 1. but not 1.5, 2024.3.5
        Some('.') if at(j + 1).is_none_or(|c| digit(c).is_none()) => make(3, v, j + 1),
        _ => None,
    }
}

/// A decimal section number at the start of a line, as 预案 and 规范 number
/// their sections: 1 总则, 1.1 编制目的, 1.1.1 …, 2.3.1.4 …: the number's
/// parts (1 to 4 of them: the depth) and the bytes it takes with the spaces
/// after it. A single number needs a space after it (1 总则; not 1号 or
/// 2024年); every form needs a hanzi after the number (not 1.5万, 3.5 亿元
/// is left to the caller's length and unit checks). None otherwise.
pub fn decimal_number(line: &str) -> Option<(Vec<u32>, usize)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    let mut parts: Vec<u32> = Vec::new();
    loop {
        let start = i;
        let mut value = 0;
        while i < chars.len() && chars[i].1.is_ascii_digit() {
            value = value * 10 + chars[i].1.to_digit(10).unwrap_or(0);
            i += 1;
        }
        let n = i - start;
        if n == 0 || n > 2 || chars[start].1 == '0' {
            return None;
        }
        parts.push(value);
        if parts.len() > 4 {
            return None;
        }
        if i < chars.len()
            && chars[i].1 == '.'
            && chars.get(i + 1).is_some_and(|c| c.1.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        break;
    }
    let number_end = i;
    while i < chars.len() && (chars[i].1 == ' ' || chars[i].1 == '\u{3000}' || chars[i].1 == '\t') {
        i += 1;
    }
    if parts.len() == 1 && i == number_end {
        return None;
    }
    let next = chars.get(i)?.1;
    if !('\u{4E00}'..='\u{9FFF}').contains(&next)
        || "万亿元个年月日号时分秒次人户家条项名倍%".contains(next)
    {
        return None;
    }
    Some((parts, chars.get(i).map_or(line.len(), |c| c.0)))
}

/// An item number of a list such as a 附件说明's: 1. 1、 1． １． (a
/// digit may follow: 1.2024年工作要点). Returns the number as written and
/// the bytes it takes (with spaces after it).
pub fn list_number(line: &str) -> Option<(String, usize)> {
    let mut digits = 0;
    for (i, c) in line.char_indices() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            digits += 1;
            if digits > 2 {
                return None;
            }
            continue;
        }
        if digits > 0 && matches!(c, '.' | '．' | '、') {
            let mut stop = i + c.len_utf8();
            let written = line[..stop].to_string();
            stop += line[stop..]
                .chars()
                .take_while(|c| c.is_whitespace() || *c == '\u{3000}')
                .map(char::len_utf8)
                .sum::<usize>();
            return Some((written, stop));
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_written_form() {
        for (s, want) in [
            ("2024年3月5日", d(2024, 3, 5)),
            ("二〇二四年三月五日", d(2024, 3, 5)),
            ("二○二四年十二月三十一日", d(2024, 12, 31)),
            // 十 alone, as a month and as a day
            ("二〇一一年十月二十七日", d(2011, 10, 27)),
            ("二〇二四年三月十日", d(2024, 3, 10)),
            ("2024.3.5", d(2024, 3, 5)),
            ("2024-03-05", d(2024, 3, 5)),
            ("2024/3/5", d(2024, 3, 5)),
            ("２０２４年３月５日", d(2024, 3, 5)),
            ("2024 年 3 月 5 日", d(2024, 3, 5)),
            ("（2024年3月5日）", d(2024, 3, 5)),
        ] {
            assert_eq!(whole_date(s), Some(want), "{s}");
        }
        assert_eq!(whole_date("2024年2月30日"), None);
        assert_eq!(whole_date("2024.3.56"), None);
        assert_eq!(whole_date("某某局2024年3月5日"), None);
        let (date, r) = find_date("某某县人民政府办公室 2024年3月5日印发").unwrap();
        assert_eq!(date, d(2024, 3, 5));
        assert_eq!(r, 11..20);
        assert_eq!(
            chinese_date("二〇二五年一月二十一日").as_deref(),
            Some("2025-01-21")
        );
        assert_eq!(chinese_date("2025年2月30日"), None);
    }

    #[test]
    fn decimal_section_numbers() {
        for (s, parts, rest) in [
            ("1  总则", &[1][..], "总则"),
            ("1.1  编制目的", &[1, 1], "编制目的"),
            ("1.1编制目的", &[1, 1], "编制目的"),
            ("2.3.1　应急响应", &[2, 3, 1], "应急响应"),
            ("10.2.1.4 附则", &[10, 2, 1, 4], "附则"),
        ] {
            let (d, len) = decimal_number(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!((d.as_slice(), &s[len..]), (parts, rest), "{s}");
        }
        for s in [
            "1总则",
            "1.总则",
            "2024年3月5日",
            "1.5万元",
            "3.5 亿元",
            "1.2.3.4.5 太深",
            "01 总则",
            "1 2 3",
            "1.1 ",
        ] {
            assert_eq!(decimal_number(s), None, "{s}");
        }
    }

    /// 2017919: a date whose 年, 月 and 日 a web page dropped.
    #[test]
    fn a_date_of_digits_read_only_when_one_reading_is_valid() {
        assert_eq!(digits_date("2017919"), Some(d(2017, 9, 19)));
        assert_eq!(digits_date("20240305"), Some(d(2024, 3, 5)));
        assert_eq!(digits_date("2024315"), Some(d(2024, 3, 15)));
        // 2024-1-15 or 2024-11-5
        assert_eq!(digits_date("2024115"), None);
        for s in [
            "2017",
            "201799",
            "2024-3-5",
            "12345678",
            "20241332",
            "2017919号",
        ] {
            assert_eq!(digits_date(s), None, "{s}");
        }
    }

    #[test]
    fn heading_numbers_and_their_typed_variants() {
        for (s, level, value, standard) in [
            ("一、总体要求", 1, 1, "一、"),
            ("十二、其他", 1, 12, "十二、"),
            ("十、其他", 1, 10, "十、"),
            ("（十）其他", 2, 10, "（十）"),
            ("一.总体要求", 1, 1, "一、"),
            ("一．总体要求", 1, 1, "一、"),
            ("（一）加强领导", 2, 1, "（一）"),
            ("(二)加强领导", 2, 2, "（二）"),
            ("（三）、加强", 2, 3, "（三）"),
            ("1.目标", 3, 1, "1."),
            ("1、目标", 3, 1, "1."),
            ("１．目标", 3, 1, "1."),
            ("12. 目标", 3, 12, "12."),
            ("（1）事项", 4, 1, "（1）"),
            ("(２)事项", 4, 2, "（2）"),
            ("⑶事项", 4, 3, "（3）"),
        ] {
            let h = heading_number(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(
                (h.level, h.value, h.standard.as_str()),
                (level, value, standard),
                "{s}"
            );
        }
        for s in [
            "2024.3.5会议",
            "1.5万元",
            "一是加强",
            "十分重要",
            "（此件公开发布）",
            "123. 号",
        ] {
            assert_eq!(heading_number(s), None, "{s}");
        }
        let h = heading_number("1、 目标").unwrap();
        assert_eq!(&"1、 目标"[h.len..], "目标");
        assert!(h.changed());
        assert!(!heading_number("（一）加强").unwrap().changed());
    }
}
