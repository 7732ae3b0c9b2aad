//! Planning: a batch of documents matched against a snapshot of the index as if they had been
//! added to it. A check is the plan of one document, thrown away; an add commits its plan.
//!
//! The plan runs the scan pipeline's stages with the corpus-wide statistics read from the
//! index plus the batch itself: a sentence's boilerplate verdict is judged on the same
//! lowest-ranked sample of documents `scan` would draw, term document frequencies are the
//! stored counts plus the batch's, and candidates come from the stored posting lists plus the
//! batch's own keys. Archived partners are prepared from their stored analyses with the current
//! verdicts, then each candidate pair is verified exactly as `scan` verifies it.

use std::collections::hash_map::Entry;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use unspun_core::analysis::{Analysis, TermId};
use unspun_core::boilerplate::{
    self, AnalyzedText, BoilerplateModel, ParagraphCues, SentenceLayout, HOUSE_HOLDERS,
    JUDGED_HOLDERS, SAMPLE,
};
use unspun_core::fingerprint::{self, DocumentCounts, DocumentKeys, TermFrequencies};
use unspun_core::{twins, verify, Document, PreparedDocument, ReusePair, ScanConfig};

use crate::candidates::{find_candidates, BatchStories};
use crate::error::{Error, Result};
use crate::sizes::FingerprintSizes;
use crate::snapshot::Snapshot;
use crate::store::{self, StoredDocument};
use crate::witnesses;

/// The other side of a candidate pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Partner {
    /// A document already in the index, by number.
    Archived(u32),
    /// An earlier document of the same batch, by position.
    Batch(usize),
}

/// A batch document made ready to store.
pub(crate) struct PlannedDocument {
    pub prepared: PreparedDocument,
    /// Its whole analysis (a prepared document keeps the terms of story sentences only).
    pub analysis: Analysis,
    pub cues: ParagraphCues,
    pub layout: SentenceLayout,
    pub keys: DocumentKeys,
    pub content_terms: Vec<TermId>,
    /// Its story hash, when it has story text.
    pub story: Option<u64>,
    /// Whether its keys are posted: no document before it tells its story.
    pub posts_keys: bool,
}

/// A reuse pair found for a batch document.
pub(crate) struct PlannedPair {
    pub doc: usize,
    pub partner: Partner,
    pub pair: ReusePair,
}

/// What adding a batch would store and find.
pub(crate) struct Plan {
    pub docs: Vec<PlannedDocument>,
    pub pairs: Vec<PlannedPair>,
}

/// Plans `docs` (distinct ids) against `snapshot` (with `sizes`, the fingerprint sizes of the
/// archived documents). The stored documents in `replaced` (older versions of batch
/// documents) are never partners and their term counts are taken back.
pub(crate) fn plan(
    snapshot: &Snapshot,
    sizes: &FingerprintSizes,
    docs: Vec<Document>,
    config: &ScanConfig,
    replaced: &[StoredDocument],
) -> Result<Plan> {
    let excluded: FxHashSet<u32> = replaced.iter().map(|d| d.number).collect();
    let (analyses, cues): (Vec<Analysis>, Vec<ParagraphCues>) =
        docs.par_iter().map(boilerplate::analyze).unzip();
    let layouts: Vec<SentenceLayout> = docs
        .par_iter()
        .zip(analyses.par_iter().zip(&cues))
        .map(|(doc, (analysis, cues))| boilerplate::layout(AnalyzedText::new(doc, analysis, cues)))
        .collect();
    let verdicts = Verdicts::judge(snapshot, &layouts, config.boilerplate_min_documents.max(2))?;
    let model = verdicts.model(snapshot, layouts.iter().flat_map(|l| &l.keys))?;
    let prepared: Vec<PreparedDocument> = docs
        .into_par_iter()
        .zip(analyses.par_iter().zip(&cues))
        .map(|(doc, (analysis, cues))| {
            let boilerplate = model.mark(AnalyzedText::new(&doc, analysis, cues));
            PreparedDocument::new(doc, analysis.clone(), boilerplate)
        })
        .collect();
    let content_terms: Vec<Vec<TermId>> =
        prepared.par_iter().map(PreparedDocument::story_terms).collect();
    let mut df = DocumentFrequencies::new(&content_terms, replaced);
    df.resolve(snapshot, &prepared)?;
    let batch_frequencies = df.current();
    let keys: Vec<DocumentKeys> = prepared
        .par_iter()
        .map(|doc| fingerprint::document_keys(doc, &batch_frequencies, config.fingerprint))
        .collect();
    let stories = prepared.par_iter().map(twins::story_hash).collect();
    let stories = BatchStories::new(snapshot, stories, &excluded)?;
    let candidates =
        find_candidates(snapshot, sizes, &keys, &stories, config.candidates, &excluded)?;
    let archived = load_partners(snapshot, &candidates, &verdicts)?;
    let frequencies = df.on_demand(snapshot);
    let mut pairs: Vec<PlannedPair> = candidates
        .par_iter()
        .filter_map(|&(doc, partner)| {
            let x = &prepared[doc];
            let y = match partner {
                Partner::Archived(number) => &archived[&number],
                Partner::Batch(other) => &prepared[other],
            };
            let (a, b) = if x.doc.id <= y.doc.id { (x, y) } else { (y, x) };
            let pair = verify::verify(a, b, config.verify, &frequencies)?;
            Some(PlannedPair { doc, partner, pair })
        })
        .collect();
    frequencies.failure()?;
    let ids: Vec<&str> = prepared.iter().map(|doc| doc.doc.id.as_str()).collect();
    witnesses::decide_undecided(snapshot, &ids, &mut pairs)?;
    let docs = prepared
        .into_iter()
        .zip(analyses.into_iter().zip(cues))
        .zip(layouts.into_iter().zip(keys))
        .zip(content_terms)
        .enumerate()
        .map(|(doc, (((prepared, (analysis, cues)), (layout, keys)), content_terms))| {
            PlannedDocument {
                prepared,
                analysis,
                cues,
                layout,
                keys,
                content_terms,
                story: stories.story(doc),
                posts_keys: stories.posts(doc),
            }
        })
        .collect();
    Ok(Plan { docs, pairs })
}

/// A stored document prepared with the verdicts of `model`.
fn mark(model: &BoilerplateModel, stored: StoredDocument) -> PreparedDocument {
    let StoredDocument { document, analysis, cues, .. } = stored;
    let boilerplate = model.mark(AnalyzedText::new(&document, &analysis, &cues));
    PreparedDocument::new(document, analysis, boilerplate)
}

/// The stored document prepared as it was when added: its text with the boilerplate verdicts
/// its term counts were made with.
pub(crate) fn as_added(stored: &StoredDocument) -> PreparedDocument {
    let analysis = stored.analysis.clone();
    PreparedDocument::new(stored.document.clone(), analysis, stored.boilerplate.clone())
}

/// Boilerplate verdicts of the batch's sentences, judged with the batch counted in; every
/// other sentence keeps its stored verdict.
struct Verdicts {
    batch: FxHashMap<u64, bool>,
}

/// A member of a sentence's sample.
#[derive(Debug, Clone, Copy)]
enum Member {
    Archived(u32),
    Batch(usize),
}

impl Verdicts {
    fn judge(
        snapshot: &Snapshot,
        layouts: &[SentenceLayout],
        min_documents: usize,
    ) -> Result<Self> {
        let mut holders: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (doc, layout) in layouts.iter().enumerate() {
            for &key in &layout.keys {
                let docs = holders.entry(key).or_default();
                if docs.last() != Some(&doc) {
                    docs.push(doc);
                }
            }
        }
        let mut batch = FxHashMap::default();
        for (&key, docs) in &holders {
            let verdict = Self::judge_one(snapshot, layouts, &holders, key, docs, min_documents)?;
            batch.insert(key, verdict);
        }
        Ok(Verdicts { batch })
    }

    fn judge_one(
        snapshot: &Snapshot,
        layouts: &[SentenceLayout],
        batch_holders: &FxHashMap<u64, Vec<usize>>,
        key: u64,
        docs: &[usize],
        min_documents: usize,
    ) -> Result<bool> {
        let (stored, sample) = store::sentence_sample(&snapshot.sentence_docs, key)?;
        let holders = stored as usize + docs.len();
        if holders < JUDGED_HOLDERS {
            return Ok(false);
        }
        let mut members: Vec<(u64, Member)> =
            sample.iter().map(|&(rank, number)| (rank, Member::Archived(number))).collect();
        members.extend(docs.iter().map(|&d| (layouts[d].rank, Member::Batch(d))));
        members.sort_unstable_by_key(|m| m.0);
        members.truncate(SAMPLE);
        let unchanged = members.iter().all(|m| matches!(m.1, Member::Archived(_)))
            && (stored as usize >= HOUSE_HOLDERS) == (holders >= HOUSE_HOLDERS);
        if unchanged && stored as usize >= JUDGED_HOLDERS {
            return snapshot.is_learned(key);
        }
        let mut loaded: Vec<SentenceLayout> = Vec::new();
        for (_, member) in &members {
            if let Member::Archived(number) = member {
                loaded.push(snapshot.layout(*number)?);
            }
        }
        let mut archived = loaded.iter();
        let sample: Vec<&SentenceLayout> = members
            .iter()
            .map(|(_, member)| match member {
                Member::Archived(_) => archived.next().expect("one layout per archived member"),
                Member::Batch(d) => &layouts[*d],
            })
            .collect();
        let in_batch = |k: u64| batch_holders.get(&k).map_or(0, Vec::len);
        let held_by = store::sample_held_by(
            &snapshot.sentence_docs,
            &sample,
            holders,
            in_batch,
            min_documents,
        )?;
        Ok(boilerplate::is_furniture(key, holders, min_documents, &sample, &held_by))
    }

    fn is_learned(&self, snapshot: &Snapshot, key: u64) -> Result<bool> {
        match self.batch.get(&key) {
            Some(&verdict) => Ok(verdict),
            None => snapshot.is_learned(key),
        }
    }

    /// A boilerplate model holding the learned sentences among `keys`.
    fn model<'k>(
        &self,
        snapshot: &Snapshot,
        keys: impl IntoIterator<Item = &'k u64>,
    ) -> Result<BoilerplateModel> {
        let mut learned = FxHashSet::default();
        for &key in keys {
            if self.is_learned(snapshot, key)? {
                learned.insert(key);
            }
        }
        Ok(BoilerplateModel::from_learned(learned))
    }
}

/// Term document frequencies: stored counts plus the batch's own, less those of the versions
/// the batch replaces.
struct DocumentFrequencies {
    batch: FxHashMap<TermId, i64>,
    resolved: FxHashMap<TermId, u32>,
}

impl DocumentFrequencies {
    fn new(batch_terms: &[Vec<TermId>], replaced: &[StoredDocument]) -> Self {
        let mut batch: FxHashMap<TermId, i64> = FxHashMap::default();
        for &term in batch_terms.iter().flatten() {
            *batch.entry(term).or_default() += 1;
        }
        for old in replaced {
            for term in as_added(old).story_terms() {
                *batch.entry(term).or_default() -= 1;
            }
        }
        DocumentFrequencies { batch, resolved: FxHashMap::default() }
    }

    /// Looks up every term of `docs` not looked up yet.
    fn resolve<'d>(
        &mut self,
        snapshot: &Snapshot,
        docs: impl IntoIterator<Item = &'d PreparedDocument>,
    ) -> Result<()> {
        for doc in docs {
            for &id in doc.analysis.terms.all().ids() {
                if let Entry::Vacant(slot) = self.resolved.entry(id) {
                    slot.insert(count_of(snapshot, &self.batch, id)?);
                }
            }
        }
        Ok(())
    }

    fn current(&self) -> TermFrequencies {
        TermFrequencies::from_counts(self.resolved.iter().map(|(&t, &n)| (t, n)))
    }

    /// The counts verification reads: those resolved so far, and any other term read from
    /// the store when first asked about (attribution asks about the few words a pair
    /// substitutes, so the terms of candidates that are not reuse are never read).
    fn on_demand(self, snapshot: &Snapshot) -> OnDemandCounts<'_> {
        OnDemandCounts {
            snapshot,
            batch: self.batch,
            known: Mutex::new(self.resolved),
            failure: Mutex::new(None),
        }
    }
}

/// Documents holding `term`: the stored count plus the batch's change to it.
fn count_of(snapshot: &Snapshot, batch: &FxHashMap<TermId, i64>, term: TermId) -> Result<u32> {
    let delta = batch.get(&term).copied().unwrap_or(0);
    Ok((i64::from(snapshot.df(term)?) + delta).max(0) as u32)
}

/// Document counts looked up in the store as verification asks for them.
struct OnDemandCounts<'s> {
    snapshot: &'s Snapshot,
    batch: FxHashMap<TermId, i64>,
    known: Mutex<FxHashMap<TermId, u32>>,
    failure: Mutex<Option<Error>>,
}

impl OnDemandCounts<'_> {
    /// The first store error a lookup met, if any.
    fn failure(self) -> Result<()> {
        match self.failure.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl DocumentCounts for OnDemandCounts<'_> {
    fn documents_holding(&self, term: TermId) -> u32 {
        if let Some(&n) = self.known.lock().unwrap_or_else(|p| p.into_inner()).get(&term) {
            return n;
        }
        match count_of(self.snapshot, &self.batch, term) {
            Ok(n) => {
                self.known.lock().unwrap_or_else(|p| p.into_inner()).insert(term, n);
                n
            }
            Err(error) => {
                self.failure.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(error);
                0
            }
        }
    }
}

/// A stored document prepared with the stored boilerplate verdicts (which count it already).
pub(crate) fn prepare_stored(
    snapshot: &Snapshot,
    stored: StoredDocument,
) -> Result<PreparedDocument> {
    let verdicts = Verdicts { batch: FxHashMap::default() };
    let model = verdicts.model(snapshot, stored.analysis.recurrence_keys.iter())?;
    Ok(mark(&model, stored))
}

/// The archived partners, prepared from their stored analyses with the current verdicts.
fn load_partners(
    snapshot: &Snapshot,
    candidates: &[(usize, Partner)],
    verdicts: &Verdicts,
) -> Result<FxHashMap<u32, PreparedDocument>> {
    let mut numbers: Vec<u32> = candidates
        .iter()
        .filter_map(|(_, p)| match p {
            Partner::Archived(number) => Some(*number),
            Partner::Batch(_) => None,
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut stored = Vec::with_capacity(numbers.len());
    for &number in &numbers {
        let doc = snapshot.document_by_number(number)?.ok_or_else(|| Error::Corrupt {
            what: format!("document #{number}"),
            reason: "posted but not stored".into(),
        })?;
        stored.push(doc);
    }
    let keys = stored.iter().flat_map(|d| d.analysis.recurrence_keys.iter());
    let model = verdicts.model(snapshot, keys)?;
    let prepared = stored.into_iter().map(|doc| mark(&model, doc));
    Ok(numbers.into_iter().zip(prepared).collect())
}
