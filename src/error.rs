//! Errors and diagnostics. Every message a user sees names the file and, where
//! it can, the JSON line:column or path, and says what was expected.

use std::fmt;
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
}

impl Diagnostic {
    pub fn error(location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: location.into(),
            message: message.into(),
        }
    }

    pub fn warning(location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location: location.into(),
            message: message.into(),
        }
    }

    /// Formats the diagnostic for a file, e.g. `in.json: blocks[2]: error: …`.
    pub fn display_for(&self, file: &str) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.location.is_empty() {
            format!("{file}: {level}: {}", self.message)
        } else {
            format!("{file}:{}: {level}: {}", self.location, self.message)
        }
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
            } => write!(f, "{}: cannot {action}: {source}", path.display()),
            Error::Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// Short alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
