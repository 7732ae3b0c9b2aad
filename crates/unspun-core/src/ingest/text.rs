//! Plain-text and HTML files: one document per file, its id the path relative to the directory
//! named on the command line.

use std::path::Path;

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::ingest::html;

/// Bytes inspected for NUL to tell a binary file.
const BINARY_PROBE: usize = 8192;

/// Checks raw bytes and turns them into text, naming `location` in any error.
pub fn decode(bytes: Vec<u8>, location: &str, max_bytes: usize) -> Result<String> {
    if bytes.len() > max_bytes {
        return Err(Error::bad_input(
            location,
            format!(
                "document is {} bytes, over the limit of {max_bytes} (--max-doc-bytes)",
                bytes.len()
            ),
        ));
    }
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Err(Error::bad_input(location, "binary file (contains NUL bytes)"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::bad_input(
            location,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })?;
    Ok(text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text))
}

/// Rejects documents with no text.
pub fn require_text(text: &str, location: &str) -> Result<()> {
    if text.trim().is_empty() {
        Err(Error::bad_input(location, "empty document"))
    } else {
        Ok(())
    }
}

/// Reads a `.txt` or `.html` file as one document.
pub fn read_file(path: &Path, id: String, is_html: bool, max_bytes: usize) -> Result<Document> {
    let location = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let raw = decode(bytes, &location, max_bytes)?;
    let (text, meta) = if is_html {
        let extracted = html::extract(&raw);
        (extracted.text, extracted.meta)
    } else {
        (raw, Metadata::default())
    };
    require_text(&text, &location)?;
    Ok(Document { id, text, meta })
}
