//! Twins: which documents tell the same story word for word?
//!
//! A syndicated story reaches many sites unchanged but for each site's furniture and line
//! breaks. Two such copies are twins: their story sentences hold the same terms and, but for
//! which whitespace character stands between two words, the same text, and sit at the same
//! places relative to the first of them. Everything matching and classification read of a
//! pair comes from the two stories, so what they find for a document and another holds for
//! every twin of either, at sentence indexes shifted by where each twin's story starts: a scan
//! aligns the pairs of twins of the same two documents once (see [`Twins::shared_work`]).

use std::borrow::Cow;
use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use crate::prepared::PreparedDocument;

/// Most classes one bucket of equal story hashes is split into: stories that hash alike but
/// differ are rare, and a document that matches none of the classes kept is left without
/// twins rather than compared with every one.
const CLASSES_PER_BUCKET: usize = 8;

/// The twin classes of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Twins {
    /// For each document, the first document (in corpus order) that tells its story.
    first: Vec<u32>,
}

impl Twins {
    /// Finds the twins among `docs`. Texts are read back only for documents whose story hashes
    /// like another's; a document whose text cannot be read has no twin.
    pub fn find(docs: &[PreparedDocument]) -> Twins {
        let mut keyed: Vec<(u64, u32)> = docs
            .par_iter()
            .enumerate()
            .filter_map(|(i, doc)| story_hash(doc).map(|hash| (hash, i as u32)))
            .collect();
        keyed.par_sort_unstable();
        let buckets: Vec<&[(u64, u32)]> =
            keyed.chunk_by(|x, y| x.0 == y.0).filter(|bucket| bucket.len() > 1).collect();
        let mut first: Vec<u32> = (0..docs.len() as u32).collect();
        let found: Vec<Vec<(u32, u32)>> =
            buckets.par_iter().map(|bucket| classes(docs, bucket)).collect();
        for (doc, class) in found.into_iter().flatten() {
            first[doc as usize] = class;
        }
        Twins { first }
    }

    /// The first document that tells `doc`'s story (`doc` itself when no earlier one does).
    pub fn first(&self, doc: u32) -> u32 {
        self.first[doc as usize]
    }

    /// For each document, the first document that tells its story.
    pub fn firsts(&self) -> &[u32] {
        &self.first
    }

    /// Documents that tell the story of an earlier document word for word.
    pub fn later_twins(&self) -> usize {
        self.first.iter().enumerate().filter(|&(i, &f)| i as u32 != f).count()
    }

    /// `pairs` cut into runs of pairs whose first documents are twins and whose second
    /// documents are twins: one alignment serves a whole run. Runs come in the order of their
    /// first pairs, each in the order of its pairs.
    pub fn shared_work(&self, pairs: &[(u32, u32)]) -> SharedWork {
        let mut run_of: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut numbered: Vec<(u32, (u32, u32))> = pairs
            .iter()
            .map(|&(a, b)| {
                let next = run_of.len() as u32;
                (*run_of.entry((self.first(a), self.first(b))).or_insert(next), (a, b))
            })
            .collect();
        numbered.par_sort_by_key(|&(run, _)| run);
        let mut bounds = Vec::with_capacity(run_of.len() + 1);
        bounds.push(0);
        for run in numbered.chunk_by(|x, y| x.0 == y.0) {
            bounds.push(bounds[bounds.len() - 1] + run.len());
        }
        SharedWork { pairs: numbered.into_iter().map(|(_, pair)| pair).collect(), bounds }
    }
}

/// Pairs in runs that one alignment serves (see [`Twins::shared_work`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedWork {
    pairs: Vec<(u32, u32)>,
    /// Where each run starts in `pairs`, then where the last one ends.
    bounds: Vec<usize>,
}

impl SharedWork {
    /// The runs, in order.
    pub fn runs(&self) -> Vec<&[(u32, u32)]> {
        self.bounds.windows(2).map(|w| &self.pairs[w[0]..w[1]]).collect()
    }
}

/// The index of a document's first story sentence: a twin's sentence `i + start(twin) -
/// start(doc)` is `doc`'s sentence `i`.
pub fn story_start(doc: &PreparedDocument) -> usize {
    doc.content_sentences().next().unwrap_or(0)
}

/// A hash of what twins share that needs no text: each story sentence's place relative to the
/// first, its length and its term ids. `None` for a document with no story.
pub fn story_hash(doc: &PreparedDocument) -> Option<u64> {
    let start = doc.content_sentences().next()?;
    let mut hasher = FxHasher::default();
    for i in doc.content_sentences() {
        hasher.write_usize(i - start);
        hasher.write_u32(doc.span(i).len() as u32);
        for &id in doc.terms(i).ids() {
            hasher.write_u32(id);
        }
    }
    Some(hasher.finish())
}

/// Splits a bucket of documents whose stories hash alike into twin classes; returns each
/// document that has an earlier twin with that twin's index.
fn classes(docs: &[PreparedDocument], bucket: &[(u64, u32)]) -> Vec<(u32, u32)> {
    let mut kept: Vec<(u32, Cow<'_, str>)> = Vec::new();
    let mut twins = Vec::new();
    for &(_, index) in bucket {
        let doc = &docs[index as usize];
        let Ok(text) = doc.text() else { continue };
        let told = kept.iter().find(|(first, first_text)| {
            same_story((&docs[*first as usize], first_text), (doc, &text))
        });
        match told {
            Some(&(first, _)) => twins.push((index, first)),
            None if kept.len() < CLASSES_PER_BUCKET => kept.push((index, text)),
            None => {}
        }
    }
    twins
}

/// Whether two documents, each with its text, tell the same story word for word.
fn same_story(
    (a, text_a): (&PreparedDocument, &str),
    (b, text_b): (&PreparedDocument, &str),
) -> bool {
    let (start_a, start_b) = (story_start(a), story_start(b));
    let mut sentences_b = b.content_sentences();
    let same_sentences = a.content_sentences().all(|i| {
        sentences_b.next().is_some_and(|j| {
            i - start_a == j - start_b
                && a.terms(i).iter().eq(b.terms(j).iter())
                && same_words(a.span(i).slice(text_a), b.span(j).slice(text_b))
        })
    });
    same_sentences && sentences_b.next().is_none()
}

/// Whether two texts are the same but for which ASCII whitespace character stands where.
fn same_words(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (x.is_ascii_whitespace() && y.is_ascii_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{NoProgress, PipelineBuilder};
    use crate::Document;

    const STORY: &str =
        "Engineers closed the Cedar River bridge on Friday after divers found cracks.\n\
        The county said repairs to the 1952 span would take at least nine months.\n\
        Commuters face a detour of twelve miles through the hills north of Alder Falls.\n\
        The ferry will run every half hour until the bridge reopens, officials said.";

    fn twins_of(texts: &[&str]) -> Vec<u32> {
        let docs = texts.iter().enumerate().map(|(i, t)| Document::new(i.to_string(), *t));
        let prepared =
            PipelineBuilder::new().build().unwrap().prepare(docs.collect(), &NoProgress).0;
        let twins = Twins::find(&prepared);
        (0..texts.len() as u32).map(|i| twins.first(i)).collect()
    }

    #[test]
    fn rewrapped_copies_under_other_furniture_are_twins() {
        let furniture = "Home | News | Sport | Weather\nSubscribe to our newsletter\n\n";
        let headed = format!("{furniture}{}\n\nClick to comment\n", STORY.replace('\n', " "));
        assert_eq!(twins_of(&[STORY, &headed, STORY]), [0, 0, 0]);
    }

    #[test]
    fn any_edit_to_the_story_parts_twins() {
        let reworded = STORY.replace("miles", "kilometres");
        let disguised = STORY.replace("officials said", "оfficials said");
        let dropped = STORY.replace(
            "The county said repairs to the 1952 span would take at least nine months.\n",
            "",
        );
        // The same terms, lengths and places: only the texts tell these apart.
        let punctuated = STORY.replace("reopens,", "reopens;");
        let found = twins_of(&[STORY, &reworded, &disguised, &dropped, &punctuated, STORY]);
        assert_eq!(found, [0, 1, 2, 3, 4, 0]);
    }

    #[test]
    fn a_document_without_a_story_has_no_twin() {
        assert_eq!(twins_of(&["", "", STORY]), [0, 1, 2]);
    }

    #[test]
    fn shared_work_runs_pairs_of_the_same_twins_together() {
        let twins = Twins { first: vec![0, 1, 0, 3, 1] };
        let work = twins.shared_work(&[(0, 1), (1, 3), (2, 4), (0, 4), (2, 1)]);
        assert_eq!(work.runs(), [&[(0, 1), (2, 4), (0, 4), (2, 1)][..], &[(1, 3)][..]]);
    }
}
