//! Gzip streams of many members, as `.warc.gz` archives are written (one member per record):
//! a damaged member reads as one [`DamagedMember`] error, and reading then goes on at the next
//! member's header, looked for from the byte after the damaged member's first (whatever its
//! damaged header or data made the decoder read past), so the damage costs what that member
//! held. `flate2` decodes each member.

use std::fmt;
use std::io::{self, BufRead, ErrorKind, Read};

use flate2::bufread::GzDecoder;

use crate::ingest::replay::{self, Replayed};

/// The first byte of a gzip member's header.
const MAGIC: u8 = 0x1f;

/// The most bytes of a member kept to search again for the next header if it turns out
/// damaged; past it (one member holding a whole large file), the search starts where the
/// decoder stopped.
const MAX_TAPE: usize = 16 << 20;

/// What a damaged member reads as; reading goes on after it.
#[derive(Debug)]
pub struct DamagedMember {
    /// Where the member starts in the compressed file, in bytes.
    pub at: u64,
    /// What the decoder reported.
    pub reason: String,
}

impl fmt::Display for DamagedMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gzip member at byte {} damaged ({})", self.at, self.reason)
    }
}

impl std::error::Error for DamagedMember {}

/// The damaged member `error` reports, if it reports one.
pub fn damaged_member(error: &io::Error) -> Option<&DamagedMember> {
    error.get_ref()?.downcast_ref()
}

/// The decoded members of a gzip stream, one after another.
pub struct Members<R> {
    /// The current member's decoder; `None` only while the next one is set up.
    decoder: Option<GzDecoder<Input<R>>>,
    /// Where the current member starts.
    member_start: u64,
    /// Whether a damaged member was reported and no byte decoded since: trials of what only
    /// looks like a header are not reported again.
    resyncing: bool,
}

impl<R: BufRead> Members<R> {
    /// The members of the gzip stream `reader` reads.
    pub fn new(reader: R) -> Self {
        let input =
            Input { inner: Replayed::new(reader), tape: Vec::new(), taped_all: true, consumed: 0 };
        Members { decoder: Some(GzDecoder::new(input)), member_start: 0, resyncing: false }
    }

    /// Starts decoding the member that comes next: after the current one, or, when it is
    /// damaged, at the next byte that may open a header; whether any input is left.
    fn next_member(&mut self, damaged: bool) -> io::Result<bool> {
        let Some(decoder) = self.decoder.take() else {
            return Ok(false);
        };
        let mut input = decoder.into_inner();
        if damaged {
            input.rewind_past(self.member_start);
        }
        let member_start = self.member_start;
        let left = (|| {
            if damaged {
                if input.consumed == member_start {
                    let first = input.fill_buf()?.len().min(1);
                    input.consume(first);
                }
                skip_to_header(&mut input)?;
            }
            Ok(!input.fill_buf()?.is_empty())
        })();
        input.start_tape();
        self.member_start = input.consumed;
        self.decoder = Some(GzDecoder::new(input));
        left
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            match decoder.read(buf) {
                Ok(0) if !self.next_member(false)? => return Ok(0),
                Ok(0) => {}
                Ok(n) => {
                    self.resyncing = false;
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    let at = self.member_start;
                    let left = self.next_member(true)?;
                    if !self.resyncing {
                        self.resyncing = true;
                        let damage = DamagedMember { at, reason: e.to_string() };
                        return Err(io::Error::new(ErrorKind::InvalidData, damage));
                    }
                    if !left {
                        return Ok(0);
                    }
                }
            }
        }
    }
}

/// Skips `input` to the next byte that may open a member's header.
fn skip_to_header<R: BufRead>(input: &mut Input<R>) -> io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        let (skip, found) = memchr::memchr(MAGIC, buf).map_or((buf.len(), false), |i| (i, true));
        input.consume(skip);
        if found {
            return Ok(());
        }
    }
}

/// The compressed input: counts the bytes consumed, keeps those of the current member on a
/// tape, and can give them back to be read again.
struct Input<R> {
    inner: Replayed<R>,
    /// The bytes consumed since the current member started, while no more than [`MAX_TAPE`].
    tape: Vec<u8>,
    taped_all: bool,
    consumed: u64,
}

impl<R: BufRead> Input<R> {
    /// Starts the tape of a new member.
    fn start_tape(&mut self) {
        self.tape.clear();
        self.taped_all = true;
    }

    /// Gives back the bytes consumed since the first byte of the member that started at
    /// `member_start`, when the tape holds them all, to be read again.
    fn rewind_past(&mut self, member_start: u64) {
        if !self.taped_all || self.tape.is_empty() {
            return;
        }
        self.inner.give_back(&self.tape[1..]);
        self.tape.clear();
        self.consumed = member_start + 1;
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        replay::read_through_buffer(self, buf)
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.consumed += amount as u64;
        self.taped_all = self.taped_all && self.tape.len() + amount <= MAX_TAPE;
        if self.taped_all {
            match self.inner.fill_buf().map(|buf| buf.get(..amount)) {
                Ok(Some(bytes)) => self.tape.extend_from_slice(bytes),
                _ => self.taped_all = false,
            }
        }
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn member(text: &str) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(text.repeat(20).as_bytes()).unwrap();
        encoder.finish().unwrap()
    }

    /// What reading gives: the decoded text, with `[damaged at N]` where an error came.
    fn read_all(bytes: &[u8]) -> String {
        let mut members = Members::new(bytes);
        let (mut out, mut buf) = (String::new(), [0u8; 7]);
        loop {
            match members.read(&mut buf) {
                Ok(0) => return out,
                Ok(n) => out.push_str(std::str::from_utf8(&buf[..n]).unwrap()),
                Err(e) => out.push_str(&format!("[damaged at {}]", damaged_member(&e).unwrap().at)),
            }
        }
    }

    #[test]
    fn members_are_read_one_after_another() {
        let stream = [member("a"), member("b"), member("c")].concat();
        assert_eq!(read_all(&stream), ["a", "b", "c"].map(|t| t.repeat(20)).concat());
    }

    #[test]
    fn a_damaged_member_costs_itself_alone() {
        let (a, b, c) = (member("a"), member("b"), member("c"));
        for spot in [0, 3, b.len() / 2, b.len() - 6, b.len() - 1] {
            let mut damaged = b.clone();
            damaged[spot] ^= 0x55;
            let stream = [a.clone(), damaged, c.clone()].concat();
            let read = read_all(&stream);
            let (before, after) = read.split_once(&format!("[damaged at {}]", a.len())).unwrap();
            assert!(before.starts_with(&"a".repeat(20)), "byte {spot}: {read}");
            assert!(after.ends_with(&"c".repeat(20)), "byte {spot}: {read}");
            assert_eq!(read.matches("[damaged").count(), 1, "byte {spot}: {read}");
        }
    }

    #[test]
    fn bytes_after_the_last_member_are_reported_once() {
        let stream = [member("a"), b"\x1f\x1f junk \x1f".to_vec()].concat();
        let first = member("a").len();
        assert_eq!(read_all(&stream), format!("{}[damaged at {first}]", "a".repeat(20)));
    }
}
