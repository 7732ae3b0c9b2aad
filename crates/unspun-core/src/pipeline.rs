//! The scan pipeline: documents in, reuse pairs and families out.
//!
//! analyze -> learn boilerplate -> mark boilerplate -> fingerprint -> candidate pairs -> twins
//! -> verify (align, classify, attribute) -> cluster. Every stage that works per document or
//! per pair runs in parallel; results are sorted, so output does not depend on the thread
//! count.
//! A scan parks each document's text in a temporary file once it is analysed (see
//! [`crate::parked`]): matching reads terms, and texts are a quarter of a scan's peak memory.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::align::DocumentKey;
use crate::analysis;
use crate::attribute;
use crate::boilerplate::{self, AnalyzedText, BoilerplateModel, ParagraphCues};
use crate::candidates::{self, CandidateConfig, CandidatePair, Candidates};
use crate::cluster;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::fingerprint::{self, FingerprintConfig, TermFrequencies};
use crate::parked::{ParkedText, TextPark};
use crate::prepared::PreparedDocument;
use crate::reuse::{Family, ReusePair};
use crate::twins::Twins;
use crate::verify::{self, VerifyConfig};

/// The serial number the next scan of this process takes: with a document's index it names
/// the document for alignment's reuse of what it built from one pair to the next.
static NEXT_SCAN: AtomicU64 = AtomicU64::new(0);

/// Documents analysed by one task (their texts then parked with one write), and runs of
/// candidate pairs (most of one pair, see [`Twins::shared_work`]) verified by one. Left to
/// itself, rayon splits a stage's items into a few long stretches, each split again only when
/// another thread steals from it; the last one then kept one core busy while the other idled
/// (0.35 s of verification on the 100k benchmark corpus). Stretches this short end together,
/// and still keep a reuse family's pairs on one thread, one after another.
const DOCUMENTS_PER_TASK: usize = 256;
const RUNS_PER_TASK: usize = 1024;

/// Every tunable of a scan, validated by [`PipelineBuilder::build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanConfig {
    /// A sentence must recur in this many documents to be learned as boilerplate.
    pub boilerplate_min_documents: usize,
    /// Sentence fingerprints.
    pub fingerprint: FingerprintConfig,
    /// Candidate generation limits.
    pub candidates: CandidateConfig,
    /// Alignment and classification thresholds.
    pub verify: VerifyConfig,
    /// Park texts in a temporary file (in `TMPDIR`) while scanning; when off, or when the
    /// file cannot be made, texts stay in memory.
    pub park_texts: bool,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            boilerplate_min_documents: 3,
            fingerprint: FingerprintConfig::default(),
            candidates: CandidateConfig::default(),
            verify: VerifyConfig::default(),
            park_texts: true,
        }
    }
}

/// The stages a scan reports progress on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Segmenting and tokenizing documents.
    Analyze,
    /// Learning and stripping boilerplate.
    Boilerplate,
    /// Computing fingerprints and candidate pairs.
    Candidates,
    /// Aligning and classifying candidate pairs.
    Verify,
}

/// Receives progress reports; implementations must be cheap and thread-safe.
pub trait Progress: Sync {
    /// A stage starts with `total` items to process.
    fn start(&self, stage: Stage, total: usize);
    /// `n` more items of the current stage are done.
    fn advance(&self, n: usize);
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: Stage, _: usize) {}
    fn advance(&self, _: usize) {}
}

/// Numbers the run summary reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Documents scanned.
    pub documents: usize,
    /// Documents left with no story text after boilerplate removal.
    pub empty_after_boilerplate: usize,
    /// Distinct sentences learned as boilerplate from the corpus.
    pub learned_boilerplate: usize,
    /// Candidate pairs aligned.
    pub candidate_pairs: usize,
    /// Fingerprint keys skipped as too common.
    pub hot_keys: usize,
    /// Crowded fingerprint keys taken for chance meetings of common terms, counted only beside
    /// another key.
    pub scattered_keys: usize,
    /// Documents that tell an earlier document's story word for word (see [`crate::twins`]).
    pub twin_documents: usize,
    /// Alignments made for the candidate pairs: one serves all pairs of twins of the same two
    /// documents.
    pub alignments: usize,
}

/// Everything a scan produced.
#[derive(Debug, Clone)]
pub struct ScanOutput {
    /// The documents with their boilerplate verdicts, in input order.
    pub documents: Vec<PreparedDocument>,
    /// Reported pairs, sorted by `(a, b)`.
    pub pairs: Vec<ReusePair>,
    /// Reuse families.
    pub families: Vec<Family>,
    /// Summary numbers.
    pub stats: ScanStats,
    /// Where the documents' texts are parked, if they are.
    park: Option<Arc<TextPark>>,
}

impl ScanOutput {
    /// The first failure to read a parked text back, if any: the pair that needed it is
    /// missing from `pairs`, and the run should be reported as failed.
    pub fn parked_text_failure(&self) -> Option<String> {
        self.park.as_ref().and_then(|park| park.failure())
    }
}

/// Builds a [`Pipeline`] from a [`ScanConfig`], checking it once.
#[derive(Debug, Clone, Default)]
pub struct PipelineBuilder {
    config: ScanConfig,
}

impl PipelineBuilder {
    /// A builder with default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: ScanConfig) -> Self {
        self.config = config;
        self
    }

    /// Validates the configuration and returns a ready pipeline.
    pub fn build(self) -> Result<Pipeline> {
        let c = &self.config;
        let checks = [
            (c.boilerplate_min_documents >= 2, "boilerplate_min_documents must be at least 2"),
            (c.fingerprint.anchors_per_sentence >= 2, "anchors_per_sentence must be at least 2"),
            (c.candidates.min_shared_keys >= 1, "min_shared_keys must be at least 1"),
            (
                (0.0..1.0).contains(&c.candidates.min_shared_fraction),
                "min_shared_fraction must be in [0, 1)",
            ),
            (
                (2..=candidates::MAX_LIST).contains(&c.candidates.max_postings),
                "max_postings must be between 2 and 65536",
            ),
            ((1..=2).contains(&c.candidates.min_sentences), "min_sentences must be 1 or 2"),
            (c.candidates.max_per_document >= 1, "max_per_document must be at least 1"),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some((_, message)) => Err(Error::Config((*message).to_string())),
            None => Ok(Pipeline { config: self.config }),
        }
    }
}

/// A validated scan pipeline.
#[derive(Debug, Clone)]
pub struct Pipeline {
    config: ScanConfig,
}

impl Pipeline {
    /// The configuration this pipeline runs with.
    pub fn config(&self) -> &ScanConfig {
        &self.config
    }

    /// Scans a corpus. Documents should have distinct ids.
    pub fn scan(&self, documents: Vec<Document>, progress: &dyn Progress) -> ScanOutput {
        let park = self.config.park_texts.then(TextPark::new).and_then(|made| made.ok());
        let (prepared, model) = self.prepare_parking(documents, park.as_ref(), progress);
        let df = TermFrequencies::count(&prepared);
        progress.start(Stage::Candidates, prepared.len());
        let twins = Twins::find(&prepared);
        let found = self.candidates(&prepared, &twins, &df);
        progress.advance(prepared.len());
        progress.start(Stage::Verify, found.pairs.len());
        let work = twins.shared_work(&in_id_order(&prepared, &found.pairs));
        let runs = work.runs();
        let scan = NEXT_SCAN.fetch_add(1, Ordering::Relaxed);
        let mut pairs: Vec<ReusePair> = runs
            .par_iter()
            .with_max_len(RUNS_PER_TASK)
            .flat_map_iter(|run| {
                let reported = self.verify_run(&prepared, run, scan, &df);
                progress.advance(run.len());
                reported
            })
            .collect();
        pairs.par_sort_by(|p, q| (&p.a, &p.b).cmp(&(&q.a, &q.b)));
        attribute::witnesses::decide_undecided(&mut pairs);
        let stats = ScanStats {
            documents: prepared.len(),
            empty_after_boilerplate: prepared
                .iter()
                .filter(|d| d.content_sentences().next().is_none())
                .count(),
            learned_boilerplate: model.learned_len(),
            candidate_pairs: found.pairs.len(),
            hot_keys: found.hot_keys,
            scattered_keys: found.scattered_keys,
            twin_documents: twins.later_twins(),
            alignments: runs.len(),
        };
        let families = cluster::families(&pairs);
        ScanOutput { documents: prepared, pairs, families, stats, park }
    }

    /// Verifies a run of pairs whose first documents are twins and whose second documents are
    /// twins (see [`Twins::shared_work`]): the first pair's findings serve them all.
    fn verify_run(
        &self,
        prepared: &[PreparedDocument],
        run: &[(u32, u32)],
        scan: u64,
        df: &TermFrequencies,
    ) -> Vec<ReusePair> {
        let doc = |index: u32| &prepared[index as usize];
        let key = |index: u32| DocumentKey { scan, index };
        let (a, b) = run[0];
        let config = self.config.verify;
        let Some(findings) = verify::find_in_scan(doc(a), doc(b), (key(a), key(b)), config, df)
        else {
            return Vec::new();
        };
        run.iter().filter_map(|&(a, b)| findings.report(doc(a), doc(b), config, df)).collect()
    }

    /// The candidate pairs of a prepared corpus whose twins are `twins`. The fingerprints are
    /// dropped once indexed: every stage from here on holds all documents at once.
    fn candidates(
        &self,
        prepared: &[PreparedDocument],
        twins: &Twins,
        df: &TermFrequencies,
    ) -> Candidates {
        let keys: Vec<fingerprint::DocumentKeys> = prepared
            .par_iter()
            .map(|doc| fingerprint::document_keys(doc, df, self.config.fingerprint))
            .collect();
        candidates::candidate_pairs(keys, twins.firsts(), self.config.candidates)
    }

    /// Analyses documents and marks their boilerplate, learning it from the corpus; returns the
    /// prepared documents (texts in memory) and the learned model.
    pub fn prepare(
        &self,
        documents: Vec<Document>,
        progress: &dyn Progress,
    ) -> (Vec<PreparedDocument>, BoilerplateModel) {
        self.prepare_parking(documents, None, progress)
    }

    /// [`Pipeline::prepare`], parking each text in `park` (when given) once it is analysed.
    fn prepare_parking(
        &self,
        documents: Vec<Document>,
        park: Option<&Arc<TextPark>>,
        progress: &dyn Progress,
    ) -> (Vec<PreparedDocument>, BoilerplateModel) {
        progress.start(Stage::Analyze, documents.len());
        let (documents, analyzed): (Vec<(Document, Option<ParkedText>)>, Vec<_>) = documents
            .into_par_iter()
            .chunks(DOCUMENTS_PER_TASK)
            .flat_map_iter(|mut chunk| {
                let analyzed: Vec<_> = chunk.iter().map(boilerplate::analyze).collect();
                let parked = match park {
                    Some(park) => park.park_all(chunk.iter_mut().map(|doc| &mut doc.text)),
                    None => vec![None; chunk.len()],
                };
                progress.advance(chunk.len());
                chunk.into_iter().zip(parked).zip(analyzed)
            })
            .unzip();
        let (documents, parked): (Vec<Document>, Vec<Option<ParkedText>>) =
            documents.into_iter().unzip();
        let (analyses, cues): (Vec<analysis::Analysis>, Vec<ParagraphCues>) =
            analyzed.into_iter().unzip();
        progress.start(Stage::Boilerplate, documents.len());
        let views: Vec<AnalyzedText<'_>> = documents
            .iter()
            .zip(analyses.iter().zip(&cues))
            .map(|(doc, (analysis, cues))| AnalyzedText::new(doc, analysis, cues))
            .collect();
        let model = BoilerplateModel::learn(&views, self.config.boilerplate_min_documents);
        let marks: Vec<Vec<bool>> = views.par_iter().map(|view| model.mark(*view)).collect();
        progress.advance(documents.len());
        let prepared = documents
            .into_par_iter()
            .zip(analyses)
            .zip(marks)
            .zip(parked)
            .map(|(((doc, analysis), boilerplate), parked)| {
                PreparedDocument::new(doc, analysis, boilerplate).with_parked_text(parked)
            })
            .collect();
        (prepared, model)
    }
}

/// Each pair with the document of the smaller id first, as verification takes them.
fn in_id_order(prepared: &[PreparedDocument], pairs: &[CandidatePair]) -> Vec<(u32, u32)> {
    let id = |index: u32| &prepared[index as usize].doc.id;
    let order = |p: &CandidatePair| if id(p.a) <= id(p.b) { (p.a, p.b) } else { (p.b, p.a) };
    pairs.iter().map(order).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_out_of_range_are_refused() {
        let refused = |change: fn(&mut ScanConfig)| {
            let mut config = ScanConfig::default();
            change(&mut config);
            PipelineBuilder::new().config(config).build().is_err()
        };
        assert!(!refused(|_| {}));
        assert!(refused(|c| c.candidates.min_sentences = 3));
        assert!(refused(|c| c.candidates.max_postings = 70_000));
        assert!(refused(|c| c.boilerplate_min_documents = 1));
    }

    const STORY: &str =
        "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n\
        The fire chief said 14 boats were damaged and that nobody was hurt in the blaze.\n\
        Crews from Eastport helped to contain the fire before it reached the fuel depot.\n\
        The pier will reopen next week once inspectors have checked the pilings, officials said.";

    fn scan(park_texts: bool) -> ScanOutput {
        let spun = STORY.replace("closed", "shut").replace("damaged", "harmed");
        let docs = vec![Document::new("a", STORY), Document::new("b", spun)];
        let config = ScanConfig { park_texts, ..ScanConfig::default() };
        PipelineBuilder::new().config(config).build().unwrap().scan(docs, &NoProgress)
    }

    #[test]
    fn parked_texts_read_back_and_give_the_same_pairs() {
        let (parked, held) = (scan(true), scan(false));
        assert_eq!(parked.pairs, held.pairs);
        assert!(parked.pairs[0].passages.iter().any(|p| !p.substitutions.is_empty()));
        let first = &parked.documents[0];
        assert!(first.doc.text.is_empty(), "the text left memory");
        assert_eq!(first.text().unwrap(), STORY);
        assert_eq!(held.documents[0].doc.text, STORY);
        assert_eq!(parked.parked_text_failure(), None);
    }
}
