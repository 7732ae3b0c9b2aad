//! WARC archives (plain or gzip): each HTML `response` or `resource` record becomes a document
//! whose id is its target URI. Other records are passed over. `frames.rs` cuts the archive into
//! records, so a record that is damaged (a wrong Content-Length, a missing required header)
//! is skipped with its own error and reading goes on at the next one; a damaged gzip member
//! costs the records it held ([`gzip`]). Only an archive that cannot be read on (a file that
//! fails to read) ends with an error, after the records read before it.

mod frames;
mod http;

use std::io::BufRead;
use std::ops::ControlFlow;

use warc::{RecordType, WarcHeader, WarcReader};

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::ingest::{self, charset, gzip, html, text, ChunkEnd, Sink};

use self::frames::{Frame, Frames};
use self::http::Page;

/// Records whose HTML is extracted together, in parallel, before they are handed over in order.
const RECORDS_PER_CHUNK: usize = 64;

/// Reads the HTML records of a WARC stream into `sink`, in archive order, until the end or
/// until `sink` breaks. Records are parsed and extracted a chunk at a time in parallel.
pub fn read_records(
    reader: impl BufRead,
    source: &str,
    max_bytes: usize,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let mut frames = Frames::new(reader);
    let mut seen = 0;
    let next_chunk = move || {
        let mut chunk = Vec::with_capacity(RECORDS_PER_CHUNK);
        loop {
            let frame = match frames.next_frame() {
                Ok(Some(frame)) => frame,
                Ok(None) => break,
                Err(e) => match gzip::damaged_member(&e) {
                    Some(damage) => {
                        frames.skip_damage();
                        Frame::NotRecord(format!("{damage}; reading goes on at the next member"))
                    }
                    None => {
                        let location = format!("{source}: after record {seen}");
                        let reason = format!("unreadable WARC data ({e}); later records lost");
                        return (chunk, ChunkEnd::Broken(Error::bad_input(location, reason)));
                    }
                },
            };
            let location = match frame {
                Frame::Record(_) | Frame::Damaged(_) => {
                    seen += 1;
                    format!("{source}: record {seen}")
                }
                Frame::NotRecord(_) if seen == 0 => format!("{source}: before record 1"),
                Frame::NotRecord(_) => format!("{source}: after record {seen}"),
            };
            chunk.push((frame, location));
            if chunk.len() == RECORDS_PER_CHUNK {
                return (chunk, ChunkEnd::Full);
            }
        }
        if seen == 0 && chunk.is_empty() {
            let reason = "no WARC record found: empty, or not a WARC archive";
            return (chunk, ChunkEnd::Broken(Error::bad_input(source, reason)));
        }
        (chunk, ChunkEnd::Eof)
    };
    let parse = |(frame, location): (Frame, String)| match frame {
        Frame::Record(bytes) => match WarcReader::new(&bytes[..]).iter_records().next()? {
            Ok(record) => html_document(record, &location, max_bytes),
            Err(e) => Some(Err(Error::bad_input(location, format!("WARC record skipped ({e})")))),
        },
        Frame::Damaged(reason) | Frame::NotRecord(reason) => {
            Some(Err(Error::bad_input(location, reason)))
        }
    };
    ingest::read_in_chunks(next_chunk, parse, sink)
}

/// The document of an HTML response or resource record; `None` for other records. Header
/// values are read from the record's raw parts, invalid UTF-8 replaced: the reader's own
/// accessor panics on it.
fn html_document(
    record: warc::Record<warc::BufferedBody>,
    location: &str,
    max_bytes: usize,
) -> Option<Result<Document>> {
    let record_type = record.warc_type().clone();
    let (headers, body) = record.into_raw_parts();
    let header = |name: WarcHeader| {
        headers.headers.get(&name).map(|value| String::from_utf8_lossy(value).into_owned())
    };
    let content_type = header(WarcHeader::ContentType).unwrap_or_default().to_lowercase();
    let page = match record_type {
        RecordType::Response if content_type.contains("application/http") => {
            match http::html_page(&body, max_bytes) {
                Ok(page) => page?,
                Err(reason) => return Some(Err(Error::bad_input(location, reason))),
            }
        }
        RecordType::Resource if content_type.contains("html") => {
            let served_as = charset::charset_parameter(&content_type).map(str::to_string);
            Page { payload: body, served_as }
        }
        _ => return None,
    };
    let id = header(WarcHeader::TargetURI).or_else(|| header(WarcHeader::RecordID))?;
    let raw = text::decode_page(page.payload, location, max_bytes, true, page.served_as.as_deref());
    Some(raw.and_then(|raw| {
        let extracted =
            html::extract(&raw).map_err(|e| Error::bad_input(location, e.to_string()))?;
        text::require_text(&extracted.text, location)?;
        let meta = Metadata { url: Some(id.clone()), ..Metadata::default() }.or(extracted.meta);
        Ok(Document { id, text: extracted.text, meta })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::collect_into;

    fn response(uri: &str, html: &str) -> String {
        String::from_utf8(response_bytes(uri, "text/html", html.as_bytes())).unwrap()
    }

    fn response_bytes(uri: &str, content_type: &str, html: &[u8]) -> Vec<u8> {
        let mut http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
        http.extend_from_slice(html);
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n\
             WARC-Date: 2026-10-14T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        record.extend_from_slice(&http);
        record.extend_from_slice(b"\r\n\r\n");
        record
    }

    #[test]
    fn a_page_is_decoded_as_its_response_says_before_its_own_declaration() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>\
            <p>\xcd\xc9\xd2 is the word the paper printed on its front page that day.</p></body></html>";
        let mut archive =
            response_bytes("https://example.org/ru", "text/html; charset=KOI8-R", page);
        archive.extend(response_bytes("https://example.org/w", "text/html", page));
        let mut out = Vec::new();
        let _ = read_records(&archive[..], "crawl.warc", 1 << 20, &mut collect_into(&mut out));
        let texts: Vec<String> = out.into_iter().map(|r| r.unwrap().text).collect();
        assert!(texts[0].starts_with("мир is the word"), "{texts:?}");
        assert!(texts[1].starts_with("ÍÉÒ is the word"), "{texts:?}");
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
    fn a_record_missing_a_required_header_is_skipped_and_reading_goes_on() {
        let first = response("https://example.org/a", "<p>A harbor story that is long enough.</p>");
        let undated = response("https://example.org/b", "<p>A story without a date.</p>")
            .replace("WARC-Date: 2026-10-14T00:00:00Z\r\n", "");
        let third = response("https://example.org/c", "<p>A third story, read all the same.</p>");
        let archive = format!("{first}{undated}{third}");
        let mut out = Vec::new();
        let _ =
            read_records(archive.as_bytes(), "crawl.warc", 1 << 20, &mut collect_into(&mut out));
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out[0].as_ref().unwrap().id, "https://example.org/a");
        let message = out[1].as_ref().unwrap_err().to_string();
        assert!(message.starts_with("crawl.warc: record 2: WARC record skipped"), "{message}");
        assert!(message.contains("warc-date"), "{message}");
        assert_eq!(out[2].as_ref().unwrap().id, "https://example.org/c");
    }

    #[test]
    fn header_values_that_are_not_utf8_are_read_with_replacement_characters() {
        let page = b"<p>A harbor story whose address is not UTF-8.</p>";
        let mut record = response_bytes("https://example.org/cafX", "text/html", page);
        let spot = |record: &[u8], value: &[u8]| {
            record.windows(value.len()).position(|w| w == value).unwrap() + value.len() - 1
        };
        let uri_end = spot(&record, b"Target-URI: https://example.org/cafX");
        record[uri_end] = 0xe9;
        let type_end = spot(&record, b"application/http; msgtypX".split_last().unwrap().1);
        record[type_end] = 0xff;
        let mut out = Vec::new();
        let _ = read_records(&record[..], "crawl.warc", 1 << 20, &mut collect_into(&mut out));
        assert_eq!(out.len(), 1, "{out:?}");
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.id, "https://example.org/caf\u{FFFD}");
        assert!(doc.text.contains("harbor story"));
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
