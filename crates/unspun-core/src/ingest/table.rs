//! CSV and TSV tables, as many news datasets are published: a header row naming the columns,
//! then a record per row (a quoted field may hold the story's line breaks). Columns are read
//! under the names JSON Lines records use ([`jsonl`]), in any case (`text` or `Content`, `id`,
//! `title`, `publication`, `date`, ...), and each row becomes a document exactly as the record
//! with those fields would, known by its line (`news.csv:14`) when no column names it; an empty
//! field counts as absent and unknown columns are ignored. A bad row (invalid UTF-8, another
//! number of fields than the header) is reported by line and skipped, a last row that looks
//! to have swallowed the rows after a quote left open is reported; a read error ends the
//! file, keeping the rows read before it. A table with no column a story may be in is no
//! corpus: reported once, not row by row, and passed over in a directory.

use std::io::{BufRead, Read};
use std::ops::ControlFlow;

use serde_json::{Map, Value};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::ingest::{self, jsonl, ChunkEnd, Sink};

/// Rows parsed together, in parallel, before their records are handed over in order.
const ROWS_PER_CHUNK: usize = 512;

/// How a table separates its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`: CSV.
    Comma,
    /// A tab: TSV.
    Tab,
}

/// Reads every row of `reader`, handing `sink` a document or an error per row, in order, until
/// the end or until `sink` breaks. `source` names the file in errors (`file:line`).
pub fn read_records(
    reader: impl BufRead,
    delimiter: Delimiter,
    source: &str,
    max_bytes: usize,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let mut rows = table_reader(QuoteCount { inner: reader, quotes: 0 }, delimiter);
    let header = match rows.headers() {
        Ok(names) => column_names(names),
        Err(e) => return sink(Err(Error::bad_input(source, format!("unreadable header: {e}")))),
    };
    if let Some(reason) = missing_story_column(&header) {
        return sink(Err(Error::bad_input(source, reason)));
    }
    let mut last_row_line = None;
    let mut next_chunk = || {
        let mut chunk = Vec::new();
        while chunk.len() < ROWS_PER_CHUNK {
            let mut row = csv::StringRecord::new();
            match rows.read_record(&mut row) {
                Ok(false) => return (chunk, ChunkEnd::Eof),
                Ok(true) => {
                    last_row_line = row.position().map(csv::Position::line);
                    chunk.push(Ok(row));
                }
                Err(e) if is_bad_row(&e) => {
                    last_row_line = None;
                    chunk.push(Err(e));
                }
                Err(e) => {
                    let broken = Error::bad_input(source, format!("{e}; later rows lost"));
                    return (chunk, ChunkEnd::Broken(broken));
                }
            }
        }
        (chunk, ChunkEnd::Full)
    };
    let parse = |row: csv::Result<csv::StringRecord>| match row {
        Ok(row) => {
            let line = row.position().map_or(0, csv::Position::line);
            let fields = row.iter().map(Some);
            parse_row(&header, fields, &format!("{source}:{line}"), max_bytes)
        }
        Err(e) => vec![Err(bad_row(source, &e))],
    };
    ingest::read_in_chunks(&mut next_chunk, parse, sink)?;
    match last_row_line.filter(|&line| quote_left_open(&rows, line)) {
        Some(line) => sink(Err(Error::bad_input(format!("{source}:{line}"), QUOTE_LEFT_OPEN))),
        None => ControlFlow::Continue(()),
    }
}

/// The reason given for a last row that may hold the rows after a quote left open.
const QUOTE_LEFT_OPEN: &str = "the last row runs on over the lines to the end of the file, \
     whose quote marks do not pair up: a quote left open may have made the rows after it part \
     of this one";

/// Whether a table read to its end, whose last row starts on `last_row_line`, looks cut short
/// by a quote left open: a reader takes everything after an opening quote that no quote
/// closes as one field, so that row spans the lines to the end of the file, and the file
/// holds an odd number of quote marks (a table written by a CSV writer always holds an even
/// number: every quote in a field is doubled, and the field quoted).
fn quote_left_open<R: Read>(rows: &csv::Reader<QuoteCount<R>>, last_row_line: u64) -> bool {
    let end_line = rows.position().line();
    end_line > last_row_line + 1 && rows.get_ref().quotes % 2 == 1
}

/// A reader that counts the quote marks it passes on.
struct QuoteCount<R> {
    inner: R,
    quotes: usize,
}

impl<R: Read> Read for QuoteCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.quotes += buf[..read].iter().filter(|&&byte| byte == b'"').count();
        Ok(read)
    }
}

/// A reader of rows separated by `delimiter`, the first row read as the header.
fn table_reader<R: Read>(reader: R, delimiter: Delimiter) -> csv::Reader<R> {
    let separator = match delimiter {
        Delimiter::Comma => b',',
        Delimiter::Tab => b'\t',
    };
    csv::ReaderBuilder::new().delimiter(separator).from_reader(reader)
}

/// The column names a header gives, trimmed (of a byte order mark too) and in lowercase: how
/// JSON Lines fields are named.
pub fn column_names<'h>(header: impl IntoIterator<Item = &'h str>) -> Vec<String> {
    let name = |raw: &str| raw.trim_start_matches('\u{feff}').trim().to_lowercase();
    header.into_iter().map(name).collect()
}

/// Why a table whose header gives `columns` (as [`column_names`] gives them) is no corpus, or
/// `None`: it needs a column a story may be in, which a table of other facts (a dataset's file
/// list, its labels) lacks.
pub fn missing_story_column(columns: &[String]) -> Option<String> {
    let holds = columns.iter().any(|name| jsonl::STORY_FIELDS.contains(&name.as_str()));
    let story_fields = || jsonl::STORY_FIELDS.join(", ");
    (!holds).then(|| format!("no column holds a story (one of {}): not read", story_fields()))
}

/// Whether the table `reader` opens on holds stories, read from its header alone: how a
/// directory's tables of other facts are told from its corpora. A header that cannot be read
/// counts as holding stories, so that reading the table reports it.
pub fn opens_on_stories(reader: impl BufRead, delimiter: Delimiter) -> bool {
    let mut rows = table_reader(reader, delimiter);
    rows.headers().map_or(true, |names| missing_story_column(&column_names(names)).is_none())
}

/// The document of one row (or the errors that cost it, then those that did not), its fields
/// under `columns` as [`column_names`] gives them, `None` or empty for a missing value; the
/// row is known by `location` when no column names it. How a table read elsewhere (by Spark)
/// becomes documents exactly as `unspun scan` reads one.
pub fn parse_row<'f>(
    columns: &[String],
    fields: impl IntoIterator<Item = Option<&'f str>>,
    location: &str,
    max_bytes: usize,
) -> Vec<Result<Document>> {
    jsonl::parse_record(record_of(columns, fields, location), location, max_bytes)
}

/// Columns that name a record; a row with none of them is known by where it is.
const NAMING_COLUMNS: [&str; 4] = ["id", "doc_id", "url", "link"];

/// A row as the JSON object of a record: each non-empty field under its column's name (the
/// first of two columns of one name wins), and, when no field names the row, `location` (the
/// file and the line the row starts on) as its id: many datasets' tables number no row.
fn record_of<'f>(
    header: &[String],
    row: impl IntoIterator<Item = Option<&'f str>>,
    location: &str,
) -> Value {
    let mut fields = Map::new();
    for (name, value) in header.iter().zip(row) {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else { continue };
        if !fields.contains_key(name) {
            fields.insert(name.clone(), Value::String(value.to_owned()));
        }
    }
    if !NAMING_COLUMNS.iter().any(|name| fields.contains_key(*name)) {
        fields.insert("id".to_owned(), Value::String(location.to_owned()));
    }
    Value::Object(fields)
}

/// Whether a read error costs its row alone: the reader has moved past it.
fn is_bad_row(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. })
}

/// The error reporting a bad row, named by the line it starts on.
fn bad_row(source: &str, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } if len < expected_len => {
            format!(
                "row has {len} fields, the header {expected_len} (a quote left open makes the \
                 lines after it one field)"
            )
        }
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("row has {len} fields, the header {expected_len}")
        }
        _ => format!("invalid UTF-8 in a field ({e})"),
    };
    Error::bad_input(format!("{source}:{line}"), reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::collect_into;

    fn read(input: &str, delimiter: Delimiter) -> Vec<Result<Document>> {
        read_bytes(input.as_bytes(), delimiter)
    }

    fn read_bytes(input: &[u8], delimiter: Delimiter) -> Vec<Result<Document>> {
        let mut out = Vec::new();
        let _ = read_records(input, delimiter, "news.csv", 1 << 20, &mut collect_into(&mut out));
        out
    }

    #[test]
    fn rows_read_as_records_under_any_case_with_stories_over_several_lines() {
        let input = concat!(
            "ID,Title,Publication,Date,Content,Extra\n",
            "7,Harbour fire,Coastline Wire,2026-10-14,\"Fire closed the pier.\n\nCrews stayed.\",x\n",
            "8,,,,Another story here.,\n",
        );
        let docs: Vec<Document> =
            read(input, Delimiter::Comma).into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "7");
        assert_eq!(docs[0].text, "Fire closed the pier.\n\nCrews stayed.");
        assert_eq!(docs[0].meta.title.as_deref(), Some("Harbour fire"));
        assert_eq!(docs[0].meta.outlet.as_deref(), Some("Coastline Wire"));
        assert_eq!(docs[0].meta.date.as_deref(), Some("2026-10-14"));
        assert_eq!(docs[1].id, "8");
        assert_eq!(docs[1].meta.title, None, "an empty field is absent");
    }

    #[test]
    fn tab_separated_tables_read_alike_and_unnamed_rows_go_by_line() {
        let input = "category\ttext\ntech\tThe story, with a comma.\n";
        let docs = read(input, Delimiter::Tab);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text, "The story, with a comma.");
        assert_eq!(doc.id, "news.csv:2");
    }

    #[test]
    fn a_bad_row_is_reported_by_line_and_the_rest_are_read() {
        let input = concat!(
            "id,text\n",
            "a,First story.\n",
            "b,Second story.,stray field\n",
            "c,\n",
            "d,Fourth \"story\".\n",
            "e\n",
        );
        let read = read(input, Delimiter::Comma);
        let ids: Vec<&str> = read.iter().filter_map(|r| r.as_ref().ok()).map(|d| &*d.id).collect();
        assert_eq!(ids, ["a", "d"]);
        let errors: Vec<String> =
            read.iter().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("news.csv:3") && errors[0].contains("3 fields, the header 2"));
        assert!(!errors[0].contains("quote"), "{errors:?}");
        assert!(errors[1].contains("news.csv:4") && errors[1].contains("neither"), "{errors:?}");
        assert!(errors[2].contains("news.csv:6") && errors[2].contains("quote left open"));
    }

    #[test]
    fn a_quote_left_open_in_the_last_column_is_reported_at_its_row() {
        let open = "id,text\na,\"First story.\nb,Second story.\nc,Third \"\"story\"\".\n";
        let joined = read(open, Delimiter::Comma);
        assert_eq!(joined.len(), 2, "{joined:?}");
        assert!(joined[0].as_ref().unwrap().text.contains("Second story."));
        let message = joined[1].as_ref().unwrap_err().to_string();
        assert!(message.contains("news.csv:2") && message.contains("quote left open"), "{message}");

        let in_a_middle_column = "id,title,text\na,T,First.\nb,\"T,Second.\nc,T,Third.\n";
        let read_on = read(in_a_middle_column, Delimiter::Comma);
        let errors: Vec<String> =
            read_on.iter().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 1, "the short row alone is reported: {errors:?}");
        assert!(errors[0].contains("news.csv:3"), "{errors:?}");

        let closed = "id,text\na,First story.\nb,\"Second story.\n\nIts \"\"end\"\".\"\n";
        let whole = read(closed, Delimiter::Comma);
        assert_eq!(whole.len(), 2, "a story over several lines at the end: {whole:?}");
        assert!(whole.iter().all(Result::is_ok));
    }

    #[test]
    fn a_byte_order_mark_before_the_header_is_no_part_of_a_name() {
        let docs = read("\u{feff}id,text\na,The story.\n", Delimiter::Comma);
        assert_eq!(docs[0].as_ref().unwrap().id, "a");
    }

    #[test]
    fn a_row_read_elsewhere_parses_as_its_table_row_does() {
        let columns = column_names(["\u{feff}Title", "Outlet", "Content"]);
        let fields = [Some("Harbour fire"), None, Some("Fire closed the pier.")];
        let parsed = parse_row(&columns, fields, "news.csv:2", 1 << 20);
        let in_table =
            read("title,outlet,content\nHarbour fire,,Fire closed the pier.\n", Delimiter::Comma);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].as_ref().unwrap(), in_table[0].as_ref().unwrap());
    }

    #[test]
    fn a_row_of_invalid_utf8_costs_that_row() {
        let read = read_bytes(b"id,text\na,Caf\xe9 story.\nb,Second story.\n", Delimiter::Comma);
        assert!(read[0].as_ref().unwrap_err().to_string().contains("news.csv:2"));
        assert_eq!(read[1].as_ref().unwrap().id, "b");
    }
}
