//! Property test of the API's promise about bad input: whatever JSON (or near-JSON) a client
//! sends to an endpoint, the answer is a success or a 4xx with the stable error shape, never a
//! server error, and the server keeps answering.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};
use tower::ServiceExt;
use unspun_core::ingest::{self, IngestConfig, Input};
use unspun_index::Index;
use unspun_server::{router, ServerConfig, WriteAccess};

/// Strings clients send: words, spaces, markup, escapes, look-alike letters, invisible
/// characters, emoji, and characters a date or an id might choke on.
fn text() -> BoxedStrategy<String> {
    let pieces = vec![
        "The",
        "harbor",
        "council",
        "said",
        " ",
        ".",
        "\n\n",
        "<p>",
        "</p>",
        "&amp;",
        "\"",
        "\\",
        "\u{0}",
        "\u{200B}",
        "\u{AD}",
        "с",
        "\u{1F642}",
        "2026-13-45",
        "/",
        "%2F",
        "..",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|p| p.concat()).boxed()
}

/// Any JSON value, nested a little.
fn value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((field(), inner), 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// Field names the API reads, and one it does not.
fn field() -> BoxedStrategy<String> {
    let names = vec!["id", "text", "html", "title", "url", "outlet", "date", "documents", "colour"];
    prop::sample::select(names).prop_map(str::to_string).boxed()
}

/// A request body: an object of known and unknown fields with any values, a document list,
/// or a valid body with some bytes changed or cut.
fn object() -> BoxedStrategy<Value> {
    prop::collection::vec((field(), value()), 0..5)
        .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>()))
        .boxed()
}

fn valid() -> BoxedStrategy<Value> {
    (text(), text()).prop_map(|(id, text)| json!({ "id": id, "text": text })).boxed()
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let listed = prop::collection::vec(object(), 0..3)
        .prop_map(|documents| json!({ "documents": documents }));
    let edits = prop::collection::vec((0.0..1.0f64, any::<u8>()), 1..6);
    let edited = (valid(), edits, 0.0..=1.0f64).prop_map(|(value, edits, keep)| {
        let mut bytes = value.to_string().into_bytes();
        for (at, byte) in edits {
            let index = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[index] = byte;
        }
        bytes.truncate((bytes.len() as f64 * keep).ceil() as usize);
        bytes
    });
    prop_oneof![
        prop_oneof![object(), listed, valid(), value()].prop_map(|v| v.to_string().into_bytes()),
        edited,
    ]
}

fn endpoint() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["/v1/check", "/v1/check?add=true", "/v1/documents"])
}

async fn post(app: &Router, uri: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[test]
fn no_body_gets_a_server_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = Arc::new(Index::open(dir.path()).unwrap());
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    index
        .add(ingest::read_inputs(&[Input::Path(examples)], IngestConfig::default()).documents)
        .unwrap();
    let config = ServerConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), WriteAccess::Open);
    let app = router(index, &config).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut runner = TestRunner::new(Config { cases: 128, ..Config::default() });
    let result = runner.run(&(endpoint(), body()), |(uri, body)| {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let (status, answer) = runtime.block_on(post(&app, uri, body));
        prop_assert!(!status.is_server_error(), "{uri} {shown}: {status} {answer}");
        if status.is_client_error() {
            let code = answer["error"]["code"].as_str();
            prop_assert!(code.is_some_and(|c| !c.is_empty()), "{uri} {shown}: {answer}");
        }
        Ok(())
    });
    result.unwrap();
    let health = Request::get("/healthz").body(Body::empty()).unwrap();
    let status = runtime.block_on(app.clone().oneshot(health)).unwrap().status();
    assert_eq!(status, StatusCode::OK);
}
