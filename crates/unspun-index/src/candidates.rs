//! Candidate partners of a batch: the scan's candidate rule over the stored posting lists plus
//! the batch's own keys.
//!
//! As in `scan`, keys held by more than `max_postings` documents are skipped, and a key held by
//! more than `crowded_postings` whose holders do not recur is scattered: it only adds to
//! partners met through another key, as half a key toward the minimum. Here the holders
//! recur when another crowded key of the same document has the same [`holders_sketch`] (a
//! copy of a syndicated story holds many of its crowded keys; a chance holder of a common pair
//! of terms, one).
//!
//! As in `scan` too, a story told word for word by several documents is keyed once: only its
//! first teller's keys are posted ([`BatchStories`] decides which batch documents post theirs).
//! A document then meets the other tellers of its own story, and those of every story whose
//! teller it meets through its keys, sharing what it shares with that teller; so a story run
//! by thousands of sites never makes its keys too common to search.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use unspun_core::candidates::{
    holders_sketch, CandidateConfig, KeyCounts, Shared, SharedTally, SketchCounts,
};
use unspun_core::fingerprint::DocumentKeys;

use crate::error::Result;
use crate::plan::Partner;
use crate::sizes::FingerprintSizes;
use crate::snapshot::Snapshot;

/// The batch's postings: for each key, the batch documents holding it and from which sentence.
type BatchPostings = FxHashMap<u64, Vec<(usize, u8)>>;

/// The stories of a batch's documents, and which documents post their keys.
pub(crate) struct BatchStories {
    /// Each batch document's story hash; `None` when it has no story text.
    of: Vec<Option<u64>>,
    /// The batch documents telling each story, in batch order.
    tellers: FxHashMap<u64, Vec<usize>>,
    /// Whether each batch document's keys are posted: it has no story, or no archived document
    /// (but those `excluded`) or earlier batch document tells its story.
    posts: Vec<bool>,
}

impl BatchStories {
    /// The stories of the batch documents, given as story hashes.
    pub fn new(
        snapshot: &Snapshot,
        of: Vec<Option<u64>>,
        excluded: &FxHashSet<u32>,
    ) -> Result<Self> {
        let mut tellers: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        let mut posts = Vec::with_capacity(of.len());
        for (doc, story) in of.iter().enumerate() {
            let first = match story {
                Some(story) => {
                    let batch = tellers.entry(*story).or_default();
                    batch.push(doc);
                    batch.len() == 1
                        && snapshot.story_tellers(*story, |n| excluded.contains(&n), 1)?.is_empty()
                }
                None => true,
            };
            posts.push(first);
        }
        Ok(BatchStories { of, tellers, posts })
    }

    /// The story hash of batch document `doc`.
    pub fn story(&self, doc: usize) -> Option<u64> {
        self.of[doc]
    }

    /// Whether batch document `doc` posts its keys.
    pub fn posts(&self, doc: usize) -> bool {
        self.posts[doc]
    }
}

/// Candidate partners of each batch document: archived documents and earlier batch documents
/// sharing enough keys, and the other tellers of the stories those tell, strongest first, at
/// most `max_per_document` each.
pub(crate) fn find_candidates(
    snapshot: &Snapshot,
    sizes: &FingerprintSizes,
    keys: &[DocumentKeys],
    stories: &BatchStories,
    config: CandidateConfig,
    excluded: &FxHashSet<u32>,
) -> Result<Vec<(usize, Partner)>> {
    sizes.load(snapshot)?;
    let mut batch_postings = BatchPostings::default();
    for (doc, doc_keys) in keys.iter().enumerate().filter(|&(doc, _)| stories.posts(doc)) {
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
        stories,
        config,
        excluded,
    };
    let found: Vec<Vec<Partner>> = keys
        .par_iter()
        .enumerate()
        .map(|(doc, doc_keys)| {
            let met = search.partners_of(doc, doc_keys)?;
            search.with_tellers(doc, met)
        })
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
    stories: &'a BatchStories,
    config: CandidateConfig,
    excluded: &'a FxHashSet<u32>,
}

impl Search<'_> {
    /// The candidate partners of batch document `doc` met through its keys, each with the
    /// number of keys they share, strongest first, at most `max_per_document`.
    fn partners_of(&self, doc: usize, doc_keys: &DocumentKeys) -> Result<Vec<(u32, Partner)>> {
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
        Ok(partners)
    }

    /// The partners `met` through keys with the other tellers of their stories, and the
    /// tellers of `doc`'s own story when it is a candidate with itself (as twins share every
    /// key), each sharing what its teller shares: strongest first, at most
    /// `max_per_document`.
    fn with_tellers(&self, doc: usize, met: Vec<(u32, Partner)>) -> Result<Vec<Partner>> {
        let mut found: Vec<(u32, Partner)> = Vec::new();
        let own = self.counts[doc];
        let whole = Shared::whole(own);
        let own_story = self.stories.story(doc);
        if let Some(story) = own_story.filter(|_| self.config.is_candidate(whole, own, own)) {
            found.extend(self.tellers(doc, story)?.into_iter().map(|t| (whole.keys, t)));
        }
        for (shared, partner) in met {
            found.push((shared, partner));
            if let Some(story) = self.story_of(partner)? {
                found.extend(self.tellers(doc, story)?.into_iter().map(|t| (shared, t)));
            }
        }
        found.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut seen = FxHashSet::default();
        found.retain(|&(_, partner)| seen.insert(partner));
        found.truncate(self.config.max_per_document);
        Ok(found.into_iter().map(|(_, partner)| partner).collect())
    }

    /// The story a partner tells, if it is known.
    fn story_of(&self, partner: Partner) -> Result<Option<u64>> {
        match partner {
            Partner::Archived(number) => self.snapshot.story_of(number),
            Partner::Batch(other) => Ok(self.stories.story(other)),
        }
    }

    /// The documents before batch document `doc` that tell `story`: archived ones not
    /// excluded, then earlier batch documents, at most `max_per_document`.
    fn tellers(&self, doc: usize, story: u64) -> Result<Vec<Partner>> {
        let limit = self.config.max_per_document;
        let excluded = |number| self.excluded.contains(&number);
        let archived = self.snapshot.story_tellers(story, excluded, limit)?;
        let batch = self.stories.tellers.get(&story).map_or(&[][..], Vec::as_slice);
        let earlier = batch.iter().take_while(|&&other| other < doc);
        let partners = archived.into_iter().map(Partner::Archived);
        Ok(partners.chain(earlier.map(|&other| Partner::Batch(other))).take(limit).collect())
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
        let batch = batch_postings.get(&key).map_or(&[][..], Vec::as_slice);
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
