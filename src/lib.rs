//! gongwen: JSON → GB/T 9704 公文 as .docx and PDF.
//!
//! The pipeline: [`input`] parses JSON of a `kind` into typed input, which is
//! converted into one [`model::Document`]; [`docx`] writes it through docx-rs
//! and [`layout`] + [`pdf`] typeset it and write it through krilla. Both
//! writers read the same [`style::StyleProfile`].

pub mod batch;
pub mod docx;
pub mod error;
pub mod fonts;
pub mod input;
pub mod layout;
pub mod model;
pub mod output;
pub mod pdf;
pub mod report;
pub mod style;

use std::path::{Path, PathBuf};

use error::{Diagnostic, Error, Severity};
use fonts::{FontBook, FontChoices, FontSource};
use input::Input;
use model::Document;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// System fonts first, or bundled fonts only.
    pub font_source: FontSource,
    /// Per-role font choices from the command line.
    pub font_choices: FontChoices,
    /// Last year's report, for the cross-year checks of the annual report.
    pub previous: Option<PathBuf>,
}

/// The two files of a document, in memory, and the warnings found.
pub struct Built {
    pub docx: Vec<u8>,
    pub pdf: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks an input file, returning the document and its warnings.
pub fn load(path: &Path, options: &Options) -> Result<(Document, Vec<Diagnostic>), Error> {
    let bytes = read_input(path, "read the input")?;
    load_bytes(&bytes, path, options)
}

/// Reads an input file: only a regular file (a FIFO, a device or a socket
/// could block or never end), and at most one byte more than the input limit,
/// so a huge or endless file is refused without being read.
pub fn read_input(path: &Path, action: &'static str) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        action,
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "it is a folder"
        } else {
            "it is not a regular file (a device, a pipe or a socket)"
        };
        return Err(io(std::io::Error::other(what)));
    }
    let limit = input::MAX_INPUT_BYTES as u64;
    if meta.len() > limit {
        return Err(Error::input(path, input::too_large(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Error::input(path, input::too_large(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// As `load`, for bytes already read; `path` is used in messages.
pub fn load_bytes(
    bytes: &[u8],
    path: &Path,
    options: &Options,
) -> Result<(Document, Vec<Diagnostic>), Error> {
    let fail = |diagnostics: Vec<Diagnostic>| Error::Input {
        file: path.to_path_buf(),
        diagnostics,
    };
    let text = input::decode(bytes).map_err(|d| fail(vec![d]))?;
    let parsed = input::parse(text).map_err(|d| fail(vec![d]))?;
    let (doc, warnings) = match parsed {
        Input::Document(d) => {
            let base = path.parent().map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            });
            (d.into_model_at(base).map_err(fail)?, Vec::new())
        }
        Input::AnnualReport(r) => {
            let previous = match &options.previous {
                Some(p) => Some(load_previous(p)?),
                None => None,
            };
            r.into_model(previous.as_ref()).map_err(fail)?
        }
    };
    let mut warnings = warnings;
    if doc.meta.date.is_none() {
        warnings.push(Diagnostic::warning(
            "meta.date",
            format!(
                "no date given: the files carry {} as their date; add \"date\": \"YYYY-MM-DD\"",
                model::fallback_date()
            ),
        ));
    }
    check_size(&doc).map_err(|d| fail(vec![d]))?;
    Ok((doc, error::cap_warnings(warnings)))
}

/// The limits that keep one document's build within about 200 MB.
fn check_size(doc: &Document) -> Result<(), Diagnostic> {
    let over = |count: usize, max: usize, what: &str, advice: &str| {
        Err(Diagnostic::error(
            "",
            format!("the document has {count} {what}; the limit is {max} — {advice}"),
        ))
    };
    let (chars, cells) = (doc.char_count(), doc.cell_count());
    if chars > model::MAX_DOCUMENT_CHARS {
        return over(
            chars,
            model::MAX_DOCUMENT_CHARS,
            "characters",
            "about 1 800 pages",
        );
    }
    if cells > model::MAX_DOCUMENT_CELLS {
        return over(
            cells,
            model::MAX_DOCUMENT_CELLS,
            "table cells",
            "split the data over several documents",
        );
    }
    Ok(())
}

/// Last year's annual report, for the cross-year checks.
fn load_previous(path: &Path) -> Result<report::AnnualReportInput, Error> {
    let bytes = read_input(path, "read last year's report")?;
    let fail = |d: Diagnostic| Error::input(path, d);
    let text = input::decode(&bytes).map_err(fail)?;
    match input::parse(text).map_err(fail)? {
        Input::AnnualReport(r) => Ok(r),
        Input::Document(_) => Err(fail(Diagnostic::error(
            "kind",
            "--previous must be an annual report (\"kind\": \"gov-info-annual-report\")",
        ))),
    }
}

/// Checks an input completely without writing: parsing, the rules of its
/// kind, and that every character is in a font (by laying it out).
pub fn check_file(path: &Path, options: &Options) -> Result<Vec<Diagnostic>, Error> {
    let (doc, warnings) = load(path, options)?;
    let fonts = FontBook::resolve(&doc.style.fonts, &options.font_choices, options.font_source)
        .map_err(|m| Error::input(path, Diagnostic::error("", m)))?;
    layout::layout(&doc, &fonts)
        .map_err(|e| Error::input(path, Diagnostic::error(e.origin, e.message)))?;
    Ok(warnings)
}

/// Renders a document into both files.
pub fn render(doc: &Document, file: &Path, options: &Options) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let fonts = FontBook::resolve(&doc.style.fonts, &options.font_choices, options.font_source)
        .map_err(|m| Error::input(file, Diagnostic::error("", m)))?;
    let laid = layout::layout(doc, &fonts)
        .map_err(|e| Error::input(file, Diagnostic::error(e.origin, e.message)))?;
    let pdf = pdf::write(&laid, doc, &fonts).map_err(Error::Internal)?;
    let docx = docx::write_with(doc, Some(&laid)).map_err(Error::Internal)?;
    Ok((docx, pdf))
}

/// Builds one input into `out_dir/<name>.docx` and `.pdf`. Nothing is written
/// unless both files were produced; each is replaced atomically.
pub fn build_file(path: &Path, out_dir: &Path, options: &Options) -> Result<Built, Error> {
    let (doc, warnings) = load(path, options)?;
    let (docx, pdf) = render(&doc, path, options)?;
    let stem = output_stem(path);
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Io {
        path: out_dir.to_path_buf(),
        action: "create the output folder",
        source,
    })?;
    output::write_set(&[
        (out_dir.join(format!("{stem}.docx")), &docx),
        (out_dir.join(format!("{stem}.pdf")), &pdf),
    ])?;
    Ok(Built {
        docx,
        pdf,
        warnings,
    })
}

/// `fixtures/a.b.json` → `a.b`.
pub fn output_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// Whether any diagnostic is an error.
pub fn has_errors(d: &[Diagnostic]) -> bool {
    d.iter().any(|d| d.severity == Severity::Error)
}
