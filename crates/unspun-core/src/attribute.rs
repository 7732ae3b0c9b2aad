//! Attribution: which document of a pair is the likely original?
//!
//! Publication dates decide when both are known and differ. Otherwise evidence is weighed: a
//! copy hides characters to dodge detectors, an excerpt is the side contained in the other,
//! house edits add honorifics, and spinners swap plain words for longer synonyms. Weak or
//! balanced evidence yields no source.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};

use crate::align::Alignment;
use crate::analysis;
use crate::prepared::PreparedDocument;
use crate::reuse::Relation;

/// The likely original of a pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attribution {
    /// `Some(true)`: a is the original; `Some(false)`: b is; `None`: undecided.
    pub a_is_source: Option<bool>,
    /// Confidence in the decision, 0.5 (none) to 1.
    pub confidence: f32,
}

/// Confidence given to a decision by publication date.
const DATED_CONFIDENCE: f32 = 0.95;

/// Evidence below this (either way) leaves the source undecided.
const MIN_EVIDENCE: f32 = 0.15;

/// Decides the likely original of a reuse pair.
pub fn attribute(
    a: &PreparedDocument,
    b: &PreparedDocument,
    alignment: &Alignment,
    relation: Relation,
    coverage: (f32, f32),
) -> Attribution {
    if let (Some(da), Some(db)) = (publication_time(a), publication_time(b)) {
        if da != db {
            return Attribution { a_is_source: Some(da < db), confidence: DATED_CONFIDENCE };
        }
    }
    let evidence = disguise_evidence(a, b)
        + containment_evidence(relation, coverage)
        + honorific_evidence(a, b, alignment)
        + wording_evidence(a, b, alignment);
    if evidence.abs() < MIN_EVIDENCE {
        return Attribution { a_is_source: None, confidence: 0.5 };
    }
    Attribution { a_is_source: Some(evidence > 0.0), confidence: 0.5 + 0.4 * evidence.abs().tanh() }
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
fn containment_evidence(relation: Relation, (coverage_a, coverage_b): (f32, f32)) -> f32 {
    if relation == Relation::Excerpt {
        2.0 * (coverage_b - coverage_a)
    } else {
        0.0
    }
}

/// Term ids of "Mr", "Mrs", "Ms" and "Dr".
static HONORIFICS: LazyLock<[u64; 4]> =
    LazyLock::new(|| ["mr", "mrs", "ms", "dr"].map(analysis::term_id));

/// House edits add honorifics ("Mr Musk") to aligned sentences.
fn honorific_evidence(a: &PreparedDocument, b: &PreparedDocument, alignment: &Alignment) -> f32 {
    let count = |doc: &PreparedDocument, run: &[usize]| -> usize {
        let terms = run.iter().flat_map(|&i| doc.terms(i));
        terms.filter(|t| HONORIFICS.contains(&t.id)).count()
    };
    let (ha, hb) =
        alignment.units.iter().fold((0, 0), |(x, y), u| (x + count(a, &u.a), y + count(b, &u.b)));
    (0.25 * (hb as f32 - ha as f32)).clamp(-1.0, 1.0)
}

/// Spinners tend to replace plain words with longer synonyms.
fn wording_evidence(a: &PreparedDocument, b: &PreparedDocument, alignment: &Alignment) -> f32 {
    let (mut len_a, mut len_b, mut n) = (0usize, 0usize, 0usize);
    for unit in &alignment.units {
        for (sa, sb) in &unit.diff.substitutions {
            len_a += sa.slice(&a.doc.text).chars().count();
            len_b += sb.slice(&b.doc.text).chars().count();
            n += 1;
        }
    }
    if n < 3 {
        return 0.0;
    }
    ((len_b as f32 - len_a as f32) / n as f32 / 3.0).clamp(-0.8, 0.8)
}
