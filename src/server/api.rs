//! The routes of `/api`: each reads its request, calls the library as the
//! command line does, and answers with the same diagnostics as JSON.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, Request, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::request::{language_of, read_body, read_document, read_named_part, read_upload};
use super::State;
use crate::error::{Error, Outcome};
use crate::i18n::{t, with_language, Lang};
use crate::{Assets, DocxFonts, Formats, Options, Previous};

/// The name a request's input goes by in messages.
const INPUT: &str = "input";

/// Every route of the API, as the OpenAPI description lists them (a test
/// holds the two together).
pub const ROUTES: [(&str, &str); 11] = [
    ("get", "/health"),
    ("post", "/api/check"),
    ("post", "/api/build"),
    ("post", "/api/import"),
    ("get", "/api/new/annual-report"),
    ("post", "/api/new/annual-report"),
    ("get", "/api/schema"),
    ("get", "/api/openapi.json"),
    ("get", "/api/report/form"),
    ("post", "/api/report/paste"),
    ("get", "/report"),
];

/// Why a request was not served, beside a wrong input (which is a 422 or a
/// check's answer).
#[derive(Debug)]
pub enum Failure {
    /// Every worker busy and the queue full: 429.
    Busy,
    /// A bug (a panic): 500.
    Bug,
    /// The body is over the limit: 413.
    TooLarge(usize),
    /// The request itself is malformed: 400, with a message.
    Bad(String),
}

impl Failure {
    pub fn into_response_in(self, lang: Lang) -> Response {
        with_language(lang, || match self {
            Failure::Busy => {
                let mut r = error_response(StatusCode::TOO_MANY_REQUESTS, t!("server.busy"));
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                r
            }
            Failure::Bug => error_response(StatusCode::INTERNAL_SERVER_ERROR, t!("server.bug")),
            Failure::TooLarge(max) => error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                t!("server.too_large", max = max),
            ),
            Failure::Bad(message) => error_response(StatusCode::BAD_REQUEST, message),
        })
    }
}

/// `{"ok": false, "error": message}` with `status`.
pub fn error_response(status: StatusCode, message: impl Into<String>) -> Response {
    let body = json!({"ok": false, "error": message.into()});
    (status, axum::Json(body)).into_response()
}

/// The query of check and build.
#[derive(Debug, Deserialize, Default)]
pub struct BuildQuery {
    formats: Option<String>,
    #[serde(default)]
    draft: bool,
    docx_fonts: Option<String>,
}

/// The options the CLI would take for the same request.
fn options(state: &State, q: &BuildQuery, previous: Option<Previous>) -> Result<Options, Failure> {
    let formats = match &q.formats {
        Some(list) => Formats::parse(list).map_err(Failure::Bad)?,
        None => Formats {
            docx: false,
            pdf: true,
            ofd: false,
        },
    };
    let docx_fonts = match q.docx_fonts.as_deref() {
        None => DocxFonts::Names,
        Some(v) => DocxFonts::parse(v).ok_or_else(|| {
            Failure::Bad(t!("server.bad_docx_fonts", value = crate::error::clip(v, 20)).into())
        })?,
    };
    Ok(Options {
        font_source: state.font_source,
        previous,
        formats,
        draft: q.draft,
        docx_fonts,
        ..Options::default()
    })
}

/// Reads a request's document (the input, its images, last year's report)
/// and options, then runs `work` on them in the gate, in the request's
/// language: the one path of check and build.
async fn on_document<T: Send + 'static>(
    state: &State,
    query: &BuildQuery,
    request: Request,
    work: impl FnOnce(&[u8], &Assets, &Options) -> T + Send + 'static,
) -> Result<T, Response> {
    let lang = language_of(&request);
    let fail = |f: Failure| f.into_response_in(lang);
    let payload = read_document(request, state.limits.max_body_bytes)
        .await
        .map_err(fail)?;
    let opts =
        with_language(lang, || options(state, query, payload.previous.clone())).map_err(fail)?;
    let job = move || {
        with_language(lang, || {
            work(&payload.input, &Assets::Uploaded(payload.files), &opts)
        })
    };
    state.gate.run(job).await.map_err(fail)
}

/// `POST /api/check`: every check, nothing written; 200 with the outcome.
pub async fn check(
    AxState(state): AxState<Arc<State>>,
    Query(query): Query<BuildQuery>,
    request: Request,
) -> Response {
    let checked = on_document(&state, &query, request, |input, assets, opts| {
        let result = crate::check_bytes(input, Path::new(INPUT), assets, opts);
        Outcome::of(INPUT, &result)
    });
    match checked.await {
        Ok(outcome) => (StatusCode::OK, axum::Json(outcome)).into_response(),
        Err(r) => r,
    }
}

/// `POST /api/build?formats=pdf,docx,ofd`: the file (or a zip of them), the
/// same bytes as `gongwen build`; 422 with the check's outcome for a wrong input.
pub async fn build(
    AxState(state): AxState<Arc<State>>,
    Query(query): Query<BuildQuery>,
    request: Request,
) -> Response {
    let lang = language_of(&request);
    let built = on_document(&state, &query, request, |input, assets, opts| {
        let name = Path::new(INPUT);
        let (doc, warnings) = crate::load_with(input, name, assets, opts)?;
        let rendered = crate::render_formats(&doc, name, opts)?;
        Ok::<_, Error>((rendered, doc.meta.title.clone(), doc.meta.date, warnings))
    });
    match built.await {
        Ok(Ok((rendered, title, date, warnings))) => {
            let stem = file_stem(&title);
            let date = date.unwrap_or_else(crate::model::fallback_date);
            let mut response = files_response(rendered, &stem, date);
            if let Ok(v) = HeaderValue::from_str(&warnings.len().to_string()) {
                response.headers_mut().insert("x-gongwen-warnings", v);
            }
            response
        }
        Ok(Err(Error::Internal(_))) => Failure::Bug.into_response_in(lang),
        Ok(Err(e)) => {
            let outcome = with_language(lang, || Outcome::of(INPUT, &Err(e)));
            (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(outcome)).into_response()
        }
        Err(r) => r,
    }
}

/// The built files: one as itself, several as a zip.
fn files_response(r: crate::Rendered, stem: &str, date: chrono::NaiveDate) -> Response {
    let files: Vec<(&str, Vec<u8>)> = [("docx", r.docx), ("pdf", r.pdf), ("ofd", r.ofd)]
        .into_iter()
        .filter_map(|(ext, bytes)| Some((ext, bytes?)))
        .collect();
    if let [(ext, _)] = files.as_slice() {
        let ext = *ext;
        let bytes = files.into_iter().next().map(|f| f.1).unwrap_or_default();
        return file_response(bytes, content_type(ext), &format!("{stem}.{ext}"));
    }
    let parts = files
        .into_iter()
        .map(|(ext, bytes)| (format!("{stem}.{ext}"), bytes))
        .collect();
    match crate::archive::pack(parts, date) {
        Ok(zip) => file_response(zip, "application/zip", &format!("{stem}.zip")),
        Err(_) => Failure::Bug.into_response_in(crate::i18n::language()),
    }
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ofd" => "application/ofd",
        _ => "application/octet-stream",
    }
}

fn file_response(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(file_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// A file's name from the document's title: what a clerk would call it,
/// without the characters no file system takes, at most 80 characters.
fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .filter(|c| !c.is_control() && !r#"/\:*?"<>|"#.contains(*c))
        .take(80)
        .collect();
    let stem = stem.trim().trim_matches('.');
    if stem.is_empty() {
        "gongwen".into()
    } else {
        stem.into()
    }
}

/// `attachment` with the name twice (RFC 6266): an ASCII `filename` for old
/// clients, and the UTF-8 name percent-encoded in `filename*` (RFC 5987),
/// which every current browser uses, so the Chinese name arrives intact.
pub fn content_disposition(name: &str) -> String {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let ascii: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    // an ASCII name as it is; any other, a neutral one (filename* has the real name)
    let fallback = if name.is_ascii() && ascii.trim_start_matches('.').len() > ext.len() + 1 {
        ascii
    } else {
        format!("gongwen.{ext}")
    };
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[derive(Debug, Deserialize, Default)]
pub struct ImportQuery {
    /// `document` or `report`; by default a .docx with the report's
    /// national tables is a report, anything else a document.
    #[serde(rename = "as")]
    as_: Option<String>,
    /// The file's name when the body is the file itself (its extension says
    /// the format); a multipart part's file name says it otherwise.
    name: Option<String>,
}

/// `POST /api/import`: a draft (.docx, .txt, .md) or a published report's
/// .docx, as the part `file` or the whole body → the input JSON, what was
/// changed or is uncertain, and for a 公文 the outline of what was recognised
/// (`gongwen import`).
pub async fn import(
    AxState(state): AxState<Arc<State>>,
    Query(query): Query<ImportQuery>,
    request: Request,
) -> Response {
    let lang = language_of(&request);
    let (file_name, bytes) = match read_upload(request, state.limits.max_body_bytes, "file").await {
        Ok(upload) => upload,
        Err(f) => return f.into_response_in(lang),
    };
    let as_ = match query.as_.as_deref() {
        None | Some("") => None,
        Some(v) => match crate::ImportAs::parse(v) {
            Some(k) => Some(k),
            None => {
                return with_language(lang, || {
                    let v = crate::error::clip(v, 20);
                    Failure::Bad(t!("server.bad_import_as", value = v).into())
                        .into_response_in(lang)
                })
            }
        },
    };
    // a body without a name was a published report's .docx before drafts came
    let name = file_name
        .or(query.name)
        .unwrap_or_else(|| "upload.docx".into());
    let work = move || {
        with_language(lang, || {
            crate::import_draft(&bytes, Path::new(&name), as_).map(|imported| {
                let o = Outcome::of(&name, &Ok(imported.warnings));
                let kind = match imported.kind {
                    crate::ImportAs::Document => "document",
                    crate::ImportAs::Report => "report",
                };
                json!({
                    "kind": kind,
                    "input": imported.input,
                    "warnings": o.warnings,
                    "outline": imported.outline,
                })
            })
        })
    };
    match state.gate.run(work).await {
        Ok(Ok(v)) => axum::Json(v).into_response(),
        Ok(Err(d)) => {
            let e = Err(Error::input("file", d));
            let outcome = with_language(lang, || Outcome::of("file", &e));
            (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(outcome)).into_response()
        }
        Err(f) => f.into_response_in(lang),
    }
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    agency: Option<String>,
    year: Option<String>,
}

/// `GET /api/new/annual-report?agency=…&year=…`: the starter report.
pub async fn new_report(Query(q): Query<NewQuery>, request: Request) -> Response {
    let lang = language_of(&request);
    with_language(lang, || {
        let agency = q.agency.as_deref().map(str::trim).unwrap_or("");
        let year = q.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok());
        let Some(year) = year.filter(|y| (2000..=2100).contains(y)) else {
            return Failure::Bad(t!("server.new_needs_year").into()).into_response_in(lang);
        };
        if agency.is_empty() || agency.chars().count() > 100 {
            return Failure::Bad(t!("server.new_needs_agency").into()).into_response_in(lang);
        }
        json_text(crate::report::starter::annual_report(agency, year))
    })
}

/// `POST /api/new/annual-report` (part `previous`: last year's .docx or
/// .json): the starter for the year after it, as `gongwen new --from`.
pub async fn new_report_from(AxState(state): AxState<Arc<State>>, request: Request) -> Response {
    let lang = language_of(&request);
    let (name, bytes) =
        match read_named_part(request, state.limits.max_body_bytes, "previous").await {
            Ok(part) => part,
            Err(f) => return f.into_response_in(lang),
        };
    let name = name.unwrap_or_else(|| "previous.json".into());
    let work = move || {
        with_language(lang, || {
            let last = if crate::is_docx(Path::new(&name)) {
                crate::report::import::import_docx(&bytes)
                    .map(|i| i.input)
                    .map_err(|d| Outcome::of(&name, &Err(Error::input(&name, d))))?
            } else {
                let fail = |d| Outcome::of(&name, &Err(Error::input(&name, d)));
                let text = crate::input::decode(&bytes).map_err(fail)?;
                crate::input::parse_value(text).map_err(fail)?
            };
            crate::report::starter::from_last_year(&last, None).map_err(|m| {
                let d = crate::error::Diagnostic::error("", m);
                Outcome::of(&name, &Err(Error::input(&name, d)))
            })
        })
    };
    match state.gate.run(work).await {
        Ok(Ok(text)) => json_text(text),
        Ok(Err(outcome)) => (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(outcome)).into_response(),
        Err(f) => f.into_response_in(lang),
    }
}

/// A JSON text the library made, as a JSON response.
fn json_text(text: String) -> Response {
    let mut r = Response::new(Body::from(text));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// `GET /api/schema`: the JSON Schema of both kinds, titled in the request's language.
pub async fn schema(request: Request) -> Response {
    let lang = language_of(&request);
    json_text(with_language(lang, crate::input::schema))
}

/// `GET /api/openapi.json`: this API described (OpenAPI 3.1).
pub async fn openapi() -> Response {
    json_text(OPENAPI.to_string())
}

/// The OpenAPI description (written by scripts/make_openapi.py), held to
/// the routes by a test.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/report/form`: the annual report as a form (`report::form`).
pub async fn report_form(request: Request) -> Response {
    let lang = language_of(&request);
    axum::Json(with_language(lang, || crate::report::form::form(lang))).into_response()
}

#[derive(Debug, Deserialize)]
pub struct PasteRequest {
    text: String,
    at: String,
}

/// `POST /api/report/paste`: a spreadsheet block mapped onto the form.
pub async fn report_paste(AxState(state): AxState<Arc<State>>, request: Request) -> Response {
    let lang = language_of(&request);
    let body = match read_body(request, state.limits.max_body_bytes).await {
        Ok(b) => b,
        Err(f) => return f.into_response_in(lang),
    };
    with_language(lang, || {
        let asked: PasteRequest = match serde_json::from_slice(&body) {
            Ok(p) => p,
            Err(e) => {
                return Failure::Bad(t!("server.bad_paste", reason = e).into())
                    .into_response_in(lang)
            }
        };
        match crate::report::form::paste(&asked.text, &asked.at) {
            Some(p) => axum::Json(p).into_response(),
            None => Failure::Bad(
                t!(
                    "server.paste_no_cell",
                    at = crate::error::clip(&asked.at, 60)
                )
                .into(),
            )
            .into_response_in(lang),
        }
    })
}

/// `GET /health`.
pub async fn health() -> Response {
    axum::Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})).into_response()
}

/// Any other path: 404 as JSON.
pub async fn not_found(request: Request) -> Response {
    let lang = language_of(&request);
    let path = crate::error::clip(request.uri().path(), 80);
    with_language(lang, || {
        error_response(StatusCode::NOT_FOUND, t!("server.not_found", path = path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_arrive_intact() {
        let h = content_disposition("关于做好2025年政务公开工作的通知.pdf");
        assert!(h.starts_with("attachment; filename=\""), "{h}");
        assert!(h.contains("filename*=UTF-8''%E5%85%B3%E4%BA%8E"), "{h}");
        assert!(h.ends_with(".pdf"), "{h}");
        assert!(h.is_ascii());
        assert_eq!(
            content_disposition("a b.pdf"),
            "attachment; filename=\"ab.pdf\"; filename*=UTF-8''a%20b.pdf"
        );
        assert!(content_disposition("通知.docx").contains("filename=\"gongwen.docx\""));
        assert!(content_disposition("2024年报告.pdf").contains("filename=\"gongwen.pdf\""));
    }

    #[test]
    fn file_stems_drop_what_file_systems_refuse() {
        assert_eq!(file_stem("a/b:c*?"), "abc");
        assert_eq!(file_stem("  "), "gongwen");
        assert_eq!(file_stem(&"字".repeat(200)).chars().count(), 80);
    }
}
