//! Segmentation: where does a paragraph end, and where does a sentence end?
//!
//! Paragraphs come from line structure: a blank line always ends one, and a single newline ends
//! one unless the text is hard-wrapped and the line ran to the wrap width without ending a
//! sentence (a line ending in a title or an initial, "Dr.", runs on). Sentences end at
//! `.`, `!` or `?` (plus closing quotes) before a capitalised word, or a letter of a script
//! without capitals, except after abbreviations ("Sen.", "Oct. 14"), initials, and dotted
//! acronyms that do not close the sentence ("U.S. officials"). Full stops that nothing else
//! writes (the danda of Hindi and Bengali, Chinese and Japanese `。`) end a sentence wherever
//! they stand.
//! Text that runs on without a stop (a transcript, a list, a page on one unpunctuated line) is
//! cut into pieces of at most [`MAX_SENTENCE_BYTES`]: comparing two sentences costs the product
//! of their lengths, and two run-on copies of 400,000 words each otherwise exhaust memory.

use unicode_normalization::char::is_combining_mark;

use crate::document::Span;
use crate::lexicon;

/// A sentence: its span in the original text and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Trimmed span of the sentence.
    pub span: Span,
    /// Index of its paragraph in the document.
    pub paragraph: u32,
}

/// The longest sentence kept whole, in bytes (about 300 English words; news sentences stay far
/// below it). A longer one is cut at its last clause mark (`,`, `;`, `:`) in the second half of
/// this allowance, else at its last space, else at the allowance itself.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Splits `text` into paragraphs (trimmed spans, empty ones dropped).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let lines = line_spans(text);
    let wrap_width = wrap_width(text, &lines);
    let mut paragraphs = Vec::new();
    let mut current: Option<Span> = None;
    let trimmed: Vec<Span> = lines.iter().map(|l| trim(text, *l)).collect();
    for (k, &line) in trimmed.iter().enumerate() {
        if line.is_empty() {
            paragraphs.extend(current.take());
            continue;
        }
        current = Some(current.map_or(line, |p| p.cover(line)));
        let next = trimmed.get(k + 1).copied().unwrap_or_default();
        let soft = wrap_width.is_some_and(|w| soft_wrapped(text, line, next, w));
        if !soft {
            paragraphs.extend(current.take());
        }
    }
    paragraphs.extend(current);
    paragraphs
}

/// Splits `text` into sentences, paragraph by paragraph (`paragraphs` as [`paragraphs`] cuts
/// them).
pub fn sentences(text: &str, paragraphs: &[Span]) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    for (index, &paragraph) in paragraphs.iter().enumerate() {
        for sentence in split_sentences(text, paragraph) {
            for span in pieces(text, sentence) {
                out.push(SentenceSpan { span, paragraph: index as u32 });
            }
        }
    }
    out
}

/// A sentence as pieces of at most [`MAX_SENTENCE_BYTES`] (itself alone when it is no longer).
fn pieces(text: &str, sentence: Span) -> impl Iterator<Item = Span> + '_ {
    let mut rest = sentence;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = piece_end(rest.slice(text));
        let piece = trim(text, Span::new(rest.start as usize, rest.start as usize + end));
        rest = trim(text, Span::new(rest.start as usize + end, rest.end as usize));
        Some(piece)
    })
}

/// Where the first piece of a trimmed sentence ends: the whole of it when it is short enough.
fn piece_end(sentence: &str) -> usize {
    if sentence.len() <= MAX_SENTENCE_BYTES {
        return sentence.len();
    }
    let limit = (0..=MAX_SENTENCE_BYTES).rev().find(|&at| sentence.is_char_boundary(at));
    let window = &sentence[..limit.unwrap_or(0)];
    let clause = window.rfind([',', ';', ':']).filter(|&at| at >= window.len() / 2);
    let space = window.rfind(char::is_whitespace).filter(|&at| at > 0);
    clause.map(|at| at + 1).or(space).unwrap_or(window.len())
}

fn line_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        spans.push(Span::new(start, end));
        start = end + 1;
    }
    spans.push(Span::new(start, text.len()));
    spans
}

fn trim(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let start = span.start as usize + (slice.len() - slice.trim_start().len());
    let end = span.start as usize + slice.trim_end().len();
    Span::new(start, end.max(start))
}

/// The wrap width when the text is hard-wrapped: most long lines end mid-sentence at a similar
/// length. `None` for text with one paragraph per line.
fn wrap_width(text: &str, lines: &[Span]) -> Option<usize> {
    let lengths: Vec<usize> =
        lines.iter().map(|l| trim(text, *l).slice(text).chars().count()).collect();
    let widest = *lengths.iter().max()?;
    if !(40..=160).contains(&widest) {
        return None;
    }
    let open_full_lines = lines
        .iter()
        .zip(&lengths)
        .filter(|(line, len)| {
            **len * 10 >= widest * 7 && !ends_sentence(trim(text, **line).slice(text))
        })
        .count();
    (open_full_lines >= 3).then_some(widest)
}

/// Whether a line of hard-wrapped text continues on the next line: it ran to near the wrap
/// width without ending a sentence, and the next line is not a short capitalised label (a
/// headline followed by a byline, say).
fn soft_wrapped(text: &str, line: Span, next: Span, width: usize) -> bool {
    let long = |span: Span| span.slice(text).chars().count() * 10 >= width * 6;
    let next_text = next.slice(text);
    let next_is_label = !next.is_empty()
        && !long(next)
        && next_text.starts_with(|c: char| !c.is_lowercase())
        && !ends_sentence(next_text);
    long(line) && !line_ends_sentence(line.slice(text)) && !next_is_label
}

/// Whether a line of wrapped text ends its sentence: it ends like one, and not with a title or
/// an initial that binds to the next line's first word ("... 1911, Dr." then "Vissering, ...").
fn line_ends_sentence(line: &str) -> bool {
    if !ends_sentence(line) {
        return false;
    }
    match line.strip_suffix('.') {
        Some(head) => {
            let word = word_before(line, head.len());
            !binds_to_next(word, &word.to_lowercase())
        }
        None => true,
    }
}

/// Stops that end a sentence wherever they stand: the full stops of Chinese and Japanese
/// (which need no space after them), the danda and double danda of Indic scripts, and the full
/// stops of Urdu, Armenian, Ethiopic, Burmese and Khmer.
const CLOSING_STOPS: [char; 10] = ['。', '！', '？', '।', '॥', '۔', '։', '።', '။', '។'];

/// Stops that end a sentence only before the start of another, as `.` does: `!`, `?`, the
/// ellipsis, and the Arabic question mark.
const OPEN_STOPS: [char; 5] = ['.', '!', '?', '…', '؟'];

/// Whether a line ends like a sentence (or a colon-introduced list).
pub fn ends_sentence(line: &str) -> bool {
    let line = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '」', '』']);
    line.ends_with(':') || line.ends_with(OPEN_STOPS) || line.ends_with(CLOSING_STOPS)
}

/// For each byte, whether it starts the UTF-8 of a stop of [`OPEN_STOPS`] or [`CLOSING_STOPS`]
/// (an ASCII stop, or the lead byte of another): only there is a character decoded. Built from
/// the two lists, so a stop added to either is searched for.
static STOP_LEAD_BYTES: [bool; 256] = {
    let mut leads = [false; 256];
    let mut i = 0;
    while i < OPEN_STOPS.len() + CLOSING_STOPS.len() {
        let stop =
            if i < OPEN_STOPS.len() { OPEN_STOPS[i] } else { CLOSING_STOPS[i - OPEN_STOPS.len()] };
        let mut utf8 = [0; 4];
        leads[stop.encode_utf8(&mut utf8).as_bytes()[0] as usize] = true;
        i += 1;
    }
    leads
};

/// Sentence spans inside one paragraph.
fn split_sentences(text: &str, paragraph: Span) -> Vec<Span> {
    let slice = paragraph.slice(text);
    let base = paragraph.start as usize;
    let mut out = Vec::new();
    let mut start = 0;
    let mut consider = |i: usize| {
        let Some(c) = slice[i..].chars().next() else { return };
        let closing = CLOSING_STOPS.contains(&c);
        if !closing && !OPEN_STOPS.contains(&c) {
            return;
        }
        let after = i + c.len_utf8();
        let boundary = if closing {
            closing_boundary(slice, after)
        } else {
            let glued = || (c == '.').then(|| glued_boundary(slice, i, after)).flatten();
            boundary_after(slice, after).or_else(glued)
        };
        let Some(next_start) = boundary else { return };
        if c == '.' && !period_ends_sentence(slice, i, next_start) {
            return;
        }
        let sentence = trim(text, Span::new(base + start, base + next_start));
        if !sentence.is_empty() {
            out.push(sentence);
        }
        start = next_start;
    };
    let bytes = slice.as_bytes();
    if slice.is_ascii() {
        // Only the ASCII stops can occur: one vectorised search finds them.
        memchr::memchr3_iter(b'.', b'!', b'?', bytes).for_each(&mut consider);
    } else {
        // A lead byte is never a continuation byte, so `i` is a character boundary.
        let marks = bytes.iter().enumerate().filter(|&(_, &byte)| STOP_LEAD_BYTES[byte as usize]);
        marks.for_each(|(i, _)| consider(i));
    }
    let rest = trim(text, Span::new(base + start, base + slice.len()));
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// If the terminal mark ending at byte `after` is followed by closers, whitespace and a
/// sentence opener, the byte offset (within the paragraph) where the next sentence starts.
fn boundary_after(slice: &str, after: usize) -> Option<usize> {
    let mut rest = slice[after..].char_indices().map(|(j, c)| (after + j, c)).peekable();
    let closes = |c: char| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '.' | '!' | '?');
    while rest.next_if(|&(_, c)| closes(c)).is_some() {}
    let &(space_start, first) = rest.peek()?;
    if !first.is_whitespace() {
        return None;
    }
    while rest.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
    let (_, opener) = rest.next()?;
    let opens = opener.is_uppercase()
        || opener.is_ascii_digit()
        || is_caseless_letter(opener)
        || matches!(opener, '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '-');
    opens.then_some(space_start)
}

/// Where the next sentence starts when a period at byte `i` joins two words of a script
/// without capitals with no space ("है.अगले"): text whose paragraphs were run together by the
/// tool that saved it. Only there: "Amazon.com", "3.5" and "U.S.A" keep their periods.
fn glued_boundary(slice: &str, i: usize, after: usize) -> Option<usize> {
    let before = slice[..i].chars().next_back()?;
    let mut next = slice[after..].chars();
    let spelled = |c: char| is_caseless_letter(c) || is_combining_mark(c);
    let joins_caseless = spelled(before)
        && next.next().is_some_and(is_caseless_letter)
        && next.next().is_some_and(spelled);
    joins_caseless.then_some(after)
}

/// Whether `c` is a letter of a script without capitals (Arabic, Hebrew, Devanagari, Thai...),
/// where no capital marks where a sentence starts.
fn is_caseless_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
}

/// After a closing stop ending at byte `after` (and closing brackets), the next sentence starts
/// at once.
fn closing_boundary(slice: &str, after: usize) -> Option<usize> {
    let rest = &slice[after..];
    let opening = rest.trim_start_matches(['」', '』', '）', '”', '"']);
    (!opening.is_empty()).then(|| slice.len() - opening.len())
}

/// Whether a period at byte `i` ends the sentence, given the next sentence would start at `next`.
fn period_ends_sentence(slice: &str, i: usize, next: usize) -> bool {
    let word = word_before(slice, i);
    let lower = word.to_lowercase();
    if binds_to_next(word, &lower) {
        return false;
    }
    // Acronyms and company suffixes may close a sentence when a typical opener follows.
    if word.contains('.') || lexicon::is_abbreviation(&lower) {
        let next_word = word_after(slice, next);
        return lexicon::is_sentence_starter(&next_word.to_lowercase());
    }
    true
}

/// Whether `word` (`lower` in lowercase), written before a period, binds to the word after it:
/// an initial ("J. Smith", and a single letter of a script without capitals, as Arabic writes
/// "د." for "Dr."), a title or a month ("Sen. Rubio", "Oct. 14").
fn binds_to_next(word: &str, lower: &str) -> bool {
    let initial_letter = |c: char| c.is_uppercase() || is_caseless_letter(c);
    let initial = word.chars().count() == 1 && word.chars().all(initial_letter);
    initial
        || !word.contains('.')
            && lexicon::is_abbreviation(lower)
            && !lexicon::is_trailing_abbreviation(lower)
}

/// The word (letters with their marks, and inner periods) that ends right before byte `i`.
fn word_before(slice: &str, i: usize) -> &str {
    let head = &slice[..i];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || is_combining_mark(c))
        .last()
        .map_or(i, |(at, _)| at);
    &head[start..]
}

/// The word that starts at byte `at` (after any opening quote).
fn word_after(slice: &str, at: usize) -> &str {
    let rest = slice[at..].trim_start().trim_start_matches(['"', '“', '‘', '\'', '(']);
    let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text, &paragraphs(text)).into_iter().map(|s| s.span.slice(text)).collect()
    }

    #[test]
    fn survives_abbreviations_titles_dates_and_decimals() {
        let text =
            "Sen. Marco Rubio met Rep. Mike Waltz and Gen. Lee on Oct. 14 in the U.S. capital. \
                    Growth was 3.5 percent, Mr. Hale said. The U.N. mission declined.";
        assert_eq!(
            sentence_texts(text),
            [
                "Sen. Marco Rubio met Rep. Mike Waltz and Gen. Lee on Oct. 14 in the U.S. capital.",
                "Growth was 3.5 percent, Mr. Hale said.",
                "The U.N. mission declined."
            ]
        );
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_pieces_at_clauses_then_spaces() {
        let words: Vec<String> = (0..2_000).map(|n| format!("word{n}")).collect();
        let run_on = words.join(" ");
        let clauses = words.chunks(30).map(|c| c.join(" ")).collect::<Vec<_>>().join(", ");
        let unspaced = "港".repeat(1_500);
        for text in [run_on.as_str(), clauses.as_str(), unspaced.as_str()] {
            let pieces = sentence_texts(text);
            assert!(pieces.len() > 1, "{} bytes in one piece", text.len());
            assert!(pieces.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES));
            let rejoined: String = pieces.concat();
            let unspaced_text: String = text.split_whitespace().collect();
            assert_eq!(rejoined.split_whitespace().collect::<String>(), unspaced_text);
        }
        assert!(sentence_texts(&run_on).iter().all(|p| p.starts_with("word")));
        assert!(sentence_texts(&clauses)[..2].iter().all(|p| p.ends_with(',')));
        let long_sentence = format!("{}.", words[..250].join(" "));
        assert_eq!(sentence_texts(&long_sentence), [long_sentence.as_str()], "kept whole");
    }

    #[test]
    fn splits_chinese_and_japanese_sentences() {
        let text = "报道称，该男子已被逮捕。警方正在调查！「脱獄」とは何か？";
        assert_eq!(
            sentence_texts(text),
            ["报道称，该男子已被逮捕。", "警方正在调查！", "「脱獄」とは何か？"]
        );
    }

    #[test]
    fn splits_sentences_of_scripts_without_capitals() {
        let hindi = "प्रधानमंत्री ने कहा कि सरकार मदद करेगी। किसान संतुष्ट हैं। बैठक कल होगी।";
        assert_eq!(
            sentence_texts(hindi),
            ["प्रधानमंत्री ने कहा कि सरकार मदद करेगी।", "किसान संतुष्ट हैं।", "बैठक कल होगी।"]
        );
        let arabic = "قال الوزير إن الحكومة ستساعد. هل يكفي ذلك؟ لا أحد يعرف.";
        assert_eq!(
            sentence_texts(arabic),
            ["قال الوزير إن الحكومة ستساعد.", "هل يكفي ذلك؟", "لا أحد يعرف."]
        );
        let hebrew = "השר אמר שהממשלה תעזור. החקלאים מרוצים.";
        assert_eq!(sentence_texts(hebrew), ["השר אמר שהממשלה תעזור.", "החקלאים מרוצים."]);
        let burmese = "အစိုးရက ကူညီမည်။ လယ်သမားများ ကျေနပ်သည်။";
        assert_eq!(sentence_texts(burmese), ["အစိုးရက ကူညီမည်။", "လယ်သမားများ ကျေနပ်သည်။"]);
        assert!(ends_sentence("बैठक कल होगी।") && ends_sentence("هل يكفي ذلك؟"));
        let english = "Crews used 3 ft. of hose. They left at 5 p.m. and returned.";
        assert_eq!(
            sentence_texts(english),
            ["Crews used 3 ft. of hose.", "They left at 5 p.m. and returned."]
        );
    }

    #[test]
    fn periods_between_words_of_scripts_without_capitals() {
        let glued = "उसने कहा कि वह लौटेगा.अगले दिन वह लौट आया. डॉ. राम ने पुष्टि की.";
        assert_eq!(
            sentence_texts(glued),
            ["उसने कहा कि वह लौटेगा.", "अगले दिन वह लौट आया.", "डॉ. राम ने पुष्टि की."]
        );
        let doctor = "قال د. أحمد إن الحكومة ستساعد. الناس سعداء.";
        assert_eq!(sentence_texts(doctor), ["قال د. أحمد إن الحكومة ستساعد.", "الناس سعداء."]);
        let addresses = "See Amazon.com and www.BBC.co.uk for 3.5 percent. Done.";
        assert_eq!(sentence_texts(addresses).len(), 2);
        let placeholder = "吸引…的注意力。";
        assert_eq!(sentence_texts(placeholder), [placeholder], "only a period, not an ellipsis");
    }

    #[test]
    fn ellipses_and_marks_end_sentences_beside_other_non_ascii_text() {
        let text = "Was it worth it… Nobody knows! “Café crème?” she asked — Maybe.";
        assert_eq!(
            sentence_texts(text),
            ["Was it worth it…", "Nobody knows!", "“Café crème?” she asked — Maybe."]
        );
    }

    #[test]
    fn splits_after_acronym_when_a_new_sentence_starts() {
        let text = "The aid reached the U.S. The shipment left on Monday.";
        assert_eq!(sentence_texts(text).len(), 2);
    }

    #[test]
    fn keeps_quotes_with_their_sentence() {
        let text = "“We will rebuild,” she said. “It will take years.” Work starts in May.";
        assert_eq!(
            sentence_texts(text),
            ["“We will rebuild,” she said.", "“It will take years.”", "Work starts in May."]
        );
    }

    #[test]
    fn lines_are_paragraphs_unless_hard_wrapped() {
        let lines = "Most Popular\nTo Top\nA full sentence here.";
        assert_eq!(paragraphs(lines).len(), 3);
        let wrapped = "The council voted on Tuesday to approve a new budget for the harbor\n\
                       district that includes money for the seawall and for two new\n\
                       ferries, officials said after a meeting that ran late into the\n\
                       night.\n\nA second paragraph follows here.";
        let paras = paragraphs(wrapped);
        assert_eq!(paras.len(), 2);
        assert!(paras[0].slice(wrapped).ends_with("night."));
    }

    #[test]
    fn short_lines_end_paragraphs_in_wrapped_text() {
        let wrapped = "The council voted on Tuesday to approve a new budget for the harbor\n\
                       district that includes money for the seawall and for two new\n\
                       ferries, officials said after a meeting that ran late into the\n\
                       night and well past its end.\nClick to comment\nMost Popular";
        assert_eq!(paragraphs(wrapped).len(), 3);
    }

    #[test]
    fn a_wrapped_line_ending_in_a_title_runs_on() {
        let wrapped = "The council voted on Tuesday to approve a new budget for the harbor\n\
                       district that includes money for the seawall. On Monday, Dr.\n\
                       Vissering, the harbor master, said the ferries would run again\n\
                       once the seawall was repaired, officials said after a long\n\
                       night.\n\nA second paragraph follows here.";
        assert_eq!(paragraphs(wrapped).len(), 2);
        let sentences = sentence_texts(wrapped);
        assert!(sentences[1].starts_with("On Monday, Dr.\nVissering"), "{sentences:?}");
        let ended = "The council voted on Tuesday to approve a new budget for the harbor\n\
                     district that includes money for the seawall and the new ferry and\n\
                     for the roads of the town, which stay closed until 11 a.m.\n\
                     Vissering, the harbor master, said the ferries would run again\n\
                     once the seawall was repaired, officials said after a long night.";
        assert_eq!(paragraphs(ended).len(), 2);
    }

    #[test]
    fn a_byline_under_a_wrapped_headline_is_its_own_paragraph() {
        let wrapped = "Harbor lighthouse to shine again after thirty-one years in the dark\n\
                       Chronicle Reporters\n\n\
                       The lighthouse at Kestrel Head will be relit next spring after a local\n\
                       trust raised the money needed to restore the lantern and repaint the\n\
                       tower in its original red and white colours, the trust said.";
        let paras = paragraphs(wrapped);
        assert_eq!(
            paras.len(),
            3,
            "{:?}",
            paras.iter().map(|p| p.slice(wrapped)).collect::<Vec<_>>()
        );
    }
}
