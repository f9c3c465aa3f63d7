//! Word's automatic numbering (`word/numbering.xml`), rendered as Word
//! shows it: each `w:num` names an `w:abstractNum` whose levels give a
//! start value, a number format (`chineseCounting` 一二三, `decimal`,
//! `decimalFullWidth` １２３, `decimalEnclosedCircle` ①②③ …) and a level
//! text such as `%1、` or `（%1）`; paragraphs count per abstract list and
//! level, a level restarts after a higher one, and a `w:num` may restart a
//! level (`lvlOverride/startOverride`).

use std::collections::{HashMap, HashSet};

use super::xml::Element;

/// One level of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub start: u32,
    pub format: String,
    pub text: String,
    /// `lvlRestart`: 0 never restarts; otherwise restarts after a level
    /// above it (Word's default).
    pub restart: Option<u32>,
    /// `isLgl`: every number of the text as decimal.
    pub legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
        }
    }
}

/// The lists of a document and the counters of the paragraphs read so far.
#[derive(Debug, Default)]
pub struct Numbering {
    /// abstractNumId → its nine levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, level → start override).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// abstractNumId → current value per level (None: not started).
    counters: HashMap<String, [Option<u32>; 9]>,
    /// (numId, level) whose start override was applied.
    overridden: HashSet<(String, u8)>,
}

fn val(e: &Element, name: &str) -> Option<String> {
    e.child(name)
        .and_then(|c| c.get_attr("w:val"))
        .map(str::to_string)
}

fn level_of(lvl: &Element) -> Level {
    Level {
        start: val(lvl, "w:start")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
        format: val(lvl, "w:numFmt").unwrap_or_else(|| "decimal".into()),
        text: lvl
            .child("w:lvlText")
            .and_then(|c| c.get_attr("w:val"))
            .map(|v| quick_xml::escape::unescape(v).map_or(v.to_string(), |s| s.into_owned()))
            .unwrap_or_default(),
        restart: val(lvl, "w:lvlRestart").and_then(|v| v.parse().ok()),
        legal: lvl.child("w:isLgl").is_some_and(|c| {
            !matches!(c.get_attr("w:val"), Some("0") | Some("false") | Some("off"))
        }),
    }
}

impl Numbering {
    /// The lists of `numbering.xml`'s root element.
    pub fn from_xml(root: &Element) -> Numbering {
        let mut n = Numbering::default();
        for e in root.elements() {
            match e.name.as_str() {
                "w:abstractNum" => {
                    let Some(id) = e.get_attr("w:abstractNumId") else {
                        continue;
                    };
                    let mut levels = vec![Level::default(); 9];
                    for lvl in e.elements().filter(|c| c.name == "w:lvl") {
                        let i: usize = lvl
                            .get_attr("w:ilvl")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                        if i < 9 {
                            levels[i] = level_of(lvl);
                        }
                    }
                    n.abstracts.insert(id.to_string(), levels);
                }
                "w:num" => {
                    let (Some(id), Some(abs)) = (
                        e.get_attr("w:numId"),
                        e.child("w:abstractNumId").and_then(|a| a.get_attr("w:val")),
                    ) else {
                        continue;
                    };
                    let mut overrides = HashMap::new();
                    for o in e.elements().filter(|c| c.name == "w:lvlOverride") {
                        let lvl: Option<u8> = o.get_attr("w:ilvl").and_then(|v| v.parse().ok());
                        let start: Option<u32> = o
                            .child("w:startOverride")
                            .and_then(|s| s.get_attr("w:val"))
                            .and_then(|v| v.parse().ok());
                        if let (Some(l), Some(s)) = (lvl, start) {
                            overrides.insert(l, s);
                        }
                        // a level redefined in the override
                        if let (Some(l), Some(def)) = (lvl, o.child("w:lvl")) {
                            if (l as usize) < 9 {
                                let key = format!("{id}#override");
                                let mut levels = n
                                    .abstracts
                                    .get(abs)
                                    .cloned()
                                    .unwrap_or_else(|| vec![Level::default(); 9]);
                                levels[l as usize] = level_of(def);
                                n.abstracts.insert(key, levels);
                            }
                        }
                    }
                    let key = if n.abstracts.contains_key(&format!("{id}#override")) {
                        format!("{id}#override")
                    } else {
                        abs.to_string()
                    };
                    n.nums.insert(id.to_string(), (key, overrides));
                }
                _ => {}
            }
        }
        n
    }

    /// Counts a paragraph of list `num_id` at level `ilvl` and returns the
    /// number Word shows before it (None for numId 0, an unknown list, or a
    /// level whose text is empty).
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let (abs, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs)?;
        let counters = self.counters.entry(abs.clone()).or_insert([None; 9]);
        let l = ilvl as usize;
        let first_of_override = overrides
            .get(&ilvl)
            .copied()
            .filter(|_| self.overridden.insert((num_id.to_string(), ilvl)));
        counters[l] = Some(match (first_of_override, counters[l]) {
            (Some(start), _) => start,
            (None, Some(v)) => v + 1,
            (None, None) => levels[l].start,
        });
        // deeper levels restart (unless lvlRestart says never)
        for (deeper, level) in levels.iter().enumerate().skip(l + 1) {
            let restart = match level.restart {
                Some(0) => false,
                Some(after) => (after as usize) > l,
                None => true,
            };
            if restart {
                counters[deeper] = None;
            }
        }
        let level = &levels[l];
        if level.format == "none" {
            return (!level.text.is_empty() && !level.text.contains('%'))
                .then(|| level.text.clone());
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(8);
                    let value = counters[k].unwrap_or(levels[k].start);
                    let format = if level.legal && k < l {
                        "decimal"
                    } else {
                        levels[k].format.as_str()
                    };
                    out.push_str(&format_number(value, format));
                    continue;
                }
            }
            out.push(c);
        }
        (!out.trim().is_empty()).then_some(out)
    }
}

/// A value in one of Word's number formats.
pub fn format_number(n: u32, format: &str) -> String {
    const TEN_STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    const ZODIAC: [&str; 12] = [
        "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
    ];
    match format {
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n - 1).map_or(n.to_string(), String::from)
        }
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "koreanCounting" => crate::model::chinese_number(n),
        "chineseLegalSimplified" => crate::model::chinese_number(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                o => o,
            })
            .collect(),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| match c {
                '0' => '〇',
                d => crate::model::chinese_number(d.to_digit(10).unwrap_or(0))
                    .chars()
                    .next()
                    .unwrap_or(d),
            })
            .collect(),
        "ideographTraditional" if (1..=10).contains(&n) => TEN_STEMS[n as usize - 1].into(),
        "ideographZodiac" if (1..=12).contains(&n) => ZODIAC[n as usize - 1].into(),
        "upperLetter" | "lowerLetter" if n >= 1 => {
            let base = if format == "upperLetter" { b'A' } else { b'a' };
            let letter = (base + ((n - 1) % 26) as u8) as char;
            letter.to_string().repeat(((n - 1) / 26 + 1) as usize)
        }
        "upperRoman" | "lowerRoman" if (1..4000).contains(&n) => {
            let r = roman(n);
            if format == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "bullet" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="（%4）"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn word_numbers_render_as_word_shows_them() {
        let root = crate::draft::xml::parse(XML.as_bytes()).unwrap();
        let mut n = Numbering::from_xml(&root);
        let got: Vec<Option<String>> = [
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("1", 2),
            ("1", 3),
            ("1", 0),
            ("1", 1),
            ("2", 0),
            ("2", 1),
            ("3", 0),
            ("3", 0),
            ("9", 0),
        ]
        .iter()
        .map(|(id, l)| n.next(id, *l))
        .collect();
        let want = [
            "一、",
            "（一）",
            "（二）",
            "1.",
            "（１）",
            "二、",
            "（一）",
            "③",
            "3.1",
            "一、",
            "二、",
        ];
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.as_deref(), Some(w));
        }
        assert_eq!(got[11], None, "an unknown list shows no number");
    }

    #[test]
    fn formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(2025, "ideographDigital"), "二〇二五");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
    }
}
