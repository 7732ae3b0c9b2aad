//! A scan aligns the pairs of twins of the same two documents once (`unspun_core::twins`): every
//! pair it reports must still be what verifying those two documents alone reports.

use proptest::prelude::*;
use unspun_core::attribute::witnesses;
use unspun_core::fingerprint::TermFrequencies;
use unspun_core::verify::{self, VerifyConfig};
use unspun_core::{Document, NoProgress, PipelineBuilder, ReusePair, ScanConfig, ScanOutput};

const SENTENCES: [&str; 10] = [
    "The city council voted on Monday to close the old library on Elm Street at the end of the year.",
    "Council members said repairs to the roof and the heating would cost more than 2 million dollars.",
    "Librarian Ruth Okafor said the branch lent 40,000 books last year and hosted a weekly reading club.",
    "“People come here every day to read and to keep warm,” Okafor said after the vote.",
    "The collection will move to the central library, which is three miles away across the river.",
    "Parents at the meeting asked for a bus service so children could still reach the books.",
    "The mayor promised to study a mobile library van that would stop at the old site twice a week.",
    "A petition to keep the branch open has gathered more than 3,000 signatures since October.",
    "Residents plan to protest outside city hall on Thursday before the budget is signed.",
    "The building, opened in 1911, was paid for by a gift from a local shipping family.",
];

const HEAD: &str = "Home | News | Sport | Weather\nSubscribe to our newsletter\n\n";
const TAIL: &str = "\n\nClick to comment\n";

/// The story of `sentences`, each followed by a newline or a space as `breaks` says, under
/// a site's furniture or none.
fn published(sentences: &[String], breaks: &[bool], furniture: bool) -> String {
    let mut body = String::new();
    for (i, sentence) in sentences.iter().enumerate() {
        body.push_str(sentence);
        if i + 1 < sentences.len() {
            body.push(if breaks[i % breaks.len()] { '\n' } else { ' ' });
        }
    }
    if furniture {
        format!("{HEAD}{body}{TAIL}")
    } else {
        body
    }
}

/// One printing of a version of the story: its layout and whether it wears furniture.
fn printing() -> impl Strategy<Value = (Vec<bool>, bool)> {
    (prop::collection::vec(any::<bool>(), 1..6), any::<bool>())
}

fn scan(texts: &[String]) -> ScanOutput {
    scan_with(texts, ScanConfig::default())
}

fn scan_with(texts: &[String], config: ScanConfig) -> ScanOutput {
    let docs =
        texts.iter().enumerate().map(|(i, text)| Document::new(format!("d{i:02}"), text.as_str()));
    PipelineBuilder::new().config(config).build().unwrap().scan(docs.collect(), &NoProgress)
}

#[test]
fn a_story_run_by_more_sites_than_a_key_may_have_holders_is_found() {
    let story: Vec<String> = SENTENCES.iter().map(|s| s.to_string()).collect();
    let mut edited = story.clone();
    edited[2] = edited[2].replacen("last year", "in 2025", 1);
    let layouts: [&[bool]; 4] = [&[true], &[false], &[true, false], &[false, false, true]];
    let mut texts: Vec<String> =
        layouts.iter().map(|breaks| published(&story, breaks, false)).collect();
    texts.push(published(&edited, &[true], false));
    let mut config = ScanConfig::default();
    config.candidates.max_postings = 3;
    let output = scan_with(&texts, config);
    assert_eq!(output.stats.twin_documents, 3);
    assert_eq!(output.stats.hot_keys, 0, "a story's copies hold its keys as one");
    assert_eq!(output.pairs.len(), 5 * 4 / 2, "{:?}", output.pairs);
    assert_eq!(output.pairs, verified_alone(&output));
}

/// The scan's pairs as verifying each pair alone reports them, the undecided then decided by
/// their witnesses as a scan decides them.
fn verified_alone(output: &ScanOutput) -> Vec<ReusePair> {
    let doc = |id: &str| output.documents.iter().find(|d| d.doc.id == id).unwrap();
    let df = TermFrequencies::count(&output.documents);
    let mut pairs: Vec<ReusePair> = output
        .pairs
        .iter()
        .filter_map(|p| verify::verify(doc(&p.a), doc(&p.b), VerifyConfig::default(), &df))
        .collect();
    witnesses::decide_undecided(&mut pairs);
    pairs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn pairs_of_twins_are_reported_as_each_pair_alone(
        kept in 5usize..=10,
        edit in 0usize..10,
        excerpt in 2usize..5,
        printings in prop::collection::vec(printing(), 6),
    ) {
        let source: Vec<String> = SENTENCES[..kept].iter().map(|s| s.to_string()).collect();
        let mut edited = source.clone();
        let at = edit % kept;
        edited[at] = edited[at].replacen("the ", "this ", 1).replacen("said", "stated", 1);
        let versions = [&source, &source, &source, &edited, &edited, &source[..excerpt].to_vec()];
        let mut texts: Vec<String> = versions
            .iter()
            .zip(&printings)
            .map(|(sentences, (breaks, furniture))| published(sentences, breaks, *furniture))
            .collect();
        // One printing twice, so that the corpus surely holds twins.
        texts.push(texts[0].clone());
        let output = scan(&texts);
        prop_assert!(output.stats.twin_documents >= 1);
        prop_assert!(output.stats.alignments < output.stats.candidate_pairs);
        prop_assert_eq!(&output.pairs, &verified_alone(&output));
        let partners = |id: &str| {
            let mut others: Vec<&str> = output.pairs.iter().filter_map(|p| {
                (p.a == id).then_some(p.b.as_str()).or((p.b == id).then_some(p.a.as_str()))
            }).filter(|&o| o != "d00" && o != "d06").collect();
            others.sort_unstable();
            others
        };
        prop_assert_eq!(partners("d00"), partners("d06"));
    }
}
