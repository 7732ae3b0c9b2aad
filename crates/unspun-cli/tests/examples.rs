//! The bundled example corpora scored against their truth files: every reuse pair found with
//! the right relation, no false pair, and passage offsets that point into the documents.

mod harness;

use std::collections::BTreeMap;

use harness::{unspun, workspace};
use serde_json::Value;

type PairKey = (String, String);

fn truth(path: &str) -> Value {
    let text = std::fs::read_to_string(workspace().join(path)).expect("truth file");
    serde_json::from_str(&text).expect("truth JSON")
}

/// Relation of each pair in a list of `{"a", "b", "relation"}` objects.
fn relations<'p>(pairs: impl IntoIterator<Item = &'p Value>) -> BTreeMap<PairKey, String> {
    pairs
        .into_iter()
        .map(|p| {
            let key = (p["a"].as_str().unwrap().to_string(), p["b"].as_str().unwrap().to_string());
            (key, p["relation"].as_str().unwrap().to_string())
        })
        .collect()
}

fn assert_matches_truth(corpus: &str, truth_file: &str) -> Vec<Value> {
    let run = unspun(&["scan", corpus, "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = run.json_lines();
    let truth = truth(truth_file);
    let expected = relations(truth["pairs"].as_array().expect("pairs"));
    let reported = relations(&found);
    let missing: Vec<&PairKey> = expected.keys().filter(|k| !reported.contains_key(*k)).collect();
    let false_pairs: Vec<&PairKey> =
        reported.keys().filter(|k| !expected.contains_key(*k)).collect();
    let wrong: Vec<(&PairKey, &String, &String)> = expected
        .iter()
        .filter_map(|(k, rel)| reported.get(k).filter(|got| *got != rel).map(|got| (k, rel, got)))
        .collect();
    assert!(missing.is_empty(), "missed pairs: {missing:?}");
    assert!(false_pairs.is_empty(), "false pairs: {false_pairs:?}");
    assert!(wrong.is_empty(), "wrong relations (pair, expected, got): {wrong:?}");
    found
}

#[test]
fn text_corpus_matches_truth() {
    let found = assert_matches_truth("examples/corpus", "examples/truth.json");
    for pair in &found {
        for side in ["a", "b"] {
            let text = std::fs::read_to_string(
                workspace().join("examples/corpus").join(pair[side].as_str().unwrap()),
            )
            .unwrap();
            for passage in pair["passages"].as_array().unwrap() {
                let (start, end) = (
                    passage[side][0].as_u64().unwrap() as usize,
                    passage[side][1].as_u64().unwrap() as usize,
                );
                assert!(
                    start < end && end <= text.len(),
                    "passage outside the document: {passage}"
                );
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }
}

#[test]
fn jsonl_feed_matches_truth() {
    assert_matches_truth("examples/jsonl/feed.jsonl", "examples/jsonl/truth.json");
}

#[test]
fn html_pages_match_truth() {
    assert_matches_truth("examples/html", "examples/html/truth.json");
}

#[test]
fn dated_records_attribute_the_earliest_as_source() {
    let run = unspun(&["scan", "examples/jsonl/feed.jsonl", "--quiet"]);
    let truth = truth("examples/jsonl/truth.json");
    for pair in run.json_lines() {
        let expected = truth["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["a"] == pair["a"] && p["b"] == pair["b"])
            .expect("pair in truth");
        if !expected["source"].is_null() {
            assert_eq!(pair["source"], expected["source"], "{pair}");
            assert!(pair["source_confidence"].as_f64().unwrap() >= 0.9);
        }
    }
}

/// Scans `corpus` with `--clean` and asserts that no boilerplate line of `truth_file` is left in
/// any document's clean text, and that every document keeps its body.
fn assert_clean(corpus: &str, truth_file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    let run = unspun(&["scan", corpus, "--quiet", "--clean", clean.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let truth = truth(truth_file);
    let lines: Vec<&str> = truth["boilerplate"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|v| v.as_array().unwrap().iter().map(|l| l.as_str().unwrap()))
        .collect();
    let mut leaks = Vec::new();
    for (id, _) in truth["documents"].as_object().unwrap() {
        let text = std::fs::read_to_string(clean.join(id)).expect("clean text written");
        assert!(text.trim().len() > 200, "{id} lost its body");
        leaks.extend(
            lines.iter().filter(|line| text.contains(*line)).map(|line| format!("{id}: {line}")),
        );
    }
    assert!(leaks.is_empty(), "boilerplate left in clean text: {leaks:#?}");
}

#[test]
fn boilerplate_lines_never_reach_clean_output() {
    assert_clean("examples/corpus", "examples/truth.json");
}

#[test]
fn a_small_sites_short_stories_share_only_its_furniture() {
    // Three stories of one site, each shorter than twice its comment policy: the policy goes
    // with the site's list and copyright line, and no pair is reported.
    assert_matches_truth("examples/one-site", "examples/one-site/truth.json");
    assert_clean("examples/one-site", "examples/one-site/truth.json");
}

#[test]
fn a_small_sites_briefs_share_only_its_furniture() {
    // Four briefs of one site, each a headline and a sentence or two, under a closing block
    // whose prose outweighs each brief but is less than twice it: still the site's footer.
    assert_matches_truth("examples/one-site-briefs", "examples/one-site-briefs/truth.json");
    assert_clean("examples/one-site-briefs", "examples/one-site-briefs/truth.json");
    assert_pages_unpaired([
        "examples/one-site-briefs/ferry-timetable.txt",
        "examples/one-site-briefs/school-roof.txt",
    ]);
}

#[test]
fn two_pages_of_one_site_share_only_its_furniture() {
    // Too few documents for the corpus rules: the block both pages close with is still read
    // as the site's footer.
    assert_pages_unpaired([
        "examples/one-site/council-budget.txt",
        "examples/one-site/season-opener.txt",
    ]);
}

#[test]
fn a_credit_line_names_the_source_without_dates() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = edited_feed(dir.path(), |record| {
        record.as_object_mut().unwrap().remove("date");
        if record["id"] == "cmh-0708-algae" {
            let text = record["text"].as_str().unwrap();
            let credited = format!("{text}\n\nThis article first appeared in the Tidewater Times.");
            record["text"] = Value::from(credited);
        }
    });
    let corpus = corpus.to_str().unwrap();
    let source_of_copy = |run: harness::Run, pairs: &str| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let pairs: Vec<Value> = pairs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let pair = pairs.iter().find(|p| p["a"] == "cmh-0708-algae" && p["b"] == "tt-0708-algae");
        let pair = pair.expect("the copy is paired with its source");
        // Without the credit, house edits alone name the source at 0.6.
        assert!(pair["source_confidence"].as_f64().unwrap() >= 0.9, "{pair}");
        pair["source"].clone()
    };
    let [(scan, scanned), (add, added)] = scanned_and_added(corpus, dir.path());
    assert_eq!(source_of_copy(scan, &scanned), "tt-0708-algae");
    assert_eq!(source_of_copy(add, &added), "tt-0708-algae", "the index reads credits too");
}

#[test]
fn a_canonical_address_on_another_site_names_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let original = "https://lakeside-sentinel.example/news/ashmere-ferry";
    let heads = [
        ("a.html", format!("<meta property=\"og:url\" content=\"{original}\">")),
        (
            "b.html",
            format!(
                "<meta property=\"og:url\" content=\"https://valleyvoice.example/ferry\">\
                 <link rel=\"canonical\" href=\"{original}\">"
            ),
        ),
    ];
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for (name, head) in &heads {
        let page = std::fs::read_to_string(workspace().join("examples/html").join(name)).unwrap();
        let page = page.replacen("</head>", &format!("{head}</head>"), 1);
        std::fs::write(pages.join(name), page).unwrap();
    }
    let source_of_copy = |run: harness::Run, pairs: &str| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let pair: Value = serde_json::from_str(pairs.lines().next().expect("one pair")).unwrap();
        // Without the canonical address, the text's evidence names the source at 0.6.
        assert!(pair["source_confidence"].as_f64().unwrap() >= 0.9, "{pair}");
        pair["source"].clone()
    };
    let [(scan, scanned), (add, added)] = scanned_and_added(pages.to_str().unwrap(), dir.path());
    assert_eq!(source_of_copy(scan, &scanned), "a.html");
    assert_eq!(source_of_copy(add, &added), "a.html", "the index reads canonical addresses too");
}

#[test]
fn the_day_an_address_files_a_story_under_dates_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = edited_feed(dir.path(), |record| {
        let date = record.as_object_mut().unwrap().remove("date").unwrap();
        let day = date.as_str().unwrap()[..10].replace('-', "/");
        let site = record["id"].as_str().unwrap().split('-').next().unwrap().to_string();
        record["url"] = Value::from(format!("https://{site}.example/news/{day}/story"));
    });
    let run = unspun(&["scan", corpus.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pairs: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let pair = pairs.iter().find(|p| p["a"] == "tt-0708-algae" && p["b"] == "vnp-0709-algae");
    let pair = pair.expect("the spun copy is paired with its source");
    assert_eq!(pair["source"], "tt-0708-algae");
    // Without its address's day, the wording names the source at 0.83.
    assert!(pair["source_confidence"].as_f64().unwrap() >= 0.9, "{pair}");
}

/// The bundled JSONL feed with `edit` applied to each record, written into `dir`.
fn edited_feed(dir: &std::path::Path, mut edit: impl FnMut(&mut Value)) -> std::path::PathBuf {
    let feed = std::fs::read_to_string(workspace().join("examples/jsonl/feed.jsonl")).unwrap();
    let edited: Vec<String> = feed
        .lines()
        .map(|line| {
            let mut record: Value = serde_json::from_str(line).unwrap();
            edit(&mut record);
            record.to_string()
        })
        .collect();
    let path = dir.join("feed.jsonl");
    std::fs::write(&path, edited.join("\n")).unwrap();
    path
}

/// The run of `unspun scan` on `corpus` with the pairs it wrote, and the run of `unspun index
/// add` of `corpus` to a new index in `dir` with the pairs that wrote.
fn scanned_and_added(corpus: &str, dir: &std::path::Path) -> [(harness::Run, String); 2] {
    let scan = unspun(&["scan", corpus, "--quiet"]);
    let scanned = scan.stdout.clone();
    let (index, found) = (dir.join("index"), dir.join("found.jsonl"));
    let add = ["index", "--index", index.to_str().unwrap(), "add", corpus, "-o"];
    let add = unspun(&[&add[..], &[found.to_str().unwrap(), "--quiet"]].concat());
    let added = std::fs::read_to_string(&found).unwrap_or_default();
    [(scan, scanned), (add, added)]
}

/// Asserts that two pages of one site are not paired, scanned together or added one after the
/// other to a new index.
fn assert_pages_unpaired(pages: [&str; 2]) {
    let run = unspun(&["scan", pages[0], pages[1], "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.json_lines().is_empty(), "{}", run.stdout);
    // The index judges the second page's sentences the same way as it arrives.
    let dir = tempfile::tempdir().unwrap();
    let (index, found) = (dir.path().join("index"), dir.path().join("found.jsonl"));
    for page in pages {
        let add = ["index", "--index", index.to_str().unwrap(), "add", page, "-o"];
        let run = unspun(&[&add[..], &[found.to_str().unwrap()]].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(&found).unwrap(), "", "{page}");
    }
}

#[test]
fn families_group_each_story_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let families = dir.path().join("families.jsonl");
    let run =
        unspun(&["scan", "examples/corpus", "--quiet", "--clusters", families.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    let found: Vec<Value> = std::fs::read_to_string(&families)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let truth = truth("examples/truth.json");
    let expected = truth["families"].as_array().unwrap();
    assert_eq!(found.len(), expected.len());
    for family in expected {
        let mut members: Vec<&str> =
            family["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        members.sort_unstable();
        let got = found
            .iter()
            .find(|f| {
                f["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap())
                    .eq(members.iter().copied())
            })
            .unwrap_or_else(|| panic!("family {members:?} not found"));
        assert!(got["cluster"].as_u64().unwrap() >= 1);
    }
}
