//! JSON Lines output: one reuse pair per line, fields in a fixed order.

use std::io::{BufWriter, Write};

use unspun_core::ReusePair;

use crate::{Error, PairSink, Result};

/// Writes pairs as JSON Lines.
pub struct JsonlSink {
    out: BufWriter<Box<dyn Write + Send>>,
}

impl JsonlSink {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        JsonlSink { out: BufWriter::new(out) }
    }
}

impl PairSink for JsonlSink {
    fn write_pair(&mut self, pair: &ReusePair) -> Result<()> {
        serde_json::to_writer(&mut self.out, pair).map_err(|e| Error::Encode(e.to_string()))?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
