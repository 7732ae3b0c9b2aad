//! Word-level evidence inside an aligned sentence pair: which words were substituted, which
//! one side holds alone (added or dropped), and whether a direct quote or a number differs.

use std::ops::Range;

use crate::analysis::{TermClass, TermId, TermRun};
use crate::document::Span;

/// Gaps longer than this (in terms, either side) are rewritten clauses, not substitutions.
const MAX_SUBSTITUTION_TERMS: usize = 8;

/// A stretch of wording replaced by another: positions of the terms in each aligned run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// Terms of run a.
    pub a: Range<usize>,
    /// Terms of run b.
    pub b: Range<usize>,
}

impl Substitution {
    /// The text each side's wording covers, given the spans of the runs' terms
    /// ([`crate::prepared::PreparedDocument::run_term_spans`]).
    pub fn spans(&self, spans_a: &[Span], spans_b: &[Span]) -> (Span, Span) {
        (stretch_span(self.a.clone(), spans_a), stretch_span(self.b.clone(), spans_b))
    }
}

/// The text a stretch of a run's terms covers, given the spans of the run's terms
/// ([`crate::prepared::PreparedDocument::run_term_spans`]).
pub fn stretch_span(terms: Range<usize>, spans: &[Span]) -> Span {
    spans[terms].iter().copied().reduce(|x, y| x.cover(y)).unwrap_or_default()
}

/// What differs between two aligned runs of terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordDiff {
    /// Replaced wording.
    pub substitutions: Vec<Substitution>,
    /// Wording of run a that run b has nothing in place of (a word or clause one side added or
    /// dropped, or a stretch too long to be one substitution): positions of its terms in a.
    /// Only stretches holding more than function words count.
    pub only_a: Vec<Range<usize>>,
    /// The same for run b.
    pub only_b: Vec<Range<usize>>,
    /// Both sides quote, and the quoted words differ.
    pub altered_quote: bool,
    /// A number on one side was replaced by another number on the other.
    pub changed_number: bool,
}

impl WordDiff {
    /// How many leading terms of each run the substitutions and the wording one side holds
    /// alone reach: the terms whose spans reporting their wording needs.
    pub fn reach(&self) -> (usize, usize) {
        let substituted = self.substitutions.iter().map(|s| (s.a.end, s.b.end));
        let only_a = self.only_a.iter().map(|a| (a.end, 0));
        let only_b = self.only_b.iter().map(|b| (0, b.end));
        let ends = substituted.chain(only_a).chain(only_b);
        ends.fold((0, 0), |(a, b), (x, y)| (a.max(x), b.max(y)))
    }
}

/// Compares two aligned runs of terms word by word.
pub fn diff(a: TermRun<'_>, b: TermRun<'_>) -> WordDiff {
    let matches = lcs_matches(a.ids(), b.ids());
    let mut found = WordDiff::default();
    let (mut i, mut j) = (0, 0);
    for &(mi, mj) in matches.iter().chain([(a.len(), b.len())].iter()) {
        let (gap_a, gap_b) = (a.slice(i..mi), b.slice(j..mj));
        if is_substitution(gap_a, gap_b) {
            found.substitutions.push(Substitution { a: i..mi, b: j..mj });
        }
        found.changed_number |= has_number(gap_a) && has_number(gap_b);
        (i, j) = (mi + 1, mj + 1);
    }
    let substituted_a = found.substitutions.iter().map(|s| s.a.clone());
    found.only_a = alone(a, matches.iter().map(|m| m.0), substituted_a);
    let substituted_b = found.substitutions.iter().map(|s| s.b.clone());
    found.only_b = alone(b, matches.iter().map(|m| m.1), substituted_b);
    found.altered_quote = quotes_differ(a, b);
    found
}

/// What [`alone`] knows of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Neither matched nor substituted: the other run has nothing in its place.
    Alone,
    /// Paired with the same term of the other run.
    Matched,
    /// Inside a substitution.
    Substituted,
}

/// The stretches of `terms` that the other run has nothing in place of: terms neither in
/// `matched` nor in a `substituted` range, each stretch holding more than function words. A
/// matched function word between two such terms joins them: a longest common subsequence
/// pairs the "the" of a dropped "the police" with the "the" of "the fire" the other side
/// kept, leaving that one alone at the stretch's end, where it is left out again.
fn alone(
    terms: TermRun<'_>,
    matched: impl ExactSizeIterator<Item = usize>,
    substituted: impl Iterator<Item = Range<usize>> + Clone,
) -> Vec<Range<usize>> {
    let placed = matched.len() + substituted.clone().map(|range| range.len()).sum::<usize>();
    if placed == terms.len() {
        return Vec::new();
    }
    let mut places = vec![Place::Alone; terms.len()];
    for i in matched {
        places[i] = Place::Matched;
    }
    for range in substituted {
        places[range].fill(Place::Substituted);
    }
    let function = |i: usize| terms.get(i).class == TermClass::Function;
    let stray = |i: usize| {
        places[i] == Place::Matched
            && function(i)
            && i > 0
            && places[i - 1] == Place::Alone
            && places.get(i + 1) == Some(&Place::Alone)
    };
    let mut stretches = Vec::new();
    let mut i = 0;
    while i < terms.len() {
        if places[i] != Place::Alone {
            i += 1;
            continue;
        }
        let (mut start, mut strays) = (i, Vec::new());
        while i < terms.len() && (places[i] == Place::Alone || stray(i)) {
            if places[i] == Place::Matched {
                strays.push(terms.get(i).id);
            }
            i += 1;
        }
        let mut end = i;
        let paired_astray = |k: usize| function(k) && strays.contains(&terms.get(k).id);
        while end > start && paired_astray(end - 1) {
            end -= 1;
        }
        while start < end && paired_astray(start) {
            start += 1;
        }
        if holds_substance(terms.slice(start..end)) {
            stretches.push(start..end);
        }
    }
    stretches
}

/// Index pairs of one longest common subsequence of term ids. The common prefix and suffix
/// are matched outright (some longest subsequence always keeps them), so the quadratic table
/// covers only the edited middle: for a copy, nothing.
fn lcs_matches(a: &[TermId], b: &[TermId]) -> Vec<(usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (rest_a, rest_b) = (&a[prefix..], &b[prefix..]);
    let suffix = rest_a.iter().rev().zip(rest_b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (middle_a, middle_b) = (&rest_a[..rest_a.len() - suffix], &rest_b[..rest_b.len() - suffix]);
    let mut out: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    let middle = middle_lcs(middle_a, middle_b).into_iter();
    out.extend(middle.map(|(i, j)| (prefix + i, prefix + j)));
    let (end_a, end_b) = (a.len() - suffix, b.len() - suffix);
    out.extend((0..suffix).map(|k| (end_a + k, end_b + k)));
    out
}

/// Index pairs of one longest common subsequence, by dynamic programming.
fn middle_lcs(a: &[TermId], b: &[TermId]) -> Vec<(usize, usize)> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let width = b.len() + 1;
    let mut table = vec![0u16; (a.len() + 1) * width];
    for (i, &x) in a.iter().enumerate().rev() {
        let (row, below) = table[i * width..(i + 2) * width].split_at_mut(width);
        // Filled right to left, the cell to the right carried along instead of read back.
        let mut right = 0;
        let cells = row[..b.len()].iter_mut().zip(b).zip(below.windows(2)).rev();
        for ((cell, &y), below) in cells {
            right = if x == y { below[1] + 1 } else { below[0].max(right) };
            *cell = right;
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn is_substitution(gap_a: TermRun<'_>, gap_b: TermRun<'_>) -> bool {
    !gap_a.is_empty()
        && !gap_b.is_empty()
        && gap_a.len() <= MAX_SUBSTITUTION_TERMS
        && gap_b.len() <= MAX_SUBSTITUTION_TERMS
        && (holds_substance(gap_a) || holds_substance(gap_b))
}

/// Whether a stretch of terms holds more than function words: what a substitution or wording
/// one side holds alone needs to count as evidence.
fn holds_substance(terms: TermRun<'_>) -> bool {
    terms.classes().any(|class| class != TermClass::Function)
}

fn has_number(gap: TermRun<'_>) -> bool {
    gap.iter().any(|t| t.class == TermClass::Number)
}

/// Whether both runs quote and the quoted words differ (one quote merely cut short by a
/// sentence boundary does not count).
fn quotes_differ(a: TermRun<'_>, b: TermRun<'_>) -> bool {
    let quoted = |terms: TermRun<'_>| -> Vec<TermId> {
        terms.iter().filter(|t| t.quoted).map(|t| t.id).collect()
    };
    let (qa, qb) = (quoted(a), quoted(b));
    if qa.len() < 3 || qb.len() < 3 || qa == qb {
        return false;
    }
    let (short, long) = if qa.len() <= qb.len() { (&qa, &qb) } else { (&qb, &qa) };
    !long.windows(short.len()).any(|w| w == short.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Term, Terms};
    use crate::document::Document;
    use crate::normalize;

    fn diff_texts(x: &str, y: &str) -> (WordDiff, Vec<(String, String)>) {
        let (a, b) = (analyze(&Document::new("a", x)), analyze(&Document::new("b", y)));
        let d = diff(a.terms.all(), b.terms.all());
        let (spans_x, spans_y) = (all_spans(x), all_spans(y));
        let words = d
            .substitutions
            .iter()
            .map(|s| s.spans(&spans_x, &spans_y))
            .map(|(sa, sb)| (sa.slice(x).to_string(), sb.slice(y).to_string()))
            .collect();
        (d, words)
    }

    fn all_spans(text: &str) -> Vec<Span> {
        normalize::token_spans(text, Span::new(0, text.len()))
    }

    /// The wording each side holds alone, as text.
    fn alone(d: &WordDiff, x: &str, y: &str) -> (Vec<String>, Vec<String>) {
        let text = |ranges: &[Range<usize>], text: &str| -> Vec<String> {
            let spans = all_spans(text);
            ranges.iter().map(|r| stretch_span(r.clone(), &spans).slice(text).to_string()).collect()
        };
        (text(&d.only_a, x), text(&d.only_b, y))
    }

    #[test]
    fn finds_wording_one_side_added_or_dropped() {
        let (x, y) = (
            "According to the police, the fire damaged the old pier on Tuesday.",
            "The fire reportedly damaged the pier on Tuesday, the mayor's office said in a statement.",
        );
        let (d, words) = diff_texts(x, y);
        assert!(words.is_empty(), "{words:?}");
        let (only_x, only_y) = alone(&d, x, y);
        assert_eq!(only_x, ["According to the police", "old"]);
        assert_eq!(only_y, ["reportedly", "the mayor's office said in a statement"]);
        assert_eq!(d.reach(), (9, 15), "reporting the wording reads up to the last of it");
    }

    /// A run of terms from `(id, class)` codes: a small vocabulary, so runs share terms.
    fn run_of(codes: &[(u8, u8)]) -> Terms {
        let mut terms = Terms::default();
        for &(id, class) in codes {
            terms.push(Term {
                id: u32::from(id),
                class: TermClass::from_code(class),
                quoted: false,
            });
        }
        terms
    }

    proptest::proptest! {
        #[test]
        fn one_sided_stretches_are_ordered_substantive_and_apart_from_substitutions(
            a in proptest::collection::vec((0..12u8, 0..4u8), 0..30),
            b in proptest::collection::vec((0..12u8, 0..4u8), 0..30),
        ) {
            let (a, b) = (run_of(&a), run_of(&b));
            let d = diff(a.all(), b.all());
            let sides = [
                (a.all(), &d.only_a, d.substitutions.iter().map(|s| s.a.clone()).collect::<Vec<_>>()),
                (b.all(), &d.only_b, d.substitutions.iter().map(|s| s.b.clone()).collect()),
            ];
            for (run, alone, substituted) in sides {
                let mut end = 0;
                for stretch in alone {
                    proptest::prop_assert!(end <= stretch.start && stretch.start < stretch.end);
                    proptest::prop_assert!(stretch.end <= run.len());
                    let classes = run.slice(stretch.clone()).classes().collect::<Vec<_>>();
                    proptest::prop_assert!(classes.iter().any(|&c| c != TermClass::Function));
                    let apart = |s: &Range<usize>| s.end <= stretch.start || stretch.end <= s.start;
                    proptest::prop_assert!(substituted.iter().all(apart), "{stretch:?}");
                    end = stretch.end;
                }
            }
            let (reach_a, reach_b) = d.reach();
            proptest::prop_assert!(reach_a <= a.all().len() && reach_b <= b.all().len());
        }
    }

    #[test]
    fn a_function_word_one_side_lacks_is_no_evidence() {
        let (d, _) = diff_texts("The boats burned in the harbor.", "Boats burned in harbor.");
        assert!(d.only_a.is_empty() && d.only_b.is_empty(), "{d:?}");
    }

    #[test]
    fn finds_substituted_words_and_an_altered_quote() {
        let (d, words) = diff_texts(
            "“They trust him to lead our country,” Leavitt said.",
            "“They believe in his ability to lead our country,” Leavitt said.",
        );
        assert_eq!(words, [("trust him".to_string(), "believe in his ability".to_string())]);
        assert!(d.altered_quote);
        assert!(!d.changed_number);
    }

    #[test]
    fn matching_prefix_and_suffix_first_keeps_a_longest_subsequence() {
        let cases: [(&[TermId], &[TermId]); 5] = [
            (&[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5]),
            (&[1, 2, 9, 4, 5], &[1, 2, 8, 4, 5]),
            (&[1, 2, 3], &[4, 1, 2, 3]),
            (&[7, 1, 2, 7, 3, 7], &[7, 2, 1, 3, 3, 7]),
            (&[], &[1, 2]),
        ];
        for (a, b) in cases {
            let matches = lcs_matches(a, b);
            assert_eq!(matches.len(), middle_lcs(a, b).len(), "{a:?} {b:?}");
            assert!(matches.iter().all(|&(i, j)| a[i] == b[j]));
            assert!(matches.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
        }
    }

    #[test]
    fn finds_a_changed_number() {
        let (d, words) = diff_texts("The fire damaged 14 boats.", "The fire damaged 16 boats.");
        assert!(d.changed_number);
        assert_eq!(words, [("14".to_string(), "16".to_string())]);
    }

    #[test]
    fn identical_quotes_are_not_altered() {
        let (d, _) = diff_texts("“We will rebuild,” she said.", "She said: “We will rebuild.”");
        assert!(!d.altered_quote);
    }
}
