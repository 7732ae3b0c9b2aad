//! `unspun index`: adding, removing and verifying, and surviving SIGKILL at any moment of an
//! add.

mod harness;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::{unspun, workspace};
use serde_json::Value;
use unspun_index::Index;

const CORPUS: &str = "bench/quality/ci/corpus.jsonl.gz";

fn index_arg(dir: &Path) -> String {
    dir.display().to_string()
}

fn stats(dir: &Path) -> Value {
    let run = unspun(&["index", "stats", "--index", &index_arg(dir)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// `unspun index stats | head -0`: output to a closed pipe ends the command quietly.
#[test]
fn stats_to_a_closed_pipe_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let index = index_arg(dir.path());
    assert_eq!(unspun(&["index", "add", "examples/corpus", "--index", &index]).code, 0);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["index", "stats", "--index", &index])
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn add_stats_remove_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let index = index_arg(dir.path());
    let pairs = dir.path().join("pairs.jsonl");
    let run = unspun(&[
        "index",
        "add",
        "examples/corpus",
        "--index",
        &index,
        "-o",
        pairs.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("added 36"), "{}", run.stderr);
    let found = std::fs::read_to_string(&pairs).unwrap().lines().count();
    assert_eq!(stats(dir.path())["pairs"], found);
    assert!(found >= 20);

    let again = unspun(&["index", "add", "examples/corpus", "--index", &index]);
    assert!(again.stderr.contains("added 0, updated 0, unchanged 36"), "{}", again.stderr);

    let removed = unspun(&["index", "remove", "01-harbor-fire-wire.txt", "--index", &index]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert_eq!(stats(dir.path())["documents"], 35);
    let missing = unspun(&["index", "remove", "01-harbor-fire-wire.txt", "--index", &index]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("not in the index"), "{}", missing.stderr);
    assert_eq!(unspun(&["index", "verify", "--index", &index]).code, 0);
}

/// A small deterministic generator of kill times.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound.max(1)
    }
}

fn add_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_unspun"));
    command
        .args(["index", "add", CORPUS, "--batch-size", "40", "--quiet", "--index"])
        .arg(dir)
        .current_dir(workspace())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Kills `index add` with SIGKILL at spread-out moments of its run, checks after each kill
/// that the index opens and is consistent, then lets a last run finish: the result holds the
/// same documents and pairs as an index built without interruption.
#[test]
fn an_add_killed_at_any_moment_leaves_a_consistent_index_that_a_rerun_completes() {
    let clean = tempfile::tempdir().unwrap();
    let started = Instant::now();
    assert!(add_command(clean.path()).status().unwrap().success());
    let full_run = started.elapsed();

    let crashed = tempfile::tempdir().unwrap();
    let mut moments = Lcg(7);
    for round in 0..6 {
        let mut child = add_command(crashed.path()).spawn().unwrap();
        let wait = moments.below(full_run.as_millis() as u64);
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap();
        child.wait().unwrap();
        let verify = unspun(&["index", "verify", "--index", &index_arg(crashed.path())]);
        assert_eq!(verify.code, 0, "round {round}, killed after {wait} ms: {}", verify.stderr);
    }
    assert!(add_command(crashed.path()).status().unwrap().success());

    let (clean, crashed) =
        (Index::open(clean.path()).unwrap(), Index::open(crashed.path()).unwrap());
    assert_eq!(crashed.verify_integrity().unwrap(), Vec::<String>::new());
    assert_eq!(crashed.stats().unwrap().documents, clean.stats().unwrap().documents);
    let ids: Vec<String> = read_ids();
    for id in &ids {
        let (a, b) = (clean.document(id).unwrap().unwrap(), crashed.document(id).unwrap().unwrap());
        assert_eq!(a.doc, b.doc, "document {id}");
        let pairs = |index: &Index| -> Vec<(String, String)> {
            let family = index.family(id).unwrap().unwrap();
            family.pairs.iter().map(|p| (p.a.clone(), p.b.clone())).collect()
        };
        assert_eq!(pairs(&clean), pairs(&crashed), "pairs of {id}");
    }
}

fn read_ids() -> Vec<String> {
    use std::io::{BufRead, BufReader};
    let file = std::fs::File::open(workspace().join(CORPUS)).unwrap();
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|line| {
            let record: Value = serde_json::from_str(&line.unwrap()).unwrap();
            record["id"].as_str().unwrap().to_string()
        })
        .collect()
}
