//! Candidate partners of a batch: the scan's candidate rule over the stored posting lists plus
//! the batch's own keys.
//!
//! As in `scan`, keys held by more than `max_postings` documents are skipped, and a key held by
//! more than `crowded_postings` whose holders do not recur is scattered: it only adds to
//! partners met through another key, as half a key toward the minimum. Here the holders
//! recur when another crowded key of the same document has the same [`holders_sketch`] (a
//! copy of a syndicated story holds many of its crowded keys; a chance holder of a common pair
//! of terms, one).

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use unspun_core::candidates::{
    holders_sketch, CandidateConfig, KeyCounts, SharedTally, SketchCounts,
};
use unspun_core::fingerprint::DocumentKeys;

use crate::error::Result;
use crate::plan::Partner;
use crate::sizes::FingerprintSizes;
use crate::snapshot::Snapshot;

/// The batch's postings: for each key, the batch documents holding it and from which sentence.
type BatchPostings = FxHashMap<u64, Vec<(usize, u8)>>;

/// Candidate partners of each batch document: archived documents and earlier batch documents
/// sharing enough keys, strongest first, at most `max_per_document` each.
pub(crate) fn find_candidates(
    snapshot: &Snapshot,
    sizes: &FingerprintSizes,
    keys: &[DocumentKeys],
    config: CandidateConfig,
    excluded: &FxHashSet<u32>,
) -> Result<Vec<(usize, Partner)>> {
    sizes.load(snapshot)?;
    let mut batch_postings = BatchPostings::default();
    for (doc, doc_keys) in keys.iter().enumerate() {
        for (key, sentence) in doc_keys.iter() {
            batch_postings.entry(key).or_default().push((doc, sentence));
        }
    }
    let counts: Vec<KeyCounts> = keys.iter().map(KeyCounts::of).collect();
    let search = Search {
        snapshot,
        sizes,
        batch_postings: &batch_postings,
        counts: &counts,
        config,
        excluded,
    };
    let found: Vec<Vec<Partner>> = keys
        .par_iter()
        .enumerate()
        .map(|(doc, doc_keys)| search.partners_of(doc, doc_keys))
        .collect::<Result<_>>()?;
    Ok(found
        .into_iter()
        .enumerate()
        .flat_map(|(doc, partners)| partners.into_iter().map(move |partner| (doc, partner)))
        .collect())
}

/// What the search for each batch document's partners reads.
struct Search<'a> {
    snapshot: &'a Snapshot,
    sizes: &'a FingerprintSizes,
    batch_postings: &'a BatchPostings,
    counts: &'a [KeyCounts],
    config: CandidateConfig,
    excluded: &'a FxHashSet<u32>,
}

impl Search<'_> {
    /// The candidate partners of batch document `doc`, strongest first.
    fn partners_of(&self, doc: usize, doc_keys: &DocumentKeys) -> Result<Vec<Partner>> {
        let (config, excluded) = (self.config, self.excluded);
        let mut tallies: FxHashMap<Partner, SharedTally> = FxHashMap::default();
        let (counted, scattered) = held_keys(self.snapshot, self.batch_postings, doc_keys, config)?;
        for held in &counted {
            for (partner, other_sentence) in held.partners(doc, excluded) {
                tallies.entry(partner).or_default().add(held.sentence, other_sentence);
            }
        }
        for held in &scattered {
            for (partner, other_sentence) in held.partners(doc, excluded) {
                if let Some(tally) = tallies.get_mut(&partner) {
                    tally.add_scattered(held.sentence, other_sentence);
                }
            }
        }
        let mut partners: Vec<(u32, Partner)> = Vec::new();
        for (partner, tally) in tallies {
            let shared = tally.shared();
            if shared.keys < config.min_shared_keys {
                continue;
            }
            // The strictest partner is one with this document's key count and every sentence
            // keyed (the thresholds take the smaller count and at most `min_sentences`
            // sentences): passing against it settles the pair without reading its size.
            let own = self.counts[doc];
            let strictest = KeyCounts { keys: own.keys, sentences: usize::MAX };
            let passes = config.is_candidate(shared, own, strictest)
                || config.is_candidate(shared, own, self.partner_key_counts(partner)?);
            if passes {
                partners.push((shared.keys, partner));
            }
        }
        partners.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        partners.truncate(config.max_per_document);
        Ok(partners.into_iter().map(|(_, partner)| partner).collect())
    }

    /// The fingerprint size of a partner: stored, or the batch document's.
    fn partner_key_counts(&self, partner: Partner) -> Result<KeyCounts> {
        Ok(match partner {
            Partner::Archived(number) => self.sizes.get(self.snapshot, number)?,
            Partner::Batch(other) => self.counts[other],
        })
    }
}

/// One of a document's keys with its holders: the sentence of the document it comes from,
/// the archived holders and the batch holders, each with the sentence of theirs.
struct HeldKey<'b> {
    sentence: u8,
    stored: Vec<(u32, u8)>,
    batch: &'b [(usize, u8)],
}

impl HeldKey<'_> {
    /// The partners of batch document `doc` holding the key (archived ones not `excluded`,
    /// earlier batch documents), with the sentence of theirs it comes from.
    fn partners<'s>(
        &'s self,
        doc: usize,
        excluded: &'s FxHashSet<u32>,
    ) -> impl Iterator<Item = (Partner, u8)> + 's {
        let archived = self.stored.iter().filter(|(number, _)| !excluded.contains(number));
        let batch = self.batch.iter().filter(move |(other, _)| *other < doc);
        archived
            .map(|&(number, sentence)| (Partner::Archived(number), sentence))
            .chain(batch.map(|&(other, sentence)| (Partner::Batch(other), sentence)))
    }

    fn holders(&self) -> usize {
        self.stored.len() + self.batch.len()
    }

    /// The sketch of the holders; batch positions are numbered down from `u32::MAX`, apart
    /// from archived numbers.
    fn sketch(&self) -> u64 {
        let archived = self.stored.iter().map(|&(number, _)| number);
        let batch = self.batch.iter().map(|&(doc, _)| u32::MAX - doc as u32);
        holders_sketch(archived.chain(batch))
    }
}

/// The keys of a document held by at most `max_postings` documents, split into those that
/// count and the scattered ones: held by more than `crowded_postings` documents, with a
/// holders' sketch no other such key of the document has.
fn held_keys<'b>(
    snapshot: &Snapshot,
    batch_postings: &'b BatchPostings,
    doc_keys: &DocumentKeys,
    config: CandidateConfig,
) -> Result<(Vec<HeldKey<'b>>, Vec<HeldKey<'b>>)> {
    let mut held: Vec<HeldKey> = Vec::new();
    for (key, sentence) in doc_keys.iter() {
        let batch = &batch_postings[&key][..];
        let Some(limit) = config.max_postings.checked_sub(batch.len()) else {
            continue;
        };
        if let Some(stored) = snapshot.postings.within(key, limit)? {
            held.push(HeldKey { sentence, stored, batch });
        }
    }
    let is_crowded = |key: &HeldKey| key.holders() > config.crowded_postings;
    let sketches: Vec<Option<u64>> =
        held.iter().map(|key| is_crowded(key).then(|| key.sketch())).collect();
    let counts: SketchCounts = sketches.iter().flatten().copied().collect();
    let (counted, scattered): (Vec<_>, Vec<_>) = held
        .into_iter()
        .zip(sketches)
        .partition(|(_, sketch)| sketch.is_none_or(|s| !counts.is_scattered(s)));
    let keys =
        |held: Vec<(HeldKey<'b>, Option<u64>)>| held.into_iter().map(|(key, _)| key).collect();
    Ok((keys(counted), keys(scattered)))
}
