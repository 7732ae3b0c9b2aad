//! Ingest: where do the documents come from?
//!
//! Paths name files or directories (searched recursively, in name order): `.txt`, `.html` and
//! `.htm` files (optionally `.gz`) are one document each, with the path relative to the named
//! directory as id; `.jsonl`/`.ndjson`, `.csv`/`.tsv` ([`table`]) and `.warc` (each optionally
//! `.gz`) hold many records; `-` reads JSON Lines from standard input. Every unusable file or
//! record becomes an error naming it, and reading goes on. Text files and web pages may be in
//! any encoding ([`charset`]); JSON Lines and tables must be UTF-8.
//!
//! [`read_inputs`] reads everything at once (files in parallel); [`stream_inputs`] hands over
//! one document at a time, so what is done with them (an index add, batch by batch) holds one
//! batch rather than the corpus.

pub mod charset;
pub mod gzip;
pub mod html;
pub mod jsonl;
pub mod nesting;
mod replay;
pub mod table;
pub mod text;
pub mod warc;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

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

/// What a reader hands each record (a document, or the error that cost it) to; breaking stops
/// the reading.
pub type Sink<'a> = dyn FnMut(Result<Document>) -> ControlFlow<()> + 'a;

/// Why a chunk of records ended.
pub(crate) enum ChunkEnd {
    /// It is full; more may follow.
    Full,
    /// The input ended.
    Eof,
    /// The input could not be read past the chunk: this error reports it.
    Broken(Error),
}

/// Hands `sink` the documents of a multi-record input in input order: `next_chunk` reads a
/// chunk of raw records, `parse` turns each into its documents and errors, in parallel (parsing
/// and extracting HTML is most of reading), and a broken input's error comes after the records
/// read before it. The next chunk is read on this thread while the worker threads parse the
/// last one.
pub(crate) fn read_in_chunks<T: Send, R: IntoIterator<Item = Result<Document>> + Send>(
    mut next_chunk: impl FnMut() -> (Vec<T>, ChunkEnd),
    parse: impl Fn(T) -> R + Sync,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let (mut chunk, mut end) = next_chunk();
    loop {
        let mut parsed: Vec<R> = Vec::new();
        let mut next = None;
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| parsed = chunk.into_par_iter().map(&parse).collect());
            if matches!(end, ChunkEnd::Full) {
                next = Some(next_chunk());
            }
        });
        for result in parsed.into_iter().flatten() {
            sink(result)?;
        }
        match (end, next) {
            (ChunkEnd::Full, Some(read)) => (chunk, end) = read,
            (ChunkEnd::Broken(error), _) => return sink(Err(error)),
            _ => return ControlFlow::Continue(()),
        }
    }
}

/// What streaming the inputs reported besides the documents.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Files and records that were skipped (or partly read), each naming where and why.
    pub problems: Vec<Error>,
    /// Files inside directories that are not of a supported type.
    pub ignored_files: usize,
}

/// Supported file formats, by what a file holds; any of them may be gzip-compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Jsonl,
    Table(table::Delimiter),
    Warc,
}

/// The file names read, by how they end, and what each holds.
const FORMATS: [(&str, Format); 8] = [
    (".txt", Format::Text),
    (".html", Format::Html),
    (".htm", Format::Html),
    (".jsonl", Format::Jsonl),
    (".ndjson", Format::Jsonl),
    (".csv", Format::Table(table::Delimiter::Comma)),
    (".tsv", Format::Table(table::Delimiter::Tab)),
    (".warc", Format::Warc),
];

/// What a compressed file's name ends with, after its format's own ending.
const GZIP_SUFFIX: &str = ".gz";

impl Format {
    /// The format of a file by its name, and whether it is gzip-compressed.
    fn of(path: &Path) -> Option<(Format, bool)> {
        let (inner, gzip) = inner_name(path)?;
        let format = FORMATS.iter().find(|(suffix, _)| inner.ends_with(suffix));
        format.map(|&(_, format)| (format, gzip))
    }
}

/// A file's name in lowercase without [`GZIP_SUFFIX`], and whether it ended with it.
fn inner_name(path: &Path) -> Option<(String, bool)> {
    let mut name = path.file_name()?.to_string_lossy().to_lowercase();
    let gzip = name.ends_with(GZIP_SUFFIX);
    if gzip {
        name.truncate(name.len() - GZIP_SUFFIX.len());
    }
    Some((name, gzip))
}

/// Whether a file's name says it is gzip-compressed (`.gz`, in any case), as the files read
/// are told.
pub fn is_gzip_named(path: &Path) -> bool {
    inner_name(path).is_some_and(|(_, gzip)| gzip)
}

/// How the names of the files read end (any case), each also read with `.gz` after it: files
/// named otherwise are ignored.
pub fn read_suffixes() -> impl Iterator<Item = &'static str> {
    FORMATS.iter().map(|(suffix, _)| *suffix)
}

/// A file to read, with the id its document gets when it holds a single one.
#[derive(Debug, Clone)]
struct SourceFile {
    path: PathBuf,
    id: String,
    format: Format,
    /// Whether the file is gzip-compressed.
    gzip: bool,
}

/// Reads all inputs; never fails as a whole.
pub fn read_inputs(inputs: &[Input], config: IngestConfig) -> Ingested {
    let mut ingested = Ingested::default();
    let mut batches: Vec<(String, Vec<Result<Document>>)> = Vec::new();
    let max_bytes = config.max_document_bytes;
    for input in inputs {
        match input {
            Input::Stdin => {
                let mut records = Vec::new();
                let _ = read_stdin(max_bytes, &mut collect_into(&mut records));
                batches.push((STDIN.to_string(), records));
            }
            Input::Path(path) => {
                let files = list_files(path, &mut ingested.problems, &mut ingested.ignored_files);
                let read: Vec<(String, Vec<Result<Document>>)> = files
                    .par_iter()
                    .map(|f| {
                        let mut records = Vec::new();
                        let _ = read_file(f, max_bytes, &mut collect_into(&mut records));
                        (f.path.display().to_string(), records)
                    })
                    .collect();
                batches.extend(read);
            }
        }
    }
    keep_distinct(batches, &mut ingested);
    ingested
}

/// Reads the inputs in order, one record at a time, handing each usable document to `each`
/// until it breaks. Documents are those [`read_inputs`] returns, in the same order: an id
/// read before is reported and skipped.
pub fn stream_inputs(
    inputs: &[Input],
    config: IngestConfig,
    mut each: impl FnMut(Document) -> ControlFlow<()>,
) -> Streamed {
    let mut streamed = Streamed::default();
    let mut first_seen = FirstSeen::default();
    let max_bytes = config.max_document_bytes;
    for input in inputs {
        let files = match input {
            Input::Stdin => None,
            Input::Path(path) => {
                Some(list_files(path, &mut streamed.problems, &mut streamed.ignored_files))
            }
        };
        let problems = &mut streamed.problems;
        let mut sink = |source: &str, result: Result<Document>| {
            match first_seen.admit(result, source) {
                Ok(doc) => return each(doc),
                Err(problem) => problems.push(problem),
            }
            ControlFlow::Continue(())
        };
        let flow = match files {
            None => read_stdin(max_bytes, &mut |result| sink(STDIN, result)),
            Some(files) => files.iter().try_for_each(|f| {
                let source = f.path.display().to_string();
                read_file(f, max_bytes, &mut |result| sink(&source, result))
            }),
        };
        if flow.is_break() {
            break;
        }
    }
    streamed
}

/// The name standard input goes by in errors.
const STDIN: &str = "<stdin>";

fn read_stdin(max_bytes: usize, sink: &mut Sink<'_>) -> ControlFlow<()> {
    jsonl::read_records(std::io::stdin().lock(), STDIN, max_bytes, sink)
}

/// A sink that keeps every record in `out`.
pub(crate) fn collect_into(
    out: &mut Vec<Result<Document>>,
) -> impl FnMut(Result<Document>) -> ControlFlow<()> + '_ {
    move |result| {
        out.push(result);
        ControlFlow::Continue(())
    }
}

/// The supported files under `path` (itself, or its contents in name order); problems met
/// are added to `problems`, and unsupported files inside a directory counted in `ignored`.
fn list_files(path: &Path, problems: &mut Vec<Error>, ignored: &mut usize) -> Vec<SourceFile> {
    if !path.is_dir() {
        return match (path.exists(), Format::of(path)) {
            (false, _) => {
                let source =
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory");
                problems.push(Error::Io { path: path.to_path_buf(), source });
                Vec::new()
            }
            (true, None) => {
                let expected: Vec<&str> = read_suffixes().collect();
                let reason = format!(
                    "unsupported file type (expected {}, each optionally {GZIP_SUFFIX})",
                    expected.join(", ")
                );
                problems.push(Error::bad_input(path.display().to_string(), reason));
                Vec::new()
            }
            (true, Some((format, gzip))) => {
                vec![SourceFile {
                    path: path.to_path_buf(),
                    id: path.display().to_string(),
                    format,
                    gzip,
                }]
            }
        };
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(path).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => match Format::of(e.path()) {
                Some((format, gzip)) => {
                    let id = relative_id(path, e.path());
                    let file = SourceFile { id, path: e.into_path(), format, gzip };
                    if holds_documents(&file) {
                        files.push(file);
                    } else {
                        *ignored += 1;
                    }
                }
                None => *ignored += 1,
            },
            Ok(_) => {}
            Err(e) => {
                let where_ = e.path().unwrap_or(path).to_path_buf();
                let source =
                    e.into_io_error().unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                problems.push(Error::Io { path: where_, source });
            }
        }
    }
    files
}

/// Whether a file met in a directory is to be read: a table only if a column holds stories
/// (a dataset's file list or labels beside its articles is no corpus; see
/// [`table::opens_on_stories`]), any other file of a read format always. A table named on the
/// command line is read whatever its columns, and one without stories reported. A file that
/// cannot be opened is to be read, so that reading reports it.
fn holds_documents(file: &SourceFile) -> bool {
    let Format::Table(delimiter) = file.format else { return true };
    open_stream(file).map_or(true, |reader| table::opens_on_stories(reader, delimiter))
}

/// The id of a file below `root`: its relative path with `/` separators.
fn relative_id(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads one file into `sink`: its documents and per-record errors.
fn read_file(file: &SourceFile, max_bytes: usize, sink: &mut Sink<'_>) -> ControlFlow<()> {
    let source = file.path.display().to_string();
    let gzip = file.gzip;
    match file.format {
        Format::Text => {
            sink(text::read_file(&file.path, file.id.clone(), (false, gzip), max_bytes))
        }
        Format::Html => sink(text::read_file(&file.path, file.id.clone(), (true, gzip), max_bytes)),
        Format::Jsonl => {
            read_stream(file, sink, |r, sink| jsonl::read_records(r, &source, max_bytes, sink))
        }
        Format::Table(delimiter) => read_stream(file, sink, |r, sink| {
            table::read_records(r, delimiter, &source, max_bytes, sink)
        }),
        Format::Warc => {
            read_stream(file, sink, |r, sink| warc::read_records(r, &source, max_bytes, sink))
        }
    }
}

/// Opens a possibly gzip-compressed file and hands a buffered reader to `read`.
fn read_stream(
    file: &SourceFile,
    sink: &mut Sink<'_>,
    read: impl FnOnce(Box<dyn BufRead>, &mut Sink<'_>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    match open_stream(file) {
        Ok(reader) => read(reader, sink),
        Err(source) => sink(Err(Error::Io { path: file.path.clone(), source })),
    }
}

/// A buffered reader of a file's bytes, decompressed when it is gzip-compressed.
fn open_stream(file: &SourceFile) -> std::io::Result<Box<dyn BufRead>> {
    let handle = File::open(&file.path)?;
    let reader: Box<dyn Read> = if file.gzip {
        Box::new(gzip::Members::new(BufReader::with_capacity(1 << 16, handle)))
    } else {
        Box::new(handle)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, reader)))
}

/// Moves documents into `ingested`, skipping (and reporting) ids seen before.
fn keep_distinct(batches: Vec<(String, Vec<Result<Document>>)>, ingested: &mut Ingested) {
    let mut first_seen = FirstSeen::default();
    for (source, results) in batches {
        for result in results {
            match first_seen.admit(result, &source) {
                Ok(doc) => ingested.documents.push(doc),
                Err(problem) => ingested.problems.push(problem),
            }
        }
    }
}

/// The ids read so far, each with the source it was first read from.
#[derive(Default)]
struct FirstSeen {
    sources: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl FirstSeen {
    /// The document read from `source` when its id is new; otherwise the problem to report
    /// (a duplicate, or the record's own error).
    fn admit(&mut self, result: Result<Document>, source: &str) -> Result<Document> {
        let doc = result?;
        if let Some(&first) = self.ids.get(&doc.id) {
            let first = &self.sources[first as usize];
            let reason = format!("duplicate id {:?} (first read from {first}); skipped", doc.id);
            return Err(Error::bad_input(source, reason));
        }
        if self.sources.last().is_none_or(|last| last != source) {
            self.sources.push(source.to_string());
        }
        self.ids.insert(doc.id.clone(), self.sources.len() as u32 - 1);
        Ok(doc)
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
        std::fs::write(root.join("latin1.txt"), b"The caf\xe9 reopened.").unwrap();
        std::fs::write(root.join("empty.txt"), "  \n").unwrap();
        std::fs::write(root.join("notes.md"), "ignored").unwrap();
        let deep = format!("{}<p>Deep story.</p>", "<div>".repeat(200_000));
        std::fs::write(root.join("deep.html"), deep).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(
            b"{\"id\": \"a.txt\", \"text\": \"Dup.\"}\n{\"id\": \"j1\", \"text\": \"Third.\"}\n",
        )
        .unwrap();
        let bytes = gz.finish().unwrap();
        std::fs::write(root.join("feed.jsonl.gz"), &bytes[..bytes.len() - 6]).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"Fourth story.").unwrap();
        std::fs::write(root.join("sub/c.txt.gz"), gz.finish().unwrap()).unwrap();

        let got = read_inputs(&[Input::Path(root.to_path_buf())], IngestConfig::default());
        let ids: Vec<&str> = got.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "j1", "latin1.txt", "sub/b.txt", "sub/c.txt.gz"]);
        assert_eq!(got.documents[4].text, "Fourth story.");
        assert_eq!(got.documents[2].text, "The café reopened.");
        assert_eq!(got.ignored_files, 1);
        let messages: Vec<String> = got.problems.iter().map(|p| p.to_string()).collect();
        let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
        assert!(has("bin.txt: binary file"), "{messages:?}");
        assert!(has("empty.txt: empty document"), "{messages:?}");
        assert!(has("deep.html: the page nests elements more than 512 deep"), "{messages:?}");
        assert!(has("duplicate id \"a.txt\""), "{messages:?}");
        assert!(
            has("feed.jsonl.gz:3: gzip member at byte 0 damaged (unexpected end of file)"),
            "{messages:?}"
        );
    }

    #[test]
    fn streaming_gives_what_reading_at_once_gives_and_stops_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "First story.").unwrap();
        let lines = "{\"id\": \"j1\", \"text\": \"One.\"}\nnot json\n\
            {\"id\": \"a.txt\", \"text\": \"Dup.\"}\n{\"id\": \"j2\", \"text\": \"Two.\"}\n";
        std::fs::write(root.join("feed.jsonl"), lines).unwrap();
        std::fs::write(root.join("z.html"), "<p>Last story.</p>").unwrap();
        let inputs = [Input::Path(root.to_path_buf())];

        let at_once = read_inputs(&inputs, IngestConfig::default());
        let mut streamed_docs = Vec::new();
        let streamed = stream_inputs(&inputs, IngestConfig::default(), |doc| {
            streamed_docs.push(doc);
            ControlFlow::Continue(())
        });
        assert_eq!(streamed_docs, at_once.documents);
        let messages = |problems: &[Error]| problems.iter().map(|p| p.to_string()).collect();
        let expected: Vec<String> = messages(&at_once.problems);
        assert_eq!(messages(&streamed.problems), expected);
        assert_eq!(expected.len(), 2, "{expected:?}");

        let mut taken = Vec::new();
        stream_inputs(&inputs, IngestConfig::default(), |doc| {
            taken.push(doc.id);
            if taken.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(taken, ["a.txt", "j1"]);
    }

    #[test]
    fn a_table_of_other_facts_is_ignored_in_a_directory_and_reported_when_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "First story.").unwrap();
        std::fs::write(root.join("labels.csv"), "File,Category\na.txt,cut\n").unwrap();
        std::fs::write(root.join("stories.tsv"), "ID\tContent\ns1\tSecond story.\n").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"file,task\na.txt,b\n").unwrap();
        std::fs::write(root.join("tasks.csv.gz"), gz.finish().unwrap()).unwrap();

        let got = read_inputs(&[Input::Path(root.to_path_buf())], IngestConfig::default());
        let ids: Vec<&str> = got.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "s1"]);
        assert_eq!(got.ignored_files, 2);
        assert!(got.problems.is_empty(), "{:?}", got.problems);

        let named = read_inputs(&[Input::Path(root.join("labels.csv"))], IngestConfig::default());
        assert_eq!(named.problems.len(), 1, "one message for the file, none per row");
        let message = named.problems[0].to_string();
        assert!(message.contains("labels.csv: no column holds a story"), "{message}");
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
        let unsupported = got.problems[1].to_string();
        assert!(unsupported.contains("unsupported file type"), "{unsupported}");
        assert!(unsupported.contains(".csv, .tsv, .warc, each optionally .gz"), "{unsupported}");
    }
}
