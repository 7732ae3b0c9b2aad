//! # unspun-index
//!
//! A persistent reuse index: documents arrive over time, each is matched against everything
//! added before it, and any new document can be checked against the archive without adding it.
//! The index lives in one embedded [redb](https://docs.rs/redb) file; every add or removal is
//! one transaction, so a crash leaves the index as it was before or after, never in between.
//!
//! The index keeps what the scan pipeline computes over a whole corpus, incrementally: each
//! sentence's documents (for boilerplate verdicts), term document frequencies, fingerprint
//! posting lists, and the reuse pairs found. Checking a document against an index built from
//! a corpus reports the same pairs, with the same fields, as `unspun scan` over that corpus.
//!
//! | module | owns |
//! |---|---|
//! | `store` | tables, records, encoding |
//! | `snapshot` | a consistent read view |
//! | `plan` | matching a batch against a snapshot (checks and adds) |
//! | `postings` | the fingerprint posting lists |
//! | `candidates` | a batch's candidate partners: posting lists, then the tellers of the stories met |
//! | `sizes` | archived documents' fingerprint sizes, in memory |
//! | `write` | storing a plan, removing a document |
//! | `family` | reuse families from stored pairs |
//! | `integrity` | cross-table consistency checks |
//!
//! ```
//! use unspun_core::Document;
//! use unspun_index::Index;
//!
//! let dir = tempfile::tempdir()?;
//! let index = Index::open(dir.path())?;
//! let story = "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n\
//!     The fire chief said 14 boats were damaged and that nobody was hurt in the blaze.\n\
//!     Crews from Eastport helped to contain the fire before it reached the fuel depot.";
//! index.add(vec![Document::new("wire/pier-fire", story)])?;
//! let matches = index.check(Document::new("copy", story))?;
//! assert_eq!(matches[0].b, "wire/pier-fire");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod candidates;
mod error;
mod family;
mod integrity;
mod plan;
mod postings;
mod sizes;
mod snapshot;
mod store;
mod witnesses;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use redb::{Database, ReadableDatabase, ReadableTableMetadata};
use rustc_hash::FxHashMap;
use serde::Serialize;
use unspun_core::candidates::KeyCounts;
use unspun_core::{Document, PreparedDocument, ReusePair, ScanConfig};

pub use error::{Error, Result};
pub use family::{FamilyView, MAX_FAMILY};

use sizes::FingerprintSizes;
use snapshot::Snapshot;
use store::StoredDocument;
use write::Tables;

/// File name of the database inside an index directory.
pub const DATABASE_FILE: &str = "unspun.redb";

/// A persistent reuse index in a directory.
pub struct Index {
    db: Database,
    path: PathBuf,
    config: ScanConfig,
    writer: Mutex<()>,
    sizes: FingerprintSizes,
}

/// What an add did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddReport {
    /// Documents new to the index.
    pub added: usize,
    /// Documents whose id was known, with different text or metadata: replaced.
    pub updated: usize,
    /// Documents already stored exactly as given: left alone.
    pub unchanged: usize,
    /// Reuse pairs found for the added and updated documents.
    pub pairs: Vec<ReusePair>,
}

/// Size and content of an index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Documents stored.
    pub documents: u64,
    /// Reuse pairs stored.
    pub pairs: u64,
    /// Fingerprint postings (key, document) stored.
    pub postings: u64,
    /// Sentences judged boilerplate.
    pub learned_boilerplate: u64,
    /// Size of the database file.
    pub bytes_on_disk: u64,
}

impl Index {
    /// Opens the index in `dir`, creating the directory and an empty index when missing.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(dir, ScanConfig::default())
    }

    /// Opens the index with the given pipeline settings (use the same ones for every open).
    pub fn open_with(dir: impl AsRef<Path>, config: ScanConfig) -> Result<Self> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)
            .map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
        let path = dir.join(DATABASE_FILE);
        let db = Database::create(&path)?;
        let txn = db.begin_write()?;
        {
            let mut meta = txn.open_table(store::META)?;
            store::check_format(&mut meta)?;
        }
        Tables::open(&txn)?;
        txn.commit()?;
        Ok(Index { db, path, config, writer: Mutex::new(()), sizes: FingerprintSizes::default() })
    }

    /// Reuse pairs between `doc` and the archive, as if `doc` were added. A stored document
    /// with the same id is left out (it is the version `doc` would replace). Pairs are sorted
    /// by `(a, b)`.
    pub fn check(&self, doc: Document) -> Result<Vec<ReusePair>> {
        validate(&doc)?;
        let txn = self.db.begin_read()?;
        let snapshot = Snapshot::new(&txn)?;
        let replaced: Vec<StoredDocument> = snapshot.document(&doc.id)?.into_iter().collect();
        let plan = plan::plan(&snapshot, &self.sizes, vec![doc], &self.config, &replaced)?;
        Ok(sorted_pairs(plan.pairs.into_iter().map(|p| p.pair).collect()))
    }

    /// Adds documents in one transaction. A document whose id is stored with the same text
    /// and metadata is left alone; with different ones, it replaces the stored one. Of
    /// documents sharing an id within `docs`, the last wins.
    pub fn add(&self, docs: Vec<Document>) -> Result<AddReport> {
        for doc in &docs {
            validate(doc)?;
        }
        let _writer = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let txn = self.db.begin_read()?;
        let snapshot = Snapshot::new(&txn)?;
        let mut report = AddReport::default();
        let mut fresh = Vec::new();
        let mut replaced: Vec<StoredDocument> = Vec::new();
        for doc in last_of_each_id(docs) {
            match snapshot.document(&doc.id)? {
                Some(old) if old.document == doc => report.unchanged += 1,
                Some(old) => {
                    report.updated += 1;
                    replaced.push(old);
                    fresh.push(doc);
                }
                None => {
                    report.added += 1;
                    fresh.push(doc);
                }
            }
        }
        if fresh.is_empty() {
            return Ok(report);
        }
        let plan = plan::plan(&snapshot, &self.sizes, fresh, &self.config, &replaced)?;
        let first_number = snapshot.next_number()?;
        drop(snapshot);
        drop(txn);
        let txn = self.db.begin_write()?;
        Tables::open(&txn)?.commit(&replaced, &plan, first_number, self.min_documents())?;
        txn.commit()?;
        let sizes = plan.docs.iter().map(|doc| KeyCounts::of(&doc.keys));
        self.sizes.record(first_number, sizes);
        report.pairs = sorted_pairs(plan.pairs.into_iter().map(|p| p.pair).collect());
        Ok(report)
    }

    /// Removes a document; returns whether it was stored.
    pub fn remove(&self, id: &str) -> Result<bool> {
        let _writer = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let txn = self.db.begin_write()?;
        let mut tables = Tables::open(&txn)?;
        let Some(old) = tables.document(id)? else {
            return Ok(false);
        };
        tables.remove_and_rejudge(&old, self.min_documents())?;
        drop(tables);
        txn.commit()?;
        Ok(true)
    }

    /// A stored document, prepared with the index's current boilerplate verdicts.
    pub fn document(&self, id: &str) -> Result<Option<PreparedDocument>> {
        let txn = self.db.begin_read()?;
        let snapshot = Snapshot::new(&txn)?;
        match snapshot.document(id)? {
            Some(stored) => plan::prepare_stored(&snapshot, stored).map(Some),
            None => Ok(None),
        }
    }

    /// The reuse family of a stored document; `None` when the id is not stored.
    pub fn family(&self, id: &str) -> Result<Option<FamilyView>> {
        let txn = self.db.begin_read()?;
        let snapshot = Snapshot::new(&txn)?;
        match snapshot.document(id)? {
            Some(stored) => family::family(&snapshot, stored.number, id).map(Some),
            None => Ok(None),
        }
    }

    /// Counts of what the index holds.
    pub fn stats(&self) -> Result<IndexStats> {
        let txn = self.db.begin_read()?;
        let snapshot = Snapshot::new(&txn)?;
        Ok(IndexStats {
            documents: snapshot.len()?,
            pairs: snapshot.pairs.len()?,
            postings: snapshot.posting_count()?,
            learned_boilerplate: snapshot.learned.len()?,
            bytes_on_disk: std::fs::metadata(&self.path).map_or(0, |m| m.len()),
        })
    }

    /// Every inconsistency between the index's tables; empty when there is none.
    pub fn verify_integrity(&self) -> Result<Vec<String>> {
        let txn = self.db.begin_read()?;
        integrity::problems(&Snapshot::new(&txn)?)
    }

    fn min_documents(&self) -> usize {
        self.config.boilerplate_min_documents.max(2)
    }
}

/// Refuses documents the index cannot key.
fn validate(doc: &Document) -> Result<()> {
    let reason = if doc.id.is_empty() {
        "the id is empty"
    } else if doc.text.trim().is_empty() {
        "the text is empty"
    } else {
        return Ok(());
    };
    Err(Error::BadDocument { id: doc.id.clone(), reason: reason.into() })
}

fn last_of_each_id(docs: Vec<Document>) -> Vec<Document> {
    let mut position: FxHashMap<String, usize> = FxHashMap::default();
    let mut kept: Vec<Option<Document>> = Vec::with_capacity(docs.len());
    for doc in docs {
        if let Some(&earlier) = position.get(&doc.id) {
            kept[earlier] = None;
        }
        position.insert(doc.id.clone(), kept.len());
        kept.push(Some(doc));
    }
    kept.into_iter().flatten().collect()
}

fn sorted_pairs(mut pairs: Vec<ReusePair>) -> Vec<ReusePair> {
    pairs.sort_by(|p, q| (&p.a, &p.b).cmp(&(&q.a, &q.b)));
    pairs
}
