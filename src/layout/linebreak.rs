//! Shaping text into measured characters and breaking it into lines:
//! UAX #14 break opportunities, tightened by the Chinese line-start and
//! line-end rules (GB/T 15834, W3C clreq), filled greedily as Word and
//! LibreOffice do, then justified by spreading space between characters.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::fonts::{FaceId, FontBook, MissingGlyph};
use crate::model::Run;
use crate::style::FontRole;

/// Characters that may not begin a line (避头点).
pub const NO_LINE_START: &str = "，。、；：？！）］｝〕〉》」』】〗〙〛”’…—·‥～％‰℃°々〻ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:?!)]}%";
/// Characters that may not end a line (避尾点).
pub const NO_LINE_END: &str = "（［｛〔〈《「『【〖〘〚“‘([{";

/// Punctuation that may hang past the end of a full line instead of pushing
/// the previous character down (Word's overflowPunct, LibreOffice's hanging
/// punctuation; both are on by default).
pub const HANGING: &str = "，。、．,.；：";

/// Whether `set` (one of the lists above) holds `ch`. A hanzi or an ASCII
/// letter or digit, most of any text, is in none of them: answered without
/// scanning the list.
#[inline]
pub fn holds(set: &str, ch: char) -> bool {
    !matches!(ch, '\u{4E00}'..='\u{9FFF}' | 'a'..='z' | 'A'..='Z' | '0'..='9') && set.contains(ch)
}

/// One character with its font, glyph and advance (in points, spacing included).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedChar {
    pub ch: char,
    pub face: FaceId,
    pub glyph: u16,
    pub advance: f32,
    pub bold: bool,
    /// The part of `advance` that is automatic space before a following
    /// character of the other script: it is not needed when the line ends
    /// after this character (Word and LibreOffice put it only between
    /// characters on one line).
    pub space_after: f32,
}

/// Ideographs and kana: the characters between which and Latin letters or
/// digits Word and LibreOffice add automatic space (autoSpaceDE/autoSpaceDN).
pub fn is_ideograph(ch: char) -> bool {
    matches!(ch as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The automatic space between Chinese and Latin text, as a share of the font size.
pub const AUTO_SPACE_EM: f32 = 0.2;

/// Whether automatic space goes between two neighbouring characters.
pub fn auto_space_between(a: char, b: char) -> bool {
    (is_ideograph(a) && b.is_ascii_alphanumeric()) || (a.is_ascii_alphanumeric() && is_ideograph(b))
}

/// Measures runs of text in a role at a size with extra spacing per character.
/// Automatic space between Chinese and Latin text is added to the advance of
/// the first of the two characters.
pub fn shape(
    runs: &[Run],
    role: FontRole,
    size: f32,
    spacing: f32,
    fonts: &FontBook,
) -> Result<Vec<ShapedChar>, MissingGlyph> {
    let mut out = Vec::new();
    for run in runs {
        for ch in run.text.chars() {
            if ch == '\n' {
                out.push(ShapedChar {
                    ch,
                    face: 0,
                    glyph: 0,
                    advance: 0.0,
                    bold: run.bold,
                    space_after: 0.0,
                });
                continue;
            }
            let (face, glyph) = fonts.glyph_for(ch, role, run.bold)?;
            let advance = fonts.faces[face].advance_em(glyph) * size + spacing;
            if let Some(prev) = out.last_mut() {
                if auto_space_between(prev.ch, ch) {
                    prev.advance += AUTO_SPACE_EM * size;
                    prev.space_after = AUTO_SPACE_EM * size;
                }
            }
            out.push(ShapedChar {
                ch,
                face,
                glyph,
                advance,
                bold: run.bold,
                space_after: 0.0,
            });
        }
    }
    Ok(out)
}

/// A line: characters `start..end` of the shaped text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// The line ends the paragraph or a forced break: it is not justified.
    pub last: bool,
}

impl Line {
    /// The one line of an empty paragraph.
    const EMPTY: Line = Line {
        start: 0,
        end: 0,
        last: true,
    };

    /// The line `fill_line` filled from `start`.
    fn filled(start: usize, f: &Fill) -> Line {
        Line {
            start,
            end: f.end,
            last: f.hard,
        }
    }
}

/// Where a line may break: `allowed[i]` means a break before character `i`.
pub fn break_opportunities(chars: &[char]) -> Vec<bool> {
    let text: String = chars.iter().collect();
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (ci, (b, _)) in text.char_indices().enumerate() {
        byte_to_char[b] = ci;
    }
    byte_to_char[text.len()] = chars.len();
    let mut allowed = vec![false; chars.len() + 1];
    for (b, op) in linebreaks(&text) {
        let i = byte_to_char[b];
        allowed[i] = matches!(op, BreakOpportunity::Allowed | BreakOpportunity::Mandatory);
    }
    for i in 1..chars.len() {
        if holds(NO_LINE_START, chars[i]) || holds(NO_LINE_END, chars[i - 1]) {
            allowed[i] = false;
        }
        // a dash or an ellipsis is one unit of two characters: never split it
        if chars[i] == chars[i - 1] && matches!(chars[i], '—' | '…') {
            allowed[i] = false;
        }
    }
    allowed
}

/// How one line fills: where it ends, whether it ends the text or a forced
/// break (`hard`), and whether its last character hangs past the edge.
struct Fill {
    end: usize,
    hard: bool,
    hangs: bool,
}

/// Fills one line from `start` greedily, as Word and LibreOffice do.
fn fill_line(chars: &[ShapedChar], allowed: &[bool], start: usize, avail: f32) -> Fill {
    let mut used = 0.0;
    let mut last_ok: Option<usize> = None;
    let mut i = start;
    while i < chars.len() {
        if chars[i].ch == '\n' {
            return Fill {
                end: i,
                hard: true,
                hangs: false,
            };
        }
        if i > start && allowed[i] {
            last_ok = Some(i);
        }
        // trailing spaces may hang past the edge; the automatic space after
        // a character is not needed if the line ends after it
        let fits =
            used + chars[i].advance - chars[i].space_after <= avail + 0.01 || chars[i].ch == ' ';
        let hangs = !fits
            && i > start
            && holds(HANGING, chars[i].ch)
            && used <= avail + 0.01
            && allowed.get(i + 1).copied().unwrap_or(true);
        if hangs {
            // the punctuation hangs in the margin; the line breaks after it
            return Fill {
                end: i + 1,
                hard: i + 1 >= chars.len(),
                hangs: true,
            };
        }
        if !fits && i > start {
            return Fill {
                end: last_ok.unwrap_or(i),
                hard: false,
                hangs: false,
            };
        }
        used += chars[i].advance;
        i += 1;
    }
    Fill {
        end: chars.len(),
        hard: true,
        hangs: false,
    }
}

/// The start of the line after one ending at `end`.
fn next_start(chars: &[ShapedChar], end: usize, hard: bool) -> usize {
    let mut start = if end < chars.len() && chars[end].ch == '\n' {
        end + 1
    } else {
        end
    };
    // skip spaces at the start of a continued line
    while !hard && start < chars.len() && chars[start].ch == ' ' {
        start += 1;
    }
    start
}

/// Breaks shaped text into lines of at most `width` points (the first line
/// `first_width`). A `\n` forces a break. A piece with no break opportunity
/// wider than the line is cut where it overflows. A full stop, comma or 顿号
/// that does not fit hangs past the edge.
pub fn break_lines(chars: &[ShapedChar], first_width: f32, width: f32) -> Vec<Line> {
    let plain: Vec<char> = chars.iter().map(|c| c.ch).collect();
    let allowed = break_opportunities(&plain);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let avail = if lines.is_empty() { first_width } else { width };
        let f = fill_line(chars, &allowed, start, avail);
        lines.push(Line::filled(start, &f));
        start = next_start(chars, f.end, f.hard);
    }
    if chars.is_empty() {
        lines.push(Line::EMPTY);
    }
    lines
}

/// The most a tightened line's characters are moved closer, each, as a
/// share of the size (LibreOffice condenses by at most a sixth of an em).
pub const MAX_TIGHTEN_EM: f32 = 0.05;

/// Room (points) a tightened or loosened line keeps so that Word and
/// LibreOffice, which measure in twips, break it where we do.
const FIT_MARGIN: f32 = 1.0;

/// Natural width of `chars[start..end]` (no automatic space after the last).
fn natural(chars: &[ShapedChar], start: usize, end: usize) -> f32 {
    let w: f32 = chars[start..end].iter().map(|c| c.advance).sum();
    w - chars[end - 1].space_after
}

/// Extra spacing (twips, one per character of `start..end`) that makes those
/// characters fit `avail` with `FIT_MARGIN` to spare: the same negative
/// spacing on every character, at most `MAX_TIGHTEN_EM` of the size; `None`
/// when that is not enough.
///
/// The spacing is even because LibreOffice (7.4, measured) puts no negative
/// spacing on the last character of a text portion — a run, or a stretch of
/// one script or font — so a single squeezed mark would not be squeezed
/// there; the line is reckoned to fit as if those characters kept their
/// width, so that LibreOffice breaks it where Word and the PDF do.
fn tighten(
    chars: &[ShapedChar],
    start: usize,
    end: usize,
    avail: f32,
    size: f32,
) -> Option<Vec<i32>> {
    let over = natural(chars, start, end) - avail + FIT_MARGIN;
    if over <= 0.0 {
        return Some(vec![0; end - start]);
    }
    // characters that end a portion in LibreOffice: the line's last, and the
    // last before a change of font
    let ends = 1
        + (start..end - 1)
            .filter(|&k| chars[k].face != chars[k + 1].face || chars[k].bold != chars[k + 1].bold)
            .count();
    let counted = (end - start).saturating_sub(ends).max(1) as f32;
    let even = (over * 20.0 / counted).ceil() as i32;
    if even as f32 > MAX_TIGHTEN_EM * size * 20.0 {
        return None;
    }
    Some(vec![-even; end - start])
}

/// Extra spacing (twips, one per character of `start..end`) that spreads a
/// line which gave its last character(s) to the next line so that the
/// character at `end` no longer fits after it, in Word and LibreOffice too:
/// half of that character's width stays free.
fn loosen(chars: &[ShapedChar], start: usize, end: usize, avail: f32) -> Vec<i32> {
    let n = (end - start) as f32;
    let free = avail - natural(chars, start, end) - chars[end].advance / 2.0;
    let each = ((free / n) * 20.0).floor().max(0.0) as i32;
    vec![each; end - start]
}

/// Whether a line's text is one character, perhaps with punctuation after it
/// (a 孤字 at the end of a paragraph).
fn lone_character(chars: &[ShapedChar], line: Line) -> bool {
    let body = chars[line.start..line.end]
        .iter()
        .filter(|c| c.ch != ' ' && !holds(NO_LINE_START, c.ch))
        .count();
    body == 1 && is_ideograph(chars[line.start].ch)
}

/// Breaks a table cell's text as `break_lines` does, except that no
/// punctuation hangs (LibreOffice takes the character before it down
/// instead, in a cell) and a last line of one character (三、/本年/度办/理结/果)
/// takes one more from the line above when it can. Returns the lines and
/// the characters that start a line earlier than Word would start it: Word
/// and LibreOffice get a line break before each.
pub fn break_cell(chars: &[ShapedChar], width: f32) -> (Vec<Line>, Vec<usize>) {
    let plain: Vec<char> = chars.iter().map(|c| c.ch).collect();
    let allowed = break_opportunities(&plain);
    let mut lines = Vec::new();
    let mut forced = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut f = fill_line(chars, &allowed, start, width);
        if f.hangs {
            if let Some(b) = (start + 1..f.end - 1).rev().find(|&b| allowed[b]) {
                f.end = b;
                f.hard = false;
                forced.push(b);
            }
        }
        lines.push(Line::filled(start, &f));
        start = next_start(chars, f.end, f.hard);
    }
    if chars.is_empty() {
        lines.push(Line::EMPTY);
    }
    let n = lines.len();
    if n < 2 || lines[n - 2].last || !lone_character(chars, lines[n - 1]) {
        return (lines, forced);
    }
    let (prev, last) = (lines[n - 2], lines[n - 1]);
    let Some(b) = (prev.start + 1..prev.end).rev().find(|&b| allowed[b]) else {
        return (lines, forced);
    };
    // not when the line above would be one character in turn (自/然人)
    let above = Line {
        start: prev.start,
        end: b,
        last: false,
    };
    if natural(chars, b, last.end) > width - FIT_MARGIN || lone_character(chars, above) {
        return (lines, forced);
    }
    forced.retain(|&k| k != prev.end);
    forced.push(b);
    lines[n - 2].end = b;
    lines[n - 1].start = b;
    (lines, forced)
}

/// How far short of the measure a justified body line may be before it is
/// spread, as a share of the size: a quarter of a character (4 pt of 三号,
/// 1.4 mm, about 0.15 pt between characters). A line that would be shorter
/// takes the next character (or unbreakable piece) up by tightening, within
/// `MAX_TIGHTEN_EM`, when that is enough.
pub const MAX_SHORT_EM: f32 = 0.25;

/// Whether a justified line `start..end` (extra spacing `extra`, twips) is
/// shorter than `avail` by more than `MAX_SHORT_EM`.
fn too_short(
    chars: &[ShapedChar],
    start: usize,
    end: usize,
    extra: &[i32],
    avail: f32,
    size: f32,
) -> bool {
    let spaced: f32 = extra[start..end].iter().map(|&e| e as f32 / 20.0).sum();
    natural(chars, start, end) + spaced < avail - MAX_SHORT_EM * size
}

/// Breaks a body paragraph into lines as `break_lines` does, except that no
/// punctuation hangs past the edge (LibreOffice draws none of a hanging mark
/// that ends a line inside a paragraph), no line inside the paragraph is
/// more than `MAX_SHORT_EM` short of the measure when tightening can help,
/// and the last line is not a single character. A line is tightened to hold
/// the mark, the next piece or that character (see `tighten`); when that
/// would squeeze it too much, it gives its last character to the next line
/// and is spread (see `loosen`) — unless tightening one or two lines above it
/// by one character each lets the paragraph end without a lone character
/// and without a short line. All of it is done with character spacing
/// (`w:spacing` in Word), the one thing Word and LibreOffice both apply as
/// we do.
///
/// Returns the lines and the extra spacing of every character, in twips (0
/// for most): the writers add it to the character's advance (the PDF) or its
/// run's `w:spacing` (Word), so Word and LibreOffice break where we do.
pub fn break_paragraph(
    chars: &[ShapedChar],
    first_width: f32,
    width: f32,
    size: f32,
) -> (Vec<Line>, Vec<i32>) {
    let plain: Vec<char> = chars.iter().map(|c| c.ch).collect();
    let allowed = break_opportunities(&plain);
    let avail_of = |k: usize| if k == 0 { first_width } else { width };
    let (mut lines, mut extra) = fill_paragraph(chars, &allowed, first_width, width, size, &[]);
    if chars.is_empty() {
        return (lines, extra);
    }
    // a last line of one character: pull it up, or push one down to it
    let n = lines.len();
    if n >= 2 && !lines[n - 2].last && lone_character(chars, lines[n - 1]) {
        let (prev, last) = (lines[n - 2], lines[n - 1]);
        let avail = avail_of(n - 2);
        if let Some(e) = tighten(chars, prev.start, last.end, avail, size) {
            extra[prev.start..last.end].copy_from_slice(&e);
            lines[n - 2].end = last.end;
            lines[n - 2].last = last.last;
            lines.pop();
            return (lines, extra);
        }
        // one or two lines above take a character more each, so that the
        // paragraph ends otherwise (the last lines of one paragraph only)
        let ok = |(l, e): &(Vec<Line>, Vec<i32>)| {
            let m = l.len();
            !lone_character(chars, l[m - 1])
                && l.iter().enumerate().all(|(k, line)| {
                    line.last || !too_short(chars, line.start, line.end, e, avail_of(k), size)
                })
        };
        let from = (n - 1).saturating_sub(6);
        let mut tries: Vec<Vec<usize>> = (from..n - 1).rev().map(|k| vec![k]).collect();
        for a in (from..n - 1).rev() {
            for b in (from..a).rev() {
                tries.push(vec![b, a]);
            }
        }
        for squeeze in tries {
            let r = fill_paragraph(chars, &allowed, first_width, width, size, &squeeze);
            if ok(&r) {
                return r;
            }
        }
        if let Some(b) = (prev.start + 1..prev.end).rev().find(|&b| allowed[b]) {
            // the new last line must fit on its own
            if natural(chars, b, last.end) <= avail_of(n - 1) - FIT_MARGIN {
                extra[prev.start..last.end].fill(0);
                extra[prev.start..b].copy_from_slice(&loosen(chars, prev.start, b, avail));
                lines[n - 2].end = b;
                lines[n - 1].start = b;
            }
        }
    }
    (lines, extra)
}

/// The greedy fill of `break_paragraph`: no mark hangs, a short line takes
/// the next piece up when tightening allows, and the lines numbered in
/// `squeeze` take one character (or piece) more than they would, tightened.
fn fill_paragraph(
    chars: &[ShapedChar],
    allowed: &[bool],
    first_width: f32,
    width: f32,
    size: f32,
    squeeze: &[usize],
) -> (Vec<Line>, Vec<i32>) {
    let mut extra = vec![0i32; chars.len()];
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let avail = if lines.is_empty() { first_width } else { width };
        let mut f = fill_line(chars, allowed, start, avail);
        let more = (!f.hard && f.end < chars.len())
            .then(|| fill_line(chars, allowed, start, avail + size))
            .filter(|g| g.end > f.end);
        let squeezed = if squeeze.contains(&lines.len()) {
            more.as_ref()
                .and_then(|g| Some((g, tighten(chars, start, g.end, avail, size)?)))
        } else {
            None
        };
        if let Some((g, e)) = squeezed {
            f = Fill {
                end: g.end,
                hard: g.hard,
                hangs: false,
            };
            extra[start..f.end].copy_from_slice(&e);
        } else if f.hangs {
            if let Some(e) = tighten(chars, start, f.end, avail, size) {
                extra[start..f.end].copy_from_slice(&e);
            } else if let Some(b) = (start + 1..f.end - 1).rev().find(|&b| allowed[b]) {
                // the character before the mark goes down with it
                f.end = b;
                f.hard = false;
                extra[start..b].copy_from_slice(&loosen(chars, start, b, avail));
            }
        } else if !f.hard && too_short(chars, start, f.end, &extra, avail, size) {
            // a line far short of the measure: the next piece comes up,
            // tightened — a Chinese piece (LibreOffice breaks a tightened
            // line before Latin letters and digits elsewhere than we do)
            let chinese = |g: &Fill| {
                !g.hangs
                    && chars[f.end..g.end]
                        .iter()
                        .all(|c| !c.ch.is_ascii_alphanumeric())
            };
            if let Some(g) = more.filter(chinese) {
                if let Some(e) = tighten(chars, start, g.end, avail, size) {
                    f.end = g.end;
                    f.hard = g.hard;
                    extra[start..f.end].copy_from_slice(&e);
                }
            }
        }
        lines.push(Line::filled(start, &f));
        start = next_start(chars, f.end, f.hard);
    }
    if chars.is_empty() {
        lines.push(Line::EMPTY);
    }
    (lines, extra)
}

/// The x offset of every character of a line, justified to `width` unless it
/// is a last line, in which case it is set flush left.
pub fn position_line(chars: &[ShapedChar], line: Line, width: f32, justify: bool) -> Vec<f32> {
    let slice = &chars[line.start..line.end];
    let mut visible = slice.len();
    while visible > 0 && slice[visible - 1].ch == ' ' {
        visible -= 1;
    }
    let mut natural: f32 = slice[..visible].iter().map(|c| c.advance).sum();
    // no automatic space after the line's last character
    if visible > 0 {
        natural -= slice[visible - 1].space_after;
    }
    let mut gaps = visible.saturating_sub(1);
    if visible > 1 && natural > width + 0.01 && holds(HANGING, slice[visible - 1].ch) {
        // a hanging punctuation mark: justify what comes before it
        natural -= slice[visible - 1].advance;
        gaps -= 1;
    }
    let extra = if justify && !line.last && gaps > 0 && natural < width {
        (width - natural) / gaps as f32
    } else {
        0.0
    };
    let mut x = 0.0;
    slice
        .iter()
        .map(|c| {
            let at = x;
            x += c.advance + extra;
            at
        })
        .collect()
}

/// Width of a line for aligning it in `avail` points: the natural width, less
/// a final punctuation mark that hangs past the edge (it sits in the margin,
/// as in Word, and must not push a right-aligned or centred line leftwards).
pub fn aligned_width(chars: &[ShapedChar], line: Line, avail: f32) -> f32 {
    let w = line_width(chars, line);
    let slice = &chars[line.start..line.end];
    let last = slice.iter().rev().find(|c| c.ch != ' ');
    match last {
        Some(c) if w > avail + 0.01 && holds(HANGING, c.ch) => w - c.advance,
        _ => w,
    }
}

/// Natural width of a line (trailing spaces excluded).
pub fn line_width(chars: &[ShapedChar], line: Line) -> f32 {
    let slice = &chars[line.start..line.end];
    let visible = slice.len() - slice.iter().rev().take_while(|c| c.ch == ' ').count();
    let trailing = slice[..visible].last().map_or(0.0, |c| c.space_after);
    slice[..visible].iter().map(|c| c.advance).sum::<f32>() - trailing
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fake shaping: every character one em of 10 pt, Latin half.
    fn fake(text: &str) -> Vec<ShapedChar> {
        text.chars()
            .map(|ch| ShapedChar {
                ch,
                face: 0,
                glyph: 1,
                advance: if ch.is_ascii() { 5.0 } else { 10.0 },
                bold: false,
                space_after: 0.0,
            })
            .collect()
    }

    fn texts(text: &str, width: f32) -> Vec<String> {
        let c = fake(text);
        break_lines(&c, width, width)
            .iter()
            .map(|l| c[l.start..l.end].iter().map(|c| c.ch).collect())
            .collect()
    }

    #[test]
    fn the_automatic_space_after_a_line_s_last_character_does_not_count() {
        // 一二三四 then Latin: the space after 四 belongs between 四 and A
        let mut c = fake("一二三四AB");
        c[3].advance += 2.0;
        c[3].space_after = 2.0;
        let lines = break_lines(&c, 40.0, 40.0);
        assert_eq!((lines[0].start, lines[0].end), (0, 4));
        assert!((line_width(&c, lines[0]) - 40.0).abs() < 1e-4);
    }

    #[test]
    fn fills_lines_to_the_measure() {
        assert_eq!(texts("一二三四五六七八", 40.0), ["一二三四", "五六七八"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // ？ would start line 2 and cannot hang: the line gives up its last character
        let lines = texts("一二三四？五六", 40.0);
        assert_eq!(lines, ["一二三", "四？五六"]);
        for l in &lines {
            assert!(!NO_LINE_START.contains(l.chars().next().unwrap()));
        }
    }

    #[test]
    fn comma_and_full_stop_hang_instead_of_pushing_a_character_down() {
        let c = fake("一二三四，五六");
        let lines = break_lines(&c, 40.0, 40.0);
        let first: String = c[lines[0].start..lines[0].end]
            .iter()
            .map(|c| c.ch)
            .collect();
        assert_eq!(first, "一二三四，");
        // the characters before the hanging mark fill the measure exactly
        let xs = position_line(&c, lines[0], 40.0, true);
        assert!((xs[4] - 40.0).abs() < 0.01, "{xs:?}");
    }

    /// Fake shaping as `fake`, but every character on the body's 16 pt em.
    fn fake16(text: &str) -> Vec<ShapedChar> {
        text.chars()
            .map(|ch| ShapedChar {
                ch,
                face: 0,
                glyph: 1,
                advance: if ch.is_ascii() { 8.0 } else { 16.0 },
                bold: false,
                space_after: 0.0,
            })
            .collect()
    }

    fn text_of(c: &[ShapedChar], l: Line) -> String {
        c[l.start..l.end].iter().map(|c| c.ch).collect()
    }

    #[test]
    fn a_paragraph_tightens_a_line_instead_of_hanging_its_full_stop() {
        // 28 characters fill the 448 pt measure; the 29th, 。, would hang
        let text = format!("{}。{}", "公".repeat(28), "文".repeat(10));
        let c = fake16(&text);
        let (lines, extra) = break_paragraph(&c, 448.0, 448.0, 16.0);
        assert_eq!(lines[0].end, 29, "{lines:?}");
        // every character of the line moved closer by the same amount, within tolerance
        assert!(
            extra[..29].iter().all(|&e| e == extra[0] && e < 0),
            "{extra:?}"
        );
        assert!(-extra[0] as f32 <= MAX_TIGHTEN_EM * 16.0 * 20.0);
        assert!(extra[29..].iter().all(|&e| e == 0));
        // with the spacing, the line fits the measure
        let w: f32 = c[..29]
            .iter()
            .zip(&extra)
            .map(|(c, e)| c.advance + *e as f32 / 20.0)
            .sum();
        assert!(w <= 448.0, "{w}");
    }

    #[test]
    fn a_narrow_line_gives_a_character_to_the_next_instead_of_hanging() {
        // 10 characters in 160 pt: tightening by a whole em is too much
        let c = fake16("一二三四五六七八九十。甲乙");
        let (lines, extra) = break_paragraph(&c, 160.0, 160.0, 16.0);
        assert_eq!(text_of(&c, lines[0]), "一二三四五六七八九");
        assert_eq!(text_of(&c, lines[1]), "十。甲乙");
        // spread so that 十 no longer fits after it, by half of its width
        let w: f32 = c[..9]
            .iter()
            .zip(&extra)
            .map(|(c, e)| c.advance + *e as f32 / 20.0)
            .sum();
        assert!(w <= 160.0 && w + 16.0 > 160.0 + 4.0, "{w}");
    }

    #[test]
    fn a_paragraph_does_not_end_with_a_single_character() {
        // 请。 alone on the last line: pulled up when the line can take it
        // (a long line: two characters over 60 are within tolerance)
        let c = fake16(&format!("{}请。", "公".repeat(60)));
        let (lines, _) = break_paragraph(&c, 960.0, 960.0, 16.0);
        assert_eq!(lines.len(), 1, "{lines:?}");
        // and otherwise joined by one character of the line above
        let c = fake16(&format!("{}请。", "公".repeat(10)));
        let (lines, _) = break_paragraph(&c, 160.0, 160.0, 16.0);
        assert_eq!(text_of(&c, lines[1]), "公请。");
        for l in &lines {
            assert!(!lone_character(&c, *l), "{lines:?}");
        }
    }

    #[test]
    fn no_line_ends_with_opening_bracket() {
        let lines = texts("一二三《四五》", 40.0);
        assert_eq!(lines, ["一二三", "《四五》"]);
    }

    #[test]
    fn dash_pair_is_never_split() {
        let lines = texts("一二三——四五", 40.0);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('—') || l.starts_with("——")),
            "{lines:?}"
        );
        assert!(
            lines.iter().all(|l| l.matches('—').count() % 2 == 0),
            "{lines:?}"
        );
    }

    #[test]
    fn numbers_and_words_are_not_split() {
        let lines = texts("一二三2024年", 40.0);
        assert_eq!(lines, ["一二三", "2024年"]);
    }

    #[test]
    fn newline_forces_a_break() {
        assert_eq!(texts("一二\n三", 100.0), ["一二", "三"]);
    }

    #[test]
    fn overlong_word_is_cut() {
        let lines = texts("abcdefghijkl", 20.0);
        assert_eq!(lines[0], "abcd");
        assert_eq!(lines.concat(), "abcdefghijkl");
    }

    #[test]
    fn justified_lines_fill_the_measure_exactly() {
        let c = fake("一二三四五六七八九十。");
        let width = 45.0; // 4 ideographs and a half
        let lines = break_lines(&c, width, width);
        for l in &lines {
            let xs = position_line(&c, *l, width, true);
            let right = xs.last().unwrap() + c[l.end - 1].advance;
            if l.last {
                assert!(right <= width + 0.01);
            } else {
                assert!((right - width).abs() < 0.01, "line {l:?} ends at {right}");
            }
        }
    }
}
