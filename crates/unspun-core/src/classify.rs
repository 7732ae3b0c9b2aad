//! Classification: is an alignment reuse at all, and of which kind?
//!
//! Reuse needs several aligned sentences (weak matches, headlines and quotes count less: two
//! reports may quote one statement, and independent reports match a sentence by chance)
//! covering a fair share of at least one document, or one long passage aligned in order on
//! both sides, however little of either it covers (a story copied into a long roundup). A
//! match whose sides name different things (other names, other numbers) is no evidence at
//! all: spinners reword the words around names and numbers and keep those, while reports
//! written from one form (earnings tables, dividend notices) keep the words and change the
//! names and numbers. The kind follows from how much of each side is covered, how the
//! uncovered text is spread, and how much the wording changed; see the README's "Relations
//! and thresholds" for the numbers.

use std::sync::LazyLock;

use crate::align::{AlignedSentences, Alignment, Matching, SentenceMatch};
use crate::analysis::{self, TermClass, TermId, TermRun};
use crate::fingerprint::DocumentCounts;
use crate::prepared::{PairTexts, PreparedDocument};
use crate::reuse::Relation;
use crate::{lexicon, normalize};

/// Thresholds of the reuse decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifyConfig {
    /// Weighted aligned units that make reuse on their own.
    pub min_aligned: f32,
    /// Share of the better-covered document that aligned text must reach.
    pub min_coverage: f32,
    /// Mean similarity at or above which text counts as lightly edited rather than spun.
    pub edited_similarity: f32,
    /// Share of units with reworded content words at or above which a copy counts as spun when
    /// its mean similarity is within 0.1 of `edited_similarity`; twice this share is spun at any
    /// similarity (house edits touch a few sentences, spinners most of them).
    pub spun_reworded_share: f32,
    /// Coverage of the less-covered side below which a lightly edited copy is an excerpt.
    pub excerpt_coverage: f32,
    /// Coverage of the less-covered side below which a copy whose uncovered text is scattered
    /// (two or more gaps) is an excerpt rather than a copy with a paragraph dropped.
    pub scattered_excerpt_coverage: f32,
}

impl Default for ClassifyConfig {
    fn default() -> Self {
        ClassifyConfig {
            min_aligned: 3.0,
            min_coverage: 0.25,
            edited_similarity: 0.8,
            spun_reworded_share: 0.25,
            excerpt_coverage: 0.5,
            scattered_excerpt_coverage: 0.8,
        }
    }
}

/// What classification concluded about a pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// The kind of reuse.
    pub relation: Relation,
    /// Evidence strength: mean similarity times the coverage of the better-covered side.
    pub score: f32,
    /// Share of a's story text aligned.
    pub coverage_a: f32,
    /// Share of b's story text aligned.
    pub coverage_b: f32,
}

/// Summary numbers of an alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measures {
    /// Aligned units.
    aligned: usize,
    /// Aligned units, weighted by strength and substance.
    units: f32,
    /// Units copied nearly word for word (similarity at least 0.95) that are not mostly quotes.
    copied: usize,
    /// Copied units long enough that no second writer would word them the same by chance.
    long_copied: usize,
    mean_similarity: f32,
    coverage_a: f32,
    coverage_b: f32,
    /// Shares of a's and b's story text aligned by units that name the same things: the
    /// coverage that counts as evidence.
    evidence: (f32, f32),
    /// Runs of unaligned story sentences in the less-covered document.
    gaps: usize,
    /// Weighted units (as in `units`) of the heaviest passage aligned in order on both sides
    /// (see [`Passage`]).
    passage: f32,
}

impl Measures {
    fn lower_coverage(&self) -> f32 {
        self.coverage_a.min(self.coverage_b)
    }

    fn higher_coverage(&self) -> f32 {
        self.coverage_a.max(self.coverage_b)
    }
}

/// An alignment judged to be reuse, its kind not yet named.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    measures: Measures,
}

/// Decides whether the matched sentences show reuse, reading terms and sentence records only
/// (a scan's texts may be parked out of memory, and words are compared only in reuse).
/// `df` tells how common the names and numbers of a match are, which weighs what its sides
/// share against what each holds alone.
pub fn assess(
    a: &PreparedDocument,
    b: &PreparedDocument,
    matching: &Matching,
    config: ClassifyConfig,
    df: &dyn DocumentCounts,
) -> Option<Assessment> {
    let measures = measure(a, b, &matching.units, df)?;
    is_reuse(&measures, config).then_some(Assessment { measures })
}

impl Assessment {
    /// Names the kind of reuse from the alignment of the assessed matches. The documents'
    /// texts tell a copy left untouched from one with edits a reader would see.
    pub fn verdict(
        &self,
        (a, b): (&PreparedDocument, &PreparedDocument),
        texts: PairTexts<'_>,
        alignment: &Alignment,
        config: ClassifyConfig,
    ) -> Verdict {
        let m = &self.measures;
        let unchanged = || alignment.units.iter().all(|unit| is_unchanged(a, b, texts, unit));
        let reworded = alignment.units.iter().filter(|unit| rewords_content(a, b, unit)).count();
        let reworded_share = reworded as f32 / alignment.units.len().max(1) as f32;
        Verdict {
            relation: relation(m, reworded_share, config, unchanged),
            score: m.mean_similarity * m.higher_coverage(),
            coverage_a: m.coverage_a,
            coverage_b: m.coverage_b,
        }
    }
}

/// The evidence ladder: the less of either side the aligned text covers, the more (and the
/// more exactly) aligned sentences it takes.
fn is_reuse(m: &Measures, config: ClassifyConfig) -> bool {
    let (higher, lower) = (m.evidence.0.max(m.evidence.1), m.evidence.0.min(m.evidence.1));
    m.passage >= LONG_PASSAGE_UNITS
        || higher >= config.min_coverage
            && (m.units >= config.min_aligned
                || m.copied >= 3
                || m.long_copied >= 2
                || (m.units >= 2.0 && higher >= 0.6 && m.mean_similarity >= 0.6)
                || (m.units >= 2.0 && higher >= 0.5 && m.mean_similarity >= 0.95)
                || (m.aligned >= 2 && m.units >= 1.0 && higher >= 0.6 && m.mean_similarity >= 0.9)
                || (m.units >= 1.0 && lower >= 0.8))
}

/// The kind of reuse, given the share of units whose content words were reworded;
/// `unchanged` tells whether every unit reads the same on both sides.
fn relation(
    m: &Measures,
    reworded_share: f32,
    config: ClassifyConfig,
    unchanged: impl FnOnce() -> bool,
) -> Relation {
    let lower = m.lower_coverage();
    let reworded = reworded_share >= 2.0 * config.spun_reworded_share
        || (reworded_share >= config.spun_reworded_share
            && m.mean_similarity < config.edited_similarity + 0.1);
    if m.mean_similarity < config.edited_similarity || reworded {
        Relation::Spun
    } else if lower < config.excerpt_coverage
        || (lower < config.scattered_excerpt_coverage && m.gaps >= 2)
    {
        Relation::Excerpt
    } else if lower >= 0.97 && unchanged() {
        Relation::Verbatim
    } else {
        Relation::NearDuplicate
    }
}

fn measure(
    a: &PreparedDocument,
    b: &PreparedDocument,
    units: &[SentenceMatch],
    df: &dyn DocumentCounts,
) -> Option<Measures> {
    if units.is_empty() {
        return None;
    }
    let (mut aligned_a, mut aligned_b, mut weighted, mut weight) = (0usize, 0usize, 0.0f32, 0.0f32);
    let (mut evidence_a, mut evidence_b) = (0usize, 0usize);
    let (mut counted, mut copied, mut long_copied) = (0.0f32, 0usize, 0usize);
    let mut anchors = AnchorSets::default();
    let mut passage = Passage::default();
    // Read only once a unit is not copied exactly: most reported pairs have none.
    let mut numbers_disagree = None;
    for unit in units {
        passage.follow(unit);
        let (ba, bb) = (run_bytes(a, &unit.a), run_bytes(b, &unit.b));
        aligned_a += ba;
        aligned_b += bb;
        weighted += unit.similarity * (ba + bb) as f32;
        weight += (ba + bb) as f32;
        if unit.similarity < 1.0 {
            let disagree =
                *numbers_disagree.get_or_insert_with(|| anchors.numbers_disagree(a, b, units));
            let runs = (a.run_terms(&unit.a), b.run_terms(&unit.b));
            if anchors.name_other_things((a, b), runs, disagree, df) {
                continue;
            }
        }
        evidence_a += ba;
        evidence_b += bb;
        let (substance, quoted) = (unit_substance(a, b, unit), mostly_quoted(a, &unit.a));
        let weight = unit_weight(unit, substance, quoted);
        counted += weight;
        passage.add(weight);
        if unit.similarity >= 0.95 && !quoted {
            copied += 1;
            long_copied += usize::from(substance >= LONG_SENTENCE_SUBSTANCE);
        }
    }
    let share =
        |bytes: usize, doc: &PreparedDocument| bytes as f32 / doc.content_bytes().max(1) as f32;
    let (coverage_a, coverage_b) = (share(aligned_a, a), share(aligned_b, b));
    let gaps = if coverage_a <= coverage_b {
        unaligned_runs(a, units.iter().flat_map(|u| &u.a))
    } else {
        unaligned_runs(b, units.iter().flat_map(|u| &u.b))
    };
    Some(Measures {
        aligned: units.len(),
        units: counted,
        copied,
        long_copied,
        mean_similarity: weighted / weight.max(1.0),
        coverage_a,
        coverage_b,
        evidence: (share(evidence_a, a), share(evidence_b, b)),
        gaps,
        passage: passage.heaviest,
    })
}

/// Weighted units in one passage that make reuse whatever share of either document it covers:
/// a story copied whole into a long roundup, or two long reports sharing a block of background.
/// Independent reports match a sentence here and there; six sentences of substance matched
/// in a row, in the same order on both sides, are copied text (a 150-word brief holds about
/// that many).
const LONG_PASSAGE_UNITS: f32 = 6.0;

/// Sentences two units may leave between them on either side and still continue one
/// passage: a copy drops or adds a sentence here and there.
const PASSAGE_SKIP: usize = 2;

/// The heaviest passage among units in a's order: units that follow one another in both
/// documents, each starting at most [`PASSAGE_SKIP`] sentences after the previous one ends.
#[derive(Debug, Default)]
struct Passage {
    /// Where the last unit followed ends, in a and in b.
    end: Option<(usize, usize)>,
    /// Weight of the passage the last unit belongs to.
    current: f32,
    heaviest: f32,
}

impl Passage {
    /// Follows `unit`, the next in a's order: it continues the current passage or starts one.
    fn follow(&mut self, unit: &SentenceMatch) {
        let starts = (unit.a[0], unit.b[0]);
        let follows = |end: usize, start: usize| start > end && start - end <= PASSAGE_SKIP + 1;
        let continues = self.end.is_some_and(|(a, b)| follows(a, starts.0) && follows(b, starts.1));
        if !continues {
            self.current = 0.0;
        }
        self.end = Some((unit.a[unit.a.len() - 1], unit.b[unit.b.len() - 1]));
    }

    /// Adds a unit's weight to the current passage.
    fn add(&mut self, weight: f32) {
        self.current += weight;
        self.heaviest = self.heaviest.max(self.current);
    }
}

/// The least weight of a side's own names that can tell two things apart: a name held by
/// fewer than 31 other documents. Names held widely ("United States", "Government", the
/// "Dow Jones" of every market report) do not; "US" against "United States" is a house edit.
const DISTINCTIVE_NAMES: f32 = 1.0 / 32.0;

/// The names and the numbers of the two sides of a unit, in buffers kept from unit to unit.
#[derive(Debug, Default)]
struct AnchorSets {
    names: (Vec<TermId>, Vec<TermId>),
    numbers: (Vec<TermId>, Vec<TermId>),
    /// The names each document's story holds anywhere, read once a unit needs them.
    held: Option<(Vec<TermId>, Vec<TermId>)>,
    /// The initialisms of the names each document's story writes out, read (from the texts)
    /// only once a unit would otherwise name other things.
    initialisms: Option<(Vec<TermId>, Vec<TermId>)>,
}

impl AnchorSets {
    /// Whether the numbers of all matched sentences disagree: each side holds at least two
    /// numbers of its own, more than the two hold in common. Copies keep their numbers, an
    /// edit or an update changes a few; two earnings tables share a number or two by chance.
    fn numbers_disagree(
        &mut self,
        a: &PreparedDocument,
        b: &PreparedDocument,
        units: &[SentenceMatch],
    ) -> bool {
        let numbers =
            |doc: &PreparedDocument, run: fn(&SentenceMatch) -> &[usize], ids: &mut Vec<TermId>| {
                ids.clear();
                let terms = units.iter().flat_map(|unit| doc.run_terms(run(unit)).iter());
                ids.extend(terms.filter(|t| t.class == TermClass::Number).map(|t| t.id));
                ids.sort_unstable();
                ids.dedup();
            };
        numbers(a, |unit| &unit.a, &mut self.numbers.0);
        numbers(b, |unit| &unit.b, &mut self.numbers.1);
        let overlap = Overlap::of(&self.numbers.0, &self.numbers.1);
        let own = overlap.only_a().count().min(overlap.only_b().count());
        own >= 2 && overlap.shared().count() < own
    }

    /// Whether the two runs of a unit name different things. Their names differ when each side
    /// holds distinctive names that the other document lacks altogether and that outweigh the
    /// names both hold, a name weighing the less the more other documents hold it ("Olvel Corp"
    /// against "Quintra Corp"; not "President Joe Biden" against "Mr Biden", nor a rewrite that
    /// moved "Ortiz" to another sentence of its own, nor "UN" against a document that writes
    /// out "United Nations"); namesake companies differ whatever their weights (see
    /// [`companies_differ`]). Where the pair's numbers disagree,
    /// or the unit is mostly numbers on both sides, its numbers differ when each side holds at
    /// least as many of its own as both hold ("Shr 114 cts vs 102 cts" against "Shr 114 cts vs
    /// 51 cts"); in a sentence of prose among agreeing numbers, a changed number is an edit
    /// ("Musk" with 14 boats, then 15).
    fn name_other_things(
        &mut self,
        (doc_a, doc_b): (&PreparedDocument, &PreparedDocument),
        (a, b): (TermRun<'_>, TermRun<'_>),
        numbers_disagree: bool,
        df: &dyn DocumentCounts,
    ) -> bool {
        let dense_a = collect_anchors(a, &mut self.names.0, &mut self.numbers.0);
        let dense_b = collect_anchors(b, &mut self.names.1, &mut self.numbers.1);
        let names = Overlap::of(&self.names.0, &self.names.1);
        let rarity = |id: &TermId, holders: u32| {
            1.0 / (1 + df.documents_holding(*id).saturating_sub(holders)) as f32
        };
        if names.each_side_has_its_own() {
            let (held_a, held_b) =
                self.held.get_or_insert_with(|| (doc_a.story_names(), doc_b.story_names()));
            if companies_differ((a, b), (held_a, held_b)) {
                return true;
            }
            let lacks = |held: &[TermId], id: &&TermId| held.binary_search(id).is_err();
            let shared: f32 = names.shared().map(|id| rarity(id, 2)).sum();
            let own = |only: &mut dyn Iterator<Item = &TermId>, other_holds: &[&[TermId]]| {
                let lacked = |id: &&TermId| other_holds.iter().all(|held| lacks(held, id));
                only.filter(lacked).map(|id| rarity(id, 1)).sum::<f32>()
            };
            let differ =
                |only_a: f32, only_b: f32| only_a.min(only_b) > shared.max(DISTINCTIVE_NAMES);
            if differ(own(&mut names.only_a(), &[held_b]), own(&mut names.only_b(), &[held_a])) {
                let (init_a, init_b) = self
                    .initialisms
                    .get_or_insert_with(|| (doc_a.story_initialisms(), doc_b.story_initialisms()));
                let only_a = own(&mut names.only_a(), &[held_b, init_b]);
                let only_b = own(&mut names.only_b(), &[held_a, init_a]);
                if differ(only_a, only_b) {
                    return true;
                }
            }
        }
        let numbers_tell = numbers_disagree || (dense_a && dense_b);
        if !numbers_tell {
            return false;
        }
        let numbers = Overlap::of(&self.numbers.0, &self.numbers.1);
        let shared = numbers.shared().count();
        numbers.each_side_has_its_own()
            && numbers.only_a().count() >= shared
            && numbers.only_b().count() >= shared
    }
}

/// Two sorted sets of term ids, compared.
struct Overlap<'s> {
    a: &'s [TermId],
    b: &'s [TermId],
}

impl<'s> Overlap<'s> {
    fn of(a: &'s [TermId], b: &'s [TermId]) -> Self {
        Overlap { a, b }
    }

    fn shared(&self) -> impl Iterator<Item = &'s TermId> + '_ {
        self.a.iter().filter(|id| self.b.binary_search(id).is_ok())
    }

    fn only_a(&self) -> impl Iterator<Item = &'s TermId> + '_ {
        self.a.iter().filter(|id| self.b.binary_search(id).is_err())
    }

    fn only_b(&self) -> impl Iterator<Item = &'s TermId> + '_ {
        self.b.iter().filter(|id| self.a.binary_search(id).is_err())
    }

    fn each_side_has_its_own(&self) -> bool {
        self.only_a().next().is_some() && self.only_b().next().is_some()
    }
}

/// Term ids of the legal forms that end company names, which tell no company from another.
static LEGAL_FORM_IDS: LazyLock<Vec<TermId>> = LazyLock::new(|| {
    let mut ids: Vec<TermId> = lexicon::LEGAL_FORMS.iter().map(|w| analysis::term_id(w)).collect();
    ids.sort_unstable();
    ids
});

/// Whether the runs name two companies that share a word and differ in another, each side's
/// other word one that the other document's story never names: "Stonebridge Energy Co"
/// against "Stonebridge Pharmaceuticals Co". Sister companies and namesakes are told apart by
/// the words beside the one they share, however rare that one is; a house edit may shorten a
/// company's name ("Stonebridge Co") but does not swap its words.
fn companies_differ(
    (a, b): (TermRun<'_>, TermRun<'_>),
    (held_a, held_b): (&[TermId], &[TermId]),
) -> bool {
    let own = |name: &[TermId], other: &[TermId], other_holds: &[TermId]| {
        name.iter().any(|id| !other.contains(id) && other_holds.binary_search(id).is_err())
    };
    company_names(a).any(|name_a| {
        company_names(b).any(|name_b| {
            name_a.iter().any(|id| name_b.contains(id))
                && own(name_a, name_b, held_b)
                && own(name_b, name_a, held_a)
        })
    })
}

/// The company names of a run: the names that stand right before a legal form ("Stonebridge
/// Energy" of "Stonebridge Energy Co said"), as their term ids.
fn company_names(run: TermRun<'_>) -> impl Iterator<Item = &[TermId]> + '_ {
    let is_legal_form = |id: &TermId| LEGAL_FORM_IDS.binary_search(id).is_ok();
    let mut start = 0;
    (0..run.len()).filter_map(move |i| {
        let term = run.get(i);
        if term.class != TermClass::Name {
            start = i + 1;
            return None;
        }
        if !is_legal_form(&term.id) {
            return None;
        }
        let name = &run.ids()[start..i];
        start = i + 1;
        (!name.is_empty()).then_some(name)
    })
}

/// The distinct names and the distinct numbers of a run, each sorted (legal forms such as
/// "Inc" left out); returns whether numbers are dense in it: two or more, a quarter or more
/// of its non-function terms ("Qtly div 11 cts vs 11 cts prior", "Pay April 1").
fn collect_anchors(terms: TermRun<'_>, names: &mut Vec<TermId>, numbers: &mut Vec<TermId>) -> bool {
    names.clear();
    numbers.clear();
    let mut substantive = 0;
    for term in terms.iter() {
        substantive += usize::from(term.class != TermClass::Function);
        match term.class {
            TermClass::Name if LEGAL_FORM_IDS.binary_search(&term.id).is_err() => {
                names.push(term.id)
            }
            TermClass::Number => numbers.push(term.id),
            _ => {}
        }
    }
    let dense = numbers.len() >= 2 && numbers.len() * 4 >= substantive;
    for ids in [names, numbers] {
        ids.sort_unstable();
        ids.dedup();
    }
    dense
}

fn run_bytes(doc: &PreparedDocument, run: &[usize]) -> usize {
    run.iter().map(|&i| doc.span(i).len()).sum()
}

/// Substance (see [`substance`]) of a long sentence: a dozen or more content words, as in most
/// sentences of a news story's body and few of a headline, a list item or a stock line.
const LONG_SENTENCE_SUBSTANCE: f32 = 10.0;

/// How much one aligned unit counts towards reuse, given the [`unit_substance`] and whether
/// it is [`mostly_quoted`]: weak matches count for less, so do units with little substance
/// (headlines, short phrases) and units that are mostly quotation.
fn unit_weight(unit: &SentenceMatch, substance: f32, mostly_quoted: bool) -> f32 {
    let strength = ((unit.similarity - 0.3) / 0.25).clamp(0.0, 1.0);
    let quoted = if mostly_quoted { 0.5 } else { 1.0 };
    strength * (substance / 5.0).min(1.0) * quoted
}

/// The substance of a unit's thinner side.
fn unit_substance(a: &PreparedDocument, b: &PreparedDocument, unit: &SentenceMatch) -> f32 {
    substance(a, &unit.a).min(substance(b, &unit.b))
}

/// Weight of the non-function terms of a run of sentences.
fn substance(doc: &PreparedDocument, run: &[usize]) -> f32 {
    let classes = run.iter().flat_map(|&i| doc.terms(i).classes());
    classes.filter(|&c| c != TermClass::Function).map(crate::align::similarity::weight).sum()
}

/// Whether at least half of the terms of a run of sentences sit inside a direct quote.
fn mostly_quoted(doc: &PreparedDocument, run: &[usize]) -> bool {
    let (quoted, total) = run.iter().fold((0, 0), |(quoted, total), &i| {
        let terms = doc.terms(i);
        (quoted + terms.quoted(), total + terms.len())
    });
    quoted * 2 >= total
}

/// Whether a unit reads the same on both sides once disguises are removed: no edit a reader
/// would see, not even a spelling or an honorific. Only nearly identical runs are read: a
/// similarity of 0.98, or the same terms in the same order, whose similarity can fall short
/// where one document knows a word as a name and the other does not ("Post" in a masthead).
fn is_unchanged(
    a: &PreparedDocument,
    b: &PreparedDocument,
    texts: PairTexts<'_>,
    unit: &AlignedSentences,
) -> bool {
    let same_terms = || a.run_terms(&unit.a).ids() == b.run_terms(&unit.b).ids();
    if unit.similarity < 0.98 && !same_terms() {
        return false;
    }
    let (text_a, text_b) = (a.run_span(&unit.a).slice(texts.a), b.run_span(&unit.b).slice(texts.b));
    normalize::same_surface(text_a, text_b)
}

/// Whether a unit's substitutions replace ordinary content words (not just names or numbers).
fn rewords_content(a: &PreparedDocument, b: &PreparedDocument, unit: &AlignedSentences) -> bool {
    let (terms_a, terms_b) = (a.run_terms(&unit.a), b.run_terms(&unit.b));
    let has_content = |terms: TermRun<'_>| terms.iter().any(|t| t.class == TermClass::Content);
    unit.diff
        .substitutions
        .iter()
        .any(|s| has_content(terms_a.slice(s.a.clone())) || has_content(terms_b.slice(s.b.clone())))
}

/// Number of maximal runs of story sentences that no unit aligned.
fn unaligned_runs<'u>(doc: &PreparedDocument, aligned: impl Iterator<Item = &'u usize>) -> usize {
    let mut is_aligned = vec![false; doc.boilerplate.len()];
    aligned.for_each(|&i| is_aligned[i] = true);
    let mut runs = 0;
    let mut in_run = false;
    for i in doc.content_sentences() {
        if !is_aligned[i] && !in_run {
            runs += 1;
        }
        in_run = !is_aligned[i];
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::TermFrequencies;
    use crate::pipeline::{NoProgress, PipelineBuilder};
    use crate::Document;

    /// A story whose second sentence thanks crews on behalf of `thanker`, and whose first
    /// names `elsewhere`.
    fn story(elsewhere: &str, thanker: &str) -> String {
        format!(
            "{elsewhere} said the north pier would reopen in May once the deck is repaired.\n\
             {thanker} thanked the volunteer crews from Eastport for saving the fishing boats."
        )
    }

    /// Whether the second sentences of `a` and `b` name other things, in a corpus where six
    /// more documents name Eastport.
    fn second_sentences_name_other_things(a: &str, b: &str) -> bool {
        let filler = "Eastport council voted on Monday to extend the ferry timetable for summer.";
        let mut texts = vec![("a", a), ("b", b)];
        texts.extend(["c", "d", "e", "f", "g", "h"].map(|id| (id, filler)));
        let docs: Vec<Document> = texts.iter().map(|(id, t)| Document::new(*id, *t)).collect();
        let docs = PipelineBuilder::new().build().unwrap().prepare(docs, &NoProgress).0;
        let df = TermFrequencies::count(&docs);
        let runs = (docs[0].terms(1), docs[1].terms(1));
        AnchorSets::default().name_other_things((&docs[0], &docs[1]), runs, false, &df)
    }

    fn unit(a: [usize; 2], b: [usize; 2]) -> SentenceMatch {
        SentenceMatch { a: (a[0]..=a[1]).collect(), b: (b[0]..=b[1]).collect(), similarity: 1.0 }
    }

    /// The heaviest passage of `units`, each weighing 1.
    fn heaviest_passage(units: &[SentenceMatch]) -> f32 {
        let mut passage = Passage::default();
        for unit in units {
            passage.follow(unit);
            passage.add(1.0);
        }
        passage.heaviest
    }

    #[test]
    fn a_passage_runs_in_order_on_both_sides_over_small_gaps() {
        let in_order = [unit([3, 3], [10, 10]), unit([4, 5], [11, 11]), unit([8, 8], [14, 14])];
        assert_eq!(heaviest_passage(&in_order), 3.0);
        let gap_in_b = [unit([3, 3], [10, 10]), unit([4, 4], [14, 14]), unit([5, 5], [15, 15])];
        assert_eq!(heaviest_passage(&gap_in_b), 2.0);
        let b_goes_back = [unit([3, 3], [10, 10]), unit([4, 4], [9, 9]), unit([5, 5], [8, 8])];
        assert_eq!(heaviest_passage(&b_goes_back), 1.0);
    }

    #[test]
    fn a_rewrite_that_moves_names_between_sentences_names_the_same_things() {
        let original = story("Chief Tom Hale", "Mayor Lena Ortiz");
        let rewrite = story("Mayor Lena Ortiz", "Chief Tom Hale");
        assert!(!second_sentences_name_other_things(&original, &rewrite));
        let other_town = story("Chief Rosa Quimby", "Mayor Ivo Brandt");
        assert!(second_sentences_name_other_things(&original, &other_town));
    }

    #[test]
    fn an_initialism_names_what_the_other_side_writes_out() {
        let original = story("Chief Tom Hale", "The United Nations");
        let edited = story("Chief Tom Hale", "The UN");
        assert!(!second_sentences_name_other_things(&original, &edited));
        assert!(!second_sentences_name_other_things(&edited, &original));
        let other_body = story("Chief Tom Hale", "The IMF");
        assert!(second_sentences_name_other_things(&original, &other_body));
    }
}
