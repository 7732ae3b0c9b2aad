//! Candidate pairs: which documents are worth aligning?
//!
//! An inverted index maps each fingerprint key to the documents holding it. Pairs of documents
//! that share enough distinct keys (at least two, and 2% of the smaller document's keys),
//! spread over at least two sentences of each (one shared sentence is a quote or a stock
//! phrase, not reuse), become candidates. Three guards keep this sub-quadratic: keys
//! held by more than `max_postings` documents (stock phrases, hot topics) are skipped; keys
//! held by more than `crowded_postings` documents that are not a story's copies (see
//! [`holders_sketch`]) only add to pairs that share another key, as half a key toward the
//! minimum; and each document keeps at most its `max_per_document` strongest partners among
//! later documents.
//! The index holds only keys shared by two documents or more, built in key-hash shards, and
//! shared keys are counted per document in parallel. A story told word for word by several
//! documents (twins) is indexed once, and its partners are dealt out to every teller.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::cluster::DisjointSets;
use crate::fingerprint::DocumentKeys;

/// Limits of candidate generation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidateConfig {
    /// Distinct shared keys a pair needs (a scattered key counting half).
    pub min_shared_keys: u32,
    /// Share of the smaller document's keys a pair must share (long documents share more keys
    /// by chance).
    pub min_shared_fraction: f32,
    /// Keys held by more documents than this are ignored.
    pub max_postings: usize,
    /// Keys held by more documents than this are crowded. A crowded key whose holders hold
    /// other crowded keys together, as a widely syndicated story's copies do, counts like any
    /// key; one whose holders do not (two common terms met by chance in unrelated documents)
    /// is scattered: it counts only toward pairs that share another key, and as half a key
    /// toward `min_shared_keys`.
    pub crowded_postings: usize,
    /// Partners kept per document (among documents after it), strongest first.
    pub max_per_document: usize,
    /// Sentences of each document the shared keys must come from (all of a document's keyed
    /// sentences when it has fewer): 1 or 2.
    pub min_sentences: u32,
}

impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig {
            min_shared_keys: 2,
            min_shared_fraction: 0.02,
            max_postings: 2000,
            crowded_postings: 64,
            max_per_document: 500,
            min_sentences: 2,
        }
    }
}

impl CandidateConfig {
    /// Whether two documents with fingerprints of sizes `a` and `b` and `shared` in common
    /// are worth aligning.
    pub fn is_candidate(&self, shared: Shared, a: KeyCounts, b: KeyCounts) -> bool {
        let min_sentences =
            if Self::briefs_share_a_sentence(shared, a, b) { 1 } else { self.min_sentences };
        let spread =
            |sentences: u32, of: KeyCounts| sentences >= min_sentences.min(of.sentences as u32);
        self.shares_enough_keys(shared, a, b)
            && spread(shared.sentences_a, a)
            && spread(shared.sentences_b, b)
    }

    /// Whether two briefs, each of at most [`BRIEF_SENTENCES`] keyed sentences, share at
    /// least [`BRIEF_SHARED_KEYS`] keys that are not scattered: then one sentence may hold them
    /// all. A spinner that rewrites one sentence of a two-sentence brief past recognition leaves
    /// a single sentence with keys to share, and a brief has no other to offer.
    fn briefs_share_a_sentence(shared: Shared, a: KeyCounts, b: KeyCounts) -> bool {
        a.sentences.max(b.sentences) <= BRIEF_SENTENCES
            && shared.keys.saturating_sub(shared.scattered) >= BRIEF_SHARED_KEYS
    }

    /// The key-count half of [`CandidateConfig::is_candidate`]: enough distinct shared keys, a
    /// scattered one counting half, wherever they come from.
    pub fn shares_enough_keys(&self, shared: Shared, a: KeyCounts, b: KeyCounts) -> bool {
        let smaller = a.keys.min(b.keys) as f32;
        let halves = (2 * u64::from(shared.keys)).saturating_sub(u64::from(shared.scattered));
        halves >= 2 * u64::from(self.min_shared_keys)
            && shared.keys as f32 >= self.min_shared_fraction * smaller
    }
}

/// The keyed sentences of a brief: two such documents may share their keys from one sentence.
pub const BRIEF_SENTENCES: usize = 3;

/// The keys, none scattered, that two briefs must share when one sentence holds them.
pub const BRIEF_SHARED_KEYS: u32 = 3;

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
    /// Of those, keys from scattered lists (see [`CandidateConfig::crowded_postings`]).
    pub scattered: u32,
    /// Sentences of document a holding a shared key, counted up to two.
    pub sentences_a: u32,
    /// Sentences of document b holding a shared key, counted up to two.
    pub sentences_b: u32,
}

impl Shared {
    /// What a document shares with another that tells its story word for word: every key, from
    /// as many of its sentences as it has (counted up to two).
    pub fn whole(own: KeyCounts) -> Self {
        let sentences = own.sentences.min(2) as u32;
        Shared {
            keys: own.keys as u32,
            scattered: 0,
            sentences_a: sentences,
            sentences_b: sentences,
        }
    }
}

/// Counts the keys two documents share, one shared key at a time, how many of them are
/// scattered, and how many sentences of each document they come from, up to two (the most
/// [`CandidateConfig::min_sentences`] may ask for). Twelve bytes: candidate generation keeps
/// one per document per thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct SharedTally {
    keys: u32,
    scattered: u32,
    sentences_a: SentenceSpread,
    sentences_b: SentenceSpread,
}

impl SharedTally {
    /// One more shared key, from sentence `a` of one document and `b` of the other.
    pub fn add(&mut self, a: u8, b: u8) {
        self.keys += 1;
        self.sentences_a.insert(a);
        self.sentences_b.insert(b);
    }

    /// [`SharedTally::add`] for a key of a scattered list.
    pub fn add_scattered(&mut self, a: u8, b: u8) {
        self.scattered += 1;
        self.add(a, b);
    }

    /// The tally so far.
    pub fn shared(&self) -> Shared {
        Shared {
            keys: self.keys,
            scattered: self.scattered,
            sentences_a: self.sentences_a.len(),
            sentences_b: self.sentences_b.len(),
        }
    }
}

/// The distinct sentence ordinals seen, counted up to two: the first one, and whether
/// another followed.
#[derive(Debug, Clone, Copy, Default)]
struct SentenceSpread {
    first: u8,
    seen: u8,
}

impl SentenceSpread {
    fn insert(&mut self, ordinal: u8) {
        match self.seen {
            0 => *self = SentenceSpread { first: ordinal, seen: 1 },
            1 if ordinal != self.first => self.seen = 2,
            _ => {}
        }
    }

    fn len(&self) -> u32 {
        u32::from(self.seen)
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
    /// Pairs to align, those of one group of documents linked by pairs sharing many keys
    /// together, groups in the order of their first documents, each sorted by `(a, b)`:
    /// aligned in this order, a reuse family's pairs come one after another, so what is built
    /// for a document can be kept from one pair to the next.
    pub pairs: Vec<CandidatePair>,
    /// Keys skipped by the hot-key guard.
    pub hot_keys: usize,
    /// Crowded keys taken for chance meetings of common terms, counted only beside another key.
    pub scattered_keys: usize,
}

/// The posting index is built in shards of the key space cut by the keys' leading bits, which
/// bounds the memory of the build; a document's keys of one shard are one run of its sorted
/// keys.
const SHARD_BITS: u32 = 4;

/// Finds candidate pairs among documents given their fingerprints, which are dropped as soon
/// as the posting index holds what it needs of them. `first[d]` is the first document whose
/// story document `d` tells word for word (`d` itself when none does; see [`crate::twins`]):
/// such copies hold the same keys in the same sentences, so only the first of each story
/// enters the index and its partners are dealt out to the copies. However many sites run a
/// story, its keys then have one holder for it, not one per site.
pub fn candidate_pairs(
    mut doc_keys: Vec<DocumentKeys>,
    first: &[u32],
    config: CandidateConfig,
) -> Candidates {
    let counts: Vec<KeyCounts> = doc_keys.par_iter().map(KeyCounts::of).collect();
    let is_copy = |doc: usize| first[doc] != doc as u32;
    doc_keys.par_iter_mut().enumerate().filter(|(doc, _)| is_copy(*doc)).for_each(|(_, keys)| {
        *keys = DocumentKeys::default();
    });
    let tellers = StoryTellers::new(first);
    let index = PostingIndex::build(doc_keys, config.max_postings, config.crowded_postings);
    let pairs = (0..counts.len())
        .into_par_iter()
        .map_init(
            || PartnerScratch::new(counts.len()),
            |scratch, a| {
                // A story told again keeps every partner until they are dealt out to its
                // tellers, which then keep their strongest.
                let limit =
                    if tellers.told_again(a as u32) { usize::MAX } else { config.max_per_document };
                index.partners(a as u32, scratch, &counts, config, limit)
            },
        )
        .flat_map_iter(|found| found)
        .collect();
    let pairs = if (0..first.len()).any(is_copy) {
        tellers.deal_out(pairs, &counts, config)
    } else {
        pairs
    };
    let pairs = grouped(pairs, counts.len());
    Candidates { pairs, hot_keys: index.hot_keys, scattered_keys: index.scattered_keys }
}

/// The documents that tell each story: the first teller of a story, then its copies, in
/// document order.
struct StoryTellers<'f> {
    /// For each document, its first teller.
    first: &'f [u32],
    /// Where each first teller's documents start in `tellers`, then where the last end.
    offsets: Vec<u32>,
    tellers: Vec<u32>,
}

impl<'f> StoryTellers<'f> {
    fn new(first: &'f [u32]) -> Self {
        let mut offsets = vec![0u32; first.len() + 1];
        for &f in first {
            offsets[f as usize + 1] += 1;
        }
        for i in 0..first.len() {
            offsets[i + 1] += offsets[i];
        }
        let mut filled = offsets.clone();
        let mut tellers = vec![0u32; first.len()];
        for (doc, &f) in first.iter().enumerate() {
            tellers[filled[f as usize] as usize] = doc as u32;
            filled[f as usize] += 1;
        }
        StoryTellers { first, offsets, tellers }
    }

    /// Whether another document tells the story `doc` tells first.
    fn told_again(&self, doc: u32) -> bool {
        self.of(doc).len() > 1
    }

    /// The documents that tell the story `first` tells first.
    fn of(&self, first: u32) -> &[u32] {
        let f = first as usize;
        &self.tellers[self.offsets[f] as usize..self.offsets[f + 1] as usize]
    }

    /// The pairs of every document, from the pairs of the first tellers (`first_pairs`): a
    /// document shares all its keys with the other tellers of its story, and with every
    /// teller of a story whose first teller met its own what those two first tellers share.
    /// Each keeps its `max_per_document` strongest partners after it, as the index walk
    /// keeps them.
    fn deal_out(
        &self,
        first_pairs: Vec<CandidatePair>,
        counts: &[KeyCounts],
        config: CandidateConfig,
    ) -> Vec<CandidatePair> {
        let mut met: Vec<(u32, u32, u32)> = first_pairs
            .iter()
            .flat_map(|p| [(p.a, p.b, p.shared_keys), (p.b, p.a, p.shared_keys)])
            .collect();
        met.par_sort_unstable();
        let met_from = |first: u32| {
            let start = met.partition_point(|m| m.0 < first);
            let end = met.partition_point(|m| m.0 <= first);
            met[start..end].iter().map(|&(_, other, shared)| (other, shared))
        };
        (0..counts.len() as u32)
            .into_par_iter()
            .flat_map_iter(|a| {
                let first = self.first[a as usize];
                let own = counts[a as usize];
                let whole = Shared::whole(own);
                let own_story = config.is_candidate(whole, own, own).then_some((first, whole.keys));
                let mut found: Vec<CandidatePair> = own_story
                    .into_iter()
                    .chain(met_from(first))
                    .flat_map(|(story, shared_keys)| {
                        let later = self.of(story).iter().filter(move |&&b| b > a);
                        later.map(move |&b| CandidatePair { a, b, shared_keys })
                    })
                    .collect();
                strongest(&mut found, config.max_per_document);
                found
            })
            .collect()
    }
}

/// Keeps the `limit` pairs of one document sharing the most keys (the first partners among
/// equals), in partner order.
fn strongest(found: &mut Vec<CandidatePair>, limit: usize) {
    if found.len() > limit {
        found.sort_unstable_by(|x, y| y.shared_keys.cmp(&x.shared_keys).then(x.b.cmp(&y.b)));
        found.truncate(limit);
    }
    found.sort_unstable_by_key(|p| p.b);
}

/// Keys a pair must share to join its documents' groups in [`grouped`]. Pairs met by chance
/// (two stories using the same rare words) share fewer: on the 100k benchmark corpus, 99.9% of
/// the pairs sharing fewer keys are rejected, and joining them too would link nearly every
/// document into one group.
const GROUPING_KEYS: u32 = 8;

/// `pairs`, sorted by `(a, b)`, put in groups (see [`Candidates::pairs`]) connected by pairs
/// sharing [`GROUPING_KEYS`] or more keys.
fn grouped(mut pairs: Vec<CandidatePair>, documents: usize) -> Vec<CandidatePair> {
    let mut groups = DisjointSets::new(documents);
    for pair in pairs.iter().filter(|p| p.shared_keys >= GROUPING_KEYS) {
        groups.join(pair.a as usize, pair.b as usize);
    }
    let first: Vec<usize> = (0..documents).map(|doc| groups.first_member(doc)).collect();
    pairs.par_sort_by_key(|pair| first[pair.a as usize]);
    pairs
}

/// A document holding a key, and the sentence of it the key comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Posting {
    doc: u32,
    sentence: u8,
    /// Whether the key is crowded and its holders scattered: it counts only toward partners
    /// that share another key.
    scattered: bool,
    /// How many postings follow this one in its key's list (lists are at most
    /// [`MAX_LIST`] long).
    later: u16,
}

/// The longest posting list the index holds; [`CandidateConfig::max_postings`] is at most this.
pub const MAX_LIST: usize = u16::MAX as usize + 1;

/// Keys shared by at least two and at most `max_postings` documents, as posting lists (each
/// ascending by document) laid end to end in their key's shard, and for each document where
/// its own postings are, so a document's partners are found without looking its keys up.
/// Postings are numbered across shards in shard order; the shards stay apart, since joining
/// them would hold every posting twice for a moment.
struct PostingIndex {
    shards: Vec<Vec<Posting>>,
    /// The number of each shard's first posting.
    shard_starts: Vec<u32>,
    /// Document `d`'s postings that other postings follow in their lists (the last of a list
    /// leads to no partner) are numbers `own[own_offsets[d]..own_offsets[d + 1]]`.
    own_offsets: Vec<u32>,
    own: Vec<u32>,
    hot_keys: usize,
    scattered_keys: usize,
}

/// Documents whose fingerprints are laid out into shards together.
const LAY_OUT_BLOCK: usize = 4096;

/// One shard's posting lists.
struct ShardLists {
    postings: Vec<Posting>,
    hot_keys: usize,
}

/// The keys of one shard (those whose leading [`SHARD_BITS`] bits are its number), document
/// after document: document `d`'s are `keys[starts[d]..starts[d + 1]]`.
struct ShardKeys {
    starts: Vec<u32>,
    keys: Vec<u64>,
    sentences: Vec<u8>,
}

/// How many of the corpus's keys fall in each shard, counted in one read of the keys.
fn shard_sizes(doc_keys: &[DocumentKeys]) -> Vec<usize> {
    let shift = u64::BITS - SHARD_BITS;
    let empty = || vec![0usize; 1 << SHARD_BITS];
    let count = |mut sizes: Vec<usize>, keys: &DocumentKeys| {
        keys.keys().iter().for_each(|key| sizes[(key >> shift) as usize] += 1);
        sizes
    };
    let add = |mut sizes: Vec<usize>, more: Vec<usize>| {
        sizes.iter_mut().zip(more).for_each(|(size, more)| *size += more);
        sizes
    };
    doc_keys.par_iter().fold(empty, count).reduce(empty, add)
}

impl ShardKeys {
    /// Every shard's keys, in shard order. Documents are laid out a block at a time, the
    /// shards filled in parallel, and each block's fingerprints freed once laid out, so the
    /// corpus's keys are held once, not twice.
    fn lay_out(doc_keys: Vec<DocumentKeys>) -> Vec<ShardKeys> {
        let mut shards: Vec<ShardKeys> = shard_sizes(&doc_keys)
            .into_iter()
            .map(|size| ShardKeys::with_capacity(doc_keys.len(), size))
            .collect();
        let mut documents = doc_keys.into_iter();
        loop {
            let block: Vec<DocumentKeys> = documents.by_ref().take(LAY_OUT_BLOCK).collect();
            if block.is_empty() {
                return shards;
            }
            shards.par_iter_mut().enumerate().for_each(|(shard, shard_keys)| {
                for keys in &block {
                    shard_keys.push_document(keys.with_prefix(shard as u64, SHARD_BITS));
                }
            });
        }
    }

    fn with_capacity(documents: usize, keys: usize) -> Self {
        let mut starts = Vec::with_capacity(documents + 1);
        starts.push(0);
        ShardKeys { starts, keys: Vec::with_capacity(keys), sentences: Vec::with_capacity(keys) }
    }

    fn push_document(&mut self, (keys, sentences): (&[u64], &[u8])) {
        self.keys.extend_from_slice(keys);
        self.sentences.extend_from_slice(sentences);
        self.starts.push(self.keys.len() as u32);
    }

    /// The shard's posting lists: keys held by at least two and at most `max_postings`
    /// documents, each list ascending by document. Consumes the keys.
    fn posting_lists(self, max_postings: usize) -> ShardLists {
        let entries = self.entries_by_key();
        drop(self);
        let lists = || entries.chunk_by(|x, y| x.0 == y.0);
        let kept = |group: &&[(u64, Posting)]| (2..=max_postings).contains(&group.len());
        let (mut size, mut hot_keys) = (0, 0);
        for group in lists() {
            if kept(&group) {
                size += group.len();
            } else if group.len() > max_postings {
                hot_keys += 1;
            }
        }
        let mut postings = Vec::with_capacity(size);
        for group in lists().filter(kept) {
            let last = group.len() - 1;
            let numbered = group.iter().enumerate();
            postings.extend(numbered.map(|(i, e)| Posting { later: (last - i) as u16, ..e.1 }));
        }
        ShardLists { postings, hot_keys }
    }

    /// Every key of the shard with its posting, ordered by key and, among equal keys, by
    /// document. One pass counts the keys of each bucket (keys cut by their
    /// [`BUCKET_BITS`] bits below the shard's), a second puts each key in its bucket in
    /// document order, and each bucket, small enough to stay in cache, is then sorted by key
    /// alone, stably, which takes less time than sorting the whole shard by key and posting.
    fn entries_by_key(&self) -> Vec<(u64, Posting)> {
        let shift = u64::BITS - SHARD_BITS - BUCKET_BITS;
        let bucket = |key: u64| (key >> shift) as usize & ((1 << BUCKET_BITS) - 1);
        let mut starts = vec![0usize; (1 << BUCKET_BITS) + 1];
        for &key in &self.keys {
            starts[bucket(key) + 1] += 1;
        }
        for b in 0..1 << BUCKET_BITS {
            starts[b + 1] += starts[b];
        }
        let mut entries = vec![(0, Posting::default()); self.keys.len()];
        let mut next = starts.clone();
        for (doc, range) in self.starts.windows(2).enumerate() {
            for i in range[0] as usize..range[1] as usize {
                let key = self.keys[i];
                let slot = &mut next[bucket(key)];
                let posting =
                    Posting { doc: doc as u32, sentence: self.sentences[i], ..Default::default() };
                entries[*slot] = (key, posting);
                *slot += 1;
            }
        }
        for bucket in starts.windows(2) {
            entries[bucket[0]..bucket[1]].sort_by_key(|&(key, _)| key);
        }
        entries
    }
}

/// Bits of a key below the shard's that cut a shard's keys into buckets before they are
/// sorted (see [`ShardKeys::entries_by_key`]).
const BUCKET_BITS: u32 = 8;

impl PostingIndex {
    /// Builds the index a shard per thread at a time, each shard's keys dropped once its lists
    /// are built (a shard's sort is not split across threads: shards are many and alike),
    /// then marks the crowded lists whose holders no other crowded list shares.
    fn build(doc_keys: Vec<DocumentKeys>, max_postings: usize, crowded_postings: usize) -> Self {
        let documents = doc_keys.len();
        let lists: Vec<ShardLists> = ShardKeys::lay_out(doc_keys)
            .into_par_iter()
            .with_max_len(1)
            .map(|shard_keys| shard_keys.posting_lists(max_postings))
            .collect();
        let hot_keys = lists.iter().map(|l| l.hot_keys).sum();
        let mut shards: Vec<Vec<Posting>> = lists.into_iter().map(|l| l.postings).collect();
        let scattered_keys = mark_scattered_lists(&mut shards, crowded_postings);
        let shard_starts = shards
            .iter()
            .scan(0u32, |next, shard| {
                let start = *next;
                *next += shard.len() as u32;
                Some(start)
            })
            .collect();
        let (own_offsets, own) = Self::postings_by_document(&shards, documents);
        PostingIndex { shards, shard_starts, own_offsets, own, hot_keys, scattered_keys }
    }

    /// For each of `documents` documents, the numbers of its postings that others follow, in
    /// compressed-row form.
    fn postings_by_document(shards: &[Vec<Posting>], documents: usize) -> (Vec<u32>, Vec<u32>) {
        let mut offsets = vec![0u32; documents + 1];
        for (_, posting) in leading_postings(shards) {
            offsets[posting.doc as usize + 1] += 1;
        }
        for d in 0..documents {
            offsets[d + 1] += offsets[d];
        }
        let mut own = vec![0u32; offsets[documents] as usize];
        let pieces = rayon::current_num_threads().max(1);
        let bounds: Vec<usize> = (0..=pieces).map(|k| documents * k / pieces).collect();
        let mut rows = Vec::with_capacity(pieces);
        let mut rest = own.as_mut_slice();
        for range in bounds.windows(2) {
            let size = offsets[range[1]] - offsets[range[0]];
            let (piece, after) = rest.split_at_mut(size as usize);
            rows.push((range[0]..range[1], piece));
            rest = after;
        }
        rows.into_par_iter().for_each(|(docs, piece)| fill_rows(shards, &offsets, docs, piece));
        (offsets, own)
    }

    /// The postings from number `at` to the end of its shard.
    fn postings_from(&self, at: u32) -> &[Posting] {
        let shard = self.shard_starts.partition_point(|&start| start <= at) - 1;
        &self.shards[shard][(at - self.shard_starts[shard]) as usize..]
    }

    /// Candidate partners `b > a` of document `a`: enough shared keys, strongest first, at most
    /// `limit`, returned in ascending `b`. One walk of `a`'s posting lists tallies
    /// every later document met there; a second walk of its scattered lists adds to the tallies
    /// of documents the first met.
    fn partners<'i>(
        &'i self,
        a: u32,
        scratch: &mut PartnerScratch<'i>,
        counts: &[KeyCounts],
        config: CandidateConfig,
        limit: usize,
    ) -> Vec<CandidatePair> {
        // Every list is found before any is walked, so the loads of their heads overlap.
        let mut lists = std::mem::take(&mut scratch.lists);
        lists.extend(self.later_postings(a));
        for (own, later) in lists.iter().filter(|(own, _)| !own.scattered) {
            for posting in *later {
                scratch.add(posting.doc, own.sentence, posting.sentence);
            }
        }
        for (own, later) in lists.iter().filter(|(own, _)| own.scattered) {
            for posting in *later {
                scratch.add_scattered_if_met(posting.doc, own.sentence, posting.sentence);
            }
        }
        lists.clear();
        scratch.lists = lists;
        let own_counts = counts[a as usize];
        let mut found: Vec<CandidatePair> = scratch
            .drain()
            .filter_map(|(b, tally)| {
                let shared = tally.shared();
                config
                    .is_candidate(shared, own_counts, counts[b as usize])
                    .then_some(CandidatePair { a, b, shared_keys: shared.keys })
            })
            .collect();
        strongest(&mut found, limit);
        found
    }

    /// For each list holding document `a`: `a`'s own posting, and the postings of the
    /// documents after `a`.
    fn later_postings(&self, a: u32) -> impl Iterator<Item = (Posting, &[Posting])> {
        let a = a as usize;
        let own = &self.own[self.own_offsets[a] as usize..self.own_offsets[a + 1] as usize];
        own.iter().map(|&at| {
            let rest = self.postings_from(at);
            (rest[0], &rest[1..=usize::from(rest[0].later)])
        })
    }
}

/// The postings that others follow in their lists, with their numbers across shards.
fn leading_postings(shards: &[Vec<Posting>]) -> impl Iterator<Item = (usize, &Posting)> {
    shards.iter().flatten().enumerate().filter(|(_, posting)| posting.later > 0)
}

/// Fills the rows of [`PostingIndex::postings_by_document`] of the documents `docs`, which
/// `piece` holds, reading every posting. A range of documents per thread, each writing only
/// its rows: the writes land all over the array, and at 1M documents one thread took five
/// seconds to fill it.
fn fill_rows(shards: &[Vec<Posting>], offsets: &[u32], docs: Range<usize>, piece: &mut [u32]) {
    let first = offsets[docs.start];
    let mut filled: Vec<u32> = offsets[docs.clone()].iter().map(|&o| o - first).collect();
    for (at, posting) in leading_postings(shards) {
        if let Some(slot) =
            (posting.doc as usize).checked_sub(docs.start).and_then(|d| filled.get_mut(d))
        {
            piece[*slot as usize] = at as u32;
            *slot += 1;
        }
    }
}

/// Whether a posting is followed by another of its list: lists are the runs this joins.
fn continues_list(posting: &Posting, _: &Posting) -> bool {
    posting.later > 0
}

/// Marks every list longer than `crowded` whose [`holders_sketch`] no other such list has as
/// scattered; returns how many were marked.
fn mark_scattered_lists(shards: &mut [Vec<Posting>], crowded: usize) -> usize {
    let sketches: Vec<Vec<u64>> = shards
        .par_iter()
        .map(|shard| {
            let crowded_lists = shard.chunk_by(continues_list).filter(|l| l.len() > crowded);
            crowded_lists.map(|list| holders_sketch(list.iter().map(|p| p.doc))).collect()
        })
        .collect();
    let counts: SketchCounts = sketches.iter().flatten().copied().collect();
    shards
        .par_iter_mut()
        .zip(sketches)
        .map(|(shard, sketches)| {
            let crowded_lists = shard.chunk_by_mut(continues_list).filter(|l| l.len() > crowded);
            let mut marked = 0;
            for (list, &sketch) in crowded_lists.zip(&sketches) {
                if counts.is_scattered(sketch) {
                    list.iter_mut().for_each(|p| p.scattered = true);
                    marked += 1;
                }
            }
            marked
        })
        .sum()
}

/// How many crowded lists have each holders' sketch. A list whose sketch no other has is
/// scattered: its holders share nothing else, so its key is two common terms met by chance.
#[derive(Debug, Clone, Default)]
pub struct SketchCounts(FxHashMap<u64, u32>);

impl FromIterator<u64> for SketchCounts {
    fn from_iter<I: IntoIterator<Item = u64>>(sketches: I) -> Self {
        let mut counts = FxHashMap::default();
        for sketch in sketches {
            *counts.entry(sketch).or_default() += 1;
        }
        SketchCounts(counts)
    }
}

impl SketchCounts {
    /// Whether a list with `sketch` (one of those counted) is scattered.
    pub fn is_scattered(&self, sketch: u64) -> bool {
        self.0.get(&sketch).is_none_or(|&n| n < 2)
    }
}

/// A sketch of the documents holding a key: a hash of the two lowest-hashed of them. Lists
/// with the same holders have the same sketch, lists sharing a fraction J of their holders the
/// same sketch with probability about J², and lists of unrelated holders almost never. The
/// copies of a story syndicated to many outlets hold hundreds of its keys together, so their
/// crowded lists meet; a crowded key of two common terms met by chance meets no other.
pub fn holders_sketch(docs: impl IntoIterator<Item = u32>) -> u64 {
    let (mut lowest, mut second) = (u64::MAX, u64::MAX);
    for doc in docs {
        let hash = mix(u64::from(doc));
        if hash < lowest {
            (lowest, second) = (hash, lowest);
        } else if hash < second {
            second = hash;
        }
    }
    mix(lowest ^ second.rotate_left(32))
}

/// A 64-bit finalizer (splitmix64's): spreads nearby integers over the whole range.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Per-thread working memory of [`PostingIndex::partners`]: a tally per document, empty
/// between calls; the documents whose tally was touched, as a list and as a bit set (one
/// bit per document: small enough to stay in cache, unlike the tallies); and the lists holding
/// the document (its own posting, the later postings).
struct PartnerScratch<'i> {
    tallies: Vec<SharedTally>,
    touched: Vec<u32>,
    met: Vec<u64>,
    lists: Vec<(Posting, &'i [Posting])>,
}

impl PartnerScratch<'_> {
    fn new(documents: usize) -> Self {
        PartnerScratch {
            tallies: vec![SharedTally::default(); documents],
            touched: Vec::new(),
            met: vec![0; documents.div_ceil(64)],
            lists: Vec::new(),
        }
    }

    /// One more key shared with document `b`, from sentence `own` of this document and
    /// `theirs` of `b`.
    fn add(&mut self, b: u32, own: u8, theirs: u8) {
        let tally = &mut self.tallies[b as usize];
        if tally.keys == 0 {
            self.touched.push(b);
            self.met[b as usize / 64] |= 1 << (b % 64);
        }
        tally.add(own, theirs);
    }

    /// One more scattered key shared with document `b`, if `b` was met before.
    fn add_scattered_if_met(&mut self, b: u32, own: u8, theirs: u8) {
        if self.met[b as usize / 64] & (1 << (b % 64)) != 0 {
            self.tallies[b as usize].add_scattered(own, theirs);
        }
    }

    /// The touched documents and their tallies, leaving every tally empty.
    fn drain(&mut self) -> impl Iterator<Item = (u32, SharedTally)> + '_ {
        let (tallies, met) = (&mut self.tallies, &mut self.met);
        self.touched.drain(..).map(|b| {
            met[b as usize / 64] = 0;
            (b, std::mem::take(&mut tallies[b as usize]))
        })
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

    /// The candidate pairs of documents none of which tells another's story word for word.
    fn without_copies(docs: Vec<DocumentKeys>, config: CandidateConfig) -> Candidates {
        let first: Vec<u32> = (0..docs.len() as u32).collect();
        candidate_pairs(docs, &first, config)
    }

    #[test]
    fn pairs_need_shared_keys_and_hot_keys_are_skipped() {
        let docs = vec![vec![1, 2, 3, 99], vec![2, 3, 4, 99], vec![7, 8, 99], vec![8, 9, 99]];
        let config =
            CandidateConfig { max_postings: 3, max_per_document: 10, ..CandidateConfig::default() };
        let found = without_copies(spread_all(&docs), config);
        assert_eq!(found.hot_keys, 1);
        assert_eq!(found.pairs, vec![CandidatePair { a: 0, b: 1, shared_keys: 2 }]);
    }

    #[test]
    fn pairs_of_one_family_come_together() {
        let pair = |a, b, shared_keys| CandidatePair { a, b, shared_keys };
        // 0, 3 and 5 are one family; 1 and 4 another; 2 meets 5 and 0 meets 4 by chance.
        let sorted = vec![
            pair(0, 3, 20),
            pair(0, 4, 2),
            pair(0, 5, 12),
            pair(1, 4, 30),
            pair(2, 5, 3),
            pair(3, 5, 9),
        ];
        let order: Vec<(u32, u32)> = grouped(sorted, 6).iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(order, [(0, 3), (0, 4), (0, 5), (3, 5), (1, 4), (2, 5)]);
    }

    #[test]
    fn scattered_keys_count_half_and_only_beside_another_key() {
        let config =
            CandidateConfig { crowded_postings: 64, max_per_document: 100, ..Default::default() };
        // Keys 500, 501 and 502 are crowded and held by unrelated documents: 0 and 1 hold 500
        // and 501; 2 and 3 hold 500 and share key 7; 4 and 5 hold 500 and 502 and share key 8.
        // Documents 150..230 are copies of one story.
        let keys_of = |i: u64| {
            let mut keys = vec![(10_000 + i, 2)];
            keys.extend((i < 70).then_some((500, 0)));
            keys.extend((i < 2 || (70..138).contains(&i)).then_some((501, 1)));
            keys.extend((4..6).contains(&i).then_some((502, 3)));
            keys.extend((230..300).contains(&i).then_some((502, 0)));
            keys.extend((2..4).contains(&i).then_some((7, 1)));
            keys.extend((4..6).contains(&i).then_some((8, 1)));
            keys.extend((150..230).contains(&i).then_some([(1, 0), (2, 1)]).into_iter().flatten());
            DocumentKeys::from_pairs(keys)
        };
        let docs: Vec<DocumentKeys> = (0..300).map(keys_of).collect();
        let found = without_copies(docs.clone(), config);
        assert_eq!(found.scattered_keys, 3);
        let chance: Vec<_> = found.pairs.iter().filter(|p| p.a < 150).collect();
        assert_eq!(chance, [&CandidatePair { a: 4, b: 5, shared_keys: 3 }]);
        assert_eq!(found.pairs.len(), 1 + 80 * 79 / 2, "the story's crowded keys count");
        let lenient = CandidateConfig { crowded_postings: 1000, ..config };
        let found = without_copies(docs, lenient);
        assert_eq!(found.scattered_keys, 0);
        assert_eq!(
            found.pairs[..3],
            [
                CandidatePair { a: 0, b: 1, shared_keys: 2 },
                CandidatePair { a: 2, b: 3, shared_keys: 2 },
                CandidatePair { a: 4, b: 5, shared_keys: 3 }
            ]
        );
    }

    #[test]
    fn a_scattered_key_counts_half_toward_the_minimum() {
        let config = CandidateConfig::default();
        let counts = KeyCounts { keys: 10, sentences: 2 };
        let shared = |keys, scattered| Shared { keys, scattered, sentences_a: 2, sentences_b: 2 };
        assert!(config.is_candidate(shared(2, 0), counts, counts));
        assert!(!config.is_candidate(shared(2, 1), counts, counts));
        assert!(config.is_candidate(shared(3, 2), counts, counts));
        assert!(!config.is_candidate(shared(3, 3), counts, counts));
    }

    #[test]
    fn holder_sketches_depend_on_the_holders_only() {
        let holders: Vec<u32> = (0..200).map(|i| i * 7).collect();
        let reversed = holders.iter().rev().copied();
        assert_eq!(holders_sketch(holders.iter().copied()), holders_sketch(reversed));
        assert_ne!(holders_sketch(holders.iter().copied()), holders_sketch(1..200));
    }

    #[test]
    fn shard_boundaries_do_not_change_the_result() {
        let spread_key = |k: u64| k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let docs: Vec<Vec<u64>> = (0..40u64)
            .map(|i| (0..30).map(|k| spread_key((i / 4) * 1000 + k * 17)).collect())
            .collect();
        let config = CandidateConfig {
            max_postings: 100,
            max_per_document: 100,
            ..CandidateConfig::default()
        };
        let found = without_copies(spread_all(&docs), config);
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
        let found = without_copies(spread_all(&docs), config);
        for doc in 0..6 {
            assert!(found.pairs.iter().filter(|p| p.a == doc).count() <= 2);
        }
        assert_eq!(found.pairs.len(), 2 + 2 + 2 + 2 + 1);
    }

    #[test]
    fn keys_bunched_in_one_sentence_are_not_enough() {
        let quote = [(1, 0), (2, 0), (3, 0)];
        let a = DocumentKeys::from_pairs([&quote[..], &[(10, 1), (11, 2), (12, 3)]].concat());
        let b = DocumentKeys::from_pairs([&quote[..], &[(20, 1), (21, 2), (22, 3)]].concat());
        let passage = DocumentKeys::from_pairs([&quote[..], &[(10, 3), (30, 4)]].concat());
        let found = without_copies(vec![a, b, passage], CandidateConfig::default());
        let pairs: Vec<(u32, u32)> = found.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(0, 2)], "only a and the passage share keys in two sentences");
    }

    #[test]
    fn copies_get_the_pairs_they_would_find_in_the_index() {
        let stories: [Vec<u64>; 4] = [
            (1..=10).collect(),
            (1..=6).chain(20..=24).collect(),
            (5..=9).chain(30..=34).collect(),
            (40..=45).chain(1..=2).collect(),
        ];
        let told = [0, 1, 0, 2, 1, 3, 0, 2, 3, 0];
        let docs: Vec<DocumentKeys> = told.iter().map(|&s| spread(&stories[s])).collect();
        let first: Vec<u32> =
            told.iter().map(|s| told.iter().position(|t| t == s).unwrap() as u32).collect();
        for max_per_document in [1, 2, 3, 500] {
            let config = CandidateConfig { max_per_document, ..CandidateConfig::default() };
            let pairs = |found: Candidates| {
                let mut pairs: Vec<(u32, u32, u32)> =
                    found.pairs.iter().map(|p| (p.a, p.b, p.shared_keys)).collect();
                pairs.sort_unstable();
                pairs
            };
            let dealt = pairs(candidate_pairs(docs.clone(), &first, config));
            assert_eq!(dealt, pairs(without_copies(docs.clone(), config)), "{max_per_document}");
            assert!(dealt.len() >= told.len() - 1, "{max_per_document}: {dealt:?}");
        }
    }

    #[test]
    fn two_briefs_may_share_their_keys_from_one_sentence() {
        let lead = [(1, 0), (2, 0), (3, 0)];
        let brief = |own| DocumentKeys::from_pairs([&lead[..], &[(own, 1)]].concat());
        let long = DocumentKeys::from_pairs([&lead[..], &[(40, 1), (41, 2), (42, 3)]].concat());
        let two_keys = DocumentKeys::from_pairs(vec![(1, 0), (2, 0), (50, 1)]);
        let docs = vec![brief(10), brief(20), long, two_keys];
        let found = without_copies(docs, CandidateConfig::default());
        let pairs: Vec<(u32, u32)> = found.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(0, 1)], "two briefs sharing three keys, not a longer document");

        let counts = KeyCounts { keys: 4, sentences: 2 };
        let shared = |scattered| Shared { keys: 3, scattered, sentences_a: 1, sentences_b: 1 };
        let config = CandidateConfig::default();
        assert!(config.is_candidate(shared(0), counts, counts));
        assert!(!config.is_candidate(shared(1), counts, counts), "a scattered key is not one");
    }

    #[test]
    fn tallies_count_sentences_up_to_two() {
        let mut tally = SharedTally::default();
        tally.add(3, 7);
        tally.add(3, 7);
        let shared = |keys, scattered, sentences_a, sentences_b| Shared {
            keys,
            scattered,
            sentences_a,
            sentences_b,
        };
        assert_eq!(tally.shared(), shared(2, 0, 1, 1));
        tally.add_scattered(3, 9);
        assert_eq!(tally.shared(), shared(3, 1, 1, 2));
        tally.add(5, 9);
        tally.add(6, 7);
        assert_eq!(tally.shared(), shared(5, 1, 2, 2));
    }

    #[test]
    fn long_lists_keep_their_ends() {
        let docs: Vec<Vec<u64>> = (0..300).map(|i| vec![1, 2, 1000 + i]).collect();
        let found = without_copies(spread_all(&docs), CandidateConfig::default());
        assert_eq!(found.pairs.len(), 300 * 299 / 2);
        assert!(found.pairs.iter().all(|p| p.shared_keys == 2));
    }

    #[test]
    fn a_one_sentence_document_needs_only_that_sentence() {
        let short = DocumentKeys::from_pairs(vec![(1, 0), (2, 0), (3, 0)]);
        let long = DocumentKeys::from_pairs(vec![(1, 4), (2, 4), (3, 5), (9, 6)]);
        assert_eq!(KeyCounts::of(&short), KeyCounts { keys: 3, sentences: 1 });
        let found = without_copies(vec![short, long], CandidateConfig::default());
        assert_eq!(found.pairs.len(), 1);
    }
}
