//! Candidate pairs: which documents are worth aligning?
//!
//! An inverted index maps each fingerprint key to the documents holding it. Pairs of documents
//! that share enough distinct keys (at least two, and 2% of the smaller document's keys),
//! spread over at least two sentences of each (one shared sentence is a quote or a stock
//! phrase, not reuse), become candidates. Two guards keep this sub-quadratic: keys
//! held by more than `max_postings` documents (stock phrases, hot topics) are skipped, and each
//! document keeps at most its `max_per_document` strongest partners among later documents.
//! The index holds only keys shared by two documents or more, built in key-hash shards, and
//! shared keys are counted per document in parallel.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fingerprint::DocumentKeys;

/// Limits of candidate generation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidateConfig {
    /// Distinct shared keys a pair needs.
    pub min_shared_keys: u32,
    /// Share of the smaller document's keys a pair must share (long documents share more keys
    /// by chance).
    pub min_shared_fraction: f32,
    /// Keys held by more documents than this are ignored.
    pub max_postings: usize,
    /// Partners kept per document (among documents after it), strongest first.
    pub max_per_document: usize,
    /// Sentences of each document the shared keys must come from (all of a document's keyed
    /// sentences when it has fewer).
    pub min_sentences: u32,
}

impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig {
            min_shared_keys: 2,
            min_shared_fraction: 0.02,
            max_postings: 2000,
            max_per_document: 500,
            min_sentences: 2,
        }
    }
}

impl CandidateConfig {
    /// Whether two documents with fingerprints of sizes `a` and `b` and `shared` in common
    /// are worth aligning.
    pub fn is_candidate(&self, shared: Shared, a: KeyCounts, b: KeyCounts) -> bool {
        let spread = |sentences: u32, of: KeyCounts| {
            sentences >= self.min_sentences.min(of.sentences as u32)
        };
        self.shares_enough_keys(shared.keys, a, b)
            && spread(shared.sentences_a, a)
            && spread(shared.sentences_b, b)
    }

    /// The key-count half of [`CandidateConfig::is_candidate`]: enough distinct shared keys,
    /// wherever they come from.
    pub fn shares_enough_keys(&self, shared_keys: u32, a: KeyCounts, b: KeyCounts) -> bool {
        let smaller = a.keys.min(b.keys) as f32;
        shared_keys >= self.min_shared_keys
            && shared_keys as f32 >= self.min_shared_fraction * smaller
    }
}

/// The size of a document's fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyCounts {
    /// Distinct keys.
    pub keys: usize,
    /// Distinct sentences the keys come from.
    pub sentences: usize,
}

impl KeyCounts {
    /// The counts of a fingerprint.
    pub fn of(keys: &DocumentKeys) -> Self {
        KeyCounts { keys: keys.len(), sentences: keys.keyed_sentences() }
    }
}

/// What two fingerprints have in common.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shared {
    /// Distinct shared keys.
    pub keys: u32,
    /// Sentences of document a holding a shared key.
    pub sentences_a: u32,
    /// Sentences of document b holding a shared key.
    pub sentences_b: u32,
}

/// Counts the keys two documents share, one shared key at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct SharedTally {
    keys: u32,
    sentences_a: SentenceSet,
    sentences_b: SentenceSet,
}

impl SharedTally {
    /// One more shared key, from sentence `a` of one document and `b` of the other.
    pub fn add(&mut self, a: u8, b: u8) {
        self.keys += 1;
        self.sentences_a.insert(a);
        self.sentences_b.insert(b);
    }

    /// The tally so far.
    pub fn shared(&self) -> Shared {
        Shared {
            keys: self.keys,
            sentences_a: self.sentences_a.len(),
            sentences_b: self.sentences_b.len(),
        }
    }
}

/// A set of sentence ordinals.
#[derive(Debug, Clone, Copy, Default)]
struct SentenceSet([u64; 4]);

impl SentenceSet {
    fn insert(&mut self, ordinal: u8) {
        self.0[usize::from(ordinal / 64)] |= 1 << (ordinal % 64);
    }

    fn len(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

/// A pair of documents to align, `a < b`, with the number of keys they share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CandidatePair {
    /// Index of the first document.
    pub a: u32,
    /// Index of the second document.
    pub b: u32,
    /// Distinct shared keys.
    pub shared_keys: u32,
}

/// What candidate generation found, with the numbers the run summary reports.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// Pairs to align, sorted by `(a, b)`.
    pub pairs: Vec<CandidatePair>,
    /// Keys skipped by the hot-key guard.
    pub hot_keys: usize,
}

/// Key-hash shards the posting index is built in, bounding the memory of the build.
const SHARDS: u64 = 16;

/// Finds candidate pairs among documents given their fingerprints, which are dropped as soon
/// as the posting index holds what it needs of them.
pub fn candidate_pairs(doc_keys: Vec<DocumentKeys>, config: CandidateConfig) -> Candidates {
    let counts: Vec<KeyCounts> = doc_keys.par_iter().map(KeyCounts::of).collect();
    let index = PostingIndex::build(doc_keys, config.max_postings);
    let pairs = (0..counts.len())
        .into_par_iter()
        .map_init(
            || PartnerScratch::new(counts.len()),
            |scratch, a| index.partners(a as u32, scratch, &counts, config),
        )
        .flat_map_iter(|found| found)
        .collect();
    Candidates { pairs, hot_keys: index.hot_keys }
}

/// A document holding a key, and the sentence of it the key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    doc: u32,
    sentence: u8,
    /// The last posting of its key's list.
    ends_list: bool,
}

/// Keys shared by at least two and at most `max_postings` documents, as posting lists (each
/// ascending by document) laid end to end in their key's shard, and for each document where
/// its own postings are, so a document's partners are found without looking its keys up.
/// Postings are numbered across shards in shard order; the shards stay apart, since joining
/// them would hold every posting twice for a moment.
struct PostingIndex {
    shards: Vec<Vec<Posting>>,
    /// The number of each shard's first posting.
    shard_starts: Vec<u32>,
    /// Document `d`'s postings are numbers `own[own_offsets[d]..own_offsets[d + 1]]`.
    own_offsets: Vec<u32>,
    own: Vec<u32>,
    hot_keys: usize,
}

/// One shard's posting lists.
struct ShardLists {
    postings: Vec<Posting>,
    hot_keys: usize,
}

impl PostingIndex {
    fn build(doc_keys: Vec<DocumentKeys>, max_postings: usize) -> Self {
        let built: Vec<ShardLists> = (0..SHARDS)
            .into_par_iter()
            .map(|s| Self::build_shard(&doc_keys, s, max_postings))
            .collect();
        let documents = doc_keys.len();
        drop(doc_keys);
        let hot_keys = built.iter().map(|s| s.hot_keys).sum();
        let shards: Vec<Vec<Posting>> = built.into_iter().map(|s| s.postings).collect();
        let shard_starts = shards
            .iter()
            .scan(0u32, |next, shard| {
                let start = *next;
                *next += shard.len() as u32;
                Some(start)
            })
            .collect();
        let (own_offsets, own) = Self::postings_by_document(&shards, documents);
        PostingIndex { shards, shard_starts, own_offsets, own, hot_keys }
    }

    /// The posting lists of keys in shard `shard` (key mod [`SHARDS`]).
    fn build_shard(doc_keys: &[DocumentKeys], shard: u64, max_postings: usize) -> ShardLists {
        let mut entries: Vec<(u64, Posting)> = doc_keys
            .iter()
            .enumerate()
            .flat_map(|(doc, keys)| {
                keys.iter().filter(|(k, _)| *k % SHARDS == shard).map(move |(k, sentence)| {
                    (k, Posting { doc: doc as u32, sentence, ends_list: false })
                })
            })
            .collect();
        entries.sort_unstable();
        let mut lists = ShardLists { postings: Vec::new(), hot_keys: 0 };
        for group in entries.chunk_by(|x, y| x.0 == y.0) {
            if group.len() > max_postings {
                lists.hot_keys += 1;
            } else if group.len() >= 2 {
                lists.postings.extend(group.iter().map(|e| e.1));
                if let Some(last) = lists.postings.last_mut() {
                    last.ends_list = true;
                }
            }
        }
        lists
    }

    /// For each of `documents` documents, the numbers of its postings, in compressed-row form.
    fn postings_by_document(shards: &[Vec<Posting>], documents: usize) -> (Vec<u32>, Vec<u32>) {
        let postings = || shards.iter().flatten();
        let mut offsets = vec![0u32; documents + 1];
        for posting in postings() {
            offsets[posting.doc as usize + 1] += 1;
        }
        for d in 0..documents {
            offsets[d + 1] += offsets[d];
        }
        let mut filled = offsets.clone();
        let mut own = vec![0u32; offsets[documents] as usize];
        for (at, posting) in postings().enumerate() {
            let slot = &mut filled[posting.doc as usize];
            own[*slot as usize] = at as u32;
            *slot += 1;
        }
        (offsets, own)
    }

    /// The postings from number `at` to the end of its shard.
    fn postings_from(&self, at: u32) -> &[Posting] {
        let shard = self.shard_starts.partition_point(|&start| start <= at) - 1;
        &self.shards[shard][(at - self.shard_starts[shard]) as usize..]
    }

    /// Candidate partners `b > a` of document `a`: enough shared keys, strongest first, at most
    /// `max_per_document`, returned in ascending `b`. Shared keys are counted first; only
    /// partners with enough of them have the sentences their keys come from tallied.
    fn partners(
        &self,
        a: u32,
        scratch: &mut PartnerScratch,
        counts: &[KeyCounts],
        config: CandidateConfig,
    ) -> Vec<CandidatePair> {
        let own_counts = counts[a as usize];
        let enough = |b: u32, shared_keys: u32| {
            config.shares_enough_keys(shared_keys, own_counts, counts[b as usize])
        };
        let tallies = self.tally_partners(a, scratch, enough);
        let mut found: Vec<CandidatePair> = tallies
            .into_iter()
            .filter_map(|(b, tally)| {
                let shared = tally.shared();
                config
                    .is_candidate(shared, own_counts, counts[b as usize])
                    .then_some(CandidatePair { a, b, shared_keys: shared.keys })
            })
            .collect();
        found.sort_unstable_by(|x, y| y.shared_keys.cmp(&x.shared_keys).then(x.b.cmp(&y.b)));
        found.truncate(config.max_per_document);
        found.sort_unstable_by_key(|p| p.b);
        found
    }

    /// The later documents sharing keys with `a` that pass `enough` (given a document and the
    /// keys it shares), each with the sentences their shared keys come from. Keys are counted
    /// in `scratch` first, so only those partners get a tally; `scratch` is left zeroed.
    fn tally_partners(
        &self,
        a: u32,
        scratch: &mut PartnerScratch,
        enough: impl Fn(u32, u32) -> bool,
    ) -> Vec<(u32, SharedTally)> {
        for (_, later) in self.later_postings(a) {
            for posting in later {
                scratch.count(posting.doc);
            }
        }
        let mut tallies: Vec<(u32, SharedTally)> = Vec::new();
        for b in std::mem::take(&mut scratch.touched) {
            let shared_keys = std::mem::take(&mut scratch.marks[b as usize]);
            if enough(b, shared_keys) {
                tallies.push((b, SharedTally::default()));
                scratch.marks[b as usize] = tallies.len() as u32;
            }
        }
        for (sentence, later) in self.later_postings(a) {
            for posting in later {
                if let Some(slot) = scratch.marks[posting.doc as usize].checked_sub(1) {
                    tallies[slot as usize].1.add(sentence, posting.sentence);
                }
            }
        }
        for &(b, _) in &tallies {
            scratch.marks[b as usize] = 0;
        }
        tallies
    }

    /// For each list holding document `a`: the sentence of `a` the key comes from, and the
    /// postings of the documents after `a`.
    fn later_postings(&self, a: u32) -> impl Iterator<Item = (u8, &[Posting])> + '_ {
        let a = a as usize;
        let own = &self.own[self.own_offsets[a] as usize..self.own_offsets[a + 1] as usize];
        own.iter().map(|&at| {
            let rest = self.postings_from(at);
            let len = rest.iter().position(|p| p.ends_list).map_or(rest.len(), |last| last + 1);
            (rest[0].sentence, &rest[1..len])
        })
    }
}

/// Per-thread working memory of [`PostingIndex::partners`]: a slot per document, zero between
/// calls, and the documents whose slot was touched.
struct PartnerScratch {
    marks: Vec<u32>,
    touched: Vec<u32>,
}

impl PartnerScratch {
    fn new(documents: usize) -> Self {
        PartnerScratch { marks: vec![0; documents], touched: Vec::new() }
    }

    /// One more key shared with document `b`.
    fn count(&mut self, b: u32) {
        let mark = &mut self.marks[b as usize];
        if *mark == 0 {
            self.touched.push(b);
        }
        *mark += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fingerprint with each key from its own sentence.
    fn spread(keys: &[u64]) -> DocumentKeys {
        DocumentKeys::from_pairs(keys.iter().enumerate().map(|(i, &k)| (k, i as u8)).collect())
    }

    fn spread_all(docs: &[Vec<u64>]) -> Vec<DocumentKeys> {
        docs.iter().map(|keys| spread(keys)).collect()
    }

    #[test]
    fn pairs_need_shared_keys_and_hot_keys_are_skipped() {
        let docs = vec![vec![1, 2, 3, 99], vec![2, 3, 4, 99], vec![7, 8, 99], vec![8, 9, 99]];
        let config =
            CandidateConfig { max_postings: 3, max_per_document: 10, ..CandidateConfig::default() };
        let found = candidate_pairs(spread_all(&docs), config);
        assert_eq!(found.hot_keys, 1);
        assert_eq!(found.pairs, vec![CandidatePair { a: 0, b: 1, shared_keys: 2 }]);
    }

    #[test]
    fn shard_boundaries_do_not_change_the_result() {
        let docs: Vec<Vec<u64>> =
            (0..40u64).map(|i| (0..30).map(|k| (i / 4) * 1000 + k * 17).collect()).collect();
        let config = CandidateConfig {
            max_postings: 100,
            max_per_document: 100,
            ..CandidateConfig::default()
        };
        let found = candidate_pairs(spread_all(&docs), config);
        assert_eq!(found.pairs.len(), 10 * 6);
        assert!(found.pairs.iter().all(|p| p.a / 4 == p.b / 4 && p.shared_keys == 30));
    }

    #[test]
    fn partners_per_document_are_bounded() {
        let docs: Vec<Vec<u64>> = (0..6).map(|i| vec![1, 2, 100 + i]).collect();
        let config = CandidateConfig {
            max_postings: 100,
            max_per_document: 2,
            ..CandidateConfig::default()
        };
        let found = candidate_pairs(spread_all(&docs), config);
        for doc in 0..6 {
            assert!(found.pairs.iter().filter(|p| p.a == doc).count() <= 2);
        }
        assert_eq!(found.pairs.len(), 2 + 2 + 2 + 2 + 1);
    }

    #[test]
    fn keys_bunched_in_one_sentence_are_not_enough() {
        let quote = [(1, 0), (2, 0), (3, 0)];
        let a = DocumentKeys::from_pairs([&quote[..], &[(10, 1), (11, 2)]].concat());
        let b = DocumentKeys::from_pairs([&quote[..], &[(20, 1), (21, 2)]].concat());
        let passage = DocumentKeys::from_pairs([&quote[..], &[(10, 3), (30, 4)]].concat());
        let found = candidate_pairs(vec![a, b, passage], CandidateConfig::default());
        let pairs: Vec<(u32, u32)> = found.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(0, 2)], "only a and the passage share keys in two sentences");
    }

    #[test]
    fn a_one_sentence_document_needs_only_that_sentence() {
        let short = DocumentKeys::from_pairs(vec![(1, 0), (2, 0), (3, 0)]);
        let long = DocumentKeys::from_pairs(vec![(1, 4), (2, 4), (3, 5), (9, 6)]);
        assert_eq!(KeyCounts::of(&short), KeyCounts { keys: 3, sentences: 1 });
        let found = candidate_pairs(vec![short, long], CandidateConfig::default());
        assert_eq!(found.pairs.len(), 1);
    }
}
