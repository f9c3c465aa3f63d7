//! gongwen: JSON → GB/T 9704 公文 as .docx, PDF and OFD.
//!
//! The pipeline: [`input`] parses JSON of a `kind` into typed input, which is
//! converted into one [`model::Document`]; [`layout`] typesets it once into
//! pages of positioned glyphs, rules and images, from the one
//! [`style::StyleProfile`]; three writers follow that layout: [`pdf`] draws
//! it through krilla (PDF/A-2b), [`ofd`] draws it as OFD (GB/T 33190), and
//! [`docx`] writes WordprocessingML from the model with the layout's line breaks,
//! spacing and page decisions, so that Word and LibreOffice set the same
//! lines ([`render_formats`]).

pub mod archive;
pub mod batch;
pub mod docx;
pub mod draft;
pub mod error;
pub mod fonts;
pub mod i18n;
pub mod input;
pub mod layout;
pub mod model;
pub mod ofd;
pub mod output;
pub mod pdf;
pub mod report;
pub mod server;
pub mod style;
pub mod xml;

// the message catalogue, locales/*.toml (see `i18n`); English where a message
// were missing in Chinese, which a test forbids
rust_i18n::i18n!("locales", fallback = "en");

use std::path::{Path, PathBuf};

use error::{Diagnostic, Error, Severity};
use fonts::{FontBook, FontChoices, FontSource};
pub use input::image::Assets;
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
    pub previous: Option<Previous>,
    /// Which files to write.
    pub formats: Formats,
    /// A draft: the annual report's unfilled starter gaps are warnings, not errors.
    pub draft: bool,
    /// The .docx's fonts: named only, or embedded (`--docx-fonts`).
    pub docx_fonts: DocxFonts,
    /// Folders besides the input file's whose images an input read from a
    /// file may name (`--assets`; see `Assets::Folders`).
    pub asset_folders: Vec<PathBuf>,
}

/// Last year's annual report: its JSON input or its published .docx.
#[derive(Debug, Clone)]
pub enum Previous {
    /// A file on disk (`--previous`).
    File(PathBuf),
    /// A file sent with a request: its name (for messages and to tell a
    /// .docx by its extension) and its bytes.
    Uploaded {
        name: String,
        bytes: std::sync::Arc<Vec<u8>>,
    },
}

impl Previous {
    /// The name messages give it.
    fn name(&self) -> PathBuf {
        match self {
            Previous::File(p) => p.clone(),
            Previous::Uploaded { name, .. } => PathBuf::from(name),
        }
    }
}

/// What the .docx carries of its fonts (`--docx-fonts names|embed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocxFonts {
    /// The standard names only (仿宋_GB2312 …), with what Word needs to
    /// substitute a missing one; nothing embedded.
    #[default]
    Names,
    /// The faces the PDF drew with, subset to the document's characters,
    /// embedded under the standard names (ECMA-376 Part 1 §17.8.1).
    Embed,
}

impl DocxFonts {
    /// The values of `--docx-fonts`.
    pub const NAMES: [&'static str; 2] = ["names", "embed"];

    /// `names` or `embed`.
    pub fn parse(value: &str) -> Option<DocxFonts> {
        match value {
            "names" => Some(DocxFonts::Names),
            "embed" => Some(DocxFonts::Embed),
            _ => None,
        }
    }
}

/// The output formats of a build (`--formats docx,pdf,ofd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub docx: bool,
    pub pdf: bool,
    pub ofd: bool,
}

impl Default for Formats {
    /// .docx and PDF.
    fn default() -> Self {
        Formats {
            docx: true,
            pdf: true,
            ofd: false,
        }
    }
}

impl Formats {
    /// Every format name, in the order files are written.
    pub const NAMES: [&'static str; 3] = ["docx", "pdf", "ofd"];

    /// Parses a comma-separated list such as `docx,pdf,ofd` (any subset, in any order).
    pub fn parse(list: &str) -> Result<Formats, String> {
        let mut f = Formats {
            docx: false,
            pdf: false,
            ofd: false,
        };
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "docx" => f.docx = true,
                "pdf" => f.pdf = true,
                "ofd" => f.ofd = true,
                other => {
                    return Err(
                        crate::i18n::t!("formats.unknown", name = error::clip(other, 20)).into(),
                    )
                }
            }
        }
        if !(f.docx || f.pdf || f.ofd) {
            return Err(crate::i18n::t!("formats.none").into());
        }
        Ok(f)
    }

    /// The extensions chosen, in writing order.
    pub fn extensions(&self) -> Vec<&'static str> {
        Self::NAMES
            .into_iter()
            .zip([self.docx, self.pdf, self.ofd])
            .filter(|(_, on)| *on)
            .map(|(n, _)| n)
            .collect()
    }
}

/// The files of one document, as bytes, for the formats asked for.
#[derive(Default)]
pub struct Rendered {
    pub docx: Option<Vec<u8>>,
    pub pdf: Option<Vec<u8>>,
    pub ofd: Option<Vec<u8>>,
}

/// The files of a document, in memory, and the warnings found (an empty
/// .docx or PDF when that format was not asked for).
pub struct Built {
    pub docx: Vec<u8>,
    pub pdf: Vec<u8>,
    pub ofd: Option<Vec<u8>>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks an input file, returning the document and its warnings.
/// A draft (.docx, .txt, .md) is imported first ([`import_draft`]).
pub fn load(path: &Path, options: &Options) -> Result<(Document, Vec<Diagnostic>), Error> {
    if draft::Source::of_path(path).is_some() {
        let imported = import_draft_file(path, None)?;
        let json =
            serde_json::to_vec(&imported.input).map_err(|e| Error::Internal(e.to_string()))?;
        let (doc, warnings) = load_bytes(&json, path, options)?;
        let mut all = imported.warnings;
        all.extend(warnings);
        return Ok((doc, error::cap_warnings(all)));
    }
    let bytes = read_input(path, "io.read_input")?;
    load_bytes(&bytes, path, options)
}

/// What a draft is imported as (`gongwen import --as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAs {
    /// A 公文: `"kind": "document"`.
    Document,
    /// The annual report, its tables matched to the national format.
    Report,
}

impl ImportAs {
    /// `document` or `report`.
    pub fn parse(name: &str) -> Option<ImportAs> {
        match name {
            "document" => Some(ImportAs::Document),
            "report" => Some(ImportAs::Report),
            _ => None,
        }
    }
}

/// A draft imported: the input, what changed or is uncertain, and for a
/// document the outline of what was recognised.
pub struct DraftImport {
    pub input: serde_json::Value,
    pub warnings: Vec<Diagnostic>,
    pub outline: Option<draft::outline::Outline>,
    pub kind: ImportAs,
}

/// Whether a .docx's items are an annual report: a table with the national
/// 表三's first row (本年新收政府信息公开申请数量), which no other 公文 has.
fn looks_like_report(items: &[draft::Item]) -> bool {
    items.iter().any(|i| match i {
        draft::Item::Table(t) => t.rows.iter().flatten().any(|c| c.text.contains("本年新收")),
        _ => false,
    })
}

/// Imports a draft given as bytes: `name`'s extension says its format
/// (.docx, .txt, .md). A .docx holding the annual report's national tables
/// imports as a report, anything else as a document, unless `as_` says.
pub fn import_draft(
    bytes: &[u8],
    name: &Path,
    as_: Option<ImportAs>,
) -> Result<DraftImport, Diagnostic> {
    let source = draft::Source::of_path(name).ok_or_else(|| {
        Diagnostic::error(
            "",
            crate::i18n::t!("draft.unknown_format", name = name.display()),
        )
    })?;
    let kind = match as_ {
        Some(k) => k,
        None if source == draft::Source::Docx
            && looks_like_report(&draft::read(bytes, source)?) =>
        {
            ImportAs::Report
        }
        None => ImportAs::Document,
    };
    match kind {
        ImportAs::Report => {
            if source != draft::Source::Docx {
                return Err(Diagnostic::error(
                    "",
                    crate::i18n::t!("draft.report_needs_docx"),
                ));
            }
            let r = report::import::import_docx(bytes)?;
            Ok(DraftImport {
                input: r.input,
                warnings: r.warnings,
                outline: None,
                kind,
            })
        }
        ImportAs::Document => {
            let d = draft::import(bytes, source)?;
            let mut warnings = d.warnings;
            if !d.lost.is_empty() {
                let chars: String = d.lost.iter().take(20).collect();
                warnings.push(Diagnostic::warning(
                    "",
                    crate::i18n::t!("draft.lost", n = d.lost.len(), chars = chars),
                ));
            }
            Ok(DraftImport {
                input: d.input,
                warnings: error::cap_warnings(warnings),
                outline: Some(d.outline),
                kind,
            })
        }
    }
}

/// Imports a draft file (`gongwen import`, and `build`/`check` of a draft).
pub fn import_draft_file(path: &Path, as_: Option<ImportAs>) -> Result<DraftImport, Error> {
    let bytes = read_input(path, "io.read_draft")?;
    import_draft(&bytes, path, as_).map_err(|d| Error::input(path, d))
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

/// As `load`, for bytes already read; `path` is used in messages, and its
/// folder (with `options.asset_folders`) is where the images it names are
/// read from.
pub fn load_bytes(
    bytes: &[u8],
    path: &Path,
    options: &Options,
) -> Result<(Document, Vec<Diagnostic>), Error> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let assets = Assets::Folders {
        base: folder,
        shared: options.asset_folders.clone(),
    };
    load_with(bytes, path, &assets, options)
}

/// Checks an input given as bytes and makes its document: the one way in
/// for every door (a file, a request). `name` is what messages call it;
/// the images it names come from `assets`. Returns the warnings too.
pub fn load_with(
    bytes: &[u8],
    name: &Path,
    assets: &Assets,
    options: &Options,
) -> Result<(Document, Vec<Diagnostic>), Error> {
    // errors and warnings together, capped as a build's warnings are
    let fail = |diagnostics: Vec<Diagnostic>| Error::Input {
        file: name.to_path_buf(),
        diagnostics: error::cap_warnings(diagnostics),
    };
    let text = input::decode(bytes).map_err(|d| fail(vec![d]))?;
    // the invisible characters removed from the strings: warnings, also
    // beside the errors of an input that has any
    let (parsed, notes) = input::parse_with_notes(text).map_err(|d| fail(vec![d]))?;
    let fail_noted = |mut d: Vec<Diagnostic>| {
        d.extend(notes.iter().cloned());
        fail(d)
    };
    let (doc, warnings) = match parsed {
        Input::Document(d) => d.into_model_with(assets).map_err(fail_noted)?,
        Input::AnnualReport(r) => {
            let previous = match &options.previous {
                Some(p) => Some(load_previous(p)?),
                None => None,
            };
            r.into_model_with(previous.as_ref(), options.draft)
                .map_err(fail_noted)?
        }
    };
    let mut warnings = [notes, warnings].concat();
    if doc.meta.date.is_none() {
        warnings.push(Diagnostic::warning(
            "meta.date",
            crate::i18n::t!("build.no_date", date = model::fallback_date()),
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
            crate::i18n::t!(
                "build.too_big",
                count = count,
                what = crate::i18n::t!(what),
                max = max,
                advice = crate::i18n::t!(advice)
            ),
        ))
    };
    let (chars, cells) = (doc.char_count(), doc.cell_count());
    if chars > model::MAX_DOCUMENT_CHARS {
        return over(
            chars,
            model::MAX_DOCUMENT_CHARS,
            "build.characters",
            "build.about_pages",
        );
    }
    if cells > model::MAX_DOCUMENT_CELLS {
        return over(
            cells,
            model::MAX_DOCUMENT_CELLS,
            "build.table_cells",
            "build.split_the_data",
        );
    }
    Ok(())
}

/// Reads a published annual report in .docx back into report input
/// (`gongwen import`): the input as JSON and what could not be matched.
pub fn import_file(path: &Path) -> Result<report::import::Imported, Error> {
    let bytes = read_input(path, "io.read_import")?;
    report::import::import_docx(&bytes).map_err(|d| Error::input(path, d))
}

/// A report as JSON: the input file as written, or a .docx imported.
pub fn read_report_value(path: &Path) -> Result<serde_json::Value, Error> {
    if is_docx(path) {
        return Ok(import_file(path)?.input);
    }
    let bytes = read_input(path, "io.read_previous")?;
    let fail = |d: Diagnostic| Error::input(path, d);
    let text = input::decode(&bytes).map_err(fail)?;
    input::parse_value(text).map_err(fail)
}

/// Whether a path names a Word file (by its extension).
pub fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Last year's annual report, for the cross-year checks: its JSON input, or
/// the published .docx, imported.
fn load_previous(previous: &Previous) -> Result<report::AnnualReportInput, Error> {
    let path = &previous.name();
    let fail = |d: Diagnostic| Error::input(path, d);
    let bytes = match previous {
        Previous::File(p) if is_docx(p) => read_input(p, "io.read_import")?,
        Previous::File(p) => read_input(p, "io.read_previous")?,
        Previous::Uploaded { bytes, .. } => bytes.to_vec(),
    };
    if is_docx(path) {
        let imported = report::import::import_docx(&bytes).map_err(fail)?;
        return serde_json::from_value(imported.input).map_err(|e| {
            fail(Diagnostic::error(
                "document",
                crate::i18n::t!("build.imported_not_report", reason = e),
            ))
        });
    }
    let text = input::decode(&bytes).map_err(fail)?;
    match input::parse(text).map_err(fail)? {
        Input::AnnualReport(r) => Ok(r),
        Input::Document(_) => Err(fail(Diagnostic::error(
            "kind",
            crate::i18n::t!("build.previous_not_report"),
        ))),
    }
}

/// Checks an input completely without writing: parsing, the rules of its
/// kind, and that every character is in a font (by laying it out).
pub fn check_file(path: &Path, options: &Options) -> Result<Vec<Diagnostic>, Error> {
    let (doc, warnings) = load(path, options)?;
    check_layout(&doc, path, options)?;
    Ok(warnings)
}

/// As `check_file`, for an input given as bytes with its images (`load_with`).
pub fn check_bytes(
    bytes: &[u8],
    name: &Path,
    assets: &Assets,
    options: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let (doc, warnings) = load_with(bytes, name, assets, options)?;
    check_layout(&doc, name, options)?;
    Ok(warnings)
}

/// Lays a document out, for the errors only layout finds (a character in no
/// font, text that cannot be placed).
fn check_layout(doc: &Document, name: &Path, options: &Options) -> Result<(), Error> {
    let fonts = FontBook::resolve(&doc.style.fonts, &options.font_choices, options.font_source)
        .map_err(|m| Error::input(name, Diagnostic::error("", m)))?;
    layout::layout(doc, &fonts)
        .map_err(|e| Error::input(name, Diagnostic::error(e.origin, e.message)))?;
    Ok(())
}

/// Builds an input given as bytes into the formats `options.formats` asks
/// for, in memory: the same bytes `build_file` writes for the same input.
pub fn build_bytes(
    bytes: &[u8],
    name: &Path,
    assets: &Assets,
    options: &Options,
) -> Result<(Rendered, Vec<Diagnostic>), Error> {
    let (doc, warnings) = load_with(bytes, name, assets, options)?;
    let rendered = render_formats(&doc, name, options)?;
    Ok((rendered, warnings))
}

/// Renders a document into the .docx and the PDF.
pub fn render(doc: &Document, file: &Path, options: &Options) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let both = Options {
        formats: Formats::default(),
        ..options.clone()
    };
    let r = render_formats(doc, file, &both)?;
    Ok((r.docx.unwrap_or_default(), r.pdf.unwrap_or_default()))
}

/// Renders a document into the formats `options.formats` asks for: the
/// layout is made once; the PDF and the OFD draw it, the .docx follows it.
pub fn render_formats(doc: &Document, file: &Path, options: &Options) -> Result<Rendered, Error> {
    let fonts = FontBook::resolve(&doc.style.fonts, &options.font_choices, options.font_source)
        .map_err(|m| Error::input(file, Diagnostic::error("", m)))?;
    let laid = layout::layout(doc, &fonts)
        .map_err(|e| Error::input(file, Diagnostic::error(e.origin, e.message)))?;
    let f = options.formats;
    // the writers are independent: on a machine with a free core the OFD and
    // the .docx cost no time beside the PDF
    let (pdf, (ofd, docx)) = rayon::join(
        || f.pdf.then(|| pdf::write(&laid, doc, &fonts)).transpose(),
        || {
            rayon::join(
                || f.ofd.then(|| ofd::write(&laid, doc, &fonts)).transpose(),
                || {
                    let embed = (options.docx_fonts == DocxFonts::Embed).then_some(&fonts);
                    f.docx
                        .then(|| docx::write_with(doc, Some(&laid), embed))
                        .transpose()
                },
            )
        },
    );
    Ok(Rendered {
        pdf: pdf.map_err(Error::Internal)?,
        ofd: ofd.map_err(Error::Internal)?,
        docx: docx.map_err(Error::Internal)?,
    })
}

/// Builds one input into `out_dir/<name>.docx`, `.pdf` (and `.ofd`, as
/// `options.formats` says). Nothing is written unless every file was
/// produced; they are replaced together (see `output::write_set`).
pub fn build_file(path: &Path, out_dir: &Path, options: &Options) -> Result<Built, Error> {
    let (doc, warnings) = load(path, options)?;
    let r = render_formats(&doc, path, options)?;
    let stem = output_stem(path);
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Io {
        path: out_dir.to_path_buf(),
        action: "io.create_output_folder",
        source,
    })?;
    let files: Vec<(PathBuf, &[u8])> = [("docx", &r.docx), ("pdf", &r.pdf), ("ofd", &r.ofd)]
        .into_iter()
        .filter_map(|(ext, bytes)| {
            bytes
                .as_ref()
                .map(|b| (out_dir.join(format!("{stem}.{ext}")), b.as_slice()))
        })
        .collect();
    for (out, _) in &files {
        if same_file(out, path) {
            return Err(Error::input(
                path,
                Diagnostic::error(
                    "",
                    crate::i18n::t!("build.output_is_input", file = out.display()),
                ),
            ));
        }
    }
    output::write_set(&files)?;
    Ok(Built {
        docx: r.docx.unwrap_or_default(),
        pdf: r.pdf.unwrap_or_default(),
        ofd: r.ofd,
        warnings,
    })
}

/// Whether two paths name the same file (one of them perhaps not there yet).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| {
        p.canonicalize().ok().or_else(|| {
            let parent = p
                .parent()
                .filter(|x| !x.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Some(parent.canonicalize().ok()?.join(p.file_name()?))
        })
    };
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
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
