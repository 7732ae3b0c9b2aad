//! Attribution by witnesses for planned pairs. A planned pair's witnesses are the documents
//! paired with both of its sides; the planned pairs hold every pair of a batch document, and
//! the stored pairs linking an archived side to the batch document's other partners are read
//! here, so the core's vote sees the same witnesses a scan of the whole archive would.

use rustc_hash::{FxHashMap, FxHashSet};
use unspun_core::attribute::witnesses::{self, PairBook, MAX_WITNESSES};
use unspun_core::ReusePair;

use crate::error::Result;
use crate::plan::{Partner, PlannedPair};
use crate::snapshot::Snapshot;

/// Names the likely original of each undecided planned pair where its witnesses agree; `ids`
/// are the batch documents' ids.
pub(crate) fn decide_undecided(
    snapshot: &Snapshot,
    ids: &[&str],
    planned: &mut [PlannedPair],
) -> Result<()> {
    let stored = stored_links(snapshot, ids, planned)?;
    let pairs: Vec<&ReusePair> = planned.iter().map(|p| &p.pair).collect();
    let book = PairBook::new(pairs.iter().copied().chain(&stored));
    let found = witnesses::witnessed_sources(&pairs, &book);
    for named in found {
        let at = named.at;
        named.apply_to(&mut planned[at].pair);
    }
    Ok(())
}

/// The stored pairs that make witnesses of undecided planned pairs: for a planned pair of a
/// batch document and an archived side, those linking the side to the document's other
/// partners, taken in id order until [`MAX_WITNESSES`] partners are linked to the side (the
/// witnesses the vote reads), so a story with hundreds of copies reads a few links per pair,
/// not every link among its copies.
fn stored_links(
    snapshot: &Snapshot,
    ids: &[&str],
    planned: &[PlannedPair],
) -> Result<Vec<ReusePair>> {
    let mut partners_by_id: FxHashMap<usize, Vec<(&str, Partner)>> = FxHashMap::default();
    for p in planned {
        let own = ids[p.doc];
        let other = if p.pair.a == own { &p.pair.b } else { &p.pair.a };
        partners_by_id.entry(p.doc).or_default().push((other.as_str(), p.partner));
    }
    for partners in partners_by_id.values_mut() {
        partners.sort_unstable();
    }
    let planned_links: FxHashSet<(usize, Partner)> =
        planned.iter().map(|p| (p.doc, p.partner)).collect();
    let mut links: FxHashSet<(u32, u32)> = FxHashSet::default();
    for p in planned.iter().filter(|p| p.pair.source.is_none()) {
        let Partner::Archived(side) = p.partner else { continue };
        let mut witnesses = 0;
        for &(_, other) in &partners_by_id[&p.doc] {
            if witnesses == MAX_WITNESSES {
                break;
            }
            let linked = match other {
                Partner::Archived(number) if number != side => {
                    let link = (side.min(number), side.max(number));
                    let stored = snapshot.pairs.get(link)?.is_some();
                    if stored {
                        links.insert(link);
                    }
                    stored
                }
                Partner::Archived(_) => false,
                Partner::Batch(other) => planned_links.contains(&(other, p.partner)),
            };
            witnesses += usize::from(linked);
        }
    }
    let mut links: Vec<(u32, u32)> = links.into_iter().collect();
    links.sort_unstable();
    links.into_iter().map(|(x, y)| snapshot.pair(x, y)).collect()
}
