//! Closed English word lists the stages share: function words, abbreviations that do not end a
//! sentence, words that start one, number words and month names.
//!
//! These are grammar, not content: they change no more often than the language does, so they are
//! compiled in rather than learned from the corpus.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "else",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "mr",
    "mrs",
    "ms",
    "dr",
];

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen", "gov", "lt", "col", "sgt", "capt", "cpt",
    "adm", "maj", "cmdr", "st", "jr", "sr", "rev", "hon", "pres", "supt", "det", "insp", "no",
    "nos", "vs", "etc", "inc", "corp", "ltd", "co", "bros", "dept", "univ", "assn", "ave", "blvd",
    "rd", "mt", "ft", "fig", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
    "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev",
    "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "a.m",
    "p.m", "u.s", "u.n", "u.k", "e.u",
];

/// Titles other scripts abbreviate with a period: Hindi's doctor and professor. (A single
/// letter of a script without capitals, as Arabic's "د." for doctor, binds as an initial does.)
const OTHER_ABBREVIATIONS: [&str; 2] = ["डॉ", "प्रो"];

const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "in",
    "on",
    "at",
    "for",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "its",
    "his",
    "her",
    "their",
    "our",
    "there",
    "however",
    "meanwhile",
    "according",
    "officials",
    "still",
    "yet",
    "so",
    "then",
    "some",
    "many",
    "no",
    "one",
    "two",
    "last",
    "earlier",
    "later",
];

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("hundred", "100"),
    ("dozen", "12"),
];

const MONTHS: &[(&str, &str)] = &[
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "september"),
    ("sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    "der", "das", "und", "ist", "nicht", "sich", "mit", "auf", "fur", "dem", "ein", "eine",
    "einer", "eines", "sei", "wurde", "wurden", "werden", "auch", "nach", "bei", "wie", "oder",
    "sind", "zum", "zur", "uber", "el", "la", "los", "las", "que", "y", "del", "por", "para",
    "una", "pero", "sus", "como", "le", "les", "des", "est", "une", "pour", "dans", "qui", "pas",
    "sur", "aux", "cette", "elle", "sont", "avec", "della", "gli", "dei", "delle", "nel", "alla",
    "sono", "nao", "com", "mais", "foi", "het", "een", "niet", "zijn", "voor", "ook", "werd",
    "dat",
];

static FUNCTION_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());
static ABBREVIATION_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| ABBREVIATIONS.iter().chain(&OTHER_ABBREVIATIONS).copied().collect());
static FOREIGN_FUNCTION_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| FOREIGN_FUNCTION_WORDS.iter().copied().collect());
static STARTER_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| SENTENCE_STARTERS.iter().copied().collect());

/// Whether a lowercase word is a function word (carries grammar, not content).
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_SET.contains(word)
}

/// Whether a folded word is one of the commonest function words of German, Spanish, French,
/// Italian, Portuguese or Dutch that English does not use as a word ("die", "al", "et", "il",
/// "os" and "che", which English writes as words, names or abbreviations, are left out; a name
/// such as "Los Angeles" is outweighed by the English words around it): enough to tell a
/// paragraph in one of those languages from English.
pub fn is_foreign_function_word(word: &str) -> bool {
    FOREIGN_FUNCTION_SET.contains(word)
}

/// Legal forms that end company names ("Acme Inc", "Acme Holdings plc"): part of a name, yet
/// shared by companies that have nothing else in common.
pub const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "plc",
    "llc",
    "llp",
    "lp",
    "gmbh",
    "ag",
    "sa",
    "nv",
    "bv",
    "spa",
    "pty",
];

/// Whether a lowercase word followed by a period is a known abbreviation ("sen", "oct", "u.s").
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATION_SET.contains(word)
}

/// Whether an abbreviation may also end a sentence ("Acme Inc." can; "Sen." and "Oct." cannot).
pub fn is_trailing_abbreviation(word: &str) -> bool {
    matches!(word, "inc" | "corp" | "ltd" | "co" | "etc" | "jr" | "sr" | "bros")
}

/// Whether a lowercase word commonly opens a sentence (used after "U.S." to decide a boundary).
pub fn is_sentence_starter(word: &str) -> bool {
    STARTER_SET.contains(word)
}

/// The canonical form under which variants of one word are matched: number words become
/// digits ("two" -> "2"), month abbreviations become full names ("oct" -> "october").
pub fn canonical_word(word: &str) -> Option<&'static str> {
    NUMBER_WORDS
        .iter()
        .chain(MONTHS)
        .find(|(variant, _)| *variant == word)
        .map(|(_, canonical)| *canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_lists_answer() {
        assert!(is_function_word("the"));
        assert!(!is_function_word("ambassador"));
        assert!(is_abbreviation("sen"));
        assert!(is_abbreviation("u.s"));
        assert!(!is_abbreviation("said"));
        assert_eq!(canonical_word("oct"), Some("october"));
        assert_eq!(canonical_word("two"), Some("2"));
        assert_eq!(canonical_word("musk"), None);
    }
}
