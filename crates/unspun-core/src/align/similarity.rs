//! How alike are two sentences, reworded or not?
//!
//! The score mixes two views of the weighted terms: an order-free overlap (survives clauses
//! being swapped) and a weighted longest common subsequence (rewards the word order a spinner
//! keeps). Function words weigh little, names less than content words: names are what
//! independent reports of one event share, so they must not carry a match on their own.

use crate::analysis::{Term, TermClass};

/// Weight of a term in similarity scores.
pub fn weight(class: TermClass) -> f32 {
    match class {
        TermClass::Function => 0.25,
        TermClass::Content => 1.0,
        TermClass::Name => 0.6,
        TermClass::Number => 0.8,
    }
}

/// Total weight of a run of terms.
pub fn total_weight(terms: &[Term]) -> f32 {
    terms.iter().map(|t| weight(t.class)).sum()
}

/// Similarity of two term runs in `[0, 1]`: the mean of weighted bag overlap and weighted LCS.
pub fn similarity(a: &[Term], b: &[Term]) -> f32 {
    let total = total_weight(a) + total_weight(b);
    if total == 0.0 {
        return 0.0;
    }
    let bag = 2.0 * bag_overlap(a, b) / total;
    let order = 2.0 * weighted_lcs(a, b) / total;
    (0.5 * (bag + order)).min(1.0)
}

/// Weight of the multiset intersection of the two runs.
fn bag_overlap(a: &[Term], b: &[Term]) -> f32 {
    let mut left: Vec<(u64, f32)> = a.iter().map(|t| (t.id, weight(t.class))).collect();
    let mut right: Vec<(u64, f32)> = b.iter().map(|t| (t.id, weight(t.class))).collect();
    left.sort_unstable_by_key(|x| x.0);
    right.sort_unstable_by_key(|x| x.0);
    let (mut i, mut j, mut shared) = (0, 0, 0.0);
    while i < left.len() && j < right.len() {
        match left[i].0.cmp(&right[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += left[i].1.min(right[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Weight of the heaviest common subsequence of the two runs.
fn weighted_lcs(a: &[Term], b: &[Term]) -> f32 {
    let mut previous = vec![0.0f32; b.len() + 1];
    let mut current = vec![0.0f32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x.id == y.id {
                previous[j] + weight(x.class).min(weight(y.class))
            } else {
                previous[j + 1].max(current[j])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Weight of the distinct non-function terms the two runs share: a cheap filter before
/// [`similarity`].
pub fn shared_substance(a: &[Term], b: &[Term]) -> f32 {
    let mut ids: Vec<(u64, TermClass)> =
        a.iter().filter(|t| t.class != TermClass::Function).map(|t| (t.id, t.class)).collect();
    ids.sort_unstable_by_key(|x| x.0);
    ids.dedup_by_key(|x| x.0);
    ids.iter()
        .filter(|(id, _)| b.iter().any(|t| t.id == *id))
        .map(|(_, class)| weight(*class))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::document::Document;

    fn sim(x: &str, y: &str) -> f32 {
        let (a, b) = (analyze(&Document::new("a", x)), analyze(&Document::new("b", y)));
        similarity(&a.terms, &b.terms)
    }

    #[test]
    fn ranks_copies_above_rewordings_above_independent_reports() {
        let original = "Officials in Millbrook said on Tuesday that 14 boats burned when a fire swept the north pier.";
        let copy = "Officials in Millbrook said on Tuesday that 14 boats burned when a fire swept the north pier.";
        let spun = "Authorities in Millbrook stated on Tuesday that 14 boats burned when a blaze tore through the north pier.";
        let independent = "A fire at the Millbrook harbor destroyed 14 boats, the town's fire chief told reporters.";
        let (c, s, i) = (sim(original, copy), sim(original, spun), sim(original, independent));
        assert!((c - 1.0).abs() < 1e-6);
        assert!(s > 0.55 && s < 0.95, "spun {s}");
        assert!(i < 0.35, "independent {i}");
    }

    #[test]
    fn survives_swapped_clauses() {
        let a = "The pier will reopen next week, the harbor master said on Friday.";
        let b = "The harbor master said on Friday that the pier will reopen next week.";
        assert!(sim(a, b) > 0.7, "{}", sim(a, b));
    }
}
