//! The browser workspace: pages and their scripts and styles, compiled into
//! the binary (`include_str!`), so `cargo build` is the only build step and
//! the pages work offline. They call the API and hold no rule of their own.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// Every file of the workspace: name, content type, text.
const FILES: [(&str, &str, &str); 6] = [
    (
        "report.html",
        "text/html; charset=utf-8",
        include_str!("web/report.html"),
    ),
    (
        "document.html",
        "text/html; charset=utf-8",
        include_str!("web/document.html"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("web/app.css"),
    ),
    (
        "common.js",
        "text/javascript; charset=utf-8",
        include_str!("web/common.js"),
    ),
    (
        "report.js",
        "text/javascript; charset=utf-8",
        include_str!("web/report.js"),
    ),
    (
        "document.js",
        "text/javascript; charset=utf-8",
        include_str!("web/document.js"),
    ),
];

fn file(name: &str) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, text)) => {
            let mut r = text.into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            // the pages change with the binary only
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/`: the report's page, the form most clerks come for.
pub async fn index() -> Redirect {
    Redirect::to("/report")
}

/// `/report`: 政府信息公开工作年度报告.
pub async fn report() -> Response {
    file("report.html")
}

/// `/document`: a 公文 from its JSON, with seals.
pub async fn document() -> Response {
    file("document.html")
}

/// `/assets/NAME`: the pages' scripts and styles.
pub async fn asset(Path(name): Path<String>) -> Response {
    if name.ends_with(".html") {
        return StatusCode::NOT_FOUND.into_response();
    }
    file(&name)
}
