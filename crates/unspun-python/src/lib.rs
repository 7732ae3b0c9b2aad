//! Python bindings of the unspun engine: its stages on batches of documents, for
//! `unspun.spark` and any other Python driver.
//!
//! Documents cross the boundary as tuples `(id, text, url, title, outlet, date)`. Keys are
//! 64-bit hashes passed as signed integers (the bits of the unsigned value), which is what
//! Spark's `LongType` holds; term ids are 32-bit and pass as they are. Every batch function
//! releases the GIL while it works.

use std::collections::HashMap;

use pyo3::prelude::*;
use rustc_hash::FxHashSet;
use unspun_core::analysis::TermId;
use unspun_core::attribute::witnesses::{self, PairBook};
use unspun_core::boilerplate::{self, AnalyzedText, BoilerplateModel, SentenceLayout};
use unspun_core::candidates::{self, KeyCounts, Shared};
use unspun_core::fingerprint::{self, TermFrequencies};
use unspun_core::ingest::{jsonl, table, IngestConfig};
use unspun_core::{
    cluster, twins, verify, Document, Metadata, NoProgress, PipelineBuilder, PreparedDocument,
    ReusePair, ScanConfig,
};

/// A fingerprint as Python receives it: each key (as a signed integer) with the ordinal of
/// the story sentence it comes from.
type Keys = Vec<(i64, u8)>;

/// A document as Python receives it: `(id, text, url, title, outlet, date, canonical)`.
type DocTuple = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A document as Python passes it: a [`DocTuple`], or one without its last field (the page's
/// canonical address).
#[derive(FromPyObject)]
enum PyDocument {
    WithCanonical(DocTuple),
    Plain((String, String, Option<String>, Option<String>, Option<String>, Option<String>)),
}

/// A sentence layout as Python passes it: `(rank, sentence keys, prose lengths, site, name
/// keys, list items)`.
type LayoutTuple = (i64, Vec<i64>, Vec<u32>, i64, Vec<u32>, Vec<bool>);

fn document(doc: PyDocument) -> Document {
    let (id, text, url, title, outlet, date, canonical) = match doc {
        PyDocument::WithCanonical(full) => full,
        PyDocument::Plain((id, text, url, title, outlet, date)) => {
            (id, text, url, title, outlet, date, None)
        }
    };
    Document { id, text, meta: Metadata { url, title, outlet, date, canonical } }
}

fn tuple(doc: Document) -> DocTuple {
    let Metadata { url, title, outlet, date, canonical } = doc.meta;
    (doc.id, doc.text, url, title, outlet, date, canonical)
}

fn signed(x: u64) -> i64 {
    x as i64
}

fn unsigned(x: i64) -> u64 {
    x as u64
}

/// Parses one JSON Lines record exactly as `unspun scan` does: returns the document (or
/// `None`) and the problems found, each naming `location`.
#[pyfunction]
fn parse_jsonl_record(line: &str, location: &str) -> (Option<DocTuple>, Vec<String>) {
    let max_bytes = IngestConfig::default().max_document_bytes;
    parsed(jsonl::parse_line(line.as_bytes().to_vec(), location, max_bytes))
}

/// Parses one row of a table (CSV, TSV) exactly as `unspun scan` does: `columns` as the header
/// names them (in any case), `fields` the row's values (`None` where missing); a row that no
/// column names is known by `location`. Returns the document (or `None`) and the problems
/// found, each naming `location`.
#[pyfunction]
fn parse_table_row(
    columns: Vec<String>,
    fields: Vec<Option<String>>,
    location: &str,
) -> (Option<DocTuple>, Vec<String>) {
    let max_bytes = IngestConfig::default().max_document_bytes;
    let columns = table::column_names(columns.iter().map(String::as_str));
    let fields = fields.iter().map(Option::as_deref);
    parsed(table::parse_row(&columns, fields, location, max_bytes))
}

/// Why a table whose header names `columns` (in any case) is no corpus, as `unspun scan`
/// reports it, or `None` when a column may hold a story.
#[pyfunction]
fn table_header_problem(columns: Vec<String>) -> Option<String> {
    table::missing_story_column(&table::column_names(columns.iter().map(String::as_str)))
}

/// A parsed record as Python receives it: its document, if any, and every problem found.
fn parsed(results: Vec<unspun_core::Result<Document>>) -> (Option<DocTuple>, Vec<String>) {
    let mut doc = None;
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(parsed) => doc = Some(tuple(parsed)),
            Err(problem) => problems.push(problem.to_string()),
        }
    }
    (doc, problems)
}

/// The folded word tokens of a text, as unspun compares words.
#[pyfunction]
fn normalize(text: &str) -> Vec<String> {
    unspun_core::normalize::tokenize(text).into_iter().map(|t| t.folded.to_string()).collect()
}

/// What the corpus boilerplate model reads of each document.
#[pyfunction]
fn sentence_layouts(py: Python<'_>, docs: Vec<PyDocument>) -> Vec<LayoutTuple> {
    py.detach(|| {
        docs.into_iter()
            .map(|t| {
                let doc = document(t);
                let (analysis, cues) = boilerplate::analyze(&doc);
                let layout = boilerplate::layout(AnalyzedText::new(&doc, &analysis, &cues));
                (
                    signed(layout.rank),
                    layout.keys.into_iter().map(signed).collect(),
                    layout.prose_lengths,
                    signed(layout.site),
                    layout.name_keys,
                    layout.list_items,
                )
            })
            .collect()
    })
}

/// A sentence to judge: its key, how many documents hold it, the layouts of the lowest-ranked
/// (at most nine) of them, lowest rank first, and, when it is held by at least
/// `boilerplate_house_holders` documents, how many documents hold each sentence of each of
/// those (else empty).
type JudgedSentence = (i64, usize, Vec<LayoutTuple>, Vec<Vec<u32>>);

/// For each sentence, whether it is boilerplate in a corpus whose minimum of documents for a
/// sentence to be judged by every rule is `min_documents`; one held by fewer (but at least
/// `boilerplate_judged_holders`) is judged as a footer alone.
#[pyfunction]
fn judge_boilerplate(
    py: Python<'_>,
    sentences: Vec<JudgedSentence>,
    min_documents: usize,
) -> Vec<bool> {
    py.detach(|| {
        sentences
            .into_iter()
            .map(|(key, holders, sample, held_by)| {
                let layouts: Vec<SentenceLayout> = sample
                    .into_iter()
                    .map(|(rank, keys, prose_lengths, site, name_keys, list_items)| {
                        SentenceLayout {
                            rank: unsigned(rank),
                            site: unsigned(site),
                            keys: keys.into_iter().map(unsigned).collect(),
                            prose_lengths,
                            name_keys,
                            list_items,
                        }
                    })
                    .collect();
                let sample = layouts.iter().collect::<Vec<_>>();
                boilerplate::is_furniture(unsigned(key), holders, min_documents, &sample, &held_by)
            })
            .collect()
    })
}

/// The corpus-wide statistics a scan learns — boilerplate sentences and term document
/// frequencies — and the stages that read them.
#[pyclass(frozen)]
struct CorpusModel {
    boilerplate: BoilerplateModel,
    frequencies: TermFrequencies,
    config: ScanConfig,
}

impl CorpusModel {
    fn prepare(&self, doc: Document) -> PreparedDocument {
        let (analysis, cues) = boilerplate::analyze(&doc);
        let boilerplate = self.boilerplate.mark(AnalyzedText::new(&doc, &analysis, &cues));
        PreparedDocument::new(doc, analysis, boilerplate)
    }

    fn keys(&self, doc: &PreparedDocument) -> Keys {
        let keys = fingerprint::document_keys(doc, &self.frequencies, self.config.fingerprint);
        keys.iter().map(|(key, sentence)| (signed(key), sentence)).collect()
    }
}

#[pymethods]
impl CorpusModel {
    /// A model from the learned boilerplate sentence keys and, once counted, the document
    /// frequency of each term.
    #[new]
    #[pyo3(signature = (learned, frequencies = None))]
    fn new(learned: Vec<i64>, frequencies: Option<HashMap<TermId, u32>>) -> Self {
        let learned: FxHashSet<u64> = learned.into_iter().map(unsigned).collect();
        let counts = frequencies.unwrap_or_default();
        CorpusModel {
            boilerplate: BoilerplateModel::from_learned(learned),
            frequencies: TermFrequencies::from_counts(counts),
            config: ScanConfig::default(),
        }
    }

    /// The distinct terms of each document's story text (what document frequencies count).
    fn content_terms(&self, py: Python<'_>, docs: Vec<PyDocument>) -> Vec<Vec<TermId>> {
        py.detach(|| docs.into_iter().map(|t| self.prepare(document(t)).story_terms()).collect())
    }

    /// The fingerprint of each document: its distinct keys, sorted, each with the ordinal of
    /// the story sentence it comes from.
    fn fingerprint_keys(&self, py: Python<'_>, docs: Vec<PyDocument>) -> Vec<Keys> {
        py.detach(|| docs.into_iter().map(|t| self.keys(&self.prepare(document(t)))).collect())
    }

    /// The story hash of each document (`None` without story text: documents telling the same
    /// story word for word share it) with its fingerprint, as `fingerprint_keys` gives it.
    fn told_fingerprints(&self, py: Python<'_>, docs: Vec<PyDocument>) -> Vec<(Option<i64>, Keys)> {
        py.detach(|| {
            docs.into_iter()
                .map(|t| {
                    let doc = self.prepare(document(t));
                    (twins::story_hash(&doc).map(signed), self.keys(&doc))
                })
                .collect()
        })
    }

    /// Verifies candidate pairs; each result is the reuse pair as JSON (the line `unspun scan`
    /// writes) or `None` when the pair is not reuse. A document in several pairs of the batch
    /// is prepared once.
    fn verify_pairs(
        &self,
        py: Python<'_>,
        pairs: Vec<(PyDocument, PyDocument)>,
    ) -> Vec<Option<String>> {
        py.detach(|| {
            let mut prepared: HashMap<String, PreparedDocument> = HashMap::new();
            let mut ids = Vec::with_capacity(pairs.len());
            for (x, y) in pairs {
                let (x, y) = (document(x), document(y));
                ids.push((x.id.clone(), y.id.clone()));
                for doc in [x, y] {
                    if !prepared.contains_key(&doc.id) {
                        prepared.insert(doc.id.clone(), self.prepare(doc));
                    }
                }
            }
            ids.iter()
                .map(|(x, y)| {
                    let (a, b) = if x <= y { (x, y) } else { (y, x) };
                    verify::verify(
                        &prepared[a],
                        &prepared[b],
                        self.config.verify,
                        &self.frequencies,
                    )
                    .map(|pair| serde_json::to_string(&pair).expect("pairs serialise"))
                })
                .collect()
        })
    }

    /// A document's story text with boilerplate removed.
    fn clean_text(&self, doc: PyDocument) -> String {
        let prepared = self.prepare(document(doc));
        prepared.clean_text(&prepared.doc.text)
    }
}

/// Whether two documents are a candidate pair: `shared` fingerprint keys in common, coming
/// from `sentences_a` sentences of a and `sentences_b` of b, `scattered` of them from
/// scattered lists; `counts_a` and `counts_b` are the sizes of their fingerprints as
/// (distinct keys, distinct sentences). `scattered` above `shared` is a `ValueError`.
#[pyfunction]
#[pyo3(signature = (shared, sentences_a, sentences_b, counts_a, counts_b, scattered = 0))]
fn is_candidate(
    shared: u32,
    sentences_a: u32,
    sentences_b: u32,
    counts_a: (usize, usize),
    counts_b: (usize, usize),
    scattered: u32,
) -> PyResult<bool> {
    if scattered > shared {
        let message = format!("scattered ({scattered}) is more than shared ({shared})");
        return Err(pyo3::exceptions::PyValueError::new_err(message));
    }
    let shared = Shared { keys: shared, scattered, sentences_a, sentences_b };
    let counts = |(keys, sentences)| KeyCounts { keys, sentences };
    Ok(ScanConfig::default().candidates.is_candidate(shared, counts(counts_a), counts(counts_b)))
}

/// Whether two documents telling the same story word for word, with the fingerprint size
/// `counts` (distinct keys, distinct sentences), are a candidate pair: they share every key.
#[pyfunction]
fn twins_are_candidates(counts: (usize, usize)) -> bool {
    let own = KeyCounts { keys: counts.0, sentences: counts.1 };
    ScanConfig::default().candidates.is_candidate(Shared::whole(own), own, own)
}

/// The sketch of a crowded posting list's holders (document positions), as `scan` compares
/// them: lists with equal sketches count, a list whose sketch no other has does not.
#[pyfunction]
fn holders_sketch(docs: Vec<u32>) -> i64 {
    signed(candidates::holders_sketch(docs))
}

/// The settings a scan runs with, by name.
#[pyfunction]
fn scan_config() -> HashMap<&'static str, usize> {
    let config = ScanConfig::default();
    HashMap::from([
        ("boilerplate_min_documents", config.boilerplate_min_documents.max(2)),
        ("boilerplate_judged_holders", boilerplate::JUDGED_HOLDERS),
        ("boilerplate_sample", boilerplate::SAMPLE),
        ("boilerplate_house_holders", boilerplate::HOUSE_HOLDERS),
        ("max_postings", config.candidates.max_postings),
        ("crowded_postings", config.candidates.crowded_postings),
        ("max_per_document", config.candidates.max_per_document),
        ("min_shared_keys", config.candidates.min_shared_keys as usize),
        ("min_sentences", config.candidates.min_sentences as usize),
    ])
}

fn parse_pairs(pairs: &[String]) -> PyResult<Vec<ReusePair>> {
    pairs
        .iter()
        .map(|p| serde_json::from_str(p))
        .collect::<Result<_, _>>()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("not a reuse pair: {e}")))
}

/// Reuse families (JSON, one per family) from reuse pairs (JSON, as `verify_pairs` returns).
#[pyfunction]
fn families(pairs: Vec<String>) -> PyResult<Vec<String>> {
    let pairs = parse_pairs(&pairs)?;
    Ok(cluster::families(&pairs)
        .iter()
        .map(|f| serde_json::to_string(f).expect("families serialise"))
        .collect())
}

/// `pairs` (JSON) with the undecided ones' sources named where their witnesses agree;
/// `neighbours` must hold every reported pair of either side of each (JSON).
#[pyfunction]
fn decide_by_witnesses(pairs: Vec<String>, neighbours: Vec<String>) -> PyResult<Vec<String>> {
    let mut pairs = parse_pairs(&pairs)?;
    let neighbours = parse_pairs(&neighbours)?;
    let refs: Vec<&ReusePair> = pairs.iter().collect();
    let found = witnesses::witnessed_sources(&refs, &PairBook::new(neighbours.iter()));
    for named in found {
        let at = named.at;
        named.apply_to(&mut pairs[at]);
    }
    Ok(pairs.iter().map(|p| serde_json::to_string(p).expect("pairs serialise")).collect())
}

/// The whole scan on one machine: the reference the distributed job must agree with. Returns
/// the reuse pairs as JSON, sorted by `(a, b)`.
#[pyfunction]
fn scan(py: Python<'_>, docs: Vec<PyDocument>) -> Vec<String> {
    py.detach(|| {
        let docs = docs.into_iter().map(document).collect();
        let pipeline = PipelineBuilder::new().build().expect("the default configuration is valid");
        pipeline
            .scan(docs, &NoProgress)
            .pairs
            .iter()
            .map(|p| serde_json::to_string(p).expect("pairs serialise"))
            .collect()
    })
}

/// The native part of the `unspun` Python package.
#[pymodule]
fn _unspun(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_jsonl_record, m)?)?;
    m.add_function(wrap_pyfunction!(parse_table_row, m)?)?;
    m.add_function(wrap_pyfunction!(table_header_problem, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(sentence_layouts, m)?)?;
    m.add_function(wrap_pyfunction!(judge_boilerplate, m)?)?;
    m.add_function(wrap_pyfunction!(scan_config, m)?)?;
    m.add_function(wrap_pyfunction!(is_candidate, m)?)?;
    m.add_function(wrap_pyfunction!(twins_are_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(holders_sketch, m)?)?;
    m.add_function(wrap_pyfunction!(families, m)?)?;
    m.add_function(wrap_pyfunction!(decide_by_witnesses, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_class::<CorpusModel>()?;
    Ok(())
}
