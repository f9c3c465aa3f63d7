//! `gongwen serve`: the library behind HTTP, for portals and for the
//! browser workspace (`/report`, `/document`).
//!
//! Every route calls the same library functions as the command line
//! (`load_with`, `check_bytes`, `render_formats`, `import_docx`, the
//! starter) and answers with the same diagnostics, as JSON. The server keeps
//! no state between requests and touches no file because of one: images
//! and last year's report come only from the request's own parts.
//!
//! How it behaves under load (see `guard`): bodies are limited (413), at
//! most `workers` documents are checked or built at once on tokio's blocking
//! pool with at most `queue` waiting (429 with Retry-After beyond), each
//! request has a time budget (503), a client that sends its headers or body
//! too slowly is cut off, every response carries `x-request-id` and makes one
//! access-log line, and SIGTERM/SIGINT finish what is in flight and exit 0.

mod api;
mod guard;
mod pages;
mod request;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;

use crate::fonts::FontSource;

pub use api::{OPENAPI, ROUTES};
pub use guard::Gate;

/// What the server is told at start.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub font_source: FontSource,
    /// With a token, every `/api/*` request needs `Authorization: Bearer <token>`.
    pub token: Option<String>,
    pub limits: Limits,
}

/// The limits that keep the server up and its memory flat.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body: the input (16 MiB at most) and its images.
    pub max_body_bytes: usize,
    /// Documents checked or built at once (one per core: the work is CPU-bound).
    pub workers: usize,
    /// Requests that may wait for a worker; more get 429.
    pub queue: usize,
    /// Time budget of one request, from its first byte to its answer.
    pub request_timeout: Duration,
    /// Time a client has to send its request headers.
    pub header_timeout: Duration,
    /// Connections served at once; the rest wait to be accepted.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_body_bytes: 32 * 1024 * 1024,
            workers: cores,
            queue: 8 * cores,
            request_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// What every request may use.
pub struct State {
    pub font_source: FontSource,
    pub token: Option<String>,
    pub limits: Limits,
    pub gate: Gate,
}

impl State {
    pub fn new(font_source: FontSource, token: Option<String>, limits: Limits) -> Arc<State> {
        Arc::new(State {
            font_source,
            token,
            gate: Gate::new(limits.workers, limits.queue),
            limits,
        })
    }
}

/// Every route, with the guards around them; served by `run`, and callable
/// in-process (tower's `oneshot`) by tests.
pub fn router(state: Arc<State>) -> Router {
    let api = Router::new()
        .route("/check", post(api::check))
        .route("/build", post(api::build))
        .route("/import", post(api::import))
        .route(
            "/new/annual-report",
            get(api::new_report).post(api::new_report_from),
        )
        .route("/schema", get(api::schema))
        .route("/openapi.json", get(api::openapi))
        .route("/report/form", get(api::report_form))
        .route("/report/paste", post(api::report_paste))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::require_token,
        ));
    Router::new()
        .route("/health", get(api::health))
        .route("/", get(pages::index))
        .route("/report", get(pages::report))
        .route("/document", get(pages::document))
        .route("/assets/{name}", get(pages::asset))
        .nest("/api", api)
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::time_budget,
        ))
        .layer(axum::middleware::from_fn(guard::request_id_and_log))
        .with_state(state)
}

/// Serves until SIGTERM or SIGINT, then finishes what is in flight.
pub fn run(config: Config) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // the event loop needs little; the documents are made on the blocking pool
        .worker_threads(2)
        .max_blocking_threads(config.limits.workers + 2)
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(guard::serve(config))
}
