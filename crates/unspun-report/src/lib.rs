//! # unspun-report
//!
//! Writes what a scan found: reuse pairs as JSON Lines, CSV or Parquet ([`PairFormat`]), reuse
//! families as JSON Lines, and cleaned document text. Each format is one [`PairSink`].
#![deny(missing_docs)]

mod csv_sink;
mod jsonl;
mod parquet_sink;

use std::io::Write;

use unspun_core::{Family, ReusePair};

pub use csv_sink::CsvSink;
pub use jsonl::JsonlSink;
pub use parquet_sink::ParquetSink;

/// Errors while writing results.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing failed.
    #[error("write failed: {0}")]
    Io(#[from] std::io::Error),
    /// Encoding a record failed.
    #[error("encoding failed: {0}")]
    Encode(String),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A destination for reuse pairs, written in the order given.
pub trait PairSink {
    /// Writes one pair.
    fn write_pair(&mut self, pair: &ReusePair) -> Result<()>;
    /// Flushes and closes the output.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Output formats for pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairFormat {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header; passages and flags as JSON text.
    Csv,
    /// Apache Parquet; passages and flags as JSON text columns.
    Parquet,
}

/// Opens a sink of the given format on `out`.
pub fn pair_sink(format: PairFormat, out: Box<dyn Write + Send>) -> Result<Box<dyn PairSink>> {
    Ok(match format {
        PairFormat::Jsonl => Box::new(JsonlSink::new(out)),
        PairFormat::Csv => Box::new(CsvSink::new(out)),
        PairFormat::Parquet => Box::new(ParquetSink::new(out)?),
    })
}

/// Writes reuse families as JSON Lines: `{"cluster", "members", "source"}`.
pub fn write_families(families: &[Family], out: &mut dyn Write) -> Result<()> {
    for family in families {
        serde_json::to_writer(&mut *out, family).map_err(|e| Error::Encode(e.to_string()))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
