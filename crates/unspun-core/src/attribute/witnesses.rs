//! Attribution by witnesses: the other members of a family decide a pair whose own text cannot.
//!
//! Where two versions of a story differ, one side holds text the other lacks: a paragraph the
//! copy dropped or added, or the headline the copy replaced. A third document paired with both
//! sides that carries one side's extra text witnesses that this text was in the original, so
//! that side is the likelier original; extra text that neither the other side nor the witness
//! aligns is the side's own addition, so that side is the likelier copy, if the witness holds
//! as much of the other side as the pair does (an excerpt lacks everything else too). Each
//! witness votes on both counts. A witness that is a verbatim copy of either side repeats that
//! side and is not asked. Verbatim copies, with no extra text on either side, stay undecided.
//!
//! Only reported pairs are read (the byte spans of their passages), so a scan, the index and
//! the Spark job reach the same decision from the same pairs.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::reuse::{Flag, Relation, ReusePair};

/// Witnesses consulted per pair: the first, by id, of the documents paired with both sides.
pub const MAX_WITNESSES: usize = 16;

/// Net votes that name a source. A witness gives up to one vote for the text it carries and
/// one for the text it leaves alone.
const MIN_VOTES: f32 = 1.0;

/// Share of a side's story, per mille, left unaligned by the pair and a witness below which
/// the side added nothing of note.
const MIN_ALONE: i32 = 50;

/// How much less of the other side, per mille of its story, a witness may hold than the pair
/// does and still say what one side added: alignment misses a sentence here and there.
const FULL_WITNESS_SLACK: i32 = 50;

/// A third document's pairs with both sides of a pair.
#[derive(Debug, Clone, Copy)]
pub struct Witness<'p> {
    /// Its pair with the pair's document a.
    pub with_a: &'p ReusePair,
    /// Its pair with the pair's document b.
    pub with_b: &'p ReusePair,
}

/// Reported pairs by document: each document's partners, sorted by id.
#[derive(Debug, Default)]
pub struct PairBook<'p> {
    partners: FxHashMap<&'p str, Vec<(&'p str, &'p ReusePair)>>,
}

impl<'p> PairBook<'p> {
    /// A book of `pairs`.
    pub fn new(pairs: impl IntoIterator<Item = &'p ReusePair>) -> Self {
        let mut partners: FxHashMap<&str, Vec<(&str, &ReusePair)>> = FxHashMap::default();
        for pair in pairs {
            partners.entry(&pair.a).or_default().push((&pair.b, pair));
            partners.entry(&pair.b).or_default().push((&pair.a, pair));
        }
        for list in partners.values_mut() {
            list.sort_unstable_by_key(|(id, _)| *id);
            list.dedup_by_key(|(id, _)| *id);
        }
        PairBook { partners }
    }

    /// The witnesses of the pair of `a` and `b`: documents paired with both, first by id.
    pub fn witnesses(&self, a: &str, b: &str) -> Vec<Witness<'p>> {
        let (Some(of_a), Some(of_b)) = (self.partners.get(a), self.partners.get(b)) else {
            return Vec::new();
        };
        let (mut i, mut j) = (0, 0);
        let mut found = Vec::new();
        while i < of_a.len() && j < of_b.len() && found.len() < MAX_WITNESSES {
            match of_a[i].0.cmp(of_b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    found.push(Witness { with_a: of_a[i].1, with_b: of_b[j].1 });
                    i += 1;
                    j += 1;
                }
            }
        }
        found
    }
}

/// Names the likely original of each pair of `pairs` left undecided, where its witnesses
/// among `pairs` agree.
pub fn decide_undecided(pairs: &mut [ReusePair]) {
    let all: Vec<&ReusePair> = pairs.iter().collect();
    let found = witnessed_sources(&all, &PairBook::new(all.iter().copied()));
    for named in found {
        let at = named.at;
        named.apply_to(&mut pairs[at]);
    }
}

/// A source the witnesses name for an undecided pair.
#[derive(Debug, Clone, PartialEq)]
pub struct WitnessedSource {
    /// Position of the pair in the list it was decided from.
    pub at: usize,
    /// Id of the likely original.
    pub source: String,
    /// Confidence in it.
    pub confidence: f32,
}

impl WitnessedSource {
    /// Records the decision in the pair.
    pub fn apply_to(self, pair: &mut ReusePair) {
        pair.source = Some(self.source);
        pair.source_confidence = self.confidence;
    }
}

/// The sources that witnesses in `book` name for the undecided pairs of `pairs`.
pub fn witnessed_sources(pairs: &[&ReusePair], book: &PairBook<'_>) -> Vec<WitnessedSource> {
    pairs
        .par_iter()
        .enumerate()
        .filter(|(_, pair)| pair.source.is_none() && !pair.flags.contains(&Flag::CommonOriginal))
        .filter_map(|(at, pair)| {
            let (source, confidence) = witnessed_source(pair, &book.witnesses(&pair.a, &pair.b))?;
            Some(WitnessedSource { at, source: source.to_string(), confidence })
        })
        .collect()
}

/// The id of the likely original of `pair` by its witnesses' votes, with a confidence; `None`
/// when they do not agree.
pub fn witnessed_source<'p>(
    pair: &'p ReusePair,
    witnesses: &[Witness<'_>],
) -> Option<(&'p str, f32)> {
    let (shared_a, shared_b) = (spans_of(pair, &pair.a), spans_of(pair, &pair.b));
    let votes: f32 = witnesses
        .iter()
        .filter(|w| {
            w.with_a.relation != Relation::Verbatim && w.with_b.relation != Relation::Verbatim
        })
        .map(|w| {
            let carried_a = bytes_outside(&spans_of(w.with_a, &pair.a), &shared_a);
            let carried_b = bytes_outside(&spans_of(w.with_b, &pair.b), &shared_b);
            let carried = match carried_a + carried_b {
                0 => 0.0,
                total => (carried_a as f32 - carried_b as f32) / total as f32,
            };
            let (alone_a, alone_b) = (alone(pair, w, &pair.a), alone(pair, w, &pair.b));
            let added = match alone_a.max(alone_b) {
                ..MIN_ALONE => 0.0,
                _ => (alone_b - alone_a) as f32 / (alone_a + alone_b) as f32,
            };
            carried + added
        })
        .sum();
    if votes.abs() < MIN_VOTES {
        return None;
    }
    let source = if votes > 0.0 { &pair.a } else { &pair.b };
    Some((source, 0.5 + 0.4 * (votes.abs() / 2.0).tanh()))
}

/// Share of side `id`'s story, per mille, that neither the pair nor the witness aligns, at
/// most; 0 when the witness does not hold as much of the other side as the pair does. A
/// witness that is an excerpt lacks most of the story, so what it lacks of one side says
/// nothing of what that side added.
fn alone(pair: &ReusePair, witness: &Witness<'_>, id: &str) -> i32 {
    let (witnessed, other, other_id) = if pair.a == id {
        (witness.with_a, witness.with_b, &pair.b)
    } else {
        (witness.with_b, witness.with_a, &pair.a)
    };
    if share(other, other_id) + FULL_WITNESS_SLACK < share(pair, other_id) {
        return 0;
    }
    let unaligned = |p: &ReusePair| 1000 - share(p, id);
    unaligned(pair).min(unaligned(witnessed))
}

/// The share of document `id`'s story inside the passages of `pair`, per mille.
fn share(pair: &ReusePair, id: &str) -> i32 {
    permille(if pair.a == id { pair.coverage_a } else { pair.coverage_b })
}

/// A share in thousandths, rounded as pairs are written, so that a pair read back from its
/// JSON gives the same number.
fn permille(share: f32) -> i32 {
    (f64::from(share) * 1000.0).round() as i32
}

/// The byte spans of document `id` in the passages of `pair`.
fn spans_of(pair: &ReusePair, id: &str) -> Vec<[u32; 2]> {
    pair.passages.iter().map(|p| if pair.a == id { p.a } else { p.b }).collect()
}

/// Bytes of `spans` that lie outside every span of `minus`.
fn bytes_outside(spans: &[[u32; 2]], minus: &[[u32; 2]]) -> u64 {
    spans
        .iter()
        .map(|&[start, end]| {
            let inside: u32 =
                minus.iter().map(|&[s, e]| end.min(e).saturating_sub(start.max(s))).sum();
            u64::from((end - start).saturating_sub(inside))
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reuse::{Passage, Relation};

    /// A pair whose passages join the given byte spans of `a` and `b`.
    fn pair(a: &str, b: &str, spans: &[([u32; 2], [u32; 2])]) -> ReusePair {
        ReusePair {
            a: a.into(),
            b: b.into(),
            relation: Relation::NearDuplicate,
            score: 0.9,
            source: None,
            source_confidence: 0.5,
            coverage_a: 0.9,
            coverage_b: 0.9,
            aligned_sentences: spans.len(),
            passages: spans
                .iter()
                .map(|&(a, b)| Passage {
                    a,
                    b,
                    similarity: 1.0,
                    substitutions: Vec::new(),
                    flags: Vec::new(),
                })
                .collect(),
            flags: Vec::new(),
        }
    }

    /// An original of four 100-byte paragraphs, "copy" without its third one, and two other
    /// copies ("w1", "w2") that kept it.
    fn family() -> Vec<ReusePair> {
        let whole = [([0, 100], [0, 100]), ([100, 200], [100, 200]), ([200, 300], [200, 300])];
        let whole = [&whole[..], &[([300, 400], [300, 400])]].concat();
        // (span in "copy", span in a document that kept the third paragraph)
        let dropped = [([0, 100], [0, 100]), ([100, 200], [100, 200]), ([200, 300], [300, 400])];
        vec![
            pair("copy", "orig", &dropped),
            pair("copy", "w1", &dropped),
            pair("copy", "w2", &dropped),
            pair("orig", "w1", &whole),
            pair("orig", "w2", &whole),
            pair("w1", "w2", &whole),
        ]
    }

    #[test]
    fn witnesses_that_kept_a_paragraph_name_the_side_that_has_it() {
        let mut pairs = family();
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source.as_deref(), Some("orig"));
        assert!(pairs[0].source_confidence > 0.6);
    }

    #[test]
    fn copies_of_a_common_original_are_not_put_to_witnesses() {
        let mut pairs = family();
        pairs[0].flags.push(Flag::CommonOriginal);
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source, None);
    }

    #[test]
    fn text_no_witness_aligns_marks_the_side_that_added_it() {
        // "copy" is the original's three paragraphs plus a fourth of its own (a quarter of its
        // story), which no other document carries.
        let same = [([0, 100], [0, 100]), ([100, 200], [100, 200]), ([200, 300], [200, 300])];
        let with_copy = |other: &str| {
            let mut p = pair("copy", other, &same);
            (p.coverage_a, p.coverage_b) = (0.75, 1.0);
            p
        };
        let mut whole = pair("orig", "w1", &same);
        (whole.coverage_a, whole.coverage_b) = (1.0, 1.0);
        let mut pairs = vec![with_copy("orig"), with_copy("w1"), whole];
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source.as_deref(), Some("orig"));
    }

    #[test]
    fn an_excerpt_does_not_say_what_a_side_added() {
        // "copy" dropped the original's last paragraph; "part" is an excerpt of the original's
        // first paragraph, so it lacks the dropped paragraph as it lacks the rest.
        let kept = [([0, 100], [0, 100]), ([100, 200], [100, 200]), ([200, 300], [200, 300])];
        let mut dropped = pair("copy", "orig", &kept);
        (dropped.coverage_a, dropped.coverage_b) = (1.0, 0.75);
        let excerpt = |of: &str| {
            let mut p = pair(of, "part", &[([0, 100], [0, 100])]);
            (p.coverage_a, p.coverage_b) = (if of == "copy" { 0.33 } else { 0.25 }, 1.0);
            p.relation = Relation::Excerpt;
            p
        };
        let mut pairs = vec![dropped, excerpt("copy"), excerpt("orig")];
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source, None);
    }

    #[test]
    fn copies_with_nothing_extra_stay_undecided() {
        let mut pairs = family();
        decide_undecided(&mut pairs);
        for pair in &pairs[3..] {
            assert_eq!(pair.source, None, "{} / {}", pair.a, pair.b);
        }
    }

    #[test]
    fn witnesses_are_the_documents_paired_with_both_sides() {
        let pairs = family();
        let book = PairBook::new(&pairs);
        let ids: Vec<&str> = book
            .witnesses("copy", "orig")
            .iter()
            .map(|w| if w.with_a.a == "copy" { w.with_a.b.as_str() } else { w.with_a.a.as_str() })
            .collect();
        assert_eq!(ids, ["w1", "w2"]);
    }
}
