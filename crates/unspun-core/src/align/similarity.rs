//! How alike are two sentences, reworded or not?
//!
//! The score mixes two views of the weighted terms: an order-free overlap (survives clauses
//! being swapped) and a weighted longest common subsequence (rewards the word order a spinner
//! keeps). Function words weigh little, names less than content words: names are what
//! independent reports of one event share, so they must not carry a match on their own.

use crate::analysis::{Term, TermClass, TermId, TermRun};

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
    let mut bags = Bags::default();
    let (x, y) = (bags.push(a), bags.push(b));
    let found = Scorer::default().similarity_reaching(a, bags.get(x), b, bags.get(y), 0.0);
    found.unwrap_or(0.0)
}

/// A term as bags hold it: its id above its class, so sorting the integers orders a bag by id
/// and, within one id, by class.
type Entry = u64;

fn entry(term: Term) -> Entry {
    (u64::from(term.id) << 2) | term.class as u64
}

fn entry_id(entry: Entry) -> TermId {
    (entry >> 2) as TermId
}

fn entry_class(entry: Entry) -> TermClass {
    TermClass::from_code(entry as u8)
}

fn entry_weight(entry: Entry) -> f32 {
    weight(entry_class(entry))
}

/// Fills `out` with the distinct terms of each run that are not function words, each with its
/// heaviest class, as [`Held`] entries, sorted: which runs hold a term.
pub fn substance<'t>(runs: impl Iterator<Item = TermRun<'t>>, out: &mut Vec<Held>) {
    out.clear();
    for (number, run) in runs.enumerate() {
        let held = run.iter().filter(|t| t.class != TermClass::Function);
        out.extend(held.map(|t| held_entry(t, number)));
    }
    out.sort_unstable();
    out.dedup_by_key(|held| *held >> HELD_RUN_SHIFT);
}

/// An entry of [`substance`]: a term's id, the number of the run holding it, and its class's
/// rank by weight, heaviest first, packed as `id << 32 | run << 2 | rank` so that sorting the
/// integers groups a term's holders by run and puts the heaviest class of a run first.
pub type Held = u64;

/// Bits of a [`Held`] below its run number: the class rank.
const HELD_RUN_SHIFT: u32 = 2;

/// The class rank's bits of a [`Held`].
const HELD_RANK_MASK: u64 = (1 << HELD_RUN_SHIFT) - 1;

/// The classes that count as substance, by weight, heaviest first.
const SUBSTANCE_RANKS: [TermClass; 3] = [TermClass::Content, TermClass::Number, TermClass::Name];

/// The [`Held`] entry of a term that is not a function word, in run number `run` (runs are
/// sentences of one document: far fewer than the 2^30 the layout holds).
pub(super) fn held_entry(term: Term, run: usize) -> Held {
    debug_assert!(term.class != TermClass::Function && run < 1 << 30);
    let rank = SUBSTANCE_RANKS.iter().position(|&c| c == term.class).unwrap_or(0);
    u64::from(term.id) << 32 | (run as u64) << HELD_RUN_SHIFT | rank as u64
}

/// The term id of an entry of [`substance`].
pub fn substance_term(held: Held) -> u64 {
    held >> 32
}

/// The run number of an entry of [`substance`].
pub fn substance_run(held: Held) -> usize {
    ((held & u64::from(u32::MAX)) >> HELD_RUN_SHIFT) as usize
}

/// The weight of an entry of [`substance`]: its class's.
pub fn substance_weight(held: Held) -> f32 {
    weight(SUBSTANCE_RANKS[(held & HELD_RANK_MASK) as usize])
}

/// The bags of many runs of terms in one buffer, so building them for every sentence of a
/// document pair allocates nothing once the buffer has grown.
#[derive(Debug, Clone, Default)]
pub struct Bags {
    entries: Vec<Entry>,
    ends: Vec<usize>,
    totals: Vec<f32>,
}

impl Bags {
    /// Forgets every bag, keeping the buffers.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.ends.clear();
        self.totals.clear();
    }

    /// Adds the bag of a run of terms; returns its number.
    pub fn push(&mut self, terms: TermRun<'_>) -> usize {
        let start = self.entries.len();
        self.entries.extend(terms.iter().map(entry));
        self.entries[start..].sort_unstable();
        self.totals.push(self.entries[start..].iter().map(|&e| entry_weight(e)).sum());
        self.ends.push(self.entries.len());
        self.ends.len() - 1
    }

    /// The bag numbered `i`.
    pub fn get(&self, i: usize) -> Bag<'_> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Bag { sorted: &self.entries[start..self.ends[i]], total: self.totals[i] }
    }
}

/// A run's terms sorted by id, and its total weight: computed once per sentence, reused for
/// every sentence it is compared with.
#[derive(Debug, Clone, Copy)]
pub struct Bag<'b> {
    sorted: &'b [Entry],
    total: f32,
}

impl<'b> Bag<'b> {
    /// Weight of the multiset intersection with another bag, and an upper bound on what a
    /// weighted common subsequence of the two runs can weigh: each term matched at most once,
    /// at the heaviest weight its id carries on either side.
    fn overlap(self, other: Bag<'_>) -> Overlap {
        let (left, right) = (self.sorted, other.sorted);
        let (mut i, mut j) = (0, 0);
        let mut overlap = Overlap::default();
        while i < left.len() && j < right.len() {
            let id = entry_id(left[i]);
            match id.cmp(&entry_id(right[j])) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let (run_left, run_right) = (run_of(&left[i..], id), run_of(&right[j..], id));
                    let matched = run_left.len().min(run_right.len());
                    for (&x, &y) in run_left.iter().zip(run_right) {
                        overlap.shared += smaller(entry_weight(x), entry_weight(y));
                    }
                    let heaviest = run_left
                        .iter()
                        .chain(run_right)
                        .map(|&e| entry_weight(e))
                        .fold(0.0, larger);
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
fn run_of(sorted: &[Entry], id: TermId) -> &[Entry] {
    &sorted[..sorted.iter().take_while(|&&e| entry_id(e) == id).count()]
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
    /// The similarity of two runs given their bags (see [`similarity`]) when it can reach
    /// `floor`; `None` when the bags alone show it cannot, which skips the quadratic
    /// subsequence pass. A floor of 0 always gives the similarity.
    pub fn similarity_reaching(
        &mut self,
        a: TermRun<'_>,
        bag_a: Bag<'_>,
        b: TermRun<'_>,
        bag_b: Bag<'_>,
        floor: f32,
    ) -> Option<f32> {
        let total = bag_a.total + bag_b.total;
        if total == 0.0 {
            return (floor <= 0.0).then_some(0.0);
        }
        if a == b {
            // A run compared with its own copy: its bag overlaps whole, so the overlap weighs
            // its total (summed in the same order) and no bound can fall short of the floor.
            let order = 2.0 * self.weighted_lcs(a, b) / total;
            return Some((0.5 * (2.0 * bag_a.total / total + order)).min(1.0));
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

    /// Weight of the heaviest common subsequence of the two runs. Terms the runs begin or end
    /// with alike (same id and class) are matched outright, which is exact: no subsequence
    /// gains by leaving them out. Only the differing middle goes through the quadratic pass,
    /// whose rows start from the prefix's weight, so sums are made in the same order as over
    /// the whole runs.
    fn weighted_lcs(&mut self, a: TermRun<'_>, b: TermRun<'_>) -> f32 {
        let alike = |x: Term, y: Term| x.id == y.id && x.class == y.class;
        let prefix = a.iter().zip(b.iter()).take_while(|&(x, y)| alike(x, y)).count();
        let (a_rest, b_rest) = (a.slice(prefix..a.len()), b.slice(prefix..b.len()));
        let suffix =
            a_rest.iter().rev().zip(b_rest.iter().rev()).take_while(|&(x, y)| alike(x, y)).count();
        let head: f32 = a.slice(0..prefix).iter().fold(0.0, |sum, x| sum + weight(x.class));
        let middle = self.middle_lcs(
            a_rest.slice(0..a_rest.len() - suffix),
            b_rest.slice(0..b_rest.len() - suffix),
            head,
        );
        a_rest
            .slice(a_rest.len() - suffix..a_rest.len())
            .iter()
            .fold(middle, |sum, x| sum + weight(x.class))
    }

    /// The weighted subsequence pass over two runs, every row starting from `start`.
    fn middle_lcs(&mut self, a: TermRun<'_>, b: TermRun<'_>, start: f32) -> f32 {
        if a.is_empty() || b.is_empty() {
            return start;
        }
        self.previous.clear();
        self.previous.resize(b.len() + 1, start);
        self.current.clear();
        self.current.resize(b.len() + 1, start);
        self.weights_b.clear();
        self.weights_b.extend(b.iter().map(|y| weight(y.class)));
        for x in a.iter() {
            let weight_x = weight(x.class);
            // The cell to the left, carried along the row instead of read back.
            let mut left = self.current[0];
            let cells = self.current[1..].iter_mut();
            let diagonals = self.previous.windows(2);
            for (((cell, &y), &weight_y), above) in
                cells.zip(b.ids()).zip(&self.weights_b).zip(diagonals)
            {
                left = if x.id == y {
                    above[0] + smaller(weight_x, weight_y)
                } else {
                    larger(above[1], left)
                };
                *cell = left;
            }
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        self.previous[b.len()]
    }
}

/// `f32::max` for values that are never NaN (weights and their sums): with no NaN case to
/// handle, it compiles to one instruction in the bag overlap and the subsequence pass.
fn larger(x: f32, y: f32) -> f32 {
    if x > y {
        x
    } else {
        y
    }
}

/// `f32::min` for values that are never NaN; see [`larger`].
fn smaller(x: f32, y: f32) -> f32 {
    if x < y {
        x
    } else {
        y
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
    fn a_run_and_its_copy_score_what_their_overlap_gives() {
        // Sums of weights in text order and in bag order round apart in some sentences, so
        // not every copy scores exactly 1.
        let text = "Morse's margin came to about 0.07 percent.\n\
            Bush said the bush fire burned 14 acres near Millbrook on Tuesday.\n\
            Copyright © 2026 Eastport Evening Star Media Company";
        let (one, copy) = (analyze(&Document::new("a", text)), analyze(&Document::new("b", text)));
        let mut below_one = 0;
        for i in 0..one.sentences.len() {
            let (a, b) = (one.sentence_terms(i), copy.sentence_terms(i));
            let mut bags = Bags::default();
            let (x, y) = (bags.push(a), bags.push(b));
            let (bag_a, bag_b) = (bags.get(x), bags.get(y));
            let mut scorer = Scorer::default();
            let total = bag_a.total + bag_b.total;
            let by_overlap = 0.5
                * (2.0 * bag_a.overlap(bag_b).shared / total
                    + 2.0 * scorer.weighted_lcs(a, b) / total);
            let found = scorer.similarity_reaching(a, bag_a, b, bag_b, 0.99);
            assert_eq!(found, Some(by_overlap.min(1.0)));
            below_one += usize::from(by_overlap < 1.0);
        }
        assert!(below_one > 0, "no sentence tells a shortcut to 1 from the score");
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
        let mut bags = Bags::default();
        runs.iter().for_each(|&run| _ = bags.push(run));
        let mut scorer = Scorer::default();
        let mut skipped = 0;
        for (i, &x) in runs.iter().enumerate() {
            for (j, &y) in runs.iter().enumerate() {
                let (bx, by) = (bags.get(i), bags.get(j));
                let exact = scorer.similarity_reaching(x, bx, y, by, 0.0).unwrap();
                for floor in [0.1, 0.3, 0.36, 0.5, 0.7, 0.9, 1.0] {
                    match scorer.similarity_reaching(x, bx, y, by, floor) {
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
    fn substance_is_each_distinct_non_function_term_once_per_run() {
        let text = "The boats and the boats of Millbrook burned. Boats of the harbor.";
        let analysis = analyze(&Document::new("a", text));
        let runs = (0..analysis.sentences.len()).map(|i| analysis.sentence_terms(i));
        let mut held = Vec::new();
        substance(runs, &mut held);
        let keys: Vec<(u64, usize)> =
            held.iter().map(|&h| (substance_term(h), substance_run(h))).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted, each once: {keys:?}");
        let of_run = |run: usize| held.iter().filter(move |&&h| substance_run(h) == run);
        let weights: Vec<f32> = of_run(0).map(|&h| substance_weight(h)).collect();
        assert_eq!(weights.len(), 3, "boats, Millbrook, burned: {weights:?}");
        assert!(weights.contains(&weight(TermClass::Name)));
        assert_eq!(weights.iter().filter(|&&w| w == weight(TermClass::Content)).count(), 2);
        assert_eq!(of_run(1).count(), 2, "boats, harbor");
    }

    /// The plain quadratic pass over whole runs, without the shared prefix and suffix taken
    /// out first.
    fn full_table_lcs(a: TermRun<'_>, b: TermRun<'_>) -> f32 {
        let b: Vec<Term> = b.iter().collect();
        let mut previous = vec![0.0f32; b.len() + 1];
        for x in a.iter() {
            let mut current = vec![0.0f32; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                current[j + 1] = if x.id == y.id {
                    previous[j] + weight(x.class).min(weight(y.class))
                } else {
                    previous[j + 1].max(current[j])
                };
            }
            previous = current;
        }
        previous[b.len()]
    }

    #[test]
    fn shared_ends_matched_outright_give_the_full_table_weight() {
        let text =
            "The mayor of Millbrook said on Tuesday that 14 boats burned at the north pier.\n\
            The mayor of Millbrook stated on Tuesday that 14 vessels burned at the north pier.\n\
            The mayor of Millbrook said the pier burned.\n\
            Pier north the at burned boats 14 that Tuesday on said Millbrook of mayor the.\n\
            The mayor of Millbrook said on Tuesday that 14 boats burned at the north pier, again.\n\
            Millbrook.";
        let analysis = analyze(&Document::new("a", text));
        let runs: Vec<TermRun<'_>> =
            (0..analysis.sentences.len()).map(|i| analysis.sentence_terms(i)).collect();
        assert_eq!(runs.len(), 6);
        let mut scorer = Scorer::default();
        for &x in &runs {
            for &y in &runs {
                let (fast, full) = (scorer.weighted_lcs(x, y), full_table_lcs(x, y));
                assert!((fast - full).abs() < 1e-5, "{fast} against {full}");
            }
        }
    }

    #[test]
    fn survives_swapped_clauses() {
        let a = "The pier will reopen next week, the harbor master said on Friday.";
        let b = "The harbor master said on Friday that the pier will reopen next week.";
        assert!(sim(a, b) > 0.7, "{}", sim(a, b));
    }
}
