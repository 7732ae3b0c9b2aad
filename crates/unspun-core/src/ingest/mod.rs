//! Ingest: where do the documents come from?
//!
//! Paths name files or directories (searched recursively, in name order): `.txt`, `.html` and
//! `.htm` files are one document each, with the path relative to the named directory as id;
//! `.jsonl`/`.ndjson` (optionally `.gz`) and `.warc` (optionally `.gz`) hold many records; `-`
//! reads JSON Lines from standard input. Every unusable file or record becomes an error naming
//! it, and reading goes on.

pub mod html;
pub mod jsonl;
pub mod text;
pub mod warc;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::document::Document;
use crate::error::{Error, Result};

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// JSON Lines on standard input.
    Stdin,
}

/// Limits on what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestConfig {
    /// Documents longer than this many bytes are skipped. Text offsets are 32-bit, so it
    /// must not exceed `u32::MAX`.
    pub max_document_bytes: usize,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { max_document_bytes: 4 << 20 }
    }
}

/// What reading the inputs produced.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Usable documents with distinct ids, in input order.
    pub documents: Vec<Document>,
    /// Files and records that were skipped (or partly read), each naming where and why.
    pub problems: Vec<Error>,
    /// Files inside directories that are not of a supported type.
    pub ignored_files: usize,
}

/// Supported file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Jsonl { gzip: bool },
    Warc { gzip: bool },
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let formats = [
            (".txt", Format::Text),
            (".html", Format::Html),
            (".htm", Format::Html),
            (".jsonl", Format::Jsonl { gzip: false }),
            (".ndjson", Format::Jsonl { gzip: false }),
            (".jsonl.gz", Format::Jsonl { gzip: true }),
            (".ndjson.gz", Format::Jsonl { gzip: true }),
            (".warc", Format::Warc { gzip: false }),
            (".warc.gz", Format::Warc { gzip: true }),
        ];
        formats.iter().find(|(suffix, _)| name.ends_with(suffix)).map(|(_, f)| *f)
    }
}

/// A file to read, with the id its document gets when it holds a single one.
#[derive(Debug, Clone)]
struct SourceFile {
    path: PathBuf,
    id: String,
    format: Format,
}

/// Reads all inputs; never fails as a whole.
pub fn read_inputs(inputs: &[Input], config: IngestConfig) -> Ingested {
    let mut ingested = Ingested::default();
    let mut batches: Vec<(String, Vec<Result<Document>>)> = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => {
                let mut records = Vec::new();
                jsonl::read_records(
                    std::io::stdin().lock(),
                    "<stdin>",
                    config.max_document_bytes,
                    &mut records,
                );
                batches.push(("<stdin>".to_string(), records));
            }
            Input::Path(path) => {
                let files = list_files(path, &mut ingested);
                let read: Vec<(String, Vec<Result<Document>>)> = files
                    .par_iter()
                    .map(|f| {
                        (f.path.display().to_string(), read_file(f, config.max_document_bytes))
                    })
                    .collect();
                batches.extend(read);
            }
        }
    }
    keep_distinct(batches, &mut ingested);
    ingested
}

/// The supported files under `path` (itself, or its contents in name order).
fn list_files(path: &Path, ingested: &mut Ingested) -> Vec<SourceFile> {
    if !path.is_dir() {
        return match (path.exists(), Format::of(path)) {
            (false, _) => {
                let source =
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory");
                ingested.problems.push(Error::Io { path: path.to_path_buf(), source });
                Vec::new()
            }
            (true, None) => {
                let reason =
                    "unsupported file type (expected .txt, .html, .jsonl[.gz] or .warc[.gz])";
                ingested.problems.push(Error::bad_input(path.display().to_string(), reason));
                Vec::new()
            }
            (true, Some(format)) => {
                vec![SourceFile {
                    path: path.to_path_buf(),
                    id: path.display().to_string(),
                    format,
                }]
            }
        };
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(path).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => match Format::of(e.path()) {
                Some(format) => files.push(SourceFile {
                    id: relative_id(path, e.path()),
                    path: e.into_path(),
                    format,
                }),
                None => ingested.ignored_files += 1,
            },
            Ok(_) => {}
            Err(e) => {
                let where_ = e.path().unwrap_or(path).to_path_buf();
                let source =
                    e.into_io_error().unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                ingested.problems.push(Error::Io { path: where_, source });
            }
        }
    }
    files
}

/// The id of a file below `root`: its relative path with `/` separators.
fn relative_id(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads one file into documents and per-record errors.
fn read_file(file: &SourceFile, max_bytes: usize) -> Vec<Result<Document>> {
    let source = file.path.display().to_string();
    match file.format {
        Format::Text => vec![text::read_file(&file.path, file.id.clone(), false, max_bytes)],
        Format::Html => vec![text::read_file(&file.path, file.id.clone(), true, max_bytes)],
        Format::Jsonl { gzip } => {
            read_stream(file, gzip, |r, out| jsonl::read_records(r, &source, max_bytes, out))
        }
        Format::Warc { gzip } => {
            read_stream(file, gzip, |r, out| warc::read_records(r, &source, max_bytes, out))
        }
    }
}

/// Opens a possibly gzip-compressed file and hands a buffered reader to `read`.
fn read_stream(
    file: &SourceFile,
    gzip: bool,
    read: impl FnOnce(Box<dyn BufRead>, &mut Vec<Result<Document>>),
) -> Vec<Result<Document>> {
    let handle = match File::open(&file.path) {
        Ok(h) => h,
        Err(source) => return vec![Err(Error::Io { path: file.path.clone(), source })],
    };
    let reader: Box<dyn Read> =
        if gzip { Box::new(MultiGzDecoder::new(handle)) } else { Box::new(handle) };
    let mut out = Vec::new();
    read(Box::new(BufReader::with_capacity(1 << 16, reader)), &mut out);
    out
}

/// Moves documents into `ingested`, skipping (and reporting) ids seen before.
fn keep_distinct(batches: Vec<(String, Vec<Result<Document>>)>, ingested: &mut Ingested) {
    let mut first_seen: FxHashMap<String, String> = FxHashMap::default();
    for (source, results) in batches {
        for result in results {
            match result {
                Ok(doc) => match first_seen.get(&doc.id) {
                    Some(first) => {
                        let reason =
                            format!("duplicate id {:?} (first read from {first}); skipped", doc.id);
                        ingested.problems.push(Error::bad_input(source.clone(), reason));
                    }
                    None => {
                        first_seen.insert(doc.id.clone(), source.clone());
                        ingested.documents.push(doc);
                    }
                },
                Err(e) => ingested.problems.push(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_a_directory_and_reports_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/b.txt"), "Second story.").unwrap();
        std::fs::write(root.join("a.txt"), "First story.").unwrap();
        std::fs::write(root.join("bin.txt"), b"\x00\x01\x02").unwrap();
        std::fs::write(root.join("latin1.txt"), b"caf\xe9").unwrap();
        std::fs::write(root.join("empty.txt"), "  \n").unwrap();
        std::fs::write(root.join("notes.md"), "ignored").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(
            b"{\"id\": \"a.txt\", \"text\": \"Dup.\"}\n{\"id\": \"j1\", \"text\": \"Third.\"}\n",
        )
        .unwrap();
        let bytes = gz.finish().unwrap();
        std::fs::write(root.join("feed.jsonl.gz"), &bytes[..bytes.len() - 6]).unwrap();

        let got = read_inputs(&[Input::Path(root.to_path_buf())], IngestConfig::default());
        let ids: Vec<&str> = got.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "j1", "sub/b.txt"]);
        assert_eq!(got.ignored_files, 1);
        let messages: Vec<String> = got.problems.iter().map(|p| p.to_string()).collect();
        let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
        assert!(has("bin.txt: binary file"), "{messages:?}");
        assert!(has("latin1.txt: invalid UTF-8 at byte 3"), "{messages:?}");
        assert!(has("empty.txt: empty document"), "{messages:?}");
        assert!(has("duplicate id \"a.txt\""), "{messages:?}");
        assert!(has("feed.jsonl.gz: stream broken after line 2"), "{messages:?}");
    }

    #[test]
    fn missing_paths_and_unknown_types_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("x.pdf");
        std::fs::write(&odd, "x").unwrap();
        let got = read_inputs(
            &[Input::Path(dir.path().join("nope")), Input::Path(odd)],
            IngestConfig::default(),
        );
        assert!(got.documents.is_empty());
        assert_eq!(got.problems.len(), 2);
        assert!(got.problems[1].to_string().contains("unsupported file type"));
    }
}
