//! # unspun-server
//!
//! `unspun serve`: the reuse index behind an HTTP API. Check a new article against the
//! archive, add and remove documents, read families, health and metrics.
//!
//! | module | owns |
//! |---|---|
//! | `api` | request and response shapes |
//! | `routes` | the endpoints |
//! | `auth` | the bearer token that guards writes |
//! | `error` | the one JSON error shape |
//! | `metrics` | Prometheus metrics |
//! | `workers` | the threads index work runs on |
//!
//! Every request is bounded: body size ([`ServerConfig::max_body_bytes`]), time
//! ([`ServerConfig::timeout`]), and requests in flight ([`ServerConfig::max_concurrent`], beyond
//! which the server answers 503 at once). The API is described in `openapi.json`, served at
//! `/openapi.json`.
#![deny(missing_docs)]

mod api;
mod auth;
mod error;
mod metrics;
mod routes;
mod workers;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, BoxError, Router};
use tower::ServiceBuilder;
use unspun_index::Index;

pub use api::{CheckResponse, DocumentInput, DocumentResponse};
pub use auth::WriteAccess;
pub use error::ApiError;
pub use routes::OPENAPI;

use metrics::Metrics;
use routes::AppState;
use workers::Workers;

/// How a server listens and what it allows.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Who may write.
    pub access: WriteAccess,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Time limit of one request.
    pub timeout: Duration,
    /// Requests in flight at once; more are refused with 503.
    pub max_concurrent: usize,
    /// Index operations running at once, each on its own thread from start to finish (the
    /// rest of the requests in flight wait their turn).
    pub workers: usize,
    /// Most documents one `POST /v1/documents` may carry.
    pub max_documents_per_request: usize,
}

impl ServerConfig {
    /// Defaults for `addr`: open writes, 8 MiB bodies, 10 s, 64 requests in flight, one index
    /// operation per core.
    pub fn new(addr: SocketAddr, access: WriteAccess) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ServerConfig {
            addr,
            access,
            max_body_bytes: 8 << 20,
            timeout: Duration::from_secs(10),
            max_concurrent: 64,
            workers: cores,
            max_documents_per_request: 1000,
        }
    }

    /// Refuses settings that would be unsafe or useless: writes open to anyone on a
    /// non-loopback address, zero limits.
    pub fn validate(&self) -> Result<(), String> {
        if self.access == WriteAccess::Open && !self.addr.ip().is_loopback() {
            return Err(format!(
                "refusing to accept writes on {} without a token: set UNSPUN_TOKEN or \
                 --token-file, or serve --read-only",
                self.addr
            ));
        }
        let limits = [
            (self.max_body_bytes, "the body size limit"),
            (self.max_concurrent, "the concurrency limit"),
            (self.workers, "the worker count"),
            (self.max_documents_per_request, "the documents per request"),
        ];
        match limits.iter().find(|(n, _)| *n == 0) {
            Some((_, what)) => Err(format!("{what} must be at least 1")),
            None if self.timeout.is_zero() => Err("the timeout must be positive".into()),
            None => Ok(()),
        }
    }
}

/// The API's routes and limits around `index`; fails when the worker threads cannot start.
pub fn router(index: Arc<Index>, config: &ServerConfig) -> std::io::Result<Router> {
    let metrics = Arc::new(Metrics::default());
    let state = AppState {
        index,
        access: config.access.clone(),
        workers: Workers::new(config.workers)?,
        metrics: metrics.clone(),
        max_documents_per_request: config.max_documents_per_request,
    };
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(limit_error))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(config.max_concurrent))
        .timeout(config.timeout);
    Ok(Router::new()
        .route("/v1/check", post(routes::check))
        .route("/v1/documents", post(routes::add_documents))
        .route("/v1/documents/{*id}", get(routes::get_document).delete(routes::delete_document))
        .route("/v1/families/{*id}", get(routes::get_family))
        .route("/healthz", get(routes::health))
        .route("/metrics", get(routes::metrics))
        .route("/openapi.json", get(routes::openapi))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .with_state(state)
        .layer(limits)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(metrics, metrics::track)))
}

async fn limit_error(error: BoxError) -> ApiError {
    if error.is::<tower::timeout::error::Elapsed>() {
        ApiError::timeout()
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        ApiError::overloaded()
    } else {
        eprintln!("unspun serve: {error}");
        ApiError::internal()
    }
}

/// Serves the API on `config.addr` until `shutdown` completes, then finishes the requests in
/// flight. Prints the address it listens on to standard error.
pub async fn serve(
    index: Arc<Index>,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    config.validate().map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    eprintln!("unspun serve: listening on http://{}", listener.local_addr()?);
    let app = router(index, &config)?;
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
