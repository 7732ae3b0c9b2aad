//! Verification: a candidate pair of documents in, a reported [`ReusePair`] (or nothing) out.
//! Runs alignment, classification and attribution, and turns their findings into output.

use crate::align::{self, AlignConfig, AlignedSentences, Alignment};
use crate::attribute::{self, Attribution};
use crate::classify::{self, ClassifyConfig, Verdict};
use crate::document::Span;
use crate::prepared::PreparedDocument;
use crate::reuse::{Flag, Passage, ReusePair};

/// Thresholds used when verifying a pair.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct VerifyConfig {
    /// Sentence alignment thresholds.
    pub align: AlignConfig,
    /// Reuse decision thresholds.
    pub classify: ClassifyConfig,
}

/// Aligns and classifies a pair; `None` when it is not reuse. `a` should have the smaller id.
pub fn verify(
    a: &PreparedDocument,
    b: &PreparedDocument,
    config: VerifyConfig,
) -> Option<ReusePair> {
    let alignment = align::align(a, b, config.align);
    let verdict = classify::classify(a, b, &alignment, config.classify)?;
    let attribution = attribute::attribute(
        a,
        b,
        &alignment,
        verdict.relation,
        (verdict.coverage_a, verdict.coverage_b),
    );
    Some(report(a, b, &alignment, verdict, attribution))
}

fn report(
    a: &PreparedDocument,
    b: &PreparedDocument,
    alignment: &Alignment,
    verdict: Verdict,
    attribution: Attribution,
) -> ReusePair {
    let passages: Vec<Passage> = alignment.units.iter().map(|u| passage(a, b, u)).collect();
    let mut flags: Vec<Flag> = passages.iter().flat_map(|p| p.flags.iter().copied()).collect();
    if is_reordered(alignment) {
        flags.push(Flag::Reordered);
    }
    if a.disguised_tokens() > 0 || b.disguised_tokens() > 0 {
        flags.push(Flag::HiddenCharacters);
    }
    flags.sort_unstable();
    flags.dedup();
    let source =
        attribution.a_is_source.map(|a_is| if a_is { &a.doc.id } else { &b.doc.id }.clone());
    ReusePair {
        a: a.doc.id.clone(),
        b: b.doc.id.clone(),
        relation: verdict.relation,
        score: verdict.score,
        source,
        source_confidence: attribution.confidence,
        coverage_a: verdict.coverage_a,
        coverage_b: verdict.coverage_b,
        aligned_sentences: alignment.units.len(),
        passages,
        flags,
    }
}

fn passage(a: &PreparedDocument, b: &PreparedDocument, unit: &AlignedSentences) -> Passage {
    let run_span = |doc: &PreparedDocument, run: &[usize]| -> Span {
        run.iter().map(|&i| doc.span(i)).reduce(|x, y| x.cover(y)).unwrap_or_default()
    };
    let (sa, sb) = (run_span(a, &unit.a), run_span(b, &unit.b));
    let substitutions = unit
        .diff
        .substitutions
        .iter()
        .map(|(x, y)| [x.slice(&a.doc.text).to_string(), y.slice(&b.doc.text).to_string()])
        .collect();
    let mut flags = Vec::new();
    if unit.diff.altered_quote {
        flags.push(Flag::AlteredQuote);
    }
    if unit.diff.changed_number {
        flags.push(Flag::ChangedNumber);
    }
    Passage {
        a: [sa.start, sa.end],
        b: [sb.start, sb.end],
        similarity: unit.similarity,
        substitutions,
        flags,
    }
}

/// Whether the aligned units, in a's order, appear out of order in b.
fn is_reordered(alignment: &Alignment) -> bool {
    alignment.units.windows(2).any(|w| w[1].b[0] < w[0].b[0])
}
