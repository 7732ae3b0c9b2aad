//! Parquet output: the pair fields as typed columns; `passages` and `flags` as JSON text.
//! Rows are buffered and written in row groups.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float32Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use unspun_core::ReusePair;

use crate::{Error, PairSink, Result};

/// Rows per row group.
const ROW_GROUP: usize = 8192;

/// Writes pairs as a Parquet file.
pub struct ParquetSink {
    writer: ArrowWriter<Box<dyn Write + Send>>,
    rows: Vec<ReusePair>,
    schema: Arc<Schema>,
}

impl ParquetSink {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + Send>) -> Result<Self> {
        let schema = Arc::new(schema());
        let writer = ArrowWriter::try_new(out, schema.clone(), None).map_err(encode)?;
        Ok(ParquetSink { writer, rows: Vec::new(), schema })
    }

    fn flush_rows(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch =
            RecordBatch::try_new(self.schema.clone(), columns(&self.rows)?).map_err(encode)?;
        self.writer.write(&batch).map_err(encode)?;
        self.rows.clear();
        Ok(())
    }
}

fn schema() -> Schema {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let real = |name: &str| Field::new(name, DataType::Float32, false);
    Schema::new(vec![
        text("a", false),
        text("b", false),
        text("relation", false),
        real("score"),
        text("source", true),
        real("source_confidence"),
        real("coverage_a"),
        real("coverage_b"),
        Field::new("aligned_sentences", DataType::UInt64, false),
        text("passages", false),
        text("flags", false),
        text("unaligned_a", false),
        text("unaligned_b", false),
    ])
}

fn columns(rows: &[ReusePair]) -> Result<Vec<ArrayRef>> {
    let strings = |f: &dyn Fn(&ReusePair) -> String| -> ArrayRef {
        Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let reals = |f: &dyn Fn(&ReusePair) -> f32| -> ArrayRef {
        Arc::new(Float32Array::from(
            rows.iter().map(|r| (f(r) * 1000.0).round() / 1000.0).collect::<Vec<_>>(),
        ))
    };
    let json = |f: &dyn Fn(&ReusePair) -> serde_json::Result<String>| -> Result<ArrayRef> {
        let values: serde_json::Result<Vec<String>> = rows.iter().map(f).collect();
        Ok(Arc::new(StringArray::from(values.map_err(|e| Error::Encode(e.to_string()))?)))
    };
    Ok(vec![
        strings(&|r| r.a.clone()),
        strings(&|r| r.b.clone()),
        strings(&|r| r.relation.as_str().to_string()),
        reals(&|r| r.score),
        Arc::new(StringArray::from(rows.iter().map(|r| r.source.clone()).collect::<Vec<_>>())),
        reals(&|r| r.source_confidence),
        reals(&|r| r.coverage_a),
        reals(&|r| r.coverage_b),
        Arc::new(UInt64Array::from(
            rows.iter().map(|r| r.aligned_sentences as u64).collect::<Vec<_>>(),
        )),
        json(&|r| serde_json::to_string(&r.passages))?,
        json(&|r| serde_json::to_string(&r.flags))?,
        json(&|r| serde_json::to_string(&r.unaligned_a))?,
        json(&|r| serde_json::to_string(&r.unaligned_b))?,
    ])
}

fn encode(e: impl std::fmt::Display) -> Error {
    Error::Encode(e.to_string())
}

impl PairSink for ParquetSink {
    fn write_pair(&mut self, pair: &ReusePair) -> Result<()> {
        self.rows.push(pair.clone());
        if self.rows.len() >= ROW_GROUP {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.flush_rows()?;
        self.writer.close().map_err(encode)?;
        Ok(())
    }
}
