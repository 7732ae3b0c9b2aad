//! Attribution by witnesses: the other members of a family decide a pair whose own text cannot.
//!
//! Where two versions of a story differ, one side holds text the other lacks: a paragraph the
//! copy dropped or added, or the headline the copy replaced. A third document paired with both
//! sides that carries one side's extra text witnesses that this text was in the original, so
//! that side is the likelier original; extra text that neither the other side nor the witness
//! aligns is the side's own addition, so that side is the likelier copy, if the witness holds
//! as much of the other side as the pair does (an excerpt lacks everything else too). Where
//! the sides word a sentence differently, a witness that keeps one side's wording word for
//! word reads as that side does: copies made from one original keep its wording unless they
//! change it, and two copies seldom change it the same way. Each witness votes on all three
//! counts. A witness that is a verbatim copy of either side repeats that side and is not
//! asked. Verbatim copies, with no extra text on either side, stay undecided.
//!
//! Only reported pairs are read (the byte spans of their passages), so a scan, the index and
//! the Spark job reach the same decision from the same pairs.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::reuse::{Flag, Relation, ReusePair};

/// Witnesses consulted per pair: the first, by id, of the documents paired with both sides.
pub const MAX_WITNESSES: usize = 16;

/// Net votes that name a source. A witness gives up to one vote for the text it carries, one
/// for the text it leaves alone and one for the wording it keeps.
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
            let carried = balance(carried_a, carried_b);
            let (alone_a, alone_b) = (alone(pair, w, &pair.a), alone(pair, w, &pair.b));
            let added = match alone_a.max(alone_b) {
                ..MIN_ALONE => 0.0,
                _ => balance(alone_b as u64, alone_a as u64),
            };
            carried + added + kept_wording(pair, w)
        })
        .sum();
    if votes.abs() < MIN_VOTES {
        return None;
    }
    let source = if votes > 0.0 { &pair.a } else { &pair.b };
    Some((source, 0.5 + 0.4 * (votes.abs() / 2.0).tanh()))
}

/// The vote for side a against side b, from how much of something each has: from 1 (all a's)
/// to -1 (all b's), 0 when neither has any.
fn balance(for_a: u64, for_b: u64) -> f32 {
    match for_a + for_b {
        0 => 0.0,
        total => (for_a as f32 - for_b as f32) / total as f32,
    }
}

/// The vote of a witness's wording: of the sentences the sides word differently, those whose
/// wording on one side the witness keeps word for word, and not the other side's, vote for
/// that side.
fn kept_wording(pair: &ReusePair, witness: &Witness<'_>) -> f32 {
    let (mut kept_a, mut kept_b) = (0, 0);
    for passage in pair.passages.iter().filter(|p| permille(p.similarity) < 1000) {
        let on_a = keeps_word_for_word(witness.with_a, &pair.a, passage.a);
        let on_b = keeps_word_for_word(witness.with_b, &pair.b, passage.b);
        kept_a += u64::from(on_a && !on_b);
        kept_b += u64::from(on_b && !on_a);
    }
    balance(kept_a, kept_b)
}

/// Whether `pair` aligns the span `span` of document `id` word for word.
fn keeps_word_for_word(pair: &ReusePair, id: &str, span: [u32; 2]) -> bool {
    pair.passages.iter().any(|p| {
        let own = if pair.a == id { p.a } else { p.b };
        own == span && permille(p.similarity) == 1000
    })
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
    use crate::reuse::{FlagSet, Passage, Relation};

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
                    one_sided: None,
                    flags: FlagSet::default(),
                })
                .collect(),
            flags: Vec::new(),
            unaligned_a: Vec::new(),
            unaligned_b: Vec::new(),
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

    /// "copy" rewrote the original's first sentence (a headline, say) and kept the rest; each
    /// witness words the first sentence as `first_of` ("orig" or "copy") does and the third as
    /// `third_of` does (the original, the copy, or neither when `None`).
    fn reworded_family(witnesses: &[(&str, Option<&str>)]) -> Vec<ReusePair> {
        let spans = [([0, 100], [0, 100]), ([100, 200], [100, 200]), ([200, 300], [200, 300])];
        let mut reworded = pair("copy", "orig", &spans);
        reworded.passages[0].similarity = 0.6;
        let mut pairs = vec![reworded];
        for (n, &(first_of, third_of)) in witnesses.iter().enumerate() {
            let name = format!("w{n}");
            for side in ["copy", "orig"] {
                let mut with = pair(side, &name, &spans);
                with.passages[0].similarity = if side == first_of { 1.0 } else { 0.6 };
                with.passages[2].similarity = if Some(side) == third_of { 1.0 } else { 0.7 };
                pairs.push(with);
            }
        }
        pairs
    }

    #[test]
    fn witnesses_that_keep_one_side_s_wording_name_that_side() {
        let mut pairs = reworded_family(&[("orig", Some("orig")), ("orig", Some("orig"))]);
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source.as_deref(), Some("orig"));
        assert!(pairs[0].source_confidence > 0.6);
    }

    #[test]
    fn a_witness_keeping_each_side_s_wording_once_does_not_vote() {
        let mut pairs = reworded_family(&[("orig", Some("copy")), ("orig", Some("copy"))]);
        pairs[0].passages[2].similarity = 0.8;
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source, None);
    }

    #[test]
    fn one_witness_s_wording_is_one_vote() {
        let mut pairs = reworded_family(&[("orig", None)]);
        decide_undecided(&mut pairs);
        assert_eq!(pairs[0].source.as_deref(), Some("orig"));
        let mut split = reworded_family(&[("orig", None), ("copy", None)]);
        decide_undecided(&mut split);
        assert_eq!(split[0].source, None);
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
