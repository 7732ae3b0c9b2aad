//! Command-line arguments (clap derive) and their one-time conversion into engine settings.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use unspun_core::ingest::{IngestConfig, Input};
use unspun_report::PairFormat;

/// Find reused, near-duplicate and spun text in news.
#[derive(Debug, Parser)]
#[command(name = "unspun", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every pair of documents that share reused text.
    Scan(ScanArgs),
    /// Print the story text of an HTML page: its main text with boilerplate stripped.
    Extract(ExtractArgs),
    /// Write the HTML report for results of an earlier scan.
    Report(ReportArgs),
    /// Keep a persistent index: add, remove, inspect documents.
    Index(IndexArgs),
    /// Serve an index over HTTP: check new articles against the archive.
    Serve(ServeArgs),
}

/// Arguments of `unspun index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The index directory (created when missing).
    #[arg(long, global = true, value_name = "DIR", default_value = "unspun-index")]
    pub index: PathBuf,

    /// What to do with the index.
    #[command(subcommand)]
    pub command: IndexCommand,
}

/// The `unspun index` subcommands.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Add documents (or update those whose id is known), pairing each with the archive.
    Add(IndexAddArgs),
    /// Remove documents by id.
    Remove {
        /// Ids of the documents to remove.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Print what the index holds (JSON).
    Stats,
    /// Check every cross-reference inside the index; exit 1 on any inconsistency.
    Verify,
}

/// Arguments of `unspun index add`.
#[derive(Debug, clap::Args)]
pub struct IndexAddArgs {
    /// Files or directories to add, as for `scan`; `-` reads JSON Lines from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Documents per transaction: a crash loses at most the batch being written. Larger
    /// batches add faster (each rewrites the index pages its postings land on).
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub batch_size: usize,

    /// Write the reuse pairs found while adding to FILE (JSON Lines).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Skip documents larger than this many bytes.
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = IngestConfig::default().max_document_bytes,
        value_parser = document_limit
    )]
    pub max_doc_bytes: usize,

    /// Print no summary or progress, only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `unspun serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The index directory (created when missing).
    #[arg(long, value_name = "DIR", default_value = "unspun-index")]
    pub index: PathBuf,

    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// File holding the bearer token that writes need (default: the UNSPUN_TOKEN variable).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Refuse every write: serve checks and reads only.
    #[arg(long)]
    pub read_only: bool,

    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 8 << 20)]
    pub max_body_bytes: usize,

    /// Time limit of one request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub timeout_ms: u64,

    /// Requests worked on at once; more wait, and a full queue is refused with 503.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_concurrent: usize,
}

/// Arguments of `unspun scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files or directories to scan (.txt, .html, .jsonl, .csv, .tsv, .warc, each optionally
    /// .gz); `-` reads JSON Lines from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write pairs to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format of the pairs.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,

    /// Write reuse families (JSON Lines) to FILE.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,

    /// Write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Write each document's body text, boilerplate stripped, into DIR.
    #[arg(long, value_name = "DIR")]
    pub clean: Option<PathBuf>,

    /// Write each document's text as scanned, the one passage offsets point into (for HTML,
    /// the page's extracted text), into DIR.
    #[arg(long, value_name = "DIR")]
    pub texts: Option<PathBuf>,

    /// Skip documents larger than this many bytes.
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = IngestConfig::default().max_document_bytes,
        value_parser = document_limit
    )]
    pub max_doc_bytes: usize,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Keep document texts in memory instead of parking them in a temporary file (in
    /// TMPDIR) while the scan runs.
    #[arg(long)]
    pub keep_texts: bool,

    /// Print no summary or progress, only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `unspun report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Pairs written by `unspun scan` (JSON Lines).
    #[arg(value_name = "RESULTS")]
    pub results: PathBuf,

    /// The corpus the results came from (the same paths given to `scan`).
    #[arg(long, required = true, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,

    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `unspun extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// An HTML file, optionally gzip-compressed (`.gz`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON Lines, one pair per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// Apache Parquet (needs --output).
    Parquet,
}

/// The inputs to read, `-` meaning standard input.
pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    paths
        .iter()
        .map(|p| if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p.clone()) })
        .collect()
}

impl ScanArgs {
    /// The inputs to read, `-` meaning standard input.
    pub fn inputs(&self) -> Vec<Input> {
        inputs(&self.paths)
    }

    /// The file to write pairs to; `None` (no `--output`, or `-`) means standard output.
    pub fn output_file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|path| *path != Path::new("-"))
    }

    /// Reading limits.
    pub fn ingest_config(&self) -> IngestConfig {
        IngestConfig { max_document_bytes: self.max_doc_bytes }
    }

    /// The pair output format.
    pub fn pair_format(&self) -> PairFormat {
        match self.format {
            Format::Jsonl => PairFormat::Jsonl,
            Format::Csv => PairFormat::Csv,
            Format::Parquet => PairFormat::Parquet,
        }
    }
}

/// Parses `--max-doc-bytes`: text offsets are 32-bit, so documents must stay under 4 GiB.
fn document_limit(value: &str) -> Result<usize, String> {
    let bytes: usize = value.parse().map_err(|e| format!("{e}"))?;
    if bytes == 0 || bytes > u32::MAX as usize {
        return Err(format!("must be between 1 and {}", u32::MAX));
    }
    Ok(bytes)
}
