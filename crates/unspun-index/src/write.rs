//! Writing: a planned batch stored, a document removed, and the boilerplate verdicts of every
//! sentence they touched judged again, all inside one write transaction, so a crash at any
//! point leaves the index as it was before the transaction or after it.

use rayon::prelude::*;
use redb::{MultimapTable, ReadableTable, Table, WriteTransaction};
use rustc_hash::{FxHashMap, FxHashSet};
use unspun_core::analysis::{hash_str, TermId};
use unspun_core::boilerplate::{self, SentenceLayout};
use unspun_core::candidates::KeyCounts;
use unspun_core::ReusePair;

use crate::error::{Error, Result};
use crate::plan::{self, Partner, Plan, PlannedDocument};
use crate::postings::{Posting, WritePostings};
use crate::store::{self, StoredDocument};

/// The tables of one write transaction.
pub(crate) struct Tables<'t> {
    documents: Table<'t, &'static str, &'static [u8]>,
    ids: Table<'t, u32, &'static str>,
    layouts: Table<'t, u32, &'static [u8]>,
    key_counts: Table<'t, u32, (u32, u32)>,
    sentence_docs: MultimapTable<'t, u64, (u64, u32)>,
    learned: Table<'t, u64, ()>,
    term_df: Table<'t, TermId, u32>,
    postings: WritePostings<'t>,
    edges: MultimapTable<'t, u32, u32>,
    pairs: Table<'t, (u32, u32), &'static [u8]>,
    stories: MultimapTable<'t, u64, u32>,
    story_of: Table<'t, u32, u64>,
    meta: Table<'t, &'static str, u64>,
}

impl<'t> Tables<'t> {
    /// Opens (creating when missing) every table in `txn`.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(Tables {
            documents: txn.open_table(store::DOCUMENTS)?,
            ids: txn.open_table(store::IDS)?,
            layouts: txn.open_table(store::LAYOUTS)?,
            key_counts: txn.open_table(store::KEY_COUNTS)?,
            sentence_docs: txn.open_multimap_table(store::SENTENCE_DOCS)?,
            learned: txn.open_table(store::LEARNED)?,
            term_df: txn.open_table(store::TERM_DF)?,
            postings: WritePostings::open(txn)?,
            edges: txn.open_multimap_table(store::EDGES)?,
            pairs: txn.open_table(store::PAIRS)?,
            stories: txn.open_multimap_table(store::STORIES)?,
            story_of: txn.open_table(store::STORY_OF)?,
            meta: txn.open_table(store::META)?,
        })
    }

    /// A stored document by id.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        store::read_document(&self.documents, id)
    }

    /// Stores a planned batch in place of the documents it replaces; documents get numbers
    /// from `first_number` on, in batch order.
    pub fn commit(
        &mut self,
        replaced: &[StoredDocument],
        plan: &Plan,
        first_number: u32,
        min_documents: usize,
    ) -> Result<()> {
        let mut touched: FxHashSet<u64> = FxHashSet::default();
        for old in replaced {
            touched.extend(self.remove(old)?);
        }
        let records: Vec<Vec<u8>> = plan
            .docs
            .par_iter()
            .enumerate()
            .map(|(offset, doc)| document_record(first_number + offset as u32, doc))
            .collect();
        let mut entries = BatchEntries::default();
        for (offset, (doc, record)) in plan.docs.iter().zip(records).enumerate() {
            let number = first_number + offset as u32;
            self.insert(number, doc, &record)?;
            entries.collect(number, doc);
            touched.extend(doc.layout.keys.iter().copied());
        }
        self.insert_entries(entries)?;
        for planned in &plan.pairs {
            let number = first_number + planned.doc as u32;
            let partner = match planned.partner {
                Partner::Archived(number) => number,
                Partner::Batch(other) => first_number + other as u32,
            };
            self.insert_pair(number, partner, &planned.pair)?;
        }
        self.rejudge(touched, min_documents)?;
        let next = u64::from(first_number) + plan.docs.len() as u64;
        self.meta.insert(store::NEXT_NUMBER, next)?;
        Ok(())
    }

    /// Stores a planned document under `number`, with its [`document_record`].
    fn insert(&mut self, number: u32, planned: &PlannedDocument, record: &[u8]) -> Result<()> {
        let doc = &planned.prepared.doc;
        self.documents.insert(doc.id.as_str(), record)?;
        self.ids.insert(number, doc.id.as_str())?;
        self.layouts.insert(number, store::encode(&planned.layout).as_slice())?;
        let key_counts = store::key_counts_record(KeyCounts::of(&planned.keys));
        self.key_counts.insert(number, key_counts)?;
        if let Some(story) = planned.story {
            self.stories.insert(story, number)?;
            self.story_of.insert(number, story)?;
        }
        Ok(())
    }

    /// Writes a batch's sample entries, term counts and postings in key order, each term's
    /// count once: sorted writes touch each B-tree page once rather than once per document.
    fn insert_entries(&mut self, mut entries: BatchEntries) -> Result<()> {
        entries.sentence_docs.sort_unstable();
        for (key, member) in entries.sentence_docs {
            self.sentence_docs.insert(key, member)?;
        }
        let mut terms: Vec<(TermId, u32)> = entries.term_counts.into_iter().collect();
        terms.sort_unstable();
        for (term, added) in terms {
            let n = self.term_df.get(term)?.map_or(0, |n| n.value());
            self.term_df.insert(term, n + added)?;
        }
        entries.postings.sort_unstable();
        for list in entries.postings.chunk_by(|x, y| x.0 == y.0) {
            let added: Vec<Posting> = list.iter().map(|&(_, posting)| posting).collect();
            self.postings.add(list[0].0, &added)?;
        }
        self.count_postings(entries.postings.len() as i64)
    }

    fn insert_pair(&mut self, x: u32, y: u32, pair: &ReusePair) -> Result<()> {
        let json = serde_json::to_vec(pair).expect("pairs always serialise");
        self.pairs.insert((x.min(y), x.max(y)), json.as_slice())?;
        self.edges.insert(x, y)?;
        self.edges.insert(y, x)?;
        Ok(())
    }

    /// Removes a document and everything derived from it, then judges its sentences again.
    pub fn remove_and_rejudge(&mut self, old: &StoredDocument, min_documents: usize) -> Result<()> {
        let touched = self.remove(old)?;
        self.rejudge(touched, min_documents)
    }

    /// Removes a document and everything derived from it (its keys passed to its story's next
    /// teller when it was the first); returns its sentence keys.
    fn remove(&mut self, old: &StoredDocument) -> Result<Vec<u64>> {
        let (number, id) = (old.number, old.document.id.as_str());
        let sentence_keys: Vec<u64> = distinct(&old.analysis.recurrence_keys).collect();
        for term in plan::as_added(old).story_terms() {
            let n = self.term_df.get(term)?.map_or(0, |n| n.value());
            if n <= 1 {
                self.term_df.remove(term)?;
            } else {
                self.term_df.insert(term, n - 1)?;
            }
        }
        let rank = hash_str(id);
        for &key in &sentence_keys {
            self.sentence_docs.remove(key, (rank, number))?;
        }
        let mut removed = 0;
        for (key, sentence) in old.keys.iter() {
            removed += i64::from(self.postings.remove(key, (number, sentence))?);
        }
        self.count_postings(-removed)?;
        self.remove_teller(number)?;
        let partners: Vec<u32> = self
            .edges
            .remove_all(number)?
            .map(|p| p.map(|g| g.value()))
            .collect::<std::result::Result<_, _>>()?;
        for partner in partners {
            self.edges.remove(partner, number)?;
            self.pairs.remove((number.min(partner), number.max(partner)))?;
        }
        self.layouts.remove(number)?;
        self.key_counts.remove(number)?;
        self.ids.remove(number)?;
        self.documents.remove(id)?;
        Ok(sentence_keys)
    }

    /// Takes document `number` off its story's tellers; when it was the first, the next teller
    /// (its twin, whose keys were not posted) has its keys posted in its place.
    fn remove_teller(&mut self, number: u32) -> Result<()> {
        let Some(story) = self.story_of.remove(number)?.map(|story| story.value()) else {
            return Ok(());
        };
        let first = store::story_tellers(&self.stories, story, |_| false, 1)?;
        self.stories.remove(story, number)?;
        if first != [number] {
            return Ok(());
        }
        let Some(next) = store::story_tellers(&self.stories, story, |_| false, 1)?.pop() else {
            return Ok(());
        };
        let id = self.ids.get(next)?.map(|id| id.value().to_string());
        let twin = match id {
            Some(id) => store::read_document(&self.documents, &id)?,
            None => None,
        };
        let twin = twin.ok_or_else(|| Error::Corrupt {
            what: format!("document #{next}"),
            reason: "tells a stored story but is not stored".into(),
        })?;
        for (key, sentence) in twin.keys.iter() {
            self.postings.add(key, &[(next, sentence)])?;
        }
        self.count_postings(twin.keys.len() as i64)
    }

    /// Adds `change` to the number of postings stored.
    fn count_postings(&mut self, change: i64) -> Result<()> {
        let count = self.meta.get(store::POSTING_COUNT)?.map_or(0, |n| n.value());
        self.meta.insert(store::POSTING_COUNT, count.saturating_add_signed(change))?;
        Ok(())
    }

    /// Judges the given sentences again on their current samples.
    fn rejudge(&mut self, keys: impl IntoIterator<Item = u64>, min_documents: usize) -> Result<()> {
        for key in keys {
            let (count, sample) = store::sentence_sample(&self.sentence_docs, key)?;
            let furniture = count as usize >= boilerplate::JUDGED_HOLDERS && {
                let layouts: Vec<SentenceLayout> = sample
                    .iter()
                    .map(|&(_, number)| store::read_layout(&self.layouts, number))
                    .collect::<Result<_>>()?;
                let sample = layouts.iter().collect::<Vec<_>>();
                let holders = count as usize;
                let held_by = store::sample_held_by(
                    &self.sentence_docs,
                    &sample,
                    holders,
                    |_| 0,
                    min_documents,
                )?;
                boilerplate::is_furniture(key, holders, min_documents, &sample, &held_by)
            };
            if furniture {
                self.learned.insert(key, ())?;
            } else {
                self.learned.remove(key)?;
            }
        }
        Ok(())
    }
}

/// The compressed record of a planned document stored under `number`. Records are made in
/// parallel before the batch is written, which takes one thread.
fn document_record(number: u32, planned: &PlannedDocument) -> Vec<u8> {
    let stored = StoredDocument {
        number,
        document: planned.prepared.doc.clone(),
        analysis: planned.analysis.clone(),
        cues: planned.cues.clone(),
        boilerplate: planned.prepared.boilerplate.clone(),
        keys: planned.keys.clone(),
    };
    store::encode_compressed(&stored)
}

/// What a batch adds to the tables shared by all documents.
#[derive(Default)]
struct BatchEntries {
    sentence_docs: Vec<(u64, (u64, u32))>,
    term_counts: FxHashMap<TermId, u32>,
    postings: Vec<(u64, Posting)>,
}

impl BatchEntries {
    fn collect(&mut self, number: u32, planned: &PlannedDocument) {
        let rank = planned.layout.rank;
        self.sentence_docs.extend(distinct(&planned.layout.keys).map(|key| (key, (rank, number))));
        for &term in &planned.content_terms {
            *self.term_counts.entry(term).or_default() += 1;
        }
        if planned.posts_keys {
            let postings = planned.keys.iter().map(|(key, sentence)| (key, (number, sentence)));
            self.postings.extend(postings);
        }
    }
}

/// The distinct values of `keys`, in first-seen order.
fn distinct(keys: &[u64]) -> impl Iterator<Item = u64> + '_ {
    let mut seen = FxHashSet::default();
    keys.iter().copied().filter(move |k| seen.insert(*k))
}
