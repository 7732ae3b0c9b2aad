//! Classification: is an alignment reuse at all, and of which kind?
//!
//! Reuse needs several aligned sentences (quotes count half: two reports may quote the same
//! statement independently), or fewer that make up most of a short document. The kind follows
//! from how much of each side is covered and how much the wording changed; see the README's
//! "Relations and thresholds" for the numbers.

use crate::align::Alignment;
use crate::analysis::TermClass;
use crate::prepared::PreparedDocument;
use crate::reuse::Relation;

/// Thresholds of the reuse decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifyConfig {
    /// Aligned sentence units (quotes counting half) that make reuse on their own.
    pub min_aligned: f32,
    /// Mean similarity at or above which text counts as lightly edited rather than spun.
    pub edited_similarity: f32,
    /// Share of units with reworded content words at or above which a copy counts as spun when
    /// its mean similarity is within 0.1 of `edited_similarity`; twice this share is spun at any
    /// similarity (house edits touch a few sentences, spinners most of them).
    pub spun_reworded_share: f32,
    /// Coverage of the less-covered side below which a lightly edited copy is an excerpt.
    pub excerpt_coverage: f32,
}

impl Default for ClassifyConfig {
    fn default() -> Self {
        ClassifyConfig {
            min_aligned: 3.0,
            edited_similarity: 0.8,
            spun_reworded_share: 0.25,
            excerpt_coverage: 0.75,
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
    units: f32,
    mean_similarity: f32,
    identical_share: f32,
    reworded_share: f32,
    coverage_a: f32,
    coverage_b: f32,
}

/// Decides whether the alignment shows reuse, and which kind.
pub fn classify(
    a: &PreparedDocument,
    b: &PreparedDocument,
    alignment: &Alignment,
    config: ClassifyConfig,
) -> Option<Verdict> {
    let m = measure(a, b, alignment)?;
    if !is_reuse(&m, config) {
        return None;
    }
    let lower = m.coverage_a.min(m.coverage_b);
    let higher = m.coverage_a.max(m.coverage_b);
    let reworded = m.reworded_share >= 2.0 * config.spun_reworded_share
        || (m.reworded_share >= config.spun_reworded_share
            && m.mean_similarity < config.edited_similarity + 0.1);
    let relation = if m.mean_similarity < config.edited_similarity || reworded {
        Relation::Spun
    } else if lower < config.excerpt_coverage {
        Relation::Excerpt
    } else if m.identical_share >= 0.95 && lower >= 0.9 {
        Relation::Verbatim
    } else {
        Relation::NearDuplicate
    };
    Some(Verdict {
        relation,
        score: m.mean_similarity * higher,
        coverage_a: m.coverage_a,
        coverage_b: m.coverage_b,
    })
}

fn is_reuse(m: &Measures, config: ClassifyConfig) -> bool {
    let higher = m.coverage_a.max(m.coverage_b);
    m.units >= config.min_aligned
        || (m.units >= 2.0 && higher >= 0.6 && m.mean_similarity >= 0.6)
        || (m.units >= 1.0 && m.coverage_a >= 0.8 && m.coverage_b >= 0.8)
}

fn measure(a: &PreparedDocument, b: &PreparedDocument, alignment: &Alignment) -> Option<Measures> {
    let units = &alignment.units;
    if units.is_empty() {
        return None;
    }
    let bytes = |doc: &PreparedDocument, run: &[usize]| -> usize {
        run.iter().map(|&i| doc.span(i).len()).sum()
    };
    let (mut aligned_a, mut aligned_b, mut weighted, mut weight) = (0usize, 0usize, 0.0f32, 0.0f32);
    let (mut counted, mut identical, mut reworded) = (0.0f32, 0usize, 0usize);
    for unit in units {
        let (ba, bb) = (bytes(a, &unit.a), bytes(b, &unit.b));
        aligned_a += ba;
        aligned_b += bb;
        weighted += unit.similarity * (ba + bb) as f32;
        weight += (ba + bb) as f32;
        counted += unit_weight(unit.similarity) * if mostly_quoted(a, &unit.a) { 0.5 } else { 1.0 };
        identical += usize::from(unit.similarity >= 0.98 && unit.diff.substitutions.is_empty());
        reworded += usize::from(rewords_content(a, b, unit));
    }
    let n = units.len() as f32;
    Some(Measures {
        units: counted,
        mean_similarity: weighted / weight.max(1.0),
        identical_share: identical as f32 / n,
        reworded_share: reworded as f32 / n,
        coverage_a: aligned_a as f32 / a.content_bytes().max(1) as f32,
        coverage_b: aligned_b as f32 / b.content_bytes().max(1) as f32,
    })
}

/// How much one aligned unit counts towards reuse: weak matches, the kind independent reports
/// of one event produce by chance, count for less.
fn unit_weight(similarity: f32) -> f32 {
    ((similarity - 0.3) / 0.25).clamp(0.0, 1.0)
}

/// Whether at least half of the terms of a run of sentences sit inside a direct quote.
fn mostly_quoted(doc: &PreparedDocument, run: &[usize]) -> bool {
    let terms = run.iter().flat_map(|&i| doc.terms(i));
    let (quoted, total) = terms.fold((0, 0), |(q, t), term| (q + usize::from(term.quoted), t + 1));
    quoted * 2 >= total
}

/// Whether a unit's substitutions replace ordinary content words (not just names or numbers).
fn rewords_content(
    a: &PreparedDocument,
    b: &PreparedDocument,
    unit: &crate::align::AlignedSentences,
) -> bool {
    let content_in = |doc: &PreparedDocument, run: &[usize], span: crate::document::Span| {
        run.iter().flat_map(|&i| doc.terms(i)).any(|t| {
            t.class == TermClass::Content
                && t.span().start >= span.start
                && t.span().end <= span.end
        })
    };
    unit.diff
        .substitutions
        .iter()
        .any(|(sa, sb)| content_in(a, &unit.a, *sa) || content_in(b, &unit.b, *sb))
}
