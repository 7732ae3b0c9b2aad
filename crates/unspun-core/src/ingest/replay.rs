//! A buffered reader that can be given bytes back: what a reader that read too far (past a
//! damaged WARC record, into a damaged gzip member) hands back to be read again, ahead of the
//! rest of the input.

use std::io::{self, BufRead, Read};

/// `inner`, read after the bytes given back to it.
pub struct Replayed<R> {
    inner: R,
    /// Bytes given back, read from `at` before `inner`.
    replay: Vec<u8>,
    at: usize,
}

impl<R> Replayed<R> {
    /// `inner` with nothing given back yet.
    pub fn new(inner: R) -> Self {
        Replayed { inner, replay: Vec::new(), at: 0 }
    }

    /// Puts `bytes` in front of what is left to read.
    pub fn give_back(&mut self, bytes: &[u8]) {
        let mut replay = bytes.to_vec();
        replay.extend_from_slice(&self.replay[self.at..]);
        (self.replay, self.at) = (replay, 0);
    }
}

impl<R: BufRead> Read for Replayed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, buf)
    }
}

/// [`Read::read`] for a reader whose every byte must pass through its
/// [`BufRead::consume`]: copies from what `reader` holds buffered.
pub fn read_through_buffer(reader: &mut impl BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(buf.len());
    buf[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}

impl<R: BufRead> BufRead for Replayed<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.replay.len() {
            return Ok(&self.replay[self.at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.at == self.replay.len() {
            return self.inner.consume(amount);
        }
        self.at = (self.at + amount).min(self.replay.len());
        if self.at == self.replay.len() {
            (self.replay, self.at) = (Vec::new(), 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_given_back_are_read_first_and_lines_run_on_into_the_input() {
        let mut reader = Replayed::new(&b"rest of line\nnext\n"[..]);
        let mut line = Vec::new();
        reader.read_until(b' ', &mut line).unwrap();
        reader.give_back(b"a line ");
        reader.give_back(b"given back: ");
        let mut all = String::new();
        reader.read_to_string(&mut all).unwrap();
        assert_eq!(all, "given back: a line of line\nnext\n");
    }
}
