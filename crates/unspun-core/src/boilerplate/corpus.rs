//! The corpus-learned boilerplate model: sentences that recur across documents which share
//! nothing else.
//!
//! A sentence seen in at least `min_documents` documents is judged by sampling those documents.
//! In each, the run of shared sentences around it is compared with the document's longest run of
//! its own sentences, both measured in bytes of prose (sentences in paragraphs worded like
//! furniture weigh nothing): site furniture is a shared run less than half the size of the
//! document's own body that sits at its edges, while the body of a syndicated story, or an
//! excerpt of it, is the large shared run, and a sentence a reworded copy left intact sits
//! between the copy's own prose. A sentence shared only by a reuse family therefore stays
//! content. When every holder rewords the story around it (a headline or a closing line that
//! spun copies of a brief left intact), their own sentences name the same people and figures
//! in other words, where furniture sits beside stories that name other ones: a document whose
//! own sentences name what another sampled document's do casts no furniture vote.
//!
//! Size alone cannot tell a short story from long furniture: a three-sentence brief under a
//! four-paragraph comment policy looks, by its runs, like a policy syndicated with three
//! sentences of furniture. When the corpus names each document's site, a sentence that one
//! site repeats across most of its sample, and that more documents hold than a story's copies
//! do, is judged as that site's own: furniture wherever the document has a body's worth of
//! prose of its own and the sentence does not sit inside it. Syndicated stories cross sites,
//! so their samples rarely come from one, and a site's archive republishing a story a few
//! times does not reach the count. Whatever its site, a document casts the same vote when its
//! own story shows in the counts: a body's worth of consecutive prose in sentences held by at
//! most a quarter as many documents, not outweighed four times by the shared run. This finds
//! furniture in a corpus that names no sites, or that a group of sites shares. The copies of
//! a syndicated story hold little such prose: their other text is their outlets' furniture,
//! itself widely held. A reworded copy holds much, so these votes must make two thirds.
//!
//! In a corpus too small for those counts, one more shape is read as furniture: a block at the
//! foot of the page that every sampled document holds whole, furniture lines and all, and that
//! is all they share. It may be up to twice as long as each document's own story (the
//! headlines of a "Most Popular" list not counted), where other shared runs must be under
//! half: a site's one-paragraph stories under its subscription plea and letters policy. That shape
//! alone is judged for a sentence held by fewer documents than the corpus minimum, down to two
//! pages of one site.

use std::hash::Hash;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// Documents sampled per recurring sentence.
pub const SAMPLE: usize = 9;
const _: () = assert!(SAMPLE <= u16::BITS as usize, "a sample's holders are bits of a u16");

/// What the corpus model reads of one document: the recurrence key of each sentence, the bytes
/// of prose each holds (0 when its paragraph is worded like furniture), and a rank drawn from
/// the document's id that decides which documents are sampled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceLayout {
    /// Sampling rank: the documents with the lowest ranks holding a sentence are its sample.
    pub rank: u64,
    /// Hash of the site that published the document, 0 when unknown.
    pub site: u64,
    /// Recurrence key of each sentence.
    pub keys: Vec<u64>,
    /// Bytes of prose of each sentence.
    pub prose_lengths: Vec<u32>,
    /// Hash of each sentence's names and numbers in order, 0 when it holds fewer than two:
    /// what a spinner leaves of a sentence it rewords.
    pub name_keys: Vec<u32>,
    /// Whether each sentence is an item of a list of short lines below the last paragraph of
    /// prose: a "Most Popular" list, or a list of links.
    pub list_items: Vec<bool>,
}

/// Keys of the sentences judged boilerplate across the corpus. The sentences of one story or
/// one outlet's furniture are held by the same documents and so share a sample: each sample
/// is read once for all of them.
pub(crate) fn learn(layouts: &[SentenceLayout], min_documents: usize) -> FxHashSet<u64> {
    let recurring = recurring(layouts, JUDGED_HOLDERS);
    let counts: FxHashMap<u64, u32> = recurring
        .iter()
        .filter(|(_, docs)| docs.len() >= min_documents)
        .map(|(key, docs)| (*key, docs.len() as u32))
        .collect();
    let held_by = |layout: &SentenceLayout| -> Vec<u32> {
        layout.keys.iter().map(|key| counts.get(key).copied().unwrap_or(1)).collect()
    };
    let mut sampled: Vec<(Vec<u32>, u64, usize)> = recurring
        .into_par_iter()
        .map(|(key, docs)| (lowest_ranked(&docs, layouts), key, docs.len()))
        .collect();
    sampled.par_sort_unstable();
    sampled
        .par_chunk_by(|x, y| x.0 == y.0)
        .flat_map_iter(|keys| {
            let members: Vec<&SentenceLayout> =
                keys[0].0.iter().map(|&d| &layouts[d as usize]).collect();
            let widely_held = keys.iter().any(|&(_, _, holders)| holders >= HOUSE_HOLDERS);
            let counted =
                if widely_held { members.iter().map(|l| held_by(l)).collect() } else { Vec::new() };
            let sample = Sample::new(members, counted);
            keys.iter()
                .filter(move |&&(_, key, holders)| sample.is_furniture(key, holders, min_documents))
                .map(|&(_, key, _)| key)
        })
        .collect()
}

/// The sentence keys held by at least `min_documents` documents, ascending, each with its
/// documents in document order. Built by sorting (key, document) pairs rather than growing a
/// list per key: most sentences of a corpus occur once, and a list each would cost several
/// times the pair.
fn recurring(layouts: &[SentenceLayout], min_documents: usize) -> Vec<(u64, Vec<u32>)> {
    let mut holdings = holdings(layouts);
    holdings.par_sort_unstable();
    holdings.dedup();
    let key = |holding: &u128| (holding >> 32) as u64;
    holdings
        .chunk_by(|x, y| key(x) == key(y))
        .filter(|held| held.len() >= min_documents)
        .map(|held| (key(&held[0]), held.iter().map(|&holding| holding as u32).collect()))
        .collect()
}

/// Documents whose holdings [`holdings`] fills in one task.
const HOLDINGS_BLOCK: usize = 1024;

/// Every (sentence key, document) pair of the corpus as one integer, the key above the
/// document, so that sorting orders by key, then document. The vector is allocated once, at
/// its size, and filled in parallel a block of documents at a time: collecting from a
/// parallel iterator of unknown length grew and copied pieces and took most of the time of
/// learning.
fn holdings(layouts: &[SentenceLayout]) -> Vec<u128> {
    let held = |block: &[SentenceLayout]| block.iter().map(|l| l.keys.len()).sum::<usize>();
    let mut holdings = vec![0u128; held(layouts)];
    let mut rest = holdings.as_mut_slice();
    let mut parts = Vec::with_capacity(layouts.len().div_ceil(HOLDINGS_BLOCK));
    for block in layouts.chunks(HOLDINGS_BLOCK) {
        let (part, tail) = std::mem::take(&mut rest).split_at_mut(held(block));
        parts.push(part);
        rest = tail;
    }
    let blocks = layouts.par_chunks(HOLDINGS_BLOCK).enumerate();
    parts.into_par_iter().zip(blocks).for_each(|(part, (number, block))| {
        let first = number * HOLDINGS_BLOCK;
        let of_block = block.iter().enumerate().flat_map(|(i, layout)| {
            let doc = u128::from((first + i) as u32);
            layout.keys.iter().map(move |&key| u128::from(key) << 32 | doc)
        });
        part.iter_mut().zip(of_block).for_each(|(slot, holding)| *slot = holding);
    });
    holdings
}

/// The [`SAMPLE`] documents of `docs` with the lowest ranks: a sample that depends only on
/// which documents hold the sentence, not on their order.
fn lowest_ranked(docs: &[u32], layouts: &[SentenceLayout]) -> Vec<u32> {
    let mut ranked: Vec<(u64, u32)> = docs.iter().map(|&d| (layouts[d as usize].rank, d)).collect();
    if ranked.len() > SAMPLE {
        ranked.select_nth_unstable(SAMPLE - 1);
        ranked.truncate(SAMPLE);
    }
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, d)| d).collect()
}

/// Whether the sentence `key`, held by `holders` documents, is furniture, judged on a sample of
/// them (see `Sample::is_furniture`; documents past the first [`SAMPLE`] are not read).
/// `held_by` gives, for each sampled document, how many documents of the corpus hold each of
/// its sentences, 1 for a sentence held by fewer than the minimum documents of a recurring
/// sentence (what `scan` knows of them); it is read only when `holders` reaches
/// [`HOUSE_HOLDERS`] and may be empty otherwise.
pub fn is_furniture(
    key: u64,
    holders: usize,
    min_documents: usize,
    sample: &[&SentenceLayout],
    held_by: &[Vec<u32>],
) -> bool {
    let sample = &sample[..sample.len().min(SAMPLE)];
    holders >= JUDGED_HOLDERS
        && Sample::new(sample.to_vec(), held_by.to_vec()).is_furniture(key, holders, min_documents)
}

/// Documents that must hold a sentence for it to be judged at all. One held by fewer than the
/// corpus minimum of documents (`min_documents`) is furniture only as a footer (a block every
/// holder closes its page with, furniture lines and all; see the module documentation): two
/// pages of one site close with the same block and share nothing else, where two documents
/// sharing any other sentence are more likely reuse.
pub const JUDGED_HOLDERS: usize = 2;

/// Documents sampled among those holding a recurring sentence, with which of each one's
/// sentences recur within the sample.
struct Sample<'l> {
    layouts: Vec<&'l SentenceLayout>,
    /// For each document, which others of the sample hold each of its sentences.
    shared: Vec<Vec<Held>>,
    /// For each document, how many documents of the corpus hold each of its sentences (empty
    /// when not counted).
    held_by: Vec<Vec<u32>>,
    /// For each document, whether a sentence of its own names the same names and numbers as a
    /// sentence of another sampled document's own: the two are rewordings of one story.
    reworded: Vec<bool>,
}

impl<'l> Sample<'l> {
    fn new(layouts: Vec<&'l SentenceLayout>, held_by: Vec<Vec<u32>>) -> Self {
        let seen_in = holders_in_sample(layouts.iter().map(|l| l.keys.iter().copied()));
        let held = |key: &u64| match seen_in[key].count_ones() as usize {
            n if n == layouts.len() => Held::Everywhere,
            n if n >= 2 => Held::Shared,
            _ => Held::Own,
        };
        let shared: Vec<Vec<Held>> =
            layouts.iter().map(|l| l.keys.iter().map(held).collect()).collect();
        let reworded = reworded(&layouts, &shared);
        Sample { layouts, shared, held_by, reworded }
    }

    /// Whether the sentence `key` is furniture: in most of the sample, the run of sentences
    /// shared within the sample around it is less than half as long as the document's
    /// longest run of its own, or, in documents of the site that repeats it (when at least
    /// [`HOUSE_HOLDERS`] documents hold it), beside a body's worth of the document's own prose,
    /// or beside a story of the document's own (see [`Beside`]). Votes cast only for a story
    /// of their own must, with the others, make two thirds: a reworded copy's own sentences are
    /// such a story too, but in a syndicated story's sample the untouched copies outvote them.
    fn is_furniture(&self, key: u64, holders: usize, min_documents: usize) -> bool {
        let footer_only = holders < min_documents;
        let widely_held = holders >= HOUSE_HOLDERS;
        let house = self.house_site().filter(|_| widely_held);
        let (mut votes, mut story_votes) = (0, 0);
        for (d, layout) in self.layouts.iter().enumerate() {
            let beside = match (house, self.held_by.get(d)) {
                (Some(site), _) if site == layout.site => Beside::HouseSite,
                (_, Some(counts)) if widely_held => {
                    Beside::RareProse(rare_prose(&layout.prose_lengths, counts, holders))
                }
                _ => Beside::Nothing,
            };
            let minor =
                |beside| shared_run_is_minor(key, layout, &self.shared[d], beside, footer_only);
            if minor(beside) && !self.reworded[d] {
                match beside {
                    Beside::RareProse(_) if !minor(Beside::Nothing) => story_votes += 1,
                    _ => votes += 1,
                }
            }
        }
        let n = self.layouts.len();
        votes * 2 > n || (votes + story_votes) * 3 >= n * 2
    }

    /// The known site that published at least [`HOUSE_DOCUMENTS`] and two thirds of the
    /// sample, if one did.
    fn house_site(&self) -> Option<u64> {
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        for layout in self.layouts.iter().filter(|l| l.site != 0) {
            *counts.entry(layout.site).or_default() += 1;
        }
        let (site, count) = counts.into_iter().max_by_key(|&(site, count)| (count, site))?;
        (count >= HOUSE_DOCUMENTS && count * 3 >= self.layouts.len() * 2).then_some(site)
    }
}

/// Which of a sample hold a sentence of one of its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// That document alone.
    Own,
    /// Another of the sample too.
    Shared,
    /// Every document of the sample.
    Everywhere,
}

/// For each sampled document, whether one of its own sentences ([`Held::Own`]) names what a
/// sentence of another's own names ([`SentenceLayout::name_keys`]). Furniture sits beside
/// stories that name other people and figures; a sentence that reworded copies of one story
/// all left intact sits beside sentences that name the same ones in other words.
fn reworded(layouts: &[&SentenceLayout], shared: &[Vec<Held>]) -> Vec<bool> {
    let own_names = |d: usize| {
        let layout = layouts[d];
        let own =
            layout.name_keys.iter().zip(&shared[d]).filter(|&(&k, &s)| k != 0 && s == Held::Own);
        own.map(|(&k, _)| k)
    };
    let holders = holders_in_sample((0..layouts.len()).map(own_names));
    (0..layouts.len()).map(|d| own_names(d).any(|k| holders[&k].count_ones() >= 2)).collect()
}

/// For each key that the documents of a sample hold (each document's keys given in turn),
/// which of them hold it, as a bit per document: a sample has at most [`SAMPLE`] documents.
fn holders_in_sample<K: Hash + Eq>(
    documents: impl Iterator<Item = impl Iterator<Item = K>>,
) -> FxHashMap<K, u16> {
    let mut holders: FxHashMap<K, u16> = FxHashMap::default();
    for (d, keys) in documents.enumerate() {
        for key in keys {
            *holders.entry(key).or_default() |= 1 << d;
        }
    }
    holders
}

/// Sampled documents of one site that make a sentence that site's own: a site that repeats a
/// story a few times (updates, a second section) does not make it furniture.
const HOUSE_DOCUMENTS: usize = 5;

/// Documents that must hold a sentence before it can be judged a site's own: twice a sample,
/// more than the copies of one story that a site's archive holds.
pub const HOUSE_HOLDERS: usize = 2 * SAMPLE;

/// Bytes of own prose a shared run needs on each side to count as part of the story: more than
/// a headline or a list item, about one sentence of body text.
const ENCLOSING_PROSE: u32 = 100;

/// What a sampled document holds, besides a widely held sentence, that makes the sentence
/// furniture even when it is longer than the document's own prose.
#[derive(Debug, Clone, Copy)]
enum Beside {
    /// Nothing: the sentence is judged by size alone.
    Nothing,
    /// The document is of the site that repeats the sentence: any body's worth of own prose.
    HouseSite,
    /// Bytes of the document's longest stretch of prose in sentences held by at most a quarter
    /// as many documents as the sentence: its own story, when a body's worth and not
    /// outweighed four times.
    RareProse(u32),
}

/// Bytes of the longest stretch of prose whose sentences are each held by at most a quarter of
/// `holders` documents: a story, where a headline or a byline alone is too short to count.
/// Sentences of no prose (worded like furniture) neither extend nor break a stretch.
fn rare_prose(lengths: &[u32], held_by: &[u32], holders: usize) -> u32 {
    let rare = |count: u32| count as usize * 4 <= holders;
    let (mut longest, mut stretch) = (0, 0);
    for (&bytes, &count) in lengths.iter().zip(held_by).filter(|(&bytes, _)| bytes > 0) {
        stretch = if rare(count) { stretch + bytes } else { 0 };
        longest = longest.max(stretch);
    }
    longest
}

/// Whether the shared run containing `key` is minor: less than half as long (in bytes) as the
/// longest own run (on the site that repeats it: an own run of a body's worth), and not
/// enclosed by own prose on both sides. A story sentence that a reworded copy left intact sits
/// between sentences the copy changed; furniture sits at the edges of the story, or between
/// lines too short to be body text. A footer, but for the headlines of a list closing the page,
/// is minor when shorter than twice the longest own run: a run every sampled document holds whole,
/// that holds a line of no prose (worded like furniture), that no prose of the document's own
/// follows, and that is all the document shares with them. A site's long comment policy under
/// its short stories goes with the copyright line and "Most Popular" list beside it, while a
/// syndicated story, wire credit line and all, outweighs what each copy adds, a brief sits
/// above its outlet's own furniture, and a reworded copy shares its story in several places.
fn shared_run_is_minor(
    key: u64,
    layout: &SentenceLayout,
    shared: &[Held],
    beside: Beside,
    footer_only: bool,
) -> bool {
    let runs = runs(key, layout, shared);
    let own = runs.iter().filter(|r| !r.shared).map(|r| r.bytes).max().unwrap_or(0);
    let beside_body = |run: &Run| match beside {
        Beside::Nothing => false,
        Beside::HouseSite => own >= ENCLOSING_PROSE,
        Beside::RareProse(bytes) => bytes >= ENCLOSING_PROSE && bytes * 4 >= run.bytes,
    };
    let is_prose = |at: usize| runs.get(at).is_some_and(|r| r.bytes >= ENCLOSING_PROSE);
    let enclosed = |at: usize| at > 0 && is_prose(at - 1) && is_prose(at + 1);
    let shared_prose = |at: usize| runs[at].shared && is_prose(at);
    let shares_only = |at: usize| (0..runs.len()).all(|other| other == at || !shared_prose(other));
    let ends_prose = |at: usize| (at + 1..runs.len()).all(|later| !is_prose(later));
    let is_footer = |at: usize, run: &Run| run.is_footer() && shares_only(at) && ends_prose(at);
    let small = |at: usize, run: &Run| {
        let footer = is_footer(at, run) && run.bytes - run.list_bytes < 2 * own;
        footer || (!footer_only && (run.bytes * 2 < own || beside_body(run)))
    };
    runs.iter()
        .enumerate()
        .filter(|(_, run)| run.holds_key)
        .all(|(at, run)| small(at, run) && !enclosed(at))
}

/// A maximal run of sentences that are all shared or all own.
struct Run {
    shared: bool,
    bytes: u32,
    holds_key: bool,
    /// Whether every sampled document holds each of its sentences.
    everywhere: bool,
    /// Whether it holds a sentence of no prose (worded like furniture).
    holds_furniture: bool,
    /// Bytes of its sentences that are items of a list closing the page.
    list_bytes: u32,
}

impl Run {
    fn new(held: Held) -> Self {
        Run {
            shared: held != Held::Own,
            bytes: 0,
            holds_key: false,
            everywhere: true,
            holds_furniture: false,
            list_bytes: 0,
        }
    }

    /// Adds the next sentence, of the same sharing.
    fn extend(&mut self, held: Held, sentence: LaidSentence) {
        self.bytes += sentence.bytes;
        self.holds_key |= sentence.is_key;
        self.everywhere &= held == Held::Everywhere;
        self.holds_furniture |= sentence.bytes == 0;
        self.list_bytes += if sentence.in_list { sentence.bytes } else { 0 };
    }

    /// A block every sampled document holds whole, lines worded like furniture included: a
    /// site's furniture, or a story with its credit line.
    fn is_footer(&self) -> bool {
        self.everywhere && self.holds_furniture
    }
}

/// What a run reads of one sentence.
#[derive(Clone, Copy)]
struct LaidSentence {
    bytes: u32,
    is_key: bool,
    in_list: bool,
}

/// The document's sentences grouped into alternating shared and own runs.
fn runs(key: u64, layout: &SentenceLayout, shared: &[Held]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let sentences = layout.keys.iter().zip(&layout.prose_lengths).zip(&layout.list_items);
    for (((&k, &bytes), &in_list), &held) in sentences.zip(shared) {
        let sentence = LaidSentence { bytes, is_key: k == key, in_list };
        match runs.last_mut() {
            Some(run) if run.shared == (held != Held::Own) => run.extend(held, sentence),
            _ => {
                let mut run = Run::new(held);
                run.extend(held, sentence);
                runs.push(run);
            }
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents as key sequences with 100-byte sentences, from no known site.
    fn learn_from(docs: &[&[u64]]) -> FxHashSet<u64> {
        learn_from_sites(&docs.iter().map(|keys| (0, *keys)).collect::<Vec<_>>())
    }

    /// Documents as (site, key sequence) with 100-byte sentences that name nothing.
    fn learn_from_sites(docs: &[(u64, &[u64])]) -> FxHashSet<u64> {
        let named: Vec<(u64, &[u64], Vec<u32>)> =
            docs.iter().map(|(site, keys)| (*site, *keys, vec![0; keys.len()])).collect();
        learn_from_named(&named.iter().map(|(s, k, n)| (*s, *k, n.as_slice())).collect::<Vec<_>>())
    }

    /// Documents as (site, key sequence, name key of each sentence) with 100-byte sentences.
    fn learn_from_named(docs: &[(u64, &[u64], &[u32])]) -> FxHashSet<u64> {
        let layouts: Vec<SentenceLayout> = docs
            .iter()
            .enumerate()
            .map(|(rank, (site, keys, names))| SentenceLayout {
                rank: rank as u64,
                site: *site,
                keys: keys.to_vec(),
                prose_lengths: vec![100; keys.len()],
                name_keys: names.to_vec(),
                list_items: vec![false; keys.len()],
            })
            .collect();
        learn(&layouts, 3)
    }

    /// [`HOUSE_HOLDERS`] briefs of three sentences (10.., 20.., ...) under one header line (1)
    /// and a five-sentence footer (2..6), each published by `site(n)`.
    fn briefs(site: impl Fn(u64) -> u64) -> FxHashSet<u64> {
        let docs: Vec<(u64, Vec<u64>)> = (1..=HOUSE_HOLDERS as u64)
            .map(|n| (site(n), vec![1, n * 10, n * 10 + 1, n * 10 + 2, 2, 3, 4, 5, 6]))
            .collect();
        learn_from_sites(&docs.iter().map(|(s, k)| (*s, k.as_slice())).collect::<Vec<_>>())
    }

    #[test]
    fn outlet_furniture_is_learned() {
        // Three unrelated stories (bodies 10.., 20.., 30..) under one outlet's lines 1 and 2.
        let learned = learn_from(&[&[1, 10, 11, 12, 2], &[1, 20, 21, 22, 2], &[1, 30, 31, 32, 2]]);
        assert_eq!(learned, [1, 2].into_iter().collect());
    }

    #[test]
    fn syndicated_body_is_content() {
        // One story (10..13) carried by three outlets with their own furniture.
        let learned =
            learn_from(&[&[1, 10, 11, 12, 13, 2], &[3, 10, 11, 12, 13, 4], &[5, 10, 11, 12, 13]]);
        assert!(learned.is_empty(), "{learned:?}");
    }

    #[test]
    fn a_sentence_a_reworded_copy_kept_is_content() {
        // A source (10..16), an excerpt of it (10, 12), and a reworded copy that kept only
        // sentence 12 (its others, 20.., are reworded): in the source and the reworded copy,
        // 12 sits between longer runs of their own prose.
        let learned = learn_from(&[
            &[1, 10, 11, 12, 13, 14, 15, 16, 2],
            &[3, 10, 12, 4],
            &[5, 20, 21, 12, 23, 24, 25, 6],
        ]);
        assert!(!learned.contains(&12), "{learned:?}");
    }

    #[test]
    fn furniture_between_short_lines_is_learned() {
        // Line 2 sits between one-off short lines (list items) above each story.
        let layouts: Vec<SentenceLayout> =
            [[1u64, 40, 2, 41, 10, 11, 12], [1, 50, 2, 51, 20, 21, 22], [1, 60, 2, 61, 30, 31, 32]]
                .iter()
                .enumerate()
                .map(|(rank, keys)| SentenceLayout {
                    rank: rank as u64,
                    site: 0,
                    keys: keys.to_vec(),
                    prose_lengths: keys.iter().map(|&k| if k >= 40 { 30 } else { 100 }).collect(),
                    name_keys: vec![0; keys.len()],
                    list_items: vec![false; keys.len()],
                })
                .collect();
        let learned = learn(&layouts, 3);
        assert!(learned.contains(&2), "{learned:?}");
    }

    #[test]
    fn a_site_long_footer_under_short_stories_is_learned() {
        assert_eq!(briefs(|_| 7), [1, 2, 3, 4, 5, 6].into_iter().collect());
    }

    #[test]
    fn without_sites_a_footer_beside_stories_of_their_own_is_learned() {
        // By size alone the footer could be a story syndicated with short furniture; the
        // stories, each held by one document, show it is not.
        assert_eq!(briefs(|_| 0), [1, 2, 3, 4, 5, 6].into_iter().collect());
    }

    #[test]
    fn a_story_syndicated_widely_without_sites_is_content() {
        // A four-sentence story (10..13) carried by 18 documents of six outlets, each outlet
        // also publishing 20 stories of its own (100_000..) under the same header and footer.
        let mut docs: Vec<Vec<u64>> = Vec::new();
        for outlet in 0..6u64 {
            let (header, footer) = (1000 + outlet, [2000 + outlet, 2100 + outlet]);
            let page = |story: &[u64]| [&[header][..], story, &footer[..]].concat();
            docs.extend((0..3).map(|_| page(&[10, 11, 12, 13])));
            docs.extend((0..20).map(|n| {
                let first = 100_000 + (outlet * 20 + n) * 10;
                page(&[first, first + 1, first + 2])
            }));
        }
        let learned = learn_from(&docs.iter().map(Vec::as_slice).collect::<Vec<_>>());
        assert!((10..=13).all(|k| !learned.contains(&k)), "{learned:?}");
        assert!(learned.contains(&1000) && learned.contains(&2100), "{learned:?}");
    }

    #[test]
    fn a_footer_a_group_of_sites_shares_under_their_own_stories_is_learned() {
        // Three sites of one group, one furniture: no site holds two thirds of a sample, but
        // each brief is a story of its own beside the footer.
        assert_eq!(briefs(|n| n % 3 + 1), [1, 2, 3, 4, 5, 6].into_iter().collect());
    }

    #[test]
    fn a_story_one_site_repeats_beside_other_sites_is_content() {
        // A two-sentence story (10, 11) that site 7 published four times (updates, each with
        // a new sentence of its own) and two other sites once.
        let learned = learn_from_sites(&[
            (7, &[10, 11, 30]),
            (7, &[10, 11, 31]),
            (7, &[10, 11, 32]),
            (7, &[10, 11, 33]),
            (8, &[10, 11, 40, 41]),
            (9, &[10, 11, 50, 51]),
        ]);
        assert!(learned.is_empty(), "{learned:?}");
    }

    #[test]
    fn a_story_whose_sample_holds_reworded_copies_is_content() {
        // A story (10..13) carried by 20 documents of no known site, five of the nine sampled
        // ones reworded after its first sentence (their own sentences 500..): a story of their
        // own each, but the untouched copies keep the first sentence content.
        let mut docs: Vec<Vec<u64>> = Vec::new();
        for n in 0..20u64 {
            let outlet = n % 4;
            let (header, footer) = (1000 + outlet, 2000 + outlet);
            let body = if n % 9 < 5 && n < 9 {
                vec![10, 500 + n * 10, 501 + n * 10, 502 + n * 10]
            } else {
                vec![10, 11, 12, 13]
            };
            docs.push([vec![header], body, vec![footer]].concat());
        }
        for n in 0..100u64 {
            let first = 100_000 + n * 10;
            docs.push(vec![1000 + n % 4, first, first + 1, first + 2, 2000 + n % 4]);
        }
        let learned = learn_from(&docs.iter().map(Vec::as_slice).collect::<Vec<_>>());
        assert!(!learned.contains(&10), "{learned:?}");
    }

    #[test]
    fn a_site_archive_repeating_a_story_keeps_it() {
        // One site published a story (10, 11) six times, each version with a new sentence:
        // fewer holders than furniture has.
        let versions: Vec<Vec<u64>> = (0..6).map(|n| vec![10, 11, 30 + n]).collect();
        let learned =
            learn_from_sites(&versions.iter().map(|v| (7, v.as_slice())).collect::<Vec<_>>());
        assert!(learned.is_empty(), "{learned:?}");
    }

    #[test]
    fn a_headline_that_reworded_copies_left_intact_is_content() {
        // A headline (10) over a source's three sentences (20..) and over two reworded copies
        // of them (30.., 40..): in other words, the same names and numbers (900..).
        let story: [&[u32]; 3] = [&[0, 900, 901, 902], &[0, 900, 0, 902], &[0, 0, 901, 902]];
        let bodies: [&[u64]; 3] = [&[10, 20, 21, 22], &[10, 30, 31, 32], &[10, 40, 41, 42]];
        let docs: Vec<_> =
            bodies.iter().zip(story).map(|(keys, names)| (0, *keys, names)).collect();
        assert!(learn_from_named(&docs).is_empty());
        // The same line over three stories that name other things is furniture.
        let other: [&[u32]; 3] = [&[0, 900, 901, 902], &[0, 910, 0, 912], &[0, 0, 921, 922]];
        let docs: Vec<_> =
            bodies.iter().zip(other).map(|(keys, names)| (0, *keys, names)).collect();
        assert_eq!(learn_from_named(&docs), [10].into_iter().collect());
    }

    /// Documents as key sequences with the given bytes of prose per sentence.
    fn learn_weighed(docs: &[(&[u64], &[u32])]) -> FxHashSet<u64> {
        let layouts: Vec<SentenceLayout> = docs
            .iter()
            .enumerate()
            .map(|(rank, (keys, lengths))| SentenceLayout {
                rank: rank as u64,
                keys: keys.to_vec(),
                prose_lengths: lengths.to_vec(),
                name_keys: vec![0; keys.len()],
                list_items: vec![false; keys.len()],
                ..SentenceLayout::default()
            })
            .collect();
        learn(&layouts, 3)
    }

    /// Three five-sentence stories (10.., 20.., 30..; 500 bytes) over a 300-byte house rule
    /// (1..3) and, when given, a closing line in each that weighs no prose.
    fn short_stories_under_a_house_rule(closing: Option<[u64; 3]>) -> FxHashSet<u64> {
        let pages: Vec<Vec<u64>> = (1..=3u64)
            .map(|n| {
                let story = (0..5).map(|i| n * 10 + i);
                let line = closing.map(|lines| lines[n as usize - 1]);
                story.chain([1, 2, 3]).chain(line).collect()
            })
            .collect();
        let lengths: &[u32] = &[100, 100, 100, 100, 100, 100, 100, 100, 0];
        learn_weighed(
            &pages.iter().map(|keys| (&keys[..], &lengths[..keys.len()])).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn a_footer_worded_like_furniture_in_part_goes_with_it_under_short_stories() {
        let learned = short_stories_under_a_house_rule(Some([4, 4, 4]));
        assert_eq!(learned, [1, 2, 3, 4].into_iter().collect());
        // Worded like prose throughout, the rule is more than half a story: size alone
        // cannot tell it from a story syndicated with a few lines of furniture.
        assert!(short_stories_under_a_house_rule(None).is_empty());
    }

    #[test]
    fn below_the_corpus_minimum_only_a_footer_is_furniture() {
        // Two pages of one site close with the same house rule and copyright line.
        let lengths: &[u32] = &[100, 100, 100, 100, 100, 100, 100, 100, 0];
        let pages: [&[u64]; 2] =
            [&[10, 11, 12, 13, 14, 1, 2, 3, 4], &[20, 21, 22, 23, 24, 1, 2, 3, 4]];
        let learned = learn_weighed(&pages.map(|keys| (keys, lengths)));
        assert_eq!(learned, [1, 2, 3, 4].into_iter().collect());
        // Two stories that close with the same two sentences and no furniture line: a
        // quotation, not a footer, though under half of each story.
        let pages: [&[u64]; 2] = [&[10, 11, 12, 13, 14, 1, 2], &[20, 21, 22, 23, 24, 1, 2]];
        assert!(learn_weighed(&pages.map(|keys| (keys, &lengths[..7]))).is_empty());
    }

    #[test]
    fn a_brief_above_its_outlets_own_furniture_is_content() {
        // A three-sentence brief (10..12) and a share bar (4) every outlet prints, above each
        // outlet's own four-sentence policy worded like prose: a footer is the document's end.
        let lengths: &[u32] = &[100, 100, 100, 0, 100, 100, 100, 100];
        let docs: [&[u64]; 3] = [
            &[10, 11, 12, 4, 20, 21, 22, 23],
            &[10, 11, 12, 4, 30, 31, 32, 33],
            &[10, 11, 12, 4, 40, 41, 42, 43],
        ];
        assert!(learn_weighed(&docs.map(|keys| (keys, lengths))).is_empty());
    }

    #[test]
    fn the_closing_sentences_reworded_copies_kept_are_content() {
        // Reworded copies of a story kept its opening (10, 150 bytes) and its closing
        // sentences (12, 13) above a share bar (4): they share more than the closing block.
        let lengths: &[u32] = &[150, 100, 100, 100, 100, 100, 0];
        let docs: [&[u64]; 3] = [
            &[10, 20, 21, 22, 12, 13, 4],
            &[10, 30, 31, 32, 12, 13, 4],
            &[10, 40, 41, 42, 12, 13, 4],
        ];
        let learned = learn_weighed(&docs.map(|keys| (keys, lengths)));
        assert!(!learned.contains(&12) && !learned.contains(&13), "{learned:?}");
    }

    #[test]
    fn a_footer_up_to_twice_each_short_story_goes_with_it() {
        // Three pages of one site, each a headline and one sentence (10.., 20.., 30..; 170
        // bytes) above a closing block of two sentences of prose and a furniture line (1..3).
        let lengths: &[u32] = &[50, 120, 100, 100, 0];
        let docs: [&[u64]; 3] = [&[10, 11, 1, 2, 3], &[20, 21, 1, 2, 3], &[30, 31, 1, 2, 3]];
        let learned = learn_weighed(&docs.map(|keys| (keys, lengths)));
        assert_eq!(learned, [1, 2, 3].into_iter().collect());
        // Four sentences of prose in the block are more than twice each page's own: as likely
        // a story syndicated, credit line and all, under each outlet's own headline.
        let lengths: &[u32] = &[50, 120, 100, 100, 100, 100, 0];
        let docs: [&[u64]; 3] =
            [&[10, 11, 1, 2, 4, 5, 3], &[20, 21, 1, 2, 4, 5, 3], &[30, 31, 1, 2, 4, 5, 3]];
        assert!(learn_weighed(&docs.map(|keys| (keys, lengths))).is_empty());
    }

    #[test]
    fn a_block_that_some_holders_print_without_its_furniture_is_judged_by_size() {
        // The copyright line in two documents of three: no block every document holds whole.
        let learned = short_stories_under_a_house_rule(Some([4, 4, 5]));
        assert!(!learned.contains(&1), "{learned:?}");
    }

    #[test]
    fn a_story_syndicated_with_its_credit_line_is_content() {
        // A five-sentence story (10..14) and its wire's credit line (4), carried by three
        // outlets under headers of their own (1, 2, 3).
        let lengths: &[u32] = &[100, 100, 100, 100, 100, 100, 0];
        let docs: [&[u64]; 3] =
            [&[1, 10, 11, 12, 13, 14, 4], &[2, 10, 11, 12, 13, 14, 4], &[3, 10, 11, 12, 13, 14, 4]];
        assert!(learn_weighed(&docs.map(|keys| (keys, lengths))).is_empty());
    }

    #[test]
    fn rare_sentences_are_never_judged() {
        assert!(learn_from(&[&[1, 10], &[1, 20]]).is_empty());
    }
}
