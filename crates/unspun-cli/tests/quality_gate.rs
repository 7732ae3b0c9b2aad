//! Detection-quality regression gate: the small generated benchmarks in `bench/quality/ci`
//! (seed 7, 100 base articles: whole, cut to briefs, and beside template reports; see
//! bench/quality/README.md) scored against their truth. The floors sit a little under what
//! the detector measured when they were set, so a change that breaks detection fails here.
//! Times are never asserted.

mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use harness::{unspun, workspace};
use serde_json::Value;

const CORPUS: &str = "bench/quality/ci/corpus.jsonl.gz";
const TRUTH: &str = "bench/quality/ci/truth.json.gz";
const BRIEFS: &str = "bench/quality/ci/briefs.jsonl.gz";
const BRIEFS_TRUTH: &str = "bench/quality/ci/briefs-truth.json.gz";
const TEMPLATES: &str = "bench/quality/ci/templates.jsonl.gz";
const TEMPLATES_TRUTH: &str = "bench/quality/ci/templates-truth.json.gz";

/// The text of a gzipped file of the workspace.
fn gunzipped(path: &str) -> String {
    let file = std::fs::File::open(workspace().join(path)).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).unwrap();
    text
}

fn truth_of(path: &str) -> Value {
    serde_json::from_str(&gunzipped(path)).unwrap()
}

fn truth() -> Value {
    truth_of(TRUTH)
}

/// The pairs `unspun scan` reports for `corpus`, by document ids.
fn scan(corpus: &str) -> BTreeMap<(String, String), Value> {
    let run = unspun(&["scan", corpus, "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json_lines().into_iter().map(|p| (key(&p), p)).collect()
}

/// Share of the truth pairs sharing at least two source sentences that were reported.
fn detectable_recall(truth: &Value, found: &BTreeMap<(String, String), Value>) -> f64 {
    let pairs = truth["pairs"].as_array().unwrap();
    let detectable = pairs.iter().filter(|p| p["shared_sentences"].as_u64().unwrap_or(0) >= 2);
    recall(detectable, found)
}

/// Share of reported pairs whose documents are in one truth family.
fn precision(truth: &Value, found: &BTreeMap<(String, String), Value>) -> f64 {
    let family = |id: &str| truth["documents"][id]["family"].as_str().map(str::to_string);
    let correct =
        found.keys().filter(|(a, b)| family(a).is_some() && family(a) == family(b)).count();
    correct as f64 / found.len() as f64
}

fn key(pair: &Value) -> (String, String) {
    (pair["a"].as_str().unwrap().to_string(), pair["b"].as_str().unwrap().to_string())
}

/// A copy of the gzipped JSONL `corpus` in `dir`, every record without `field`.
fn without_field(corpus: &str, field: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let lines: Vec<String> = gunzipped(corpus)
        .lines()
        .map(|line| {
            let mut record: Value = serde_json::from_str(line).unwrap();
            record.as_object_mut().unwrap().remove(field);
            record.to_string()
        })
        .collect();
    let path = dir.join(format!("without-{field}.jsonl"));
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// Share of `pairs` that were reported.
fn recall<'p>(
    pairs: impl Iterator<Item = &'p Value>,
    found: &BTreeMap<(String, String), Value>,
) -> f64 {
    let (hit, total) =
        pairs.fold((0, 0), |(h, t), p| (h + usize::from(found.contains_key(&key(p))), t + 1));
    assert!(total > 0);
    hit as f64 / total as f64
}

#[test]
fn detection_stays_above_its_floors() {
    let found = scan(CORPUS);
    let truth = truth();
    let pairs = truth["pairs"].as_array().unwrap();

    let source_copy = |relation: &'static str| {
        pairs.iter().filter(move |p| p["relation"] == relation && !p["source"].is_null())
    };
    for (relation, floor) in
        [("verbatim", 0.98), ("near_duplicate", 0.98), ("excerpt", 0.95), ("spun", 0.97)]
    {
        let r = recall(source_copy(relation), &found);
        assert!(r >= floor, "{relation} source-copy recall {r:.3} < {floor}");
    }
    let overall = detectable_recall(&truth, &found);
    assert!(overall >= 0.95, "overall recall {overall:.3}");
    let precision = precision(&truth, &found);
    assert!(precision >= 0.98, "precision {precision:.3}");

    let negatives: BTreeSet<(String, String)> = truth["negatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let (a, b) = key(n);
            if a < b {
                (a, b)
            } else {
                (b, a)
            }
        })
        .collect();
    let reported_negatives: Vec<_> = negatives.iter().filter(|k| found.contains_key(*k)).collect();
    assert!(reported_negatives.is_empty(), "planted negatives reported: {reported_negatives:?}");

    let labelled: Vec<(&Value, &Value)> =
        pairs.iter().filter_map(|p| found.get(&key(p)).map(|f| (p, f))).collect();
    let same = labelled.iter().filter(|(t, f)| t["relation"] == f["relation"]).count();
    let accuracy = same as f64 / labelled.len() as f64;
    assert!(accuracy >= 0.88, "relation accuracy {accuracy:.3}");

    let sourced: Vec<&(&Value, &Value)> =
        labelled.iter().filter(|(t, _)| !t["source"].is_null()).collect();
    let attributed = sourced.iter().filter(|(t, f)| t["source"] == f["source"]).count();
    let attribution = attributed as f64 / sourced.len() as f64;
    assert!(attribution >= 0.97, "source attribution with dates {attribution:.3}");
}

/// Without dates, sources come from the text and from witnesses; verbatim copies stay
/// undecided, so the floor is on pairs named rightly among all, and on how rarely a named
/// source is wrong.
#[test]
fn attribution_without_dates_stays_above_its_floors() {
    let dir = tempfile::tempdir().unwrap();
    let undated = without_field(CORPUS, "date", dir.path());
    let found = scan(undated.to_str().unwrap());
    let truth = truth();
    let sourced: Vec<(&Value, &Value)> = truth["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["source"].is_null())
        .filter_map(|p| found.get(&key(p)).map(|f| (p, f)))
        .collect();
    let right = sourced.iter().filter(|(t, f)| t["source"] == f["source"]).count();
    let named = sourced.iter().filter(|(_, f)| !f["source"].is_null()).count();
    let accuracy = right as f64 / sourced.len() as f64;
    let when_named = right as f64 / named as f64;
    assert!(accuracy >= 0.62, "source attribution without dates {accuracy:.3}");
    assert!(when_named >= 0.95, "named sources right without dates {when_named:.3}");
}

/// Scans a corpus and asserts floors on precision and recall against its truth.
fn stays_above_its_floors(corpus: &str, truth: &str) {
    let found = scan(corpus);
    let truth = truth_of(truth);
    let precision = precision(&truth, &found);
    assert!(precision >= 0.98, "precision {precision:.3}");
    let overall = detectable_recall(&truth, &found);
    assert!(overall >= 0.95, "overall recall {overall:.3}");
}

/// News briefs of four to seven sentences under outlet furniture longer than they are (the
/// generator's `--briefs`): every brief of an outlet holds that furniture, so a model that
/// takes it for the story pairs them all (precision 0.453 before furniture was judged by site
/// and by holder counts).
#[test]
fn briefs_are_not_paired_by_their_outlets_furniture() {
    stays_above_its_floors(BRIEFS, BRIEFS_TRUTH);
}

/// The same briefs with no outlet named: the furniture is then told from the stories by how
/// many documents hold each.
#[test]
fn briefs_of_no_known_site_are_not_paired_by_their_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let anonymous = without_field(BRIEFS, "outlet", dir.path());
    stays_above_its_floors(anonymous.to_str().unwrap(), BRIEFS_TRUTH);
}

/// 300 wire items written from one form (earnings tables, dividend notices, deal
/// announcements, market closes, match results: the generator's `--templates`), one in eight
/// also run word for word by a second outlet. Independent items agree word for word around
/// other names and numbers, so a detector that reads the words alone pairs them (precision
/// 0.101 before a match naming other things stopped counting as evidence).
#[test]
fn template_reports_are_not_paired_by_their_form() {
    stays_above_its_floors(TEMPLATES, TEMPLATES_TRUTH);
}
