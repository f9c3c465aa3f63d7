//! Breaking a long title into balanced lines (GB/T 9704 7.3.1: 回行时要做到词意
//! 完整，排列对称，长短适宜，标题排列应当使用梯形或菱形).
//!
//! Widths are counted in ems by character class (ideographs 1, Latin and
//! digits ½), which is exact for the standard fonts and needs no font file, so
//! both writers get the same lines.

use super::linebreak::{auto_space_between, break_opportunities, AUTO_SPACE_EM};

/// Width of a character in ems for title balancing.
pub fn em_width(ch: char) -> f64 {
    if ch.is_ascii() {
        0.5
    } else {
        1.0
    }
}

/// Places where a title reads well when broken: before these words…
const GOOD_BEFORE: [&str; 8] = [
    "关于",
    "政府信息公开",
    "工作年度报告",
    "年度报告",
    "的通知",
    "的报告",
    "的意见",
    "实施方案",
];
/// …and after these.
const GOOD_AFTER: [&str; 12] = [
    "的",
    "年",
    "中心",
    "委员会",
    "办公室",
    "政府",
    "局",
    "厅",
    "委",
    "院",
    "关于",
    "公开",
];

/// Splits `text` into lines of at most `per_line` ems, as equal as possible,
/// upper lines no shorter than lower ones (倒梯形) where that costs little,
/// breaking between words.
pub fn balance(text: &str, per_line: f64) -> Vec<String> {
    let chars: Vec<char> = text.trim().chars().collect();
    let allowed = break_opportunities(&chars);
    // the cost of breaking before character i: 0 at a good word boundary
    // (the words are at most 6 characters, so a window of 6 is enough)
    let penalty: Vec<f64> = (0..=chars.len())
        .map(|i| {
            let before: String = chars[i.saturating_sub(6)..i].iter().collect();
            let after: String = chars[i..(i + 6).min(chars.len())].iter().collect();
            let good = GOOD_BEFORE.iter().any(|w| after.starts_with(w))
                || GOOD_AFTER.iter().any(|w| before.ends_with(w));
            if good {
                0.0
            } else {
                4.0
            }
        })
        .collect();
    // automatic space between Chinese and Latin text counts too
    let widths: Vec<f64> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            em_width(c)
                + if auto_space_between(c, next) {
                    AUTO_SPACE_EM as f64
                } else {
                    0.0
                }
        })
        .collect();
    let total: f64 = widths.iter().sum();
    let prefix: Vec<f64> = std::iter::once(0.0)
        .chain(widths.iter().scan(0.0, |s, w| {
            *s += w;
            Some(*s)
        }))
        .collect();
    if total <= per_line || chars.len() < 2 {
        return vec![chars.iter().collect()];
    }
    let n_min = (total / per_line).ceil() as usize;
    // a title of more than four lines is not a title to balance: break it
    // greedily (balancing is quadratic in the length per line tried)
    let balanced = (n_min <= MAX_BALANCED_LINES)
        .then(|| {
            (n_min..=n_min + 2).find_map(|n| best_breaks(n, &prefix, &allowed, per_line, &penalty))
        })
        .flatten();
    let breaks = balanced.unwrap_or_else(|| greedy_breaks(&prefix, &allowed, per_line));
    let mut lines = Vec::new();
    let mut from = 0;
    for b in breaks.into_iter().chain(std::iter::once(chars.len())) {
        lines.push(chars[from..b].iter().collect());
        from = b;
    }
    lines
}

/// Most lines a title is balanced over.
const MAX_BALANCED_LINES: usize = 4;

/// First-fit breaks: each line as long as fits, broken at the last allowed
/// position (or where it overflows, if a piece is longer than a line).
fn greedy_breaks(prefix: &[f64], allowed: &[bool], per_line: f64) -> Vec<usize> {
    let len = prefix.len() - 1;
    let mut breaks = Vec::new();
    let mut start = 0;
    while prefix[len] - prefix[start] > per_line + 1e-9 {
        let mut end = start + 1;
        while end < len && prefix[end + 1] - prefix[start] <= per_line + 1e-9 {
            end += 1;
        }
        let at = (start + 1..=end).rev().find(|&i| allowed[i]).unwrap_or(end);
        breaks.push(at);
        start = at;
    }
    breaks
}

/// Dynamic programme over break positions for exactly `n` lines.
fn best_breaks(
    n: usize,
    prefix: &[f64],
    allowed: &[bool],
    per_line: f64,
    penalty: &[f64],
) -> Option<Vec<usize>> {
    let len = prefix.len() - 1;
    let target = prefix[len] / n as f64;
    // cost[k][i]: best cost of k lines covering chars[..i]; with the previous line width
    let inf = f64::INFINITY;
    let mut cost = vec![vec![(inf, 0usize, 0.0f64); len + 1]; n + 1];
    cost[0][0] = (0.0, 0, f64::MAX);
    for k in 1..=n {
        for i in 1..=len {
            if i < len && !allowed[i] {
                continue;
            }
            if k == n && i != len {
                continue;
            }
            for j in 0..i {
                let (c, _, prev_w) = cost[k - 1][j];
                if c == inf {
                    continue;
                }
                let w = prefix[i] - prefix[j];
                if w > per_line + 1e-9 {
                    continue;
                }
                let mut add = (w - target).powi(2);
                if w > prev_w + 1e-9 {
                    add += 1.0; // prefer 倒梯形: each line no longer than the one above
                }
                if i < len {
                    add += penalty[i];
                }
                if c + add < cost[k][i].0 {
                    cost[k][i] = (c + add, j, w);
                }
            }
        }
    }
    if cost[n][len].0 == inf {
        return None;
    }
    let mut breaks = Vec::new();
    let mut i = len;
    for k in (1..=n).rev() {
        let j = cost[k][i].1;
        if k > 1 {
            breaks.push(j);
        }
        i = j;
    }
    breaks.reverse();
    Some(breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_title_stays_on_one_line() {
        assert_eq!(
            balance("关于做好年度报告工作的通知", 20.0),
            ["关于做好年度报告工作的通知"]
        );
    }

    #[test]
    fn long_title_breaks_into_balanced_lines_between_words() {
        let lines = balance("汶上县投资促进服务中心2024年政府信息公开工作年度报告", 20.0);
        assert_eq!(
            lines,
            ["汶上县投资促进服务中心2024年", "政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn lines_never_exceed_the_measure_and_keep_all_text() {
        let t = "某某省某某市某某县人民政府办公室关于印发某某县2025年政务公开工作要点的通知";
        let lines = balance(t, 20.0);
        assert!(lines.len() >= 2);
        assert_eq!(lines.concat(), t);
        for l in &lines {
            assert!(l.chars().map(em_width).sum::<f64>() <= 20.0, "{l}");
        }
        // never splits the year
        assert!(
            lines
                .iter()
                .all(|l| !l.ends_with("202") && !l.ends_with("20")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_very_long_title_is_broken_greedily_and_quickly() {
        // found by the fuzzer: balancing 900 characters took over 10 s
        let t = format!("关于{}的通知", "j".repeat(600) + &"0".repeat(300));
        let lines = balance(&t, 20.0);
        assert!(lines.len() > 4);
        assert_eq!(lines.concat(), t);
        let width = |l: &String| l.chars().map(em_width).sum::<f64>();
        assert!(lines.iter().all(|l| width(l) <= 20.0 + 0.5), "{lines:?}");
    }
}
