//! Drafts as plain text (.txt, as copied from a web page or saved by
//! Notepad) and Markdown (.md), read into the same stream as a .docx:
//! every non-blank line a paragraph (the recogniser joins hard-wrapped
//! lines), tables from tab-separated lines (a web page's table copied) or
//! Markdown pipe tables, Markdown `#` headings as outline levels.

use super::{Item, Paragraph, Table, TableCell, MAX_GRID_CELLS, MAX_PARAGRAPHS};
use crate::error::Diagnostic;
use crate::i18n::t;

/// Text from a file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM
/// (Notepad's “Unicode”), else GB18030 (GBK, Notepad's “ANSI” on a Chinese
/// Windows). The flag says whether it was not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), Diagnostic> {
    if bytes.len() > crate::input::MAX_INPUT_BYTES {
        return Err(crate::input::too_large(bytes.len() as u64));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), None))
            .map_err(|_| Diagnostic::error("", t!("draft.text.not_text")));
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, _, bad) = enc.decode(bytes);
            if bad {
                return Err(Diagnostic::error("", t!("draft.text.not_text")));
            }
            return Ok((text.into_owned(), Some("UTF-16")));
        }
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        // a short GBK text can be valid UTF-8 by chance (通知 reads as two
        // rare letters): UTF-8 unless it has no Chinese and GBK gives some
        let cjk = |t: &str| t.chars().any(|c| ('\u{3000}'..='\u{9FFF}').contains(&c));
        if cjk(s) || bad || !cjk(&text) || s.is_ascii() {
            return Ok((s.to_string(), None));
        }
    }
    if bad {
        return Err(Diagnostic::error("", t!("draft.text.not_text")));
    }
    Ok((text.into_owned(), Some("GB18030")))
}

/// The lines of a text, any line ending (\r\n, \n, \r), with their numbers.
fn lines(text: &str) -> Vec<(usize, String)> {
    text.replace("\r\n", "\n")
        .split(['\n', '\r'])
        .enumerate()
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

fn blank(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
}

fn budget(items: &[Item], grid: usize) -> Result<(), Diagnostic> {
    if items.len() > MAX_PARAGRAPHS {
        return Err(Diagnostic::error(
            "",
            t!("draft.docx.too_many_paragraphs", max = MAX_PARAGRAPHS),
        ));
    }
    if grid > MAX_GRID_CELLS {
        return Err(Diagnostic::error(
            "",
            t!("draft.docx.too_many_cells", max = MAX_GRID_CELLS),
        ));
    }
    Ok(())
}

fn cell(text: &str) -> TableCell {
    TableCell {
        text: text.to_string(),
        shown: text.to_string(),
        span: 1,
        vmerge: super::VMerge::None,
    }
}

/// A .txt draft.
pub fn read_txt(text: &str) -> Result<Vec<Item>, Diagnostic> {
    let lines = lines(text);
    let mut items: Vec<Item> = Vec::new();
    let mut grid = 0;
    let mut page_break = false;
    let mut i = 0;
    while i < lines.len() {
        let (n, raw) = &lines[i];
        let mut line = raw.as_str();
        if line.contains('\u{c}') {
            page_break = true;
            line = line.trim_matches('\u{c}');
        }
        if blank(line) {
            i += 1;
            continue;
        }
        // a table copied from a web page: two or more lines of the same
        // number (two or more) of tab-separated cells
        let fields = |l: &str| l.trim_end().split('\t').count();
        let k = fields(line);
        if k >= 2 {
            let mut j = i;
            while j < lines.len() && !blank(&lines[j].1) && fields(&lines[j].1) == k {
                j += 1;
            }
            if j - i >= 2 {
                let rows: Vec<Vec<TableCell>> = lines[i..j]
                    .iter()
                    .map(|(_, l)| l.trim_end().split('\t').map(|c| cell(c.trim())).collect())
                    .collect();
                grid += k * (j - i);
                budget(&items, grid)?;
                items.push(Item::Table(Table {
                    rows,
                    grid: Vec::new(),
                    line: *n,
                }));
                i = j;
                continue;
            }
        }
        let next_blank = lines.get(i + 1).is_none_or(|(_, l)| blank(l));
        items.push(Item::Paragraph(Paragraph {
            text: line.replace('\t', " "),
            page_break_before: std::mem::take(&mut page_break),
            line: *n,
            wrapped: !next_blank,
            ..Paragraph::default()
        }));
        budget(&items, grid)?;
        i += 1;
    }
    Ok(items)
}

/// Markdown inline marks taken away: `**bold**`, `__bold__`, `*em*`,
/// `` `code` ``, `\` escapes, `<br>`; `[text](url)` keeps both. Returns the
/// text and whether all of it was bold.
fn inline(s: &str) -> (String, bool) {
    let trimmed = s.trim();
    let all_bold = trimmed.len() > 4
        && ((trimmed.starts_with("**") && trimmed.ends_with("**"))
            || (trimmed.starts_with("__") && trimmed.ends_with("__")))
        && !trimmed[2..trimmed.len() - 2].contains("**");
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '*' | '_' if chars.get(i + 1) == Some(&c) => {
                i += 2;
                continue;
            }
            '*' => {
                // a single * around text is emphasis; a lone one stays
                let closes = chars[i + 1..].contains(&'*');
                if closes || out.ends_with(|p: char| !p.is_whitespace()) {
                    i += 1;
                    continue;
                }
            }
            '`' => {
                i += 1;
                continue;
            }
            '<' => {
                let rest: String = chars[i..chars.len().min(i + 6)].iter().collect();
                let lower = rest.to_ascii_lowercase();
                if lower.starts_with("<br>")
                    || lower.starts_with("<br/>")
                    || lower.starts_with("<br />")
                {
                    out.push('\n');
                    i += if lower.starts_with("<br>") {
                        4
                    } else if lower.starts_with("<br/>") {
                        5
                    } else {
                        6
                    };
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    (out, all_bold)
}

/// The cells of a pipe-table row.
fn pipe_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells.into_iter().map(|c| inline(c.trim()).0).collect()
}

fn is_separator_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A .md draft.
pub fn read_md(text: &str) -> Result<Vec<Item>, Diagnostic> {
    let lines = lines(text);
    let mut items: Vec<Item> = Vec::new();
    let mut grid = 0;
    let mut page_break = false;
    let mut in_code = false;
    let mut in_comment = false;
    let mut i = 0;
    while i < lines.len() {
        let (n, raw) = &lines[i];
        let line = raw.trim_end();
        let t = line.trim_start();
        i += 1;
        if in_comment {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.starts_with("<!--") {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if blank(t) {
            continue;
        }
        if !in_code {
            // a thematic break: the draft's own mark for a new page
            let marks: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            if marks.len() >= 3
                && (marks.chars().all(|c| c == '-')
                    || marks.chars().all(|c| c == '*')
                    || marks.chars().all(|c| c == '_'))
            {
                page_break = true;
                continue;
            }
            if t.starts_with('|') && lines.get(i).is_some_and(|(_, l)| is_separator_row(l)) {
                let mut rows = vec![pipe_cells(t)];
                i += 1;
                while i < lines.len() && lines[i].1.trim_start().starts_with('|') {
                    rows.push(pipe_cells(&lines[i].1));
                    i += 1;
                }
                let width = rows.iter().map(Vec::len).max().unwrap_or(1);
                grid += width * rows.len();
                budget(&items, grid)?;
                let rows = rows
                    .into_iter()
                    .map(|mut r| {
                        r.resize(width, String::new());
                        r.iter().map(|c| cell(c)).collect()
                    })
                    .collect();
                items.push(Item::Table(Table {
                    rows,
                    grid: Vec::new(),
                    line: *n,
                }));
                continue;
            }
        }
        let mut outline = None;
        let mut body = t;
        if !in_code {
            let hashes = t.chars().take_while(|c| *c == '#').count();
            // `## 标题`, and `##标题` as Chinese editors accept it
            if (1..=6).contains(&hashes) {
                outline = Some(hashes as u8);
                body = t[hashes..].trim().trim_end_matches('#').trim_end();
            } else if let Some(rest) = t.strip_prefix("> ").or(t.strip_prefix('>')) {
                body = rest;
            } else if let Some(rest) = t
                .strip_prefix("- ")
                .or(t.strip_prefix("* "))
                .or(t.strip_prefix("+ "))
            {
                body = rest;
            }
            // setext headings: a line under which stands === or ---
            if outline.is_none() {
                if let Some((_, next)) = lines.get(i) {
                    let u = next.trim();
                    if u.len() >= 3 && u.chars().all(|c| c == '=') {
                        outline = Some(1);
                        i += 1;
                    } else if u.len() >= 3 && u.chars().all(|c| c == '-') {
                        outline = Some(2);
                        i += 1;
                    }
                }
            }
        }
        if body.trim().is_empty() {
            continue;
        }
        let hard_break = raw.ends_with("  ") || raw.ends_with('\\');
        let body = body.strip_suffix('\\').unwrap_or(body);
        let (text, bold) = if in_code {
            (body.to_string(), false)
        } else {
            inline(body)
        };
        let next_blank = lines.get(i).is_none_or(|(_, l)| blank(l));
        items.push(Item::Paragraph(Paragraph {
            text,
            outline,
            bold,
            page_break_before: std::mem::take(&mut page_break),
            line: *n,
            wrapped: outline.is_none() && !next_blank && !hard_break,
            ..Paragraph::default()
        }));
        budget(&items, grid)?;
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(items: &[Item]) -> Vec<(String, Option<u8>, bool)> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Paragraph(p) => Some((p.text.clone(), p.outline, p.wrapped)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn text_lines_and_tab_tables() {
        let items = read_txt("标题\r\n\r\n第一行\n接着\n\n序号\t事项\n1\t甲\n2\t乙\n落款").unwrap();
        assert_eq!(
            paragraphs(&items),
            [
                ("标题".into(), None, false),
                ("第一行".into(), None, true),
                ("接着".into(), None, false),
                ("落款".into(), None, false)
            ]
        );
        let Item::Table(t) = &items[3] else { panic!() };
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2][1].text, "乙");
    }

    #[test]
    fn markdown_headings_tables_and_marks() {
        let md = "# 关于做好工作的通知\n\n各单位：\n\n## 一、总体要求\n\n**坚持**公开。\\\n第二行\n\n| 序号 | 事项 |\n|---|:---:|\n| 1 | a\\|b |\n\n---\n\n附件\n";
        let items = read_md(md).unwrap();
        let p = paragraphs(&items);
        assert_eq!(p[0], ("关于做好工作的通知".into(), Some(1), false));
        assert_eq!(p[2], ("一、总体要求".into(), Some(2), false));
        assert_eq!(p[3], ("坚持公开。".into(), None, false));
        let Item::Table(t) = &items[5] else { panic!() };
        assert_eq!(t.rows[1][1].text, "a|b");
        let Item::Paragraph(last) = items.last().unwrap() else {
            panic!()
        };
        assert!(last.page_break_before);
    }

    #[test]
    fn encodings() {
        let (gbk, _, _) = encoding_rs::GBK.encode("通知");
        assert_eq!(decode(&gbk).unwrap(), ("通知".to_string(), Some("GB18030")));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "通知".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().0, "通知");
    }
}
