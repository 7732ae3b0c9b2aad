//! Candidate pairs: which documents are worth aligning?
//!
//! An inverted index maps each fingerprint key to the documents holding it. Pairs of documents
//! that share enough distinct keys (at least two, and 2% of the smaller document's keys)
//! become candidates. Two guards keep this sub-quadratic: keys
//! held by more than `max_postings` documents (stock phrases, hot topics) are skipped, and each
//! document keeps at most its `max_per_document` strongest partners among later documents.
//! The index holds only keys shared by two documents or more, built in key-hash shards, and
//! shared keys are counted per document in parallel.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

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
}

impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig {
            min_shared_keys: 2,
            min_shared_fraction: 0.02,
            max_postings: 2000,
            max_per_document: 500,
        }
    }
}

impl CandidateConfig {
    /// Whether two documents holding `keys_a` and `keys_b` distinct keys, `shared` of them in
    /// common, are worth aligning.
    pub fn is_candidate(&self, shared: u32, keys_a: usize, keys_b: usize) -> bool {
        let smaller = keys_a.min(keys_b) as f32;
        shared >= self.min_shared_keys && shared as f32 >= self.min_shared_fraction * smaller
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

/// Finds candidate pairs among documents given their sorted, distinct keys.
pub fn candidate_pairs(doc_keys: &[Vec<u64>], config: CandidateConfig) -> Candidates {
    let index = PostingIndex::build(doc_keys, config.max_postings);
    let pairs = (0..doc_keys.len())
        .into_par_iter()
        .flat_map_iter(|a| index.partners(a as u32, doc_keys, config))
        .collect();
    Candidates { pairs, hot_keys: index.hot_keys }
}

/// Keys shared by at least two and at most `max_postings` documents, each with its documents
/// (ascending), in compressed-row form.
struct PostingIndex {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    docs: Vec<u32>,
    hot_keys: usize,
}

impl PostingIndex {
    fn build(doc_keys: &[Vec<u64>], max_postings: usize) -> Self {
        let shards: Vec<PostingIndex> = (0..SHARDS)
            .into_par_iter()
            .map(|s| Self::build_shard(doc_keys, s, max_postings))
            .collect();
        let mut index =
            PostingIndex { keys: Vec::new(), offsets: vec![0], docs: Vec::new(), hot_keys: 0 };
        for shard in shards {
            let base = index.docs.len() as u32;
            index.keys.extend(shard.keys);
            index.offsets.extend(shard.offsets[1..].iter().map(|o| o + base));
            index.docs.extend(shard.docs);
            index.hot_keys += shard.hot_keys;
        }
        let mut order: Vec<usize> = (0..index.keys.len()).collect();
        order.sort_unstable_by_key(|&k| index.keys[k]);
        index.reorder(&order)
    }

    /// The postings of keys in shard `shard` (key mod [`SHARDS`]).
    fn build_shard(doc_keys: &[Vec<u64>], shard: u64, max_postings: usize) -> Self {
        let mut entries: Vec<(u64, u32)> = doc_keys
            .iter()
            .enumerate()
            .flat_map(|(doc, keys)| {
                keys.iter().filter(|k| *k % SHARDS == shard).map(move |&k| (k, doc as u32))
            })
            .collect();
        entries.sort_unstable();
        let mut index =
            PostingIndex { keys: Vec::new(), offsets: vec![0], docs: Vec::new(), hot_keys: 0 };
        for group in entries.chunk_by(|x, y| x.0 == y.0) {
            if group.len() > max_postings {
                index.hot_keys += 1;
            } else if group.len() >= 2 {
                index.keys.push(group[0].0);
                index.docs.extend(group.iter().map(|e| e.1));
                index.offsets.push(index.docs.len() as u32);
            }
        }
        index
    }

    /// The same index with its keys in the given order.
    fn reorder(self, order: &[usize]) -> Self {
        let mut sorted = PostingIndex {
            keys: Vec::with_capacity(order.len()),
            offsets: vec![0],
            docs: Vec::with_capacity(self.docs.len()),
            hot_keys: self.hot_keys,
        };
        for &k in order {
            sorted.keys.push(self.keys[k]);
            sorted.docs.extend_from_slice(self.postings(k));
            sorted.offsets.push(sorted.docs.len() as u32);
        }
        sorted
    }

    fn postings(&self, k: usize) -> &[u32] {
        &self.docs[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    /// Candidate partners `b > a` of document `a`: enough shared keys, strongest first, at most
    /// `max_per_document`, returned in ascending `b`.
    fn partners(
        &self,
        a: u32,
        doc_keys: &[Vec<u64>],
        config: CandidateConfig,
    ) -> Vec<CandidatePair> {
        let keys = &doc_keys[a as usize];
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        for key in keys {
            let Ok(k) = self.keys.binary_search(key) else { continue };
            for &b in self.postings(k).iter().filter(|&&b| b > a) {
                *shared.entry(b).or_default() += 1;
            }
        }
        let mut found: Vec<CandidatePair> = shared
            .into_iter()
            .filter(|&(b, n)| config.is_candidate(n, keys.len(), doc_keys[b as usize].len()))
            .map(|(b, shared_keys)| CandidatePair { a, b, shared_keys })
            .collect();
        found.sort_unstable_by(|x, y| y.shared_keys.cmp(&x.shared_keys).then(x.b.cmp(&y.b)));
        found.truncate(config.max_per_document);
        found.sort_unstable_by_key(|p| p.b);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_need_shared_keys_and_hot_keys_are_skipped() {
        let docs = vec![vec![1, 2, 3, 99], vec![2, 3, 4, 99], vec![7, 8, 99], vec![8, 9, 99]];
        let config =
            CandidateConfig { max_postings: 3, max_per_document: 10, ..CandidateConfig::default() };
        let found = candidate_pairs(&docs, config);
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
        let found = candidate_pairs(&docs, config);
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
        let found = candidate_pairs(&docs, config);
        for doc in 0..6 {
            assert!(found.pairs.iter().filter(|p| p.a == doc).count() <= 2);
        }
        assert_eq!(found.pairs.len(), 2 + 2 + 2 + 2 + 1);
    }
}
