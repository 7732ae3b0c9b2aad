//! WARC archives (plain or gzip): each HTML `response` or `resource` record becomes a document
//! whose id is its target URI. Other records are passed over; a broken archive ends with an
//! error that keeps the records read before it.

use std::io::BufRead;
use std::ops::ControlFlow;

use warc::{RecordType, WarcHeader, WarcReader};

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::ingest::{self, html, text, ChunkEnd, Sink};

/// Records whose HTML is extracted together, in parallel, before they are handed over in order.
const RECORDS_PER_CHUNK: usize = 64;

/// Reads the HTML records of a WARC stream into `sink`, in archive order, until the end or
/// until `sink` breaks. Records are extracted a chunk at a time in parallel.
pub fn read_records(
    reader: impl BufRead,
    source: &str,
    max_bytes: usize,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let mut records = WarcReader::new(reader).iter_records().enumerate();
    let mut seen = 0;
    let next_chunk = move || {
        let mut chunk = Vec::with_capacity(RECORDS_PER_CHUNK);
        for (number, record) in records.by_ref() {
            seen = number + 1;
            let location = format!("{source}: record {seen}");
            match record {
                Ok(record) => chunk.push((record, location)),
                Err(e) => {
                    let reason = format!("unreadable WARC record ({e}); later records lost");
                    return (chunk, ChunkEnd::Broken(Error::bad_input(location, reason)));
                }
            }
            if chunk.len() == RECORDS_PER_CHUNK {
                return (chunk, ChunkEnd::Full);
            }
        }
        if seen == 0 {
            let reason = "no WARC record found: empty, or not a WARC archive";
            return (chunk, ChunkEnd::Broken(Error::bad_input(source, reason)));
        }
        (chunk, ChunkEnd::Eof)
    };
    let parse = |(record, location): (warc::Record<warc::BufferedBody>, String)| {
        html_document(&record, &location, max_bytes)
    };
    ingest::read_in_chunks(next_chunk, parse, sink)
}

/// The document of an HTML response or resource record; `None` for other records.
fn html_document(
    record: &warc::Record<warc::BufferedBody>,
    location: &str,
    max_bytes: usize,
) -> Option<Result<Document>> {
    let content_type = record.header(WarcHeader::ContentType).unwrap_or_default().to_lowercase();
    let payload = match record.warc_type() {
        RecordType::Response if content_type.contains("application/http") => {
            http_payload(record.body())?
        }
        RecordType::Resource if content_type.contains("html") => record.body(),
        _ => return None,
    };
    let id = record
        .header(WarcHeader::TargetURI)
        .map(|u| u.into_owned())
        .unwrap_or_else(|| record.warc_id().to_string());
    Some(text::decode(payload.to_vec(), location, max_bytes).and_then(|raw| {
        let extracted = html::extract(&raw);
        text::require_text(&extracted.text, location)?;
        let meta = Metadata { url: Some(id.clone()), ..Metadata::default() }.or(extracted.meta);
        Ok(Document { id, text: extracted.text, meta })
    }))
}

/// The body of an HTTP response whose content type is HTML; `None` for other responses.
fn http_payload(message: &[u8]) -> Option<&[u8]> {
    let split = message.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&message[..split]).to_lowercase();
    let html = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type:"))
        .is_none_or(|t| t.contains("html"));
    html.then_some(&message[split + 4..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::collect_into;

    fn response(uri: &str, html: &str) -> String {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n\
             WARC-Date: 2026-10-14T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
    }

    #[test]
    fn reads_html_responses_and_reports_truncation() {
        let first = response("https://example.org/a", "<p>A harbor story that is long enough.</p>");
        let second = response("https://example.org/b", "<p>Another story.</p>");
        let archive = format!("{first}{}", &second[..second.len() - 30]);
        let mut out = Vec::new();
        let _ =
            read_records(archive.as_bytes(), "crawl.warc", 1 << 20, &mut collect_into(&mut out));
        assert_eq!(out.len(), 2, "{out:?}");
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.id, "https://example.org/a");
        assert!(doc.text.contains("harbor story"));
        assert!(out[1].as_ref().unwrap_err().to_string().starts_with("crawl.warc: record 2"));
    }

    #[test]
    fn a_file_without_records_is_named() {
        for bytes in [&b""[..], b"\x8b\x1f not an archive at all"] {
            let mut out = Vec::new();
            let _ = read_records(bytes, "crawl.warc", 1 << 20, &mut collect_into(&mut out));
            assert_eq!(out.len(), 1, "{out:?}");
            let message = out[0].as_ref().unwrap_err().to_string();
            assert!(message.starts_with("crawl.warc: no WARC record found"), "{message}");
        }
    }

    #[test]
    fn records_past_the_first_chunk_keep_their_order() {
        let count = 2 * RECORDS_PER_CHUNK + 5;
        let archive: String = (0..count)
            .map(|n| response(&format!("https://example.org/{n}"), "<p>A harbor story.</p>"))
            .collect();
        let mut out = Vec::new();
        let _ =
            read_records(archive.as_bytes(), "crawl.warc", 1 << 20, &mut collect_into(&mut out));
        let ids: Vec<String> = out.into_iter().map(|r| r.unwrap().id).collect();
        let expected: Vec<String> =
            (0..count).map(|n| format!("https://example.org/{n}")).collect();
        assert_eq!(ids, expected);
    }
}
