//! Reuse families: connected groups of documents linked by reported pairs, each with the
//! member that the pairwise attributions point to as the original and the members that tell
//! its story word for word with nothing to order them against it; and the disjoint sets that
//! find connected groups, which candidate generation uses too.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::reuse::{Family, Relation, ReusePair};

/// Groups documents into families and picks each family's likely source. Verbatim copies that
/// no date or credit line orders are the source's twins: the votes of the other members cannot
/// tell them from the source, so the family names them beside it.
pub fn families(pairs: &[ReusePair]) -> Vec<Family> {
    let mut ids: Vec<&str> = pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]).collect();
    ids.par_sort_unstable();
    ids.dedup();
    let index: FxHashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut groups = DisjointSets::new(ids.len());
    let mut votes = vec![0.0f32; ids.len()];
    let mut twins: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for pair in pairs {
        let (a, b) = (index[pair.a.as_str()], index[pair.b.as_str()]);
        groups.join(a, b);
        match &pair.source {
            Some(source) => {
                let (winner, loser) = if *source == pair.a { (a, b) } else { (b, a) };
                votes[winner] += pair.source_confidence;
                votes[loser] -= pair.source_confidence;
            }
            None if pair.relation == Relation::Verbatim => {
                twins.entry(a).or_default().push(b);
                twins.entry(b).or_default().push(a);
            }
            None => {}
        }
    }
    let mut members_of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for member in 0..ids.len() {
        members_of.entry(groups.first_member(member)).or_default().push(member);
    }
    let mut families: Vec<Vec<usize>> = members_of.into_values().collect();
    families.sort_unstable_by_key(|members| members[0]);
    families
        .into_iter()
        .enumerate()
        .map(|(n, members)| {
            let source = likely_source(&members, &votes);
            let mut source_twins = source.and_then(|s| twins.remove(&s)).unwrap_or_default();
            source_twins.sort_unstable();
            Family {
                cluster: n + 1,
                source: source.map(|m| ids[m].to_string()),
                source_twins: source_twins.iter().map(|&m| ids[m].to_string()).collect(),
                members: members.iter().map(|&m| ids[m].to_string()).collect(),
            }
        })
        .collect()
}

/// The member with the most net attribution votes, if any member has positive votes.
fn likely_source(members: &[usize], votes: &[f32]) -> Option<usize> {
    let best =
        members.iter().copied().max_by(|&x, &y| votes[x].total_cmp(&votes[y]).then(y.cmp(&x)))?;
    (votes[best] > 0.0).then_some(best)
}

/// Disjoint sets of `0..n`, joined two members at a time: the connected groups of a graph
/// given edge by edge.
pub(crate) struct DisjointSets {
    /// Each member's parent towards its group's first member, which is its own parent.
    parent: Vec<usize>,
}

impl DisjointSets {
    /// `n` groups of one member each.
    pub(crate) fn new(n: usize) -> Self {
        DisjointSets { parent: (0..n).collect() }
    }

    /// The smallest member of `x`'s group.
    pub(crate) fn first_member(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Puts `x` and `y` in one group.
    pub(crate) fn join(&mut self, x: usize, y: usize) {
        let (rx, ry) = (self.first_member(x), self.first_member(y));
        if rx != ry {
            self.parent[rx.max(ry)] = rx.min(ry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str, source: Option<&str>) -> ReusePair {
        related(a, b, Relation::Verbatim, source)
    }

    fn related(a: &str, b: &str, relation: Relation, source: Option<&str>) -> ReusePair {
        ReusePair {
            a: a.into(),
            b: b.into(),
            relation,
            score: 1.0,
            source: source.map(Into::into),
            source_confidence: 0.9,
            coverage_a: 1.0,
            coverage_b: 1.0,
            aligned_sentences: 5,
            passages: Vec::new(),
            flags: Vec::new(),
        }
    }

    #[test]
    fn connected_pairs_form_families_with_a_source() {
        let found =
            families(&[pair("a", "b", Some("a")), pair("b", "c", None), pair("x", "y", None)]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].members, ["a", "b", "c"]);
        assert_eq!(found[0].source.as_deref(), Some("a"));
        assert_eq!(found[1].members, ["x", "y"]);
        assert_eq!(found[1].source, None);
        assert!(found.iter().all(|f| f.source_twins.is_empty()));
    }

    #[test]
    fn verbatim_copies_of_the_source_left_unordered_are_its_twins() {
        let found = families(&[
            pair("a", "b", None),
            pair("a", "d", Some("d")),
            related("a", "c", Relation::Spun, Some("a")),
            related("b", "c", Relation::Spun, Some("b")),
            related("c", "d", Relation::Spun, Some("d")),
            related("a", "e", Relation::NearDuplicate, None),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].source.as_deref(), Some("d"));
        assert!(found[0].source_twins.is_empty(), "a dated copy is no twin");

        let found = families(&[
            pair("b", "a", None),
            pair("a", "d", None),
            related("a", "c", Relation::Spun, Some("a")),
            related("b", "c", Relation::Spun, Some("b")),
            related("c", "d", Relation::Spun, Some("d")),
            related("a", "e", Relation::NearDuplicate, None),
        ]);
        assert_eq!(found[0].source.as_deref(), Some("a"));
        assert_eq!(found[0].source_twins, ["b", "d"]);
    }
}
