//! Per-document analysis: sentences of the original text, each a run of weighted terms
//! (stemmed, spelling-folded, classed as function word, content word, name or number, and
//! marked when inside a direct quote). Every later stage reads documents through this.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::document::{Document, Span};
use crate::lexicon;
use crate::normalize::{self, Token, TokenShape};
use crate::segment;
use crate::spelling;

/// What part a term plays in its sentence; spinners rewrite content words, rarely names or numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermClass {
    /// Grammar words ("the", "of").
    Function,
    /// Ordinary content words.
    Content,
    /// Proper nouns and acronyms.
    Name,
    /// Numbers, including number words.
    Number,
}

/// A term's identity: 32 bits of the hash of its stemmed, spelling-folded form. A vocabulary
/// of a million distinct stems holds about a hundred pairs that share an id by chance; a
/// shared id merely makes two words count as one.
pub type TermId = u32;

/// One matching unit: a token reduced to its stem hash, with its class. Kept to 8 bytes: a
/// corpus holds one per word. Where a term sits in the text is not kept; the few places that
/// need it re-tokenize the sentence ([`crate::prepared::PreparedDocument::run_term_spans`]),
/// since every token of a sentence is one term, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Hash of the stemmed, spelling-folded form.
    pub id: TermId,
    /// Function word, content word, name or number.
    pub class: TermClass,
    /// The token lies inside a direct quote.
    pub quoted: bool,
}

/// A sentence of the document and the terms it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Trimmed span in the original text.
    pub span: Span,
    /// Paragraph index.
    pub paragraph: u32,
    /// Range into [`Analysis::terms`].
    pub terms: Range<u32>,
    /// Key under which recurring copies of this sentence are counted: its folded words with
    /// digits zeroed, so "© 2025" and "© 2026" count as one line.
    pub recurrence_key: u64,
}

/// A document cut into sentences and terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Paragraph spans in text order.
    pub paragraphs: Vec<Span>,
    /// All terms of the document, sentence after sentence.
    pub terms: Vec<Term>,
    /// Number of tokens that hid invisible characters or look-alike letters.
    pub disguised_tokens: usize,
}

impl Analysis {
    /// The terms of sentence `i`.
    pub fn sentence_terms(&self, i: usize) -> &[Term] {
        let range = &self.sentences[i].terms;
        &self.terms[range.start as usize..range.end as usize]
    }

    /// Keeps the terms of the sentences `keep` accepts; the others are left with none, and the
    /// room their terms took is given back.
    pub fn keep_terms_of(&mut self, keep: impl Fn(usize) -> bool) {
        let kept_count: usize = (0..self.sentences.len())
            .filter(|&i| keep(i))
            .map(|i| self.sentence_terms(i).len())
            .sum();
        let mut kept = Vec::with_capacity(kept_count);
        for i in 0..self.sentences.len() {
            let start = term_index(&kept);
            if keep(i) {
                kept.extend_from_slice(self.sentence_terms(i));
            }
            self.sentences[i].terms = start..term_index(&kept);
        }
        self.terms = kept;
    }
}

/// The index the next term pushed onto `terms` gets: it fits 32 bits, as text offsets do,
/// because readers refuse documents of 4 GiB or more.
fn term_index(terms: &[Term]) -> u32 {
    terms.len() as u32
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words each thread remembers the term ids of before starting afresh.
const REMEMBERED_WORDS: usize = 1 << 17;

thread_local! {
    /// Term ids of words this thread has seen: a corpus has few distinct words beside its
    /// tokens, so most tokens skip spelling folding and stemming.
    static TERM_IDS: RefCell<FxHashMap<CompactString, TermId>> = RefCell::default();
}

/// The id a folded word matches under: number words and month abbreviations canonicalised,
/// British spelling folded, then stemmed and hashed.
pub fn term_id(folded: &str) -> TermId {
    TERM_IDS.with_borrow_mut(|remembered| {
        if let Some(&id) = remembered.get(folded) {
            return id;
        }
        let id = derive_term_id(folded);
        if remembered.len() >= REMEMBERED_WORDS {
            remembered.clear();
        }
        remembered.insert(folded.into(), id);
        id
    })
}

fn derive_term_id(folded: &str) -> TermId {
    let canonical = lexicon::canonical_word(folded).unwrap_or(folded);
    let american = spelling::americanize(canonical);
    let stem = STEMMER.stem(&american);
    (hash_str(&stem) >> 32) as TermId
}

/// A stable 64-bit hash of a string (the same on every run and machine).
pub fn hash_str(s: &str) -> u64 {
    let mut hasher = FxHasher::default();
    s.hash(&mut hasher);
    hasher.finish()
}

/// Analyses a document: segments it and turns every token into a [`Term`].
pub fn analyze(doc: &Document) -> Analysis {
    analyze_tokens(doc).0
}

/// [`analyze`], also returning the tokens of each sentence (what paragraph cues read).
pub fn analyze_tokens(doc: &Document) -> (Analysis, Vec<Vec<Token>>) {
    let text = doc.text.as_str();
    let paragraphs = segment::paragraphs(text);
    let spans = segment::sentences(text, &paragraphs);
    let tokenized: Vec<Vec<Token>> =
        spans.iter().map(|s| normalize::tokenize_range(text, s.span)).collect();
    let names = mid_sentence_capitals(&tokenized);
    let quotes = QuoteTracker::new(text);
    let mut analysis = Analysis {
        sentences: Vec::with_capacity(spans.len()),
        paragraphs,
        terms: Vec::with_capacity(tokenized.iter().map(Vec::len).sum()),
        disguised_tokens: 0,
    };
    for (sentence, tokens) in spans.iter().zip(&tokenized) {
        let first = term_index(&analysis.terms);
        let recurrence_key = recurrence_key(tokens, sentence.span.slice(text));
        for (position, token) in tokens.iter().enumerate() {
            analysis.disguised_tokens += usize::from(token.disguised);
            let class = classify(token, position == 0, &names);
            let quoted = quotes.is_quoted(token.span.start as usize);
            analysis.terms.push(Term { id: term_id(&token.folded), class, quoted });
        }
        let terms = first..term_index(&analysis.terms);
        analysis.sentences.push(Sentence {
            span: sentence.span,
            paragraph: sentence.paragraph,
            terms,
            recurrence_key,
        });
    }
    (analysis, tokenized)
}

/// The recurrence key of a sentence: folded words with digits zeroed, or the trimmed text
/// when it has no words.
fn recurrence_key(tokens: &[Token], text: &str) -> u64 {
    if tokens.is_empty() {
        return hash_str(text.trim());
    }
    let joined: String = tokens
        .iter()
        .flat_map(|t| {
            t.folded.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).chain([' '])
        })
        .collect();
    hash_str(&joined)
}

/// Words seen capitalised somewhere other than at the start of a sentence.
fn mid_sentence_capitals(sentences: &[Vec<Token>]) -> FxHashSet<&str> {
    sentences
        .iter()
        .flat_map(|tokens| tokens.iter().skip(1))
        .filter(|t| t.capitalized && t.shape == TokenShape::Word)
        .map(|t| t.folded.as_str())
        .collect()
}

fn classify(token: &Token, sentence_start: bool, names: &FxHashSet<&str>) -> TermClass {
    let folded = token.folded.as_str();
    if token.shape == TokenShape::Number
        || lexicon::canonical_word(folded)
            .is_some_and(|c| c.starts_with(|d: char| d.is_ascii_digit()))
    {
        return TermClass::Number;
    }
    if token.acronym && folded.len() >= 2 {
        return TermClass::Name;
    }
    if lexicon::is_function_word(folded) {
        return TermClass::Function;
    }
    let name = token.capitalized && (!sentence_start || names.contains(&folded));
    if name {
        TermClass::Name
    } else {
        TermClass::Content
    }
}

/// Byte ranges of the text that lie inside double quotes (curly or straight); an unclosed
/// quote ends with its paragraph.
struct QuoteTracker {
    ranges: Vec<Range<usize>>,
}

impl QuoteTracker {
    fn new(text: &str) -> Self {
        let mut ranges = Vec::new();
        let mut open: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match (c, open) {
                ('“', _) | ('"', None) => open = Some(i),
                ('”' | '"', Some(start)) => {
                    ranges.push(start..i);
                    open = None;
                }
                ('\n', Some(start)) if text[i + 1..].starts_with(['\n', '\r']) => {
                    ranges.push(start..i);
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            ranges.push(start..text.len());
        }
        QuoteTracker { ranges }
    }

    fn is_quoted(&self, at: usize) -> bool {
        let i = self.ranges.partition_point(|r| r.end <= at);
        self.ranges.get(i).is_some_and(|r| r.contains(&at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_sentences_keep_no_terms() {
        let doc =
            Document::new("d", "Share this story. The mayor opened the bridge. Click to comment.");
        let mut a = analyze(&doc);
        let middle = a.sentence_terms(1).to_vec();
        a.keep_terms_of(|i| i == 1);
        assert_eq!(a.sentence_terms(0), &[]);
        assert_eq!(a.sentence_terms(1), middle.as_slice());
        assert_eq!(a.sentence_terms(2), &[]);
        assert_eq!(a.terms.len(), middle.len());
        assert_eq!(a.sentences.len(), 3, "sentences and their spans stay");
    }

    #[test]
    fn classes_names_numbers_and_quotes() {
        let doc = Document::new(
            "d",
            "Envoys of Iran met Mr Musk on Oct. 14, officials said. “We trust him,” Leavitt said.",
        );
        let a = analyze(&doc);
        assert_eq!(a.sentences.len(), 2);
        let words = doc.text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
        let classes: Vec<(String, TermClass, bool)> =
            words.zip(&a.terms).map(|(w, t)| (w.to_lowercase(), t.class, t.quoted)).collect();
        let has = |word: &str, class, quoted| classes.contains(&(word.to_string(), class, quoted));
        assert!(has("iran", TermClass::Name, false));
        assert!(has("musk", TermClass::Name, false));
        assert!(has("14", TermClass::Number, false));
        assert!(has("officials", TermClass::Content, false));
        assert!(has("trust", TermClass::Content, true));
        assert!(has("leavitt", TermClass::Name, false));
    }

    #[test]
    fn term_stays_small() {
        assert_eq!(std::mem::size_of::<Term>(), 8);
    }

    #[test]
    fn variants_share_a_term() {
        assert_eq!(term_id("programme"), term_id("program"));
        assert_eq!(term_id("oct"), term_id("october"));
        assert_eq!(term_id("tensions"), term_id("tension"));
        assert_ne!(term_id("trust"), term_id("believe"));
    }
}
