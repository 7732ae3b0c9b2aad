//! Reuse families in the index: the documents reachable from one document through stored
//! reuse pairs, with the member the pairs' attributions point to as the original.

use std::collections::VecDeque;

use rustc_hash::FxHashSet;
use serde::Serialize;
use unspun_core::{cluster, ReusePair};

use crate::error::Result;
use crate::snapshot::Snapshot;

/// Members a family walk visits at most.
pub const MAX_FAMILY: usize = 10_000;

/// A reuse family as the index stores it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyView {
    /// Member ids, sorted.
    pub members: Vec<String>,
    /// The likely original, when the attributions agree on one.
    pub source: Option<String>,
    /// Members that tell the source's story word for word with nothing to order them against
    /// it: any of them may be the original.
    pub source_twins: Vec<String>,
    /// The reuse pairs linking the members, sorted by `(a, b)`.
    pub pairs: Vec<ReusePair>,
    /// Whether the walk stopped at [`MAX_FAMILY`] members.
    pub truncated: bool,
}

/// The family of document `number` (id `id`).
pub(crate) fn family(snapshot: &Snapshot, number: u32, id: &str) -> Result<FamilyView> {
    let mut seen: FxHashSet<u32> = [number].into_iter().collect();
    let mut queue: VecDeque<u32> = [number].into_iter().collect();
    let mut linked: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut pairs = Vec::new();
    let mut truncated = false;
    while let Some(current) = queue.pop_front() {
        for partner in snapshot.partners(current)? {
            if linked.insert((current.min(partner), current.max(partner))) {
                pairs.push(snapshot.pair(current, partner)?);
            }
            if seen.len() >= MAX_FAMILY {
                truncated = true;
            } else if seen.insert(partner) {
                queue.push_back(partner);
            }
        }
    }
    pairs.sort_by(|p, q| (&p.a, &p.b).cmp(&(&q.a, &q.b)));
    let family = cluster::families(&pairs).into_iter().next();
    let (members, source, source_twins) = match family {
        Some(family) => (family.members, family.source, family.source_twins),
        None => (vec![id.to_string()], None, Vec::new()),
    };
    Ok(FamilyView { members, source, source_twins, pairs, truncated })
}
