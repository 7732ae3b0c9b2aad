//! The prior boilerplate model: how much a paragraph reads like site furniture (comment
//! policies, share bars, "Most Popular", bylines, navigation), judged from its own words.
//!
//! Scores run from 0 (prose) to 1 (certainly furniture). Whether a scored paragraph is actually
//! stripped depends on where it sits and whether it mentions the story; that is `mod.rs`'s call.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon;

/// Phrases that only site furniture uses, as folded words joined by single spaces.
const FURNITURE_PHRASES: &[&str] = &[
    "click to comment",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "your email address will not be published",
    "required fields are marked",
    "most popular",
    "most read",
    "most viewed",
    "trending now",
    "back to top",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share via email",
    "follow us on",
    "sign up for our",
    "sign up to our",
    "subscribe to our",
    "subscribe now",
    "all rights reserved",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie policy",
    "we use cookies",
    "sponsored content",
    "related articles",
    "related stories",
    "read more",
    "read next",
    "recommended for you",
    "you may also like",
    "report this comment",
    "comments are closed",
    "log in to comment",
    "sign in to comment",
    "report an error",
    "view comments",
    "show comments",
    "join the conversation",
    "reporting by",
    "editing by",
    "getty images",
    "image source",
    "image caption",
    "photo credit",
    "originally published",
    "first published",
    "last updated",
    "this article was",
    "skip to content",
    "skip to main",
    "comments moderation",
    "community guidelines",
    "house rules",
    "read the rules",
];

/// [`FURNITURE_PHRASES`] as word lists, by first word: a paragraph is searched for them in one
/// pass over its words.
static PHRASES_BY_FIRST_WORD: LazyLock<FxHashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| {
        let mut phrases: FxHashMap<&str, Vec<Vec<&str>>> = FxHashMap::default();
        for phrase in FURNITURE_PHRASES {
            let words: Vec<&str> = phrase.split(' ').collect();
            phrases.entry(words[0]).or_default().push(words);
        }
        phrases
    });

/// Paragraphs that are furniture when they consist of exactly these folded words (a few words
/// each: only paragraphs of 20 words or fewer are compared with them).
const FURNITURE_LINES: &[&str] = &[
    "to top",
    "top",
    "comments",
    "comment",
    "share",
    "tweet",
    "email",
    "print",
    "menu",
    "home",
    "search",
    "advertisement",
    "advert",
    "loading",
    "close",
    "more",
    "next",
    "previous",
    "cancel",
    "reply",
    "login",
    "log in",
    "register",
    "subscribe",
    "newsletter",
    "related",
    "trending",
    "sponsored",
    "share this",
    "latest",
    "watch",
    "listen",
];

/// [`FURNITURE_LINES`] as a set.
static FURNITURE_LINE_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| FURNITURE_LINES.iter().copied().collect());

/// Whether a folded word is one that furniture uses much more than news prose does. It is
/// asked of every word of every paragraph; a `match` on the string compiles to a switch on
/// its length and word-sized compares, cheaper than hashing each word into a set.
fn is_furniture_word(word: &str) -> bool {
    matches!(
        word,
        "comments"
            | "commenting"
            | "commenter"
            | "commenters"
            | "reader"
            | "readers"
            | "readership"
            | "subscriber"
            | "subscribers"
            | "subscription"
            | "subscriptions"
            | "subscribe"
            | "subscribed"
            | "unsubscribe"
            | "website"
            | "websites"
            | "site"
            | "newsletter"
            | "newsletters"
            | "moderation"
            | "moderated"
            | "moderator"
            | "moderators"
            | "cookie"
            | "cookies"
            | "privacy"
            | "advertisement"
            | "advertising"
            | "sponsored"
            | "login"
            | "password"
            | "notifications"
            | "app"
            | "podcast"
            | "inbox"
            | "journalists"
            | "journalism"
            | "trolls"
            | "copyright"
            | "click"
            | "reply"
            | "replies"
            | "upload"
            | "username"
            | "signup"
            | "offtopic"
            | "post"
            | "posts"
            | "share"
            | "tweet"
            | "email"
            | "rules"
    )
}

/// Whether the word at `i` is a furniture word where it stands: "share" after "per", "a",
/// "each" or a number is the finance noun ("40 cts per share"), not a share bar's button.
fn is_cue_word_at(words: &[&str], i: usize) -> bool {
    let word = words[i];
    if word == "share" && i > 0 {
        let before = words[i - 1];
        if matches!(before, "per" | "a" | "each" | "every" | "one")
            || before.starts_with(|c: char| c.is_ascii_digit())
        {
            return false;
        }
    }
    is_furniture_word(word)
}

/// Fixed facts about a paragraph the cue score is computed from.
pub(crate) struct ParagraphText<'a> {
    /// The paragraph as written.
    pub raw: &'a str,
    /// Its folded words in order.
    pub words: Vec<&'a str>,
}

/// Length of a paragraph in words, counting two Chinese, Japanese or Korean characters as one
/// word (those scripts do not separate words with spaces).
pub(crate) fn effective_words(raw: &str, tokens: usize) -> usize {
    // Every character of those scripts is three bytes in UTF-8, led by 0xE3 to 0xED.
    if !raw.bytes().any(|b| (0xE3..=0xED).contains(&b)) {
        return tokens;
    }
    let ideographic = raw.chars().filter(|&c| is_ideographic(c)).count();
    tokens.max(ideographic / 2)
}

fn is_ideographic(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// Words per cue word that a paragraph of three cues or more may hold and still read as
/// furniture whatever its length. Comment policies and sign-up pleas speak of comments,
/// readers and subscriptions every six to ten words; a story about a website or an e-mail scam
/// names them one word in fifteen or more (BBC technology reports, `docs/QUALITY.md`).
const WORDS_PER_CUE: usize = 12;

/// How strongly a paragraph reads as furniture, from 0 to 1.
pub(crate) fn furniture_score(p: &ParagraphText<'_>) -> f32 {
    let short = p.words.len() <= 20;
    if is_navigation(p.raw)
        || is_copyright(p)
        || is_photo_credit(p)
        || (short && is_furniture_text(&p.words))
    {
        return 1.0;
    }
    let cue_words = match (0..p.words.len()).filter(|&i| is_cue_word_at(&p.words, i)).count() {
        0 => 0,
        _ if reports_speech(&p.words) || reads_as_another_language(&p.words) => 0,
        cues => cues,
    };
    let mut score: f32 = match (cue_words, p.words.len()) {
        (3.., n) if n <= WORDS_PER_CUE * cue_words => 0.8,
        (2.., n) if n <= 40 => 0.7,
        (1, n) if n <= 8 => 0.6,
        _ => 0.0,
    };
    if p.words.len() <= 15 && has_address(p.raw) {
        score = (score + 0.5).min(1.0);
    }
    if is_byline_or_dateline(p) {
        score = score.max(0.8);
    }
    if is_label(p) {
        score = score.max(0.5);
    }
    score
}

/// Whether a paragraph reports what someone said: news does, furniture speaks for itself. A
/// story about a website or an e-mail scam is full of cue words ("the site", "readers") and
/// of reporting verbs; a comment policy or a sign-up plea has the cue words alone.
fn reports_speech(words: &[&str]) -> bool {
    words.iter().any(|w| matches!(*w, "said" | "says" | "told" | "according"))
}

/// Whether a paragraph is written in a language other than English: the cue words are English
/// furniture's, and English words a German or Spanish story borrows ("App", "Podcast",
/// "Newsletter", "Post") are no sign of furniture there. Three of another language's function
/// words and more than twice as many as of English ones tell it ("Los Angeles" and "Le Mans"
/// in an English line do not).
fn reads_as_another_language(words: &[&str]) -> bool {
    let foreign = words.iter().filter(|w| lexicon::is_foreign_function_word(w)).count();
    let english = words.iter().filter(|w| lexicon::is_function_word(w)).count();
    foreign >= 3 && foreign > 2 * english
}

/// A short paragraph that is a furniture line or holds a furniture phrase.
fn is_furniture_text(words: &[&str]) -> bool {
    FURNITURE_LINE_SET.contains(words.join(" ").as_str()) || holds_furniture_phrase(words)
}

/// Whether a furniture phrase appears in `words`, as whole consecutive words.
fn holds_furniture_phrase(words: &[&str]) -> bool {
    (0..words.len()).any(|i| {
        let starting = PHRASES_BY_FIRST_WORD.get(words[i]);
        starting.is_some_and(|phrases| phrases.iter().any(|p| words[i..].starts_with(p)))
    })
}

/// What separates the items of menus and share bars.
const NAVIGATION_SEPARATORS: [char; 4] = ['|', '•', '·', '»'];

/// The last byte of each of [`NAVIGATION_SEPARATORS`] in UTF-8: the character itself when
/// ASCII, else a continuation byte holding its low six bits.
const SEPARATOR_LAST_BYTES: [u8; 4] = {
    let mut ends = [0; 4];
    let mut i = 0;
    while i < ends.len() {
        let c = NAVIGATION_SEPARATORS[i] as u32;
        ends[i] = if c < 0x80 { c as u8 } else { 0x80 | (c & 0x3F) as u8 };
        i += 1;
    }
    ends
};

/// Menus and share bars: several short items separated by bars or bullets.
fn is_navigation(raw: &str) -> bool {
    // A paragraph with fewer than two bytes that can end a separator has fewer than two
    // separators: one counting pass settles prose. (The bytes are compared one by one, not
    // with `contains`, which would call memchr on the four ends for every byte.)
    let ends = raw.bytes().filter(|b| SEPARATOR_LAST_BYTES.iter().any(|end| end == b)).count();
    if ends < 2 {
        return false;
    }
    // One search per separator: a single character is searched much faster than a set.
    let separators: usize = NAVIGATION_SEPARATORS.iter().map(|&c| raw.matches(c).count()).sum();
    separators >= 2
        && raw.split(NAVIGATION_SEPARATORS).all(|item| item.split_whitespace().count() <= 4)
}

/// "© 2026 The Courier", "Copyright 2026 Valley Media".
fn is_copyright(p: &ParagraphText<'_>) -> bool {
    // An ASCII paragraph, the common case, cannot hold the sign: checked before searching it.
    let has_sign = || !p.raw.is_ascii() && p.raw.contains('©');
    p.words.len() <= 20 && (p.words.first() == Some(&"copyright") || has_sign())
}

/// How a picture's credit line opens, lowercase: "Photo: Jane Doe/AP", "(AP Photo/Jane Doe)",
/// "Image credit: Reuters". "Credit:" alone is left out: a headline may open with a topic
/// ("Credit: Truman calls for action").
const PHOTO_CREDIT_OPENERS: [&str; 11] = [
    "photo:",
    "photos:",
    "photograph:",
    "picture:",
    "image:",
    "images:",
    "photo credit",
    "image credit",
    "photo by ",
    "photograph by ",
    "photos by ",
];

/// Words a picture's credit line holds at most.
const PHOTO_CREDIT_WORDS: usize = 12;

/// Characters of a paragraph's opening read for a credit line.
const CREDIT_OPENING_CHARS: usize = 32;

/// A picture's credit line: a short paragraph that opens like one, or names an agency's photo
/// ("AP Photo/", "Reuters Photo/"), within brackets or not. Wire copy carries them between
/// its paragraphs, and each republisher words its own.
fn is_photo_credit(p: &ParagraphText<'_>) -> bool {
    if p.words.is_empty() || p.words.len() > PHOTO_CREDIT_WORDS {
        return false;
    }
    let start = p.raw.trim_start().trim_start_matches(['(', '[']);
    let credit = |opening: &str| {
        PHOTO_CREDIT_OPENERS.iter().any(|o| opening.starts_with(o)) || opening.contains(" photo/")
    };
    // An ASCII opening, the common case, is lowercased on the stack: its characters are its
    // bytes.
    let window = &start.as_bytes()[..start.len().min(CREDIT_OPENING_CHARS)];
    if window.is_ascii() {
        let mut lower = [0u8; CREDIT_OPENING_CHARS];
        let lower = &mut lower[..window.len()];
        lower.copy_from_slice(window);
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(credit);
    }
    let opening: String =
        start.chars().take(CREDIT_OPENING_CHARS).flat_map(char::to_lowercase).collect();
    credit(&opening)
}

/// The schemes of a web address, in lowercase: an address is told by one, then "://".
const SCHEMES: [&[u8]; 2] = [b"http", b"https"];

/// The endings of a domain, in lowercase: an address is told by a dot, then one of these.
const DOMAIN_ENDINGS: [&[u8]; 4] = [b"com", b"co.uk", b"org", b"net"];

/// A web or e-mail address: "http://", "https://", "www.", ".com", ".co.uk", ".org" or
/// ".net" in any case, or a word holding "@" and a dot.
fn has_address(raw: &str) -> bool {
    let marked = if raw.is_ascii() {
        marks_address(raw.as_bytes())
    } else {
        marks_address(raw.to_lowercase().as_bytes())
    };
    let mail = || raw.split_whitespace().any(|w| w.contains('@') && w.contains('.'));
    marked || (raw.contains('@') && mail())
}

/// Whether UTF-8 `text` holds one of the web address markers of [`has_address`], ASCII
/// letters in any case. Each marker holds a colon or a dot, so only there is the text read.
fn marks_address(text: &[u8]) -> bool {
    let ends_with = |end: usize, part: &[u8]| {
        end >= part.len() && text[end - part.len()..end].eq_ignore_ascii_case(part)
    };
    let starts_with = |start: usize, part: &[u8]| {
        text.get(start..start + part.len()).is_some_and(|t| t.eq_ignore_ascii_case(part))
    };
    memchr::memchr2_iter(b':', b'.', text).any(|i| match text[i] {
        b':' => starts_with(i + 1, b"//") && SCHEMES.iter().any(|s| ends_with(i, s)),
        _ => ends_with(i, b"www") || DOMAIN_ENDINGS.iter().any(|e| starts_with(i + 1, e)),
    })
}

/// "By Jane Doe", "Published 10:32 am, Oct. 14, 2026", "Updated 3 hours ago".
fn is_byline_or_dateline(p: &ParagraphText<'_>) -> bool {
    let first = p.words.first().copied().unwrap_or("");
    let dated = matches!(first, "published" | "updated" | "posted" | "last");
    if dated && p.words.len() <= 10 {
        return true;
    }
    // "By" and a name (capitalised words up to the first comma or bar), then role or date.
    let named = || {
        let name = p.raw.split([',', '|']).next().unwrap_or("");
        name.split_whitespace().skip(1).all(starts_upper_or_punct)
    };
    first == "by" && p.words.len() <= 14 && named()
}

fn starts_upper_or_punct(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
        || matches!(word, "and" | "in" | "of")
}

/// A short heading-like line without sentence punctuation ("World", "Most Popular").
fn is_label(p: &ParagraphText<'_>) -> bool {
    // The effective length is never below the word count, which is known without a scan.
    p.words.len() <= 4
        && effective_words(p.raw, p.words.len()) <= 4
        && p.raw.chars().count() <= 40
        && !crate::segment::ends_sentence(p.raw.trim_end())
        && !p.words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(raw: &str) -> f32 {
        let tokens = crate::normalize::tokenize(raw);
        let words: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        furniture_score(&ParagraphText { raw, words })
    }

    #[test]
    fn furniture_scores_high() {
        for line in [
            "Click to comment",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Most Popular",
            "To Top",
            "Home | News | Sport | Weather",
            "By Jane Doe and Sam Ortiz",
            "By Wen Li, Gazette staff | Published August 6, 2025",
            "Report this comment Cancel",
            "© Kestrel Bay Media Ltd 2026",
            "Why are you making commenting on The Courier only available to subscribers?",
            "Share this story by email or share it on your feed",
            "(AP Photo/Jane Doe)",
            "Photo: Jane Doe / Associated Press",
            "Image credit: Jane Doe/AP",
            "[Photo by Sam Ortiz for The Courier]",
        ] {
            assert!(score(line) >= 0.6, "{line}: {}", score(line));
        }
    }

    #[test]
    fn a_story_in_another_language_borrowing_english_cue_words_is_prose() {
        let german = "App sei nicht so angenommen worden wie geplant. Wegen zu geringer Nutzung \
            schaltet Spiegel Online nach zwei Jahren die Fußball-App aus, die App sei nicht so \
            genutzt worden, wie man sich das vorgestellt habe. Dafür soll der Live-Fußball-Bereich \
            in der News-App ausgebaut werden.";
        assert_eq!(score(german), 0.0);
        let spanish = "La app del diario y el newsletter para los suscriptores llegan en marzo.";
        assert_eq!(score(spanish), 0.0);
        let english = "Readers in Los Angeles and Las Vegas can get the app and the newsletter.";
        assert!(score(english) >= 0.7, "{}", score(english));
    }

    #[test]
    fn furniture_phrases_match_whole_words_anywhere() {
        let words = |text: &'static str| text.split(' ').collect::<Vec<_>>();
        assert!(holds_furniture_phrase(&words("please click to comment below")));
        assert!(holds_furniture_phrase(&words("share on x")));
        assert!(!holds_furniture_phrase(&words("click to commentary")));
        assert!(!holds_furniture_phrase(&words("share on xbox")));
        assert!(!holds_furniture_phrase(&words("to comment click")));
    }

    #[test]
    fn ideographs_count_two_to_a_word() {
        assert_eq!(effective_words("The mayor “cheered” · 14 boats", 5), 5);
        assert_eq!(effective_words("一波波接續性低溫寒流報到", 0), 6);
        assert_eq!(effective_words("ひらがな한국어", 1), 3, "kana (U+3040 on) and hangul");
        assert_eq!(effective_words("\u{3040}\u{D7AF}\u{3040}\u{D7AF}", 0), 2, "the ranges' edges");
    }

    #[test]
    fn separator_last_bytes_are_the_separators_last_bytes() {
        for separator in NAVIGATION_SEPARATORS {
            let last = *separator.to_string().as_bytes().last().unwrap();
            assert!(SEPARATOR_LAST_BYTES.contains(&last), "{separator}");
        }
    }

    #[test]
    fn navigation_needs_two_separators_between_short_items() {
        assert!(is_navigation("Home | News » Sport · Weather"));
        assert!(!is_navigation("Home | News"));
        assert!(!is_navigation("The mayor said | the council would meet on Friday evening | then"));
    }

    /// Pieces of text that addresses, and what comes near them, are made of.
    const ADDRESS_PIECES: &[&str] = &[
        "http", "HTTPS", "s", ":", "://", "/", "www", "WwW", ".", "com", ".CO", ".uk", "org",
        "Net", "@", " ", "desk", "é", "İ", "\u{212A}",
    ];

    /// Pieces of text that credit lines, and what comes near them, are made of.
    const CREDIT_PIECES: &[&str] = &[
        "(", "[", " ", "Photo", "PHOTO", "photo", "s", "graph", ":", "/", " by ", "Image",
        "credit", "Pic", "ture", " AP", "Jane Doe", "é", "İ", "\u{212A}",
    ];

    /// [`has_address`] as first written: the paragraph lowercased, then searched.
    fn has_address_by_search(raw: &str) -> bool {
        let lower = raw.to_lowercase();
        ["http://", "https://", "www.", ".com", ".co.uk", ".org", ".net"]
            .iter()
            .any(|a| lower.contains(a))
            || lower.split_whitespace().any(|w| w.contains('@') && w.contains('.'))
    }

    #[test]
    fn addresses_are_found_in_any_case_and_only_whole() {
        for raw in [
            "Visit WWW.Courier.example for more",
            "HTTPS://example.org/story",
            "see http://x",
            "see HTTPS://x",
            "The Gazette.CO.UK",
            "write to desk@gazette.example",
            "Écrivez à rédaction@journal.fr",
        ] {
            assert!(has_address(raw), "{raw}");
        }
        let not_addresses =
            ["Visit the site at noon.", "http:/x", "ww.example", "co.uk", "desk@gazette", ".co.u"];
        for raw in not_addresses {
            assert!(!has_address(raw), "{raw}");
        }
    }

    proptest::proptest! {
        #[test]
        fn addresses_are_found_as_a_search_finds_them(
            pieces in proptest::collection::vec(proptest::sample::select(ADDRESS_PIECES), 0..12)
        ) {
            let raw = pieces.concat();
            proptest::prop_assert_eq!(has_address(&raw), has_address_by_search(&raw));
        }

        #[test]
        fn credit_openings_are_read_as_their_lowercase_text_reads(
            pieces in proptest::collection::vec(proptest::sample::select(CREDIT_PIECES), 0..12)
        ) {
            let raw = pieces.concat();
            let words: Vec<&str> = raw.split_whitespace().take(5).collect();
            let opening: String = raw
                .trim_start()
                .trim_start_matches(['(', '['])
                .chars()
                .take(CREDIT_OPENING_CHARS)
                .flat_map(char::to_lowercase)
                .collect();
            let expected = !words.is_empty()
                && (PHOTO_CREDIT_OPENERS.iter().any(|o| opening.starts_with(o))
                    || opening.contains(" photo/"));
            let paragraph = ParagraphText { raw: &raw, words };
            proptest::prop_assert_eq!(is_photo_credit(&paragraph), expected);
        }
    }

    #[test]
    fn news_prose_scores_low() {
        for line in [
            "The mayor declined to comment on the report, officials said on Monday.",
            "By Tuesday the council had approved the plan, the mayor said.",
            "Iran’s outreach comes as Mr Trump has been announcing picks for key posts.",
            "一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣",
            "Most residents said the new ferry schedule was the most popular change in years, and \
             the council plans to extend it to the northern routes next spring.",
            "Olvel Corp said its board declared a quarterly dividend of 40 cts per share, up from \
             39 cts per share paid in the previous quarter.",
            "Profit rose to 1.12 dlrs a share from 98 cts a share, the company said.",
            "Credit: Truman calls for action on adjustments",
            "Photos of the burning pier spread quickly online, the mayor said.",
            "Photo: the mayor's office said the picture was taken on Tuesday, before the fire \
             crews arrived at the north pier and closed it to the public.",
        ] {
            assert!(score(line) < 0.5, "{line}: {}", score(line));
        }
    }
}
