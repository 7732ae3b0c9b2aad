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

    /// Moves `texts` into the park with one write, leaving each empty. A text too long to
    /// park stays where it is, with `None` in its place; when the write fails, every text stays
    /// and every place is `None`.
    pub fn park_all<'t>(
        self: &Arc<Self>,
        texts: impl IntoIterator<Item = &'t mut String>,
    ) -> Vec<Option<ParkedText>> {
        let texts: Vec<&mut String> = texts.into_iter().collect();
        let lens: Vec<Option<u32>> = texts.iter().map(|t| u32::try_from(t.len()).ok()).collect();
        let parkable = || texts.iter().zip(&lens).filter(|(_, len)| len.is_some());
        let total: usize = parkable().map(|(text, _)| text.len()).sum();
        let mut bytes = Vec::with_capacity(total);
        for (text, _) in parkable() {
            bytes.extend_from_slice(text.as_bytes());
        }
        let start = self.end.fetch_add(total as u64, Ordering::Relaxed);
        if write_at(&self.file, &bytes, start).is_err() {
            return vec![None; texts.len()];
        }
        let mut offset = start;
        texts
            .into_iter()
            .zip(lens)
            .map(|(text, len)| {
                let len = len?;
                *text = String::new();
                let parked = ParkedText { park: Arc::clone(self), offset, len };
                offset += u64::from(len);
                Some(parked)
            })
            .collect()
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
                .chunks(5)
                .map(|batch| {
                    let park = Arc::clone(&park);
                    let mut batch = batch.to_vec();
                    scope.spawn(move || {
                        let parked = park.park_all(&mut batch);
                        assert!(batch.iter().all(String::is_empty));
                        parked.into_iter().map(Option::unwrap).collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (text, parked) in texts.iter().zip(&parked) {
            assert_eq!(&parked.read().unwrap(), text);
        }
        assert_eq!(park.failure(), None);
    }
}
