//! JSON Lines records: `{"id", "text" | "html", "url"?, "title"?, "outlet"?, "date"?}` per line,
//! from a file, a gzip file or standard input, also under the names other news datasets give
//! these fields (`body`, `content`, `maintext`, `headline`, `source`, `published_at`, ...). A bad
//! line is reported and skipped; a metadata field of an unexpected type or an unreadable date is
//! reported and left out, the record kept. A damaged gzip member (a truncated file's last one
//! too) is reported and reading goes on at the next member, if any; any other read error ends
//! the file with an error but keeps the records read before it.

use std::io::BufRead;
use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::attribute::printed_date::day_in_words;
use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::ingest::{self, gzip, html, text, ChunkEnd, Sink};

/// The fields a record's story may be given in, plain text first, then a page. A table with
/// none of these columns holds no stories.
pub(crate) const STORY_FIELDS: [&str; 7] =
    ["text", "body", "content", "maintext", "article", "html", "raw_html"];

/// A record's fields under every name this reader knows; of several names for one field, the
/// first given (in the order of [`Record::text`] and the other accessors) wins. Metadata is
/// read as any JSON value so that a number or an object where a string was expected costs that
/// field, not the record.
#[derive(Deserialize)]
struct Record {
    id: Option<Value>,
    doc_id: Option<Value>,
    text: Option<String>,
    body: Option<String>,
    content: Option<String>,
    maintext: Option<String>,
    article: Option<String>,
    html: Option<String>,
    raw_html: Option<String>,
    url: Option<Value>,
    link: Option<Value>,
    canonical: Option<Value>,
    canonical_url: Option<Value>,
    title: Option<Value>,
    headline: Option<Value>,
    outlet: Option<Value>,
    source: Option<Value>,
    site_name: Option<Value>,
    source_domain: Option<Value>,
    publisher: Option<Value>,
    publication: Option<Value>,
    date: Option<Value>,
    published: Option<Value>,
    published_at: Option<Value>,
    #[serde(rename = "publishedAt", alias = "publishedat")]
    published_at_camel: Option<Value>,
    publish_date: Option<Value>,
    date_publish: Option<Value>,
}

impl Record {
    /// The story as plain text: the first non-blank of `text`, `body`, `content`, `maintext`,
    /// `article` (or the first given, when all are blank).
    fn text(&mut self) -> Option<String> {
        let fields = [
            &mut self.text,
            &mut self.body,
            &mut self.content,
            &mut self.maintext,
            &mut self.article,
        ];
        let given = fields.iter().position(|field| field.is_some())?;
        let chosen = fields.iter().position(|f| f.as_ref().is_some_and(|t| !t.trim().is_empty()));
        fields[chosen.unwrap_or(given)].take()
    }

    /// The page, when no plain text is given: `html`, else `raw_html`.
    fn html(&mut self) -> Option<String> {
        self.html.take().or(self.raw_html.take())
    }

    /// Each metadata field's name and value, the first given of its names.
    fn metadata(&mut self) -> [(&'static str, Option<Value>); 6] {
        [
            first_given([("id", &mut self.id), ("doc_id", &mut self.doc_id)]),
            first_given([("url", &mut self.url), ("link", &mut self.link)]),
            first_given([
                ("canonical", &mut self.canonical),
                ("canonical_url", &mut self.canonical_url),
            ]),
            first_given([("title", &mut self.title), ("headline", &mut self.headline)]),
            first_given([
                ("outlet", &mut self.outlet),
                ("source", &mut self.source),
                ("site_name", &mut self.site_name),
                ("source_domain", &mut self.source_domain),
                ("publisher", &mut self.publisher),
                ("publication", &mut self.publication),
            ]),
            first_given([
                ("date", &mut self.date),
                ("published", &mut self.published),
                ("published_at", &mut self.published_at),
                ("publishedAt", &mut self.published_at_camel),
                ("publish_date", &mut self.publish_date),
                ("date_publish", &mut self.date_publish),
            ]),
        ]
    }
}

/// The first of one field's names whose value is given and not null, with that value.
fn first_given<const N: usize>(
    names: [(&'static str, &mut Option<Value>); N],
) -> (&'static str, Option<Value>) {
    let mut given = names.into_iter().filter(|(_, v)| v.as_ref().is_some_and(|v| !v.is_null()));
    given.next().map_or(("", None), |(name, value)| (name, value.take()))
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
    let parse = |(number, line)| {
        let location = format!("{source}:{number}");
        match line {
            Line::Read(bytes) => parse_line(bytes, &location, max_bytes),
            Line::Lost(reason) => vec![Err(Error::bad_input(location, reason))],
        }
    };
    ingest::read_in_chunks(|| lines.next_chunk(source), parse, sink)
}

/// The numbered lines of a reader.
struct Lines<R> {
    reader: R,
    /// Number of the line read last.
    number: usize,
}

/// A line as read, or why the lines of a damaged gzip member were lost.
enum Line {
    Read(Vec<u8>),
    Lost(String),
}

impl<R: BufRead> Lines<R> {
    /// Up to [`LINES_PER_CHUNK`] non-blank lines with their numbers, and why the chunk ended;
    /// `source` names the input in the error of a broken one. A damaged gzip member takes the
    /// place of a line, numbered as the next one; lines after it are numbered as read.
    fn next_chunk(&mut self, source: &str) -> (Vec<(usize, Line)>, ChunkEnd) {
        let mut chunk = Vec::new();
        while chunk.len() < LINES_PER_CHUNK {
            let mut line = Vec::new();
            self.number += 1;
            match self.reader.read_until(b'\n', &mut line) {
                Ok(0) => return (chunk, ChunkEnd::Eof),
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => chunk.push((self.number, Line::Read(line))),
                Err(e) if gzip::damaged_member(&e).is_some() => {
                    let reason = format!("{e}: the rest of that member is lost");
                    chunk.push((self.number, Line::Lost(reason)));
                }
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
    documents_of(record, location, max_bytes)
}

/// [`parse_line`] for a record already read as a JSON value (a table's row, see
/// [`crate::ingest::table`]).
pub(crate) fn parse_record(
    value: Value,
    location: &str,
    max_bytes: usize,
) -> Vec<Result<Document>> {
    let record = serde_json::from_value::<Record>(value)
        .map_err(|e| Error::bad_input(location, format!("unusable record: {e}")));
    documents_of(record, location, max_bytes)
}

/// The document of a record, then the errors that did not cost it.
fn documents_of(record: Result<Record>, location: &str, max_bytes: usize) -> Vec<Result<Document>> {
    match record.and_then(|r| into_document(r, location, max_bytes)) {
        Ok((doc, notes)) => std::iter::once(Ok(doc)).chain(notes.into_iter().map(Err)).collect(),
        Err(e) => vec![Err(e)],
    }
}

fn into_document(
    mut record: Record,
    location: &str,
    max_bytes: usize,
) -> Result<(Document, Vec<Error>)> {
    let (text, stated) = match (record.text(), record.html()) {
        (Some(t), _) => (t, Metadata::default()),
        (None, Some(h)) => {
            let e = html::extract(&h).map_err(|e| Error::bad_input(location, e.to_string()))?;
            (e.text, e.meta)
        }
        (None, None) => {
            return Err(Error::bad_input(location, "record has neither \"text\" nor \"html\""))
        }
    };
    let [id, url, canonical, title, outlet, date] = record.metadata();
    let mut notes = Vec::new();
    let mut string = |(name, value): (&str, Option<Value>)| {
        let value = value?;
        let read = as_string(&value);
        if read.is_none() {
            let reason = format!("{name:?} ignored: {value} is not a string");
            notes.push(Error::bad_input(location, reason));
        }
        read
    };
    let url = string(url);
    let given_id = string(id).filter(|id| !id.trim().is_empty());
    let id = match given_id.or_else(|| url.clone()).or_else(|| stated.url.clone()) {
        Some(id) => id,
        None => {
            let reason = "record has no \"id\" (a non-empty string or number) and no \"url\"";
            return Err(Error::bad_input(location, reason));
        }
    };
    let (canonical, title, outlet) = (string(canonical), string(title), string(outlet));
    if text.len() > max_bytes {
        let reason = format!(
            "document is {} bytes, over the limit of {max_bytes} (--max-doc-bytes)",
            text.len()
        );
        return Err(Error::bad_input(location, reason));
    }
    text::require_text(&text, location)?;
    let date = date.1.and_then(|value| {
        let read = date_of(&value);
        if read.is_none() {
            let reason = format!("unreadable {:?} {value} ignored (expected ISO 8601)", date.0);
            notes.push(Error::bad_input(location, reason));
        }
        read
    });
    let meta = Metadata { url, title, outlet, date, canonical }.or(stated);
    Ok((Document { id, text, meta }, notes))
}

/// A metadata value as text: a string, a number, or an object's `name` (`"source": {"name":
/// "BBC News"}`).
fn as_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(fields) => fields.get("name").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// A date value: a date string [`normalize_date`] reads, or a Unix time in seconds (in
/// milliseconds when too large for seconds of this era).
fn date_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => normalize_date(s),
        Value::Number(n) => {
            let t = n.as_i64()?;
            let time = if t.abs() >= 100_000_000_000 {
                DateTime::from_timestamp_millis(t)
            } else {
                DateTime::from_timestamp(t, 0)
            };
            time.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        }
        _ => None,
    }
}

/// A publication time as RFC 3339 UTC, or a plain `YYYY-MM-DD` date: read from ISO 8601 with
/// or without a zone (none, `GMT` or `UTC` means UTC; a space may stand for the `T`; an offset
/// may lack its colon, `+0200`, and the time its seconds), from RFC 2822 (`Tue, 14 Oct 2026
/// 09:30:00 +0200`, as RSS feeds give it), or from a day in words ("October 14, 2026", "14 Oct
/// 2026"; a time after it is not read).
pub fn normalize_date(date: &str) -> Option<String> {
    let date = date.trim();
    let utc = |t: DateTime<Utc>| Some(t.to_rfc3339_opts(SecondsFormat::Secs, true));
    if let Ok(t) =
        DateTime::parse_from_rfc3339(date).or_else(|_| DateTime::parse_from_rfc2822(date))
    {
        return utc(t.with_timezone(&Utc));
    }
    let spaced = date.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&spaced) {
        return utc(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(t) = DateTime::parse_from_str(&spaced, format) {
            return utc(t.with_timezone(&Utc));
        }
    }
    let zoneless = [" GMT", " UTC", "Z"].iter().find_map(|zone| spaced.strip_suffix(zone));
    let zoneless = zoneless.unwrap_or(&spaced);
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(zoneless, format) {
            return utc(t.and_utc());
        }
    }
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok().or_else(|| day_in_words(date));
    day.map(|d| d.format("%Y-%m-%d").to_string())
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
    fn every_story_field_gives_a_document() {
        for field in STORY_FIELDS {
            let line = format!(r#"{{"id": "a", "{field}": "<p>The pier closed.</p>"}}"#);
            let parsed = parse_line(line.into_bytes(), "f.jsonl:1", 1 << 20);
            assert!(parsed[0].as_ref().is_ok_and(|d| d.text.contains("pier")), "{field}");
        }
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
    fn a_damaged_gzip_member_costs_only_its_own_lines() {
        let member = |lines: &str| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut encoder, lines.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let first = member("{\"id\": \"a\", \"text\": \"One.\"}\n");
        let mut damaged = member("{\"id\": \"b\", \"text\": \"Two.\"}\n");
        let middle = damaged.len() / 2;
        damaged[middle..].iter_mut().for_each(|byte| *byte = !*byte);
        let last = member("{\"id\": \"c\", \"text\": \"Three.\"}\n");
        let damaged_at = first.len();
        let file = [first, damaged, last].concat();
        let reader = std::io::BufReader::new(gzip::Members::new(&file[..]));
        let mut out = Vec::new();
        let _ = read_records(reader, "feed.jsonl.gz", 1 << 20, &mut collect_into(&mut out));
        let ids: Vec<&str> = out.iter().filter_map(|r| r.as_ref().ok()).map(|d| &*d.id).collect();
        assert_eq!(ids, ["a", "c"]);
        let errors: Vec<String> =
            out.iter().filter_map(|r| r.as_ref().err()).map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let damage = format!("feed.jsonl.gz:2: gzip member at byte {damaged_at} damaged");
        assert!(errors[0].starts_with(&damage), "{errors:?}");
        assert!(errors[0].ends_with("the rest of that member is lost"), "{errors:?}");
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
    fn fields_are_read_under_the_names_other_datasets_give_them() {
        let news_please = r#"{"doc_id": 12, "maintext": "Story.", "headline": "H", "source_domain": "example.org", "date_publish": "2024-01-21 18:52:36"}"#;
        let out = read(news_please);
        assert_eq!(out.len(), 1);
        let doc = out[0].as_ref().unwrap();
        assert_eq!((doc.id.as_str(), doc.text.as_str()), ("12", "Story."));
        assert_eq!(doc.meta.title.as_deref(), Some("H"));
        assert_eq!(doc.meta.outlet.as_deref(), Some("example.org"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-01-21T18:52:36Z"));
        let news_api = r#"{"url": "https://example.org/a", "source": {"id": null, "name": "Example News"}, "publishedAt": "2024-01-21T18:52:36+01:00", "description": "Teaser.", "body": "  ", "content": "Story."}"#;
        let out = read(news_api);
        let doc = out[0].as_ref().unwrap();
        assert_eq!((doc.id.as_str(), doc.text.as_str()), ("https://example.org/a", "Story."));
        assert_eq!(doc.meta.outlet.as_deref(), Some("Example News"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-01-21T17:52:36Z"));
    }

    #[test]
    fn a_page_without_an_id_is_known_by_its_address() {
        let page = r#"<html><head><link rel=\"canonical\" href=\"https://example.org/story\"></head><body><p>Story.</p></body></html>"#;
        let out = read(&format!(r#"{{"html": "{page}"}}"#));
        assert_eq!(out[0].as_ref().unwrap().id, "https://example.org/story");
    }

    #[test]
    fn a_record_keeps_its_own_address_beside_the_canonical_one_its_page_names() {
        let page = r#"<html><head><link rel=\"canonical\" href=\"https://example.org/story\"></head><body><p>Story.</p></body></html>"#;
        let out = read(&format!(r#"{{"url": "https://copy.example/s", "html": "{page}"}}"#));
        let meta = &out[0].as_ref().unwrap().meta;
        assert_eq!(meta.url.as_deref(), Some("https://copy.example/s"));
        assert_eq!(meta.canonical.as_deref(), Some("https://example.org/story"));
        let given = r#"{"id": 1, "text": "Story.", "canonical_url": "https://example.org/story"}"#;
        let out = read(given);
        let meta = &out[0].as_ref().unwrap().meta;
        assert_eq!(meta.canonical.as_deref(), Some("https://example.org/story"));
    }

    #[test]
    fn a_metadata_field_of_another_type_costs_the_field_not_the_record() {
        let out = read(r#"{"id": "a", "text": "Story.", "title": ["x"], "date": 1700000000}"#);
        assert_eq!(out.len(), 2);
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.meta.title, None);
        assert_eq!(doc.meta.date.as_deref(), Some("2023-11-14T22:13:20Z"));
        let note = out[1].as_ref().unwrap_err().to_string();
        assert!(note.starts_with("feed.jsonl:1: \"title\" ignored"), "{note}");
        let millis = read(r#"{"id": "b", "text": "Story.", "date": 1700000000000}"#);
        assert_eq!(millis[0].as_ref().unwrap().meta.date.as_deref(), Some("2023-11-14T22:13:20Z"));
    }

    #[test]
    fn dates_are_read_in_the_forms_feeds_give_them() {
        let read = |d| normalize_date(d);
        assert_eq!(read("2026-10-14T09:30:00+02:00").as_deref(), Some("2026-10-14T07:30:00Z"));
        assert_eq!(
            read("Wed, 14 Oct 2026 09:30:00 +0200").as_deref(),
            Some("2026-10-14T07:30:00Z")
        );
        assert_eq!(read("2026-10-14 09:30:00+02:00").as_deref(), Some("2026-10-14T07:30:00Z"));
        assert_eq!(read("2026-10-14 09:30:00").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("2026-10-14T09:30:00.250").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("2026-10-14T09:30").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("2026-10-14").as_deref(), Some("2026-10-14"));
        // as news pages' markup writes them
        assert_eq!(read("2026-10-14T09:30:00+0200").as_deref(), Some("2026-10-14T07:30:00Z"));
        assert_eq!(read("2026-10-14T09:30:00.000-0500").as_deref(), Some("2026-10-14T14:30:00Z"));
        assert_eq!(read("2026-10-14T09:30+0000").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("2026-10-14 09:30:00 GMT").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("2026-10-14 09:30:00 UTC").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("2026-10-14T09:30Z").as_deref(), Some("2026-10-14T09:30:00Z"));
        assert_eq!(read("14/10/2026"), None);
        // a day in words, its time (in a local zone) left out
        assert_eq!(read("October 14, 2026").as_deref(), Some("2026-10-14"));
        assert_eq!(read("Oct. 14, 2026").as_deref(), Some("2026-10-14"));
        assert_eq!(read("14 Oct 2026").as_deref(), Some("2026-10-14"));
        assert_eq!(read("October 14, 2026, 07:47 PM EST").as_deref(), Some("2026-10-14"));
        assert_eq!(read("Tuesday, Sept. 30, 2025").as_deref(), Some("2025-09-30"));
        assert_eq!(read("October 14, 2026 in Lisbon"), None);
        assert_eq!(read("October 32, 2026"), None);
    }

    #[test]
    fn a_bad_date_keeps_the_record() {
        let out = read(r#"{"id": "a", "text": "Story.", "date": "last Tuesday"}"#);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].as_ref().unwrap().meta.date, None);
        assert!(out[1].as_ref().unwrap_err().to_string().contains("unreadable \"date\""));
    }
}
