//! Errors and diagnostics. Every message a user sees names the file and, where
//! it can, the JSON line:column or path, and says what was expected.

use std::fmt;

use crate::i18n::t;
use std::path::PathBuf;

/// How serious a diagnostic is: errors stop the build, warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where: `12:5` (line:column) or a JSON path such as `blocks[3].rows[2][1]`.
    pub location: String,
    pub message: String,
    /// The report cell it is about, by the labels the national format prints
    /// (for a form to mark the cell; the message names it too).
    pub cell: Option<Box<CellRef>>,
}

/// A cell of the annual report's tables as a reader finds it on the page:
/// the table, its row's and its column's labels, and for a wrong number the
/// value it should have and the one it has (printed as written).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct CellRef {
    pub table: String,
    pub row: String,
    pub column: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

impl CellRef {
    pub fn new(table: &str, row: &str, column: &str) -> Self {
        CellRef {
            table: table.into(),
            row: row.into(),
            column: column.into(),
            ..CellRef::default()
        }
    }

    /// The same cell with the value it has (where no single value is right).
    pub fn actual(self, actual: impl ToString) -> Self {
        CellRef {
            actual: Some(actual.to_string()),
            ..self
        }
    }

    /// The same cell with the value it should have and the one it has.
    pub fn values(self, expected: impl ToString, actual: impl ToString) -> Self {
        CellRef {
            expected: Some(expected.to_string()),
            actual: Some(actual.to_string()),
            ..self
        }
    }
}

impl Diagnostic {
    pub fn error(location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: location.into(),
            message: message.into(),
            cell: None,
        }
    }

    pub fn warning(location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location: location.into(),
            message: message.into(),
            cell: None,
        }
    }

    /// The same diagnostic, about a report cell.
    pub fn with_cell(self, cell: CellRef) -> Self {
        Diagnostic {
            cell: Some(Box::new(cell)),
            ..self
        }
    }

    /// The rule it reports (`R1`…), when its message starts with one.
    pub fn rule(&self) -> Option<&str> {
        let first = self.message.split_whitespace().next()?;
        let is_code = first.len() > 1
            && first.starts_with('R')
            && first[1..].chars().all(|c| c.is_ascii_digit());
        is_code.then_some(first)
    }

    /// The line and column (1-based) when the location starts with them.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let head = self.location.split(": ").next()?;
        let (l, c) = head.split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    }

    /// The JSON path in the location (`applications.new[0]`), without a
    /// line:column before it; `None` where there is none.
    pub fn path(&self) -> Option<&str> {
        let path = match self.line_column() {
            Some(_) => self.location.split_once(": ")?.1,
            None => self.location.as_str(),
        };
        (!path.is_empty()).then_some(path)
    }

    /// Formats the diagnostic for a file, e.g. `in.json:3:28: error: …`, or
    /// in Chinese `in.json：第 3 行第 28 列：错误：…` (the position written out,
    /// for readers who are not programmers).
    pub fn display_for(&self, file: &str) -> String {
        let level = match self.severity {
            Severity::Error => t!("diag.error"),
            Severity::Warning => t!("diag.warning"),
        };
        if self.location.is_empty() {
            t!(
                "diag.line_no_place",
                file = file,
                level = level,
                message = self.message
            )
            .into()
        } else {
            t!(
                "diag.line",
                file = file,
                place = place(&self.location),
                level = level,
                message = self.message
            )
            .into()
        }
    }
}

/// A location as the reader's language writes it: `3:28` stays as it is in
/// English and becomes `第 3 行第 28 列` in Chinese; a JSON path or a cell's
/// labels are shown as they are (`3:28: blocks[2]` → `第 3 行第 28 列 blocks[2]`).
fn place(location: &str) -> String {
    let (head, rest) = match location.split_once(": ") {
        Some((h, r)) => (h, Some(r)),
        None => (location, None),
    };
    let line_col = head
        .split_once(':')
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)));
    let Some((line, column)) = line_col else {
        return location.to_string();
    };
    let at: String = t!("diag.line_column", line = line, column = column).into();
    match rest {
        Some(r) => t!("diag.line_column_path", at = at, path = r).into(),
        None => at,
    }
}

/// Why a build of one input failed.
#[derive(Debug)]
pub enum Error {
    /// The input is wrong; one or more diagnostics say where and why.
    Input {
        file: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    /// Reading the input or writing an output failed.
    Io {
        path: PathBuf,
        /// What was being done, as a catalogue key (`io.read_input`…).
        action: &'static str,
        source: std::io::Error,
    },
    /// A writer failed for a reason that is not the input's fault.
    Internal(String),
}

impl Error {
    /// An input error with a single diagnostic.
    pub fn input(file: impl Into<PathBuf>, d: Diagnostic) -> Self {
        Error::Input {
            file: file.into(),
            diagnostics: vec![d],
        }
    }

    /// The first line of the message, for batch summaries.
    pub fn first_line(&self) -> String {
        self.to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input { file, diagnostics } => {
                let name = file.display().to_string();
                let lines: Vec<String> = diagnostics.iter().map(|d| d.display_for(&name)).collect();
                write!(f, "{}", lines.join("\n"))
            }
            Error::Io {
                path,
                action,
                source,
            } => write!(
                f,
                "{}",
                t!(
                    "io.failed",
                    path = path.display(),
                    action = t!(*action),
                    reason = io_reason(source)
                )
            ),
            Error::Internal(m) => write!(f, "{}", t!("diag.internal", message = m)),
        }
    }
}

impl std::error::Error for Error {}

/// Why an operating-system call failed, in the reader's language: the
/// common reasons in words, the system's own text beside them.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let key = match e.kind() {
        NotFound => "io.not_found",
        PermissionDenied => "io.permission_denied",
        IsADirectory => "io.is_a_directory",
        NotADirectory => "io.not_a_directory",
        StorageFull => "io.storage_full",
        ReadOnlyFilesystem => "io.read_only",
        _ => return e.to_string(),
    };
    t!(key, system = e).into()
}

/// User text quoted in a message: at most `max` characters, then “…” and the
/// full length, so a message stays readable (and small) whatever the input.
pub fn clip(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    t!("diag.clipped", head = head, n = n).into()
}

/// Most warnings printed per rule and file; the rest are counted.
pub const MAX_WARNINGS_PER_RULE: usize = 5;

/// Most warnings printed per file in all (each rule within its own cap); the
/// rest are counted in one line. Warnings without a rule code are grouped
/// by place, so a flood of them at different places is bounded here.
pub const MAX_WARNINGS: usize = 50;

/// Most "and N more like the above" lines per file; the rest are counted in
/// the last line.
const MAX_SUMMARY_LINES: usize = 10;

/// Longest message and place kept whole, in characters: a diagnostic that
/// quotes a huge input (a 10 MB file name, a label of millions of
/// characters) keeps its head and tail with the number left out.
pub const MAX_MESSAGE_CHARS: usize = 1_000;
const MAX_LOCATION_CHARS: usize = 200;

/// The rule a warning belongs to: its leading rule code ("R12 …"), or its
/// location when it has none.
fn rule_of(d: &Diagnostic) -> &str {
    d.rule().unwrap_or(&d.location)
}

/// A message of at most `MAX_MESSAGE_CHARS`: a longer one keeps its head
/// and its tail, and says how much was left out between them.
fn clip_message(text: &str) -> Option<String> {
    let n = text.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return None;
    }
    let (head_n, tail_n) = (MAX_MESSAGE_CHARS * 3 / 4, MAX_MESSAGE_CHARS / 5);
    let head: String = text.chars().take(head_n).collect();
    let tail: String = text.chars().skip(n - tail_n).collect();
    Some(
        t!(
            "diag.message_clipped",
            head = head,
            n = n - head_n - tail_n,
            tail = tail
        )
        .into(),
    )
}

/// Bounds what one file's diagnostics print, on every path (a build that
/// succeeds, and an `Error::Input` with errors and warnings together): the
/// first `MAX_WARNINGS_PER_RULE` warnings of each rule, at most
/// `MAX_WARNINGS` warnings in all, each rule's overflow said in one line and
/// what is left over in a last one; every message and place clipped to a
/// readable length. Errors are all kept, in their places. Applying it twice
/// changes nothing (its own summary lines, which have no place, pass), so
/// the report kind and `load_bytes` may both apply it.
pub fn cap_warnings(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let mut per_rule: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let (mut shown, mut unshown) = (0, 0);
    for mut d in diagnostics {
        if let Some(m) = clip_message(&d.message) {
            d.message = m;
        }
        if d.location.chars().count() > MAX_LOCATION_CHARS {
            d.location = clip(&d.location, MAX_LOCATION_CHARS);
        }
        let summary = d.location.is_empty() && rule_of(&d).is_empty();
        if d.severity == Severity::Error || summary {
            out.push(d);
            continue;
        }
        let rule = rule_of(&d);
        let n = match per_rule.get_mut(rule) {
            Some(n) => n,
            None => {
                order.push(rule.to_string());
                per_rule.entry(rule.to_string()).or_default()
            }
        };
        *n += 1;
        if *n > MAX_WARNINGS_PER_RULE {
            continue;
        }
        if shown < MAX_WARNINGS {
            out.push(d);
            shown += 1;
        } else {
            unshown += 1;
        }
    }
    let mut lines = 0;
    for rule in order {
        let n = per_rule[&rule];
        if n <= MAX_WARNINGS_PER_RULE {
            continue;
        }
        let more = n - MAX_WARNINGS_PER_RULE;
        if lines == MAX_SUMMARY_LINES {
            unshown += more;
            continue;
        }
        lines += 1;
        out.push(Diagnostic::warning(
            "",
            t!("diag.more_like_this", rule = rule, n = more),
        ));
    }
    if unshown > 0 {
        out.push(Diagnostic::warning(
            "",
            t!("diag.more_warnings", n = unshown),
        ));
    }
    out
}

/// One diagnostic as JSON, for machines (`--message-format json`, the
/// server): where (the file, the JSON path, the line and column), which
/// rule, which report cell with its expected and actual values, and the
/// message in the reader's language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DiagnosticJson {
    pub file: String,
    pub severity: &'static str,
    pub path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub rule: Option<String>,
    pub cell: Option<CellRef>,
    pub message: String,
}

impl DiagnosticJson {
    pub fn new(file: &str, d: &Diagnostic) -> Self {
        let (line, column) = d.line_column().unzip();
        DiagnosticJson {
            file: file.to_string(),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            path: d.path().map(str::to_string),
            line,
            column,
            rule: d.rule().map(str::to_string),
            cell: d.cell.as_deref().cloned(),
            message: d.message.clone(),
        }
    }
}

/// What checking one input found, as JSON: `{"ok", "errors", "warnings"}`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Outcome {
    pub ok: bool,
    pub errors: Vec<DiagnosticJson>,
    pub warnings: Vec<DiagnosticJson>,
}

impl Outcome {
    /// The outcome of a check or build: its warnings when it succeeded, its
    /// diagnostics when the input was wrong, the message otherwise. Warnings
    /// are capped per rule on every path.
    pub fn of(file: &str, result: &std::result::Result<Vec<Diagnostic>, Error>) -> Outcome {
        let mut out = Outcome::default();
        match result {
            Ok(warnings) => out.add_all(file, &cap_warnings(warnings.clone())),
            Err(Error::Input { file, diagnostics }) => {
                let name = file.display().to_string();
                let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
                    .iter()
                    .cloned()
                    .partition(|d| d.severity == Severity::Error);
                out.add_all(&name, &errors);
                out.add_all(&name, &cap_warnings(warnings));
            }
            Err(e) => out.add_all(file, &[Diagnostic::error("", e.to_string())]),
        }
        out.ok = out.errors.is_empty();
        out
    }

    fn add_all(&mut self, file: &str, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            let j = DiagnosticJson::new(file, d);
            match d.severity {
                Severity::Error => self.errors.push(j),
                Severity::Warning => self.warnings.push(j),
            }
        }
    }
}

/// Short alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_capped_per_rule() {
        let mut w: Vec<Diagnostic> = (0..1000)
            .map(|i| Diagnostic::warning(format!("p[{i}]"), format!("R12 year {i}")))
            .collect();
        w.push(Diagnostic::warning("other_matters", "R11 no fee"));
        let capped = cap_warnings(w);
        assert_eq!(capped.len(), MAX_WARNINGS_PER_RULE + 2);
        assert!(capped.last().unwrap().message.contains("995 more"));
        assert!(capped.iter().any(|d| d.message.starts_with("R11")));
    }

    #[test]
    fn a_diagnostic_as_json_says_where_which_rule_and_which_cell() {
        let d = Diagnostic::error("applications.new[6]", "R3 the total is wrong").with_cell(
            CellRef::new("表三", "一、本年新收政府信息公开申请数量", "总计").values(3, 4),
        );
        let j = serde_json::to_value(DiagnosticJson::new("in.json", &d)).unwrap();
        assert_eq!(j["path"], "applications.new[6]");
        assert_eq!(j["rule"], "R3");
        assert_eq!(j["line"], serde_json::Value::Null);
        assert_eq!(j["cell"]["column"], "总计");
        assert_eq!(j["cell"]["expected"], "3");
        assert_eq!(j["cell"]["actual"], "4");
        let d = Diagnostic::error("3:28: blocks[2]", "bad");
        let j = serde_json::to_value(DiagnosticJson::new("in.json", &d)).unwrap();
        assert_eq!(
            (j["line"].as_u64(), j["column"].as_u64()),
            (Some(3), Some(28))
        );
        assert_eq!(j["path"], "blocks[2]");
        assert_eq!(j["rule"], serde_json::Value::Null);
        let d = Diagnostic::error("3:28", "bad");
        assert_eq!(DiagnosticJson::new("f", &d).path, None);
    }

    #[test]
    fn an_outcome_caps_warnings_beside_errors() {
        let mut all: Vec<Diagnostic> = (0..100)
            .map(|i| Diagnostic::warning(format!("p[{i}]"), format!("R12 year {i}")))
            .collect();
        all.push(Diagnostic::error("agency", "empty"));
        let e = Err(Error::Input {
            file: "x.json".into(),
            diagnostics: all,
        });
        let o = Outcome::of("x.json", &e);
        assert!(!o.ok);
        assert_eq!(o.errors.len(), 1);
        assert_eq!(o.warnings.len(), MAX_WARNINGS_PER_RULE + 1);
    }

    #[test]
    fn errors_are_kept_and_warnings_capped_in_all_and_twice_alike() {
        // an error among 96 000 warnings of one rule and 1 000 at as many places
        let mut d = vec![Diagnostic::error("contact.address", "starter gap")];
        d.extend((0..96_000).map(|i| Diagnostic::warning(format!("p[{i}]"), "R12 old year")));
        d.extend((0..1_000).map(|i| Diagnostic::warning(format!("blocks[{i}]"), "cleaned")));
        d.push(Diagnostic::error("blocks[7]", "x".repeat(10_000_000)));
        let capped = cap_warnings(d);
        assert!(capped.len() < 100, "{}", capped.len());
        let errors: Vec<_> = capped
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 2);
        assert!(errors[1].message.chars().count() < 2 * MAX_MESSAGE_CHARS);
        assert!(errors[1].message.contains("characters left out"));
        let warnings = capped.len() - 2;
        assert!(
            warnings <= MAX_WARNINGS + MAX_SUMMARY_LINES + 1,
            "{warnings}"
        );
        assert!(capped.iter().any(|d| d.message.contains("95995 more")));
        assert!(capped
            .iter()
            .any(|d| d.message.contains("955 more warnings")));
        assert_eq!(cap_warnings(capped.clone()), capped);
    }

    #[test]
    fn clip_keeps_short_text_and_shortens_long_text() {
        assert_eq!(clip("短", 3), "短");
        assert_eq!(clip("一二三四五", 2), "一二… (5 characters)");
    }
}
