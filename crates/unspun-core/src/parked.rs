//! Parked texts: document texts moved out of memory into an unlinked temporary file while a
//! corpus is scanned. Matching reads terms and sentence records, not text; a parked text is
//! read back, one positioned read, only for a pair already judged reuse and for output, so a
//! scan holds its texts in the operating system's page cache rather than in its own memory.

use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The file texts are parked in, written and read from any thread; removed when dropped.
#[derive(Debug)]
pub struct TextPark {
    file: File,
    end: AtomicU64,
    failure: Mutex<Option<String>>,
}

/// Where one parked text lies in its park.
#[derive(Debug, Clone)]
pub struct ParkedText {
    park: Arc<TextPark>,
    offset: u64,
    len: u32,
}

impl TextPark {
    /// A park in the system's temporary directory (`TMPDIR`).
    pub fn new() -> io::Result<Arc<Self>> {
        let file = tempfile::tempfile()?;
        Ok(Arc::new(TextPark { file, end: AtomicU64::new(0), failure: Mutex::new(None) }))
    }

    /// Moves `text` into the park, leaving it empty; when it cannot be written, `text` is left
    /// as it was and `None` returned.
    pub fn park(self: &Arc<Self>, text: &mut String) -> Option<ParkedText> {
        let len = u32::try_from(text.len()).ok()?;
        let offset = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        write_at(&self.file, text.as_bytes(), offset).ok()?;
        *text = String::new();
        Some(ParkedText { park: Arc::clone(self), offset, len })
    }

    /// The first failure to read a text back, if any.
    pub fn failure(&self) -> Option<String> {
        self.failure.lock().map_or_else(|e| e.into_inner().clone(), |f| f.clone())
    }

    fn note_failure(&self, error: &io::Error) {
        let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        failure.get_or_insert_with(|| format!("reading a parked text back: {error}"));
    }
}

impl ParkedText {
    /// Reads the text back. A failure is also kept by the park, for the run to report.
    pub fn read(&self) -> io::Result<String> {
        let mut bytes = vec![0; self.len as usize];
        let read = read_at(&self.park.file, &mut bytes, self.offset).and_then(|()| {
            String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
        });
        if let Err(error) = &read {
            self.park.note_failure(error);
        }
        read
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

/// Elsewhere texts stay in memory: parking them fails.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_parked_from_any_thread() {
        let park = TextPark::new().unwrap();
        let texts: Vec<String> =
            (0..64).map(|i| format!("Story {i}: “quoted” café {}", "x".repeat(i))).collect();
        let parked: Vec<ParkedText> = std::thread::scope(|scope| {
            let handles: Vec<_> = texts
                .iter()
                .map(|t| {
                    let park = Arc::clone(&park);
                    let mut text = t.clone();
                    scope.spawn(move || {
                        let parked = park.park(&mut text).unwrap();
                        assert!(text.is_empty());
                        parked
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (text, parked) in texts.iter().zip(&parked) {
            assert_eq!(&parked.read().unwrap(), text);
        }
        assert_eq!(park.failure(), None);
    }
}
