//! JSON Lines output: one reuse pair per line, fields in a fixed order.

use std::io::{BufWriter, Write};

use rayon::prelude::*;
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

/// Pairs encoded by one task of [`JsonlSink::write_pairs`].
const PAIRS_PER_TASK: usize = 512;

/// Pairs encoded before their lines are written: what bounds the memory of encoding (one
/// window's lines are written while the next window's are encoded).
const PAIRS_PER_WINDOW: usize = 32 * PAIRS_PER_TASK;

impl PairSink for JsonlSink {
    fn write_pair(&mut self, pair: &ReusePair) -> Result<()> {
        encode_line(pair, &mut self.out)
    }

    /// Encodes the pairs in parallel, a window at a time, and writes their lines in order,
    /// each window's while the next is encoded.
    fn write_pairs(&mut self, pairs: &[ReusePair]) -> Result<()> {
        let mut encoded = Vec::new();
        for window in pairs.chunks(PAIRS_PER_WINDOW) {
            let (written, next) =
                rayon::join(|| write_encoded(&mut self.out, encoded), || encode_window(window));
            written?;
            encoded = next;
        }
        write_encoded(&mut self.out, encoded)
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// The lines of a window of pairs, encoded in parallel, a task's lines to a buffer.
fn encode_window(window: &[ReusePair]) -> Vec<Result<Vec<u8>>> {
    window
        .par_chunks(PAIRS_PER_TASK)
        .map(|task| {
            let mut lines = Vec::new();
            task.iter().try_for_each(|pair| encode_line(pair, &mut lines))?;
            Ok(lines)
        })
        .collect()
}

/// Writes encoded buffers in order; stops at the first that failed to encode.
fn write_encoded(out: &mut impl Write, encoded: Vec<Result<Vec<u8>>>) -> Result<()> {
    for lines in encoded {
        out.write_all(&lines?)?;
    }
    Ok(())
}

/// Writes one pair as a line of JSON.
fn encode_line(pair: &ReusePair, out: &mut impl Write) -> Result<()> {
    serde_json::to_writer(&mut *out, pair).map_err(|e| Error::Encode(e.to_string()))?;
    out.write_all(b"\n")?;
    Ok(())
}
