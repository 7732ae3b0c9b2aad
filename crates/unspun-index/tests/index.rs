//! The index against `scan`: the same corpus, the same pairs; and the index's own promises
//! (updates, removals, families, integrity).

use std::path::{Path, PathBuf};

use unspun_core::ingest::{self, IngestConfig, Input};
use unspun_core::{Document, NoProgress, PipelineBuilder, ReusePair, ScanConfig};
use unspun_index::Index;

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

fn read(relative: &str) -> Vec<Document> {
    let ingested =
        ingest::read_inputs(&[Input::Path(repo_path(relative))], IngestConfig::default());
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    ingested.documents
}

fn scan(docs: Vec<Document>) -> Vec<ReusePair> {
    PipelineBuilder::new().build().unwrap().scan(docs, &NoProgress).pairs
}

fn involving<'p>(pairs: &'p [ReusePair], id: &str) -> Vec<&'p ReusePair> {
    pairs.iter().filter(|p| p.a == id || p.b == id).collect()
}

#[test]
fn checking_each_document_reports_what_scan_reports() {
    let docs = read("examples/corpus");
    let expected = scan(docs.clone());
    assert!(expected.len() >= 20, "the examples hold many pairs");
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    let report = index.add(docs.clone()).unwrap();
    assert_eq!(report.added, docs.len());
    assert_eq!(report.pairs, expected, "pairs found while adding");
    for doc in docs {
        let id = doc.id.clone();
        let checked = index.check(doc).unwrap();
        let checked: Vec<&ReusePair> = checked.iter().collect();
        assert_eq!(checked, involving(&expected, &id), "checking {id}");
    }
}

#[test]
fn a_new_document_is_matched_as_scan_would_match_it() {
    let mut docs = read("examples/corpus");
    let newcomer = docs.iter().position(|d| d.id.starts_with("02-")).unwrap();
    let query = docs.remove(newcomer);
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    index.add(docs.clone()).unwrap();
    let checked = index.check(query.clone()).unwrap();
    docs.push(query.clone());
    let expected = scan(docs);
    let expected = involving(&expected, &query.id);
    assert!(!expected.is_empty());
    assert_eq!(checked.iter().collect::<Vec<_>>(), expected);
}

/// Added one at a time, documents are paired as they arrive, before the corpus has taught the
/// index every outlet's furniture; checks made afterwards use what it has learned since.
#[test]
fn documents_added_one_at_a_time_find_the_same_pairs() {
    let docs = read("examples/corpus");
    let expected = scan(docs.clone());
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    let mut found: Vec<ReusePair> = Vec::new();
    for doc in docs.clone() {
        found.extend(index.add(vec![doc]).unwrap().pairs);
    }
    let ids = |p: &ReusePair| (p.a.clone(), p.b.clone());
    let mut found: Vec<_> = found.iter().map(ids).collect();
    found.sort();
    assert_eq!(found, expected.iter().map(ids).collect::<Vec<_>>());
    assert_eq!(index.stats().unwrap().pairs, expected.len() as u64);
    assert_eq!(index.verify_integrity().unwrap(), Vec::<String>::new());
    let verdict = |p: &ReusePair| (p.a.clone(), p.b.clone(), p.relation);
    for doc in docs {
        let id = doc.id.clone();
        let checked: Vec<_> = index.check(doc).unwrap().iter().map(verdict).collect();
        let wanted: Vec<_> = involving(&expected, &id).into_iter().map(verdict).collect();
        assert_eq!(checked, wanted, "checking {id}");
    }
}

#[test]
fn re_adding_is_idempotent_and_changed_text_replaces() {
    let docs = read("examples/corpus");
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    index.add(docs.clone()).unwrap();
    let before = index.stats().unwrap();
    let again = index.add(docs.clone()).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, docs.len()));
    assert_eq!(index.stats().unwrap().documents, before.documents);
    assert_eq!(index.stats().unwrap().postings, before.postings);

    let mut changed = docs[0].clone();
    changed.text = "The school board met on Monday to discuss a new bus route for the valley.\n\
        Parents asked for later start times and more crossing guards near the bridge."
        .into();
    let report = index.add(vec![changed.clone()]).unwrap();
    assert_eq!(report.updated, 1);
    let stored = index.document(&changed.id).unwrap().unwrap();
    assert_eq!(stored.doc.text, changed.text);
    assert!(index.family(&changed.id).unwrap().unwrap().pairs.is_empty());
    assert_eq!(index.stats().unwrap().documents, before.documents);
    assert_eq!(index.verify_integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn removing_a_document_removes_its_pairs_and_restores_the_counts() {
    let docs = read("examples/corpus");
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    let (first, rest) = docs.split_first().unwrap();
    index.add(rest.to_vec()).unwrap();
    let without = index.stats().unwrap();
    index.add(vec![first.clone()]).unwrap();
    assert!(index.stats().unwrap().pairs > without.pairs);
    assert!(index.remove(&first.id).unwrap());
    assert!(!index.remove(&first.id).unwrap());
    let after = index.stats().unwrap();
    assert_eq!(
        (after.documents, after.pairs, after.postings),
        (without.documents, without.pairs, without.postings)
    );
    assert_eq!(after.learned_boilerplate, without.learned_boilerplate);
    assert!(index.document(&first.id).unwrap().is_none());
    assert_eq!(index.verify_integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn families_follow_stored_pairs() {
    let docs = read("examples/corpus");
    let expected = unspun_core::cluster::families(&scan(docs.clone()));
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    index.add(docs).unwrap();
    for family in &expected {
        let stored = index.family(&family.members[0]).unwrap().unwrap();
        assert_eq!(stored.members, family.members);
        assert_eq!(stored.source, family.source);
    }
    assert!(index.family("no-such-id").unwrap().is_none());
}

#[test]
fn the_index_survives_reopening() {
    let docs = read("examples/corpus");
    let dir = tempfile::tempdir().unwrap();
    let pairs = Index::open(dir.path()).unwrap().add(docs.clone()).unwrap().pairs;
    let index = Index::open(dir.path()).unwrap();
    assert_eq!(index.stats().unwrap().documents, docs.len() as u64);
    let first = docs[0].clone();
    let id = first.id.clone();
    let expected: Vec<&ReusePair> = involving(&pairs, &id);
    assert_eq!(index.check(first).unwrap().iter().collect::<Vec<_>>(), expected);
}

#[test]
fn empty_documents_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open(dir.path()).unwrap();
    let error = index.add(vec![Document::new("blank", "  \n")]).unwrap_err();
    assert!(error.to_string().contains("blank"), "{error}");
}

/// Sets one counter of an index's `meta` table.
fn set_meta(dir: &std::path::Path, key: &str, value: u64) {
    let db = redb::Database::open(dir.join(unspun_index::DATABASE_FILE)).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
        txn.open_table(meta).unwrap().insert(key, value).unwrap();
    }
    txn.commit().unwrap();
}

#[test]
fn an_index_of_another_format_version_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    drop(Index::open(dir.path()).unwrap());
    set_meta(dir.path(), "format", 1);
    let error = Index::open(dir.path()).err().expect("an older format is refused");
    assert!(matches!(error, unspun_index::Error::Format { found: 1, .. }), "{error}");
    assert!(error.to_string().contains("rebuild"), "{error}");
}

#[test]
fn an_index_built_by_another_analyzer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Index::open(dir.path()).unwrap());
    Index::open(dir.path()).expect("the same analyzer reopens its index");
    set_meta(dir.path(), "analyzer", 7);
    let error = Index::open(dir.path()).err().expect("another analyzer's index is refused");
    assert!(matches!(error, unspun_index::Error::Analyzer), "{error}");
    assert!(error.to_string().contains("rebuild"), "{error}");
}

/// With every shared key crowded, a story's copies still find each other: the keys of a
/// copied sentence have the same holders, so they recur and count, in `scan` and in the index.
#[test]
fn crowded_keys_of_copied_text_still_count() {
    let docs = read("examples/corpus");
    let expected = scan(docs.clone());
    let mut config = ScanConfig::default();
    config.candidates.crowded_postings = 1;
    let crowded = PipelineBuilder::new().config(config).build().unwrap();
    assert_eq!(crowded.scan(docs.clone(), &NoProgress).pairs, expected);
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_with(dir.path(), config).unwrap();
    assert_eq!(index.add(docs).unwrap().pairs, expected);
}

const WIRE_STORY: [&str; 6] = [
    "The city council voted on Monday to close the old library on Elm Street at the end of the year.",
    "Council members said repairs to the roof and the heating would cost more than 2 million dollars.",
    "Librarian Ruth Okafor said the branch lent 40,000 books last year and hosted a weekly reading club.",
    "The collection will move to the central library, which is three miles away across the river.",
    "A petition to keep the branch open has gathered more than 3,000 signatures since October.",
    "The building, opened in 1911, was paid for by a gift from a local shipping family.",
];

/// The wire story as site `site` prints it: the same words, its own line breaks.
fn wire_copy(site: usize) -> Document {
    let mut text = String::new();
    for (i, sentence) in WIRE_STORY.iter().enumerate() {
        text.push_str(sentence);
        text.push(if (i + site).is_multiple_of(3) { '\n' } else { ' ' });
    }
    Document::new(format!("site-{site}"), text)
}

fn ids(pairs: &[ReusePair]) -> Vec<(String, String)> {
    pairs.iter().map(|p| (p.a.clone(), p.b.clone())).collect()
}

/// A story run word for word by more sites than a key may have holders is keyed once, by its
/// first teller: its copies, added in batches or one at a time, find each other, a check of an
/// edited copy finds them all, and removing the first teller hands its keys to the next.
#[test]
fn a_story_run_by_more_sites_than_a_key_may_have_holders_is_found() {
    let mut config = ScanConfig::default();
    config.candidates.max_postings = 3;
    let edited = WIRE_STORY.join("\n").replacen("last year", "in 2025", 1);
    let edited = Document::new("edited", edited);
    for batches in [vec![3, 3], vec![1; 6]] {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_with(dir.path(), config).unwrap();
        let mut copies = (0..6).map(wire_copy);
        let mut found = Vec::new();
        for size in batches {
            found.extend(index.add(copies.by_ref().take(size).collect()).unwrap().pairs);
        }
        assert_eq!(found.len(), 6 * 5 / 2, "{:?}", ids(&found));
        let checked = index.check(edited.clone()).unwrap();
        assert_eq!(checked.len(), 6, "{:?}", ids(&checked));
        assert!(index.remove("site-0").unwrap());
        assert_eq!(index.verify_integrity().unwrap(), Vec::<String>::new());
        let checked = index.check(edited.clone()).unwrap();
        assert_eq!(checked.len(), 5, "{:?}", ids(&checked));
        let again = index.add(vec![wire_copy(0)]).unwrap();
        assert_eq!(again.pairs.len(), 5, "{:?}", ids(&again.pairs));
        assert_eq!(index.verify_integrity().unwrap(), Vec::<String>::new());
    }
}
