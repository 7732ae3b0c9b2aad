//! How alike are two sentences, reworded or not?
//!
//! The score mixes two views of the weighted terms: an order-free overlap (survives clauses
//! being swapped) and a weighted longest common subsequence (rewards the word order a spinner
//! keeps). Function words weigh little, names less than content words: names are what
//! independent reports of one event share, so they must not carry a match on their own.

use crate::analysis::{TermClass, TermId, TermRun};

/// Weight of a term in similarity scores.
pub fn weight(class: TermClass) -> f32 {
    match class {
        TermClass::Function => 0.25,
        TermClass::Content => 1.0,
        TermClass::Name => 0.6,
        TermClass::Number => 0.8,
    }
}

/// Similarity of two term runs in `[0, 1]`: the mean of weighted bag overlap and weighted LCS.
pub fn similarity(a: TermRun<'_>, b: TermRun<'_>) -> f32 {
    Scorer::default().similarity(a, &Bag::new(a), b, &Bag::new(b))
}

/// A run's terms sorted by id with their weights, and its total weight: computed once per
/// sentence, reused for every sentence it is compared with.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    sorted: Vec<(TermId, f32)>,
    total: f32,
}

impl Bag {
    /// The bag of a run of terms.
    pub fn new(terms: TermRun<'_>) -> Self {
        let mut sorted: Vec<(TermId, f32)> =
            terms.iter().map(|t| (t.id, weight(t.class))).collect();
        sorted.sort_unstable_by_key(|x| x.0);
        Bag { total: sorted.iter().map(|x| x.1).sum(), sorted }
    }

    /// Weight of the multiset intersection with another bag, and an upper bound on what a
    /// weighted common subsequence of the two runs can weigh: each term matched at most once,
    /// at the heaviest weight its id carries on either side.
    fn overlap(&self, other: &Bag) -> Overlap {
        let (left, right) = (&self.sorted, &other.sorted);
        let (mut i, mut j) = (0, 0);
        let mut overlap = Overlap::default();
        while i < left.len() && j < right.len() {
            match left[i].0.cmp(&right[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let id = left[i].0;
                    let (run_left, run_right) = (run_of(&left[i..], id), run_of(&right[j..], id));
                    let matched = run_left.len().min(run_right.len());
                    for (x, y) in run_left.iter().zip(run_right) {
                        overlap.shared += x.1.min(y.1);
                    }
                    let heaviest =
                        run_left.iter().chain(run_right).map(|x| x.1).fold(0.0, f32::max);
                    overlap.matchable += matched as f32 * heaviest;
                    i += run_left.len();
                    j += run_right.len();
                }
            }
        }
        overlap
    }
}

/// The leading entries of a sorted bag that carry `id`.
fn run_of(sorted: &[(TermId, f32)], id: TermId) -> &[(TermId, f32)] {
    &sorted[..sorted.iter().take_while(|x| x.0 == id).count()]
}

/// What two bags share.
#[derive(Debug, Clone, Copy, Default)]
struct Overlap {
    /// Weight of the multiset intersection.
    shared: f32,
    /// Upper bound on the weight of any one-to-one matching of equal terms.
    matchable: f32,
}

/// Slack for summing the same weights in another order when comparing a bound with a floor.
const ROUNDING_MARGIN: f32 = 1e-4;

/// Scores sentence pairs, reusing its buffers from one pair to the next.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    previous: Vec<f32>,
    current: Vec<f32>,
    weights_b: Vec<f32>,
}

impl Scorer {
    /// Similarity of two runs given their bags (see [`similarity`]).
    pub fn similarity(&mut self, a: TermRun<'_>, bag_a: &Bag, b: TermRun<'_>, bag_b: &Bag) -> f32 {
        self.similarity_reaching(a, bag_a, b, bag_b, 0.0).unwrap_or(0.0)
    }

    /// The similarity of two runs when it can reach `floor`; `None` when the bags alone show
    /// it cannot, which skips the quadratic subsequence pass.
    pub fn similarity_reaching(
        &mut self,
        a: TermRun<'_>,
        bag_a: &Bag,
        b: TermRun<'_>,
        bag_b: &Bag,
        floor: f32,
    ) -> Option<f32> {
        let total = bag_a.total + bag_b.total;
        if total == 0.0 {
            return (floor <= 0.0).then_some(0.0);
        }
        let overlap = bag_a.overlap(bag_b);
        let bag = 2.0 * overlap.shared / total;
        let best_order = 2.0 * overlap.matchable / total;
        if 0.5 * (bag + best_order) < floor - ROUNDING_MARGIN {
            return None;
        }
        let order = 2.0 * self.weighted_lcs(a, b) / total;
        Some((0.5 * (bag + order)).min(1.0))
    }

    /// Weight of the heaviest common subsequence of the two runs.
    fn weighted_lcs(&mut self, a: TermRun<'_>, b: TermRun<'_>) -> f32 {
        self.previous.clear();
        self.previous.resize(b.len() + 1, 0.0);
        self.current.clear();
        self.current.resize(b.len() + 1, 0.0);
        self.weights_b.clear();
        self.weights_b.extend(b.iter().map(|y| weight(y.class)));
        for x in a.iter() {
            let weight_x = weight(x.class);
            for (j, &y) in b.ids().iter().enumerate() {
                self.current[j + 1] = if x.id == y {
                    self.previous[j] + weight_x.min(self.weights_b[j])
                } else {
                    self.previous[j + 1].max(self.current[j])
                };
            }
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        self.previous[b.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::document::Document;

    fn sim(x: &str, y: &str) -> f32 {
        let (a, b) = (analyze(&Document::new("a", x)), analyze(&Document::new("b", y)));
        similarity(a.terms.all(), b.terms.all())
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
    fn the_floor_only_skips_pairs_below_it() {
        let text = "Officials in Millbrook said on Tuesday that 14 boats burned at the pier.\n\
            Authorities in Millbrook stated Tuesday that 14 vessels burned at the dock.\n\
            Bush said the bush fire burned 14 acres near Millbrook on Tuesday.\n\
            The pier, the dock and the harbor were closed; the pier reopens Friday.\n\
            A fire at the Millbrook harbor destroyed 14 boats, the chief told reporters.";
        let analysis = analyze(&Document::new("a", text));
        let runs: Vec<TermRun<'_>> =
            (0..analysis.sentences.len()).map(|i| analysis.sentence_terms(i)).collect();
        let mut scorer = Scorer::default();
        let mut skipped = 0;
        for &x in &runs {
            for &y in &runs {
                let (bx, by) = (Bag::new(x), Bag::new(y));
                let exact = scorer.similarity(x, &bx, y, &by);
                for floor in [0.1, 0.3, 0.36, 0.5, 0.7, 0.9, 1.0] {
                    match scorer.similarity_reaching(x, &bx, y, &by, floor) {
                        Some(s) => assert_eq!(s, exact),
                        None => {
                            assert!(exact < floor, "{exact} skipped at {floor}");
                            skipped += 1;
                        }
                    }
                }
            }
        }
        assert!(skipped > 0, "the bound never saved a subsequence pass");
    }

    #[test]
    fn survives_swapped_clauses() {
        let a = "The pier will reopen next week, the harbor master said on Friday.";
        let b = "The harbor master said on Friday that the pier will reopen next week.";
        assert!(sim(a, b) > 0.7, "{}", sim(a, b));
    }
}
