//! A consistent read-only view of the index, as of one committed transaction. Checks run on a
//! snapshot while documents are being added; an add plans its batch on one.

use redb::{ReadOnlyMultimapTable, ReadOnlyTable, ReadTransaction, ReadableTableMetadata};
use unspun_core::analysis::TermId;
use unspun_core::boilerplate::SentenceLayout;
use unspun_core::candidates::KeyCounts;
use unspun_core::ReusePair;

use crate::error::{Error, Result};
use crate::postings::ReadPostings;
use crate::store::{self, StoredDocument};

/// The tables of one read transaction.
pub(crate) struct Snapshot {
    pub documents: ReadOnlyTable<&'static str, &'static [u8]>,
    pub ids: ReadOnlyTable<u32, &'static str>,
    pub layouts: ReadOnlyTable<u32, &'static [u8]>,
    pub key_counts: ReadOnlyTable<u32, (u32, u32)>,
    pub sentence_docs: ReadOnlyMultimapTable<u64, (u64, u32)>,
    pub learned: ReadOnlyTable<u64, ()>,
    pub term_df: ReadOnlyTable<TermId, u32>,
    pub postings: ReadPostings,
    pub edges: ReadOnlyMultimapTable<u32, u32>,
    pub pairs: ReadOnlyTable<(u32, u32), &'static [u8]>,
    pub stories: ReadOnlyMultimapTable<u64, u32>,
    pub story_of: ReadOnlyTable<u32, u64>,
    pub meta: ReadOnlyTable<&'static str, u64>,
}

impl Snapshot {
    /// Opens every table in `txn`.
    pub fn new(txn: &ReadTransaction) -> Result<Self> {
        Ok(Snapshot {
            documents: txn.open_table(store::DOCUMENTS)?,
            ids: txn.open_table(store::IDS)?,
            layouts: txn.open_table(store::LAYOUTS)?,
            key_counts: txn.open_table(store::KEY_COUNTS)?,
            sentence_docs: txn.open_multimap_table(store::SENTENCE_DOCS)?,
            learned: txn.open_table(store::LEARNED)?,
            term_df: txn.open_table(store::TERM_DF)?,
            postings: ReadPostings::open(txn)?,
            edges: txn.open_multimap_table(store::EDGES)?,
            pairs: txn.open_table(store::PAIRS)?,
            stories: txn.open_multimap_table(store::STORIES)?,
            story_of: txn.open_table(store::STORY_OF)?,
            meta: txn.open_table(store::META)?,
        })
    }

    /// A document by id.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        store::read_document(&self.documents, id)
    }

    /// The id of document `number`.
    pub fn id(&self, number: u32) -> Result<Option<String>> {
        Ok(self.ids.get(number)?.map(|id| id.value().to_string()))
    }

    /// A document by number.
    pub fn document_by_number(&self, number: u32) -> Result<Option<StoredDocument>> {
        match self.id(number)? {
            Some(id) => self.document(&id),
            None => Ok(None),
        }
    }

    /// The layout of document `number`.
    pub fn layout(&self, number: u32) -> Result<SentenceLayout> {
        store::read_layout(&self.layouts, number)
    }

    /// The fingerprint size of document `number`.
    pub fn key_counts(&self, number: u32) -> Result<KeyCounts> {
        store::read_key_counts(&self.key_counts, number)
    }

    /// The stored reuse pair of documents `x` and `y`.
    pub fn pair(&self, x: u32, y: u32) -> Result<ReusePair> {
        let key = (x.min(y), x.max(y));
        let what = || format!("pair #{}-#{}", key.0, key.1);
        let bytes = self
            .pairs
            .get(key)?
            .ok_or_else(|| Error::Corrupt { what: what(), reason: "missing".into() })?;
        serde_json::from_slice(bytes.value())
            .map_err(|e| Error::Corrupt { what: what(), reason: e.to_string() })
    }

    /// Numbers of the documents paired with document `number`.
    pub fn partners(&self, number: u32) -> Result<Vec<u32>> {
        let mut partners = Vec::new();
        for partner in self.edges.get(number)? {
            partners.push(partner?.value());
        }
        Ok(partners)
    }

    /// The story hash of document `number`; `None` when it has no story text, or was added by
    /// a version of unspun that did not record stories.
    pub fn story_of(&self, number: u32) -> Result<Option<u64>> {
        Ok(self.story_of.get(number)?.map(|story| story.value()))
    }

    /// The first `limit` documents telling `story` that `excluded` does not name, lowest
    /// number first.
    pub fn story_tellers(
        &self,
        story: u64,
        excluded: impl Fn(u32) -> bool,
        limit: usize,
    ) -> Result<Vec<u32>> {
        store::story_tellers(&self.stories, story, excluded, limit)
    }

    /// Whether sentence `key` is learned boilerplate.
    pub fn is_learned(&self, key: u64) -> Result<bool> {
        Ok(self.learned.get(key)?.is_some())
    }

    /// Documents whose story text holds `term`.
    pub fn df(&self, term: TermId) -> Result<u32> {
        Ok(self.term_df.get(term)?.map_or(0, |n| n.value()))
    }

    /// The number of postings stored.
    pub fn posting_count(&self) -> Result<u64> {
        Ok(self.meta.get(store::POSTING_COUNT)?.map_or(0, |n| n.value()))
    }

    /// The next free document number.
    pub fn next_number(&self) -> Result<u32> {
        Ok(self.meta.get(store::NEXT_NUMBER)?.map_or(0, |n| n.value() as u32))
    }

    /// Number of documents.
    pub fn len(&self) -> Result<u64> {
        Ok(self.ids.len()?)
    }
}
