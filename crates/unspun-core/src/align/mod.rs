//! Alignment: which sentence of one document is which sentence of the other?
//!
//! Sentence pairs that share substance are scored with [`similarity::similarity`], then matched
//! greedily, best first, one to one, in any order (copies move paragraphs). Clear matches stand
//! alone; weaker ones must sit next to another match, as reworded sentences do and chance
//! resemblances between independent reports do not. A sentence pair beside a match is scored
//! even when it shares too little substance to be scored with the rest (a spinner can reword a
//! short sentence down to its function words): between two matches it needs the supported
//! similarity, beside one the strong. A final pass joins a neighbouring sentence into a match
//! when that explains a merge or split. [`match_sentences`] stops there, which is all that
//! deciding whether a pair is reuse needs; [`Matching::compare_words`] then adds each match's
//! word-level [`diff`] for the pairs that are. Within one scan, documents are named by a
//! [`DocumentKey`], and what is built for a document (its sentences' bags and sorted terms) is kept
//! for the next pairs that hold it: a scan's candidate pairs come grouped by reuse family.

pub mod diff;
pub mod similarity;

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashSet;

use crate::analysis::TermRun;
use crate::prepared::PreparedDocument;
use diff::WordDiff;
use similarity::{Bag, Bags, Held, Scorer};

/// Similarity thresholds of sentence matching.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignConfig {
    /// A sentence pair at least this similar is a match on its own.
    pub strong_similarity: f32,
    /// A pair at least this similar is a match when a neighbouring pair also matches.
    pub supported_similarity: f32,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig { strong_similarity: 0.5, supported_similarity: 0.36 }
    }
}

/// Matched sentences: one or two adjacent sentences on each side, before their words are
/// compared.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceMatch {
    /// Sentence indices in document a (ascending, adjacent).
    pub a: Vec<usize>,
    /// Sentence indices in document b (ascending, adjacent).
    pub b: Vec<usize>,
    /// Similarity of the two sides.
    pub similarity: f32,
}

/// The matched sentences of a document pair, ordered by their position in document a: enough
/// to judge whether the pair is reuse, which most candidate pairs are not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matching {
    /// The matches.
    pub units: Vec<SentenceMatch>,
}

impl Matching {
    /// Compares the words of every match: the alignment a reported pair shows.
    pub fn compare_words(self, a: &PreparedDocument, b: &PreparedDocument) -> Alignment {
        let units = self
            .units
            .into_iter()
            .map(|m| {
                let diff = diff::diff(a.run_terms(&m.a), b.run_terms(&m.b));
                AlignedSentences { a: m.a, b: m.b, similarity: m.similarity, diff }
            })
            .collect();
        Alignment { units }
    }
}

/// One aligned unit: one or two adjacent sentences on each side, and how their words differ.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedSentences {
    /// Sentence indices in document a (ascending, adjacent).
    pub a: Vec<usize>,
    /// Sentence indices in document b (ascending, adjacent).
    pub b: Vec<usize>,
    /// Similarity of the two sides.
    pub similarity: f32,
    /// Word-level differences.
    pub diff: WordDiff,
}

/// All aligned units of a document pair, ordered by their position in document a.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// The aligned units.
    pub units: Vec<AlignedSentences>,
}

impl Alignment {
    /// This alignment for twins of its two documents (see [`crate::twins`]) whose sentences
    /// sit `by` places further on in a and in b.
    pub fn shifted(&self, by: (isize, isize)) -> Alignment {
        let shift =
            |run: &[usize], by: isize| run.iter().map(|&i| i.wrapping_add_signed(by)).collect();
        let units = self
            .units
            .iter()
            .map(|unit| AlignedSentences {
                a: shift(&unit.a, by.0),
                b: shift(&unit.b, by.1),
                similarity: unit.similarity,
                diff: unit.diff.clone(),
            })
            .collect();
        Alignment { units }
    }
}

/// The matches an unmatched sentence pair sits beside on the diagonal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Support {
    /// One before it and one after it.
    TwoMatches,
    /// One before it or one after it.
    OneMatch,
}

/// A scored sentence pair, by position in the content-sentence lists.
#[derive(Debug, Clone, Copy)]
struct Scored {
    similarity: f32,
    x: usize,
    y: usize,
}

/// Aligns the story sentences of two documents and compares the words of each match.
pub fn align(a: &PreparedDocument, b: &PreparedDocument, config: AlignConfig) -> Alignment {
    match_sentences(a, b, config).compare_words(a, b)
}

thread_local! {
    static ALIGNER: RefCell<Aligner> = RefCell::default();
}

/// Names a document for as long as one scan runs: the scan's serial number and the document's
/// place in it. Two keys are equal only for the same document of the same scan, so an aligner
/// may keep what it built for a document from one pair to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentKey {
    /// Serial number of the scan, unique in the process.
    pub scan: u64,
    /// The document's index among the scan's documents.
    pub index: u32,
}

/// Matches the story sentences of two documents, with this thread's reusable buffers.
pub fn match_sentences(
    a: &PreparedDocument,
    b: &PreparedDocument,
    config: AlignConfig,
) -> Matching {
    ALIGNER.with(|aligner| aligner.borrow_mut().match_sentences(a, b, None, config))
}

/// [`match_sentences`] for two documents of one scan named by `keys`: a document's sentence
/// index is built once for the nearby pairs that share it (a scan's candidate pairs come
/// grouped by reuse family).
pub fn match_scan_sentences(
    a: &PreparedDocument,
    b: &PreparedDocument,
    keys: (DocumentKey, DocumentKey),
    config: AlignConfig,
) -> Matching {
    ALIGNER.with(|aligner| aligner.borrow_mut().match_sentences(a, b, Some(keys), config))
}

/// How many documents' sentence indexes a thread keeps: enough for the pairs of a reuse family
/// met one after another.
const KEPT_INDEXES: usize = 8;
const _: () = assert!(KEPT_INDEXES >= 2, "a pair needs two indexes");

/// The buffers sentence matching fills for every document pair, kept from one pair to the
/// next: a scan matches millions of pairs.
#[derive(Debug, Default)]
struct Aligner {
    /// Sentence indexes of the documents matched last, at most [`KEPT_INDEXES`].
    indexes: Vec<SentenceIndex>,
    /// Counts the indexes taken, to find the one used least recently.
    clock: u64,
    /// For a band of a's sentences (rows) and every sentence of b (columns), the weight of
    /// the terms the two share.
    shared: Vec<f32>,
    /// The sentence pairs of a band worth scoring, as positions in a's and b's sentences.
    worth: Vec<(usize, usize)>,
    /// a's substance grouped by band (each group in term order), when a has several bands.
    banded: Vec<Held>,
    runs: RunScorer,
}

/// What matching reads of one document's story sentences, and which document it was built
/// for when that document has a key.
#[derive(Debug, Default)]
struct SentenceIndex {
    key: Option<DocumentKey>,
    /// The aligner's clock when this index was last taken.
    used: u64,
    /// The story sentences, in order.
    sentences: Vec<usize>,
    /// The bags of the sentences scored so far, each built when first needed: a document met
    /// by chance has few sentences worth scoring.
    bags: Bags,
    /// Each sentence's number in `bags`, or [`NO_BAG`] while it has none.
    bag_numbers: Vec<u32>,
    /// Their non-function terms, held by positions in `sentences` (see
    /// [`similarity::substance`]): which sentences hold a term.
    substance: Vec<Held>,
    /// Each sentence's weight of non-function terms.
    whole: Vec<f32>,
}

/// [`SentenceIndex::bag_numbers`] of a sentence whose bag is not built.
const NO_BAG: u32 = u32::MAX;

impl SentenceIndex {
    /// Indexes `doc`.
    fn fill(&mut self, doc: &PreparedDocument, key: Option<DocumentKey>) {
        // Named only once whole, so that no half-built index is ever taken for a document.
        self.key = None;
        self.sentences.clear();
        self.sentences.extend(doc.content_sentences());
        self.bags.clear();
        self.bag_numbers.clear();
        self.bag_numbers.resize(self.sentences.len(), NO_BAG);
        similarity::substance(self.sentences.iter().map(|&i| doc.terms(i)), &mut self.substance);
        self.whole.clear();
        self.whole.resize(self.sentences.len(), 0.0);
        for &held in &self.substance {
            self.whole[similarity::substance_run(held)] += similarity::substance_weight(held);
        }
        self.key = key;
    }

    /// Builds the bag of sentence `x` (by position) unless it has one.
    fn build_bag(&mut self, doc: &PreparedDocument, x: usize) {
        if self.bag_numbers[x] == NO_BAG {
            self.bag_numbers[x] = self.bags.push(doc.terms(self.sentences[x])) as u32;
        }
    }

    /// The bag of sentence `x`, built by [`Self::build_bag`].
    fn bag(&self, x: usize) -> Bag<'_> {
        self.bags.get(self.bag_numbers[x] as usize)
    }

    /// Whether this index was built for the document `key` names.
    fn holds(&self, key: Option<DocumentKey>) -> bool {
        key.is_some() && key == self.key
    }
}

/// Most cells of the shared-weight table filled at once: two long documents are compared a
/// band of a's sentences at a time.
const SHARED_CELLS: usize = 1 << 18;

impl Aligner {
    fn match_sentences(
        &mut self,
        a: &PreparedDocument,
        b: &PreparedDocument,
        keys: Option<(DocumentKey, DocumentKey)>,
        config: AlignConfig,
    ) -> Matching {
        let (key_a, key_b) = keys.unzip();
        let x = self.take_index(a, key_a);
        let y = self.take_index(b, key_b);
        let mut scored = self.score_pairs(a, b, (x, y), config.supported_similarity);
        scored.sort_by(|p, q| {
            q.similarity.total_cmp(&p.similarity).then(p.x.cmp(&q.x)).then(p.y.cmp(&q.y))
        });
        let (na, nb) = (self.indexes[x].sentences.len(), self.indexes[y].sentences.len());
        let mut matched = match_greedily(&scored, na, nb, config.strong_similarity);
        let floors = (config.supported_similarity, config.strong_similarity);
        self.match_beside(a, b, (x, y), &mut matched, floors);
        let (sa, sb) = (&self.indexes[x].sentences, &self.indexes[y].sentences);
        let mut used_a: Vec<bool> = vec![false; a.boilerplate.len()];
        let mut used_b: Vec<bool> = vec![false; b.boilerplate.len()];
        for m in &matched {
            used_a[sa[m.x]] = true;
            used_b[sb[m.y]] = true;
        }
        let mut units: Vec<SentenceMatch> = matched
            .into_iter()
            .map(|m| {
                let mut unit =
                    SentenceMatch { a: vec![sa[m.x]], b: vec![sb[m.y]], similarity: m.similarity };
                let sides =
                    (Side { doc: a, used: &mut used_a }, Side { doc: b, used: &mut used_b });
                grow(&mut unit, sides, &mut self.runs);
                unit
            })
            .collect();
        units.sort_by_key(|u| (u.a[0], u.b[0]));
        Matching { units }
    }

    /// The place of an index of `doc`: the one kept for it when `key` names a document indexed
    /// before, else the least recently taken one (never the index just taken for the pair's
    /// other document), filled anew.
    fn take_index(&mut self, doc: &PreparedDocument, key: Option<DocumentKey>) -> usize {
        self.clock += 1;
        let kept = self.indexes.iter().position(|index| index.holds(key));
        let place = kept.unwrap_or_else(|| {
            if self.indexes.len() < KEPT_INDEXES {
                self.indexes.push(SentenceIndex::default());
                return self.indexes.len() - 1;
            }
            (0..self.indexes.len()).min_by_key(|&i| self.indexes[i].used).unwrap_or(0)
        });
        if kept.is_none() {
            self.indexes[place].fill(doc, key);
        }
        self.indexes[place].used = self.clock;
        place
    }

    /// Adds to `matched` the sentence pairs beside matches that share too little substance to
    /// be scored with the rest ([`worth_scoring`]): a spinner can reword a short sentence down
    /// to its function words. Scored whole, function words included, a pair sandwiched between
    /// two matches ((x, y) between (x - 1, y - 1) and (x + 1, y + 1)) is a match at `supported`;
    /// one beside a single match, as at a paragraph's edge, only at `strong`, the similarity
    /// that makes a match on its own.
    fn match_beside(
        &mut self,
        a: &PreparedDocument,
        b: &PreparedDocument,
        sides: (usize, usize),
        matched: &mut Vec<Scored>,
        (supported, strong): (f32, f32),
    ) {
        let sandwiched = self.unmatched_beside(sides, matched, Support::TwoMatches);
        self.match_scored(a, b, sides, sandwiched, matched, supported);
        let edges = self.unmatched_beside(sides, matched, Support::OneMatch);
        self.match_scored(a, b, sides, edges, matched, strong);
    }

    /// Scores `pairs`, none of whose sentences is matched yet, and adds to `matched` those
    /// reaching `floor`, best first, each sentence in one match at most.
    fn match_scored(
        &mut self,
        a: &PreparedDocument,
        b: &PreparedDocument,
        sides: (usize, usize),
        pairs: Vec<(usize, usize)>,
        matched: &mut Vec<Scored>,
        floor: f32,
    ) {
        let Aligner { indexes, runs, .. } = self;
        let score = |pair| score_sentences(indexes, (a, b), sides, pair, &mut runs.scorer, floor);
        let mut scored: Vec<Scored> = pairs.into_iter().filter_map(score).collect();
        scored.sort_by(|p, q| q.similarity.total_cmp(&p.similarity));
        let (mut taken_a, mut taken_b) = (HashSet::new(), HashSet::new());
        for s in scored {
            if !taken_a.contains(&s.x) && !taken_b.contains(&s.y) {
                taken_a.insert(s.x);
                taken_b.insert(s.y);
                matched.push(s);
            }
        }
    }

    /// The unmatched sentence pairs next to a match on the diagonal, as `support` asks, each
    /// pair once.
    fn unmatched_beside(
        &self,
        (index_a, index_b): (usize, usize),
        matched: &[Scored],
        support: Support,
    ) -> Vec<(usize, usize)> {
        let (na, nb) =
            (self.indexes[index_a].sentences.len(), self.indexes[index_b].sentences.len());
        let mut partner_of_a = vec![None; na];
        let mut matched_b = vec![false; nb];
        for m in matched {
            partner_of_a[m.x] = Some(m.y);
            matched_b[m.y] = true;
        }
        let free = |&(x, y): &(usize, usize)| {
            x < na && y < nb && partner_of_a[x].is_none() && !matched_b[y]
        };
        let mut pairs: Vec<(usize, usize)> = if support == Support::TwoMatches {
            let closed = |&(x, y): &(usize, usize)| partner_of_a.get(x + 1) == Some(&Some(y + 1));
            matched.iter().map(|m| (m.x + 1, m.y + 1)).filter(free).filter(closed).collect()
        } else {
            let before =
                matched.iter().filter_map(|m| Some((m.x.checked_sub(1)?, m.y.checked_sub(1)?)));
            let after = matched.iter().map(|m| (m.x + 1, m.y + 1));
            before.chain(after).filter(free).collect()
        };
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Scores every sentence pair that shares enough substance to be worth scoring, in the
    /// order of a's sentences, then b's.
    fn score_pairs(
        &mut self,
        a: &PreparedDocument,
        b: &PreparedDocument,
        (index_a, index_b): (usize, usize),
        floor: f32,
    ) -> Vec<Scored> {
        let Aligner { indexes, shared, worth, banded, runs, .. } = self;
        let mut out = Vec::new();
        let (sentences_a, columns) =
            (indexes[index_a].sentences.len(), indexes[index_b].sentences.len());
        if columns == 0 {
            return out;
        }
        let rows = (SHARED_CELLS / columns).max(1);
        let bands = sentences_a.div_ceil(rows);
        let band_ends = group_by_band(&indexes[index_a].substance, (rows, bands), banded);
        for (number, first) in (0..sentences_a).step_by(rows).enumerate() {
            let band = first..(first + rows).min(sentences_a);
            let (side_a, side_b) = (&indexes[index_a], &indexes[index_b]);
            let of_band = match &band_ends {
                Some(ends) => &banded[ends[number]..ends[number + 1]],
                None => &side_a.substance[..],
            };
            shared.clear();
            shared.resize(band.len() * columns, 0.0);
            add_shared(of_band, &side_b.substance, (band.start, columns), shared);
            worth.clear();
            for (x, row) in band.zip(shared.chunks_exact(columns)) {
                let whole_a = side_a.whole[x];
                for (y, &substance) in row.iter().enumerate() {
                    if worth_scoring(substance, whole_a, side_b.whole[y]) {
                        worth.push((x, y));
                    }
                }
            }
            let sides = (index_a, index_b);
            let score = |&(x, y): &(usize, usize)| {
                score_sentences(indexes, (a, b), sides, (x, y), &mut runs.scorer, floor)
            };
            out.extend(worth.iter().filter_map(score));
        }
        out
    }
}

/// Scores sentence `x` of a against sentence `y` of b (positions in the indexes `sides` of
/// `indexes`), building their bags if they have none; `None` below `floor`.
fn score_sentences(
    indexes: &mut [SentenceIndex],
    (a, b): (&PreparedDocument, &PreparedDocument),
    (index_a, index_b): (usize, usize),
    (x, y): (usize, usize),
    scorer: &mut Scorer,
    floor: f32,
) -> Option<Scored> {
    indexes[index_a].build_bag(a, x);
    indexes[index_b].build_bag(b, y);
    let (side_a, side_b) = (&indexes[index_a], &indexes[index_b]);
    let (terms_a, bag_a) = (a.terms(side_a.sentences[x]), side_a.bag(x));
    let (terms_b, bag_b) = (b.terms(side_b.sentences[y]), side_b.bag(y));
    let similarity = scorer.similarity_reaching(terms_a, bag_a, terms_b, bag_b, floor)?;
    (similarity >= floor).then_some(Scored { similarity, x, y })
}

/// When a's sentences (whose substance is `substance`) take more than one band of `rows`
/// (`bands` of them), copies each band's entries together, in term order, into `banded`, and
/// returns where each band's entries end (after a leading 0); `None` for one band.
fn group_by_band(
    substance: &[Held],
    (rows, bands): (usize, usize),
    banded: &mut Vec<Held>,
) -> Option<Vec<usize>> {
    if bands <= 1 {
        return None;
    }
    let band_of = |held: &Held| similarity::substance_run(*held) / rows;
    let mut ends = vec![0; bands + 1];
    for held in substance {
        ends[band_of(held) + 1] += 1;
    }
    for band in 1..=bands {
        ends[band] += ends[band - 1];
    }
    let mut next = ends.clone();
    banded.clear();
    banded.resize(substance.len(), 0);
    for held in substance {
        let slot = &mut next[band_of(held)];
        banded[*slot] = *held;
        *slot += 1;
    }
    Some(ends)
}

/// For every term a sentence of a's band (whose entries are `substance_a`, the band starting
/// at sentence `first`) shares with a sentence of b, adds b's weight of it to their cell of
/// `shared` (a row per sentence of the band, of `columns` cells, one per sentence of b), term
/// by term in id order: one merge of the two sorted term lists, where a search of b's list per
/// term of a waited on a chain of dependent reads. b's list is galloped through, so that a
/// band of a long document costs its own terms, not the whole of b's list.
fn add_shared(
    substance_a: &[Held],
    substance_b: &[Held],
    (first, columns): (usize, usize),
    shared: &mut [f32],
) {
    let term = |held: &Held| similarity::substance_term(*held);
    let sentence = |held: &Held| similarity::substance_run(*held);
    let (mut i, mut j) = (0, 0);
    while i < substance_a.len() && j < substance_b.len() {
        let id = term(&substance_a[i]);
        match id.cmp(&term(&substance_b[j])) {
            Ordering::Less => i += 1,
            Ordering::Greater => j = gallop(substance_b, j, id),
            Ordering::Equal => {
                let run_a = i + substance_a[i..].iter().take_while(|p| term(p) == id).count();
                let run_b = j + substance_b[j..].iter().take_while(|p| term(p) == id).count();
                for x in substance_a[i..run_a].iter().map(sentence) {
                    let row = &mut shared[(x - first) * columns..][..columns];
                    for holder in &substance_b[j..run_b] {
                        row[sentence(holder)] += similarity::substance_weight(*holder);
                    }
                }
                (i, j) = (run_a, run_b);
            }
        }
    }
}

/// The first position at or after `from` in `list` (sorted by term) whose term is not below
/// `id`: the next entry when it is, else found by doubling steps, then halving.
fn gallop(list: &[Held], from: usize, id: u64) -> usize {
    let below = |at: usize| similarity::substance_term(list[at]) < id;
    let mut step = 1;
    while from + step < list.len() && below(from + step) {
        step *= 2;
    }
    let start = from + step / 2 + 1;
    let end = (from + step).min(list.len());
    start + list[start..end].partition_point(|held| similarity::substance_term(*held) < id)
}

/// Whether two sentences sharing `shared` weight of non-function terms, of `whole_a` and
/// `whole_b` each, are worth scoring: more than one content word in common, or one that is
/// all either sentence holds (a short sentence copied whole).
fn worth_scoring(shared: f32, whole_a: f32, whole_b: f32) -> bool {
    shared >= 1.2 || (shared >= 1.0 && shared + 1e-3 >= whole_a.max(whole_b))
}

/// Scores runs of several sentences, reusing its buffers.
#[derive(Debug, Default)]
struct RunScorer {
    bags: Bags,
    scorer: Scorer,
}

impl RunScorer {
    /// The similarity of two runs when it reaches `floor` (see
    /// [`Scorer::similarity_reaching`]).
    fn similarity_reaching(&mut self, a: TermRun<'_>, b: TermRun<'_>, floor: f32) -> Option<f32> {
        self.bags.clear();
        let (x, y) = (self.bags.push(a), self.bags.push(b));
        self.scorer.similarity_reaching(a, self.bags.get(x), b, self.bags.get(y), floor)
    }
}

/// One-to-one matching: strong pairs first, then weaker pairs next to an accepted neighbour
/// (a diagonal one: the sentences before or after on both sides). Each sentence of a has at
/// most one partner, so a pair's support is read from its two neighbours' partners.
fn match_greedily(scored: &[Scored], na: usize, nb: usize, strong: f32) -> Vec<Scored> {
    let mut partner_of_a: Vec<Option<usize>> = vec![None; na];
    let mut used_b = vec![false; nb];
    let mut accepted: Vec<Scored> = Vec::new();
    let mut take = |s: &Scored, accepted: &mut Vec<Scored>, partner_of_a: &mut [Option<usize>]| {
        if partner_of_a[s.x].is_none() && !used_b[s.y] {
            partner_of_a[s.x] = Some(s.y);
            used_b[s.y] = true;
            accepted.push(*s);
        }
    };
    for s in scored.iter().filter(|s| s.similarity >= strong) {
        take(s, &mut accepted, &mut partner_of_a);
    }
    let supported = |s: &Scored, partner_of_a: &[Option<usize>]| {
        let neighbours = [s.x.checked_sub(1), Some(s.x + 1)];
        let partners = neighbours.into_iter().flatten().filter_map(|x| *partner_of_a.get(x)?);
        partners.into_iter().any(|y| y.abs_diff(s.y) == 1)
    };
    loop {
        let before = accepted.len();
        for s in scored.iter().filter(|s| s.similarity < strong) {
            if supported(s, &partner_of_a) {
                take(s, &mut accepted, &mut partner_of_a);
            }
        }
        if accepted.len() == before {
            return accepted;
        }
    }
}

/// A document and which of its sentences are already aligned.
struct Side<'d, 'u> {
    doc: &'d PreparedDocument,
    used: &'u mut Vec<bool>,
}

impl Side<'_, '_> {
    /// The free story sentence right before (`-1`) or after (`1`) a run, if there is one.
    fn free_neighbour(&self, run: &[usize], direction: isize) -> Option<usize> {
        let edge =
            if direction > 0 { run[run.len() - 1] as isize + 1 } else { run[0] as isize - 1 };
        let i = usize::try_from(edge).ok()?;
        let free = i < self.used.len() && !self.used[i] && !self.doc.boilerplate[i];
        (free && !self.doc.analysis.sentences[i].terms.is_empty()).then_some(i)
    }
}

/// Joins a free adjacent sentence on either side of a match when the joined text matches
/// clearly better (a merge or a split).
fn grow(unit: &mut SentenceMatch, (a, b): (Side<'_, '_>, Side<'_, '_>), runs: &mut RunScorer) {
    for (grow_a, direction) in [(true, 1isize), (true, -1), (false, 1), (false, -1)] {
        let (side, run) = if grow_a { (&a, &unit.a) } else { (&b, &unit.b) };
        let Some(candidate) = side.free_neighbour(run, direction) else { continue };
        let mut trial = run.clone();
        trial.push(candidate);
        trial.sort_unstable();
        let (ta, tb) = if grow_a { (&trial, &unit.b) } else { (&unit.a, &trial) };
        let better = unit.similarity + 0.05;
        let found = runs.similarity_reaching(a.doc.run_terms(ta), b.doc.run_terms(tb), better);
        if let Some(s) = found.filter(|&s| s > better) {
            unit.similarity = s;
            if grow_a {
                a.used[candidate] = true;
                unit.a = trial;
            } else {
                b.used[candidate] = true;
                unit.b = trial;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Term, TermClass};
    use crate::pipeline::{NoProgress, PipelineBuilder};
    use crate::Document;

    fn aligned(a: &str, b: &str) -> (Vec<PreparedDocument>, Alignment) {
        let docs = vec![Document::new("a", a), Document::new("b", b)];
        let prepared = PipelineBuilder::new().build().unwrap().prepare(docs, &NoProgress).0;
        let alignment = align(&prepared[0], &prepared[1], AlignConfig::default());
        (prepared, alignment)
    }

    #[test]
    fn moved_paragraphs_still_align() {
        let a = "The council approved the harbor budget on Tuesday evening.\n\
                 The mayor said the seawall would be finished by next spring.\n\
                 Ferry fares will rise by two dollars from the first of June.";
        let b = "Ferry fares will rise by two dollars from the first of June.\n\
                 The council approved the harbor budget on Tuesday evening.\n\
                 The mayor said the seawall would be finished by next spring.";
        let (_, alignment) = aligned(a, b);
        let pairs = first_sentences(&alignment);
        assert_eq!(pairs, [(0, 1), (1, 2), (2, 0)]);
    }

    /// The first sentence of each side of each aligned unit.
    fn first_sentences(alignment: &Alignment) -> Vec<(usize, usize)> {
        alignment.units.iter().map(|u| (u.a[0], u.b[0])).collect()
    }

    /// Three sentences: the same first and last around the given middle one.
    fn sandwich(middle: &str) -> String {
        format!(
            "The council approved the harbor budget on Tuesday evening after a debate.\n\
             {middle}\n\
             Ferry fares will rise by two dollars from the first of June, officials said."
        )
    }

    #[test]
    fn a_sentence_reworded_to_its_function_words_aligns_between_two_matches() {
        let a = sandwich("Each one must work out its own salvation.");
        let b = sandwich("Each one must act out its own redemption.");
        let (_, alignment) = aligned(&a, &b);
        let pairs = first_sentences(&alignment);
        assert_eq!(pairs, [(0, 0), (1, 1), (2, 2)]);
    }

    #[test]
    fn a_sentence_replaced_between_two_matches_stays_unaligned() {
        let a = sandwich("Each one must work out its own salvation.");
        let b = sandwich("Nobody from the port authority attended the vote.");
        let (_, alignment) = aligned(&a, &b);
        let pairs = first_sentences(&alignment);
        assert_eq!(pairs, [(0, 0), (2, 2)]);
    }

    /// The first sentences of the units aligned in two documents that each open with the same
    /// sentence, follow it with `last_a` or `last_b`, then close with a paragraph of their own.
    fn aligned_ending_with(last_a: &str, last_b: &str) -> Vec<(usize, usize)> {
        let ending_with = |last: &str, own: &str| {
            format!(
                "The council approved the harbor budget on Tuesday evening after a debate.\n\
                 {last}\n\n{own}"
            )
        };
        let a =
            ending_with(last_a, "Local bakers won three prizes at the county fair this weekend.");
        let b = ending_with(last_b, "Nobody from the port authority attended the vote on Monday.");
        first_sentences(&aligned(&a, &b).1)
    }

    #[test]
    fn a_sentence_reworded_to_its_function_words_aligns_beside_one_match() {
        let pairs = aligned_ending_with(
            "That in itself is not to be feared.",
            "That in itself is not to be dreaded.",
        );
        assert_eq!(pairs, [(0, 0), (1, 1)]);
    }

    #[test]
    fn beside_one_match_a_loose_likeness_stays_unaligned() {
        let (a, b) = ("We will not let that happen again.", "They will let it go on.");
        assert_eq!(aligned_ending_with(a, b), [(0, 0)]);
        let (_, alignment) = aligned(&sandwich(a), &sandwich(b));
        assert_eq!(first_sentences(&alignment), [(0, 0), (1, 1), (2, 2)], "between two matches");
    }

    #[test]
    fn a_merged_sentence_aligns_with_both_halves() {
        let a = "The council approved the harbor budget on Tuesday evening after a long debate. \
                 The mayor said the new seawall would be finished by next spring.";
        let b =
            "The council approved the harbor budget on Tuesday evening after a long debate, and \
                 the mayor said the new seawall would be finished by next spring.";
        let (_, alignment) = aligned(a, b);
        assert_eq!(alignment.units.len(), 1);
        assert_eq!(alignment.units[0].a, [0, 1]);
        assert_eq!(alignment.units[0].b, [0]);
        assert!(alignment.units[0].similarity > 0.9);
    }

    #[test]
    fn a_short_sentence_copied_whole_aligns() {
        let a = "The council approved the harbor budget on Tuesday evening.\n\
                 That is what I hope.\n\
                 Ferry fares will rise by two dollars from the first of June.";
        let b = "Ferry fares will rise by two dollars from the first of June.\n\
                 Local bakers won three prizes at the county fair this weekend.\n\
                 That is what I hope.";
        let (_, alignment) = aligned(a, b);
        let pairs = first_sentences(&alignment);
        assert_eq!(pairs, [(1, 2), (2, 0)]);
        assert!(!worth_scoring(1.0, 1.0, 2.5), "one shared word of a longer sentence");
        assert!(worth_scoring(2.0, 5.0, 6.0));
    }

    #[test]
    fn a_band_of_the_shared_table_equals_those_rows_of_the_whole() {
        // Term 1 is a content word (1.0), 2 and 3 numbers (0.8), 4 and 5 names (0.6).
        let class = [TermClass::Content, TermClass::Number, TermClass::Name];
        let key = |id: u32, sentence: usize| {
            let term = Term { id, class: class[(id as usize) / 2], quoted: false };
            similarity::held_entry(term, sentence)
        };
        let mut substance_a =
            vec![key(1, 0), key(1, 2), key(2, 1), key(3, 2), key(3, 3), key(5, 3)];
        let mut substance_b = vec![key(1, 1), key(3, 0), key(3, 1), key(4, 0), key(5, 2)];
        substance_a.sort_unstable();
        substance_b.sort_unstable();
        let mut whole = vec![0.0; 4 * 3];
        assert_eq!(group_by_band(&substance_a, (4, 1), &mut Vec::new()), None, "one band");
        add_shared(&substance_a, &substance_b, (0, 3), &mut whole);
        assert_eq!(whole[2 * 3 + 1], 1.0 + 0.8, "a's sentence 2 and b's 1 share terms 1 and 3");
        assert_eq!(whole[3 * 3..], [0.8, 0.8, 0.6]);
        let mut banded = Vec::new();
        let ends = group_by_band(&substance_a, (2, 2), &mut banded).unwrap();
        assert_eq!(ends, [0, 2, 6]);
        let mut band = vec![0.0; 2 * 3];
        add_shared(&banded[ends[1]..ends[2]], &substance_b, (2, 3), &mut band);
        assert_eq!(band, whole[2 * 3..]);
    }

    #[test]
    fn galloping_finds_what_a_linear_search_finds() {
        let term = |id: u32| Term { id, class: TermClass::Content, quoted: false };
        let list: Vec<Held> = [1, 1, 2, 4, 4, 4, 7, 9, 12, 12, 15, 20, 21, 30, 31, 40]
            .iter()
            .enumerate()
            .map(|(sentence, &id)| similarity::held_entry(term(id), sentence))
            .collect();
        for from in 0..list.len() {
            for id in 0..45u64 {
                if similarity::substance_term(list[from]) >= id {
                    continue;
                }
                let linear = (from..list.len())
                    .find(|&at| similarity::substance_term(list[at]) >= id)
                    .unwrap_or(list.len());
                assert_eq!(gallop(&list, from, id), linear, "from {from}, term {id}");
            }
        }
    }

    #[test]
    fn keyed_matching_gives_what_matching_afresh_gives() {
        let story = "The council approved the harbor budget on Tuesday evening.\n\
                     The mayor said the seawall would be finished by next spring.\n\
                     Ferry fares will rise by two dollars from the first of June.";
        let moved = "Ferry fares will rise by two dollars from the first of June.\n\
                     The council approved the harbor budget on Tuesday evening.";
        let other = "Local bakers won three prizes at the county fair this weekend.\n\
                     The mayor said the seawall would be finished by next spring.";
        let prepare = |texts: &[&str]| {
            let docs = texts.iter().enumerate().map(|(i, t)| Document::new(i.to_string(), *t));
            PipelineBuilder::new().build().unwrap().prepare(docs.collect(), &NoProgress).0
        };
        let (first, second) = (prepare(&[story, moved, other]), prepare(&[other, story, moved]));
        let config = AlignConfig::default();
        // Pairs sharing a document one after another, in both roles, then other scans whose
        // documents have the same indices but other texts, enough of them that kept indexes
        // are dropped for new ones.
        let in_scan = [(0, 1), (0, 2), (2, 0), (1, 2), (2, 1), (1, 0)];
        let scans = 0..KEPT_INDEXES as u64;
        let visits: Vec<(u64, usize, usize)> =
            scans.flat_map(|scan| in_scan.map(|(i, j)| (scan, i, j))).collect();
        let docs_of = |scan: u64| if scan.is_multiple_of(2) { &first } else { &second };
        let expected: Vec<Matching> = visits
            .iter()
            .map(|&(scan, i, j)| match_sentences(&docs_of(scan)[i], &docs_of(scan)[j], config))
            .collect();
        for (&(scan, i, j), expected) in visits.iter().zip(&expected) {
            let docs = docs_of(scan);
            let key = |index: usize| DocumentKey { scan, index: index as u32 };
            let keyed = match_scan_sentences(&docs[i], &docs[j], (key(i), key(j)), config);
            assert_eq!(&keyed, expected, "scan {scan}, pair ({i}, {j})");
        }
        assert!(expected.iter().any(|m| !m.units.is_empty()), "some pairs align");
    }

    #[test]
    fn unrelated_sentences_do_not_align() {
        let a = "The council approved the harbor budget on Tuesday evening.";
        let b = "Local bakers won three prizes at the county fair this weekend.";
        assert!(aligned(a, b).1.units.is_empty());
    }
}
