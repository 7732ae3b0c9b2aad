//! CSV output: the pair fields as columns; `passages` and `flags` as JSON text.

use std::io::Write;

use unspun_core::ReusePair;

use crate::{Error, PairSink, Result};

/// Column names, in order.
pub(crate) const COLUMNS: [&str; 13] = [
    "a",
    "b",
    "relation",
    "score",
    "source",
    "source_confidence",
    "coverage_a",
    "coverage_b",
    "aligned_sentences",
    "passages",
    "flags",
    "unaligned_a",
    "unaligned_b",
];

/// Writes pairs as CSV with a header row.
pub struct CsvSink {
    writer: csv::Writer<Box<dyn Write + Send>>,
    header_written: bool,
}

impl CsvSink {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        CsvSink { writer: csv::Writer::from_writer(out), header_written: false }
    }

    fn write_header(&mut self) -> Result<()> {
        if !self.header_written {
            self.writer.write_record(COLUMNS).map_err(csv_error)?;
            self.header_written = true;
        }
        Ok(())
    }
}

/// A pair's fields as text cells, in [`COLUMNS`] order.
pub(crate) fn cells(pair: &ReusePair) -> Result<[String; 13]> {
    let json = |v: &serde_json::Value| v.to_string();
    let value = serde_json::to_value(pair).map_err(|e| Error::Encode(e.to_string()))?;
    let text = |key: &str| match &value[key] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => json(other),
    };
    Ok(COLUMNS.map(text))
}

fn csv_error(e: csv::Error) -> Error {
    Error::Encode(e.to_string())
}

impl PairSink for CsvSink {
    fn write_pair(&mut self, pair: &ReusePair) -> Result<()> {
        self.write_header()?;
        self.writer.write_record(cells(pair)?).map_err(csv_error)
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.write_header()?;
        self.writer.flush()?;
        Ok(())
    }
}
