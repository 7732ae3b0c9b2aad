//! Fingerprint posting lists: for each key, the documents holding it and the sentence of each
//! it comes from.
//!
//! A key's list is one value: the count of its holders, then, for lists of at most
//! [`INLINE_POSTINGS`], the postings packed five bytes each (document number, sentence
//! ordinal) in ascending number order. Candidate search reads a list with one lookup and one
//! copy. A longer list (a stock phrase, which candidate search skips) keeps only its count
//! there and its postings in an overflow multimap, so adding to it never rewrites it whole.

use redb::{
    MultimapTable, ReadOnlyMultimapTable, ReadOnlyTable, ReadTransaction, ReadableMultimapTable,
    ReadableTable, Table, WriteTransaction,
};

use crate::error::{Error, Result};
use crate::store;

/// A document number and the ordinal of its sentence the key comes from.
pub(crate) type Posting = (u32, u8);

/// The longest list kept in its key's value; [`CandidateConfig::max_postings`]
/// (2,000 by default) at or below it never reads the overflow.
///
/// [`CandidateConfig::max_postings`]: unspun_core::candidates::CandidateConfig::max_postings
pub(crate) const INLINE_POSTINGS: usize = 2048;

const COUNT_BYTES: usize = 4;
const POSTING_BYTES: usize = 5;

/// The posting tables of a read transaction.
pub(crate) type ReadPostings =
    PostingLists<ReadOnlyTable<u64, &'static [u8]>, ReadOnlyMultimapTable<u64, Posting>>;
/// The posting tables of a write transaction.
pub(crate) type WritePostings<'t> =
    PostingLists<Table<'t, u64, &'static [u8]>, MultimapTable<'t, u64, Posting>>;

/// The list values and the overflow of long lists.
pub(crate) struct PostingLists<L, O> {
    lists: L,
    overflow: O,
}

impl ReadPostings {
    /// Opens the posting tables of `txn`.
    pub fn open(txn: &ReadTransaction) -> Result<Self> {
        let lists = txn.open_table(store::POSTINGS)?;
        Ok(PostingLists { lists, overflow: txn.open_multimap_table(store::POSTINGS_OVERFLOW)? })
    }
}

/// A key's value, decoded.
struct ListValue {
    count: usize,
    /// The postings when the list is inline; empty when they are in the overflow.
    inline: Vec<Posting>,
}

impl ListValue {
    fn is_inline(&self) -> bool {
        self.count <= INLINE_POSTINGS
    }
}

impl<L, O> PostingLists<L, O>
where
    L: ReadableTable<u64, &'static [u8]>,
    O: ReadableMultimapTable<u64, Posting>,
{
    /// The postings of `key` when at most `limit` documents hold it; `None` when more do.
    pub fn within(&self, key: u64, limit: usize) -> Result<Option<Vec<Posting>>> {
        let Some(bytes) = self.lists.get(key)? else {
            return Ok(Some(Vec::new()));
        };
        let count = decode_count(key, bytes.value())?;
        if count > limit {
            Ok(None)
        } else if count <= INLINE_POSTINGS {
            decode_inline(key, bytes.value(), count).map(Some)
        } else {
            drop(bytes);
            self.overflowing(key).map(Some)
        }
    }

    /// Calls `visit` with each key, in key order, and its list as stored: the holders' count
    /// and the postings, or the damage that stops them being read.
    pub fn visit(&self, mut visit: impl FnMut(u64, Result<(usize, Vec<Posting>)>)) -> Result<()> {
        for entry in self.lists.iter()? {
            let (key, bytes) = entry?;
            let key = key.value();
            let list = decode_count(key, bytes.value()).and_then(|count| {
                let postings = match count <= INLINE_POSTINGS {
                    true => decode_inline(key, bytes.value(), count)?,
                    false => self.overflowing(key)?,
                };
                Ok((count, postings))
            });
            visit(key, list);
        }
        Ok(())
    }

    /// The keys with postings in the overflow whose value does not send readers there.
    pub fn stray_overflow(&self) -> Result<Vec<u64>> {
        let mut stray = Vec::new();
        for entry in self.overflow.iter()? {
            let key = entry?.0.value();
            let count = match self.lists.get(key)? {
                Some(bytes) => decode_count(key, bytes.value())?,
                None => 0,
            };
            if count <= INLINE_POSTINGS {
                stray.push(key);
            }
        }
        Ok(stray)
    }

    fn value(&self, key: u64) -> Result<ListValue> {
        let Some(bytes) = self.lists.get(key)? else {
            return Ok(ListValue { count: 0, inline: Vec::new() });
        };
        let count = decode_count(key, bytes.value())?;
        let inline = match count <= INLINE_POSTINGS {
            true => decode_inline(key, bytes.value(), count)?,
            false => Vec::new(),
        };
        Ok(ListValue { count, inline })
    }

    fn overflowing(&self, key: u64) -> Result<Vec<Posting>> {
        let mut postings = Vec::new();
        for posting in self.overflow.get(key)? {
            postings.push(posting?.value());
        }
        Ok(postings)
    }
}

impl<'t> WritePostings<'t> {
    /// Opens (creating when missing) the posting tables of `txn`.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        let lists = txn.open_table(store::POSTINGS)?;
        Ok(PostingLists { lists, overflow: txn.open_multimap_table(store::POSTINGS_OVERFLOW)? })
    }

    /// Adds postings of documents not holding `key` yet to its list, each at its place in
    /// number order (an add's are newer than any holder, a promoted twin's may not be).
    pub fn add(&mut self, key: u64, added: &[Posting]) -> Result<()> {
        let mut value = self.value(key)?;
        let count = value.count + added.len();
        if count <= INLINE_POSTINGS {
            value.inline.extend_from_slice(added);
            value.inline.sort_unstable();
            return self.write_inline(key, &value.inline);
        }
        for &posting in value.inline.iter().chain(added) {
            self.overflow.insert(key, posting)?;
        }
        self.write_count(key, count)
    }

    /// Takes `posting` off `key`'s list; whether the list held it.
    pub fn remove(&mut self, key: u64, posting: Posting) -> Result<bool> {
        let mut value = self.value(key)?;
        if value.is_inline() {
            let Some(at) = value.inline.iter().position(|&p| p == posting) else {
                return Ok(false);
            };
            value.inline.remove(at);
            if value.inline.is_empty() {
                self.lists.remove(key)?;
            } else {
                self.write_inline(key, &value.inline)?;
            }
            return Ok(true);
        }
        if !self.overflow.remove(key, posting)? {
            return Ok(false);
        }
        let count = value.count - 1;
        if count > INLINE_POSTINGS {
            self.write_count(key, count)?;
        } else {
            let postings = self.overflowing(key)?;
            self.overflow.remove_all(key)?;
            self.write_inline(key, &postings)?;
        }
        Ok(true)
    }

    fn write_inline(&mut self, key: u64, postings: &[Posting]) -> Result<()> {
        let mut bytes = Vec::with_capacity(COUNT_BYTES + POSTING_BYTES * postings.len());
        bytes.extend_from_slice(&(postings.len() as u32).to_le_bytes());
        for &(number, sentence) in postings {
            bytes.extend_from_slice(&number.to_le_bytes());
            bytes.push(sentence);
        }
        self.lists.insert(key, bytes.as_slice())?;
        Ok(())
    }

    fn write_count(&mut self, key: u64, count: usize) -> Result<()> {
        self.lists.insert(key, (count as u32).to_le_bytes().as_slice())?;
        Ok(())
    }
}

fn damaged(key: u64, reason: String) -> Error {
    Error::Corrupt { what: format!("posting list of key {key:016x}"), reason }
}

fn decode_count(key: u64, bytes: &[u8]) -> Result<usize> {
    let head: [u8; COUNT_BYTES] = bytes
        .get(..COUNT_BYTES)
        .and_then(|head| head.try_into().ok())
        .ok_or_else(|| damaged(key, format!("{} bytes hold no count", bytes.len())))?;
    Ok(u32::from_le_bytes(head) as usize)
}

fn decode_inline(key: u64, bytes: &[u8], count: usize) -> Result<Vec<Posting>> {
    let body = &bytes[COUNT_BYTES..];
    if body.len() != count * POSTING_BYTES {
        return Err(damaged(key, format!("{} bytes for {count} postings", body.len())));
    }
    Ok(body
        .chunks_exact(POSTING_BYTES)
        .map(|p| (u32::from_le_bytes([p[0], p[1], p[2], p[3]]), p[4]))
        .collect())
}

#[cfg(test)]
mod tests {
    use redb::{Database, ReadableDatabase, ReadableTableMetadata};

    use super::*;

    fn postings_of(db: &Database, key: u64) -> Vec<Posting> {
        let txn = db.begin_read().unwrap();
        ReadPostings::open(&txn).unwrap().within(key, usize::MAX).unwrap().unwrap_or_default()
    }

    fn write(db: &Database, change: impl FnOnce(&mut WritePostings)) {
        let txn = db.begin_write().unwrap();
        {
            change(&mut WritePostings::open(&txn).unwrap());
        }
        txn.commit().unwrap();
    }

    #[test]
    fn lists_keep_their_postings_across_the_inline_limit() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::create(dir.path().join("p.redb")).unwrap();
        let first: Vec<Posting> = (0..INLINE_POSTINGS as u32).map(|n| (n, (n % 7) as u8)).collect();
        let more: Vec<Posting> =
            (INLINE_POSTINGS as u32..INLINE_POSTINGS as u32 + 3).map(|n| (n, 1)).collect();
        write(&db, |lists| lists.add(9, &first).unwrap());
        assert_eq!(postings_of(&db, 9), first);
        write(&db, |lists| lists.add(9, &more).unwrap());
        let mut expected: Vec<Posting> = first.iter().chain(&more).copied().collect();
        assert_eq!(postings_of(&db, 9), expected);
        for removed in [(5, 5), (INLINE_POSTINGS as u32, 1), (17, 3), (0, 0)] {
            write(&db, |lists| assert!(lists.remove(9, removed).unwrap()));
            expected.retain(|&p| p != removed);
            assert_eq!(postings_of(&db, 9), expected);
        }
        write(&db, |lists| assert!(!lists.remove(9, (0, 0)).unwrap()));
        assert_eq!(postings_of(&db, 9), expected);
        let txn = db.begin_read().unwrap();
        let lists = ReadPostings::open(&txn).unwrap();
        assert!(
            lists.overflow.is_empty().unwrap(),
            "a list back under the limit leaves the overflow"
        );
    }

    #[test]
    fn search_skips_lists_beyond_its_limit_and_damage_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::create(dir.path().join("p.redb")).unwrap();
        write(&db, |lists| {
            lists.add(1, &[(3, 0), (8, 2)]).unwrap();
            lists.lists.insert(2, [5u8, 0, 0, 0, 1].as_slice()).unwrap();
        });
        let txn = db.begin_read().unwrap();
        let lists = ReadPostings::open(&txn).unwrap();
        assert_eq!(lists.within(1, 2).unwrap(), Some(vec![(3, 0), (8, 2)]));
        assert_eq!(lists.within(1, 1).unwrap(), None);
        assert_eq!(lists.within(4, 0).unwrap(), Some(vec![]));
        let error = lists.within(2, 10).unwrap_err().to_string();
        assert!(error.contains("posting list of key 0000000000000002"), "{error}");
    }

    #[test]
    fn a_visit_reads_every_list_and_names_damage_and_stray_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::create(dir.path().join("p.redb")).unwrap();
        write(&db, |lists| {
            lists.add(1, &[(3, 0), (8, 2)]).unwrap();
            lists.lists.insert(2, [5u8, 0, 0, 0, 1].as_slice()).unwrap();
            lists.overflow.insert(1, (4, 0)).unwrap();
        });
        let txn = db.begin_read().unwrap();
        let lists = ReadPostings::open(&txn).unwrap();
        let mut seen = Vec::new();
        lists.visit(|key, list| seen.push((key, list.map_err(|e| e.to_string())))).unwrap();
        assert_eq!(seen[0], (1, Ok((2, vec![(3, 0), (8, 2)]))));
        assert_eq!(seen[1].0, 2);
        assert!(seen[1].1.as_ref().is_err_and(|e| e.contains("0000000000000002")), "{seen:?}");
        assert_eq!(lists.stray_overflow().unwrap(), vec![1]);
    }
}
