//! Classification: is an alignment reuse at all, and of which kind?
//!
//! Reuse needs several aligned sentences (weak matches, headlines and quotes count less: two
//! reports may quote one statement, and independent reports match a sentence by chance)
//! covering a fair share of at least one document. The kind follows from how much of each side
//! is covered, how the uncovered text is spread, and how much the wording changed; see the
//! README's "Relations and thresholds" for the numbers.

use crate::align::{AlignedSentences, Alignment, Matching, SentenceMatch};
use crate::analysis::{TermClass, TermRun};
use crate::normalize;
use crate::prepared::{PairTexts, PreparedDocument};
use crate::reuse::Relation;

/// Thresholds of the reuse decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifyConfig {
    /// Weighted aligned units that make reuse on their own.
    pub min_aligned: f32,
    /// Share of the better-covered document that aligned text must reach.
    pub min_coverage: f32,
    /// Mean similarity at or above which text counts as lightly edited rather than spun.
    pub edited_similarity: f32,
    /// Share of units with reworded content words at or above which a copy counts as spun when
    /// its mean similarity is within 0.1 of `edited_similarity`; twice this share is spun at any
    /// similarity (house edits touch a few sentences, spinners most of them).
    pub spun_reworded_share: f32,
    /// Coverage of the less-covered side below which a lightly edited copy is an excerpt.
    pub excerpt_coverage: f32,
    /// Coverage of the less-covered side below which a copy whose uncovered text is scattered
    /// (two or more gaps) is an excerpt rather than a copy with a paragraph dropped.
    pub scattered_excerpt_coverage: f32,
}

impl Default for ClassifyConfig {
    fn default() -> Self {
        ClassifyConfig {
            min_aligned: 3.0,
            min_coverage: 0.25,
            edited_similarity: 0.8,
            spun_reworded_share: 0.25,
            excerpt_coverage: 0.5,
            scattered_excerpt_coverage: 0.8,
        }
    }
}

/// What classification concluded about a pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// The kind of reuse.
    pub relation: Relation,
    /// Evidence strength: mean similarity times the coverage of the better-covered side.
    pub score: f32,
    /// Share of a's story text aligned.
    pub coverage_a: f32,
    /// Share of b's story text aligned.
    pub coverage_b: f32,
}

/// Summary numbers of an alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measures {
    /// Aligned units.
    aligned: usize,
    /// Aligned units, weighted by strength and substance.
    units: f32,
    /// Units copied nearly word for word (similarity at least 0.95) that are not mostly quotes.
    copied: usize,
    mean_similarity: f32,
    coverage_a: f32,
    coverage_b: f32,
    /// Runs of unaligned story sentences in the less-covered document.
    gaps: usize,
}

impl Measures {
    fn lower_coverage(&self) -> f32 {
        self.coverage_a.min(self.coverage_b)
    }

    fn higher_coverage(&self) -> f32 {
        self.coverage_a.max(self.coverage_b)
    }
}

/// An alignment judged to be reuse, its kind not yet named.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    measures: Measures,
}

/// Decides whether the matched sentences show reuse, reading terms and sentence records only
/// (a scan's texts may be parked out of memory, and words are compared only in reuse).
pub fn assess(
    a: &PreparedDocument,
    b: &PreparedDocument,
    matching: &Matching,
    config: ClassifyConfig,
) -> Option<Assessment> {
    let measures = measure(a, b, &matching.units)?;
    is_reuse(&measures, config).then_some(Assessment { measures })
}

impl Assessment {
    /// Names the kind of reuse from the alignment of the assessed matches. The documents'
    /// texts tell a copy left untouched from one with edits a reader would see.
    pub fn verdict(
        &self,
        (a, b): (&PreparedDocument, &PreparedDocument),
        texts: PairTexts<'_>,
        alignment: &Alignment,
        config: ClassifyConfig,
    ) -> Verdict {
        let m = &self.measures;
        let unchanged = || alignment.units.iter().all(|unit| is_unchanged(a, b, texts, unit));
        let reworded = alignment.units.iter().filter(|unit| rewords_content(a, b, unit)).count();
        let reworded_share = reworded as f32 / alignment.units.len().max(1) as f32;
        Verdict {
            relation: relation(m, reworded_share, config, unchanged),
            score: m.mean_similarity * m.higher_coverage(),
            coverage_a: m.coverage_a,
            coverage_b: m.coverage_b,
        }
    }
}

/// The evidence ladder: the less of either side the aligned text covers, the more (and the
/// more exactly) aligned sentences it takes.
fn is_reuse(m: &Measures, config: ClassifyConfig) -> bool {
    let higher = m.higher_coverage();
    higher >= config.min_coverage
        && (m.units >= config.min_aligned
            || m.copied >= 3
            || (m.units >= 2.0 && higher >= 0.6 && m.mean_similarity >= 0.6)
            || (m.units >= 2.0 && higher >= 0.5 && m.mean_similarity >= 0.95)
            || (m.aligned >= 2 && m.units >= 1.0 && higher >= 0.6 && m.mean_similarity >= 0.9)
            || (m.units >= 1.0 && m.lower_coverage() >= 0.8))
}

/// The kind of reuse, given the share of units whose content words were reworded;
/// `unchanged` tells whether every unit reads the same on both sides.
fn relation(
    m: &Measures,
    reworded_share: f32,
    config: ClassifyConfig,
    unchanged: impl FnOnce() -> bool,
) -> Relation {
    let lower = m.lower_coverage();
    let reworded = reworded_share >= 2.0 * config.spun_reworded_share
        || (reworded_share >= config.spun_reworded_share
            && m.mean_similarity < config.edited_similarity + 0.1);
    if m.mean_similarity < config.edited_similarity || reworded {
        Relation::Spun
    } else if lower < config.excerpt_coverage
        || (lower < config.scattered_excerpt_coverage && m.gaps >= 2)
    {
        Relation::Excerpt
    } else if lower >= 0.97 && unchanged() {
        Relation::Verbatim
    } else {
        Relation::NearDuplicate
    }
}

fn measure(
    a: &PreparedDocument,
    b: &PreparedDocument,
    units: &[SentenceMatch],
) -> Option<Measures> {
    if units.is_empty() {
        return None;
    }
    let (mut aligned_a, mut aligned_b, mut weighted, mut weight) = (0usize, 0usize, 0.0f32, 0.0f32);
    let (mut counted, mut copied) = (0.0f32, 0usize);
    for unit in units {
        let (ba, bb) = (run_bytes(a, &unit.a), run_bytes(b, &unit.b));
        aligned_a += ba;
        aligned_b += bb;
        weighted += unit.similarity * (ba + bb) as f32;
        weight += (ba + bb) as f32;
        counted += unit_weight(a, b, unit);
        copied += usize::from(unit.similarity >= 0.95 && !mostly_quoted(a, &unit.a));
    }
    let coverage_a = aligned_a as f32 / a.content_bytes().max(1) as f32;
    let coverage_b = aligned_b as f32 / b.content_bytes().max(1) as f32;
    let gaps = if coverage_a <= coverage_b {
        unaligned_runs(a, units.iter().flat_map(|u| &u.a))
    } else {
        unaligned_runs(b, units.iter().flat_map(|u| &u.b))
    };
    Some(Measures {
        aligned: units.len(),
        units: counted,
        copied,
        mean_similarity: weighted / weight.max(1.0),
        coverage_a,
        coverage_b,
        gaps,
    })
}

fn run_bytes(doc: &PreparedDocument, run: &[usize]) -> usize {
    run.iter().map(|&i| doc.span(i).len()).sum()
}

/// How much one aligned unit counts towards reuse: weak matches count for less, so do units
/// with little substance (headlines, short phrases) and units that are mostly quotation.
fn unit_weight(a: &PreparedDocument, b: &PreparedDocument, unit: &SentenceMatch) -> f32 {
    let strength = ((unit.similarity - 0.3) / 0.25).clamp(0.0, 1.0);
    let substance = substance(a, &unit.a).min(substance(b, &unit.b));
    let quoted = if mostly_quoted(a, &unit.a) { 0.5 } else { 1.0 };
    strength * (substance / 5.0).min(1.0) * quoted
}

/// Weight of the non-function terms of a run of sentences.
fn substance(doc: &PreparedDocument, run: &[usize]) -> f32 {
    let terms = run.iter().flat_map(|&i| doc.terms(i).iter());
    terms
        .filter(|t| t.class != TermClass::Function)
        .map(|t| crate::align::similarity::weight(t.class))
        .sum()
}

/// Whether at least half of the terms of a run of sentences sit inside a direct quote.
fn mostly_quoted(doc: &PreparedDocument, run: &[usize]) -> bool {
    let terms = run.iter().flat_map(|&i| doc.terms(i).iter());
    let (quoted, total) = terms.fold((0, 0), |(q, t), term| (q + usize::from(term.quoted), t + 1));
    quoted * 2 >= total
}

/// Whether a unit reads the same on both sides once disguises are removed: no edit a reader
/// would see, not even a spelling or an honorific.
fn is_unchanged(
    a: &PreparedDocument,
    b: &PreparedDocument,
    texts: PairTexts<'_>,
    unit: &AlignedSentences,
) -> bool {
    if unit.similarity < 0.98 {
        return false;
    }
    let (text_a, text_b) = (a.run_span(&unit.a).slice(texts.a), b.run_span(&unit.b).slice(texts.b));
    normalize::same_surface(text_a, text_b)
}

/// Whether a unit's substitutions replace ordinary content words (not just names or numbers).
fn rewords_content(a: &PreparedDocument, b: &PreparedDocument, unit: &AlignedSentences) -> bool {
    let (terms_a, terms_b) = (a.run_terms(&unit.a), b.run_terms(&unit.b));
    let has_content = |terms: TermRun<'_>| terms.iter().any(|t| t.class == TermClass::Content);
    unit.diff
        .substitutions
        .iter()
        .any(|s| has_content(terms_a.slice(s.a.clone())) || has_content(terms_b.slice(s.b.clone())))
}

/// Number of maximal runs of story sentences that no unit aligned.
fn unaligned_runs<'u>(doc: &PreparedDocument, aligned: impl Iterator<Item = &'u usize>) -> usize {
    let mut is_aligned = vec![false; doc.boilerplate.len()];
    aligned.for_each(|&i| is_aligned[i] = true);
    let mut runs = 0;
    let mut in_run = false;
    for i in doc.content_sentences() {
        if !is_aligned[i] && !in_run {
            runs += 1;
        }
        in_run = !is_aligned[i];
    }
    runs
}
