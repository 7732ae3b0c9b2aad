//! Plain-text and HTML files: one document per file, its id the path relative to the directory
//! named on the command line. A file may be gzip-compressed, as crawlers store pages.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::ingest::{charset, html};

/// Bytes inspected for NUL to tell a binary file.
const BINARY_PROBE: usize = 8192;

/// Checks raw bytes and turns them into text, naming `location` in any error. Only UTF-8 is
/// text here, as JSON Lines must be.
pub fn decode(bytes: Vec<u8>, location: &str, max_bytes: usize) -> Result<String> {
    check_size(&bytes, location, max_bytes)?;
    check_not_binary(&bytes, location)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::bad_input(
            location,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })?;
    Ok(text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text))
}

/// Checks the raw bytes of a text file or web page and turns them into text, in whatever
/// encoding they are (see [`charset`]): `served_as` is the charset an HTTP response named,
/// and an HTML page may declare its own.
pub fn decode_page(
    bytes: Vec<u8>,
    location: &str,
    max_bytes: usize,
    is_html: bool,
    served_as: Option<&str>,
) -> Result<String> {
    check_size(&bytes, location, max_bytes)?;
    if let Some(text) = charset::decode_marked(&bytes) {
        return Ok(text);
    }
    check_not_binary(&bytes, location)?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| {
        let bytes = e.as_bytes();
        let declared = served_as.or_else(|| is_html.then(|| charset::declared_in_html(bytes))?);
        charset::decode_legacy(bytes, declared)
    }))
}

fn check_size(bytes: &[u8], location: &str, max_bytes: usize) -> Result<()> {
    if bytes.len() > max_bytes {
        return Err(Error::bad_input(
            location,
            format!(
                "document is {} bytes, over the limit of {max_bytes} (--max-doc-bytes)",
                bytes.len()
            ),
        ));
    }
    Ok(())
}

fn check_not_binary(bytes: &[u8], location: &str) -> Result<()> {
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Err(Error::bad_input(location, "binary file (contains NUL bytes)"));
    }
    Ok(())
}

/// Rejects documents with no text.
pub fn require_text(text: &str, location: &str) -> Result<()> {
    if text.trim().is_empty() {
        Err(Error::bad_input(location, "empty document"))
    } else {
        Ok(())
    }
}

/// Reads a `.txt` or `.html` file, gzip-compressed or not, as one document.
pub fn read_file(
    path: &Path,
    id: String,
    (is_html, gzip): (bool, bool),
    max_bytes: usize,
) -> Result<Document> {
    let location = path.display().to_string();
    let bytes = if gzip {
        read_gzip(path, &location, max_bytes)?
    } else {
        std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?
    };
    let raw = decode_page(bytes, &location, max_bytes, is_html, None)?;
    let (text, meta) = if is_html {
        let extracted =
            html::extract(&raw).map_err(|e| Error::bad_input(&location, e.to_string()))?;
        (extracted.text, extracted.meta)
    } else {
        (raw, Metadata::default())
    };
    require_text(&text, &location)?;
    Ok(Document { id, text, meta })
}

/// The bytes a gzip file decompresses to, refused as soon as they pass `max_bytes` (a small
/// file may hold a great many).
fn read_gzip(path: &Path, location: &str, max_bytes: usize) -> Result<Vec<u8>> {
    let file = File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let mut bytes = Vec::new();
    let limit = (max_bytes as u64).saturating_add(1);
    MultiGzDecoder::new(BufReader::new(file))
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::bad_input(location, format!("unreadable gzip data ({e})")))?;
    if bytes.len() > max_bytes {
        let reason = format!(
            "document decompresses to more than the limit of {max_bytes} bytes (--max-doc-bytes)"
        );
        return Err(Error::bad_input(location, reason));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    #[test]
    fn reads_a_compressed_page_and_refuses_one_past_the_limit_or_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fares.html.gz");
        let page = "<html><head><title>Fares</title></head><body><p>Ferry fares across the \
                    bay will rise in May, the port authority said on Tuesday.</p></body></html>";
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(page.as_bytes()).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let read = |max_bytes| read_file(&path, "fares.html.gz".into(), (true, true), max_bytes);
        let doc = read(1 << 20).unwrap();
        assert!(doc.text.contains("Ferry fares across the bay"), "{}", doc.text);
        let over = read(64).unwrap_err().to_string();
        assert!(over.contains("fares.html.gz"), "{over}");
        assert!(over.contains("decompresses to more than the limit of 64 bytes"), "{over}");
        std::fs::write(&path, b"\x1f\x8b\x08 not a gzip stream").unwrap();
        let damaged = read(1 << 20).unwrap_err().to_string();
        assert!(damaged.contains("unreadable gzip data"), "{damaged}");
    }

    #[test]
    fn a_page_in_a_legacy_encoding_is_read_as_it_declares() {
        let page = b"<html><head><meta charset=\"koi8-r\"></head><body><p>\xcd\xc9\xd2</p>";
        let text = decode_page(page.to_vec(), "p.html", 1 << 20, true, None).unwrap();
        assert!(text.contains("<p>мир</p>"), "{text}");
        let as_text = decode_page(page.to_vec(), "p.txt", 1 << 20, false, None).unwrap();
        assert!(!as_text.contains("мир"), "a text file declares nothing: {as_text}");
    }

    #[test]
    fn utf16_with_a_mark_is_text_and_nul_bytes_without_one_are_binary() {
        let utf16: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Harbor fire".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            decode_page(utf16.clone(), "a.txt", 1 << 20, false, None).unwrap(),
            "Harbor fire"
        );
        let error = decode_page(utf16[2..].to_vec(), "a.txt", 1 << 20, false, None).unwrap_err();
        assert!(error.to_string().contains("binary file"), "{error}");
        assert!(decode(utf16, "a.jsonl:1", 1 << 20).is_err(), "JSON Lines must be UTF-8");
    }
}
