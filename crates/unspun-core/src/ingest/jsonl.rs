//! JSON Lines records: `{"id", "text" | "html", "url"?, "title"?, "outlet"?, "date"?}` per line,
//! from a file, a gzip file or standard input. A bad line is reported and skipped; a broken
//! stream (truncated gzip) ends the file with an error but keeps the records read before it.

use std::io::BufRead;
use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::ingest::{self, html, text, ChunkEnd, Sink};

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    date: Option<String>,
}

/// Lines parsed together, in parallel, before their records are handed over in order.
const LINES_PER_CHUNK: usize = 512;

/// Reads every line of `reader`, handing `sink` a document or an error per record, in line
/// order, until the end or until `sink` breaks. Lines are parsed a chunk at a time in
/// parallel.
pub fn read_records(
    reader: impl BufRead,
    source: &str,
    max_bytes: usize,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let mut lines = Lines { reader, number: 0 };
    let parse = |(number, bytes)| parse_line(bytes, &format!("{source}:{number}"), max_bytes);
    ingest::read_in_chunks(|| lines.next_chunk(source), parse, sink)
}

/// The numbered lines of a reader.
struct Lines<R> {
    reader: R,
    /// Number of the line read last.
    number: usize,
}

impl<R: BufRead> Lines<R> {
    /// Up to [`LINES_PER_CHUNK`] non-blank lines with their numbers, and why the chunk ended;
    /// `source` names the input in the error of a broken one.
    fn next_chunk(&mut self, source: &str) -> (Vec<(usize, Vec<u8>)>, ChunkEnd) {
        let mut chunk = Vec::new();
        while chunk.len() < LINES_PER_CHUNK {
            let mut line = Vec::new();
            self.number += 1;
            match self.reader.read_until(b'\n', &mut line) {
                Ok(0) => return (chunk, ChunkEnd::Eof),
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => chunk.push((self.number, line)),
                Err(e) => {
                    let last = self.number - 1;
                    let reason =
                        format!("stream broken after line {last} ({e}); later records lost");
                    return (chunk, ChunkEnd::Broken(Error::bad_input(source, reason)));
                }
            }
        }
        (chunk, ChunkEnd::Full)
    }
}

/// Turns one line into a document, plus an error for a bad date that did not cost the record.
/// `location` names the line in errors (`file:line`).
pub fn parse_line(bytes: Vec<u8>, location: &str, max_bytes: usize) -> Vec<Result<Document>> {
    let record = text::decode(bytes, location, max_bytes.saturating_mul(2)).and_then(|line| {
        serde_json::from_str::<Record>(&line)
            .map_err(|e| Error::bad_input(location, format!("invalid JSON: {e}")))
    });
    match record.and_then(|r| into_document(r, location, max_bytes)) {
        Ok((doc, None)) => vec![Ok(doc)],
        Ok((doc, Some(date_error))) => vec![Ok(doc), Err(date_error)],
        Err(e) => vec![Err(e)],
    }
}

fn into_document(
    record: Record,
    location: &str,
    max_bytes: usize,
) -> Result<(Document, Option<Error>)> {
    let id = match record.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Err(Error::bad_input(
                location,
                "record has no \"id\" (a non-empty string or number)",
            ))
        }
    };
    let (text, stated) = match (record.text, record.html) {
        (Some(t), _) => (t, Metadata::default()),
        (None, Some(h)) => {
            let e = html::extract(&h);
            (e.text, e.meta)
        }
        (None, None) => {
            return Err(Error::bad_input(location, "record has neither \"text\" nor \"html\""))
        }
    };
    if text.len() > max_bytes {
        let reason = format!(
            "document is {} bytes, over the limit of {max_bytes} (--max-doc-bytes)",
            text.len()
        );
        return Err(Error::bad_input(location, reason));
    }
    text::require_text(&text, location)?;
    let (date, date_error) = match record.date.as_deref().map(normalize_date) {
        None => (None, None),
        Some(Some(date)) => (Some(date), None),
        Some(None) => {
            let reason = format!(
                "unreadable \"date\" {:?} ignored (expected ISO 8601)",
                record.date.unwrap_or_default()
            );
            (None, Some(Error::bad_input(location, reason)))
        }
    };
    let meta =
        Metadata { url: record.url, title: record.title, outlet: record.outlet, date }.or(stated);
    Ok((Document { id, text, meta }, date_error))
}

/// An ISO 8601 date or date-time as RFC 3339 UTC, or a plain `YYYY-MM-DD`.
pub fn normalize_date(date: &str) -> Option<String> {
    let date = date.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(date) {
        return Some(t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::collect_into;

    fn read(input: &str) -> Vec<Result<Document>> {
        let mut out = Vec::new();
        let _ = read_records(input.as_bytes(), "feed.jsonl", 1 << 20, &mut collect_into(&mut out));
        out
    }

    #[test]
    fn reads_records_and_reports_bad_lines_by_number() {
        let input = concat!(
            r#"{"id": "a", "text": "First story.", "date": "2026-10-14T09:30:00+02:00", "outlet": "Courier"}"#,
            "\n",
            "not json\n",
            "\n",
            r#"{"id": 7, "html": "<p>Second story.</p>"}"#,
            "\n",
            r#"{"text": "no id"}"#,
            "\n",
            r#"{"id": "b", "text": "   "}"#,
            "\n",
        );
        let out = read(input);
        assert_eq!(out.len(), 5);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.meta.date.as_deref(), Some("2026-10-14T07:30:00Z"));
        assert_eq!(a.meta.outlet.as_deref(), Some("Courier"));
        assert!(out[1].as_ref().unwrap_err().to_string().starts_with("feed.jsonl:2: invalid JSON"));
        assert_eq!(out[2].as_ref().unwrap().id, "7");
        assert_eq!(out[2].as_ref().unwrap().text, "Second story.");
        assert!(out[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("feed.jsonl:5: record has no \"id\""));
        assert!(out[4].as_ref().unwrap_err().to_string().contains("feed.jsonl:6: empty document"));
    }

    #[test]
    fn records_past_the_first_chunk_keep_their_order_and_line_numbers() {
        let lines: Vec<String> = (1..=2 * LINES_PER_CHUNK + 3)
            .map(|n| match n {
                700 => "{broken".to_string(),
                701 => String::new(),
                _ => format!(r#"{{"id": "d{n}", "text": "Story number {n}."}}"#),
            })
            .collect();
        let out = read(&lines.join("\n"));
        assert_eq!(out.len(), lines.len() - 1, "the blank line gives nothing");
        let problem = out[699].as_ref().unwrap_err().to_string();
        assert!(problem.starts_with("feed.jsonl:700: invalid JSON"), "{problem}");
        let ids: Vec<&str> = out.iter().filter_map(|r| r.as_ref().ok()).map(|d| &*d.id).collect();
        let expected: Vec<String> = (1..=lines.len())
            .filter(|n| ![700, 701].contains(n))
            .map(|n| format!("d{n}"))
            .collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn a_bad_date_keeps_the_record() {
        let out = read(r#"{"id": "a", "text": "Story.", "date": "last Tuesday"}"#);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].as_ref().unwrap().meta.date, None);
        assert!(out[1].as_ref().unwrap_err().to_string().contains("unreadable \"date\""));
    }
}
