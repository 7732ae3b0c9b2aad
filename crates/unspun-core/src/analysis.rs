//! Per-document analysis: sentences of the original text, each a run of weighted terms
//! (stemmed, spelling-folded, classed as function word, content word, name or number, and
//! marked when inside a direct quote). Every later stage reads documents through this.

use std::cell::RefCell;
use std::hash::Hasher;
use std::ops::Range;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::{Deserialize, Serialize};

use crate::document::{Document, Span};
use crate::lexicon;
use crate::normalize::{self, Token, TokenShape};
use crate::segment;
use crate::spelling;

/// What part a term plays in its sentence; spinners rewrite content words, rarely names or numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
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

/// One matching unit: a token reduced to its stem hash, with its class. Where a term sits in
/// the text is not kept; the few places that need it re-tokenize the sentence
/// ([`crate::prepared::PreparedDocument::run_term_spans`]), since every token of a sentence is
/// one term, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Hash of the stemmed, spelling-folded form.
    pub id: TermId,
    /// Function word, content word, name or number.
    pub class: TermClass,
    /// The token lies inside a direct quote.
    pub quoted: bool,
}

impl TermClass {
    const ALL: [TermClass; 4] =
        [TermClass::Function, TermClass::Content, TermClass::Name, TermClass::Number];

    /// The class whose `as u8` value is `code & 3`.
    pub(crate) fn from_code(code: u8) -> Self {
        Self::ALL[usize::from(code & 3)]
    }
}

impl Term {
    const QUOTED: u8 = 4;

    /// Class and quote mark in one byte.
    fn tag(self) -> u8 {
        self.class as u8 | if self.quoted { Self::QUOTED } else { 0 }
    }

    fn from_tag(id: TermId, tag: u8) -> Self {
        let class = TermClass::from_code(tag);
        Term { id, class, quoted: tag & Self::QUOTED != 0 }
    }
}

/// A document's terms, sentence after sentence, as parallel arrays of ids and one-byte tags
/// (class and quote mark): 5 bytes a word, and a corpus holds one per word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    ids: Vec<TermId>,
    tags: Vec<u8>,
}

impl Terms {
    /// Room for `n` terms.
    pub fn with_capacity(n: usize) -> Self {
        Terms { ids: Vec::with_capacity(n), tags: Vec::with_capacity(n) }
    }

    /// Number of terms; it fits 32 bits, as text offsets do, because readers refuse
    /// documents of 4 GiB or more.
    pub fn len(&self) -> u32 {
        self.ids.len() as u32
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Appends a term.
    pub fn push(&mut self, term: Term) {
        self.ids.push(term.id);
        self.tags.push(term.tag());
    }

    /// Appends a run of terms.
    pub fn extend(&mut self, run: TermRun<'_>) {
        self.ids.extend_from_slice(run.ids);
        self.tags.extend_from_slice(run.tags);
    }

    /// All terms.
    pub fn all(&self) -> TermRun<'_> {
        TermRun { ids: &self.ids, tags: &self.tags }
    }

    /// The terms at positions `range`.
    pub fn range(&self, range: Range<u32>) -> TermRun<'_> {
        self.all().slice(range.start as usize..range.end as usize)
    }
}

/// A borrowed run of consecutive terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRun<'t> {
    ids: &'t [TermId],
    tags: &'t [u8],
}

impl<'t> TermRun<'t> {
    /// Number of terms.
    pub fn len(self) -> usize {
        self.ids.len()
    }

    /// Whether the run holds no term.
    pub fn is_empty(self) -> bool {
        self.ids.is_empty()
    }

    /// The ids, in order.
    pub fn ids(self) -> &'t [TermId] {
        self.ids
    }

    /// The term at position `i`.
    pub fn get(self, i: usize) -> Term {
        Term::from_tag(self.ids[i], self.tags[i])
    }

    /// The terms, in order.
    pub fn iter(self) -> impl DoubleEndedIterator<Item = Term> + ExactSizeIterator + 't {
        self.ids.iter().zip(self.tags).map(|(&id, &tag)| Term::from_tag(id, tag))
    }

    /// The class of each term, in order: what weighing a run reads, without its ids.
    pub fn classes(self) -> impl Iterator<Item = TermClass> + 't {
        self.tags.iter().map(|&tag| TermClass::from_code(tag))
    }

    /// Number of terms inside a direct quote.
    pub fn quoted(self) -> usize {
        self.tags.iter().filter(|&&tag| tag & Term::QUOTED != 0).count()
    }

    /// The terms at positions `range` of this run.
    pub fn slice(self, range: Range<usize>) -> TermRun<'t> {
        TermRun { ids: &self.ids[range.clone()], tags: &self.tags[range] }
    }
}

/// A sentence of the document and the terms it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Trimmed span in the original text.
    pub span: Span,
    /// Paragraph index.
    pub paragraph: u32,
    /// Range into [`Analysis::terms`].
    pub terms: Range<u32>,
}

/// A document cut into sentences and terms. It serialises, so a store can keep it beside the
/// text; [`Analysis::fits`] tells whether a stored one can belong to a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Paragraph spans in text order.
    pub paragraphs: Vec<Span>,
    /// All terms of the document, sentence after sentence.
    pub terms: Terms,
    /// For each sentence, the key under which recurring copies of it are counted: its folded
    /// words with digits zeroed, so "© 2025" and "© 2026" count as one line. Only boilerplate
    /// learning and marking read them; a prepared document no longer holds them.
    pub recurrence_keys: Vec<u64>,
    /// Number of tokens that hid invisible characters or look-alike letters.
    pub disguised_tokens: usize,
}

impl Analysis {
    /// The terms of sentence `i`.
    pub fn sentence_terms(&self, i: usize) -> TermRun<'_> {
        self.terms.range(self.sentences[i].terms.clone())
    }

    /// Keeps the terms of the sentences `keep` accepts; the others are left with none, and the
    /// room their terms took is given back.
    pub fn keep_terms_of(&mut self, keep: impl Fn(usize) -> bool) {
        let kept_count: usize = (0..self.sentences.len())
            .filter(|&i| keep(i))
            .map(|i| self.sentence_terms(i).len())
            .sum();
        let mut kept = Terms::with_capacity(kept_count);
        for i in 0..self.sentences.len() {
            let start = kept.len();
            if keep(i) {
                kept.extend(self.sentence_terms(i));
            }
            self.sentences[i].terms = start..kept.len();
        }
        self.terms = kept;
    }

    /// Whether this can be an analysis of `text`: spans inside it on character boundaries,
    /// sentences in known paragraphs with term ranges inside the terms, one recurrence key
    /// per sentence. Reading a stored analysis that fits cannot go out of bounds.
    pub fn fits(&self, text: &str) -> bool {
        let span_fits = |span: &Span| {
            span.start <= span.end
                && (span.end as usize) <= text.len()
                && text.is_char_boundary(span.start as usize)
                && text.is_char_boundary(span.end as usize)
        };
        let terms = self.terms.len();
        let sentence_fits = |s: &Sentence| {
            span_fits(&s.span)
                && (s.paragraph as usize) < self.paragraphs.len()
                && s.terms.start <= s.terms.end
                && s.terms.end <= terms
        };
        self.terms.ids.len() == self.terms.tags.len()
            && self.recurrence_keys.len() == self.sentences.len()
            && self.paragraphs.iter().all(span_fits)
            && self.sentences.iter().all(sentence_fits)
    }
}

/// Snowball stemmers for the scripts whose words tell their language: Cyrillic (stemmed as
/// Russian), Greek, Arabic and Tamil. Every other word is stemmed as English, which leaves
/// words of other languages in Latin script nearly whole.
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static GREEK: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Greek));
static ARABIC: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Arabic));
static TAMIL: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Tamil));

/// The stemmer of a folded word, by its script: a Russian noun takes six case endings
/// ("правительство", "правительства", "правительству" are one term), an Arabic one its article
/// and endings ("الحكومة", "حكومة"). A word in Arabic script that holds a letter Persian or Urdu
/// adds to the alphabet is not Arabic, and keeps its form.
fn stemmer_of(word: &str) -> &'static Stemmer {
    let arabic = |c: char| matches!(c, '\u{0621}'..='\u{064A}');
    match word.chars().next() {
        Some('\u{0400}'..='\u{052F}') => &RUSSIAN,
        Some('\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}') => &GREEK,
        Some('\u{0B80}'..='\u{0BFF}') => &TAMIL,
        Some(_) if word.chars().all(arabic) => &ARABIC,
        _ => &ENGLISH,
    }
}

/// Words each thread remembers the term ids of before starting afresh.
const REMEMBERED_WORDS: usize = 1 << 17;

thread_local! {
    /// Facts of words this thread has seen, under the 64-bit [`hash_str`] of the folded word:
    /// a corpus has few distinct words beside its tokens, so most tokens skip the word lists,
    /// spelling folding and stemming. Keyed by hash, an entry is 16 bytes and a lookup never
    /// reads a word back; that two of the words a thread remembers share a hash has odds of
    /// about one in two billion.
    static WORD_FACTS: RefCell<FxHashMap<u64, WordFacts>> = RefCell::default();
}

/// What a folded word is wherever it stands, whatever its case.
#[derive(Debug, Clone, Copy)]
struct WordFacts {
    /// The id it matches under (see [`term_id`]).
    id: TermId,
    /// A number word or a month, whose canonical form is digits.
    number: bool,
    /// A function word.
    function: bool,
}

/// The id a folded word matches under: number words and month abbreviations canonicalised,
/// British spelling folded, then stemmed and hashed.
pub fn term_id(folded: &str) -> TermId {
    word_facts(folded).id
}

/// The [`WordFacts`] of a folded word, remembered by this thread.
fn word_facts(folded: &str) -> WordFacts {
    let key = hash_str(folded);
    WORD_FACTS.with_borrow_mut(|remembered| {
        if let Some(&facts) = remembered.get(&key) {
            return facts;
        }
        let facts = derive_word_facts(folded);
        if remembered.len() >= REMEMBERED_WORDS {
            remembered.clear();
        }
        remembered.insert(key, facts);
        facts
    })
}

fn derive_word_facts(folded: &str) -> WordFacts {
    let canonical = lexicon::canonical_word(folded);
    let american = spelling::americanize(canonical.unwrap_or(folded));
    let stem = stemmer_of(&american).stem(&american);
    WordFacts {
        id: (hash_str(&stem) >> 32) as TermId,
        number: canonical.is_some_and(|c| c.starts_with(|d: char| d.is_ascii_digit())),
        function: lexicon::is_function_word(folded),
    }
}

/// A stable 64-bit hash of a string (the same on every run and machine).
pub fn hash_str(s: &str) -> u64 {
    hash_utf8(s.as_bytes())
}

/// [`hash_str`] of the string whose UTF-8 bytes these are: the bytes, then the end marker
/// that hashing a `str` adds.
fn hash_utf8(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.write_u8(0xff);
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
    let names = known_names(&tokenized);
    let quotes = QuoteTracker::new(text);
    let mut analysis = Analysis {
        sentences: Vec::with_capacity(spans.len()),
        paragraphs,
        terms: Terms::with_capacity(tokenized.iter().map(Vec::len).sum()),
        recurrence_keys: Vec::with_capacity(spans.len()),
        disguised_tokens: 0,
    };
    let mut key_bytes = Vec::new();
    for (sentence, tokens) in spans.iter().zip(&tokenized) {
        let first = analysis.terms.len();
        let key = recurrence_key(tokens, sentence.span.slice(text), &mut key_bytes);
        analysis.recurrence_keys.push(key);
        for (position, token) in tokens.iter().enumerate() {
            analysis.disguised_tokens += usize::from(token.disguised);
            let facts = word_facts(&token.folded);
            let start = position == 0 && !opens_name(tokens);
            let class = classify(token, facts, start, &names);
            let quoted = quotes.is_quoted(token.span.start as usize);
            analysis.terms.push(Term { id: facts.id, class, quoted });
        }
        let terms = first..analysis.terms.len();
        analysis.sentences.push(Sentence {
            span: sentence.span,
            paragraph: sentence.paragraph,
            terms,
        });
    }
    (analysis, tokenized)
}

/// The recurrence key of a sentence: its folded words, each followed by a space, with digits
/// zeroed, or the trimmed text when it has no words. `joined` is scratch space.
fn recurrence_key(tokens: &[Token], text: &str, joined: &mut Vec<u8>) -> u64 {
    if tokens.is_empty() {
        return hash_str(text.trim());
    }
    joined.clear();
    for token in tokens {
        joined.extend_from_slice(token.folded.as_bytes());
        joined.push(b' ');
    }
    // Zeroing ASCII digits byte by byte leaves the UTF-8 of every other character whole; done
    // once over the joined words, the loop is a few vector instructions per 32 bytes.
    for byte in joined.iter_mut() {
        *byte = if byte.is_ascii_digit() { b'0' } else { *byte };
    }
    hash_utf8(joined)
}

/// Words known as names wherever they stand: seen capitalised somewhere other than at the
/// start of a sentence, or opening a sentence of prose with a name of several words ("Olvel
/// Corp said" makes "Olvel said" a name too; a menu or a headline in capitals, "Home > News",
/// is no prose).
fn known_names(sentences: &[Vec<Token>]) -> FxHashSet<&str> {
    let mid_sentence = sentences
        .iter()
        .flat_map(|tokens| tokens.iter().skip(1))
        .filter(|t| t.capitalized && t.shape == TokenShape::Word);
    let is_prose =
        |tokens: &&Vec<Token>| tokens.iter().any(|t| !t.capitalized && t.shape == TokenShape::Word);
    let opening = sentences
        .iter()
        .filter(|tokens| opens_name(tokens) && is_prose(tokens))
        .map(|tokens| &tokens[0]);
    mid_sentence.chain(opening).map(|t| t.folded.as_str()).collect()
}

/// Whether a sentence opens with a name of several words ("Olvel Corp said", "New York
/// officials"): its first word is capitalised and so is the word after it, which is no
/// function word. A first word is otherwise a name only if the document knows it as one
/// ([`known_names`]).
fn opens_name(tokens: &[Token]) -> bool {
    let capitalised_word = |t: &Token| t.capitalized && t.shape == TokenShape::Word;
    match tokens {
        [first, second, ..] => {
            capitalised_word(first)
                && capitalised_word(second)
                && !word_facts(&second.folded).function
        }
        _ => false,
    }
}

/// Lowercase words that may sit inside a name written out without adding a letter to its
/// initialism ("Federal Bureau of Investigation": FBI).
const INITIALISM_JOINERS: [&str; 5] = ["of", "and", "for", "the", "&"];

/// Calls `emit` with the initials (lowercase, two to six letters) of every run of two or more
/// capitalised words in `text`: "World Wide Web" gives `www`, "the United Nations" `un`,
/// "Federal Bureau of Investigation" `fbi`. A word in capitals (an acronym) ends a run. An
/// "and" may join two names or sit inside one ("Food and Drug Administration"), so a run is
/// also given up to each "and" and from the last one.
pub fn each_initialism(text: &str, mut emit: impl FnMut(&str)) {
    let mut emit_letters = |letters: &str| {
        if (2..=6).contains(&letters.chars().count()) {
            emit(letters);
        }
    };
    let (mut run, mut after_and) = (String::new(), 0);
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '&')).filter(|w| !w.is_empty());
    // The empty word at the end closes the last run.
    for word in words.chain(std::iter::once("")) {
        let mut chars = word.chars();
        let first = chars.next().unwrap_or(' ');
        if INITIALISM_JOINERS.iter().any(|j| word.eq_ignore_ascii_case(j)) {
            if word.eq_ignore_ascii_case("and") && !run.is_empty() {
                emit_letters(&run);
                after_and = run.len();
            }
        } else if first.is_uppercase() && chars.any(char::is_lowercase) {
            run.extend(first.to_lowercase());
        } else {
            emit_letters(&run);
            if after_and > 0 {
                emit_letters(&run[after_and..]);
            }
            (run, after_and) = (String::new(), 0);
        }
    }
}

fn classify(
    token: &Token,
    facts: WordFacts,
    sentence_start: bool,
    names: &FxHashSet<&str>,
) -> TermClass {
    let folded = token.folded.as_str();
    if token.shape == TokenShape::Number || facts.number {
        return TermClass::Number;
    }
    if token.acronym && folded.len() >= 2 {
        return TermClass::Name;
    }
    if facts.function {
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
        // The marks are '"', '\n' and the curly quotes, whose UTF-8 starts with 0xE2: one
        // search for those three bytes (each where a character starts) finds every mark, and
        // only there is a character decoded.
        for i in memchr::memchr3_iter(b'"', b'\n', 0xE2, text.as_bytes()) {
            let Some(c) = text[i..].chars().next() else { continue };
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
    fn names_written_out_give_their_initialisms() {
        let mut found = Vec::new();
        each_initialism(
            "The World Health Organization and the Federal Bureau of Investigation met \
             at the United Nations in New York, UN officials said; Tom said so.",
            |letters| found.push(letters.to_string()),
        );
        assert_eq!(found, ["who", "whofbi", "fbi", "un", "ny"]);
    }

    #[test]
    fn an_analysis_fits_its_own_text_only() {
        let text = "The mayor opened the bridge.\n\nCrews \"cheered\" the 14 boats.";
        let analysis = analyze(&Document::new("d", text));
        assert!(analysis.fits(text));
        assert!(!analysis.fits(&text[..20]), "a span past the end of the text");
        assert!(!analysis.fits(&"é".repeat(text.len())), "a span inside a character");
        let mut broken = analysis.clone();
        broken.sentences[0].terms.end = broken.terms.len() + 1;
        assert!(!broken.fits(text), "a term range past the terms");
        let mut broken = analysis;
        broken.recurrence_keys.pop();
        assert!(!broken.fits(text), "a sentence without its recurrence key");
    }

    #[test]
    fn dropped_sentences_keep_no_terms() {
        let doc =
            Document::new("d", "Share this story. The mayor opened the bridge. Click to comment.");
        let mut a = analyze(&doc);
        let middle: Vec<Term> = a.sentence_terms(1).iter().collect();
        a.keep_terms_of(|i| i == 1);
        assert!(a.sentence_terms(0).is_empty());
        assert_eq!(a.sentence_terms(1).iter().collect::<Vec<_>>(), middle);
        assert!(a.sentence_terms(2).is_empty());
        assert_eq!(a.terms.len() as usize, middle.len());
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
        let classes: Vec<(String, TermClass, bool)> = words
            .zip(a.terms.all().iter())
            .map(|(w, t)| (w.to_lowercase(), t.class, t.quoted))
            .collect();
        let has = |word: &str, class, quoted| classes.contains(&(word.to_string(), class, quoted));
        assert!(has("iran", TermClass::Name, false));
        assert!(has("musk", TermClass::Name, false));
        assert!(has("14", TermClass::Number, false));
        assert!(has("officials", TermClass::Content, false));
        assert!(has("trust", TermClass::Content, true));
        assert!(has("leavitt", TermClass::Name, false));
    }

    #[test]
    fn a_sentence_may_open_with_a_name_of_several_words() {
        let doc = Document::new(
            "d",
            "Olvel Corp said profit rose. Officials said it fell. Olvel said sales rose.",
        );
        let a = analyze(&doc);
        let first = |i| a.sentence_terms(i).iter().next().unwrap().class;
        assert_eq!(first(0), TermClass::Name, "Olvel, before Corp");
        assert_eq!(first(1), TermClass::Content, "Officials, before a lower-case word");
        assert_eq!(first(2), TermClass::Name, "Olvel, known from the first sentence");
    }

    #[test]
    fn terms_keep_class_and_quote_mark() {
        let mut terms = Terms::default();
        let classes = [TermClass::Function, TermClass::Content, TermClass::Name, TermClass::Number];
        let written: Vec<Term> = classes
            .iter()
            .zip(1..)
            .flat_map(|(&class, id)| [false, true].map(|quoted| Term { id, class, quoted }))
            .collect();
        written.iter().for_each(|&t| terms.push(t));
        assert_eq!(terms.all().iter().collect::<Vec<_>>(), written);
        assert_eq!(terms.range(2..4).get(1), written[3]);
        let run = terms.range(1..6);
        assert!(run.classes().eq(written[1..6].iter().map(|t| t.class)));
        assert_eq!(run.quoted(), 3, "positions 1, 3 and 5 are quoted");
    }

    #[test]
    fn recurrence_keys_zero_digits_and_hash_as_strings_do() {
        let key = |text: &str| analyze(&Document::new("d", text)).recurrence_keys[0];
        assert_eq!(key("© 2025 Kestrel Média"), key("© 2026 Kestrel Média"));
        assert_ne!(key("© 2025 Kestrel Média"), key("© 2025 Kestrel Media Group"));
        assert_eq!(key("Crews cheered 14 boats."), hash_str("crews cheered 00 boats "));
        assert_eq!(key("Café ﬁnal 3."), hash_str("cafe final 0 "));
        for s in ["", "harbor", "cafe final 0 ", "Москва"] {
            let mut hasher = FxHasher::default();
            std::hash::Hash::hash(s, &mut hasher);
            assert_eq!(hash_str(s), hasher.finish(), "stored hashes stay those of a str: {s}");
        }
    }

    #[test]
    fn variants_share_a_term() {
        assert_eq!(term_id("programme"), term_id("program"));
        assert_eq!(term_id("oct"), term_id("october"));
        assert_eq!(term_id("tensions"), term_id("tension"));
        assert_ne!(term_id("trust"), term_id("believe"));
    }

    #[test]
    fn words_of_other_scripts_are_stemmed_in_their_language() {
        let one = |words: &[&str]| words.iter().all(|w| term_id(w) == term_id(words[0]));
        assert!(one(&["правительство", "правительства", "правительству"]), "Russian cases");
        assert!(!one(&["правительство", "президент"]));
        assert!(one(&["κυβέρνηση", "κυβέρνησης"]), "Greek");
        assert!(one(&["الحكومة", "حكومة"]), "Arabic article");
        assert_ne!(term_id("کشورها"), term_id("کشور"), "a Persian word keeps its form");
    }
}
