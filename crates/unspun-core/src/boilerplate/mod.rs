//! Boilerplate: which sentences are site furniture rather than the story?
//!
//! Two models vote. The corpus model (`corpus.rs`) learns sentences that recur across otherwise
//! unrelated documents. The prior model (`cues.rs`) scores each paragraph's own wording. A
//! paragraph is stripped when it sits in a furniture block at the head or tail of the document,
//! or is unmistakable furniture anywhere, unless it names the story's recurring people, places
//! or numbers. HTML markup is handled earlier, by `ingest::html`.

mod corpus;
mod cues;

pub use corpus::{is_furniture, SentenceLayout, HOUSE_HOLDERS, JUDGED_HOLDERS, SAMPLE};

use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::{FxHashSet, FxHasher};
use serde::{Deserialize, Serialize};

use crate::analysis::{self, Analysis, TermClass, TermId};
use crate::document::Document;
use crate::normalize::Token;
use crate::segment;
use cues::ParagraphText;

/// Prose paragraphs in a row that a tail furniture block may enclose ("That is invaluable."
/// inside a comment policy).
const MAX_GAP_PARAGRAPHS: usize = 2;

/// Characters of prose in a row that a tail furniture block may enclose.
const MAX_GAP_CHARS: usize = 400;

/// Learned boilerplate plus the rules that strip it from a document.
#[derive(Debug, Clone, Default)]
pub struct BoilerplateModel {
    learned: FxHashSet<u64>,
}

/// A document's text with its analysis, as the boilerplate model reads it.
#[derive(Debug, Clone, Copy)]
pub struct AnalyzedText<'a> {
    /// The document's id.
    pub id: &'a str,
    /// Hash of the site that published it ([`crate::document::Metadata::site`]), 0 when the
    /// corpus does not say.
    pub site: u64,
    /// Its analysis.
    pub analysis: &'a Analysis,
    /// Its paragraphs' wording cues.
    pub cues: &'a ParagraphCues,
}

impl<'a> AnalyzedText<'a> {
    /// The view of `doc` with its analysis and paragraph cues.
    pub fn new(doc: &'a Document, analysis: &'a Analysis, cues: &'a ParagraphCues) -> Self {
        let site = doc.meta.site().map_or(0, |site| analysis::hash_str(&site).max(1));
        AnalyzedText { id: &doc.id, site, analysis, cues }
    }
}

impl BoilerplateModel {
    /// Learns recurring furniture from a corpus; a sentence must recur in `min_documents`
    /// documents to be considered.
    pub fn learn(docs: &[AnalyzedText<'_>], min_documents: usize) -> Self {
        let layouts: Vec<SentenceLayout> = docs.par_iter().map(|d| layout(*d)).collect();
        Self::from_learned(corpus::learn(&layouts, min_documents.max(2)))
    }

    /// A model that strips the given learned sentences (by recurrence key) on top of the
    /// prior rules: how a persistent index, which judges sentences as documents arrive,
    /// marks a document.
    pub fn from_learned(learned: FxHashSet<u64>) -> Self {
        BoilerplateModel { learned }
    }

    /// Number of distinct sentences learned as boilerplate.
    pub fn learned_len(&self) -> usize {
        self.learned.len()
    }

    /// For each sentence of the document, whether it is boilerplate.
    pub fn mark(&self, doc: AnalyzedText<'_>) -> Vec<bool> {
        let learned: Vec<bool> =
            doc.analysis.recurrence_keys.iter().map(|k| self.learned.contains(k)).collect();
        let paragraphs = ParagraphView::new(doc, &learned);
        let stripped = paragraphs.furniture();
        doc.analysis
            .sentences
            .iter()
            .zip(&learned)
            .map(|(s, &l)| l || stripped[s.paragraph as usize])
            .collect()
    }
}

/// What the corpus model reads of a document. Sentence lengths are in bytes, or 0 when the
/// wording marks the paragraph as furniture: the model weighs a document's own prose, not its
/// site furniture.
pub fn layout(doc: AnalyzedText<'_>) -> SentenceLayout {
    let prose = |s: &crate::analysis::Sentence| doc.cues.prior[s.paragraph as usize] < 0.5;
    let list_items = doc.cues.list_items();
    SentenceLayout {
        rank: crate::analysis::hash_str(doc.id),
        site: doc.site,
        keys: doc.analysis.recurrence_keys.clone(),
        prose_lengths: doc
            .analysis
            .sentences
            .iter()
            .map(|s| if prose(s) { s.span.len() as u32 } else { 0 })
            .collect(),
        name_keys: (0..doc.analysis.sentences.len()).map(|i| name_key(doc.analysis, i)).collect(),
        list_items: doc
            .analysis
            .sentences
            .iter()
            .map(|s| list_items[s.paragraph as usize])
            .collect(),
    }
}

/// The hash of sentence `i`'s names and numbers in order, or 0 when it holds fewer than two.
fn name_key(a: &Analysis, i: usize) -> u32 {
    let mut hasher = FxHasher::default();
    let mut names = 0;
    for term in a.sentence_terms(i).iter() {
        if matches!(term.class, TermClass::Name | TermClass::Number) {
            hasher.write_u32(term.id);
            names += 1;
        }
    }
    if names < 2 {
        0
    } else {
        ((hasher.finish() >> 32) as u32).max(1)
    }
}

/// Analyses a document and reads its paragraph cues from the same tokens: what every stage
/// that learns or marks boilerplate starts from.
pub fn analyze(doc: &Document) -> (Analysis, ParagraphCues) {
    let (analysis, tokens) = analysis::analyze_tokens(doc);
    let cues = ParagraphCues::of(&doc.text, &analysis, &tokens);
    (analysis, cues)
}

/// A text touching every step of [`analyze`]: paragraphs and hard wrapping, abbreviations,
/// initials and decimals, quotes, numbers and number words, months, names, British spelling,
/// look-alike letters, invisible characters, furniture wording, a picture's credit line, cue
/// words in reported speech, scripts without capitals or spaces (Devanagari's vowel signs,
/// viramas, danda, a period glued between words and a title's, Thai words, Chinese
/// characters), Arabic-Indic digits, and Russian (stemmed, its short words no disguise).
const ANALYZER_PROBE: &str = "Harbour Fire Closes North Pier\n\n\
    By J. R. Okafor, Staff Writer | Oct. 14, 2026\n\n\
    MILLBROOK — Mr. Okafor said the U.N. team organised the clean-up of 14.5 tonnes\n\
    of debris, and fourteen boats were damaged. \"We are grateful,\" the mayor said.\n\
    The c\u{0430}ptain's \u{200b}crew re\u{00ad}paired the colourful hulls on Tuesday.\n\n\
    (AP Photo/J. R. Okafor)\n\n\
    Readers of the site said its website was down.\n\n\
    अधिकारियों ने कहा कि घाट फिर से खुलेगा.डॉ. राम ने पुष्टि की। ١٤ नावें सुरक्षित हैं। Он сказал, что правительства нет. เจ้าหน้าที่กล่าวว่าท่าเรือจะเปิด 官员说。\n\n\
    Click to comment. Share on Facebook. \u{00a9} 2026 The Gazette. All rights reserved.";

/// A hash of what [`analyze`] makes of a probe text. A store that keeps analyses, term ids
/// or sentence keys compares it with the signature it was built with: a change to
/// segmentation, tokenizing, stemming, spelling or paragraph cues changes the signature.
pub fn analyzer_signature() -> u64 {
    let (analysis, cues) = analyze(&Document::new("probe", ANALYZER_PROBE));
    let encoded = serde_json::to_string(&(&analysis, &cues)).expect("analyses serialise");
    analysis::hash_str(&encoded)
}

/// What each paragraph's own wording says: computed once per document and read both when the
/// corpus model learns and when the document is marked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParagraphCues {
    /// Furniture score from the paragraph's wording alone.
    prior: Vec<f32>,
    /// Whether the paragraph holds any word.
    has_words: Vec<bool>,
    /// Words, counting ideographs as words.
    words: Vec<usize>,
    /// Characters.
    chars: Vec<usize>,
    /// Whether it ends like a sentence.
    ends_sentence: Vec<bool>,
}

impl ParagraphCues {
    /// The cues of every paragraph of an analysed text, given the tokens of each sentence.
    fn of(text: &str, analysis: &Analysis, sentence_tokens: &[Vec<Token>]) -> Self {
        let mut words: Vec<Vec<&str>> = vec![Vec::new(); analysis.paragraphs.len()];
        for (sentence, tokens) in analysis.sentences.iter().zip(sentence_tokens) {
            let paragraph = &mut words[sentence.paragraph as usize];
            paragraph.extend(tokens.iter().map(|t| t.folded.as_str()));
        }
        let mut cues = ParagraphCues::default();
        for (paragraph, words) in analysis.paragraphs.iter().zip(words) {
            let raw = paragraph.slice(text);
            let count = words.len();
            cues.prior.push(cues::furniture_score(&ParagraphText { raw, words }));
            cues.has_words.push(count > 0);
            cues.words.push(cues::effective_words(raw, count));
            cues.chars.push(raw.chars().count());
            cues.ends_sentence.push(segment::ends_sentence(raw.trim_end()));
        }
        cues
    }

    /// A headline or standfirst: short, and not ending like a sentence.
    fn is_title(&self, p: usize) -> bool {
        self.words[p] <= 16 && self.chars[p] <= 120 && !self.ends_sentence[p]
    }

    /// For each paragraph, whether it is one of at least [`LIST_ITEMS`] title-shaped
    /// paragraphs in a row below the last paragraph of prose: a list of links or of other
    /// stories' headlines among the furniture that closes a page. Above the prose, short lines
    /// are the masthead, byline and headline; between paragraphs of prose, they are the
    /// story's own figures ("Shr 18 cts vs 13 cts").
    fn list_items(&self) -> Vec<bool> {
        let n = self.words.len();
        let mut items = vec![false; n];
        let is_prose = |p: usize| self.has_words[p] && !self.is_title(p) && self.prior[p] < 0.5;
        let Some(last_prose) = (0..n).rev().find(|&p| is_prose(p)) else {
            return items;
        };
        let mut p = last_prose + 1;
        while p < n {
            let end = (p..n).find(|&q| !self.is_title(q)).unwrap_or(n);
            if end - p >= LIST_ITEMS {
                items[p..end].fill(true);
            }
            p = end + 1;
        }
        items
    }

    /// Whether these can be the cues of `analysis`: one of each per paragraph.
    pub fn fits(&self, analysis: &Analysis) -> bool {
        let n = analysis.paragraphs.len();
        [self.prior.len(), self.has_words.len(), self.words.len()]
            .into_iter()
            .chain([self.chars.len(), self.ends_sentence.len()])
            .all(|len| len == n)
    }
}

/// Title-shaped paragraphs in a row that make a list.
const LIST_ITEMS: usize = 3;

/// Below this score a paragraph is furniture by its shape (a short line without sentence
/// punctuation, or one holding an address) or by a single cue word in a short line, not by
/// its wording as a whole.
const WEAK_FURNITURE_SCORE: f32 = 0.7;

/// Distinct words, names or numbers a short head line must share with the opening of the story
/// to read as its headline: "Japan narrowly escapes recession" over "Japan's economy teetered
/// on the brink of a technical recession", where a section label ("World", "Business News")
/// shares one at most.
const HEADLINE_ECHOES: usize = 2;

/// Prose paragraphs after a head line that make the opening of the story it may head.
const OPENING_PARAGRAPHS: usize = 2;

/// Per-paragraph facts: furniture score (wording, or learned from the corpus), whether it
/// mentions the story's topic, and whether it is a headline the next paragraph echoes.
struct ParagraphView<'a> {
    cues: &'a ParagraphCues,
    score: Vec<f32>,
    tied: Vec<bool>,
    echoed: Vec<bool>,
}

impl<'a> ParagraphView<'a> {
    fn new(doc: AnalyzedText<'a>, learned: &[bool]) -> Self {
        let a = doc.analysis;
        let n = a.paragraphs.len();
        let mut all_learned = vec![true; n];
        let mut names: Vec<(u32, TermId)> = Vec::new();
        let mut house_names: Vec<TermId> = Vec::new();
        for (i, sentence) in a.sentences.iter().enumerate() {
            all_learned[sentence.paragraph as usize] &= learned[i];
            let specific = a
                .sentence_terms(i)
                .iter()
                .filter(|t| matches!(t.class, TermClass::Name | TermClass::Number));
            for term in specific {
                names.push((sentence.paragraph, term.id));
                if learned[i] {
                    house_names.push(term.id);
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        house_names.sort_unstable();
        let cues = doc.cues;
        let score: Vec<f32> = (0..n)
            .map(|p| if all_learned[p] && cues.has_words[p] { 1.0 } else { cues.prior[p] })
            .collect();
        let mut topic = topic_terms(&names, &score);
        topic.retain(|id| house_names.binary_search(id).is_err());
        let mut tied = vec![false; n];
        for &(p, id) in &names {
            tied[p as usize] |= topic.binary_search(&id).is_ok();
        }
        let echoed = echoed_headlines(a, cues, &score);
        ParagraphView { cues, score, tied, echoed }
    }

    /// Which paragraphs to strip.
    fn furniture(&self) -> Vec<bool> {
        let n = self.score.len();
        let mut strip: Vec<bool> = (0..n).map(|p| self.is_unmistakable(p)).collect();
        let head_end = self.head_block_end();
        strip[..head_end].iter_mut().enumerate().for_each(|(p, s)| *s |= self.is_furniture(p));
        if let Some(start) = self.tail_block_start(head_end) {
            strip[start..].iter_mut().for_each(|s| *s = true);
        }
        strip
    }

    /// Furniture by its wording that does not mention the story and is no headline its lede
    /// echoes.
    fn is_furniture(&self, p: usize) -> bool {
        self.score[p] >= 0.5 && !self.tied[p] && !self.echoed[p]
    }

    /// Furniture wherever it stands: certain wording, short, not about the story.
    fn is_unmistakable(&self, p: usize) -> bool {
        self.score[p] >= 1.0 && self.cues.words[p] <= 20 && !self.tied[p]
    }

    /// End of the head block: furniture paragraphs, possibly around a headline and standfirst.
    fn head_block_end(&self) -> usize {
        let mut titles = 0;
        for p in 0..self.score.len() {
            if self.cues.is_title(p) && !self.is_furniture(p) && titles < 2 {
                titles += 1;
            } else if !self.is_furniture(p) {
                return p;
            }
        }
        self.score.len()
    }

    /// First paragraph of the furniture block that ends the document, if there is one: it opens
    /// with a furniture paragraph, at least 60% of the characters of its non-headline paragraphs
    /// are in furniture paragraphs, no more than a short gap of prose separates its furniture
    /// paragraphs, it does not reach into the head block, and none of it is tied to the story.
    fn tail_block_start(&self, head_end: usize) -> Option<usize> {
        let mut start = None;
        let (mut furniture, mut total) = (0, 0);
        let (mut gap_paragraphs, mut gap_chars) = (0, 0);
        for p in (head_end..self.score.len()).rev() {
            if self.tied[p] && self.score[p] < 1.0 {
                break;
            }
            if self.score[p] < 0.5 && self.cues.is_title(p) {
                continue; // a headline in a "Most Popular" list goes with its block
            }
            let chars = self.cues.chars[p].max(1);
            total += chars;
            if self.score[p] >= 0.5 {
                furniture += chars;
                (gap_paragraphs, gap_chars) = (0, 0);
                if furniture * 10 >= total * 6 {
                    start = Some(p);
                }
            } else {
                gap_paragraphs += 1;
                gap_chars += chars;
                if gap_paragraphs > MAX_GAP_PARAGRAPHS || gap_chars > MAX_GAP_CHARS {
                    break;
                }
            }
        }
        start
    }
}

/// For each paragraph, whether it is weak furniture and yet shares [`HEADLINE_ECHOES`] of its
/// words with the opening of the story after it: a short headline, not a label. Each
/// paragraph's next prose paragraph is found once, from the end, so a document of many
/// furniture-like lines and no prose costs its length, not its square.
fn echoed_headlines(a: &Analysis, cues: &ParagraphCues, score: &[f32]) -> Vec<bool> {
    let n = score.len();
    let mut echoed = vec![false; n];
    let weak = |p: usize| (0.5..WEAK_FURNITURE_SCORE).contains(&score[p]);
    let is_prose = |q: usize| score[q] < 0.5 && cues.has_words[q];
    let mut next_prose = vec![n; n];
    for p in (0..n.saturating_sub(1)).rev() {
        next_prose[p] = if is_prose(p + 1) { p + 1 } else { next_prose[p + 1] };
    }
    for p in (0..n).filter(|&p| weak(p) && cues.has_words[p]) {
        let prose = std::iter::successors(Some(next_prose[p]), |&q| next_prose.get(q).copied());
        let opening: FxHashSet<TermId> = prose
            .take_while(|&q| q < n)
            .take(OPENING_PARAGRAPHS)
            .flat_map(|q| paragraph_words(a, q))
            .collect();
        echoed[p] = paragraph_words(a, p).intersection(&opening).count() >= HEADLINE_ECHOES;
    }
    echoed
}

/// The distinct words, names and numbers of a paragraph. Sentences come in paragraph order,
/// so the paragraph's are found by two binary searches.
fn paragraph_words(a: &Analysis, paragraph: usize) -> FxHashSet<TermId> {
    let first = a.sentences.partition_point(|s| (s.paragraph as usize) < paragraph);
    let end = a.sentences.partition_point(|s| (s.paragraph as usize) <= paragraph);
    (first..end)
        .flat_map(|i| a.sentence_terms(i).iter())
        .filter(|t| t.class != TermClass::Function)
        .map(|t| t.id)
        .collect()
}

/// Names and numbers that recur in at least two prose paragraphs of the first two thirds of
/// the document: the story's own people, places and figures, sorted. `names` holds each
/// paragraph's distinct names and numbers as (paragraph, term) pairs, and `score` each
/// paragraph's furniture score. (The caller drops those that learned furniture also carries: a
/// site's own name is not the story's.)
fn topic_terms(names: &[(u32, TermId)], score: &[f32]) -> Vec<TermId> {
    let body = (score.len() * 2).div_ceil(3);
    let in_body_prose = |p: u32| (p as usize) < body && score[p as usize] < 0.5;
    let mut held: Vec<TermId> =
        names.iter().filter(|&&(p, _)| in_body_prose(p)).map(|&(_, id)| id).collect();
    held.sort_unstable();
    held.chunk_by(|x, y| x == y).filter(|run| run.len() >= 2).map(|run| run[0]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn analyses_survive_serialising_and_the_signature_is_stable() {
        let doc = Document::new("d", ANALYZER_PROBE);
        let (analysis, cues) = analyze(&doc);
        let json = serde_json::to_string(&(&analysis, &cues)).unwrap();
        let (read, read_cues): (Analysis, ParagraphCues) = serde_json::from_str(&json).unwrap();
        assert_eq!((&read, &read_cues), (&analysis, &cues));
        assert!(read_cues.fits(&read) && read.fits(&doc.text));
        assert!(!ParagraphCues::default().fits(&read));
        assert_eq!(analyzer_signature(), analyzer_signature());
    }

    fn kept(text: &str, model: &BoilerplateModel) -> Vec<String> {
        let doc = Document::new("d", text);
        let (analysis, cues) = analyze(&doc);
        let marks = model.mark(AnalyzedText::new(&doc, &analysis, &cues));
        analysis
            .sentences
            .iter()
            .zip(marks)
            .filter(|(_, bp)| !bp)
            .map(|(s, _)| s.span.slice(text).to_string())
            .collect()
    }

    const STORY: &str =
        "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n\
        The Millbrook fire chief said 14 boats were damaged and nobody was hurt.\n\
        Crews from Eastport helped to contain the blaze, the Millbrook chief added.\n";

    #[test]
    fn strips_head_and_tail_furniture_but_keeps_the_story() {
        let text = format!(
            "World\n{STORY}The harbor will reopen next week, officials said.\n\
             Click to comment\nLeave a Reply\nYour email address will not be published.\n\
             Most Popular\nTo Top"
        );
        let kept = kept(&text, &BoilerplateModel::default());
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert!(kept[0].starts_with("Harbor officials"));
        assert!(kept[3].starts_with("The harbor will reopen"));
    }

    #[test]
    fn strips_picture_credit_lines_between_story_paragraphs() {
        let text =
            "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n\n\
            (AP Photo/Jane Doe)\n\n\
            The Millbrook fire chief said 14 boats were damaged and nobody was hurt.\n\n\
            Photo: Sam Ortiz / Associated Press\n\n\
            Crews from Eastport helped to contain the blaze, the Millbrook chief added.\n";
        let kept = kept(text, &BoilerplateModel::default());
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept.iter().all(|s| !s.contains("Photo")), "{kept:?}");
    }

    #[test]
    fn a_short_headline_its_lede_echoes_is_no_label() {
        let text = format!("Harbor News\nNorth pier fire\n{STORY}");
        let kept = kept(&text, &BoilerplateModel::default());
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert_eq!(kept[0], "North pier fire");
    }

    #[test]
    fn a_headline_with_a_cue_word_is_echoed_across_the_opening() {
        let text = "Harbor News\nFraud site targets flood donors\n\
            Millbrook police warned residents about a charity appeal for flood victims.\n\
            Officers said the fraud began last month and that 40 people had paid.\n\
            The council will publish a list of real charities, the mayor said.\n";
        let kept = kept(text, &BoilerplateModel::default());
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert_eq!(kept[0], "Fraud site targets flood donors");
    }

    #[test]
    fn strips_a_most_popular_list_with_its_headlines() {
        let text = format!(
            "{STORY}Most Popular\nTen best beaches on the coast this summer\n\
             Why the ferry timetable changed again\nLocal bakery wins national prize\nBack to Top"
        );
        assert_eq!(kept(&text, &BoilerplateModel::default()).len(), 3);
    }

    #[test]
    fn a_long_policy_block_does_not_swallow_a_short_story() {
        let text = "COURIER EVENING POST\nBy Desmond Achebe\n\nJobs plan for the valley\n\n\
            So get those bills to my desk and put more people in the valley back to work this year.\n\n\
            Over the past five years the council has made more loans to small firms than ever.\n\n\
            And when most exporters are small businesses, new trade links will help them hire.\n\n\
            Share on Facebook | Share on X | Email\n\nMost Popular\n\n\
            Our comment policy: the Post encourages lively debate, and comments are the opinions of \
            their authors, not of the Post or its staff, and readers who post abuse will be banned.\n\n\
            We remove comments that contain abuse, threats, advertising or links to malicious sites, \
            and comments that impersonate other readers. Repeat offenders will be banned.\n\n\
            By posting a comment you grant the Post a licence to publish it in print and online, \
            and comments may be edited for length. To report a comment, write to the readers' editor.\n\n\
            Click to comment\n\n© 2026 Courier Post Group. All rights reserved.\n\nBack to Top";
        let kept = kept(text, &BoilerplateModel::default());
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert!(kept[1].starts_with("So get those bills"));
    }

    #[test]
    fn short_labels_do_not_outvote_prose() {
        let text = "Lorem\n\nThe committee met on Monday and agreed to publish the full report on \
            the harbor dredging plan, along with the costs, before the public hearing.\n\n\
            Links\n\nlink\n\nlink\n\nImages\n\nFoo\n\n\
            The hearing will take place in the town hall, and residents may speak for three minutes.";
        let kept = kept(text, &BoilerplateModel::default());
        assert!(kept.iter().any(|s| s.starts_with("The committee met")), "{kept:?}");
        assert!(kept.iter().any(|s| s.starts_with("The hearing will")), "{kept:?}");
    }

    #[test]
    fn a_story_about_a_website_keeps_its_paragraphs() {
        let text = "Police have warned people not to use a website that claims to collect money \
            for families hit by the Riverside floods.\n\n\
            The site copies the look of the Riverside Relief Fund's official website, but the fund \
            says it has no link with the site.\n\n\
            Officers said the site was registered three days ago and that its owners are hidden \
            behind a privacy service.\n\n\
            Ms Kellett said the fund would list its approved partners on its website and asked local \
            newspapers to share the list with their readers.\n\n\
            The police said they had traced the site's hosting company and expected the site to be \
            offline within days.\n\n\
            The fake site also asks visitors for their bank details, and researchers who studied its \
            code found that it copies every keystroke to a server abroad; the same code turned up last \
            year on a website posing as a ticket office and in an app that promised cheap flights to \
            readers of travel blogs.";
        let kept = kept(text, &BoilerplateModel::default());
        assert_eq!(kept.len(), 6, "{kept:?}");
    }

    #[test]
    fn strips_a_long_comment_policy_block() {
        let text = format!(
            "{STORY}Why are you making commenting on The Courier only available to subscribers?\n\
             We want a safe space where readers discuss the stories of the day without abuse.\n\
             That is invaluable.\n\
             Readers’ comments: you are liable for the comments you upload to this website.\n\
             Report this comment Cancel"
        );
        assert_eq!(kept(&text, &BoilerplateModel::default()).len(), 3);
    }

    /// Three short stories of one outlet.
    const BODIES: [&str; 3] = [
        "The school board met on Monday to discuss a new bus route for the valley.\n\
         Parents asked for later start times and more crossing guards near the bridge.\n\
         The board will vote on the route at its next meeting in March.",
        "A storm knocked out power to 3,000 homes in Eastport overnight.\n\
         Crews expect to restore service by Friday, the utility said in a statement.\n\
         Schools in the north of the town will stay closed until the lines are repaired.",
        "The Millbrook library will extend its weekend hours from next month.\n\
         The mayor praised the decision and thanked volunteers who staff the reading room.\n\
         A new children's corner will open in the east wing in the spring.",
    ];

    /// The model learned from a corpus of `texts`, with the default minimum of documents.
    fn learned_from(texts: &[String]) -> BoilerplateModel {
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(n, t)| Document::new(n.to_string(), t.clone()))
            .collect();
        let (analyses, cues): (Vec<Analysis>, Vec<ParagraphCues>) =
            docs.iter().map(analyze).unzip();
        let views: Vec<AnalyzedText<'_>> = docs
            .iter()
            .zip(analyses.iter().zip(&cues))
            .map(|(doc, (analysis, cues))| AnalyzedText::new(doc, analysis, cues))
            .collect();
        BoilerplateModel::learn(&views, 3)
    }

    #[test]
    fn learns_outlet_lines_from_the_corpus() {
        let texts: Vec<String> = BODIES
            .iter()
            .map(|b| {
                format!(
                    "{b}\nThanks for reading the Valley Ledger today.\nWe value every one of you."
                )
            })
            .collect();
        let model = learned_from(&texts);
        assert_eq!(model.learned_len(), 2);
        assert_eq!(kept(&texts[0], &model).len(), 3);
    }

    #[test]
    fn learns_a_policy_longer_than_half_of_short_stories_above_a_list() {
        // A house rule worded like prose, about two thirds as long as each story, above a
        // list of headlines and a copyright line: the footer of a site of short stories.
        let footer = "We welcome lively discussion of the stories we publish here. Anything \
            abusive, off topic or defamatory will be removed without notice.\n\
            Most Popular\nFerry timetable changes again this winter\n\
            Ten walks along the valley river\nBakery on Mill Street wins a prize\n\
            Copyright 2026 Valley Ledger. All rights reserved.";
        let texts: Vec<String> = BODIES.iter().map(|b| format!("{b}\n{footer}")).collect();
        let model = learned_from(&texts);
        assert_eq!(kept(&texts[0], &model), BODIES[0].lines().map(str::trim).collect::<Vec<_>>());
    }

    #[test]
    fn a_list_below_the_story_is_told_from_the_masthead_and_headline() {
        let text = format!(
            "VALLEY LEDGER\nHarbor fire damages fourteen boats\n\
             Millbrook chief praises Eastport crews\n{STORY}\
             Ferry timetable changes again this winter\nTen walks along the valley river\n\
             Bakery on Mill Street wins a prize"
        );
        let doc = Document::new("d", text);
        let (analysis, cues) = analyze(&doc);
        let items = layout(AnalyzedText::new(&doc, &analysis, &cues)).list_items;
        assert_eq!(items, [false, false, false, false, false, false, true, true, true]);
    }
}
