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
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use unspun_core::ingest::{self, IngestConfig, Input};
use unspun_core::{analysis, boilerplate, normalize, segment, Document, Span};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("analysis_parts: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the arguments and the documents, then times each part.
fn run() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().ok_or("usage: analysis_parts CORPUS [DOCUMENTS] [PASSES]")?;
    let limit = number(args.next(), "DOCUMENTS")?.unwrap_or(usize::MAX);
    let passes = number(args.next(), "PASSES")?.unwrap_or(7).max(1);
    let documents = first_documents(PathBuf::from(corpus), limit);
    let sentences: Vec<Vec<Span>> = documents.iter().map(sentence_spans).collect();
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let tokens: usize = documents
        .iter()
        .zip(&sentences)
        .flat_map(|(doc, spans)| spans.iter().map(|&s| normalize::token_spans(&doc.text, s).len()))
        .sum();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} documents, {bytes} bytes, {tokens} tokens; fastest of {passes} passes:",
        documents.len()
    )?;
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
        writeln!(out, "  {name:<20} {:>8.1} ms", fastest(passes, part).as_secs_f64() * 1000.0)?;
    }
    Ok(())
}

/// The number `arg` gives, if given; `name` names it in the error.
fn number(arg: Option<String>, name: &str) -> Result<Option<usize>, String> {
    let parse = |text: String| text.parse().map_err(|e| format!("{name} is {text:?}: {e}"));
    arg.map(parse).transpose()
}

/// The first `limit` documents of a corpus, read no further; problems are printed.
fn first_documents(corpus: PathBuf, limit: usize) -> Vec<Document> {
    let mut documents = Vec::new();
    let streamed = ingest::stream_inputs(&[Input::Path(corpus)], IngestConfig::default(), |doc| {
        documents.push(doc);
        if documents.len() < limit {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    for problem in &streamed.problems {
        eprintln!("{problem}");
    }
    documents.truncate(limit);
    documents
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
