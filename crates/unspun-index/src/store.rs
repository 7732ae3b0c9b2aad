//! The index's tables, the records stored in them, and how records are encoded.
//!
//! Every document gets a number when it is added; posting lists, samples and reuse edges hold
//! numbers, and `IDS` turns them back into ids. Records are postcard-encoded; document records
//! are also LZ4-compressed: each is read back for every check it is a candidate of, and LZ4
//! expands one about ten times faster than deflate, for a record some 15% larger.

use redb::{MultimapTableDefinition, ReadableMultimapTable, ReadableTable, Table, TableDefinition};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use unspun_core::analysis::{Analysis, TermId};
use unspun_core::boilerplate::{self, ParagraphCues, SentenceLayout, SAMPLE};
use unspun_core::candidates::KeyCounts;
use unspun_core::fingerprint::DocumentKeys;
use unspun_core::Document;

use crate::error::{Error, Result};

/// Document id -> compressed [`StoredDocument`] (its text with its analysis).
pub(crate) const DOCUMENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("documents");
/// Document number -> id.
pub(crate) const IDS: TableDefinition<u32, &str> = TableDefinition::new("ids");
/// Document number -> its [`SentenceLayout`].
pub(crate) const LAYOUTS: TableDefinition<u32, &[u8]> = TableDefinition::new("layouts");
/// Document number -> size of its fingerprint: (keys, sentences keyed).
pub(crate) const KEY_COUNTS: TableDefinition<u32, (u32, u32)> = TableDefinition::new("key_counts");
/// Sentence recurrence key -> (sampling rank, document number) of each document holding it,
/// so the first values of a key are its boilerplate sample.
pub(crate) const SENTENCE_DOCS: MultimapTableDefinition<u64, (u64, u32)> =
    MultimapTableDefinition::new("sentence_docs");
/// Sentence recurrence keys judged boilerplate.
pub(crate) const LEARNED: TableDefinition<u64, ()> = TableDefinition::new("learned_boilerplate");
/// Term id -> number of documents whose story text holds it.
pub(crate) const TERM_DF: TableDefinition<TermId, u32> = TableDefinition::new("term_df");
/// Fingerprint key -> its posting list (see [`crate::postings`]).
pub(crate) const POSTINGS: TableDefinition<u64, &[u8]> = TableDefinition::new("postings");
/// Fingerprint key -> (number, sentence ordinal) of each document holding it, for keys held
/// by more than [`crate::postings::INLINE_POSTINGS`] documents.
pub(crate) const POSTINGS_OVERFLOW: MultimapTableDefinition<u64, (u32, u8)> =
    MultimapTableDefinition::new("postings_overflow");
/// Document number -> numbers of the documents it forms a reuse pair with.
pub(crate) const EDGES: MultimapTableDefinition<u32, u32> = MultimapTableDefinition::new("edges");
/// (lower number, higher number) -> the reuse pair as JSON.
pub(crate) const PAIRS: TableDefinition<(u32, u32), &[u8]> = TableDefinition::new("pairs");
/// Story hash ([`unspun_core::twins::story_hash`]) -> numbers of the documents telling that
/// story. Only the lowest number of a story has its keys in the posting lists: the others are
/// its twins, found through this table (see [`crate::candidates`]).
pub(crate) const STORIES: MultimapTableDefinition<u64, u32> =
    MultimapTableDefinition::new("stories");
/// Document number -> its story hash, for documents with story text.
pub(crate) const STORY_OF: TableDefinition<u32, u64> = TableDefinition::new("story_of");
/// Counters: the next document number, the postings stored, the format version, the analyzer
/// signature.
pub(crate) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// `META` key of the next free document number.
pub(crate) const NEXT_NUMBER: &str = "next_number";
/// `META` key of the number of postings stored.
pub(crate) const POSTING_COUNT: &str = "postings";
/// `META` key of the on-disk format version.
pub(crate) const FORMAT: &str = "format";
/// `META` key of the [`boilerplate::analyzer_signature`] the stored analyses, term ids and
/// sentence keys were made with.
pub(crate) const ANALYZER: &str = "analyzer";
/// The format version this build writes and reads.
pub(crate) const FORMAT_VERSION: u64 = 10;

/// Checks the format version before any other table is opened (their types change between
/// versions), and that this build analyses text as the index's builder did; writes both into
/// a new index.
pub(crate) fn check_format(meta: &mut Table<'_, &'static str, u64>) -> Result<()> {
    let analyzer = boilerplate::analyzer_signature();
    let found = meta.get(FORMAT)?.map(|v| v.value());
    match found {
        None => {
            meta.insert(FORMAT, FORMAT_VERSION)?;
            meta.insert(ANALYZER, analyzer)?;
            Ok(())
        }
        Some(FORMAT_VERSION) => match meta.get(ANALYZER)?.map(|v| v.value()) {
            Some(stored) if stored == analyzer => Ok(()),
            _ => Err(Error::Analyzer),
        },
        Some(found) => Err(Error::Format { found, expected: FORMAT_VERSION }),
    }
}

/// A document as the index keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredDocument {
    /// Its number.
    pub number: u32,
    /// The document as added.
    pub document: Document,
    /// Its analysis, every sentence's terms included (boilerplate too): with the cues, what
    /// marking it with the current verdicts starts from.
    pub analysis: Analysis,
    /// Its paragraphs' wording cues.
    pub cues: ParagraphCues,
    /// Boilerplate verdict of each sentence when it was added (what its term counts used).
    pub boilerplate: Vec<bool>,
    /// Its fingerprint: posted when no document before it tells its story (see
    /// [`STORIES`]).
    pub keys: DocumentKeys,
}

impl StoredDocument {
    /// Whether the stored analysis, cues and verdicts can belong to the stored text.
    fn is_whole(&self) -> bool {
        self.analysis.fits(&self.document.text)
            && self.cues.fits(&self.analysis)
            && self.boilerplate.len() == self.analysis.sentences.len()
    }
}

/// Encodes a record.
pub(crate) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_stdvec(value).expect("records are plain data and always serialise")
}

/// Decodes a record; `what` names it in the error.
pub(crate) fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    what: impl FnOnce() -> String,
) -> Result<T> {
    postcard::from_bytes(bytes).map_err(|e| Error::Corrupt { what: what(), reason: e.to_string() })
}

/// Encodes and compresses a record.
pub(crate) fn encode_compressed<T: Serialize>(value: &T) -> Vec<u8> {
    lz4_flex::compress_prepend_size(&encode(value))
}

/// Decompresses and decodes a record.
pub(crate) fn decode_compressed<T: DeserializeOwned>(
    bytes: &[u8],
    what: impl Fn() -> String,
) -> Result<T> {
    let raw = decompress(bytes).map_err(|reason| Error::Corrupt { what: what(), reason })?;
    decode(&raw, what)
}

/// The bytes of a compressed record. LZ4 expands at most 255-fold, so a size prefix claiming
/// more is damage, refused before anything is allocated for it.
fn decompress(bytes: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let (size, body) = lz4_flex::block::uncompressed_size(bytes).map_err(|e| e.to_string())?;
    if size > body.len().saturating_mul(255) {
        return Err(format!("{} compressed bytes claim to hold {size}", body.len()));
    }
    lz4_flex::decompress(body, size).map_err(|e| e.to_string())
}

/// A document record by id.
pub(crate) fn read_document(
    documents: &impl ReadableTable<&'static str, &'static [u8]>,
    id: &str,
) -> Result<Option<StoredDocument>> {
    match documents.get(id)? {
        Some(bytes) => decode_document(id, bytes.value()).map(Some),
        None => Ok(None),
    }
}

/// Decodes the record of document `id`, refusing an analysis that does not fit its text.
pub(crate) fn decode_document(id: &str, bytes: &[u8]) -> Result<StoredDocument> {
    let what = || format!("document {id:?}");
    let stored: StoredDocument = decode_compressed(bytes, what)?;
    if !stored.is_whole() {
        let reason = "its stored analysis does not fit its text".into();
        return Err(Error::Corrupt { what: what(), reason });
    }
    Ok(stored)
}

/// A layout record by document number.
pub(crate) fn read_layout(
    layouts: &impl ReadableTable<u32, &'static [u8]>,
    number: u32,
) -> Result<SentenceLayout> {
    let what = || format!("layout of document #{number}");
    let bytes = layouts
        .get(number)?
        .ok_or_else(|| Error::Corrupt { what: what(), reason: "missing".into() })?;
    decode(bytes.value(), what)
}

/// The fingerprint size of document `number`.
pub(crate) fn read_key_counts(
    key_counts: &impl ReadableTable<u32, (u32, u32)>,
    number: u32,
) -> Result<KeyCounts> {
    let record = key_counts.get(number)?.map(|v| v.value()).ok_or_else(|| Error::Corrupt {
        what: format!("fingerprint size of document #{number}"),
        reason: "missing".into(),
    })?;
    Ok(key_counts_from_record(record))
}

/// The record of a fingerprint size.
pub(crate) fn key_counts_record(counts: KeyCounts) -> (u32, u32) {
    (counts.keys as u32, counts.sentences as u32)
}

/// The fingerprint size a record holds.
pub(crate) fn key_counts_from_record((keys, sentences): (u32, u32)) -> KeyCounts {
    KeyCounts { keys: keys as usize, sentences: sentences as usize }
}

/// How many documents hold a sentence.
pub(crate) fn sentence_holders(
    sentence_docs: &impl ReadableMultimapTable<u64, (u64, u32)>,
    key: u64,
) -> Result<u64> {
    Ok(sentence_docs.get(key)?.len())
}

/// What [`boilerplate::is_furniture`] reads of the sample of a sentence held by `holders`
/// documents: when it is widely held ([`boilerplate::HOUSE_HOLDERS`]), how many documents hold
/// each sentence of each sampled layout (those stored plus `extra(key)`, and 1 when fewer than
/// `min_documents`); otherwise nothing.
pub(crate) fn sample_held_by(
    sentence_docs: &impl ReadableMultimapTable<u64, (u64, u32)>,
    sample: &[&SentenceLayout],
    holders: usize,
    extra: impl Fn(u64) -> usize,
    min_documents: usize,
) -> Result<Vec<Vec<u32>>> {
    if holders < boilerplate::HOUSE_HOLDERS {
        return Ok(Vec::new());
    }
    let held = |key| -> Result<u32> {
        let count = sentence_holders(sentence_docs, key)? as usize + extra(key);
        Ok(if count < min_documents { 1 } else { count as u32 })
    };
    sample.iter().map(|layout| layout.keys.iter().map(|&key| held(key)).collect()).collect()
}

/// The first `limit` documents telling a story, lowest number (the one whose keys are posted)
/// first, leaving out those in `excluded`.
pub(crate) fn story_tellers(
    stories: &impl ReadableMultimapTable<u64, u32>,
    story: u64,
    excluded: impl Fn(u32) -> bool,
    limit: usize,
) -> Result<Vec<u32>> {
    let mut tellers = Vec::new();
    for number in stories.get(story)? {
        let number = number?.value();
        if tellers.len() == limit {
            break;
        }
        if !excluded(number) {
            tellers.push(number);
        }
    }
    Ok(tellers)
}

/// How many documents hold a sentence, and the lowest-ranked [`SAMPLE`] of them.
pub(crate) fn sentence_sample(
    sentence_docs: &impl ReadableMultimapTable<u64, (u64, u32)>,
    key: u64,
) -> Result<(u64, Vec<(u64, u32)>)> {
    let values = sentence_docs.get(key)?;
    let count = values.len();
    let sample =
        values.take(SAMPLE).map(|v| v.map(|g| g.value())).collect::<std::result::Result<_, _>>()?;
    Ok((count, sample))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_compressed_records_are_refused_by_name() {
        let record = vec![7u32; 1000];
        let bytes = encode_compressed(&record);
        let read: Vec<u32> = decode_compressed(&bytes, || "record r".into()).unwrap();
        assert_eq!(read, record);
        let mut inflated = bytes.clone();
        inflated[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        let truncated = &bytes[..bytes.len() / 2];
        for damaged in [&inflated[..], truncated, &[1, 2]] {
            let error = decode_compressed::<Vec<u32>>(damaged, || "record r".into()).unwrap_err();
            assert!(error.to_string().contains("record r is damaged"), "{error}");
        }
    }
}
