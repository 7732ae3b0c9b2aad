//! Attribution by witnesses for planned pairs. A planned pair's witnesses are the documents
//! paired with both of its sides; the planned pairs hold every pair of a batch document, and
//! the stored pairs linking an archived side to the batch document's other partners are read
//! here, so the core's vote sees the same witnesses a scan of the whole archive would.

use rustc_hash::{FxHashMap, FxHashSet};
use unspun_core::attribute::witnesses::{self, PairBook};
use unspun_core::ReusePair;

use crate::error::Result;
use crate::plan::{Partner, PlannedPair};
use crate::snapshot::Snapshot;

/// Names the likely original of each undecided planned pair where its witnesses agree.
pub(crate) fn decide_undecided(snapshot: &Snapshot, planned: &mut [PlannedPair]) -> Result<()> {
    let stored = stored_links(snapshot, planned)?;
    let pairs: Vec<&ReusePair> = planned.iter().map(|p| &p.pair).collect();
    let book = PairBook::new(pairs.iter().copied().chain(&stored));
    let found = witnesses::witnessed_sources(&pairs, &book);
    for named in found {
        let at = named.at;
        named.apply_to(&mut planned[at].pair);
    }
    Ok(())
}

/// The stored pairs between the archived side of an undecided planned pair and the archived
/// documents its batch document is also paired with.
fn stored_links(snapshot: &Snapshot, planned: &[PlannedPair]) -> Result<Vec<ReusePair>> {
    let mut archived_partners: FxHashMap<usize, FxHashSet<u32>> = FxHashMap::default();
    for p in planned {
        if let Partner::Archived(number) = p.partner {
            archived_partners.entry(p.doc).or_default().insert(number);
        }
    }
    let mut links: FxHashSet<(u32, u32)> = FxHashSet::default();
    for p in planned.iter().filter(|p| p.pair.source.is_none()) {
        let Partner::Archived(side) = p.partner else { continue };
        let others = &archived_partners[&p.doc];
        for partner in snapshot.partners(side)? {
            if others.contains(&partner) {
                links.insert((side.min(partner), side.max(partner)));
            }
        }
    }
    let mut links: Vec<(u32, u32)> = links.into_iter().collect();
    links.sort_unstable();
    links.into_iter().map(|(x, y)| snapshot.pair(x, y)).collect()
}
