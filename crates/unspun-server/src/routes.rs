//! The endpoints: each parses its request, runs the index on a worker (see `workers`), and
//! answers JSON. A burst of requests queues for the workers instead of oversubscribing the
//! cores.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;
use unspun_core::Document;
use unspun_index::{AddReport, FamilyView, Index};

use crate::api::{CheckQuery, CheckResponse, DocumentInput, DocumentResponse, DocumentsInput};
use crate::auth::WriteAccess;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::workers::Workers;

/// The OpenAPI description of this API, kept in the repository beside the crate.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The index.
    pub index: Arc<Index>,
    /// Who may write.
    pub access: WriteAccess,
    /// Where index work runs.
    pub workers: Arc<Workers>,
    /// Request and index metrics.
    pub metrics: Arc<Metrics>,
    /// Most documents one `POST /v1/documents` may carry.
    pub max_documents_per_request: usize,
}

type Body<T> = Result<Json<T>, JsonRejection>;

/// Runs index work on the next free worker.
async fn on_worker<T: Send + 'static, E: Into<ApiError> + Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Index) -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError> {
    state.workers.run(state.index.clone(), work).await
}

/// `POST /v1/check`: reuse between the document and the archive; `?add=true` also adds it.
/// Reading the document (extracting a page's text) is work on the worker too, so the request's
/// time limit covers it and no page holds up the threads that serve the other requests.
pub async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<CheckQuery>, QueryRejection>,
    body: Body<DocumentInput>,
) -> Result<Json<CheckResponse>, ApiError> {
    let Query(query) = query?;
    let Json(input) = body?;
    if query.add {
        state.access.authorize(&headers)?;
    }
    let add = query.add;
    let (id, matches) = on_worker(&state, move |index| -> Result<_, ApiError> {
        let doc = input.into_document()?;
        let id = doc.id.clone();
        if !add {
            return Ok((id, index.check(doc)?));
        }
        let report = index.add(vec![doc.clone()])?;
        let matches = if report.unchanged > 0 { index.check(doc)? } else { report.pairs };
        Ok((id, matches))
    })
    .await?;
    Ok(Json(CheckResponse { id, matches, added: add }))
}

/// `POST /v1/documents`: adds or updates one document or `{"documents": [...]}`.
pub async fn add_documents(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body<DocumentsInput>,
) -> Result<Json<AddReport>, ApiError> {
    state.access.authorize(&headers)?;
    let Json(input) = body?;
    let inputs = input.into_inputs();
    if inputs.len() > state.max_documents_per_request {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("at most {} documents per request", state.max_documents_per_request),
        ));
    }
    let added = on_worker(&state, move |index| -> Result<_, ApiError> {
        let docs = inputs
            .into_iter()
            .enumerate()
            .map(|(n, input)| {
                input.into_document().map_err(|e| ApiError {
                    message: format!("documents[{n}]: {}", e.message),
                    ..e
                })
            })
            .collect::<Result<Vec<Document>, ApiError>>()?;
        Ok(index.add(docs)?)
    })
    .await?;
    Ok(Json(added))
}

/// `GET /v1/documents/{id}`.
pub async fn get_document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentResponse>, ApiError> {
    let lookup = id.clone();
    match on_worker(&state, move |index| index.document(&lookup)).await? {
        Some(doc) => Ok(Json(doc.into())),
        None => Err(ApiError::no_document(&id)),
    }
}

/// `DELETE /v1/documents/{id}`.
pub async fn delete_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state.access.authorize(&headers)?;
    let lookup = id.clone();
    if on_worker(&state, move |index| index.remove(&lookup)).await? {
        Ok(Json(json!({ "removed": id })))
    } else {
        Err(ApiError::no_document(&id))
    }
}

/// `GET /v1/families/{id}`: the reuse family of a stored document.
pub async fn get_family(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FamilyView>, ApiError> {
    let lookup = id.clone();
    match on_worker(&state, move |index| index.family(&lookup)).await? {
        Some(family) => Ok(Json(family)),
        None => Err(ApiError::no_document(&id)),
    }
}

/// `GET /healthz`.
pub async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let stats = on_worker(&state, |index| index.stats()).await?;
    Ok(Json(json!({ "status": "ok", "documents": stats.documents })))
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let stats = on_worker(&state, |index| index.stats()).await?;
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Ok(([(header::CONTENT_TYPE, content_type)], state.metrics.render(stats)))
}

/// `GET /openapi.json`.
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// Any path the API does not have.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint; see /openapi.json")
}

/// A known path with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::from_status(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this endpoint")
}
