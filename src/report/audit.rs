//! The narrative audit: what the text of a report says about its own tables.
//!
//! Most people paste last year's text and edit its numbers by hand, so a
//! report may say 受理政府信息公开申请17件 while its 表三 says 95. This module
//! finds such statements — a count (Arabic or Chinese numerals, then a measure
//! word) whose words in front name a table fact — and compares them with the
//! tables. It also checks breakdowns introduced by 其中: parts that should add
//! up to their whole, and percentages that should match their counts.
//!
//! The reading is deliberately narrow, to give no false alarms: a fact is
//! recognised only when its key words stand right before the number, with
//! nothing between them but a few filler words (案件, 共计, 数量为 …). A
//! sentence phrased otherwise is not read, rather than misread.

use std::collections::BTreeMap;

use crate::i18n::t;

use crate::error::Diagnostic;

/// Measure words of a count of cases, documents or decisions.
const COUNT_MEASURES: [char; 6] = ['件', '条', '起', '宗', '项', '个'];

/// Words that may stand between a fact's key words and its number.
const FILLERS: [&str; 16] = [
    "案件", "申请", "决定", "事项", "数量", "金额", "共计", "合计", "总计", "总数", "共", "计",
    "为", "达", "了", "有",
];

/// Words that make a number a change or a rate, not the fact itself.
const NOT_THE_FACT: [&str; 12] = [
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "增长",
    "减少",
    "下降",
    "增加",
    "上升",
    "逾期",
    "超期",
];

/// A fact of the tables that the text may state.
struct Fact {
    /// The placeholder name of the value (and the key of a finding).
    key: &'static str,
    /// The table cell in Chinese, as the tables label it.
    label: &'static str,
    /// Key words, one of which must stand right before the number.
    words: &'static [&'static str],
    /// Verbs, one of which must stand before the key words or between them
    /// and the number (empty: none needed).
    verbs: &'static [&'static str],
    /// Words that rule the fact out when they are in front of the number.
    unless: &'static [&'static str],
    /// Whether the number is an amount in 万元 (else a count).
    amount: bool,
}

const MADE: &[&str] = &["新制定", "制定", "制发", "出台", "印发", "发布"];
const REPEALED: &[&str] = &["废止", "宣布失效"];
const IN_FORCE: &[&str] = &["现行有效", "现行"];
const APPLICATION_WORDS: &[&str] = &["政府信息公开申请", "依申请公开", "申请"];
const NOT_APPLICATIONS: &[&str] = &["复议", "诉讼"];

/// The facts, most specific first: the first that matches a number wins.
const FACTS: &[Fact] = &[
    Fact {
        key: "review_litigation.review.total",
        label: "表四 行政复议 · 总计",
        words: &["行政复议"],
        verbs: &[],
        unless: &[],
        amount: false,
    },
    Fact {
        key: "review_litigation.litigation",
        label: "表四 行政诉讼（未经复议直接起诉与复议后起诉）· 总计",
        words: &["行政诉讼"],
        verbs: &[],
        unless: &[],
        amount: false,
    },
    Fact {
        key: "applications.carried_forward.total",
        label: "表三 四、结转下年度继续办理 · 总计",
        words: &[
            "结转下年度继续办理",
            "结转下年度",
            "结转至下一年度",
            "结转到下一年度",
            "结转至下年度",
        ],
        verbs: &[],
        unless: NOT_APPLICATIONS,
        amount: false,
    },
    Fact {
        key: "applications.carried_over.total",
        label: "表三 二、上年结转政府信息公开申请数量 · 总计",
        words: &["上年结转", "上年度结转", "上一年度结转"],
        verbs: &[],
        unless: NOT_APPLICATIONS,
        amount: false,
    },
    Fact {
        key: "applications.results.total.total",
        label: "表三 三、本年度办理结果 · 总计",
        words: &["办结"],
        verbs: &[],
        unless: NOT_APPLICATIONS,
        amount: false,
    },
    Fact {
        key: "applications.new.total",
        label: "表三 一、本年新收政府信息公开申请数量 · 总计",
        words: APPLICATION_WORDS,
        verbs: &["新收", "收到", "受理", "接收", "接到"],
        unless: &["复议", "诉讼", "结转", "办结"],
        amount: false,
    },
    Fact {
        key: "active_disclosure.regulations.made",
        label: "表二 规章 · 本年制发件数",
        words: &["规章"],
        verbs: MADE,
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.regulations.repealed",
        label: "表二 规章 · 本年废止件数",
        words: &["规章"],
        verbs: REPEALED,
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.regulations.in_force",
        label: "表二 规章 · 现行有效件数",
        words: &["规章"],
        verbs: IN_FORCE,
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.normative_documents.made",
        label: "表二 规范性文件 · 本年制发件数",
        words: &["规范性文件"],
        verbs: MADE,
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.normative_documents.repealed",
        label: "表二 规范性文件 · 本年废止件数",
        words: &["规范性文件"],
        verbs: REPEALED,
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.normative_documents.in_force",
        label: "表二 规范性文件 · 现行有效件数",
        words: &["规范性文件"],
        verbs: IN_FORCE,
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.licensing_decisions",
        label: "表二 行政许可 · 本年处理决定数量",
        words: &["行政许可"],
        verbs: &[],
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.penalty_decisions",
        label: "表二 行政处罚 · 本年处理决定数量",
        words: &["行政处罚"],
        verbs: &[],
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.coercion_decisions",
        label: "表二 行政强制 · 本年处理决定数量",
        words: &["行政强制"],
        verbs: &[],
        unless: &[],
        amount: false,
    },
    Fact {
        key: "active_disclosure.fees_wan_yuan",
        label: "表二 行政事业性收费 · 本年收费金额（万元）",
        words: &["行政事业性收费", "收费"],
        verbs: &[],
        unless: &[],
        amount: true,
    },
];

/// What the audit found in one paragraph: the fact's key ("parts" and
/// "percent" for breakdowns) and the error.
#[derive(Debug)]
pub struct Finding {
    pub key: &'static str,
    pub diagnostic: Diagnostic,
}

/// A number in the text with its measure word: `start..end` in chars covers
/// the number and the measure.
#[derive(Debug, Clone)]
struct Count {
    value: f64,
    written: String,
    measure: String,
    start: usize,
    end: usize,
}

/// Audits one paragraph at `location` against the table `values` (the
/// placeholder values; "review_litigation.litigation" is derived here).
pub fn audit_text(text: &str, location: &str, values: &BTreeMap<String, String>) -> Vec<Finding> {
    let chars: Vec<char> = text.chars().collect();
    let counts = counts(&chars);
    let mut findings = Vec::new();
    let mut lead_from = 0;
    for c in &counts {
        // the words in front of a number: from the clause's start, or from the
        // number before it in the same clause
        let from = clause_start(&chars, lead_from, c.start);
        let lead: String = chars[from..c.start].iter().collect();
        lead_from = c.end;
        let Some(f) = fact_of(&lead, c) else {
            continue;
        };
        let Some(table) = table_text(f.key, values) else {
            continue;
        };
        if table
            .parse::<f64>()
            .is_ok_and(|t| (t - c.value).abs() > 1e-6)
        {
            findings.push(contradiction(f, &chars, c, table, location));
        }
    }
    findings.extend(breakdowns(&chars, &counts, location));
    cap(findings, location)
}

/// At most `MAX_FINDINGS` findings per paragraph, then one that counts the rest.
const MAX_FINDINGS: usize = 10;

fn cap(mut findings: Vec<Finding>, location: &str) -> Vec<Finding> {
    if findings.len() > MAX_FINDINGS {
        let more = findings.len() - MAX_FINDINGS;
        findings.truncate(MAX_FINDINGS);
        findings.push(Finding {
            key: "more",
            diagnostic: Diagnostic::error(location, t!("report.audit.more_findings", n = more)),
        });
    }
    findings
}

/// The value of the derived fact 行政诉讼 (未经复议直接起诉 + 复议后起诉),
/// as `placeholder_values` names it.
const LITIGATION_VALUE: &str = "review_litigation.litigation.total";

/// The table value of a fact as written (None when the tables lack it).
fn table_text<'a>(key: &str, values: &'a BTreeMap<String, String>) -> Option<&'a String> {
    values.get(key).or_else(|| {
        (key == "review_litigation.litigation")
            .then(|| values.get(LITIGATION_VALUE))
            .flatten()
    })
}

/// The placeholder that quotes a fact from the tables.
fn placeholder(key: &str) -> String {
    if key == "review_litigation.litigation" {
        format!("{{{LITIGATION_VALUE}}}")
    } else {
        format!("{{{key}}}")
    }
}

fn contradiction(f: &Fact, chars: &[char], c: &Count, table: &str, location: &str) -> Finding {
    let sentence = sentence_around(chars, c.start, c.end);
    Finding {
        key: f.key,
        diagnostic: Diagnostic::error(
            location,
            t!(
                "report.audit.number_mismatch",
                sentence = sentence,
                written = format!("{}{}", c.written, c.measure),
                cell = f.label,
                table = table,
                placeholder = placeholder(f.key)
            ),
        ),
    }
}

/// The fact a count states, judged by the words in front of it.
fn fact_of(lead: &str, c: &Count) -> Option<&'static Fact> {
    if NOT_THE_FACT.iter().any(|w| lead.contains(w)) {
        return None;
    }
    FACTS.iter().find(|f| {
        f.amount == (c.measure == "万元")
            && !f.unless.iter().any(|w| lead.contains(w))
            && states(lead, f)
    })
}

/// Whether `lead` ends with one of the fact's key words (and its verb), with
/// only filler words between them and the number.
fn states(lead: &str, f: &Fact) -> bool {
    f.words.iter().any(|w| {
        let Some(at) = lead.rfind(w) else {
            return false;
        };
        let before = &lead[..at];
        let after = &lead[at + w.len()..];
        if f.verbs.is_empty() {
            return only_fillers(after);
        }
        // a verb before the key words (制定规章2件) or right after them (规章制定2件)
        let verb_before = f.verbs.iter().any(|v| before.contains(v))
            && only_fillers(after)
            && !other_verb_nearer(before, f.verbs);
        let verb_after = f
            .verbs
            .iter()
            .any(|v| after.starts_with(v) && only_fillers(&after[v.len()..]));
        verb_before || verb_after
    })
}

/// Whether a verb of another kind (制定 / 废止 / 现行有效) stands nearer the key
/// words than the fact's own verb: "废止并新制定规章" is about 制定.
fn other_verb_nearer(before: &str, verbs: &[&str]) -> bool {
    let groups = [MADE, REPEALED, IN_FORCE];
    if !groups.iter().any(|g| std::ptr::eq(*g, verbs)) {
        return false;
    }
    let own = verbs.iter().filter_map(|v| before.rfind(v)).max();
    let others = groups
        .iter()
        .filter(|group| !std::ptr::eq(**group, verbs))
        .flat_map(|group| group.iter())
        .filter(|v| !verbs.contains(v))
        .filter_map(|v| before.rfind(v))
        .max();
    matches!((own, others), (Some(o), Some(x)) if x > o)
}

/// Whether `s` is made only of filler words.
fn only_fillers(mut s: &str) -> bool {
    while !s.is_empty() {
        match FILLERS.iter().find(|f| s.starts_with(**f)) {
            Some(f) => s = &s[f.len()..],
            None => return false,
        }
    }
    true
}

fn is_clause_break(c: char) -> bool {
    "，。；：！？,;:!?、\n（）()".contains(c)
}

fn is_sentence_break(c: char) -> bool {
    "。！？!?\n".contains(c)
}

/// Where the clause that holds position `at` starts, looking back no further
/// than `floor` (so that reading a paragraph stays linear in its length).
fn clause_start(chars: &[char], floor: usize, at: usize) -> usize {
    chars[floor..at]
        .iter()
        .rposition(|c| is_clause_break(*c))
        .map_or(floor, |i| floor + i + 1)
}

/// The sentence around `start..end`, at most 30 characters before and 20
/// after, for a message.
fn sentence_around(chars: &[char], start: usize, end: usize) -> String {
    let floor = start.saturating_sub(30);
    let from = chars[floor..start]
        .iter()
        .rposition(|c| is_sentence_break(*c))
        .map_or(floor, |i| floor + i + 1);
    let ceiling = (end + 20).min(chars.len());
    let to = chars[end..ceiling]
        .iter()
        .position(|c| is_sentence_break(*c) || "；;".contains(*c))
        .map_or(ceiling, |i| end + i);
    chars[from..to]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

// ---------------------------------------------------------------- numbers

pub(super) fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
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

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// The value of a Chinese numeral such as 十七, 一百二十三, 两千零五, 三万.
pub(super) fn chinese_value(s: &[char]) -> Option<u64> {
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for &c in s {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
        } else if c == '万' {
            total += (section + digit.take().unwrap_or(0)) * 10_000;
            section = 0;
        } else {
            let unit = chinese_unit(c)?;
            // 十七: a unit with no digit before it counts one
            section += digit.take().unwrap_or(1) * unit;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

/// Every number followed by a measure word (件, 条 … or 万元).
fn counts(chars: &[char]) -> Vec<Count> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((value, written, end)) = number_at(chars, i) else {
            i += 1;
            continue;
        };
        // 第二十条 is an article, not a count
        let ordinal = i > 0 && chars[i - 1] == '第';
        let measure = measure_at(chars, end);
        match measure {
            Some(m) if !ordinal => {
                let len = m.chars().count();
                out.push(Count {
                    value,
                    written,
                    measure: m,
                    start: i,
                    end: end + len,
                });
                i = end + len;
            }
            _ => i = end.max(i + 1),
        }
    }
    out
}

/// The number starting at `i`: Arabic (1,234 or 96171.6) or Chinese.
fn number_at(chars: &[char], i: usize) -> Option<(f64, String, usize)> {
    let c = chars[i];
    if c.is_ascii_digit() {
        if i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.') {
            return None;
        }
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || (",.".contains(chars[end])
                    && chars.get(end + 1).is_some_and(|d| d.is_ascii_digit())))
        {
            end += 1;
        }
        let written: String = chars[i..end].iter().collect();
        let value = written.replace(',', "").parse().ok()?;
        return Some((value, written, end));
    }
    let is_numeral = |c: char| chinese_digit(c).is_some() || chinese_unit(c).is_some();
    if is_numeral(c) && !(i > 0 && is_numeral(chars[i - 1])) {
        let mut end = i;
        while end < chars.len() && is_numeral(chars[end]) {
            end += 1;
        }
        let value = chinese_value(&chars[i..end])?;
        return Some((value as f64, chars[i..end].iter().collect(), end));
    }
    None
}

fn measure_at(chars: &[char], at: usize) -> Option<String> {
    let next = *chars.get(at)?;
    if next == '万' && chars.get(at + 1) == Some(&'元') {
        return Some("万元".into());
    }
    COUNT_MEASURES.contains(&next).then(|| next.to_string())
}

// ------------------------------------------------------------- breakdowns

/// Checks each 其中 breakdown: the counts after 其中 (to the sentence's end,
/// same measure word) are parts of the count just before it. The parts must
/// add up when they are complete — the last is 其他/其余, or each has a share —
/// and each share must match its count, to the decimals it shows.
fn breakdowns(chars: &[char], counts: &[Count], location: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let starts = (0..chars.len().saturating_sub(1)).filter(|&i| is_qizhong(chars, i));
    for at in starts {
        let first_after = counts.partition_point(|c| c.start < at);
        let Some(whole) = counts[..first_after].last().filter(|c| c.end <= at) else {
            continue;
        };
        // the whole stands right before 其中: in this sentence or ending the one before
        if at - whole.end > 4
            || !chars[whole.end..at]
                .iter()
                .all(|c| "，。,：: ".contains(*c))
        {
            continue;
        }
        let (parts, end) = parts_after(chars, &counts[first_after..], at, whole);
        if parts.is_empty() {
            continue;
        }
        let shares: Vec<Option<(f64, usize)>> = parts
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let next = parts.get(k + 1).map_or(end, |n| n.start);
                share_after(chars, p.end, next)
            })
            .collect();
        findings.extend(share_errors(chars, whole, &parts, &shares, location));
        let last_lead: String = {
            let last = parts[parts.len() - 1];
            let floor = parts.len().checked_sub(2).map_or(at, |k| parts[k].end);
            chars[clause_start(chars, floor, last.start)..last.start]
                .iter()
                .collect()
        };
        let complete = ["其他", "其它", "其余", "另有"]
            .iter()
            .any(|w| last_lead.contains(w))
            || shares.iter().all(Option::is_some);
        let sum: f64 = parts.iter().map(|p| p.value).sum();
        if complete && parts.len() > 1 && (sum - whole.value).abs() > 1e-6 {
            let listed: Vec<String> = parts.iter().map(|p| p.written.clone()).collect();
            findings.push(Finding {
                key: "parts",
                diagnostic: Diagnostic::error(
                    location,
                    t!(
                        "report.audit.parts_sum",
                        sum = fmt_number(sum),
                        parts = listed.join(" + "),
                        whole = format!("{}{}", whole.written, whole.measure),
                        sentence = sentence_around(chars, whole.start, whole.end)
                    ),
                ),
            });
        }
    }
    findings
}

fn is_qizhong(chars: &[char], i: usize) -> bool {
    chars[i] == '其' && chars.get(i + 1) == Some(&'中')
}

/// The first sentence break or 其中 in `from..to`: where a breakdown ends.
fn breakdown_end(chars: &[char], from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&i| is_sentence_break(chars[i]) || is_qizhong(chars, i))
}

/// The parts of the breakdown whose 其中 is at `at`: the counts that follow
/// with the whole's measure word, up to the sentence's end or the next 其中;
/// and where the breakdown ends.
fn parts_after<'a>(
    chars: &[char],
    following: &'a [Count],
    at: usize,
    whole: &Count,
) -> (Vec<&'a Count>, usize) {
    let mut parts = Vec::new();
    let mut pos = at + 2;
    for c in following {
        if let Some(end) = breakdown_end(chars, pos, c.start) {
            return (parts, end);
        }
        if c.measure == whole.measure {
            parts.push(c);
        }
        pos = c.end;
    }
    let end = breakdown_end(chars, pos, chars.len()).unwrap_or(chars.len());
    (parts, end)
}

/// A share such as 占总量的46% or 占比38.5% between `from` and `to`: its value
/// and decimals.
fn share_after(chars: &[char], from: usize, to: usize) -> Option<(f64, usize)> {
    let span = &chars[from..to];
    let zhan = span.iter().position(|c| *c == '占')?;
    let pct = span.iter().position(|c| *c == '%' || *c == '％')?;
    if pct < zhan {
        return None;
    }
    let digits_start = span[..pct]
        .iter()
        .rposition(|c| !(c.is_ascii_digit() || *c == '.'))
        .map_or(0, |i| i + 1);
    let written: String = span[digits_start..pct].iter().collect();
    let decimals = written.split_once('.').map_or(0, |(_, d)| d.len());
    Some((written.parse().ok()?, decimals))
}

fn share_errors(
    chars: &[char],
    whole: &Count,
    parts: &[&Count],
    shares: &[Option<(f64, usize)>],
    location: &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if whole.value <= 0.0 {
        return out;
    }
    for (p, share) in parts.iter().zip(shares) {
        let Some((stated, decimals)) = share else {
            continue;
        };
        let actual = p.value / whole.value * 100.0;
        // a share rounded to k decimals is off by at most half a unit of its last place
        let tolerance = 0.5 * 10f64.powi(-(*decimals as i32)) + 1e-9;
        if (actual - stated).abs() > tolerance {
            out.push(Finding {
                key: "percent",
                diagnostic: Diagnostic::error(
                    location,
                    t!(
                        "report.audit.share_mismatch",
                        sentence = sentence_around(chars, p.start, p.end),
                        stated = format!("{}%", fmt_number(*stated)),
                        part = format!("{}{}", p.written, p.measure),
                        whole = format!("{}{}", whole.written, whole.measure),
                        actual = format!("{:.*}%", decimals + 1, actual),
                        tolerance = fmt_number(0.5 * 10f64.powi(-(*decimals as i32))),
                    ),
                ),
            });
        }
    }
    out
}

fn fmt_number(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Audits every narrative of a report against its table values.
pub fn audit(texts: &[(String, &str)], values: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    texts
        .iter()
        .flat_map(|(path, text)| audit_text(text, path, values))
        .map(|f| f.diagnostic)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph at the length limit made of counts and 其中 with no
    /// sentence break: read in one pass, findings capped.
    #[test]
    fn a_hostile_paragraph_is_read_in_linear_time_with_findings_capped() {
        let values = BTreeMap::from([("applications.new.total".to_string(), "5".to_string())]);
        for unit in ["收到申请1件", "其中1件", "其中其他1件占9%", "1件"] {
            let text = unit.repeat(100_000 / unit.chars().count());
            let found = audit_text(&text, "p", &values);
            assert!(found.len() <= MAX_FINDINGS + 1, "{unit}: {}", found.len());
        }
    }

    #[test]
    fn chinese_numerals_read_as_written() {
        let v = |s: &str| chinese_value(&s.chars().collect::<Vec<_>>());
        assert_eq!(v("十七"), Some(17));
        assert_eq!(v("一百二十三"), Some(123));
        assert_eq!(v("两千零五"), Some(2005));
        assert_eq!(v("三万"), Some(30_000));
        assert_eq!(v("一万二千"), Some(12_000));
        assert_eq!(v("九"), Some(9));
    }

    #[test]
    fn counts_take_arabic_and_chinese_numbers_with_their_measure() {
        let chars: Vec<char> = "收到申请1,234件，办结十七件，依据第二十条，2024年"
            .chars()
            .collect();
        let found: Vec<(f64, String)> = counts(&chars)
            .into_iter()
            .map(|c| (c.value, c.measure))
            .collect();
        assert_eq!(found, vec![(1234.0, "件".into()), (17.0, "件".into())]);
    }
}
