//! Verification: a candidate pair of documents in, a reported [`ReusePair`] (or nothing) out.
//! Runs alignment, classification and attribution, and turns their findings into output. The
//! documents' texts are read only once a pair is judged reuse: most candidates are not, and a
//! scan's texts may be parked out of memory.

use std::ops::Range;

use crate::align::diff::{self, Substitution};
use crate::align::{self, AlignConfig, AlignedSentences, Alignment, DocumentKey, Matching};
use crate::attribute::{self, Attribution};
use crate::classify::{self, Assessment, ClassifyConfig, Verdict};
use crate::document::Span;
use crate::fingerprint::DocumentCounts;
use crate::prepared::{PairTexts, PreparedDocument};
use crate::reuse::{Flag, FlagSet, Passage, ReusePair};
use crate::twins::story_start;

/// Thresholds used when verifying a pair.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct VerifyConfig {
    /// Sentence alignment thresholds.
    pub align: AlignConfig,
    /// Reuse decision thresholds.
    pub classify: ClassifyConfig,
}

/// Aligns and classifies a pair; `None` when it is not reuse, or when a parked text cannot be
/// read back (the park keeps the failure for the run to report). `a` should have the smaller
/// id; `df` holds the corpus document frequencies attribution weighs word choice with.
pub fn verify(
    a: &PreparedDocument,
    b: &PreparedDocument,
    config: VerifyConfig,
    df: &dyn DocumentCounts,
) -> Option<ReusePair> {
    let matching = align::match_sentences(a, b, config.align);
    find(a, b, matching, config, df)?.report(a, b, config, df)
}

/// What [`verify`] finds of two documents of one scan named by `keys` before it reads their
/// texts: `None` when they are not reuse. Naming the documents lets alignment keep a
/// document's sentence index from one pair to the next.
pub fn find_in_scan(
    a: &PreparedDocument,
    b: &PreparedDocument,
    keys: (DocumentKey, DocumentKey),
    config: VerifyConfig,
    df: &dyn DocumentCounts,
) -> Option<StoryFindings> {
    find(a, b, align::match_scan_sentences(a, b, keys, config.align), config, df)
}

/// What verifying a pair finds from its two stories alone: that it is reuse, and the
/// sentences and words that match. It holds for any twin of either document (see
/// [`crate::twins`]); the report is then made with each pair's own texts and metadata.
#[derive(Debug, Clone)]
pub struct StoryFindings {
    assessment: Assessment,
    alignment: Alignment,
    /// Where the stories of the two documents it was found for start.
    starts: (usize, usize),
}

/// Assesses a matching and, when it shows reuse, compares the words of each match.
fn find(
    a: &PreparedDocument,
    b: &PreparedDocument,
    matching: Matching,
    config: VerifyConfig,
    df: &dyn DocumentCounts,
) -> Option<StoryFindings> {
    let assessment = classify::assess(a, b, &matching, config.classify, df)?;
    let alignment = matching.compare_words(a, b);
    Some(StoryFindings { assessment, alignment, starts: (story_start(a), story_start(b)) })
}

impl StoryFindings {
    /// The reported pair of `a` and `b`, twins of the documents these findings were made for
    /// (or those documents): the kind of reuse, which one is the original, and the passages,
    /// read from their texts. `None` when a parked text cannot be read back.
    pub fn report(
        &self,
        a: &PreparedDocument,
        b: &PreparedDocument,
        config: VerifyConfig,
        df: &dyn DocumentCounts,
    ) -> Option<ReusePair> {
        let (text_a, text_b) = (a.text().ok()?, b.text().ok()?);
        let texts = PairTexts { a: &text_a, b: &text_b };
        let offset =
            |doc: &PreparedDocument, start: usize| story_start(doc) as isize - start as isize;
        let by = (offset(a, self.starts.0), offset(b, self.starts.1));
        let moved;
        let alignment = if by == (0, 0) {
            &self.alignment
        } else {
            moved = self.alignment.shifted(by);
            &moved
        };
        let verdict = self.assessment.verdict((a, b), texts, alignment, config.classify);
        let attribution = attribute::attribute((a, b), texts, alignment, &verdict, df);
        Some(report((a, b), texts, alignment, verdict, attribution))
    }
}

fn report(
    (a, b): (&PreparedDocument, &PreparedDocument),
    texts: PairTexts<'_>,
    alignment: &Alignment,
    verdict: Verdict,
    attribution: Attribution,
) -> ReusePair {
    let passages: Vec<Passage> =
        alignment.units.iter().map(|u| passage((a, b), texts, u)).collect();
    let mut flags: Vec<Flag> = passages.iter().flat_map(|p| p.flags.iter()).collect();
    if is_reordered(alignment) {
        flags.push(Flag::Reordered);
    }
    if a.disguised_tokens() > 0 || b.disguised_tokens() > 0 {
        flags.push(Flag::HiddenCharacters);
    }
    if attribution.common_original {
        flags.push(Flag::CommonOriginal);
    }
    flags.sort_unstable();
    flags.dedup();
    let source =
        attribution.a_is_source.map(|a_is| if a_is { &a.doc.id } else { &b.doc.id }.clone());
    ReusePair {
        a: a.doc.id.clone(),
        b: b.doc.id.clone(),
        relation: verdict.relation,
        score: verdict.score,
        source,
        source_confidence: attribution.confidence,
        coverage_a: verdict.coverage_a,
        coverage_b: verdict.coverage_b,
        aligned_sentences: alignment.units.len(),
        passages,
        flags,
        unaligned_a: unaligned(a, alignment.units.iter().flat_map(|u| &u.a)),
        unaligned_b: unaligned(b, alignment.units.iter().flat_map(|u| &u.b)),
    }
}

/// The byte ranges of `doc`'s story sentences outside the `aligned` ones, sentences next to
/// each other joined.
fn unaligned<'u>(
    doc: &PreparedDocument,
    aligned: impl Iterator<Item = &'u usize>,
) -> Vec<[u32; 2]> {
    let mut covered = vec![false; doc.analysis.sentences.len()];
    aligned.for_each(|&i| covered[i] = true);
    let mut spans: Vec<Span> = Vec::new();
    let mut previous = None;
    for i in doc.content_sentences().filter(|&i| !covered[i]) {
        match spans.last_mut() {
            Some(last) if previous.is_some_and(|p| p + 1 == i) => *last = last.cover(doc.span(i)),
            _ => spans.push(doc.span(i)),
        }
        previous = Some(i);
    }
    spans.into_iter().map(|span| [span.start, span.end]).collect()
}

fn passage(
    (a, b): (&PreparedDocument, &PreparedDocument),
    texts: PairTexts<'_>,
    unit: &AlignedSentences,
) -> Passage {
    let (sa, sb) = (a.run_span(&unit.a), b.run_span(&unit.b));
    let (reach_a, reach_b) = unit.diff.reach();
    let spans_a = a.run_term_spans(texts.a, &unit.a, reach_a);
    let spans_b = b.run_term_spans(texts.b, &unit.b, reach_b);
    let wording = |s: &Substitution| {
        let (x, y) = s.spans(&spans_a, &spans_b);
        [x.slice(texts.a).to_string(), y.slice(texts.b).to_string()]
    };
    let alone = |terms: &Range<usize>, spans: &[Span], text: &str| {
        diff::stretch_span(terms.clone(), spans).slice(text).to_string()
    };
    let mut flags = FlagSet::default();
    if unit.diff.altered_quote {
        flags.insert(Flag::AlteredQuote);
    }
    if unit.diff.changed_number {
        flags.insert(Flag::ChangedNumber);
    }
    Passage {
        a: [sa.start, sa.end],
        b: [sb.start, sb.end],
        similarity: unit.similarity,
        substitutions: unit.diff.substitutions.iter().map(wording).collect(),
        one_sided: Passage::one_sided_from(
            unit.diff.only_a.iter().map(|x| alone(x, &spans_a, texts.a)).collect(),
            unit.diff.only_b.iter().map(|y| alone(y, &spans_b, texts.b)).collect(),
        ),
        flags,
    }
}

/// Whether the aligned units, in a's order, appear out of order in b.
fn is_reordered(alignment: &Alignment) -> bool {
    alignment.units.windows(2).any(|w| w[1].b[0] < w[0].b[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Metadata};
    use crate::fingerprint::TermFrequencies;
    use crate::pipeline::{NoProgress, PipelineBuilder};
    use crate::reuse::Relation;

    const STORY: &str =
        "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n\
        The fire chief said 14 boats were damaged and that nobody was hurt in the blaze.\n\
        Crews from Eastport helped to contain the fire before it reached the fuel depot.\n\
        “We were lucky the wind dropped,” said Chief Dana Reyes of the Millbrook department.\n\
        The pier will reopen next week once inspectors have checked the pilings, officials said.";

    fn prepare(texts: &[(&str, &str)]) -> Vec<PreparedDocument> {
        let docs = texts.iter().map(|(id, text)| Document::new(*id, *text)).collect();
        PipelineBuilder::new().build().unwrap().prepare(docs, &NoProgress).0
    }

    fn verify_pair(a: &str, b: &str) -> Option<ReusePair> {
        verify_docs(&prepare(&[("a", a), ("b", b)]))
    }

    fn verify_docs(docs: &[PreparedDocument]) -> Option<ReusePair> {
        verify(&docs[0], &docs[1], VerifyConfig::default(), &TermFrequencies::count(docs))
    }

    #[test]
    fn verbatim_copy() {
        let pair = verify_pair(STORY, STORY).unwrap();
        assert_eq!(pair.relation, Relation::Verbatim);
        assert_eq!(pair.aligned_sentences, 5);
        assert!(pair.flags.is_empty());
    }

    #[test]
    fn a_copy_stays_verbatim_where_only_its_furniture_capitalises_a_word() {
        // "Crews" opens a story sentence; the copy's comment line also names a "Crews" desk,
        // so that copy reads it as a name and the source as a word.
        let copy = format!("{STORY}\nClick to comment on Crews Weekly.");
        let pair = verify_pair(STORY, &copy).unwrap();
        assert_eq!(pair.relation, Relation::Verbatim);
    }

    #[test]
    fn house_edits_are_a_near_duplicate() {
        let edited = STORY.replace("Harbor", "Harbour").replace("Chief Dana Reyes", "Ms Reyes");
        let pair = verify_pair(STORY, &edited).unwrap();
        assert_eq!(pair.relation, Relation::NearDuplicate);
    }

    #[test]
    fn excerpt_names_the_longer_text_as_source() {
        let excerpt: String = STORY.lines().take(3).collect::<Vec<_>>().join("\n");
        let long = format!("{STORY}\nThe council will meet on Friday to discuss new safety rules for the harbor.\n\
            Fishermen said the fuel depot had worried them for years and asked for it to be moved.");
        let pair = verify_pair(&long, &excerpt).unwrap();
        assert_eq!(pair.relation, Relation::Excerpt);
        assert_eq!(pair.source.as_deref(), Some("a"));
    }

    #[test]
    fn a_brief_half_copied_word_for_word_is_an_excerpt() {
        let lines: Vec<&str> = STORY.lines().collect();
        let brief = format!(
            "{}\n{}\nThe port board will meet on Thursday to review what insurance covers.\n\
            Boat owners can claim their repair costs from an emergency fund.",
            lines[0], lines[2]
        );
        let pair = verify_pair(STORY, &brief).unwrap();
        assert_eq!(pair.relation, Relation::Excerpt);
        assert_eq!(pair.aligned_sentences, 2);
    }

    #[test]
    fn spun_copy_with_altered_quote_and_number() {
        let spun = "Harbor authorities in Millbrook shut the north pier on Tuesday following a fire.\n\
            The fire chief stated 16 boats were harmed and that nobody was injured in the blaze.\n\
            Teams from Eastport assisted to contain the fire before it reached the fuel depot.\n\
            “We were fortunate the wind fell,” said Chief Dana Reyes of the Millbrook department.\n\
            The pier will reopen next week once inspectors have examined the pilings, officials stated.";
        let pair = verify_pair(STORY, spun).unwrap();
        assert_eq!(pair.relation, Relation::Spun);
        assert!(pair.flags.contains(&Flag::AlteredQuote), "{:?}", pair.flags);
        assert!(pair.flags.contains(&Flag::ChangedNumber), "{:?}", pair.flags);
        let substituted: Vec<&[String; 2]> =
            pair.passages.iter().flat_map(|p| &p.substitutions).collect();
        assert!(substituted.iter().any(|s| s[0] == "closed" && s[1] == "shut"), "{substituted:?}");
    }

    #[test]
    fn wording_one_side_dropped_or_added_is_reported_with_its_passage() {
        let copy = STORY
            .replace("Harbor officials in Millbrook closed", "Officials closed")
            .replace("14 boats were damaged", "14 boats were reportedly damaged");
        let pair = verify_pair(STORY, &copy).unwrap();
        let alone = |side: fn(&Passage) -> &[String]| -> Vec<&str> {
            pair.passages.iter().flat_map(side).map(String::as_str).collect()
        };
        assert_eq!(alone(Passage::only_in_a), ["Harbor", "in Millbrook"]);
        assert_eq!(alone(Passage::only_in_b), ["reportedly"]);
        assert!(pair.passages[2].one_sided.is_none(), "nothing held for a passage without any");
        let first = &pair.passages[0];
        let json = serde_json::to_string(first).unwrap();
        assert!(json.contains(r#""only_in_a":["Harbor","in Millbrook"],"flags""#), "{json}");
        let unchanged = serde_json::to_string(&pair.passages[2]).unwrap();
        assert!(!unchanged.contains("only_in"), "left out when empty: {unchanged}");
        let stored_before: Passage = serde_json::from_str(
            r#"{"a":[0,5],"b":[0,5],"similarity":1.0,"substitutions":[],"flags":[]}"#,
        )
        .unwrap();
        assert!(stored_before.one_sided.is_none());
        let read_back: Passage = serde_json::from_str(&json).unwrap();
        assert_eq!(read_back.one_sided, first.one_sided, "read back as written");
    }

    #[test]
    fn story_sentences_no_passage_covers_are_listed_neighbours_joined() {
        let lines: Vec<&str> = STORY.lines().collect();
        let added = "The harbor master will brief reporters about the repairs on Friday morning.";
        let copy = format!("{}\n{}\n{}\n{added}", lines[0], lines[1], lines[4]);
        let pair = verify_pair(STORY, &copy).unwrap();
        let texts = |text: &str, ranges: &[[u32; 2]]| -> Vec<String> {
            ranges.iter().map(|&[start, end]| text[start as usize..end as usize].into()).collect()
        };
        assert_eq!(texts(STORY, &pair.unaligned_a), [format!("{}\n{}", lines[2], lines[3])]);
        assert_eq!(texts(&copy, &pair.unaligned_b), [added]);
        let json = serde_json::to_string(&pair).unwrap();
        assert!(
            json.ends_with(r#""unaligned_a":[[158,327]],"unaligned_b":[[247,322]]}"#),
            "{json}"
        );
        let verbatim = verify_pair(STORY, STORY).unwrap();
        assert!(verbatim.unaligned_a.is_empty() && verbatim.unaligned_b.is_empty());
    }

    #[test]
    fn a_number_in_other_digits_is_the_same_number() {
        let source =
            "أغلقت السلطات في ميناء الإسكندرية الرصيف الشمالي يوم الثلاثاء بعد اندلاع حريق.\n\
            وقال قائد الإطفاء إن ١٤ قارباً تضررت وإن أحداً لم يصب بأذى.\n\
            وساعدت فرق من دمياط في احتواء الحريق قبل أن يصل إلى مستودع الوقود.\n\
            وسيعاد فتح الرصيف الأسبوع المقبل بعد أن يفحص المفتشون الركائز، بحسب المسؤولين.";
        let western = verify_pair(source, &source.replace("١٤", "14")).unwrap();
        let substituted: Vec<_> = western.passages.iter().flat_map(|p| &p.substitutions).collect();
        assert!(substituted.is_empty(), "{substituted:?}");
        let changed = verify_pair(source, &source.replace("١٤", "١٦")).unwrap();
        assert!(changed.flags.contains(&Flag::ChangedNumber), "{:?}", changed.flags);
    }

    #[test]
    fn independent_report_of_the_same_event_is_not_reuse() {
        let independent = "A blaze tore through boats moored at Millbrook's north pier on Tuesday.\n\
            Fourteen vessels were damaged, according to Chief Dana Reyes, who said no one was injured.\n\
            Firefighters from neighbouring Eastport joined the response.\n\
            Harbor users said the pier's fuel depot had long been a concern.\n\
            Inspectors are expected to examine the structure before it reopens.";
        assert!(verify_pair(STORY, independent).is_none());
    }

    const LIBRARY_FLOOD: [&str; 10] = [
        "Floodwater entered the basement of the Carrow Public Library on Sunday night after a \
         water main burst under Elm Street.",
        "Staff arriving on Monday found about 3,000 books from the local history collection \
         soaked or ruined.",
        "The library director, Ines Marlow, said the rare maps stored on the lowest shelves had \
         been lost.",
        "Volunteers from the county archive spent the day carrying wet boxes to a freezer truck \
         parked outside.",
        "Freezing the paper stops mould from spreading until the pages can be dried by \
         specialists.",
        "City engineers shut off the main within two hours, but the basement held almost a \
         metre of water.",
        "The branch will stay closed for at least three weeks while crews pump out the rooms \
         and test the wiring.",
        "Residents can return borrowed books at the Harwick Road branch, which will extend its \
         opening hours.",
        "The council said insurance should cover most of the repairs but not the value of the \
         lost collection.",
        "An appeal for old photographs and letters to rebuild the archive has already drawn \
         hundreds of offers.",
    ];

    /// The same event told by another writer, in the same order.
    const LIBRARY_FLOOD_RETOLD: [&str; 10] = [
        "A burst water main under Elm Street flooded the Carrow Public Library's basement late \
         on Sunday.",
        "Around 3,000 volumes of local history were damaged, the library said on Monday.",
        "Director Ines Marlow told reporters that a set of rare maps could not be saved.",
        "County archivists and volunteers moved sodden boxes into a refrigerated lorry through \
         the afternoon.",
        "Specialists will dry the frozen pages later, once the mould risk is under control.",
        "Engineers closed the main quickly, though nearly a metre of water had already \
         collected downstairs.",
        "Pumping and electrical checks mean the library is expected to remain shut for three \
         weeks or more.",
        "Borrowers have been asked to use the Harwick Road branch, where hours are being \
         extended.",
        "Insurers are expected to pay for the building work, council officials said, though \
         the collection itself is irreplaceable.",
        "Hundreds of people have offered family photographs and letters to help restore the \
         archive.",
    ];

    /// `count` sentences of made-up words, each word used once and marked by `column`: the
    /// other items of a long roundup, which share nothing with another roundup's.
    fn other_items(column: &str, count: usize) -> Vec<String> {
        let word = |n: usize| -> String {
            let letters = [n / 676, n / 26 % 26, n % 26].map(|d| char::from(b'a' + d as u8));
            format!("{column}{}", String::from_iter(letters))
        };
        let sentence = |i: usize| {
            let w: Vec<String> = (0..7).map(|k| word(i * 7 + k)).collect();
            format!("The {} {} of {} and {} {} in {} {}.", w[0], w[1], w[2], w[3], w[4], w[5], w[6])
        };
        (0..count).map(sentence).collect()
    }

    /// A roundup: `before` and `after` other items around `story`.
    fn roundup(column: &str, (before, after): (usize, usize), story: &[&str]) -> String {
        let items = other_items(column, before + after);
        let lines = items[..before].iter().map(String::as_str).chain(story.iter().copied());
        lines.chain(items[before..].iter().map(String::as_str)).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_story_copied_whole_into_two_long_roundups_is_reuse() {
        let a = roundup("qx", (50, 20), &LIBRARY_FLOOD);
        let b = roundup("qz", (20, 60), &LIBRARY_FLOOD);
        let pair = verify_pair(&a, &b).expect("the copied story makes reuse");
        assert!(pair.coverage_a < 0.25 && pair.coverage_b < 0.25, "{pair:?}");
        assert_eq!(pair.relation, Relation::Excerpt);
        assert_eq!(pair.aligned_sentences, LIBRARY_FLOOD.len());
    }

    #[test]
    fn a_short_story_copied_whole_into_two_long_roundups_is_reuse() {
        let brief = &LIBRARY_FLOOD[..6];
        let a = roundup("qx", (50, 20), brief);
        let b = roundup("qz", (20, 60), brief);
        let pair = verify_pair(&a, &b).expect("six copied sentences in a row make reuse");
        assert_eq!(pair.aligned_sentences, brief.len());
        let a = roundup("qx", (50, 20), &LIBRARY_FLOOD[..3]);
        let b = roundup("qz", (20, 60), &LIBRARY_FLOOD[..3]);
        assert!(verify_pair(&a, &b).is_none(), "three sentences of a long page are not enough");
    }

    #[test]
    fn two_long_roundups_telling_one_event_independently_are_not_reuse() {
        assert!(verify_pair(&LIBRARY_FLOOD.join("\n"), &LIBRARY_FLOOD_RETOLD.join("\n")).is_none());
        let a = roundup("qx", (50, 20), &LIBRARY_FLOOD);
        let b = roundup("qz", (20, 60), &LIBRARY_FLOOD_RETOLD);
        assert!(verify_pair(&a, &b).is_none());
    }

    #[test]
    fn a_shared_quote_alone_is_not_reuse() {
        let other = "“We were lucky the wind dropped,” said Chief Dana Reyes of the Millbrook department.\n\
            The school board met on Monday to discuss a new bus route for the valley.\n\
            Parents asked for later start times and more crossing guards near the bridge.";
        assert!(verify_pair(STORY, other).is_none());
    }

    const DAM_FACTS: [&str; 2] = [
        "The dam was built in 1931 from local granite and has held back the river through three \
         major floods, according to records kept by the county water board.",
        "Inspectors will examine the spillway, the outlet tunnels and the concrete facing for \
         cracks, seepage and signs of erosion that divers reported last autumn.",
    ];

    #[test]
    fn two_long_sentences_copied_word_for_word_are_reuse() {
        let report = format!(
            "Engineers at the Millbrook reservoir began lowering the water on Monday.\n\
             {}\n{}\nResidents downstream were told there was no danger to their homes.\n\
             The work is expected to last six weeks, and the lake path stays open.\n\
             Anglers have been asked to keep away from the northern shore until March.\n\
             The board last drained the reservoir in 1987, when the valves were replaced.\n\
             A public meeting on the repairs will be held at the town hall on Thursday.",
            DAM_FACTS[0], DAM_FACTS[1]
        );
        let column = format!(
            "Anyone who walks the ridge above town will pass the grey wall that makes the lake.\n\
             {}\n{}\nMy grandfather hauled stone for it as a boy and never tired of saying so.\n\
             He would have liked to see the engineers take such care of his wall.\n\
             The ridge path is open every day from dawn until dusk, dogs on leads.\n\
             Bring water in summer, since the kiosk by the car park closes at noon.\n\
             Next week: the mill race, and the flood that nearly took the bridge.",
            DAM_FACTS[0], DAM_FACTS[1]
        );
        let pair = verify_pair(&report, &column).unwrap();
        assert_eq!(pair.aligned_sentences, 2);
        assert!(pair.coverage_a.max(pair.coverage_b) < 0.5, "{pair:?}");
    }

    #[test]
    fn two_short_lines_in_common_are_not_reuse() {
        let shared = "Ski resort adds night skiing on three runs.\n\
            Valley hospital opens new maternity ward.";
        let first = format!(
            "The county fair returns in August with a larger livestock show.\n{shared}\n\
             Organisers expect forty thousand visitors over the four days."
        );
        let second = format!(
            "A new bakery has opened on the corner of Elm Street and Fourth.\n{shared}\n\
             Its owners trained in Lyon and bake through the night."
        );
        assert!(verify_pair(&first, &second).is_none());
    }

    fn dividend_notice(company: &str, short: &str, cents: u32, paid: &str, record: &str) -> String {
        format!(
            "{company} said its board declared a quarterly dividend of {cents} cts per share, up \
             from {} cts per share paid in the previous quarter.\n\
             The dividend is payable {paid} to shareholders of record {record}, the company said.\n\
             {short} said the increase reflects its confidence in continued growth in earnings.\n\
             Shr 1.{cents} dlrs vs 1.{} dlrs\nNet 41.{cents} mln dlrs vs 38.{} mln dlrs",
            cents - 1,
            cents - 2,
            cents - 3
        )
    }

    #[test]
    fn two_reports_written_from_one_form_are_not_reuse() {
        let olvel = dividend_notice("Olvel Foods Corp", "Olvel", 40, "Jan 25", "May 26");
        let quintra = dividend_notice("Quintra Steel Inc", "Quintra", 72, "March 26", "Jan 14");
        assert!(verify_pair(&olvel, &quintra).is_none());
        let same_company = dividend_notice("Olvel Foods Corp", "Olvel", 52, "Oct 2", "Sept 9");
        assert!(verify_pair(&olvel, &same_company).is_none(), "another quarter's notice");
        let copy = olvel.replace("quarterly", "regular quarterly");
        assert_eq!(verify_pair(&olvel, &copy).unwrap().relation, Relation::NearDuplicate);
    }

    fn earnings_item(company: &str, net: &str) -> String {
        format!("{company} 1st qtr net\n{company} said its 1st qtr net was {net} mln dlrs.")
    }

    #[test]
    fn namesake_companies_report_other_things() {
        let energy = earnings_item("Stonebridge Energy Co", "277.9");
        let pharma = earnings_item("Stonebridge Pharmaceuticals Co", "220.4");
        assert!(verify_pair(&energy, &pharma).is_none());
        let shortened = earnings_item("Stonebridge Co", "277.9");
        assert!(verify_pair(&energy, &shortened).is_some(), "a house edit shortens a name");
    }

    /// The pair of two texts, each published as its metadata says.
    fn published_pair(a: (&str, Metadata), b: (&str, Metadata)) -> ReusePair {
        let mut docs = prepare(&[("a", a.0), ("b", b.0)]);
        docs[0].doc.meta = a.1;
        docs[1].doc.meta = b.1;
        verify_docs(&docs).unwrap()
    }

    /// The pair of two copies of [`STORY`] stated to be published at `a` and `b`.
    fn dated_pair(a: &str, b: &str) -> ReusePair {
        let dated = |date: &str| Metadata { date: Some(date.into()), ..Metadata::default() };
        published_pair((STORY, dated(a)), (STORY, dated(b)))
    }

    #[test]
    fn dates_decide_the_source() {
        let pair = dated_pair("2026-10-15", "2026-10-14T08:00:00Z");
        assert_eq!(pair.source.as_deref(), Some("b"));
        assert!(pair.source_confidence >= 0.9);
    }

    #[test]
    fn a_stated_day_is_compared_as_a_day() {
        let pair = dated_pair("2026-10-14T23:00:00Z", "2026-10-14");
        assert_eq!(pair.source, None, "the same day tells neither side first");
    }

    #[test]
    fn days_the_bylines_print_decide_the_source() {
        let page = |date: &str| format!("By Ana Ruiz, Staff Writer | Published {date}\n\n{STORY}");
        let pair = verify_pair(&page("October 15, 2026"), &page("October 14, 2026")).unwrap();
        assert_eq!(pair.source.as_deref(), Some("b"));
        let mut docs = prepare(&[("a", STORY), ("b", &page("October 14, 2026"))]);
        docs[0].doc.meta.date = Some("2026-10-13T22:00:00Z".into());
        let pair = verify_docs(&docs).unwrap();
        assert_eq!(pair.source.as_deref(), Some("a"), "a stated date against a printed one");
        assert_eq!(verify_pair(&page("October 14, 2026"), STORY).unwrap().source, None);
    }

    /// The pair of two copies of [`STORY`] from `outlets`, the second closed by `credit`.
    fn credited_pair(outlets: [&str; 2], credit: &str) -> ReusePair {
        published_pair(
            (STORY, Metadata::of_site(Some(outlets[0]), None)),
            (&format!("{STORY}\n\n{credit}"), Metadata::of_site(Some(outlets[1]), None)),
        )
    }

    #[test]
    fn a_credit_line_names_the_source() {
        let credit = "This article was originally published by the Millbrook Courier.";
        let pair = credited_pair(["Millbrook Courier", "Eastport Daily"], credit);
        assert_eq!(pair.source.as_deref(), Some("a"), "{pair:?}");
        assert!(pair.source_confidence >= 0.9);
        let pair = credited_pair(["Eastport Daily", "Kestrel News"], credit);
        assert_eq!(pair.source, None, "a third outlet credited by one side names neither");
        let wire = "MILLBROOK (Reuters) - Harbor officials closed the pier.";
        let pair = published_pair(
            (&format!("{wire}\n{STORY}"), Metadata::of_site(Some("Eastport Daily"), None)),
            (&format!("{STORY}\n\n{credit}"), Metadata::of_site(Some("Kestrel News"), None)),
        );
        assert_eq!(pair.source, None);
        assert!(
            !pair.flags.contains(&Flag::CommonOriginal),
            "two wires credited: {:?}",
            pair.flags
        );
    }

    /// The pair of two texts, the first published by the outlet `outlet_a`, the second at
    /// the web address `url_b`.
    fn verify_sited(a: &str, b: &str, outlet_a: &str, url_b: &str) -> ReusePair {
        published_pair(
            (a, Metadata::of_site(Some(outlet_a), None)),
            (b, Metadata::of_site(None, Some(url_b))),
        )
    }

    #[test]
    fn copies_crediting_one_wire_share_an_original() {
        let pair = verify_sited(
            &format!("MILLBROOK (AP) — {STORY}"),
            &format!("{STORY}\n\nRepublished with permission from The Associated Press."),
            "Eastport Daily",
            "https://www.kestrelnews.com/harbor-fire",
        );
        assert_eq!(pair.source, None);
        assert!(pair.flags.contains(&Flag::CommonOriginal), "{:?}", pair.flags);
    }

    #[test]
    fn a_wire_byline_or_copyright_line_names_the_wire_page_the_source() {
        let copyright = "Copyright 2026 The Associated Press. All rights reserved.";
        let (copy, wire) = (
            format!("{STORY}\n\n{copyright}"),
            format!("By The Associated Press\n\n{STORY}\n\n{copyright}"),
        );
        let pair =
            verify_sited(&copy, &wire, "Eastport Daily", "https://apnews.com/article/harbor-fire");
        assert_eq!(pair.source.as_deref(), Some("b"), "{pair:?}");
        let pair =
            verify_sited(&copy, &wire, "Eastport Daily", "https://www.kestrelnews.com/harbor-fire");
        assert_eq!(pair.source, None);
        assert!(pair.flags.contains(&Flag::CommonOriginal), "{:?}", pair.flags);
    }

    const COUNCIL: &str = "The city council voted on Monday to expand the downtown transit center by 2028.\n\
        Mayor Elena Ortiz said the program would cost 48 million dollars and create 300 jobs.\n\
        Critics organized a protest outside the council chamber, calling the plan a favor to developers.\n\
        “This is about getting people to work on time,” Ortiz told reporters after the vote.\n\
        Construction of the new center is expected to begin next spring, officials said.";

    #[test]
    fn a_restyled_copy_and_a_spun_copy_share_an_original() {
        let restyled = COUNCIL
            .replace("center", "centre")
            .replace("program", "programme")
            .replace("organized", "organised")
            .replace("favor", "favour")
            .replace("Ortiz told", "Ms Ortiz told");
        let spun = "The city council balloted on Monday to enlarge the downtown transit hub by 2028.\n\
            Mayor Elena Ortiz stated the program would cost 48 million dollars and generate 300 jobs.\n\
            Detractors arranged a protest outside the council chamber, terming the plan a kindness to developers.\n\
            “This is about getting people to work on time,” Ortiz informed reporters following the vote.\n\
            Building of the new hub is anticipated to commence next spring, officials stated.";
        let docs = prepare(&[("original", COUNCIL), ("restyled", &restyled), ("spun", spun)]);
        let df = TermFrequencies::count(&docs);
        let pair = |x: usize, y: usize| {
            verify(&docs[x], &docs[y], VerifyConfig::default(), &df).expect("reuse")
        };
        assert_eq!(pair(0, 1).source.as_deref(), Some("original"), "house edits mark the copy");
        assert_eq!(pair(0, 2).source.as_deref(), Some("original"), "rarer synonyms mark the copy");
        let siblings = pair(1, 2);
        assert_eq!(siblings.relation, Relation::Spun);
        assert_eq!(siblings.source, None, "{siblings:?}");
        assert!(siblings.flags.contains(&Flag::CommonOriginal), "{:?}", siblings.flags);
        assert!(!pair(0, 2).flags.contains(&Flag::CommonOriginal));
    }

    #[test]
    fn names_cut_to_their_initials_are_no_spinners_wording() {
        let story = "The United States asked the United Nations on Monday to send food to the border towns.\n\
            Officials of the European Union said the United States had not asked them for help.\n\
            The United Nations agency said 40 trucks could leave the port within a week.\n\
            Aid groups said the European Union should pay for the fuel the convoys need.\n\
            Talks between the United States and the agency resume on Friday, officials said.";
        let abbreviated = story
            .replace("United States", "US")
            .replace("United Nations", "UN")
            .replace("European Union", "EU");
        let pair = verify_pair(story, &abbreviated).unwrap();
        assert_eq!(pair.source, None, "the shorter wording is not the original's: {pair:?}");
    }

    #[test]
    fn hidden_characters_mark_the_copy() {
        let disguised = STORY.replace("officials", "оfficials").replace("fire", "fi\u{200B}re");
        let pair = verify_pair(STORY, &disguised).unwrap();
        assert!(pair.flags.contains(&Flag::HiddenCharacters));
        assert_eq!(pair.source.as_deref(), Some("a"));
        assert!(pair.passages.len() >= 4, "disguised words still align");
    }
}
