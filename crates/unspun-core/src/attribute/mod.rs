//! Attribution: which document of a pair is the likely original?
//!
//! Publication dates decide when both are known and differ: the dates the documents state, or
//! else the days their bylines print or their addresses file them under ([`printed_date`]).
//! Next, a credit of one side (a credit line, or a canonical address on another site) that
//! names the other side's outlet ([`credit`]) makes that other side the original, and credits
//! of both sides naming one third outlet make them copies of a common original. Otherwise
//! evidence is weighed: a copy hides characters to dodge detectors, an excerpt is the side
//! contained in the other, house edits add honorifics, British spellings and undotted
//! acronyms, and spinners swap common words for rarer synonyms (rarer in the corpus, or longer
//! when the corpus is too small to tell). Weak or balanced evidence yields no source, and so
//! do house edits that mark one side with a spinner's wording that marks the other: two copies
//! of a common original. Once every pair is known, [`witnesses`] asks the family's other
//! members about the pairs left undecided (not those copies). Two verbatim copies stay
//! undecided.

pub mod credit;
pub mod printed_date;
pub mod witnesses;

use std::cmp::Ordering;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};

use self::credit::CreditedOrder;
use crate::align::Alignment;
use crate::analysis::{self, TermClass, TermId, TermRun};
use crate::classify::Verdict;
use crate::document::Span;
use crate::fingerprint::DocumentCounts;
use crate::normalize;
use crate::prepared::{PairTexts, PreparedDocument};
use crate::reuse::Relation;
use crate::spelling;

/// The likely original of a pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attribution {
    /// `Some(true)`: a is the original; `Some(false)`: b is; `None`: undecided.
    pub a_is_source: Option<bool>,
    /// Confidence in the decision, 0.5 (none) to 1.
    pub confidence: f32,
    /// Each side carries edits of its own that the other lacks: house style on one, a
    /// spinner's wording on the other. Neither was copied from the other; both likely come
    /// from a third text, and no source is named.
    pub common_original: bool,
}

impl Attribution {
    /// No side named.
    const UNDECIDED: Attribution =
        Attribution { a_is_source: None, confidence: 0.5, common_original: false };
}

/// Confidence given to a decision by stated publication dates.
const DATED_CONFIDENCE: f32 = 0.95;

/// Confidence given to a decision by a day a page prints about itself.
const PRINTED_DATE_CONFIDENCE: f32 = 0.9;

/// Evidence below this (either way) leaves the source undecided.
const MIN_EVIDENCE: f32 = 0.15;

/// House edits that mark one side as restyled and wording that marks the other as spun, each
/// at least this strong, make the two sides copies of a common original: a spinner does not
/// undo a house's honorifics and spellings, and a syndicating house does not restore the
/// wording a spinner replaced.
const COMMON_ORIGINAL_EVIDENCE: f32 = 1.0;

/// Decides the likely original of a reuse pair classified as `verdict`; `df` holds the corpus
/// document frequencies that tell a common word from a spinner's rare synonym.
pub fn attribute(
    (a, b): (&PreparedDocument, &PreparedDocument),
    texts: PairTexts<'_>,
    alignment: &Alignment,
    verdict: &Verdict,
    df: &dyn DocumentCounts,
) -> Attribution {
    if let Some(dated) = dated_order(a, b, texts) {
        return dated;
    }
    if let Some(credited) = credit::credited_order((&a.doc.meta, texts.a), (&b.doc.meta, texts.b)) {
        return credited_attribution(credited);
    }
    let house_edits =
        honorific_evidence(a, b, alignment) + house_style_evidence(a, b, texts, alignment);
    let wording = wording_evidence(a, b, texts, alignment, df);
    if edited_each_way(house_edits, wording) {
        return Attribution { common_original: true, ..Attribution::UNDECIDED };
    }
    let evidence = disguise_evidence(a, b) + containment_evidence(verdict) + house_edits + wording;
    if evidence.abs() < MIN_EVIDENCE {
        return Attribution::UNDECIDED;
    }
    Attribution {
        a_is_source: Some(evidence > 0.0),
        confidence: 0.5 + 0.4 * evidence.abs().tanh(),
        common_original: false,
    }
}

/// Whether house edits name one side the copy and wording the other, both strongly.
fn edited_each_way(house_edits: f32, wording: f32) -> bool {
    house_edits.abs() >= COMMON_ORIGINAL_EVIDENCE
        && wording.abs() >= COMMON_ORIGINAL_EVIDENCE
        && house_edits.signum() != wording.signum()
}

/// The source by publication dates, when both sides' are known and differ. Two stated times
/// are compared as they are; a plain date, stated or printed, only tells the day, so days are
/// compared then. A side without a stated date is dated by its byline, else by its address.
fn dated_order(
    a: &PreparedDocument,
    b: &PreparedDocument,
    texts: PairTexts<'_>,
) -> Option<Attribution> {
    let (stated_a, stated_b) = (publication_time(a), publication_time(b));
    let is_day =
        |doc: &PreparedDocument| doc.doc.meta.date.as_deref().is_some_and(|d| d.len() == 10);
    if let (Some(ta), Some(tb)) = (stated_a, stated_b) {
        if is_day(a) || is_day(b) {
            return earlier_first(ta.date_naive(), tb.date_naive(), DATED_CONFIDENCE);
        }
        return earlier_first(ta, tb, DATED_CONFIDENCE);
    }
    let day = |stated: Option<DateTime<Utc>>, doc: &PreparedDocument, text: &str| {
        let address = || printed_date::address_date(doc.doc.meta.url.as_deref()?);
        let printed = || printed_date::printed_date(text).or_else(address);
        stated.map(|t| t.date_naive()).or_else(printed)
    };
    let (day_a, day_b) = (day(stated_a, a, texts.a)?, day(stated_b, b, texts.b)?);
    earlier_first(day_a, day_b, PRINTED_DATE_CONFIDENCE)
}

/// The attribution a pair's credit lines make.
fn credited_attribution(order: CreditedOrder) -> Attribution {
    match order {
        CreditedOrder::Source(a_is_source) => Attribution {
            a_is_source: Some(a_is_source),
            confidence: credit::CREDIT_CONFIDENCE,
            common_original: false,
        },
        CreditedOrder::CommonOriginal => {
            Attribution { common_original: true, ..Attribution::UNDECIDED }
        }
    }
}

/// The side published first as the source, unless both were published at `a == b`.
fn earlier_first<T: Ord>(a: T, b: T, confidence: f32) -> Option<Attribution> {
    (a != b).then_some(Attribution { a_is_source: Some(a < b), confidence, common_original: false })
}

/// Parses the document's date as RFC 3339 or a plain date.
pub fn publication_time(doc: &PreparedDocument) -> Option<DateTime<Utc>> {
    let date = doc.doc.meta.date.as_deref()?;
    DateTime::parse_from_rfc3339(date).map(|d| d.with_timezone(&Utc)).ok().or_else(|| {
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0).map(|d| d.and_utc())
    })
}

/// Evidence (positive: a is the original) from one side alone hiding characters.
fn disguise_evidence(a: &PreparedDocument, b: &PreparedDocument) -> f32 {
    match (a.disguised_tokens() > 0, b.disguised_tokens() > 0) {
        (true, false) => -1.5,
        (false, true) => 1.5,
        _ => 0.0,
    }
}

/// An excerpt is the side whose text lies inside the other.
fn containment_evidence(verdict: &Verdict) -> f32 {
    if verdict.relation == Relation::Excerpt {
        2.0 * (verdict.coverage_b - verdict.coverage_a)
    } else {
        0.0
    }
}

/// Term ids of "Mr", "Mrs", "Ms" and "Dr".
static HONORIFICS: LazyLock<[TermId; 4]> =
    LazyLock::new(|| ["mr", "mrs", "ms", "dr"].map(analysis::term_id));

/// House edits add honorifics ("Mr Musk") to aligned sentences.
fn honorific_evidence(a: &PreparedDocument, b: &PreparedDocument, alignment: &Alignment) -> f32 {
    let count = |doc: &PreparedDocument, run: &[usize]| -> usize {
        let ids = run.iter().flat_map(|&i| doc.terms(i).ids());
        ids.filter(|id| HONORIFICS.contains(id)).count()
    };
    let (ha, hb) =
        alignment.units.iter().fold((0, 0), |(x, y), u| (x + count(a, &u.a), y + count(b, &u.b)));
    (0.25 * (hb as f32 - ha as f32)).clamp(-1.0, 1.0)
}

/// Syndicating outlets restyle wire copy: British spellings ("programme") and undotted
/// acronyms ("UN" for "U.N.") mark the edited side. A unit whose two sides are the same text
/// marks neither, and is not read.
fn house_style_evidence(
    a: &PreparedDocument,
    b: &PreparedDocument,
    texts: PairTexts<'_>,
    alignment: &Alignment,
) -> f32 {
    let marks = |text: &str, span: Span| -> (i32, i32) {
        normalize::tokenize_range(text, span).iter().fold((0, 0), |(british, dotted), t| {
            let is_british = spelling::americanize(&t.folded) != t.folded.as_str();
            let is_dotted = t.acronym && t.span.slice(text).contains('.');
            (british + i32::from(is_british), dotted + i32::from(is_dotted))
        })
    };
    let score: i32 = alignment
        .units
        .iter()
        .map(|u| (a.run_span(&u.a), b.run_span(&u.b)))
        .filter(|(span_a, span_b)| span_a.slice(texts.a) != span_b.slice(texts.b))
        .map(|(span_a, span_b)| {
            let ((british_a, dotted_a), (british_b, dotted_b)) =
                (marks(texts.a, span_a), marks(texts.b, span_b));
            (british_b - british_a) + (dotted_a - dotted_b)
        })
        .sum();
    (0.3 * score as f32).clamp(-1.0, 1.0)
}

/// Spinners replace common words with rarer synonyms: each one-word substitution votes for the
/// side with the word more documents use (or, when the corpus cannot tell, the shorter word).
/// A name written out on one side and as its initials on the other ("United Nations" / "UN")
/// is a house's abbreviation, not a synonym, and does not vote.
fn wording_evidence(
    a: &PreparedDocument,
    b: &PreparedDocument,
    texts: PairTexts<'_>,
    alignment: &Alignment,
    df: &dyn DocumentCounts,
) -> f32 {
    let mut votes = 0.0f32;
    let mut substitutions = 0;
    for unit in &alignment.units {
        let (terms_a, terms_b) = (a.run_terms(&unit.a), b.run_terms(&unit.b));
        let mut spans = None;
        for substitution in &unit.diff.substitutions {
            let (ta, tb) =
                (terms_a.slice(substitution.a.clone()), terms_b.slice(substitution.b.clone()));
            let by_corpus = match (single_content_term(ta), single_content_term(tb)) {
                (Some(ta), Some(tb)) => df.documents_holding(ta).cmp(&df.documents_holding(tb)),
                _ => Ordering::Equal,
            };
            let vote = match by_corpus {
                Ordering::Greater => Some(1.0),
                Ordering::Less => Some(-1.0),
                Ordering::Equal => {
                    let (spans_a, spans_b) = spans.get_or_insert_with(|| {
                        let (reach_a, reach_b) = unit.diff.reach();
                        (
                            a.run_term_spans(texts.a, &unit.a, reach_a),
                            b.run_term_spans(texts.b, &unit.b, reach_b),
                        )
                    });
                    let (sa, sb) = substitution.spans(spans_a, spans_b);
                    let abbreviated = abbreviates(sa.slice(texts.a), sb.slice(texts.b));
                    (!abbreviated).then(|| length_vote(texts, sa, sb))
                }
            };
            if let Some(vote) = vote {
                votes += vote;
                substitutions += 1;
            }
        }
    }
    if substitutions < 3 {
        return 0.0;
    }
    (0.3 * votes).clamp(-1.5, 1.5)
}

/// Whether one wording is the initials of the other's name, dotted or not ("US" or "U.S." for
/// "United States").
fn abbreviates(a: &str, b: &str) -> bool {
    let initials = |text: &str| {
        let letters: String = text.chars().filter(|&c| c != '.').collect();
        let all_capitals = letters.chars().all(char::is_uppercase);
        (letters.chars().count() >= 2 && all_capitals).then(|| letters.to_lowercase())
    };
    let spells_out = |short: &str, long: &str| {
        initials(short).is_some_and(|letters| {
            let mut found = false;
            analysis::each_initialism(long, |initialism| found |= initialism == letters);
            found
        })
    };
    spells_out(a, b) || spells_out(b, a)
}

/// Half a vote for the side whose wording at a substitution is shorter.
fn length_vote(texts: PairTexts<'_>, sa: Span, sb: Span) -> f32 {
    let (la, lb) = (sa.slice(texts.a).chars().count(), sb.slice(texts.b).chars().count());
    0.5 * (lb as f32 - la as f32).signum()
}

/// The id of the one content term among `terms`, if there is exactly one.
fn single_content_term(terms: TermRun<'_>) -> Option<TermId> {
    let mut content = terms.iter().filter(|t| t.class == TermClass::Content);
    let first = content.next()?;
    content.next().is_none().then_some(first.id)
}
