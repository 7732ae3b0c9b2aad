//! Integrity: every cross-reference between the index's tables checked, for tests and for
//! `unspun index verify` after a crash.

use redb::{ReadableMultimapTable, ReadableTable, ReadableTableMetadata};
use rustc_hash::FxHashSet;

use crate::error::Result;
use crate::snapshot::Snapshot;
use crate::store;

/// Problems found, each a sentence; empty when the index is consistent.
pub(crate) fn problems(snapshot: &Snapshot) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let next = snapshot.next_number()?;
    let mut numbers: FxHashSet<u32> = FxHashSet::default();
    for entry in snapshot.documents.iter()? {
        let (id, bytes) = entry?;
        let id = id.value();
        let stored = match store::decode_document(id, bytes.value()) {
            Ok(stored) => stored,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        numbers.insert(stored.number);
        if stored.number >= next {
            problems.push(format!("document {id:?} has number {} >= next {next}", stored.number));
        }
        if snapshot.id(stored.number)?.as_deref() != Some(id) {
            problems.push(format!("document {id:?} is not listed under #{}", stored.number));
        }
        if let Err(e) = snapshot.layout(stored.number) {
            problems.push(e.to_string());
        }
        if let Err(e) = snapshot.key_counts(stored.number) {
            problems.push(e.to_string());
        }
    }
    let counts = [
        ("ids", snapshot.ids.len()?),
        ("layouts", snapshot.layouts.len()?),
        ("key_counts", snapshot.key_counts.len()?),
    ];
    for (table, n) in counts {
        if n != numbers.len() as u64 {
            problems.push(format!("{table} holds {n} entries for {} documents", numbers.len()));
        }
    }
    let dangling =
        |table: &str, number: u32| format!("{table} refer to missing document #{number}");
    let (posting, posted) = posting_problems(snapshot, &numbers)?;
    problems.extend(posting);
    problems.extend(story_problems(snapshot, &numbers, &posted)?);
    for entry in snapshot.sentence_docs.iter()? {
        for member in entry?.1 {
            let (_, number) = member?.value();
            if !numbers.contains(&number) {
                problems.push(dangling("sentence samples", number));
            }
        }
    }
    for entry in snapshot.edges.iter()? {
        let (from, partners) = entry?;
        let from = from.value();
        for partner in partners {
            let partner = partner?.value();
            if !numbers.contains(&from) || !numbers.contains(&partner) {
                problems.push(dangling("reuse edges", from.max(partner)));
            } else if snapshot.pairs.get((from.min(partner), from.max(partner)))?.is_none() {
                problems.push(format!("reuse edge #{from}-#{partner} has no pair"));
            }
        }
    }
    problems.dedup();
    Ok(problems)
}

/// Postings of missing documents, lists whose count or order is wrong, and a wrong total;
/// with the documents that have postings.
fn posting_problems(
    snapshot: &Snapshot,
    numbers: &FxHashSet<u32>,
) -> Result<(Vec<String>, FxHashSet<u32>)> {
    let mut problems = Vec::new();
    let mut posted = FxHashSet::default();
    let mut total = 0u64;
    snapshot.postings.visit(|key, list| {
        let (count, postings) = match list {
            Ok(list) => list,
            Err(e) => return problems.push(e.to_string()),
        };
        total += postings.len() as u64;
        if postings.len() != count || postings.is_empty() {
            problems
                .push(format!("posting list {key:016x} counts {count}, holds {}", postings.len()));
        }
        if postings.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
            problems.push(format!("posting list {key:016x} is out of order or repeats a document"));
        }
        if let Some(&(number, _)) = postings.iter().find(|(n, _)| !numbers.contains(n)) {
            problems.push(format!("postings refer to missing document #{number}"));
        }
        posted.extend(postings.iter().map(|&(number, _)| number));
    })?;
    for key in snapshot.postings.stray_overflow()? {
        problems.push(format!("overflow postings of key {key:016x} are not in its list"));
    }
    let recorded = snapshot.posting_count()?;
    if recorded != total {
        problems.push(format!("the index records {recorded} postings and holds {total}"));
    }
    Ok((problems, posted))
}

/// Stories and their tellers that do not refer to each other, and stories whose keys are
/// posted for another document than their first teller, or not at all.
fn story_problems(
    snapshot: &Snapshot,
    numbers: &FxHashSet<u32>,
    posted: &FxHashSet<u32>,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for entry in snapshot.stories.iter()? {
        let (story, tellers) = entry?;
        let story = story.value();
        for (position, teller) in tellers.enumerate() {
            let teller = teller?.value();
            if !numbers.contains(&teller) {
                problems.push(format!("stories refer to missing document #{teller}"));
            } else if snapshot.story_of(teller)? != Some(story) {
                problems.push(format!("document #{teller} tells story {story:016x} unrecorded"));
            }
            let keyed = snapshot.key_counts(teller).is_ok_and(|counts| counts.keys > 0);
            if position == 0 && keyed && !posted.contains(&teller) {
                problems.push(format!("story {story:016x} has no posted keys"));
            }
            if position > 0 && posted.contains(&teller) {
                problems.push(format!("document #{teller} posts the keys of story {story:016x}"));
            }
        }
    }
    for entry in snapshot.story_of.iter()? {
        let (teller, story) = entry?;
        let (teller, story) = (teller.value(), story.value());
        let listed = snapshot.story_tellers(story, |n| n != teller, 1)?;
        if listed.is_empty() {
            problems.push(format!("document #{teller}'s story {story:016x} is not listed"));
        }
    }
    Ok(problems)
}
