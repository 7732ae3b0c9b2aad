//! Credit lines: what a republished page says about where its story first ran. "This article
//! was originally published by The Texas Tribune.", "Reprinted with permission from Grist.",
//! "The post ... appeared first on Harbor Daily.", a wire's dateline, "LONDON (Reuters) -", or
//! a wire's byline or copyright line on another site's page, "By The Associated Press",
//! "Copyright 2026 Reuters".
//! A web page credits in its markup too: a page whose canonical address (`<link
//! rel="canonical">`) is on another site than its own names that site's page as the original,
//! as syndication partners and cross-posted articles do.
//! When one side of a pair credits the outlet that published the other side, that other side
//! is the original; when both credit one outlet that published neither, both are copies of a
//! common original.
//!
//! Only a credit's own wording counts: a publishing verb with its cue ("originally published
//! by", "first appeared in", "appeared first on", "republished from", "reprinted with
//! permission of") near the start of its sentence, a wire's name in parentheses before a dash
//! at the start of a line, or a line that opens with "By" or a copyright mark and names a wire
//! (other names there are the page's own writers and owners). A story's own sourcing ("first
//! reported by The New York Times", "Reuters reported") is not a credit, and a credited name
//! decides nothing unless it is the outlet, or the web host, of the other document.

use std::sync::LazyLock;

use chrono::{Month, Weekday};
use memchr::memmem;

use crate::document::Metadata;

/// Stems of the credit verbs, from their second letter so that one search finds either case:
/// only the words holding one are read as a possible credit in words.
const STEMS: [&str; 5] = ["ublished", "ppeared", "osted", "eprinted", "eproduced"];

/// Searchers for [`STEMS`], built once.
static STEM_FINDERS: LazyLock<[memmem::Finder<'static>; 5]> =
    LazyLock::new(|| STEMS.map(memmem::Finder::new));

/// Verbs that credit the original when an adverb before them ("originally", "first") or after
/// them ("appeared first") says so.
const FIRST_RUN_VERBS: [&str; 3] = ["published", "appeared", "posted"];

/// Adverbs that make a first-run verb a credit.
const FIRST_RUN_ADVERBS: [&str; 2] = ["originally", "first"];

/// Prepositions that introduce the outlet after a first-run verb.
const FIRST_RUN_PREPOSITIONS: [&str; 5] = ["in", "on", "by", "at", "with"];

/// Verbs of a page that runs someone else's story; the outlet follows "from", or "of" after
/// "permission" or "courtesy" ("republished by X" names the republisher, not the original).
const RERUN_VERBS: [&str; 3] = ["republished", "reprinted", "reproduced"];

/// Words a rerun verb may have before its "from" or "of".
const RERUN_FILLERS: [&str; 6] = ["here", "with", "by", "kind", "permission", "courtesy"];

/// Most words of a sentence before its credit cue ("This article was" is three; a post's
/// title in "The post ... appeared first on" takes more).
const MAX_WORDS_BEFORE_CUE: usize = 12;

/// Most words of a credited name.
const MAX_NAME_WORDS: usize = 6;

/// Most bytes of a verb's word before its stem: "Republished", after a quote or bracket.
const MAX_VERB_PREFIX: usize = 8;

/// Words read before a verb: room for its adverb and [`MAX_WORDS_BEFORE_CUE`] more, and the
/// word that ends the sentence before.
const WORDS_BEFORE_VERB: usize = MAX_WORDS_BEFORE_CUE + 2;

/// Words read from a verb on: the verb, "first", the fillers of a rerun verb, its preposition
/// and a name.
const WORDS_FROM_VERB: usize = 3 + RERUN_FILLERS.len() + MAX_NAME_WORDS;

/// Lowercase words that may join the capitalised words of a name ("Voice of America").
const NAME_JOINERS: [&str; 3] = ["of", "the", "&"];

/// Most bytes of a line before a dateline's parenthesis ("SAN FRANCISCO, Dec 4 (Reuters) -").
const MAX_DATELINE_PLACE: usize = 60;

/// Most words of a wire's name inside a dateline's parentheses.
const MAX_WIRE_WORDS: usize = 3;

/// Most bytes of a word of a dateline's place that ends in a stop ("Dec.", "ST.", "Sept."):
/// an abbreviation, not the end of a sentence.
const MAX_ABBREVIATION: usize = 5;

/// The wires, by their one name (see [`ALIASES`]): named on a byline or a copyright line of a
/// page, they mark the story as theirs.
const WIRES: [&str; 5] = ["ap", "reuters", "afp", "upi", "aap"];

/// Most bytes of a byline or copyright line: longer lines are prose that happens to open with
/// "By".
const MAX_WIRE_LINE: usize = 120;

/// Words that may follow a wire's name on a byline ("Associated Press Writer").
const BYLINE_ROLES: [&str; 5] = ["writer", "writers", "staff", "reporter", "correspondent"];

/// Names the same outlet goes by, each mapped to one: the wires most often credited by an
/// abbreviation, and their web hosts.
const ALIASES: [(&str, &str); 6] = [
    ("associatedpress", "ap"),
    ("apnews", "ap"),
    ("agencefrancepresse", "afp"),
    ("unitedpressinternational", "upi"),
    ("australianassociatedpress", "aap"),
    ("thomsonreuters", "reuters"),
];

/// Confidence given to a decision by a credit line.
pub const CREDIT_CONFIDENCE: f32 = 0.9;

/// What the credit lines of a pair say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditedOrder {
    /// One side credits the other's outlet: `true` when a is the original.
    Source(bool),
    /// Both credit one outlet that published neither.
    CommonOriginal,
}

/// What the credit lines of two documents, each with its metadata and text, say about their
/// order; `None` when they say nothing (no credits, credits naming the other side each way,
/// or both sides from one site).
pub fn credited_order(a: (&Metadata, &str), b: (&Metadata, &str)) -> Option<CreditedOrder> {
    let (sites_a, sites_b) = (site_names(a.0), site_names(b.0));
    if sites_a.is_empty() && sites_b.is_empty() || sites_a.iter().any(|s| sites_b.contains(s)) {
        return None;
    }
    let (credits_a, credits_b) = (credits(a), credits(b));
    let names_any =
        |credits: &[String], sites: &[String]| credits.iter().any(|c| sites.contains(c));
    match (names_any(&credits_b, &sites_a), names_any(&credits_a, &sites_b)) {
        (true, false) => Some(CreditedOrder::Source(true)),
        (false, true) => Some(CreditedOrder::Source(false)),
        (true, true) => None,
        (false, false) => {
            let one_outlet = credits_a.iter().any(|c| credits_b.contains(c));
            let both_known = !sites_a.is_empty() && !sites_b.is_empty();
            (one_outlet && both_known).then_some(CreditedOrder::CommonOriginal)
        }
    }
}

/// The names, normalised, under which a document's site may be credited: its outlet and the
/// name in its web address's host.
fn site_names(meta: &Metadata) -> Vec<String> {
    let outlet = meta.outlet.as_deref().map(normalized_name).filter(|n| !n.is_empty());
    let mut names: Vec<String> =
        outlet.into_iter().chain(address_site(meta.url.as_deref())).collect();
    names.dedup();
    names
}

/// The name in the host of an address (see [`host_name`]), when it has one.
fn address_site(address: Option<&str>) -> Option<String> {
    let address = url::Url::parse(address?).ok()?;
    Some(host_name(address.host_str()?)).filter(|name| !name.is_empty())
}

/// The outlets a document credits as where its story first ran, by its text or by its
/// canonical address.
fn credits((meta, text): (&Metadata, &str)) -> Vec<String> {
    let mut names = credited_names(text);
    names.extend(canonical_credit(meta));
    names
}

/// The site a page names the original by a canonical address on another site than the page's
/// own address; sites are compared by the name in their hosts, so a site's mobile or regional
/// host (`m.example.com`, `example.co.uk`) is the site itself.
fn canonical_credit(meta: &Metadata) -> Option<String> {
    let named = address_site(meta.canonical.as_deref())?;
    (address_site(meta.url.as_deref())? != named).then_some(named)
}

/// The outlets a text credits as where its story first ran, normalised (see
/// [`normalized_name`]).
fn credited_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> =
        stemmed_word_starts(text).into_iter().flat_map(|at| worded_credit(text, at)).collect();
    for line in text.lines() {
        names.extend(dateline_wire(line));
        names.extend(wire_line(line));
    }
    names.retain(|n| !n.is_empty());
    names.sort();
    names.dedup();
    names
}

/// Where the words holding one of [`STEMS`] start, in order: the only words a credit in words
/// can turn on. A stem more than [`MAX_VERB_PREFIX`] bytes into its word is not in a verb.
fn stemmed_word_starts(text: &str) -> Vec<usize> {
    let hits = STEM_FINDERS.iter().flat_map(|finder| finder.find_iter(text.as_bytes()));
    let word_start = |hit: usize| {
        let mut from = hit.saturating_sub(MAX_VERB_PREFIX);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        match text[from..hit].rfind(char::is_whitespace) {
            Some(space) => Some(from + space + 1),
            None => (from == 0).then_some(0),
        }
    };
    let mut starts: Vec<usize> = hits.filter_map(word_start).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The names credited by the word starting at byte `at`, when it is a first-run verb with its
/// adverb and preposition or a rerun verb with its "from"; only the words around it are read.
fn worded_credit(text: &str, at: usize) -> Vec<String> {
    let before: Vec<&str> = text[..at].split_whitespace().rev().take(WORDS_BEFORE_VERB).collect();
    let at_text_start = before.len() < WORDS_BEFORE_VERB;
    let verb = before.len();
    let after = text[at..].split_whitespace().take(WORDS_FROM_VERB);
    let words: Vec<&str> = before.into_iter().rev().chain(after).collect();
    let is = |i: usize, options: &[&str]| {
        words.get(i).is_some_and(|w| options.iter().any(|o| bare(w).eq_ignore_ascii_case(o)))
    };
    let cue_and_name = if is(verb, &FIRST_RUN_VERBS) {
        first_run_name_at(verb, &is)
    } else if is(verb, &RERUN_VERBS) {
        rerun_name_at(verb, &is)
    } else {
        None
    };
    let Some((cue, name)) = cue_and_name else { return Vec::new() };
    let opens = at_text_start && cue <= MAX_WORDS_BEFORE_CUE
        || words[cue.saturating_sub(MAX_WORDS_BEFORE_CUE + 1)..cue]
            .iter()
            .any(|w| ends_sentence(w));
    if !opens {
        return Vec::new();
    }
    names_from(&words[name..]).iter().map(|name| normalized_name(name)).collect()
}

/// Most outlets one credit names ("ProPublica and The Texas Tribune").
const MAX_CREDITED: usize = 3;

/// The names that open `words`, joined by "and": one credit may name partners.
fn names_from(words: &[&str]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while names.len() < MAX_CREDITED {
        let (name, read) = name_from(&words[at..]);
        if name.is_empty() {
            break;
        }
        names.push(name);
        at += read;
        if !words.get(at).is_some_and(|w| w.eq_ignore_ascii_case("and")) {
            break;
        }
        at += 1;
    }
    names
}

/// Where the cue of a first-run verb at `verb` starts, and where the name after its
/// preposition starts: "originally published by X", "first appeared in X", "appeared first
/// on X".
fn first_run_name_at(verb: usize, is: &impl Fn(usize, &[&str]) -> bool) -> Option<(usize, usize)> {
    let (cue, preposition) = if verb > 0 && is(verb - 1, &FIRST_RUN_ADVERBS) {
        (verb - 1, verb + 1)
    } else if is(verb + 1, &["first"]) {
        (verb, verb + 2)
    } else {
        return None;
    };
    is(preposition, &FIRST_RUN_PREPOSITIONS).then_some((cue, preposition + 1))
}

/// Where the cue of a rerun verb at `verb` starts, and where the name after its "from" (or
/// "permission of", "courtesy of") starts.
fn rerun_name_at(verb: usize, is: &impl Fn(usize, &[&str]) -> bool) -> Option<(usize, usize)> {
    let mut at = verb + 1;
    while is(at, &RERUN_FILLERS) && at - verb <= RERUN_FILLERS.len() {
        at += 1;
    }
    let after_grant = at > verb + 1 && is(at - 1, &["permission", "courtesy"]);
    (is(at, &["from"]) || after_grant && is(at, &["of"])).then_some((verb, at + 1))
}

/// Whether a word ends its sentence: a stop, question or exclamation mark, perhaps inside a
/// closing quote or bracket, on a word that is not a dotted abbreviation's last letter.
fn ends_sentence(word: &str) -> bool {
    let trimmed = word.trim_end_matches(['"', '\'', '”', '’', ')']);
    trimmed.ends_with(['!', '?'])
        || trimmed.ends_with('.') && !trimmed[..trimmed.len() - 1].contains('.')
}

/// The name that opens `words`, and how many words it took: a leading "the" skipped, then
/// capitalised words (or a web host), joined by [`NAME_JOINERS`], up to punctuation that ends
/// it. A day, a month or a number there opens a date ("First published on Thu 6 Aug 2025"),
/// not a name: empty.
fn name_from(words: &[&str]) -> (String, usize) {
    let mut read = usize::from(words.first() == Some(&"the"));
    let mut name: Vec<&str> = Vec::new();
    while let Some(word) = words.get(read) {
        let part = bare(word);
        let starts_name = part.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        let joins = !name.is_empty()
            && NAME_JOINERS.contains(&part)
            && words.get(read + 1).is_some_and(|next| bare(next).starts_with(char::is_uppercase));
        if part.is_empty() || !(starts_name || joins || is_host(part)) {
            break;
        }
        name.push(part);
        read += 1;
        if name.len() == MAX_NAME_WORDS || ends_name(word) {
            break;
        }
    }
    if name.first().is_some_and(|first| is_date_word(first)) {
        return (String::new(), read);
    }
    (name.join(" "), read)
}

/// Whether a word names a weekday or a month, or is a number.
fn is_date_word(word: &str) -> bool {
    word.parse::<Weekday>().is_ok()
        || word.parse::<Month>().is_ok()
        || word.chars().all(|c| c.is_ascii_digit())
}

/// Whether punctuation after a word of a name ends the name: a comma, colon or semicolon,
/// a closing quote or bracket, or a stop that does not belong to an abbreviation or host.
fn ends_name(word: &str) -> bool {
    let last = word.chars().last();
    matches!(last, Some(',' | ';' | ':' | ')' | '"' | '”' | '!' | '?')) || ends_sentence(word)
}

/// A word without the quotes, brackets and punctuation around it (a stop inside, as in a web
/// host or "U.S.", stays).
fn bare(word: &str) -> &str {
    let word = word.trim_start_matches(['"', '\'', '“', '‘', '(', '[']);
    word.trim_end_matches(['"', '\'', '”', '’', ')', ']', ',', ';', ':', '!', '?', '.'])
}

/// Whether a word is a web host ("nytimes.com", "www.example.co.uk").
fn is_host(word: &str) -> bool {
    let Some((rest, suffix)) = word.rsplit_once('.') else { return false };
    !rest.is_empty()
        && (2..=6).contains(&suffix.len())
        && suffix.chars().all(|c| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// The wire a line's dateline credits: "WASHINGTON (Reuters) -", "LONDON, Dec 4 (AP) —",
/// "ST. LOUIS, Dec. 4 (UPI) --".
fn dateline_wire(line: &str) -> Option<String> {
    let line = line.trim_start();
    let place = &line.as_bytes()[..line.len().min(MAX_DATELINE_PLACE + 1)];
    let open = memchr::memchr(b'(', place).filter(|&at| at > 0)?;
    let close = open + line[open..].find(')')?;
    let (place, wire) = (&line[..open], &line[open + 1..close]);
    let after = line[close + 1..].trim_start();
    let wire_words: Vec<&str> = wire.split_whitespace().collect();
    let is_wire = (1..=MAX_WIRE_WORDS).contains(&wire_words.len())
        && wire_words.iter().all(|w| w.starts_with(char::is_uppercase));
    let dashed = after.starts_with(['-', '—', '–']);
    (is_place(place) && is_wire && dashed).then(|| normalized_name(wire))
}

/// Whether the start of a line can be a dateline's place (and date): capitalised, and free of
/// sentence punctuation but for the stops of abbreviations ("ST. LOUIS", "D.C.", "Dec. 4").
fn is_place(place: &str) -> bool {
    let plain_or_abbreviated = |word: &str| {
        let word = word.trim_end_matches(',');
        !word.contains('.')
            || word.starts_with(char::is_uppercase)
                && (word.len() <= MAX_ABBREVIATION || word.split('.').all(|part| part.len() <= 1))
    };
    place.starts_with(char::is_uppercase)
        && !place.contains(['!', '?'])
        && place.split_whitespace().all(plain_or_abbreviated)
}

/// The wire a byline or copyright line names: "By The Associated Press", "By Jane Doe,
/// Associated Press Writer", "By Jane Doe | Reuters", "Copyright 2026 The Associated Press.
/// All rights reserved.", "© 2026 Thomson Reuters". Any other name there is the page's own
/// writer or owner, and credits nothing.
fn wire_line(line: &str) -> Option<String> {
    let line = line.trim();
    if line.len() > MAX_WIRE_LINE {
        return None;
    }
    if let Some(byline) = after_word(line, "by") {
        return byline.split([',', '|', ';', '/', '—', '–']).find_map(wire_named);
    }
    let holder = copyright_holder(line)?;
    holder.split(['.', ',', '|', ';']).next().and_then(wire_named)
}

/// What follows a line's copyright mark ("Copyright", "©", "(c)") and years, when it has one.
fn copyright_holder(line: &str) -> Option<&str> {
    let mut rest = line;
    let mut marked = false;
    loop {
        rest = rest.trim_start();
        let mark = ["copyright", "©", "(c)"].iter().find_map(|mark| {
            let head = rest.get(..mark.len())?;
            head.eq_ignore_ascii_case(mark).then(|| &rest[mark.len()..])
        });
        match mark {
            Some(after) => (rest, marked) = (after, true),
            None if marked && rest.starts_with(|c: char| c.is_ascii_digit()) => {
                rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "-–, ".contains(c));
            }
            None => return marked.then_some(rest),
        }
    }
}

/// The rest of `line` after its first word when that word is `word` (in any case).
fn after_word<'l>(line: &'l str, word: &str) -> Option<&'l str> {
    let (first, rest) = line.split_once(char::is_whitespace)?;
    first.eq_ignore_ascii_case(word).then_some(rest)
}

/// The wire a piece of a byline or copyright line is, a role word after it allowed
/// ("Associated Press Writer", "Reuters Staff").
fn wire_named(piece: &str) -> Option<String> {
    let mut words: Vec<&str> = piece.split_whitespace().collect();
    if words.last().is_some_and(|last| BYLINE_ROLES.iter().any(|r| last.eq_ignore_ascii_case(r))) {
        words.pop();
    }
    if words.is_empty() || words.len() > MAX_WIRE_WORDS {
        return None;
    }
    let name = normalized_name(&words.join(" "));
    WIRES.contains(&name.as_str()).then_some(name)
}

/// A name as credits and sites are compared: a web host by its name ([`host_name`]),
/// anything else lowercased to its letters and digits; then without a leading "the" (so "The
/// Atlantic" and `theatlantic.com` agree) and mapped through [`ALIASES`].
fn normalized_name(name: &str) -> String {
    let name = name.trim();
    if is_host(name) && !name.contains(' ') {
        return host_name(name);
    }
    let joined: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    canonical(joined.to_lowercase())
}

/// The name in a web host: the label before its public suffix ("www.nytimes.com" is
/// "nytimes", "news.example.co.uk" is "example").
fn host_name(host: &str) -> String {
    let host = host.to_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let second_level = ["co", "com", "org", "net", "gov", "ac"];
    let country_pair = labels.len() >= 3
        && labels[labels.len() - 1].len() == 2
        && second_level.contains(&labels[labels.len() - 2]);
    let at = labels.len().saturating_sub(if country_pair { 3 } else { 2 });
    let label = labels.get(at).copied().unwrap_or_default();
    canonical(label.chars().filter(|c| c.is_alphanumeric()).collect())
}

/// A lowercase name without a leading "the", under the one name [`ALIASES`] give it.
fn canonical(name: String) -> String {
    let name = match name.strip_prefix("the") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => name,
    };
    ALIASES.iter().find(|(alias, _)| *alias == name).map_or(name, |(_, to)| to.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_in_words_name_the_outlet() {
        let cases = [
            ("This article was originally published by The Texas Tribune.", "texastribune"),
            ("Story text ends here. This story first appeared in Grist, and is used here.", "grist"),
            ("The post Harbour fire closes bridge appeared first on Harbor Daily.", "harbordaily"),
            ("This article is republished from The Conversation under a Creative Commons license.", "conversation"),
            ("Reprinted with permission of Voice of America.", "voiceofamerica"),
            ("Originally published at nytimes.com on May 2.", "nytimes"),
            ("It was originally published by Grist and is republished here.", "grist"),
            ("It first ran on the Associated Press wire.", ""),
            ("Originally published on the Associated Press website.", "ap"),
        ];
        for (text, want) in cases {
            let want: Vec<String> =
                [want].iter().filter(|w| !w.is_empty()).map(|w| w.to_string()).collect();
            assert_eq!(credited_names(text), want, "{text}");
        }
        let partners = "This story was originally published by ProPublica and The Texas Tribune.";
        assert_eq!(credited_names(partners), ["propublica", "texastribune"]);
    }

    #[test]
    fn a_storys_own_sourcing_is_not_a_credit() {
        for text in [
            "The meeting, which was first reported by The New York Times, took place on Monday.",
            "Reuters reported that the talks had stalled.",
            "The study, published in Nature, found no effect.",
            "This article was republished by Harbor Daily.",
            "First published on Thu 6 Aug 2025",
            "McLintock, Alexander, ed. (April 2009) [originally published in 1966].",
            "Officials said the plan, which the minister first outlined in a speech to the party \
             conference in the spring and which has since been revised twice after objections \
             from unions, first appeared in The Gazette.",
        ] {
            assert_eq!(credited_names(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_dateline_credits_its_wire() {
        assert_eq!(credited_names("WASHINGTON (Reuters) - The talks stalled."), ["reuters"]);
        assert_eq!(credited_names("Intro\nLONDON, Dec 4 (AP) — Rain fell."), ["ap"]);
        assert_eq!(credited_names("ST. LOUIS, Dec. 4 (UPI) -- Rain fell."), ["upi"]);
        assert_eq!(credited_names("WASHINGTON, D.C. (AP) — Rain fell."), ["ap"]);
        assert_eq!(credited_names("He said (quietly) - then left."), Vec::<String>::new());
        assert_eq!(credited_names("He left. Then (Reuters) - more."), Vec::<String>::new());
        assert_eq!(credited_names("The vote (held in May) — a first."), Vec::<String>::new());
    }

    #[test]
    fn bylines_and_copyright_lines_credit_a_wire_only() {
        let cases = [
            ("By The Associated Press\n\nStory.", "ap"),
            ("BY JANE DOE, ASSOCIATED PRESS WRITER\nStory.", "ap"),
            ("By Jane Doe | Reuters\nStory.", "reuters"),
            ("Story.\nCopyright 2026 The Associated Press. All rights reserved.", "ap"),
            ("Story.\n© 2025-2026 Thomson Reuters", "reuters"),
            ("Story.\nCopyright (c) 2026 Agence France-Presse", "afp"),
        ];
        for (text, wire) in cases {
            assert_eq!(credited_names(text), [wire], "{text}");
        }
        let not_wires = [
            "By Jane Doe, Staff Writer\nStory.",
            "Story.\n© 2026 Harbor Daily. All rights reserved.",
            "By Tuesday, Reuters reported that the talks had stalled.",
            "By AP standards the story was short.",
            "Story.\nCopyright law protects Reuters photographs.",
        ];
        for text in not_wires {
            assert_eq!(credited_names(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn sites_go_by_their_outlet_and_host() {
        assert_eq!(site_names(&Metadata::of_site(Some("The Associated Press"), None)), ["ap"]);
        assert_eq!(
            site_names(&Metadata::of_site(None, Some("https://www.bbc.co.uk/news/1"))),
            ["bbc"]
        );
        let atlantic =
            Metadata::of_site(Some("The Atlantic"), Some("https://www.theatlantic.com/a"));
        assert_eq!(site_names(&atlantic), ["atlantic"]);
        assert_eq!(
            credited_names("This article originally appeared on The Atlantic."),
            ["atlantic"]
        );
        assert_eq!(
            site_names(&Metadata::of_site(Some("Harbor Daily"), Some("https://harbordaily.com/a"))),
            ["harbordaily"]
        );
        assert!(site_names(&Metadata::default()).is_empty());
    }

    #[test]
    fn the_side_credited_by_the_other_is_the_original() {
        let wire = Metadata::of_site(Some("Harbor Daily"), None);
        let copy = Metadata::of_site(Some("Pinecrest Post"), None);
        let credit = "Story.\nThis article originally appeared in Harbor Daily.";
        assert_eq!(
            credited_order((&wire, "Story."), (&copy, credit)),
            Some(CreditedOrder::Source(true))
        );
        assert_eq!(
            credited_order((&copy, credit), (&wire, "Story.")),
            Some(CreditedOrder::Source(false))
        );
        let elsewhere = "Story.\nThis article originally appeared in Kestrel News.";
        assert_eq!(credited_order((&wire, "Story."), (&copy, elsewhere)), None);
        assert_eq!(credited_order((&wire, "Story."), (&wire.clone(), credit)), None);
        let unknown = Metadata::default();
        assert_eq!(credited_order((&unknown, "Story."), (&unknown, credit)), None);
    }

    #[test]
    fn two_copies_crediting_a_third_outlet_share_an_original() {
        let (one, two) = (
            Metadata::of_site(Some("Pinecrest Post"), None),
            Metadata::of_site(Some("Kestrel News"), None),
        );
        let (a, b) =
            ("BOSTON (AP) - Story.", "Story.\nOriginally published by The Associated Press.");
        assert_eq!(credited_order((&one, a), (&two, b)), Some(CreditedOrder::CommonOriginal));
        assert_eq!(credited_order((&one, a), (&Metadata::default(), b)), None);
        let wire = Metadata::of_site(Some("AP"), None);
        assert_eq!(credited_order((&wire, a), (&two, b)), Some(CreditedOrder::Source(true)));
    }

    #[test]
    fn a_canonical_address_on_another_site_credits_that_site() {
        let page = |own: &str, canonical: &str| Metadata {
            canonical: Some(canonical.to_string()),
            ..Metadata::of_site(None, Some(own))
        };
        let original =
            Metadata::of_site(Some("The Courier"), Some("https://www.courier.com/fares"));
        let copy = page("https://news.bayside.org/fares", "https://courier.com/fares");
        assert_eq!(
            credited_order((&copy, "Story."), (&original, "Story.")),
            Some(CreditedOrder::Source(false))
        );
        let itself = page("https://m.bayside.org/fares", "https://www.bayside.org/fares");
        assert_eq!(credited_order((&itself, "Story."), (&original, "Story.")), None);
        let other = page("https://kestrel.co.uk/fares", "https://courier.com/fares");
        assert_eq!(
            credited_order((&copy, "Story."), (&other, "Story.")),
            Some(CreditedOrder::CommonOriginal)
        );
        let unplaced = Metadata { url: None, ..copy };
        assert_eq!(credited_order((&unplaced, "Story."), (&original, "Story.")), None);
    }
}
