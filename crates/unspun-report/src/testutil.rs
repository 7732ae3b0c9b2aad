//! Test fixtures shared by the sinks' tests.

use unspun_core::{Flag, Passage, Relation, ReusePair};

/// A spun pair between `a` and `b` with one passage holding a substitution, wording only b
/// holds and an altered quote, and a stretch of a's story that no passage covers.
pub(crate) fn sample_pair(a: &str, b: &str) -> ReusePair {
    ReusePair {
        a: a.into(),
        b: b.into(),
        relation: Relation::Spun,
        score: 0.71234,
        source: Some(b.into()),
        source_confidence: 0.8,
        coverage_a: 0.9,
        coverage_b: 1.0,
        aligned_sentences: 1,
        passages: vec![Passage {
            a: [0, 10],
            b: [5, 15],
            similarity: 0.66,
            substitutions: vec![["trust".into(), "believe in".into()]],
            one_sided: Passage::one_sided_from(Vec::new(), vec!["reportedly".into()]),
            flags: [Flag::AlteredQuote].into_iter().collect(),
        }],
        flags: vec![Flag::AlteredQuote],
        unaligned_a: vec![[10, 40]],
        unaligned_b: Vec::new(),
    }
}
