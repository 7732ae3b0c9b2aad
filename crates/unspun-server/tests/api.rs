//! The HTTP API in process: what `/v1/check` answers equals what `scan` reports, writes need
//! the token, limits answer with the stable JSON error shape, and nothing panics on bad input.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;
use unspun_core::ingest::{self, IngestConfig, Input};
use unspun_core::{Document, Metadata, NoProgress, PipelineBuilder};
use unspun_index::Index;
use unspun_server::{router, ServerConfig, WriteAccess};

const TOKEN: &str = "test-token";

fn examples() -> Vec<Document> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    ingest::read_inputs(&[Input::Path(path)], IngestConfig::default()).documents
}

fn config(access: WriteAccess) -> ServerConfig {
    ServerConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), access)
}

fn app_with(docs: Vec<Document>, config: ServerConfig) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    if !docs.is_empty() {
        index.add(docs).unwrap();
    }
    (router(Arc::new(index), &config).unwrap(), dir)
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    body: Option<Value>,
    token: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    };
    send(app, request.unwrap()).await
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

fn assert_error(response: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(response.0, status, "{}", response.1);
    assert_eq!(response.1["error"]["code"], code, "{}", response.1);
    assert!(response.1["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn check_answers_what_scan_reports_for_the_same_pair() {
    let mut docs = examples();
    let query = docs.remove(docs.iter().position(|d| d.id.starts_with("11-")).unwrap());
    let (app, _dir) = app_with(docs.clone(), config(WriteAccess::Open));
    let body = json!({ "id": query.id, "text": query.text });
    let (status, answer) = call(&app, Method::POST, "/v1/check", Some(body), None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    docs.push(query.clone());
    let scanned = PipelineBuilder::new().build().unwrap().scan(docs, &NoProgress).pairs;
    let expected: Vec<Value> = scanned
        .iter()
        .filter(|p| p.a == query.id || p.b == query.id)
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    assert!(expected.len() >= 3, "the drought story has three copies");
    assert_eq!(answer["matches"], Value::Array(expected));
    assert_eq!(answer["added"], false);
}

#[tokio::test]
async fn a_page_naming_an_archived_page_canonical_is_its_copy() {
    let story = examples().into_iter().find(|d| d.id.starts_with("05-")).unwrap();
    let original = "https://millbrook-courier.example/water-rates";
    let url = Some(original.to_string());
    let archived = Document { meta: Metadata { url, ..Metadata::default() }, ..story.clone() };
    let (app, _dir) = app_with(vec![archived], config(WriteAccess::Open));
    let mut sources = Vec::new();
    for canonical in [None, Some(original)] {
        let body = json!({ "id": "copy", "text": story.text, "url": "https://gazette.example/d",
                           "canonical": canonical });
        let (status, answer) = call(&app, Method::POST, "/v1/check", Some(body), None).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["matches"][0]["relation"], "verbatim", "{answer}");
        sources.push(answer["matches"][0]["source"].clone());
    }
    assert_eq!(sources, [Value::Null, Value::from(story.id)]);
}

#[tokio::test]
async fn writes_need_the_token_and_reads_do_not() {
    let docs = examples();
    let (app, _dir) = app_with(docs[..6].to_vec(), config(WriteAccess::Token(TOKEN.into())));
    let doc = json!({ "id": "new/one", "text": docs[6].text, "outlet": "Test" });
    let refused = call(&app, Method::POST, "/v1/documents", Some(doc.clone()), None).await;
    assert_error(&refused, StatusCode::UNAUTHORIZED, "unauthorized");
    let wrong = call(&app, Method::POST, "/v1/documents", Some(doc.clone()), Some("nope")).await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "unauthorized");
    let refused_add = call(&app, Method::POST, "/v1/check?add=true", Some(doc.clone()), None).await;
    assert_error(&refused_add, StatusCode::UNAUTHORIZED, "unauthorized");

    let (status, added) = call(&app, Method::POST, "/v1/documents", Some(doc), Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["added"], 1);
    let (status, stored) = call(&app, Method::GET, "/v1/documents/new/one", None, None).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(stored["outlet"], "Test");
    assert!(stored["clean_text"].as_str().unwrap().len() > 100);

    let refused_delete = call(&app, Method::DELETE, "/v1/documents/new/one", None, None).await;
    assert_error(&refused_delete, StatusCode::UNAUTHORIZED, "unauthorized");
    let (status, _) = call(&app, Method::DELETE, "/v1/documents/new/one", None, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK);
    let gone = call(&app, Method::GET, "/v1/documents/new/one", None, None).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_read_only_server_refuses_every_write() {
    let (app, _dir) = app_with(Vec::new(), config(WriteAccess::ReadOnly));
    let doc = json!({ "id": "x", "text": "A short story about the harbor and its boats." });
    let refused = call(&app, Method::POST, "/v1/documents", Some(doc), Some(TOKEN)).await;
    assert_error(&refused, StatusCode::FORBIDDEN, "read_only");
    let (status, health) = call(&app, Method::GET, "/healthz", None, None).await;
    assert_eq!((status, health["documents"].as_u64()), (StatusCode::OK, Some(0)));
}

#[tokio::test]
async fn check_with_add_indexes_the_document_and_families_follow() {
    let docs = examples();
    let (app, _dir) = app_with(docs[..1].to_vec(), config(WriteAccess::Open));
    let copy = json!({ "id": "copy", "text": docs[1].text, "date": "2026-10-15" });
    let (status, answer) =
        call(&app, Method::POST, "/v1/check?add=true", Some(copy.clone()), None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["added"], true);
    assert_eq!(answer["matches"].as_array().unwrap().len(), 1);
    let (_, again) = call(&app, Method::POST, "/v1/check?add=true", Some(copy), None).await;
    assert_eq!(again["matches"], answer["matches"], "re-adding the same document reports the same");
    let (status, family) = call(&app, Method::GET, "/v1/families/copy", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(family["members"], json!([docs[0].id, "copy"]));
    let (_, spec) = call(&app, Method::GET, "/openapi.json", None, None).await;
    let described = &spec["components"]["schemas"]["FamilyView"];
    let keys = |object: &Value| {
        let mut keys: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&family), keys(&described["properties"]), "the spec describes each field");
    let missing = call(&app, Method::GET, "/v1/families/nobody", None, None).await;
    assert_error(&missing, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn bad_requests_get_the_stable_error_shape() {
    let mut limits = config(WriteAccess::Open);
    limits.max_body_bytes = 4096;
    let (app, _dir) = app_with(Vec::new(), limits);
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (json_request("/v1/check", "{not json"), StatusCode::BAD_REQUEST, "bad_request"),
        (
            json_request("/v1/check", r#"{"text": "x y z", "colour": "red"}"#),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (json_request("/v1/check", r#"{"id": "a"}"#), StatusCode::BAD_REQUEST, "bad_request"),
        (
            json_request("/v1/check", r#"{"text": "x", "html": "<p>x</p>"}"#),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            json_request("/v1/check", r#"{"text": "A story.", "date": "last Tuesday"}"#),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            json_request("/v1/check?add=maybe", r#"{"text": "A story."}"#),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            json_request("/v1/check", &format!(r#"{{"text": "{}"}}"#, "word ".repeat(2000))),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            Request::post("/v1/check").body(Body::from("{}")).unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            Request::get("/v2/nothing").body(Body::empty()).unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Request::put("/healthz").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (json_request("/v1/check", "\u{0}\u{1}\u{ff}"), StatusCode::BAD_REQUEST, "bad_request"),
    ];
    for (request, status, code) in cases {
        let uri = request.uri().to_string();
        let response = send(&app, request).await;
        assert_eq!(response.0, status, "{uri}: {}", response.1);
        assert_eq!(response.1["error"]["code"], code, "{uri}");
    }
}

fn json_request(uri: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn slow_requests_time_out_and_a_full_server_sheds_load() {
    let docs = examples();
    let story = json!({ "text": docs[0].text.repeat(40) });
    let mut hurried = config(WriteAccess::Open);
    hurried.timeout = Duration::from_micros(1);
    let (app, _dir) = app_with(docs.clone(), hurried);
    let late = call(&app, Method::POST, "/v1/check", Some(story.clone()), None).await;
    assert_error(&late, StatusCode::GATEWAY_TIMEOUT, "timeout");

    let mut narrow = config(WriteAccess::Open);
    narrow.max_concurrent = 1;
    let (app, _dir) = app_with(docs, narrow);
    let requests = (0..6).map(|_| call(&app, Method::POST, "/v1/check", Some(story.clone()), None));
    let answers = futures_join(requests.collect()).await;
    let ok = answers.iter().filter(|a| a.0 == StatusCode::OK).count();
    let shed = answers.iter().filter(|a| a.1["error"]["code"] == "overloaded").count();
    assert!(ok >= 1 && shed >= 1 && ok + shed == 6, "{ok} answered, {shed} shed");
}

#[tokio::test]
async fn the_server_keeps_serving_while_a_page_is_read() {
    let (app, _dir) = app_with(Vec::new(), config(WriteAccess::Open));
    let depth = 300;
    let story = "<p>The harbor board met on Monday and approved the budget.</p>";
    let block = format!("{}{story}{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let page = json!({ "html": block.repeat(20) });
    // The test's runtime has one thread: the ticker runs only while no handler holds it.
    let ticks = Arc::new(AtomicUsize::new(0));
    let ticker = tokio::spawn({
        let ticks = ticks.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(2)).await;
                ticks.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    let answer = call(&app, Method::POST, "/v1/check", Some(page), None).await;
    ticker.abort();
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    let ticked = ticks.load(Ordering::Relaxed);
    assert!(ticked >= 3, "the page was read on the server's own thread ({ticked} ticks)");
}

/// Polls all futures in one task, so they contend for the server at the same time.
async fn futures_join<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let handles: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut pending: Vec<Option<std::pin::Pin<Box<F>>>> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (slot, result) in pending.iter_mut().zip(results.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *result = Some(value);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    results.into_iter().map(|r| r.expect("every future finished")).collect()
}

#[tokio::test]
async fn metrics_and_openapi_describe_the_server() {
    let (app, _dir) = app_with(examples()[..3].to_vec(), config(WriteAccess::Open));
    call(&app, Method::GET, "/healthz", None, None).await;
    let response =
        app.clone().oneshot(Request::get("/metrics").body(Body::empty()).unwrap()).await.unwrap();
    let text =
        String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec())
            .unwrap();
    assert!(text.contains("unspun_index_documents 3"), "{text}");
    assert!(
        text.contains(
            r#"unspun_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{text}"
    );

    let (status, spec) = call(&app, Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/v1/check",
        "/v1/documents",
        "/v1/documents/{id}",
        "/v1/families/{id}",
        "/healthz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "openapi.json lacks {path}");
    }
}
