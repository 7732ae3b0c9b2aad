//! Candidate pairs: which documents are worth aligning?
//!
//! An inverted index maps each fingerprint key to the documents holding it. Pairs of documents
//! that share enough distinct keys become candidates. Two guards keep this sub-quadratic: keys
//! held by more than `max_postings` documents (stock phrases, hot topics) are skipped, and a
//! pair is kept only if it is among the `max_per_document` strongest partners of one of its
//! documents, so there are at most `max_per_document` pairs per document.

use rustc_hash::FxHashMap;

/// Limits of candidate generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidateConfig {
    /// Distinct shared keys a pair needs.
    pub min_shared_keys: u32,
    /// Keys held by more documents than this are ignored.
    pub max_postings: usize,
    /// Partners kept per document, strongest first.
    pub max_per_document: usize,
}

impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig { min_shared_keys: 2, max_postings: 2000, max_per_document: 500 }
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

/// Finds candidate pairs among documents given their sorted, distinct keys.
pub fn candidate_pairs(doc_keys: &[Vec<u64>], config: CandidateConfig) -> Candidates {
    let (postings, hot_keys) = postings(doc_keys, config.max_postings);
    let mut shared: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for docs in postings.values() {
        for (k, &a) in docs.iter().enumerate() {
            for &b in &docs[k + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<CandidatePair> = shared
        .into_iter()
        .filter(|&(_, n)| n >= config.min_shared_keys)
        .map(|((a, b), shared_keys)| CandidatePair { a, b, shared_keys })
        .collect();
    pairs.sort_unstable();
    let pairs = keep_strongest(pairs, doc_keys.len(), config.max_per_document);
    Candidates { pairs, hot_keys }
}

/// Documents per key (ascending), without the keys above the posting limit.
fn postings(doc_keys: &[Vec<u64>], max_postings: usize) -> (FxHashMap<u64, Vec<u32>>, usize) {
    let mut postings: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (doc, keys) in doc_keys.iter().enumerate() {
        for &key in keys {
            postings.entry(key).or_default().push(doc as u32);
        }
    }
    let before = postings.len();
    postings.retain(|_, docs| docs.len() <= max_postings);
    let hot = before - postings.len();
    (postings, hot)
}

/// Keeps a pair if it is among the `limit` strongest partners of either document.
fn keep_strongest(pairs: Vec<CandidatePair>, documents: usize, limit: usize) -> Vec<CandidatePair> {
    let mut by_doc: Vec<Vec<(u32, usize)>> = vec![Vec::new(); documents];
    for (index, pair) in pairs.iter().enumerate() {
        by_doc[pair.a as usize].push((pair.shared_keys, index));
        by_doc[pair.b as usize].push((pair.shared_keys, index));
    }
    let mut keep = vec![false; pairs.len()];
    for partners in &mut by_doc {
        partners.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, index) in partners.iter().take(limit) {
            keep[index] = true;
        }
    }
    pairs.into_iter().zip(keep).filter_map(|(p, k)| k.then_some(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_need_shared_keys_and_hot_keys_are_skipped() {
        let docs = vec![vec![1, 2, 3, 99], vec![2, 3, 4, 99], vec![7, 8, 99], vec![8, 9, 99]];
        let config = CandidateConfig { min_shared_keys: 2, max_postings: 3, max_per_document: 10 };
        let found = candidate_pairs(&docs, config);
        assert_eq!(found.hot_keys, 1);
        assert_eq!(found.pairs, vec![CandidatePair { a: 0, b: 1, shared_keys: 2 }]);
    }

    #[test]
    fn partners_per_document_are_bounded() {
        let docs: Vec<Vec<u64>> = (0..6).map(|i| vec![1, 2, 100 + i]).collect();
        let config = CandidateConfig { min_shared_keys: 2, max_postings: 100, max_per_document: 2 };
        let found = candidate_pairs(&docs, config);
        assert!(found.pairs.len() <= 6 * 2, "{}", found.pairs.len());
    }
}
