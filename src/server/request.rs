//! Reading a request: its language, its body within the size limit, and a
//! multipart body's parts — the input, last year's report, the images.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap};

use super::api::Failure;
use crate::i18n::{t, Lang};
use crate::Previous;

/// Most parts of a multipart request (the input, last year's report, images).
const MAX_PARTS: usize = 64;

/// The language of the answer: `?lang=zh|en`, else the first language of
/// `Accept-Language` that has messages, else Chinese.
pub fn language_of(request: &Request) -> Lang {
    let query = request.uri().query().unwrap_or("");
    let asked = query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("lang="))
        .find_map(Lang::parse);
    asked
        .or_else(|| accept_language(request.headers()))
        .unwrap_or(Lang::Zh)
}

/// The most preferred language of `Accept-Language` that has messages.
pub fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut choices: Vec<(f32, Lang)> = value
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let lang = Lang::parse(parts.next()?.trim())?;
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            Some((q, lang))
        })
        .collect();
    // a stable sort keeps the header's order among equal weights
    choices.sort_by(|a, b| b.0.total_cmp(&a.0));
    choices.first().map(|c| c.1)
}

/// The whole body, refused as soon as it is known to be over `max`.
pub async fn read_body(request: Request, max: usize) -> Result<Bytes, Failure> {
    use http_body_util::BodyExt;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(Failure::TooLarge(max));
    }
    let limited = http_body_util::Limited::new(request.into_body(), max);
    match limited.collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(Failure::TooLarge(max)),
        Err(e) => Err(Failure::Bad(e.to_string())),
    }
}

/// One part of a multipart body.
struct Part {
    name: String,
    file_name: Option<String>,
    bytes: Bytes,
}

/// A body: a multipart one as its parts, any other as it is.
enum Body {
    Whole(Bytes),
    Parts(Vec<Part>),
}

/// Reads the body within `max` and, when it is multipart, splits it.
async fn read(request: Request, max: usize) -> Result<Body, Failure> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = read_body(request, max).await?;
    let Ok(boundary) = multer::parse_boundary(&content_type) else {
        return Ok(Body::Whole(body));
    };
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let bad = |e: multer::Error| Failure::Bad(t!("server.bad_multipart", reason = e).into());
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        if parts.len() == MAX_PARTS {
            return Err(Failure::Bad(
                t!("server.too_many_parts", max = MAX_PARTS).into(),
            ));
        }
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(bad)?;
        parts.push(Part {
            name,
            file_name,
            bytes,
        });
    }
    Ok(Body::Parts(parts))
}

/// A request's document: the input JSON, the images uploaded beside it, and
/// last year's report.
#[derive(Default)]
pub struct Document {
    pub input: Bytes,
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    pub previous: Option<Previous>,
}

/// The document of a check or build: the body as the input JSON, or the
/// parts `input`, `previous` and images by their file names.
pub async fn read_document(request: Request, max: usize) -> Result<Document, Failure> {
    let parts = match read(request, max).await? {
        Body::Whole(input) => {
            return Ok(Document {
                input,
                ..Document::default()
            })
        }
        Body::Parts(parts) => parts,
    };
    let mut doc = Document::default();
    let mut input = None;
    for part in parts {
        match part.name.as_str() {
            "input" => input = Some(part.bytes),
            "previous" => {
                doc.previous = Some(Previous::Uploaded {
                    name: part.file_name.unwrap_or_else(|| "previous.json".into()),
                    bytes: Arc::new(part.bytes.to_vec()),
                })
            }
            _ => {
                let key = part.file_name.unwrap_or(part.name);
                doc.files.insert(key, Arc::new(part.bytes.to_vec()));
            }
        }
    }
    doc.input = input.ok_or_else(|| Failure::Bad(t!("server.no_input_part").into()))?;
    Ok(doc)
}

/// The part named `name` of a multipart body, with its file name.
pub async fn read_named_part(
    request: Request,
    max: usize,
    name: &str,
) -> Result<(Option<String>, Bytes), Failure> {
    let missing = || Failure::Bad(t!("server.no_part", part = name).into());
    match read(request, max).await? {
        Body::Whole(_) => Err(missing()),
        Body::Parts(parts) => parts
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| (p.file_name, p.bytes))
            .ok_or_else(missing),
    }
}

/// A file sent as the part `name` (with its file name), or as the whole body.
pub async fn read_upload(
    request: Request,
    max: usize,
    name: &str,
) -> Result<(Option<String>, Bytes), Failure> {
    match read(request, max).await? {
        Body::Whole(bytes) => Ok((None, bytes)),
        Body::Parts(parts) => parts
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| (p.file_name, p.bytes))
            .ok_or_else(|| Failure::Bad(t!("server.no_part", part = name).into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn accept_language_picks_the_preferred_known_language() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr;q=1, en-US;q=0.8, zh-CN;q=0.5"),
        );
        assert_eq!(accept_language(&h), Some(Lang::En));
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("zh-CN,zh;q=0.9,en;q=0.8"),
        );
        assert_eq!(accept_language(&h), Some(Lang::Zh));
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("de"));
        assert_eq!(accept_language(&h), None);
    }
}
