//! `unspun serve` as a user runs it: a real process on a loopback port, spoken to over TCP.

mod harness;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use harness::{unspun, workspace};
use serde_json::Value;

/// A running server, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(index: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["serve", "--index", index, "--addr", "127.0.0.1:0"])
        .args(extra)
        .env("UNSPUN_TOKEN", "t0ken")
        .current_dir(workspace())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = lines
        .find_map(|line| line.unwrap().split("listening on http://").nth(1).map(str::to_string))
        .expect("the server announces its address");
    Server { child, addr }
}

/// One HTTP/1.1 request; returns the status and the body.
fn request(addr: &str, method: &str, path: &str, body: &str, token: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{auth}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn serves_checks_and_token_guarded_writes_over_tcp() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().display().to_string();
    let add = unspun(&["index", "add", "examples/corpus", "--index", &index, "--quiet"]);
    assert_eq!(add.code, 0, "{}", add.stderr);
    let server = start(&index, &[]);

    let (status, body) = request(&server.addr, "GET", "/healthz", "", None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["documents"], 36);

    let text =
        std::fs::read_to_string(workspace().join("examples/corpus/19-rail-bridge-newshive.txt"))
            .unwrap();
    let query =
        serde_json::json!({ "id": "19-rail-bridge-newshive.txt", "text": text }).to_string();
    let (status, body) = request(&server.addr, "POST", "/v1/check", &query, None);
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["matches"][0]["a"], "18-rail-bridge-pinecrest.txt");
    assert_eq!(answer["matches"][0]["relation"], "spun");

    let (status, _) =
        request(&server.addr, "DELETE", "/v1/documents/18-rail-bridge-pinecrest.txt", "", None);
    assert_eq!(status, 401);
    let (status, _) = request(
        &server.addr,
        "DELETE",
        "/v1/documents/18-rail-bridge-pinecrest.txt",
        "",
        Some("t0ken"),
    );
    assert_eq!(status, 200);
    let (_, body) = request(&server.addr, "POST", "/v1/check", &query, None);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["matches"], serde_json::json!([]));
}

#[test]
fn refuses_open_writes_on_a_public_address() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().display().to_string();
    let run =
        harness::unspun_in(&workspace(), &["serve", "--index", &index, "--addr", "0.0.0.0:0"], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("without a token"), "{}", run.stderr);
}
