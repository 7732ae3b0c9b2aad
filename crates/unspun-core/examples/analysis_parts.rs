//! What each part of document analysis costs, on one thread: segmenting into sentences,
//! finding token spans, tokenizing, [`analysis::analyze_tokens`], and the whole of
//! [`boilerplate::analyze`] (which adds the paragraph cues). Each part runs over the same
//! documents several times; the fastest pass of each is printed, in milliseconds, since a
//! shared machine slows single passes at random. Compare two builds by running them in turn.
//!
//! ```sh
//! cargo run --release -p unspun-core --example analysis_parts -- corpus.jsonl 20000 7
//! ```
//!
//! Arguments: a corpus (anything `unspun scan` reads), how many of its documents to analyse
//! (all by default) and how many passes to make (7 by default).

use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use unspun_core::ingest::{self, IngestConfig, Input};
use unspun_core::{analysis, boilerplate, normalize, segment, Document, Span};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().ok_or("usage: analysis_parts CORPUS [DOCUMENTS] [PASSES]")?;
    let limit = args.next().map(|n| n.parse::<usize>()).transpose()?.unwrap_or(usize::MAX);
    let passes = args.next().map(|n| n.parse::<usize>()).transpose()?.unwrap_or(7).max(1);
    let read = ingest::read_inputs(&[Input::Path(PathBuf::from(corpus))], IngestConfig::default());
    for problem in &read.problems {
        eprintln!("{problem}");
    }
    let documents: Vec<Document> = read.documents.into_iter().take(limit).collect();
    let sentences: Vec<Vec<Span>> = documents.iter().map(sentence_spans).collect();
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let tokens: usize = documents
        .iter()
        .zip(&sentences)
        .flat_map(|(doc, spans)| spans.iter().map(|&s| normalize::token_spans(&doc.text, s).len()))
        .sum();
    println!(
        "{} documents, {bytes} bytes, {tokens} tokens; fastest of {passes} passes:",
        documents.len()
    );
    let parts: [(&str, &dyn Fn() -> usize); 5] = [
        ("segmenting", &|| documents.iter().map(|d| sentence_spans(d).len()).sum()),
        ("token spans", &|| {
            each_sentence(&documents, &sentences, |t, s| normalize::token_spans(t, s).len())
        }),
        ("tokenizing", &|| {
            each_sentence(&documents, &sentences, |t, s| normalize::tokenize_range(t, s).len())
        }),
        ("analyze_tokens", &|| {
            documents.iter().map(|d| analysis::analyze_tokens(d).0.terms.len() as usize).sum()
        }),
        ("with paragraph cues", &|| {
            documents.iter().map(|d| boilerplate::analyze(d).0.terms.len() as usize).sum()
        }),
    ];
    for (name, part) in parts {
        println!("  {name:<20} {:>8.1} ms", fastest(passes, part).as_secs_f64() * 1000.0);
    }
    Ok(())
}

/// The spans of a document's sentences, as analysis cuts them.
fn sentence_spans(doc: &Document) -> Vec<Span> {
    let paragraphs = segment::paragraphs(&doc.text);
    segment::sentences(&doc.text, &paragraphs).iter().map(|s| s.span).collect()
}

/// The sum of `count` over every sentence of every document.
fn each_sentence(
    documents: &[Document],
    sentences: &[Vec<Span>],
    count: impl Fn(&str, Span) -> usize,
) -> usize {
    let per_document = documents.iter().zip(sentences);
    per_document.flat_map(|(doc, spans)| spans.iter().map(|&s| count(&doc.text, s))).sum()
}

/// The shortest of `passes` runs of `part`; what it returns is kept from being optimised away.
fn fastest(passes: usize, part: &dyn Fn() -> usize) -> Duration {
    (0..passes)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(part());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
