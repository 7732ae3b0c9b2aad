//! Fingerprints: which keys does a sentence leave that survive spinning?
//!
//! Spinners replace content words with synonyms but rarely touch names and numbers, and never
//! all content words at once. Each story sentence is reduced to its few most distinctive terms
//! (the rarest in the corpus, names and numbers counted rarer than they are) and every pair of
//! them becomes a key. Two copies of a sentence share keys even when most of its words changed;
//! word-shingle hashing, which needs five untouched words in a row, does not.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::{TermClass, TermId, TermRun};
use crate::prepared::PreparedDocument;

/// How many terms of a sentence become anchors (all pairs of them are keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FingerprintConfig {
    /// Anchors per sentence.
    pub anchors_per_sentence: usize,
}

impl Default for FingerprintConfig {
    fn default() -> Self {
        FingerprintConfig { anchors_per_sentence: 6 }
    }
}

/// How many documents of a corpus hold a term in their story text: what attribution weighs
/// word choice with. The index answers from its store, looking up only the terms asked about.
pub trait DocumentCounts: Sync {
    /// Number of documents holding `term`.
    fn documents_holding(&self, term: TermId) -> u32;
}

/// Document frequency of each term over the story sentences of the corpus.
#[derive(Debug, Clone, Default)]
pub struct TermFrequencies {
    documents: FxHashMap<TermId, u32>,
}

impl TermFrequencies {
    /// Counts, for every term, the documents whose story text holds it (in parallel: each
    /// thread counts its share of the documents, then the counts are summed).
    pub fn count(docs: &[PreparedDocument]) -> Self {
        let documents = docs
            .par_iter()
            .enumerate()
            .fold(HolderTally::default, |tally, (index, doc)| tally.add(index, doc))
            .map(HolderTally::into_counts)
            .reduce(FxHashMap::default, merge_counts);
        TermFrequencies { documents }
    }

    /// Frequencies given as `(term, documents)` counts, such as a persistent index keeps.
    pub fn from_counts(counts: impl IntoIterator<Item = (TermId, u32)>) -> Self {
        TermFrequencies { documents: counts.into_iter().collect() }
    }

    /// Number of documents holding `term`.
    pub fn get(&self, term: TermId) -> u32 {
        self.documents.get(&term).copied().unwrap_or(0)
    }
}

impl DocumentCounts for TermFrequencies {
    fn documents_holding(&self, term: TermId) -> u32 {
        self.get(term)
    }
}

/// Documents counted per term so far, each term with the last document that added to it: a
/// term a document repeats then counts once without the document's terms being sorted first
/// (the sort was a third to a half of the time counting took).
#[derive(Default)]
struct HolderTally(FxHashMap<TermId, (u32, u32)>);

impl HolderTally {
    /// Counts the story terms of `doc`, the `index`th document of the corpus.
    fn add(mut self, index: usize, doc: &PreparedDocument) -> Self {
        let holder = index as u32 + 1;
        for id in doc.story_term_uses() {
            let (documents, last) = self.0.entry(id).or_default();
            if *last != holder {
                (*documents, *last) = (*documents + 1, holder);
            }
        }
        self
    }

    fn into_counts(self) -> FxHashMap<TermId, u32> {
        self.0.into_iter().map(|(id, (documents, _))| (id, documents)).collect()
    }
}

/// The sum of two term counts, adding the smaller map into the larger.
fn merge_counts(x: FxHashMap<TermId, u32>, y: FxHashMap<TermId, u32>) -> FxHashMap<TermId, u32> {
    let (mut into, from) = if x.len() >= y.len() { (x, y) } else { (y, x) };
    for (id, n) in from {
        *into.entry(id).or_default() += n;
    }
    into
}

/// A document's fingerprint: its distinct keys, sorted, each with the story sentence that first
/// yields it, so candidate generation can tell keys spread over a passage from keys bunched in
/// one shared sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentKeys {
    keys: Vec<u64>,
    /// Ordinal among the document's story sentences of each key's sentence, saturating at 255.
    sentences: Vec<u8>,
}

impl DocumentKeys {
    /// Keys paired with sentence ordinals, in any order; the lowest ordinal of a repeated key
    /// is kept.
    pub fn from_pairs(mut pairs: Vec<(u64, u8)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let (keys, sentences) = pairs.into_iter().unzip();
        DocumentKeys { keys, sentences }
    }

    /// The keys, sorted and distinct.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Each key with the ordinal of its sentence.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u8)> + '_ {
        self.keys.iter().copied().zip(self.sentences.iter().copied())
    }

    /// The keys whose leading `bits` bits are `prefix`, with their sentence ordinals: one run
    /// of the sorted keys, found by binary search.
    pub fn with_prefix(&self, prefix: u64, bits: u32) -> (&[u64], &[u8]) {
        let shift = u64::BITS - bits;
        let start = self.keys.partition_point(|&k| (k >> shift) < prefix);
        let end = self.keys.partition_point(|&k| (k >> shift) <= prefix);
        (&self.keys[start..end], &self.sentences[start..end])
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the document yields no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Number of distinct sentences the keys come from.
    pub fn keyed_sentences(&self) -> usize {
        let mut seen = [false; 256];
        self.sentences.iter().filter(|&&s| !std::mem::replace(&mut seen[s as usize], true)).count()
    }
}

/// The fingerprint of a document's story sentences.
pub fn document_keys(
    doc: &PreparedDocument,
    df: &TermFrequencies,
    config: FingerprintConfig,
) -> DocumentKeys {
    let mut anchors = Anchors::default();
    let mut pairs: Vec<(u64, u8)> = Vec::new();
    for (ordinal, i) in doc.content_sentences().enumerate() {
        let ordinal = u8::try_from(ordinal).unwrap_or(u8::MAX);
        let found = anchors.of(doc.terms(i), df, config.anchors_per_sentence);
        each_pair_key(found, |key| pairs.push((key, ordinal)));
    }
    DocumentKeys::from_pairs(pairs)
}

/// Keys of one sentence: every pair of its anchors, order-free.
pub fn sentence_keys(terms: TermRun<'_>, df: &TermFrequencies, anchors: usize) -> Vec<u64> {
    let mut keys = Vec::new();
    each_pair_key(Anchors::default().of(terms, df, anchors), |key| keys.push(key));
    keys
}

/// Hands the key of every pair of `anchors` to `key`.
fn each_pair_key(anchors: &[TermId], mut key: impl FnMut(u64)) {
    for (k, &x) in anchors.iter().enumerate() {
        for &y in &anchors[k + 1..] {
            key(pair_key(x, y));
        }
    }
}

/// How many times rarer a name or number counts than a content word of the same document
/// frequency when anchors are ranked: spinners rarely change them.
const NAME_BOOST: u32 = 4;

/// Finds sentences' anchors, reusing its buffers from one sentence to the next.
#[derive(Debug, Default)]
struct Anchors {
    /// The sentence's terms that can anchor, as (rarity, priority, id).
    ranked: Vec<(u32, u8, TermId)>,
    found: Vec<TermId>,
}

impl Anchors {
    /// The sentence's `limit` most distinctive distinct terms: rarest first, names and
    /// numbers boosted.
    fn of(&mut self, terms: TermRun<'_>, df: &TermFrequencies, limit: usize) -> &[TermId] {
        self.ranked.clear();
        self.ranked.extend(terms.iter().filter_map(|t| {
            let (rarity, priority) = match t.class {
                TermClass::Name | TermClass::Number => (df.get(t.id) / NAME_BOOST, 0),
                TermClass::Content => (df.get(t.id), 1),
                TermClass::Function => return None,
            };
            Some((rarity, priority, t.id))
        }));
        self.ranked.sort_unstable();
        self.found.clear();
        for &(_, _, id) in &self.ranked {
            if self.found.len() == limit {
                break;
            }
            if !self.found.contains(&id) {
                self.found.push(id);
            }
        }
        &self.found
    }
}

/// The key of two anchors, order-free: both ids side by side, scrambled by an odd multiplier
/// (a bijection, so distinct pairs never share a key) to spread keys over the index's shards.
fn pair_key(x: TermId, y: TermId) -> u64 {
    let (lo, hi) = if x < y { (x, y) } else { (y, x) };
    ((u64::from(lo) << 32) | u64::from(hi)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::document::Document;
    use rustc_hash::FxHashSet;

    fn keys_of(text: &str) -> FxHashSet<u64> {
        let doc = Document::new("d", text);
        let analysis = analyze(&doc);
        (0..analysis.sentences.len())
            .flat_map(|i| sentence_keys(analysis.sentence_terms(i), &TermFrequencies::default(), 6))
            .collect()
    }

    #[test]
    fn keys_with_a_prefix_are_one_run() {
        let keys =
            DocumentKeys::from_pairs(vec![(u64::MAX, 0), (1, 1), (1 << 62, 2), (3 << 62, 3)]);
        let shard = |prefix| keys.with_prefix(prefix, 2);
        assert_eq!(shard(0), (&[1][..], &[1][..]));
        assert_eq!(shard(1), (&[1 << 62][..], &[2][..]));
        assert!(shard(2).0.is_empty() && shard(2).1.is_empty());
        assert_eq!(shard(3), (&[3 << 62, u64::MAX][..], &[3, 0][..]));
    }

    #[test]
    fn spun_sentences_share_keys_and_unrelated_ones_do_not() {
        let original =
            keys_of("Officials in Millbrook said Tuesday that 14 boats burned at the Harbor pier.");
        let spun = keys_of(
            "Authorities in Millbrook stated Tuesday that 14 vessels burned at the Harbor dock.",
        );
        let other = keys_of("The school board approved a larger budget for buses this autumn.");
        assert!(original.intersection(&spun).count() >= 3);
        assert_eq!(original.intersection(&other).count(), 0);
    }

    #[test]
    fn a_sentence_has_at_most_six_distinct_anchors() {
        let analysis = analyze(&Document::new(
            "d",
            "Bush said the bush near Millbrook burned, and Bush saw 14 boats and 14 crews \
             leave Eastport, Westport and Northport before Tuesday.",
        ));
        let keys = sentence_keys(analysis.sentence_terms(0), &TermFrequencies::default(), 6);
        let distinct: FxHashSet<u64> = keys.iter().copied().collect();
        assert_eq!(keys.len(), 6 * 5 / 2);
        assert_eq!(distinct.len(), keys.len(), "no anchor is paired with itself or twice");
    }

    /// A made-up place name for document `n`: every document's sentences differ, so none is
    /// learned as boilerplate.
    fn place(mut n: usize) -> String {
        let mut name = String::from("Z");
        while n > 0 {
            name.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
        }
        name
    }

    #[test]
    fn a_term_counts_the_documents_holding_it_not_its_uses() {
        let docs: Vec<Document> = (0..400)
            .map(|n| {
                let (place, other) = (place(n), place(n / 2 + 1000));
                let text = format!(
                    "Crews in {place} said the harbor closed. The harbor in {place} reopened \
                     after {other} sent boats. Nobody in {other} was hurt."
                );
                Document::new(n.to_string(), text)
            })
            .collect();
        let pipeline = crate::pipeline::PipelineBuilder::new().build().unwrap();
        let prepared = pipeline.prepare(docs, &crate::pipeline::NoProgress).0;
        let df = TermFrequencies::count(&prepared);
        assert_eq!(df.get(crate::analysis::term_id("harbor")), 400, "used twice in each");
        assert_eq!(df.get(crate::analysis::term_id(&place(7).to_lowercase())), 1);
        assert_eq!(
            df.get(crate::analysis::term_id(&place(1003).to_lowercase())),
            2,
            "docs 6 and 7"
        );
        assert_eq!(df.get(crate::analysis::term_id("ferry")), 0);
    }
}
