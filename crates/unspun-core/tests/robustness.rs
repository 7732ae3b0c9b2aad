//! Property tests of what unspun promises about bad input: whatever bytes a file holds, reading
//! it never panics and names the file in every problem it reports; one broken record costs
//! that record and no other; a scan of any text, however disguised, reports passages that
//! lie inside their documents, with the wording they name inside them; and the tokens of any
//! text are slices of it, in order.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config;
use unspun_core::ingest::{self, IngestConfig, Ingested, Input};
use unspun_core::normalize;
use unspun_core::{Document, NoProgress, PipelineBuilder, Span};
use warc::{RecordBuilder, RecordType, WarcHeader, WarcWriter};

/// What generated stories are made of: plain words, and what scrapers and spinners leave in
/// text (look-alike letters, zero-width characters, soft hyphens, accents, ligatures,
/// separators in numbers, curly quotes, dotted acronyms, other scripts, emoji; Hindi words
/// with viramas and vowel signs, the danda, Thai and Lao runs with tone marks, Arabic-Indic
/// digits, a combining mark standing alone).
const WORDS: &[&str] = &[
    "the",
    "harbor",
    "council",
    "said",
    "on",
    "Tuesday",
    "fire",
    "crews",
    "closed",
    "pier",
    "Mr",
    "U.N.",
    "3.5",
    "1,200",
    "\u{201C}quoted\u{201D}",
    "don't",
    "Smith's",
    "с\u{0456}ty",
    "wa\u{200B}ter",
    "co\u{AD}operate",
    "caf\u{E9}",
    "nai\u{308}ve",
    "\u{FB01}sh",
    "\u{3A9}mega",
    "\u{2014}",
    "\u{2026}",
    "\u{65E5}\u{672C}",
    "\u{1F642}",
    "(AP)",
    "--",
    "e.g.",
    "$4m",
    "\u{092A}\u{094D}\u{0930}\u{0927}\u{093E}\u{0928}\u{092E}\u{0902}\u{0924}\u{094D}\u{0930}\u{0940}",
    "\u{0915}\u{0940}\u{0964}",
    "\u{0E19}\u{0E32}\u{0E22}\u{0E01}\u{0E23}\u{0E31}\u{0E10}\u{0E21}\u{0E19}\u{0E15}\u{0E23}\u{0E35}\u{0E01}\u{0E25}\u{0E48}\u{0E32}\u{0E27}",
    "\u{0E81}\u{0EC8}\u{0EB2}\u{0EA7}",
    "\u{0662}\u{0660}\u{066B}\u{0665}",
    "\u{0301}x",
];

/// Characters that tokenizing treats apart: ASCII letters, digits and connectors, spaces,
/// invisible characters, marks alone and inside words, Devanagari, Thai, Khmer, Han, kana
/// with its voicing mark, other scripts' digits and separators.
const CHARACTERS: &[char] = &[
    'a', 'Z', '7', '.', ',', '\'', ' ', '\n', '\u{200B}', '\u{00AD}', '\u{0301}', '\u{0915}',
    '\u{094D}', '\u{093E}', '\u{0964}', '\u{0E01}', '\u{0E48}', '\u{0E32}', '\u{0E50}', '\u{1780}',
    '\u{17D2}', '\u{65E5}', '\u{304B}', '\u{3099}', '\u{FF76}', '\u{FF9E}', '\u{0662}', '\u{066B}',
    '\u{0430}', 'é',
];

/// A text of up to 60 characters drawn from [`CHARACTERS`].
fn character_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARACTERS), 0..60)
        .prop_map(|chars| chars.into_iter().collect())
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..14).prop_map(|words| {
        let mut text = words.join(" ");
        text.push('.');
        text
    })
}

/// A story: one to three paragraphs of one to four sentences.
fn story() -> impl Strategy<Value = String> {
    let paragraph = prop::collection::vec(sentence(), 1..5).prop_map(|s| s.join(" "));
    prop::collection::vec(paragraph, 1..4).prop_map(|p| p.join("\n\n"))
}

/// Bytes that fit on one line.
fn junk_line() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>().prop_filter("one line", |b| *b != b'\n'), 0..120)
}

fn read(path: &Path) -> Ingested {
    ingest::read_inputs(&[Input::Path(path.to_path_buf())], IngestConfig::default())
}

fn jsonl_line(id: &str, text: &str) -> Vec<u8> {
    let mut line = serde_json::to_vec(&serde_json::json!({ "id": id, "text": text })).unwrap();
    line.push(b'\n');
    line
}

/// A WARC response record holding `text` as a web page, written by the `warc` crate.
fn warc_record(uri: &str, text: &str) -> Vec<u8> {
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    http.extend_from_slice(format!("<html><body><p>{text}</p></body></html>").as_bytes());
    let record = RecordBuilder::default()
        .warc_type(RecordType::Response)
        .header(WarcHeader::TargetURI, uri)
        .header(WarcHeader::ContentType, "application/http; msgtype=response")
        .body(http)
        .build()
        .unwrap();
    let mut bytes = Vec::new();
    WarcWriter::new(&mut bytes).write(&record).unwrap();
    bytes
}

/// Checks that every problem reported names `path`.
fn problems_name(ingested: &Ingested, path: &Path) -> Result<(), TestCaseError> {
    let name = path.display().to_string();
    for problem in &ingested.problems {
        let message = problem.to_string();
        prop_assert!(message.starts_with(&name), "{message} does not name {name}");
    }
    Ok(())
}

/// Applies byte edits (offset as a share of the length, new byte) and a cut to `bytes`.
fn mutate(mut bytes: Vec<u8>, edits: &[(f64, u8)], keep: f64) -> Vec<u8> {
    for &(at, byte) in edits {
        if !bytes.is_empty() {
            let index = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[index] = byte;
        }
    }
    bytes.truncate((bytes.len() as f64 * keep).ceil() as usize);
    bytes
}

fn edits() -> impl Strategy<Value = Vec<(f64, u8)>> {
    prop::collection::vec((0.0..1.0f64, any::<u8>()), 0..8)
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn a_broken_jsonl_line_costs_that_line_alone(
        stories in prop::collection::vec(story(), 1..6),
        junk in junk_line(),
        at in any::<prop::sample::Index>(),
    ) {
        check_broken_jsonl_line(stories, junk, at)?;
    }

    #[test]
    fn a_warc_record_without_a_date_or_id_costs_that_record_alone(
        stories in prop::collection::vec(story(), 2..6),
        at in any::<prop::sample::Index>(),
        header in prop::sample::select(&["WARC-Date", "WARC-Record-ID"][..]),
    ) {
        check_warc_record_without_date_or_id(stories, at, header)?;
    }

    #[test]
    fn a_wrong_warc_content_length_costs_that_record_alone(
        stories in prop::collection::vec(story(), 2..6),
        at in any::<prop::sample::Index>(),
        length in 0..4000usize,
    ) {
        check_wrong_content_length(stories, at, length)?;
    }

    #[test]
    fn byte_edits_to_a_warc_archive_cost_only_the_records_they_touch(
        stories in prop::collection::vec(story(), 2..6),
        damage in edits(),
    ) {
        check_edited_warc(stories, damage)?;
    }

    #[test]
    fn a_damaged_gzip_member_costs_the_record_it_holds_alone(
        stories in prop::collection::vec(story(), 2..6),
        member in any::<prop::sample::Index>(),
        damage in prop::collection::vec((0.0..1.0f64, any::<u8>()), 1..8),
    ) {
        check_damaged_gzip_member(stories, member, damage)?;
    }

    #[test]
    fn any_damage_to_a_file_is_named_never_a_panic(
        stories in prop::collection::vec(story(), 1..6),
        kind in 0..6usize,
        damage in edits(),
        keep in prop_oneof![Just(1.0), 0.0..1.0f64],
    ) {
        check_damaged_file(stories, kind, damage, keep)?;
    }

    #[test]
    fn byte_edits_to_json_lines_cost_only_the_lines_they_touch(
        stories in prop::collection::vec(story(), 2..8),
        damage in edits(),
    ) {
        check_edited_json_lines(stories, damage)?;
    }

    #[test]
    fn tokens_of_any_text_are_ordered_slices_of_it(text in character_soup(), cut in 0..60usize) {
        check_tokens(&text, cut)?;
    }

    #[test]
    fn passages_lie_inside_their_documents(
        source in story(),
        copies in prop::collection::vec((story(), 0..4usize), 1..4),
    ) {
        check_scan_of_disguised_text(source, copies)?;
    }
}

fn check_broken_jsonl_line(
    stories: Vec<String>,
    junk: Vec<u8>,
    at: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let junk_at = at.index(stories.len() + 1);
    let mut bytes = Vec::new();
    for (n, text) in stories.iter().enumerate() {
        if n == junk_at {
            bytes.extend_from_slice(&junk);
            bytes.push(b'\n');
        }
        bytes.extend(jsonl_line(&format!("doc-{n}"), text));
    }
    if junk_at == stories.len() {
        bytes.extend_from_slice(&junk);
    }
    fs::write(&path, &bytes).unwrap();
    let ingested = read(&path);
    for (n, text) in stories.iter().enumerate() {
        let id = format!("doc-{n}");
        let doc = ingested.documents.iter().find(|d| d.id == id);
        prop_assert!(doc.is_some_and(|d| &d.text == text), "{id} lost: {:?}", ingested.problems);
    }
    prop_assert!(ingested.problems.len() <= 1, "{:?}", ingested.problems);
    let line = format!("{}:{}:", path.display(), junk_at + 1);
    for problem in &ingested.problems {
        prop_assert!(problem.to_string().starts_with(&line), "{problem} is not line {line}");
    }
    Ok(())
}

fn check_warc_record_without_date_or_id(
    stories: Vec<String>,
    at: prop::sample::Index,
    header: &str,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    let broken = at.index(stories.len());
    let mut bytes = Vec::new();
    for (n, text) in stories.iter().enumerate() {
        let record = warc_record(&format!("https://example.org/{n}"), text);
        if n == broken {
            let record = String::from_utf8(record).unwrap();
            let start = record.to_ascii_lowercase().find(&header.to_ascii_lowercase()).unwrap();
            let end = start + record[start..].find("\r\n").unwrap() + 2;
            bytes.extend_from_slice(&record.as_bytes()[..start]);
            bytes.extend_from_slice(&record.as_bytes()[end..]);
        } else {
            bytes.extend(record);
        }
    }
    fs::write(&path, &bytes).unwrap();
    let ingested = read(&path);
    for n in (0..stories.len()).filter(|&n| n != broken) {
        let id = format!("https://example.org/{n}");
        prop_assert!(
            ingested.documents.iter().any(|d| d.id == id),
            "{id} lost: {:?}",
            ingested.problems
        );
    }
    prop_assert_eq!(ingested.problems.len(), 1);
    let record = format!("{}: record {}:", path.display(), broken + 1);
    prop_assert!(ingested.problems[0].to_string().starts_with(&record), "{}", ingested.problems[0]);
    Ok(())
}

fn check_wrong_content_length(
    stories: Vec<String>,
    at: prop::sample::Index,
    length: usize,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    let broken = at.index(stories.len());
    let mut records: Vec<String> = stories
        .iter()
        .enumerate()
        .map(|(n, text)| String::from_utf8(warc_record(&format!("https://example.org/{n}"), text)))
        .collect::<Result<_, _>>()
        .unwrap();
    let record = &mut records[broken];
    let start = record.to_ascii_lowercase().find("content-length: ").unwrap() + 16;
    let end = start + record[start..].find("\r\n").unwrap();
    prop_assume!(record[start..end] != length.to_string());
    record.replace_range(start..end, &length.to_string());
    let block = records[..broken].iter().map(String::len).sum::<usize>()
        + records[broken].find("\r\n\r\n").unwrap()
        + 4;
    let bytes = records.concat().into_bytes();
    // A length whose block ends where a record's may end frames a record after all.
    prop_assume!(bytes.get(block + length..block + length + 4) != Some(&b"\r\n\r\n"[..]));
    fs::write(&path, &bytes).unwrap();
    let ingested = read(&path);
    for n in (0..stories.len()).filter(|&n| n != broken) {
        let id = format!("https://example.org/{n}");
        let found = ingested.documents.iter().any(|d| d.id == id);
        prop_assert!(found, "{id} lost: {:?}", ingested.problems);
    }
    prop_assert_eq!(ingested.problems.len(), 1, "{:?}", ingested.problems);
    let record = format!("{}: record {}:", path.display(), broken + 1);
    prop_assert!(ingested.problems[0].to_string().starts_with(&record), "{}", ingested.problems[0]);
    Ok(())
}

fn check_edited_warc(stories: Vec<String>, damage: Vec<(f64, u8)>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    let records: Vec<Vec<u8>> = (0..stories.len())
        .map(|n| warc_record(&format!("https://example.org/{n}"), &stories[n]))
        .collect();
    let whole = records.concat();
    let edited = mutate(whole.clone(), &damage, 1.0);
    // A digit changed to another can move a Content-Length onto a later record's end, which
    // frames the records between as one: a well-formed record, not damage to report.
    let digit_for_digit =
        whole.iter().zip(&edited).any(|(x, y)| x != y && x.is_ascii_digit() && y.is_ascii_digit());
    prop_assume!(!digit_for_digit);
    fs::write(&path, &edited).unwrap();
    let ingested = read(&path);
    problems_name(&ingested, &path)?;
    let ids = (0..records.len()).map(|n| format!("https://example.org/{n}"));
    untouched_pieces_are_read(&whole, &edited, ids.zip(records.iter().map(Vec::len)), &ingested)
}

fn check_damaged_gzip_member(
    stories: Vec<String>,
    member: prop::sample::Index,
    damage: Vec<(f64, u8)>,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    let damaged = member.index(stories.len());
    let mut bytes = Vec::new();
    for (n, text) in stories.iter().enumerate() {
        let member = gzip(&warc_record(&format!("https://example.org/{n}"), text));
        if n == damaged {
            let edited = mutate(member.clone(), &damage, 1.0);
            prop_assume!(edited != member);
            bytes.extend(edited);
        } else {
            bytes.extend(member);
        }
    }
    fs::write(&path, &bytes).unwrap();
    let ingested = read(&path);
    problems_name(&ingested, &path)?;
    for n in (0..stories.len()).filter(|&n| n != damaged) {
        let id = format!("https://example.org/{n}");
        let found = ingested.documents.iter().any(|d| d.id == id);
        prop_assert!(found, "{id} lost: {:?}", ingested.problems);
    }
    Ok(())
}

fn check_damaged_file(
    stories: Vec<String>,
    kind: usize,
    damage: Vec<(f64, u8)>,
    keep: f64,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let (name, whole) = whole_file(kind, &stories);
    let path = dir.path().join(name);
    fs::write(&path, mutate(whole, &damage, keep)).unwrap();
    let ingested = read(&path);
    problems_name(&ingested, &path)?;
    for doc in &ingested.documents {
        prop_assert!(doc.text.len() <= IngestConfig::default().max_document_bytes);
    }
    Ok(())
}

fn check_edited_json_lines(
    stories: Vec<String>,
    damage: Vec<(f64, u8)>,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let (_, whole) = whole_file(2, &stories);
    let edited = mutate(whole.clone(), &damage, 1.0);
    fs::write(&path, &edited).unwrap();
    let ingested = read(&path);
    problems_name(&ingested, &path)?;
    let lines = whole.split_inclusive(|b| *b == b'\n').enumerate();
    let pieces = lines.map(|(n, line)| (format!("doc-{n}"), line.len()));
    untouched_pieces_are_read(&whole, &edited, pieces, &ingested)
}

/// Checks that each piece of `whole` (a line, a record: its document's id and its length, in
/// order) that `edited` leaves untouched, with the byte before it, was read. That byte is the
/// newline that ends the piece before: an edit of it joins the two.
fn untouched_pieces_are_read(
    whole: &[u8],
    edited: &[u8],
    pieces: impl IntoIterator<Item = (String, usize)>,
    ingested: &Ingested,
) -> Result<(), TestCaseError> {
    let mut start = 0usize;
    for (id, length) in pieces {
        let (from, end) = (start.saturating_sub(1), start + length);
        if edited[from..end] == whole[from..end] {
            prop_assert!(
                ingested.documents.iter().any(|d| d.id == id),
                "{id}, untouched, lost: {:?}",
                ingested.problems
            );
        }
        start = end;
    }
    Ok(())
}

/// The tokens of `text`, and of the part of it from its `cut`-th character on, are non-empty
/// slices of it on character boundaries, in order and apart, inside the range tokenized; and
/// the spans found without folding are the tokens' spans.
fn check_tokens(text: &str, cut: usize) -> Result<(), TestCaseError> {
    let start = text.char_indices().nth(cut).map_or(text.len(), |(at, _)| at);
    for range in [Span::new(0, text.len()), Span::new(start, text.len())] {
        let tokens = normalize::tokenize_range(text, range);
        let spans: Vec<Span> = tokens.iter().map(|t| t.span).collect();
        prop_assert_eq!(&normalize::token_spans(text, range), &spans);
        let mut end = range.start as usize;
        for token in &tokens {
            let (from, to) = (token.span.start as usize, token.span.end as usize);
            prop_assert!(end <= from && from < to && to <= range.end as usize, "{:?}", spans);
            prop_assert!(text.get(from..to).is_some(), "{from}..{to} of {text:?}");
            prop_assert!(!token.folded.is_empty(), "{from}..{to} of {text:?}");
            end = to;
        }
    }
    Ok(())
}

fn check_scan_of_disguised_text(
    source: String,
    copies: Vec<(String, usize)>,
) -> Result<(), TestCaseError> {
    let mut docs = vec![Document::new("source", source.as_str())];
    for (n, (own, mix)) in copies.iter().enumerate() {
        let text = match mix {
            0 => source.clone(),
            1 => format!("{own}\n\n{source}"),
            2 => source.replace(' ', " \u{200B}").replace("the", "th\u{0435}"),
            _ => own.clone(),
        };
        docs.push(Document::new(format!("copy-{n}"), text));
    }
    let texts: Vec<(String, String)> =
        docs.iter().map(|d| (d.id.clone(), d.text.clone())).collect();
    let output = PipelineBuilder::new().build().unwrap().scan(docs, &NoProgress);
    let text_of = |id: &str| texts.iter().find(|(i, _)| i == id).map(|(_, t)| t.as_str());
    for pair in &output.pairs {
        let (a, b) = (text_of(&pair.a), text_of(&pair.b));
        prop_assert!(a.is_some() && b.is_some(), "{} / {} not scanned", pair.a, pair.b);
        for passage in &pair.passages {
            let substituted = |side: usize| passage.substitutions.iter().map(move |s| &s[side]);
            let sides = [
                (a.unwrap(), passage.a, substituted(0).chain(passage.only_in_a())),
                (b.unwrap(), passage.b, substituted(1).chain(passage.only_in_b())),
            ];
            for (text, [start, end], wording) in sides {
                prop_assert!(start < end, "empty passage {start}..{end}");
                let slice = text.get(start as usize..end as usize);
                prop_assert!(
                    slice.is_some(),
                    "{start}..{end} is not a slice of a text of {} bytes",
                    text.len()
                );
                for words in wording {
                    prop_assert!(slice.unwrap().contains(words.as_str()), "{words:?} outside");
                }
            }
        }
    }
    Ok(())
}

/// A whole file of kind `kind` (text, page, JSON Lines plain or gzipped, WARC plain or
/// gzipped) holding `stories`, and its name.
fn whole_file(kind: usize, stories: &[String]) -> (&'static str, Vec<u8>) {
    let lines = || {
        let ids = (0..stories.len()).map(|n| format!("doc-{n}"));
        ids.zip(stories).flat_map(|(id, text)| jsonl_line(&id, text)).collect::<Vec<u8>>()
    };
    let records = || {
        let uris = (0..stories.len()).map(|n| format!("https://example.org/{n}"));
        uris.zip(stories).flat_map(|(uri, text)| warc_record(&uri, text)).collect::<Vec<u8>>()
    };
    match kind {
        0 => ("story.txt", stories.join("\n\n").into_bytes()),
        1 => (
            "page.html",
            format!("<html><body><p>{}</p></body></html>", stories.join("</p><p>")).into_bytes(),
        ),
        2 => ("feed.jsonl", lines()),
        3 => ("feed.jsonl.gz", gzip(&lines())),
        4 => ("crawl.warc", records()),
        _ => ("crawl.warc.gz", gzip(&records())),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Text without a sentence stop, and a copy with every ninth word changed: the scan compares
/// them piece by piece (`segment::MAX_SENTENCE_BYTES`), as it compares sentences, instead of
/// as one sentence each, whose comparison costs the product of their lengths.
#[test]
fn run_on_copies_are_aligned_piece_by_piece() {
    const CONTENT: [&str; 24] = [
        "harbor",
        "council",
        "budget",
        "ferry",
        "seawall",
        "dredging",
        "fleet",
        "winter",
        "storm",
        "coast",
        "tariff",
        "pension",
        "orchard",
        "quarry",
        "library",
        "bridge",
        "clinic",
        "river",
        "school",
        "timber",
        "railway",
        "market",
        "tunnel",
        "reservoir",
    ];
    let mut state = 7u64;
    let mut next = || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let words: Vec<&str> = (0..1_500).map(|_| CONTENT[next() % CONTENT.len()]).collect();
    let source = words.join(" ");
    let copy: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(n, word)| if n % 9 == 0 { CONTENT[next() % CONTENT.len()] } else { word })
        .collect();
    let docs =
        vec![Document::new("source", source.as_str()), Document::new("copy", copy.join(" "))];
    let output = PipelineBuilder::new().build().unwrap().scan(docs, &NoProgress);
    assert_eq!(output.pairs.len(), 1, "the copy is found");
    let pair = &output.pairs[0];
    assert!(pair.aligned_sentences >= 4, "{} pieces aligned", pair.aligned_sentences);
    let longest = pair.passages.iter().map(|p| p.a[1] - p.a[0]).max().unwrap_or(0);
    assert!(longest as usize <= 2 * unspun_core::segment::MAX_SENTENCE_BYTES, "{longest} bytes");
}
