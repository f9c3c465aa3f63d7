//! What keeps the server up: the connection loop (slow clients, graceful
//! shutdown), the gate in front of the document work (a bounded queue), the
//! time budget, the token, request ids, the access log and panics.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State as AxState};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Semaphore;

use super::api::{error_response, Failure};
use super::{Config, State};
use crate::i18n::t;

/// At most `workers` documents in the making at once, at most `queue`
/// requests waiting for one; the rest are turned away at once (429) rather
/// than piling up memory and latency.
pub struct Gate {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
}

impl Gate {
    pub fn new(workers: usize, queue: usize) -> Gate {
        Gate {
            permits: Arc::new(Semaphore::new(workers.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
        }
    }

    /// Runs `work` on the blocking pool when a worker is free. The permit
    /// goes with the work, so a request whose time ran out still holds its
    /// worker until the work ends: the number of documents in the making
    /// never exceeds `workers`.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Failure> {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(Failure::Busy);
                }
                let p = self.permits.clone().acquire_owned().await;
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                p.map_err(|_| Failure::Busy)?
            }
        };
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        job.await.map_err(|e| {
            if e.is_panic() {
                Failure::Bug
            } else {
                Failure::Busy
            }
        })
    }
}

/// Every `/api/*` request needs the token, when one is set.
pub async fn require_token(
    AxState(state): AxState<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(token) = &state.token {
        let given = request
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same_secret(given.as_bytes(), token.as_bytes()) {
            let lang = super::request::language_of(&request);
            let mut r = error_response(
                StatusCode::UNAUTHORIZED,
                crate::i18n::with_language(lang, || t!("server.token").into_owned()),
            );
            r.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer"),
            );
            return r;
        }
    }
    next.run(request).await
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    given.len() == expected.len() && bool::from(given.ct_eq(expected))
}

/// A request that has not been answered within its budget gets 503.
pub async fn time_budget(
    AxState(state): AxState<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let lang = super::request::language_of(&request);
    match tokio::time::timeout(state.limits.request_timeout, next.run(request)).await {
        Ok(r) => r,
        Err(_) => {
            let secs = state.limits.request_timeout.as_secs();
            error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                crate::i18n::with_language(lang, || t!("server.timeout", secs = secs).into_owned()),
            )
        }
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A request id unique in this process and across restarts (the start time
/// in seconds, then a counter): in the `x-request-id` header, in the access
/// log and in a 500's message, so a user's report finds its log line.
fn request_id() -> String {
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    format!("{start:x}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// Gives the request an id, turns a panic into a 500 that names it, and
/// writes one access-log line: id, method, path, status, bytes, time.
pub async fn request_id_and_log(request: Request, next: Next) -> Response {
    use futures_util::FutureExt;
    let id = request_id();
    let started = Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let lang = super::request::language_of(&request);
    let mut response = match std::panic::AssertUnwindSafe(next.run(request))
        .catch_unwind()
        .await
    {
        Ok(r) => r,
        Err(_) => Failure::Bug.into_response_in(lang),
    };
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = with_id_in_message(response, &id).await;
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let bytes = http_body::Body::size_hint(response.body())
        .exact()
        .map_or("-".to_string(), |n| n.to_string());
    eprintln!(
        "gongwen serve: {id} {method} {path} {} {bytes} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// A 500's JSON with the request id added, so the client can quote it.
async fn with_id_in_message(response: Response, id: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let mut json: serde_json::Value =
        serde_json::from_slice(&bytes).unwrap_or_else(|_| serde_json::json!({}));
    json["request_id"] = id.into();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&json).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// Accepts connections until a signal, each served by hyper with a limit on
/// the time to send the headers; then stops accepting, lets the requests in
/// flight finish, and returns.
pub async fn serve(config: Config) -> Result<(), String> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| t!("server.cannot_listen", addr = config.listen, reason = e).into_owned())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !addr.ip().is_loopback() {
        eprintln!("{}", t!("server.not_loopback", addr = addr));
    }
    // the handlers are installed before the address is announced: a
    // supervisor that sends SIGTERM as soon as it reads the address must
    // find them in place, not the default action that kills the process
    let mut stop = std::pin::pin!(shutdown_signal()?);
    eprintln!("{}", t!("server.listening", addr = addr));
    let state = State::new(config.font_source, config.token, config.limits.clone());
    let app = super::router(state);
    let connections = Arc::new(Semaphore::new(config.limits.max_connections));
    let graceful = GracefulShutdown::new();
    loop {
        let permit = tokio::select! {
            p = connections.clone().acquire_owned() => p.map_err(|e| e.to_string())?,
            _ = &mut stop => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(s) => s,
                // out of file descriptors and the like: wait and go on
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(config.limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    eprintln!("{}", t!("server.stopping"));
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(config.limits.request_timeout) => {}
    }
    Ok(())
}

/// Installs the SIGTERM and SIGINT (Ctrl-C) handlers now, and returns a
/// future that resolves when either signal arrives.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
        let mut int = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }

    #[tokio::test]
    async fn a_panic_is_a_500_naming_the_request() {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        async fn boom() -> &'static str {
            panic!("a bug")
        }
        let app = axum::Router::new()
            .route("/boom", axum::routing::get(boom))
            .layer(axum::middleware::from_fn(request_id_and_log));
        let request = Request::get("/boom")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_string();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["request_id"], id.as_str());
        assert_eq!(json["ok"], false);
    }

    #[test]
    fn request_ids_differ() {
        assert_ne!(request_id(), request_id());
    }
}
