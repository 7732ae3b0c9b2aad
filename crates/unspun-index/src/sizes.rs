//! Fingerprint sizes of archived documents, held in memory: candidate search needs one for
//! most partners it weighs, and reading each from its table was 7% of a check's time at 1M
//! documents. Eight bytes a document, loaded from the table on first use and extended by each
//! add. A document's size never changes under its number (numbers are not reused), so an
//! entry is right for every snapshot that holds the document; a number the memory does not
//! know is read from the snapshot.

use std::sync::RwLock;

use redb::ReadableTable;
use unspun_core::candidates::KeyCounts;

use crate::error::Result;
use crate::snapshot::Snapshot;
use crate::store;

/// An unknown size: a number not loaded or recorded (or removed before the load).
const UNKNOWN: (u32, u32) = (u32::MAX, u32::MAX);

/// The sizes by document number, once loaded.
#[derive(Default)]
pub(crate) struct FingerprintSizes {
    by_number: RwLock<Option<Vec<(u32, u32)>>>,
}

impl FingerprintSizes {
    /// The fingerprint size of document `number`, which `snapshot` holds.
    pub fn get(&self, snapshot: &Snapshot, number: u32) -> Result<KeyCounts> {
        let known = {
            let by_number = self.by_number.read().unwrap_or_else(|p| p.into_inner());
            by_number.as_ref().and_then(|sizes| sizes.get(number as usize).copied())
        };
        match known {
            Some(size) if size != UNKNOWN => Ok(store::key_counts_from_record(size)),
            _ => snapshot.key_counts(number),
        }
    }

    /// Loads every size `snapshot` holds, unless loaded already.
    pub fn load(&self, snapshot: &Snapshot) -> Result<()> {
        if self.by_number.read().unwrap_or_else(|p| p.into_inner()).is_some() {
            return Ok(());
        }
        let mut sizes = vec![UNKNOWN; snapshot.next_number()? as usize];
        for entry in snapshot.key_counts.iter()? {
            let (number, size) = entry?;
            if let Some(slot) = sizes.get_mut(number.value() as usize) {
                *slot = size.value();
            }
        }
        let mut by_number = self.by_number.write().unwrap_or_else(|p| p.into_inner());
        by_number.get_or_insert(sizes);
        Ok(())
    }

    /// Records the sizes of documents just stored under `first_number` and on.
    pub fn record(&self, first_number: u32, sizes: impl ExactSizeIterator<Item = KeyCounts>) {
        let mut by_number = self.by_number.write().unwrap_or_else(|p| p.into_inner());
        let Some(known) = by_number.as_mut() else {
            return;
        };
        let first = first_number as usize;
        let end = first + sizes.len();
        if known.len() < end {
            known.resize(end, UNKNOWN);
        }
        for (slot, size) in known[first..end].iter_mut().zip(sizes) {
            *slot = store::key_counts_record(size);
        }
    }
}

#[cfg(test)]
mod tests {
    use redb::ReadableDatabase;
    use unspun_core::Document;

    use super::*;
    use crate::Index;

    fn story(n: u32) -> Document {
        let text = format!(
            "Harbor officials in Millbrook closed pier {n} on Tuesday after a fire.\n\
             The fire chief said {n} boats were damaged and that nobody was hurt.\n\
             Crews from Eastport helped contain the blaze before it reached depot {n}."
        );
        Document::new(format!("story-{n}"), text)
    }

    #[test]
    fn sizes_in_memory_agree_with_the_table_through_adds_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open(dir.path()).unwrap();
        index.add(vec![story(0), story(1)]).unwrap();
        assert!(index.remove("story-0").unwrap());
        index.add(vec![story(2), story(3)]).unwrap();
        let txn = index.db.begin_read().unwrap();
        let snapshot = Snapshot::new(&txn).unwrap();
        let next = snapshot.next_number().unwrap();
        let known = index.sizes.by_number.read().unwrap().clone().unwrap();
        assert_eq!(known.len(), next as usize);
        for number in 1..next {
            let stored = snapshot.key_counts(number).unwrap();
            assert!(stored.keys > 0);
            assert_eq!(store::key_counts_from_record(known[number as usize]), stored);
            assert_eq!(index.sizes.get(&snapshot, number).unwrap(), stored);
        }
    }
}
