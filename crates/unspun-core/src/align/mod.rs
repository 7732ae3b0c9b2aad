//! Alignment: which sentence of one document is which sentence of the other?
//!
//! Sentence pairs that share substance are scored with [`similarity::similarity`], then matched
//! greedily, best first, one to one, in any order (copies move paragraphs). Clear matches stand
//! alone; weaker ones must sit next to another match, as reworded sentences do and chance
//! resemblances between independent reports do not. A final pass joins a neighbouring sentence
//! into a match when that explains a merge or split. Each match carries its word-level [`diff`].

pub mod diff;
pub mod similarity;

use rustc_hash::FxHashMap;

use crate::analysis::{TermClass, TermId, TermRun};
use crate::prepared::PreparedDocument;
use diff::WordDiff;
use similarity::{Bag, Scorer};

/// Similarity thresholds of sentence matching.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignConfig {
    /// A sentence pair at least this similar is a match on its own.
    pub strong_similarity: f32,
    /// A pair at least this similar is a match when a neighbouring pair also matches.
    pub supported_similarity: f32,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig { strong_similarity: 0.5, supported_similarity: 0.36 }
    }
}

/// One aligned unit: one or two adjacent sentences on each side.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedSentences {
    /// Sentence indices in document a (ascending, adjacent).
    pub a: Vec<usize>,
    /// Sentence indices in document b (ascending, adjacent).
    pub b: Vec<usize>,
    /// Similarity of the two sides.
    pub similarity: f32,
    /// Word-level differences.
    pub diff: WordDiff,
}

/// All aligned units of a document pair, ordered by their position in document a.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// The aligned units.
    pub units: Vec<AlignedSentences>,
}

/// A scored sentence pair, by position in the content-sentence lists.
#[derive(Debug, Clone, Copy)]
struct Scored {
    similarity: f32,
    x: usize,
    y: usize,
}

/// Aligns the story sentences of two documents.
pub fn align(a: &PreparedDocument, b: &PreparedDocument, config: AlignConfig) -> Alignment {
    let sa: Vec<usize> = a.content_sentences().collect();
    let sb: Vec<usize> = b.content_sentences().collect();
    let mut scored = score_pairs(a, &sa, b, &sb, config.supported_similarity);
    scored.sort_by(|p, q| {
        q.similarity.total_cmp(&p.similarity).then(p.x.cmp(&q.x)).then(p.y.cmp(&q.y))
    });
    let matched = match_greedily(&scored, sa.len(), sb.len(), config.strong_similarity);
    let mut used_a: Vec<bool> = vec![false; a.boilerplate.len()];
    let mut used_b: Vec<bool> = vec![false; b.boilerplate.len()];
    for m in &matched {
        used_a[sa[m.x]] = true;
        used_b[sb[m.y]] = true;
    }
    let mut units: Vec<AlignedSentences> = matched
        .into_iter()
        .map(|m| {
            let mut unit = Unit { a: vec![sa[m.x]], b: vec![sb[m.y]], similarity: m.similarity };
            unit.grow(Side { doc: a, used: &mut used_a }, Side { doc: b, used: &mut used_b });
            let diff = diff::diff(a.run_terms(&unit.a), b.run_terms(&unit.b));
            AlignedSentences { a: unit.a, b: unit.b, similarity: unit.similarity, diff }
        })
        .collect();
    units.sort_by_key(|u| (u.a[0], u.b[0]));
    Alignment { units }
}

/// Scores every sentence pair that shares enough substance to be worth scoring.
fn score_pairs(
    a: &PreparedDocument,
    sa: &[usize],
    b: &PreparedDocument,
    sb: &[usize],
    floor: f32,
) -> Vec<Scored> {
    let mut index: FxHashMap<TermId, Vec<(usize, f32)>> = FxHashMap::default();
    for (y, &j) in sb.iter().enumerate() {
        for (id, w) in distinct_substance(b.terms(j)) {
            index.entry(id).or_default().push((y, w));
        }
    }
    let bags_b: Vec<Bag> = sb.iter().map(|&j| Bag::new(b.terms(j))).collect();
    let mut scorer = Scorer::default();
    let mut shared = vec![0.0f32; sb.len()];
    let mut out = Vec::new();
    for (x, &i) in sa.iter().enumerate() {
        shared.iter_mut().for_each(|s| *s = 0.0);
        for (id, _) in distinct_substance(a.terms(i)) {
            for &(y, w) in index.get(&id).into_iter().flatten() {
                shared[y] += w;
            }
        }
        let bag_a = Bag::new(a.terms(i));
        for (y, &substance) in shared.iter().enumerate() {
            if substance < 1.2 {
                continue;
            }
            let (terms_a, terms_b) = (a.terms(i), b.terms(sb[y]));
            match scorer.similarity_reaching(terms_a, &bag_a, terms_b, &bags_b[y], floor) {
                Some(s) if s >= floor => out.push(Scored { similarity: s, x, y }),
                _ => {}
            }
        }
    }
    out
}

/// Distinct non-function terms of a sentence with their weights.
fn distinct_substance(terms: TermRun<'_>) -> Vec<(TermId, f32)> {
    let mut ids: Vec<(TermId, f32)> = terms
        .iter()
        .filter(|t| t.class != TermClass::Function)
        .map(|t| (t.id, similarity::weight(t.class)))
        .collect();
    ids.sort_unstable_by_key(|x| x.0);
    ids.dedup_by_key(|x| x.0);
    ids
}

/// One-to-one matching: strong pairs first, then weaker pairs next to an accepted neighbour.
fn match_greedily(scored: &[Scored], na: usize, nb: usize, strong: f32) -> Vec<Scored> {
    let mut used_a = vec![false; na];
    let mut used_b = vec![false; nb];
    let mut accepted: Vec<Scored> = Vec::new();
    let mut take = |s: &Scored, accepted: &mut Vec<Scored>| {
        if !used_a[s.x] && !used_b[s.y] {
            used_a[s.x] = true;
            used_b[s.y] = true;
            accepted.push(*s);
        }
    };
    for s in scored.iter().filter(|s| s.similarity >= strong) {
        take(s, &mut accepted);
    }
    loop {
        let before = accepted.len();
        for s in scored.iter().filter(|s| s.similarity < strong) {
            let supported =
                accepted.iter().any(|m| m.x.abs_diff(s.x) == 1 && m.y.abs_diff(s.y) == 1);
            if supported {
                take(s, &mut accepted);
            }
        }
        if accepted.len() == before {
            return accepted;
        }
    }
}

/// A document and which of its sentences are already aligned.
struct Side<'d, 'u> {
    doc: &'d PreparedDocument,
    used: &'u mut Vec<bool>,
}

impl Side<'_, '_> {
    /// The free story sentence right before (`-1`) or after (`1`) a run, if there is one.
    fn free_neighbour(&self, run: &[usize], direction: isize) -> Option<usize> {
        let edge =
            if direction > 0 { run[run.len() - 1] as isize + 1 } else { run[0] as isize - 1 };
        let i = usize::try_from(edge).ok()?;
        let free = i < self.used.len() && !self.used[i] && !self.doc.boilerplate[i];
        (free && !self.doc.analysis.sentences[i].terms.is_empty()).then_some(i)
    }
}

/// A match being built: runs of sentences on both sides and their similarity.
struct Unit {
    a: Vec<usize>,
    b: Vec<usize>,
    similarity: f32,
}

impl Unit {
    /// Joins a free adjacent sentence on either side when the joined text matches clearly
    /// better (a merge or a split).
    fn grow(&mut self, a: Side<'_, '_>, b: Side<'_, '_>) {
        for (grow_a, direction) in [(true, 1isize), (true, -1), (false, 1), (false, -1)] {
            let (side, run) = if grow_a { (&a, &self.a) } else { (&b, &self.b) };
            let Some(candidate) = side.free_neighbour(run, direction) else { continue };
            let mut trial = run.clone();
            trial.push(candidate);
            trial.sort_unstable();
            let (ta, tb) = if grow_a { (&trial, &self.b) } else { (&self.a, &trial) };
            let s = similarity::similarity(a.doc.run_terms(ta), b.doc.run_terms(tb));
            if s > self.similarity + 0.05 {
                self.similarity = s;
                if grow_a {
                    a.used[candidate] = true;
                    self.a = trial;
                } else {
                    b.used[candidate] = true;
                    self.b = trial;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{NoProgress, PipelineBuilder};
    use crate::Document;

    fn aligned(a: &str, b: &str) -> (Vec<PreparedDocument>, Alignment) {
        let docs = vec![Document::new("a", a), Document::new("b", b)];
        let prepared = PipelineBuilder::new().build().unwrap().prepare(docs, &NoProgress).0;
        let alignment = align(&prepared[0], &prepared[1], AlignConfig::default());
        (prepared, alignment)
    }

    #[test]
    fn moved_paragraphs_still_align() {
        let a = "The council approved the harbor budget on Tuesday evening.\n\
                 The mayor said the seawall would be finished by next spring.\n\
                 Ferry fares will rise by two dollars from the first of June.";
        let b = "Ferry fares will rise by two dollars from the first of June.\n\
                 The council approved the harbor budget on Tuesday evening.\n\
                 The mayor said the seawall would be finished by next spring.";
        let (_, alignment) = aligned(a, b);
        let pairs: Vec<(usize, usize)> = alignment.units.iter().map(|u| (u.a[0], u.b[0])).collect();
        assert_eq!(pairs, [(0, 1), (1, 2), (2, 0)]);
    }

    #[test]
    fn a_merged_sentence_aligns_with_both_halves() {
        let a = "The council approved the harbor budget on Tuesday evening after a long debate. \
                 The mayor said the new seawall would be finished by next spring.";
        let b =
            "The council approved the harbor budget on Tuesday evening after a long debate, and \
                 the mayor said the new seawall would be finished by next spring.";
        let (_, alignment) = aligned(a, b);
        assert_eq!(alignment.units.len(), 1);
        assert_eq!(alignment.units[0].a, [0, 1]);
        assert_eq!(alignment.units[0].b, [0]);
        assert!(alignment.units[0].similarity > 0.9);
    }

    #[test]
    fn unrelated_sentences_do_not_align() {
        let a = "The council approved the harbor budget on Tuesday evening.";
        let b = "Local bakers won three prizes at the county fair this weekend.";
        assert!(aligned(a, b).1.units.is_empty());
    }
}
