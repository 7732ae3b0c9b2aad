//! WARC framing: cuts an archive into the bytes of its records, each by its Content-Length, and
//! finds the next record's version line when a length does not end a record where the format
//! says (`CRLF CRLF`, then the next record) or when bytes between records are no record. One
//! damaged record then costs that record alone. The `warc` crate parses each framed record.

use std::io::{self, BufRead, Read};

use crate::ingest::replay::Replayed;

/// What opens a record: its version line, "WARC/1.0" or "WARC/1.1".
const VERSION_LINE: &[u8] = b"WARC/";

/// What follows a record's block.
const RECORD_END: &[u8] = b"\r\n\r\n";

/// The longest line read at once, and the longest header: past it, a "header" is taken for
/// damage and the reader looks for the next record.
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// The longest block read: a Content-Length beyond it is read this far, then the next record
/// looked for.
const MAX_BLOCK_BYTES: u64 = 1 << 30;

/// One piece of an archive.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A record's bytes, from its version line to the `CRLF CRLF` after its block.
    Record(Vec<u8>),
    /// A record that opened with a version line but could not be framed, and why.
    Damaged(String),
    /// Bytes that are no record (between records, or what a damaged gzip member held), and why.
    NotRecord(String),
}

/// The frames of an archive read from `R`.
pub struct Frames<R> {
    /// The archive, with the bytes read past a damaged record's header given back to it: the
    /// next record may start among them.
    reader: Replayed<R>,
    /// Whether the bytes up to the next version line belong to a record already reported.
    resyncing: bool,
    /// Whether a version line was found: bytes before the first one are no damage to report
    /// in a file that holds no record at all.
    found_record: bool,
}

impl<R: BufRead> Frames<R> {
    /// Frames of the archive `reader` reads.
    pub fn new(reader: R) -> Self {
        Frames { reader: Replayed::new(reader), resyncing: false, found_record: false }
    }

    /// The next frame; `None` at the end of the archive.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut line = Vec::new();
        let skipped = self.find_version_line(&mut line)?;
        if skipped > 0 {
            if line.is_empty() && !self.found_record {
                return Ok(None);
            }
            self.reader.give_back(&line);
            return Ok(Some(Frame::NotRecord(format!(
                "{skipped} bytes that are not a WARC record skipped"
            ))));
        }
        if line.is_empty() {
            return Ok(None);
        }
        self.found_record = true;
        self.read_record(line).map(Some)
    }

    /// Passes over what is left of the record being read when the archive's reader reported
    /// damage and read on: the next frame starts at the next version line.
    pub fn skip_damage(&mut self) {
        self.resyncing = true;
    }

    /// Reads lines into `line` until one opens a record (left in `line`; empty at the end of
    /// the archive). Returns the bytes of lines skipped that were neither blank nor part of a
    /// damaged record reported before.
    fn find_version_line(&mut self, line: &mut Vec<u8>) -> io::Result<usize> {
        let mut skipped = 0;
        loop {
            line.clear();
            if self.read_line(line)? == 0 {
                return Ok(skipped);
            }
            if line.starts_with(VERSION_LINE) {
                self.resyncing = false;
                return Ok(skipped);
            }
            if !self.resyncing && !line.iter().all(u8::is_ascii_whitespace) {
                skipped += line.len();
            }
        }
    }

    /// The record opened by `version_line`: its header, then as many bytes of block as its
    /// Content-Length says, then `CRLF CRLF`.
    fn read_record(&mut self, version_line: Vec<u8>) -> io::Result<Frame> {
        let mut record = version_line;
        loop {
            let start = record.len();
            if self.read_line(&mut record)? == 0 {
                return Ok(Frame::Damaged("the archive ends inside its header".into()));
            }
            let line = &record[start..];
            if line == b"\r\n" {
                break;
            }
            if line.starts_with(VERSION_LINE) || record.len() as u64 > MAX_HEADER_BYTES {
                return Ok(self.resync(record, start, "its header has no end"));
            }
        }
        let header_end = record.len();
        let Some(length) = content_length(&record) else {
            return Ok(self.resync(record, header_end, "it has no Content-Length"));
        };
        let block = self.read_up_to(length.min(MAX_BLOCK_BYTES), &mut record)?;
        let block_end = record.len();
        self.read_up_to(RECORD_END.len() as u64, &mut record)?;
        if block == length && record[block_end..] == *RECORD_END {
            return Ok(Frame::Record(record));
        }
        let reason = if block < length && record.len() == block_end {
            format!("only {block} bytes follow its header, not its Content-Length ({length})")
        } else {
            format!("its block does not end where its Content-Length ({length}) says")
        };
        Ok(self.resync(record, header_end, &reason))
    }

    /// Reports a damaged record, giving back the bytes of `record` from `from` on: the next
    /// record may start among them.
    fn resync(&mut self, record: Vec<u8>, from: usize, reason: &str) -> Frame {
        self.reader.give_back(&record[from..]);
        self.resyncing = true;
        Frame::Damaged(format!("{reason}; reading goes on at the next record, if any"))
    }

    /// Appends the next line (up to `\n`, or at most [`MAX_HEADER_BYTES`]) to `out`; the
    /// bytes appended, 0 at the end.
    fn read_line(&mut self, out: &mut Vec<u8>) -> io::Result<usize> {
        (&mut self.reader).take(MAX_HEADER_BYTES).read_until(b'\n', out)
    }

    /// Appends up to `limit` bytes to `out`, fewer at the end; the bytes appended.
    fn read_up_to(&mut self, limit: u64, out: &mut Vec<u8>) -> io::Result<u64> {
        (&mut self.reader).take(limit).read_to_end(out).map(|n| n as u64)
    }
}

/// The Content-Length a record's header names.
fn content_length(header: &[u8]) -> Option<u64> {
    header.split(|&b| b == b'\n').find_map(|line| {
        let colon = line.iter().position(|&b| b == b':')?;
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if !name.trim_ascii().eq_ignore_ascii_case(b"content-length") {
            return None;
        }
        std::str::from_utf8(value).ok()?.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &str, length: usize) -> String {
        format!("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: {length}\r\n\r\n{body}\r\n\r\n")
    }

    fn frames(archive: &[u8]) -> Vec<Frame> {
        let mut frames = Frames::new(archive);
        std::iter::from_fn(|| frames.next_frame().unwrap()).collect()
    }

    fn skipped(frame: &Frame) -> &str {
        match frame {
            Frame::Damaged(reason) | Frame::NotRecord(reason) => reason,
            Frame::Record(bytes) => panic!("a record: {}", String::from_utf8_lossy(bytes)),
        }
    }

    #[test]
    fn records_are_cut_by_their_lengths_even_where_a_block_holds_a_version_line() {
        let tricky = "line one\r\n\r\nWARC/1.0\r\nnot a record";
        let archive = format!("{}\r\n{}", record(tricky, tricky.len()), record("b", 1));
        let found = frames(archive.as_bytes());
        let expected: Vec<Frame> = [record(tricky, tricky.len()), record("b", 1)]
            .map(|r| Frame::Record(r.into_bytes()))
            .into();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_wrong_length_costs_its_record_alone() {
        for wrong in [0, 3, 4, 6, 9, 40, 100_000] {
            let archive = format!("{}{}{}", record("a", 1), record("bbbbb", wrong), record("c", 1));
            let found = frames(archive.as_bytes());
            assert_eq!(found.len(), 3, "length {wrong}: {found:?}");
            assert_eq!(found[0], Frame::Record(record("a", 1).into_bytes()));
            assert!(skipped(&found[1]).contains("Content-Length"), "{found:?}");
            assert_eq!(found[2], Frame::Record(record("c", 1).into_bytes()), "length {wrong}");
        }
    }

    #[test]
    fn a_damaged_version_line_is_reported_and_the_next_record_read() {
        let archive = format!("{}{}", record("a", 1).replacen("WARC/", "WXRC/", 1), record("c", 1));
        let found = frames(archive.as_bytes());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            matches!(&found[0], Frame::NotRecord(r) if r.ends_with("not a WARC record skipped"))
        );
        assert_eq!(found[1], Frame::Record(record("c", 1).into_bytes()));
    }

    #[test]
    fn a_record_cut_short_says_so() {
        let whole = record("abcdef", 6);
        let found = frames(&whole.as_bytes()[..whole.len() - 6]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(skipped(&found[0]).starts_with("only 4 bytes follow"), "{found:?}");
    }

    #[test]
    fn headers_without_an_end_or_a_length_are_skipped() {
        let no_length = "WARC/1.0\r\nWARC-Type: resource\r\n\r\nbody\r\n\r\n";
        let no_end = "WARC/1.0\r\nWARC-Type: resource\r\n";
        let archive = format!("{no_length}{no_end}{}", record("c", 1));
        let found = frames(archive.as_bytes());
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(skipped(&found[0]).starts_with("it has no Content-Length"));
        assert!(skipped(&found[1]).starts_with("its header has no end"));
        assert_eq!(found[2], Frame::Record(record("c", 1).into_bytes()));
    }

    #[test]
    fn a_file_without_a_record_has_no_frames() {
        assert!(frames(b"").is_empty());
        assert!(frames(b"\x8b\x1f not an archive\nat all").is_empty());
    }
}
