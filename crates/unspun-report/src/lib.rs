//! # unspun-report
//!
//! Writes what a scan found: reuse pairs as JSON Lines, CSV or Parquet ([`PairFormat`]), reuse
//! families as JSON Lines, and a self-contained HTML report ([`write_html`]). Each pair format
//! is one [`PairSink`].
#![deny(missing_docs)]

mod csv_sink;
mod html;
mod jsonl;
mod parquet_sink;
#[cfg(test)]
mod testutil;

use std::io::Write;

use unspun_core::{Family, ReusePair};

pub use csv_sink::CsvSink;
pub use html::{write_html, ReportDocument};
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
    /// Writes pairs in order (a sink may encode them in parallel).
    fn write_pairs(&mut self, pairs: &[ReusePair]) -> Result<()> {
        pairs.iter().try_for_each(|pair| self.write_pair(pair))
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::sample_pair;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes can be read after the sink has been consumed.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn pair() -> ReusePair {
        sample_pair("a, \"quoted\".txt", "b.txt")
    }

    fn written(format: PairFormat) -> Vec<u8> {
        let out = Shared::default();
        let mut sink = pair_sink(format, Box::new(out.clone())).unwrap();
        sink.write_pair(&pair()).unwrap();
        sink.finish().unwrap();
        let bytes = out.0.lock().unwrap().clone();
        bytes
    }

    #[test]
    fn jsonl_rounds_scores_and_keeps_field_order() {
        let line = String::from_utf8(written(PairFormat::Jsonl)).unwrap();
        assert!(line.starts_with(
            r#"{"a":"a, \"quoted\".txt","b":"b.txt","relation":"spun","score":0.712,"#
        ));
        assert!(
            line.contains(r#""substitutions":[["trust","believe in"]],"only_in_b":["reportedly"],"flags":["altered_quote"]"#)
        );
    }

    #[test]
    fn jsonl_pairs_written_together_are_the_lines_written_one_by_one() {
        let pairs: Vec<ReusePair> = (0..40_000)
            .map(|n| sample_pair(&format!("a{n:05}.txt"), &format!("b{n:05}.txt")))
            .collect();
        let (together, one_by_one) = (Shared::default(), Shared::default());
        let mut sink = pair_sink(PairFormat::Jsonl, Box::new(together.clone())).unwrap();
        sink.write_pairs(&pairs).unwrap();
        sink.finish().unwrap();
        let mut sink = pair_sink(PairFormat::Jsonl, Box::new(one_by_one.clone())).unwrap();
        pairs.iter().for_each(|pair| sink.write_pair(pair).unwrap());
        sink.finish().unwrap();
        let together = together.0.lock().unwrap().clone();
        assert_eq!(together.iter().filter(|&&b| b == b'\n').count(), pairs.len());
        assert!(together == *one_by_one.0.lock().unwrap(), "the same bytes in the same order");
    }

    #[test]
    fn csv_quotes_fields_and_embeds_passages_as_json() {
        let text = String::from_utf8(written(PairFormat::Csv)).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "a, \"quoted\".txt");
        let passages: serde_json::Value = serde_json::from_str(&row[9]).unwrap();
        assert_eq!(passages[0]["substitutions"][0][1], "believe in");
        assert_eq!(passages[0]["only_in_b"][0], "reportedly");
        assert_eq!((&row[11], &row[12]), ("[[10,40]]", "[]"));
    }

    #[test]
    fn parquet_reads_back() {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let bytes = bytes::Bytes::from(written(PairFormat::Parquet));
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes).unwrap().build().unwrap();
        let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 1);
        assert_eq!(batches[0].schema().field(2).name(), "relation");
        assert_eq!(batches[0].schema().field(11).name(), "unaligned_a");
    }
}
