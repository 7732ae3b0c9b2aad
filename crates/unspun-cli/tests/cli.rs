//! The command-line contract: output formats, determinism, exit codes and bad input.

mod harness;

use harness::{unspun, unspun_in, workspace};

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = unspun(&["scan", "examples/corpus", "--quiet", "--threads", "1"]);
    let two = unspun(&["scan", "examples/corpus", "--quiet", "--threads", "2"]);
    assert_eq!(one.code, 0);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn dash_as_output_means_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let default = unspun(&["scan", "examples/corpus", "--quiet"]);
    let dash = unspun_in(
        dir.path(),
        &["scan", &workspace().join("examples/corpus").display().to_string(), "--quiet", "-o", "-"],
        "",
    );
    assert_eq!(dash.code, 0, "{}", dash.stderr);
    assert_eq!(dash.stdout, default.stdout);
    assert!(!dir.path().join("-").exists());
}

#[test]
fn csv_carries_the_same_pairs_as_jsonl() {
    let jsonl = unspun(&["scan", "examples/corpus", "--quiet"]);
    let csv = unspun(&["scan", "examples/corpus", "--quiet", "--format", "csv"]);
    let mut rows = csv.stdout.lines();
    assert!(rows.next().unwrap().starts_with("a,b,relation,score,source"));
    assert_eq!(rows.count(), jsonl.json_lines().len());
}

#[test]
fn passage_offsets_point_into_the_texts_written_for_html_pages() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts");
    let run = unspun(&["scan", "examples/html", "--quiet", "--texts", texts.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |id: &serde_json::Value| {
        std::fs::read_to_string(texts.join(format!("{}.txt", id.as_str().unwrap()))).unwrap()
    };
    let mut identical = 0;
    for pair in run.json_lines() {
        let (text_a, text_b) = (read(&pair["a"]), read(&pair["b"]));
        assert!(!text_a.contains('<'), "markup left in the scanned text");
        for passage in pair["passages"].as_array().unwrap() {
            let range = |side: &str| {
                let r = passage[side].as_array().unwrap();
                r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize
            };
            let (a, b) = (&text_a[range("a")], &text_b[range("b")]);
            if passage["similarity"] == 1.0
                && passage["substitutions"].as_array().unwrap().is_empty()
            {
                assert_eq!(a, b);
                identical += 1;
            }
        }
    }
    assert!(identical >= 3, "{}", run.stdout);
}

#[test]
fn parquet_needs_an_output_file_and_writes_one() {
    let refused = unspun(&["scan", "examples/corpus", "--quiet", "--format", "parquet"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--output"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pairs.parquet");
    let run = unspun(&[
        "scan",
        "examples/corpus",
        "--quiet",
        "--format",
        "parquet",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
}

#[test]
fn stdin_reads_json_lines() {
    let feed = std::fs::read_to_string(workspace().join("examples/jsonl/feed.jsonl")).unwrap();
    let run = unspun_in(&workspace(), &["scan", "-", "--quiet"], &feed);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json_lines().len(), 3);
}

#[test]
fn bad_input_is_named_counted_and_survived() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let corpus = workspace().join("examples/corpus");
    for name in ["01-harbor-fire-wire.txt", "02-harbor-fire-courier.txt"] {
        std::fs::copy(corpus.join(name), root.join(name)).unwrap();
    }
    std::fs::write(root.join("binary.txt"), b"\x7fELF\x00\x00\x01").unwrap();
    std::fs::write(root.join("latin1.txt"), b"Caf\xe9 society").unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    std::fs::write(root.join("huge.txt"), "word ".repeat(300_000)).unwrap();
    std::fs::write(root.join("feed.jsonl"), b"{\"id\": \"ok\", \"text\": \"A short record.\"}\n{broken\n{\"id\": \"01-harbor-fire-wire.txt\", \"text\": \"dup\"}\n{\"id\": \"l1\", \"text\": \"Caf\xe9\"}\n").unwrap();
    std::fs::write(root.join("cut.warc.gz"), b"\x1f\x8b\x08\x00\x00\x00").unwrap();
    let run = unspun_in(root, &["scan", ".", "--max-doc-bytes", "1000000"], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    for needle in [
        "binary.txt: binary file",
        "feed.jsonl:4: invalid UTF-8 at byte 25",
        "empty.txt: empty document",
        "huge.txt: document is 1500000 bytes, over the limit",
        "feed.jsonl:2: invalid JSON",
        "duplicate id \"01-harbor-fire-wire.txt\"",
        "cut.warc.gz",
    ] {
        assert!(run.stderr.contains(needle), "missing {needle:?} in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("latin1.txt"), "a Latin-1 text file is read: {}", run.stderr);
    assert!(run.stderr.contains("4 read, 7 skipped"), "{}", run.stderr);
    assert_eq!(run.json_lines().len(), 1, "the good pair is still reported");
    let time = run.stderr.lines().find(|l| l.trim_start().starts_with("time")).unwrap();
    let steps = ["reading", "analyzing", "boilerplate", "candidates", "aligning", "writing"];
    let named: Vec<&str> = time.split(": ").nth(1).unwrap().split(", ").collect();
    assert_eq!(named.len(), steps.len(), "{time}");
    for (step, said) in steps.iter().zip(named) {
        assert!(said.starts_with(step) && said.ends_with('s'), "{time}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(unspun(&["scan"]).code, 2);
    assert_eq!(unspun(&["scan", "examples/corpus", "--format", "xml"]).code, 2);
}

#[test]
fn report_from_a_scan_equals_report_from_saved_results() {
    let dir = tempfile::tempdir().unwrap();
    let (pairs, first, second) =
        (dir.path().join("pairs.jsonl"), dir.path().join("a.html"), dir.path().join("b.html"));
    let scan = unspun(&[
        "scan",
        "examples/corpus",
        "--quiet",
        "-o",
        pairs.to_str().unwrap(),
        "--report",
        first.to_str().unwrap(),
    ]);
    assert_eq!(scan.code, 0, "{}", scan.stderr);
    let report = unspun(&[
        "report",
        pairs.to_str().unwrap(),
        "--corpus",
        "examples/corpus",
        "-o",
        second.to_str().unwrap(),
    ]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let page = std::fs::read_to_string(&first).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page, std::fs::read_to_string(&second).unwrap());
}

#[test]
fn report_refuses_results_from_another_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.jsonl");
    let scan = unspun(&["scan", "examples/corpus", "--quiet", "-o", pairs.to_str().unwrap()]);
    assert_eq!(scan.code, 0);
    let out = dir.path().join("r.html");
    let wrong = unspun(&[
        "report",
        pairs.to_str().unwrap(),
        "--corpus",
        "examples/html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("is not in the corpus given with --corpus"), "{}", wrong.stderr);
    std::fs::write(&pairs, "{not a pair}\n").unwrap();
    let garbled = unspun(&[
        "report",
        pairs.to_str().unwrap(),
        "--corpus",
        "examples/corpus",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(garbled.code, 2);
    assert!(
        garbled.stderr.contains("pairs.jsonl:1: not a pair written by unspun scan"),
        "{}",
        garbled.stderr
    );
}

#[test]
fn inputs_holding_no_document_are_told_apart_from_an_empty_result() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "%PDF-1.7").unwrap();
    let run = unspun_in(dir.path(), &["scan", "."], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no documents in .: unspun reads files named *.txt"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 other files ignored"), "{}", run.stderr);
    assert!(run.json_lines().is_empty());
}

#[test]
fn compressed_pages_read_as_their_plain_copies() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = files_in("examples/html");
    pages.retain(|path| path.extension().is_some_and(|e| e == "html"));
    let compressed_copy = |page: &std::path::Path| {
        dir.path().join(format!("{}.gz", page.file_name().unwrap().to_str().unwrap()))
    };
    for page in &pages {
        std::fs::write(compressed_copy(page), gzipped(&std::fs::read(page).unwrap())).unwrap();
    }
    let plain = unspun(&["scan", "examples/html", "--quiet"]);
    let compressed = unspun(&["scan", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(compressed.code, 0, "{}", compressed.stderr);
    assert!(!plain.stdout.is_empty());
    assert_eq!(compressed.stdout.replace(".html.gz\"", ".html\""), plain.stdout);

    let extracted = |page: &std::path::Path| unspun(&["extract", page.to_str().unwrap()]);
    let (from_plain, from_gzip) = (extracted(&pages[0]), extracted(&compressed_copy(&pages[0])));
    assert_eq!(from_gzip.code, 0, "{}", from_gzip.stderr);
    assert!(!from_plain.stdout.is_empty());
    assert_eq!(from_gzip.stdout, from_plain.stdout);
}

#[test]
fn a_table_of_the_stories_scans_as_their_folder_does() {
    let dir = tempfile::tempdir().unwrap();
    let stories = files_in("examples/corpus");
    let quoted = |field: &str| format!("\"{}\"", field.replace('"', "\"\""));
    let mut table = String::from("Doc_ID,Notes,Body\n");
    for story in &stories {
        let id = story.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(story).unwrap();
        table += &format!("{},,{}\n", quoted(id), quoted(&text));
    }
    std::fs::write(dir.path().join("stories.csv.gz"), gzipped(table.as_bytes())).unwrap();

    let folder = unspun(&["scan", "examples/corpus", "--quiet"]);
    let from_table = unspun(&["scan", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(from_table.code, 0, "{}", from_table.stderr);
    assert!(!folder.stdout.is_empty());
    assert_eq!(from_table.stdout, folder.stdout);
}

/// The files of a folder of the workspace, in name order.
fn files_in(folder: &str) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(workspace().join(folder)).unwrap();
    let mut files: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
    files.sort();
    files
}

/// `bytes`, gzip-compressed.
fn gzipped(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, bytes).unwrap();
    gz.finish().unwrap()
}
