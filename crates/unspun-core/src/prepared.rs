//! A document made ready for matching: its analysis plus the boilerplate verdict of each
//! sentence, and its text, in memory or parked. Fingerprinting, alignment and the `--clean`
//! output all read this.

use std::borrow::Cow;
use std::io;

use crate::analysis::{self, Analysis, TermClass, TermId, TermRun};
use crate::document::{Document, Span};
use crate::normalize;
use crate::parked::ParkedText;

/// The texts of the two documents of a pair, read once the pair is judged reuse.
#[derive(Debug, Clone, Copy)]
pub struct PairTexts<'t> {
    /// The first document's text.
    pub a: &'t str,
    /// The second document's text.
    pub b: &'t str,
}

/// A document after analysis and boilerplate marking.
#[derive(Debug, Clone)]
pub struct PreparedDocument {
    /// The document as read. A scan parks texts out of memory, leaving `doc.text` empty: read
    /// the text with [`PreparedDocument::text`].
    pub doc: Document,
    /// Its sentences and terms.
    pub analysis: Analysis,
    /// For each sentence, whether it is boilerplate.
    pub boilerplate: Vec<bool>,
    parked: Option<ParkedText>,
}

impl PreparedDocument {
    /// A prepared document. Only story sentences are ever matched, so the terms of boilerplate
    /// sentences are dropped, and so are the sentences' recurrence keys, which only marking
    /// reads: a corpus holds every prepared document at once.
    pub fn new(doc: Document, mut analysis: Analysis, boilerplate: Vec<bool>) -> Self {
        analysis.keep_terms_of(|i| !boilerplate[i]);
        analysis.recurrence_keys = Vec::new();
        PreparedDocument { doc, analysis, boilerplate, parked: None }
    }

    /// The document with its text parked as `parked` (its own text is then empty).
    pub(crate) fn with_parked_text(mut self, parked: Option<ParkedText>) -> Self {
        self.parked = parked;
        self
    }

    /// The document's text, read back when it was parked.
    pub fn text(&self) -> io::Result<Cow<'_, str>> {
        match &self.parked {
            Some(parked) => parked.read().map(Cow::Owned),
            None => Ok(Cow::Borrowed(&self.doc.text)),
        }
    }

    /// Indices of the sentences that carry the story (not boilerplate, at least one term).
    pub fn content_sentences(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.analysis.sentences.len())
            .filter(|&i| !self.boilerplate[i] && !self.analysis.sentences[i].terms.is_empty())
    }

    /// Terms of sentence `i`.
    pub fn terms(&self, i: usize) -> TermRun<'_> {
        self.analysis.sentence_terms(i)
    }

    /// The terms of the story sentences, in order, repeats included.
    pub fn story_term_uses(&self) -> impl Iterator<Item = TermId> + '_ {
        self.content_sentences().flat_map(|i| self.terms(i).ids()).copied()
    }

    /// The distinct terms of the story sentences, sorted: what document frequencies count.
    pub fn story_terms(&self) -> Vec<TermId> {
        sorted_distinct(self.story_term_uses().collect())
    }

    /// The distinct names of the story sentences, sorted.
    pub fn story_names(&self) -> Vec<TermId> {
        let terms = self.content_sentences().flat_map(|i| self.terms(i).iter());
        sorted_distinct(terms.filter(|t| t.class == TermClass::Name).map(|t| t.id).collect())
    }

    /// The initialisms of the names the story writes out ("www" for "World Wide Web"), as the
    /// term ids an acronym of those letters takes, sorted; none when the text cannot be read.
    pub fn story_initialisms(&self) -> Vec<TermId> {
        let Ok(text) = self.text() else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for i in self.content_sentences() {
            analysis::each_initialism(self.span(i).slice(&text), |letters| {
                ids.push(analysis::term_id(letters))
            });
        }
        sorted_distinct(ids)
    }

    /// Span of sentence `i` in the original text.
    pub fn span(&self, i: usize) -> Span {
        self.analysis.sentences[i].span
    }

    /// The span covering a run of sentences.
    pub fn run_span(&self, run: &[usize]) -> Span {
        run.iter().map(|&i| self.span(i)).reduce(|x, y| x.cover(y)).unwrap_or_default()
    }

    /// The terms of a run of adjacent sentences (contiguous in the analysis).
    pub fn run_terms(&self, run: &[usize]) -> TermRun<'_> {
        let sentences = &self.analysis.sentences;
        let (first, last) = (&sentences[run[0]], &sentences[run[run.len() - 1]]);
        self.analysis.terms.range(first.terms.start..last.terms.end)
    }

    /// Where each of the first `limit` terms of [`Self::run_terms`] sits in `text` (the
    /// document's), found by tokenizing the sentences again, up to that term: terms do not
    /// keep their positions, and only reported wording needs them.
    pub fn run_term_spans(&self, text: &str, run: &[usize], limit: usize) -> Vec<Span> {
        let mut spans = Vec::new();
        for &i in run {
            normalize::push_token_spans(text, self.span(i), limit, &mut spans);
        }
        spans
    }

    /// Bytes of story text: the summed length of the content sentences.
    pub fn content_bytes(&self) -> usize {
        self.content_sentences().map(|i| self.span(i).len()).sum()
    }

    /// Number of tokens hiding invisible characters or look-alike letters.
    pub fn disguised_tokens(&self) -> usize {
        self.analysis.disguised_tokens
    }

    /// Byte ranges of `text` (the document's) stripped as boilerplate, adjacent sentences
    /// merged.
    pub fn boilerplate_spans(&self, text: &str) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        let stripped = (0..self.boilerplate.len()).filter(|&i| self.boilerplate[i]);
        for i in stripped {
            let span = self.span(i);
            let touching = spans
                .last()
                .is_some_and(|last| text[last.end as usize..span.start as usize].trim().is_empty());
            match spans.last_mut() {
                Some(last) if touching => *last = last.cover(span),
                _ => spans.push(span),
            }
        }
        spans
    }

    /// The body of `text` (the document's) with boilerplate removed: content paragraphs
    /// separated by blank lines.
    pub fn clean_text(&self, text: &str) -> String {
        let mut out = String::new();
        let mut last_paragraph = None;
        for i in self.content_sentences() {
            let paragraph = self.analysis.sentences[i].paragraph;
            match last_paragraph {
                None => {}
                Some(p) if p == paragraph => out.push(' '),
                Some(_) => out.push_str("\n\n"),
            }
            out.push_str(self.span(i).slice(text));
            last_paragraph = Some(paragraph);
        }
        out.push('\n');
        out
    }
}

/// `ids` sorted, each once.
fn sorted_distinct(mut ids: Vec<TermId>) -> Vec<TermId> {
    ids.sort_unstable();
    ids.dedup();
    ids
}
