//! Normalization for matching: words of the original text become folded tokens (NFKC, no
//! diacritics, lowercase, look-alike letters mapped to Latin, invisible characters dropped) that
//! keep their byte span in the original text. Chinese and Japanese characters are tokens one by
//! one, and Thai, Lao, Khmer and Burmese runs are cut into words by a dictionary: those scripts
//! write no space between words.
//!
//! Nothing here decides what a word means; stemming and weighting belong to `analysis`.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::LazyLock;

use compact_str::CompactString;
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::document::Span;

/// What a token spells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenShape {
    /// Letters (possibly with digits).
    Word,
    /// Digits, possibly with a decimal point.
    Number,
}

/// One word or number of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where the token is in the original text.
    pub span: Span,
    /// Folded lowercase form used for matching (inline when short: most words never allocate).
    pub folded: CompactString,
    /// Word or number.
    pub shape: TokenShape,
    /// The first letter was uppercase in the original.
    pub capitalized: bool,
    /// Dotted acronym ("U.N.") or all capitals of two letters or more ("UN").
    pub acronym: bool,
    /// The token hid invisible characters or mixed look-alike letters from other scripts.
    pub disguised: bool,
}

/// Characters that render as nothing and that spinners insert to break words apart.
pub fn is_invisible(c: char) -> bool {
    c >= '\u{00AD}'
        && matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// The Latin letter a Cyrillic or Greek look-alike stands for.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'е' | 'ё' | 'ε' => 'e',
        'һ' | 'н' | 'η' => 'h',
        'і' | 'ї' | 'ι' | 'ӏ' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' | 'μ' => 'm',
        'ν' => 'v',
        'о' | 'ο' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'с' | 'ϲ' => 'c',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'у' | 'γ' => 'y',
        'υ' => 'u',
        'х' | 'χ' => 'x',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ζ' => 'z',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'Ζ' => 'Z',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'У' | 'Υ' => 'Y',
        'Х' | 'Χ' => 'X',
        _ => return None,
    })
}

/// Typographic variants folded to one ASCII form: curly quotes, primes and dashes.
pub fn fold_punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        other => other,
    }
}

/// Appends the folded form of `c` (compatibility-decomposed, without diacritics, lowercase,
/// digits of any script as ASCII digits).
fn push_folded(c: char, out: &mut impl Extend<char>) {
    if c.is_ascii() {
        out.extend([c.to_ascii_lowercase()]);
        return;
    }
    if let Some(digit) = ascii_digit(c) {
        out.extend([digit]);
        return;
    }
    decompose_compatible(c, |d| {
        if !is_diacritic(d) {
            out.extend(d.to_lowercase());
        }
    });
}

/// The first code point of each run of ten decimal digits, zero to nine, of scripts other than
/// Latin that news is written in: Arabic-Indic, Persian and Urdu, N'Ko, Devanagari, Bengali,
/// Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai, Lao, Tibetan,
/// Burmese (twice), Khmer and Mongolian. Full-width and other compatibility digits fold to
/// ASCII by NFKC already.
const DIGIT_ZEROS: [u32; 20] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810,
];

/// The ASCII digit a decimal digit of any script in [`DIGIT_ZEROS`] (or ASCII) stands for:
/// "٢٠٢٤" and "2024" are one number.
fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let code = u32::from(c);
    if !(DIGIT_ZEROS[0]..DIGIT_ZEROS[DIGIT_ZEROS.len() - 1] + 10).contains(&code) {
        return None;
    }
    let zero = DIGIT_ZEROS.iter().find(|&&zero| (zero..zero + 10).contains(&code))?;
    char::from_digit(code - zero, 10)
}

/// Whether a character is a diacritic that folding drops: an accent or other mark over a Latin,
/// Greek or Cyrillic letter, a Hebrew point, an Arabic vowel sign ("cafe" for "café": writers
/// leave them out), or the voicing mark of a kana (which folds "が" with "か", as Japanese
/// text has folded since Chinese and Japanese characters became tokens of their own). The
/// vowel signs and viramas of Indic and South-East Asian scripts spell the word and are kept:
/// "की" and "के" are two words.
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'..='\u{309A}' | '\u{FE20}'..='\u{FE2F}')
        && is_combining_mark(c)
}

/// The text as a reader sees it: invisible characters dropped, look-alike letters mapped to
/// Latin, typographic punctuation folded, whitespace collapsed, lowercase. Spelling, dots and
/// honorifics are kept, so two texts with the same surface differ in no visible edit.
pub fn surface(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        push_surface(word, &mut out);
    }
    out
}

/// Appends the [`surface`] of one word (no whitespace in it) to `out`.
fn push_surface(word: &str, out: &mut String) {
    for c in word.chars().filter(|&c| !is_invisible(c)).map(fold_punctuation) {
        match latin_lookalike(c) {
            Some(latin) => out.push(latin.to_ascii_lowercase()),
            None => push_folded(c, out),
        }
    }
}

/// Whether two texts have the same [`surface`]. Surfaces are built word by word, and only for
/// the words that differ byte for byte: most texts compared are the same words, line wrapping
/// aside.
pub fn same_surface(x: &str, y: &str) -> bool {
    if x == y {
        return true;
    }
    let (mut words_x, mut words_y) = (x.split_whitespace(), y.split_whitespace());
    let (mut surface_x, mut surface_y) = (String::new(), String::new());
    loop {
        match (words_x.next(), words_y.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                surface_x.clear();
                surface_y.clear();
                push_surface(a, &mut surface_x);
                push_surface(b, &mut surface_y);
                // A word whose surface is empty or holds a space does not map to one word of
                // the whole surface: only the whole texts can be compared then.
                let one_word = |s: &str| !s.is_empty() && !s.contains(' ');
                if !one_word(&surface_x) || !one_word(&surface_y) {
                    return surface(x) == surface(y);
                }
                if surface_x != surface_y {
                    return false;
                }
            }
            _ => return surface(x) == surface(y),
        }
    }
}

/// Whether a character belongs inside a word (after invisible characters are ignored).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into tokens, each with its span in `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_range(text, Span::new(0, text.len()))
}

/// Splits the part of `text` inside `range` into tokens whose spans index `text`.
pub fn tokenize_range(text: &str, range: Span) -> Vec<Token> {
    // Room for a token every five bytes, a little more than English prose needs, so the
    // vector is seldom grown.
    let mut tokens = Vec::with_capacity(range.len() / 5 + 1);
    let mut scratch = Vec::new();
    let mut lookalike_script = None;
    each_token(text, range, |found| {
        match found {
            Found::Plain(span) => tokens.push(plain_token(text, span)),
            Found::Chars(chars, stop) => {
                let written_in_lookalike_script = || {
                    *lookalike_script
                        .get_or_insert_with(|| writes_lookalike_script(range.slice(text)))
                };
                let token =
                    fold_any_token(text, chars, stop, &mut scratch, written_in_lookalike_script);
                tokens.extend(token);
            }
        }
        ControlFlow::Continue(())
    });
    tokens
}

/// The spans of the tokens [`tokenize_range`] returns, found without folding them: what
/// reporting substituted wording needs, at a fraction of the cost.
pub fn token_spans(text: &str, range: Span) -> Vec<Span> {
    let mut spans = Vec::new();
    push_token_spans(text, range, usize::MAX, &mut spans);
    spans
}

/// Appends the spans of [`token_spans`] to `spans`, stopping once it holds `limit`: the
/// wording of a substitution needs the spans up to its last word only.
pub fn push_token_spans(text: &str, range: Span, limit: usize, spans: &mut Vec<Span>) {
    if spans.len() >= limit {
        return;
    }
    each_token(text, range, |found| {
        match found {
            Found::Plain(span) => spans.push(span),
            Found::Chars(chars, stop) if folds_to_something(chars) => {
                spans.push(Span::new(chars[0].0, stop));
            }
            Found::Chars(..) => {}
        }
        if spans.len() < limit {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
}

/// A candidate token, as the scanners hand it over.
enum Found<'c> {
    /// A token of ASCII letters and digits alone, most of a news text: its span.
    Plain(Span),
    /// Any other token: its characters with their offsets in the text, punctuation folded,
    /// and the offset just past it.
    Chars(&'c [(usize, char)], usize),
}

/// Characters a thread's range buffer may keep between calls; a longer range's buffer is
/// given back after use.
const KEPT_CHARS: usize = 1 << 16;

thread_local! {
    /// The characters of the range being tokenized, reused from one range (most often a
    /// sentence) to the next instead of allocated for each.
    static RANGE_CHARS: RefCell<Vec<(usize, char)>> = RefCell::default();
}

/// Calls `found` with each candidate token inside `range`, in order, until it breaks.
fn each_token(text: &str, range: Span, mut found: impl FnMut(Found<'_>) -> ControlFlow<()>) {
    RANGE_CHARS.with_borrow_mut(|chars| {
        let _ = each_part(text.as_bytes(), range, |part, ascii| {
            chars.clear();
            if ascii {
                each_ascii_token(text.as_bytes(), part, chars, &mut found)
            } else {
                each_char_token(text, part, chars, &mut found)
            }
        });
        if chars.capacity() > KEPT_CHARS {
            *chars = Vec::new();
        }
    });
}

/// Calls `part` with the parts of `range`, in order, each with whether it is all ASCII: the
/// range cut at ASCII whitespace into runs of ASCII words and single words holding another
/// character (a curly apostrophe, an accent). No token, connector or possessive spans
/// whitespace, so scanning the parts one by one finds what scanning the whole range would,
/// and only the words that need it are decoded character by character.
fn each_part(
    bytes: &[u8],
    range: Span,
    mut part: impl FnMut(Span, bool) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let end = range.end as usize;
    let mut at = range.start as usize;
    while at < end {
        let rest = &bytes[at..end];
        // Most ranges are all ASCII, which `is_ascii` tells a word at a time.
        let first_other = (!rest.is_ascii()).then(|| rest.iter().position(|b| !b.is_ascii()));
        let Some(offset) = first_other.flatten() else {
            return part(Span::new(at, end), true);
        };
        let other = at + offset;
        let word_start =
            bytes[at..other].iter().rposition(u8::is_ascii_whitespace).map_or(at, |k| at + k + 1);
        if word_start > at {
            part(Span::new(at, word_start), true)?;
        }
        let word_end =
            bytes[other..end].iter().position(u8::is_ascii_whitespace).map_or(end, |k| other + k);
        part(Span::new(word_start, word_end), false)?;
        at = word_end;
    }
    ControlFlow::Continue(())
}

/// [`each_token`] for any text: the range's characters are decoded into `chars`, then
/// scanned.
fn each_char_token(
    text: &str,
    range: Span,
    chars: &mut Vec<(usize, char)>,
    mut found: impl FnMut(Found<'_>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let offset = range.start as usize;
    chars.extend(range.slice(text).char_indices().map(|(i, c)| (i + offset, fold_punctuation(c))));
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].1) {
            i += 1;
            continue;
        }
        let end = scan_token(chars, i);
        let stop = chars.get(end).map_or(range.end as usize, |&(at, _)| at);
        let token = &chars[i..end];
        if needs_dictionary(token[0].1) {
            each_dictionary_word(text, token, stop, &mut found)?;
        } else if token.iter().all(|&(_, c)| c.is_ascii_alphanumeric()) {
            found(Found::Plain(Span::new(token[0].0, stop)))?;
        } else {
            found(Found::Chars(token, stop))?;
        }
        i = skip_possessive(chars, end);
    }
    ControlFlow::Continue(())
}

/// The dictionary word segmenter: Thai, Lao, Burmese and Khmer dictionaries built into the
/// program (ICU4X's compiled data), nothing read at run time.
static WORD_SEGMENTER: LazyLock<WordSegmenterBorrowed<'static>> =
    LazyLock::new(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));

/// Calls `found` with each word of `run`, characters of a script that [`needs_dictionary`]
/// ending at byte `stop`, as the dictionary cuts them.
fn each_dictionary_word(
    text: &str,
    run: &[(usize, char)],
    stop: usize,
    found: &mut impl FnMut(Found<'_>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let start = run[0].0;
    let mut first = 0;
    for end_byte in WORD_SEGMENTER.segment_str(&text[start..stop]).skip(1) {
        let end = first + run[first..].iter().take_while(|&&(at, _)| at < start + end_byte).count();
        let word = &run[first..end];
        if word.iter().any(|&(_, c)| is_word_char(c)) {
            let word_stop = run.get(end).map_or(stop, |&(at, _)| at);
            found(Found::Chars(word, word_stop))?;
        }
        first = end;
    }
    ControlFlow::Continue(())
}

/// [`each_token`] for a range of ASCII text, read byte by byte: no character to decode, no
/// punctuation fold, nothing invisible or look-alike. Only a token joined by an apostrophe,
/// dot or comma is handed over as characters, copied into `chars`.
fn each_ascii_token(
    bytes: &[u8],
    range: Span,
    chars: &mut Vec<(usize, char)>,
    mut found: impl FnMut(Found<'_>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let text = &bytes[..range.end as usize];
    let mut i = range.start as usize;
    while let Some(gap) = text[i..].iter().position(|&b| ASCII_WORD[usize::from(b)]) {
        i += gap;
        let (end, joined) = scan_ascii_token(text, i);
        if joined {
            chars.clear();
            chars.extend(text[i..end].iter().enumerate().map(|(k, &b)| (i + k, char::from(b))));
            found(Found::Chars(chars, end))?;
        } else {
            found(Found::Plain(Span::new(i, end)))?;
        }
        i = skip_ascii_possessive(text, end);
    }
    ControlFlow::Continue(())
}

/// [`scan_token`] over ASCII bytes that end where the range does: one past the token
/// starting at `start`, and whether a connector joins it.
fn scan_ascii_token(text: &[u8], start: usize) -> (usize, bool) {
    let (mut i, mut joined) = (start, false);
    loop {
        let word = text[i..].iter().position(|&b| !ASCII_WORD[usize::from(b)]);
        i = word.map_or(text.len(), |length| i + length);
        if i == text.len() || !joins_ascii_token(text, start, i) {
            return (i, joined);
        }
        (i, joined) = (i + 2, true);
    }
}

/// Which bytes are ASCII letters or digits: one load per byte where the scanner's inner
/// loops would otherwise test three ranges.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// [`joins_token`] over ASCII bytes.
fn joins_ascii_token(text: &[u8], start: usize, i: usize) -> bool {
    let (prev, Some(&next)) = (text[i - 1], text.get(i + 1)) else {
        return false;
    };
    match text[i] {
        b'\'' => {
            prev.is_ascii_alphabetic()
                && next.is_ascii_alphabetic()
                && !is_ascii_possessive(text, i)
        }
        b'.' | b',' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'.' => {
            let letter_run = text[start..i].iter().rev().take_while(|b| b.is_ascii_alphabetic());
            prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() && letter_run.count() == 1 && {
                text.get(i + 2).is_none_or(|after| !after.is_ascii_alphabetic())
            }
        }
        _ => false,
    }
}

/// [`is_possessive`] over ASCII bytes.
fn is_ascii_possessive(text: &[u8], i: usize) -> bool {
    matches!(text.get(i + 1), Some(b's' | b'S'))
        && text.get(i + 2).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// [`skip_possessive`] over ASCII bytes.
fn skip_ascii_possessive(text: &[u8], end: usize) -> usize {
    if text.get(end) == Some(&b'\'') && is_ascii_possessive(text, end) {
        end + 2
    } else {
        end
    }
}

/// Whether folding leaves anything of a token's characters: folding drops invisible
/// characters, apostrophes, dots, commas and diacritics, and a token of nothing else is no
/// token. Both [`tokenize_range`] and [`token_spans`] ask this, so they agree on the tokens.
fn folds_to_something(chars: &[(usize, char)]) -> bool {
    let kept = chars.iter().map(|&(_, c)| c);
    kept.filter(|&c| !is_invisible(c) && !matches!(c, '\'' | '.' | ','))
        .any(|c| c.is_ascii() || latin_lookalike(c).is_some() || !folds_to_diacritics(c))
}

/// Whether a character decomposes into diacritics alone.
fn folds_to_diacritics(c: char) -> bool {
    let mut diacritics_only = true;
    decompose_compatible(c, |d| diacritics_only &= is_diacritic(d));
    diacritics_only
}

/// Whether a character is of a script written without spaces between words (Han ideographs,
/// Japanese kana), and so a token of its own: with no word boundaries to find, an edit of one
/// word then changes that word's characters, not the whole clause around it.
fn stands_alone(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Whether a character is of a script written without spaces between words whose words a
/// dictionary tells apart: Thai, Lao, Burmese and Khmer (their vowel signs and tone marks
/// included).
fn needs_dictionary(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}'
        | '\u{19E0}'..='\u{19FF}' | '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}')
}

/// Index one past the last character of the token starting at `start`.
fn scan_token(chars: &[(usize, char)], start: usize) -> usize {
    if stands_alone(chars[start].1) {
        let marks = chars[start + 1..].iter().take_while(|&&(_, c)| is_combining_mark(c));
        return start + 1 + marks.count();
    }
    let mut i = start;
    while i < chars.len() {
        let c = chars[i].1;
        if stands_alone(c) || needs_dictionary(c) != needs_dictionary(chars[start].1) {
            break;
        } else if is_word_char(c) || (i > start && (is_invisible(c) || is_combining_mark(c))) {
            // A combining mark belongs to the letter before it: a virama, a vowel sign or a
            // tone mark inside an Indic or Thai word, an accent written apart.
            i += 1;
        } else if joins_token(chars, start, i) {
            i += 2;
        } else {
            break;
        }
    }
    // Invisible characters trailing a token belong to the gap, not the word.
    while i > start + 1 && is_invisible(chars[i - 1].1) {
        i -= 1;
    }
    i
}

/// Whether the connector at `i` ("'", "." or ",") sits inside the token rather than ending it.
fn joins_token(chars: &[(usize, char)], start: usize, i: usize) -> bool {
    let (Some(&(_, prev)), Some(&(_, next))) = (chars.get(i.wrapping_sub(1)), chars.get(i + 1))
    else {
        return false;
    };
    match chars[i].1 {
        '\'' => prev.is_alphabetic() && next.is_alphabetic() && !is_possessive(chars, i),
        '.' | ',' if ascii_digit(prev).is_some() && ascii_digit(next).is_some() => true,
        '.' => {
            // Dotted acronym: single letters separated by periods ("U.S", "a.m").
            let letter_run = chars[start..i].iter().rev().take_while(|(_, c)| c.is_alphabetic());
            prev.is_alphabetic() && next.is_alphabetic() && letter_run.count() == 1 && {
                chars.get(i + 2).is_none_or(|&(_, after)| !after.is_alphabetic())
            }
        }
        _ => false,
    }
}

/// Whether the apostrophe at `i` opens a possessive "'s" that ends the word (look-alike
/// letters and invisible characters do not hide it).
fn is_possessive(chars: &[(usize, char)], i: usize) -> bool {
    let mut visible = chars[i + 1..].iter().map(|&(_, c)| c).filter(|&c| !is_invisible(c));
    let is_s = |c: char| matches!(latin_lookalike(c).unwrap_or(c), 's' | 'S');
    visible.next().is_some_and(is_s) && visible.next().is_none_or(|c| !is_word_char(c))
}

/// Moves past a possessive "'s" (and any invisible characters in it) right after a token.
fn skip_possessive(chars: &[(usize, char)], end: usize) -> usize {
    if chars.get(end).is_some_and(|&(_, c)| c == '\'') && is_possessive(chars, end) {
        let mut i = end + 1;
        while chars.get(i).is_some_and(|&(_, c)| is_invisible(c)) {
            i += 1;
        }
        i + 1
    } else {
        end
    }
}

/// Whether `text` is written in Cyrillic or Greek: it holds a letter of those scripts that looks
/// like no Latin letter ("л", "д", "λ"). There "он", "на" and "не" are words, not Latin ones
/// disguised.
fn writes_lookalike_script(text: &str) -> bool {
    let cyrillic_or_greek =
        |c: char| matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{052F}');
    text.chars().any(|c| cyrillic_or_greek(c) && c.is_alphabetic() && latin_lookalike(c).is_none())
}

/// Builds the folded token from its characters; `stop` is the byte offset just past it.
/// `raw` is scratch space, reused from token to token. `written_in_lookalike_script` tells
/// whether the text around is Cyrillic or Greek ([`writes_lookalike_script`]), asked only of a
/// short word all of look-alike letters.
fn fold_any_token(
    text: &str,
    chars: &[(usize, char)],
    stop: usize,
    raw: &mut Vec<char>,
    written_in_lookalike_script: impl FnOnce() -> bool,
) -> Option<Token> {
    if !folds_to_something(chars) {
        return None;
    }
    let span = Span::new(chars[0].0, stop);
    raw.clear();
    raw.extend(chars.iter().map(|&(_, c)| c).filter(|&c| !is_invisible(c) && c != '\''));
    let has_latin = raw.iter().any(|c| c.is_ascii_alphabetic());
    // A short word made only of look-alikes ("а" for "a") is a disguise in Latin text; a longer
    // one is real Cyrillic or Greek, and so is any word of a Cyrillic or Greek text.
    let all_lookalike = raw.len() <= 3
        && raw.iter().all(|&c| latin_lookalike(c).is_some())
        && !written_in_lookalike_script();
    let map_lookalikes = has_latin || all_lookalike;
    let mut folded = CompactString::with_capacity(raw.len());
    let mut mixed = false;
    for &c in raw.iter().filter(|&&c| c != '.' && c != ',') {
        match latin_lookalike(c).filter(|_| map_lookalikes) {
            Some(latin) => {
                mixed = true;
                folded.push(latin.to_ascii_lowercase());
            }
            None => push_folded(c, &mut folded),
        }
    }
    let original = span.slice(text);
    let number = folded.chars().all(|c| c.is_ascii_digit());
    if number && raw.contains(&'.') {
        let kept = raw.iter().filter(|&&c| c != ',');
        folded = kept.map(|&c| ascii_digit(c).unwrap_or(c)).collect();
    }
    let first_upper =
        raw[0].is_uppercase() || latin_lookalike(raw[0]).is_some_and(|l| l.is_uppercase());
    let letters = raw.iter().filter(|c| c.is_alphabetic()).count();
    let all_caps =
        letters >= 2 && raw.iter().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    Some(Token {
        span,
        folded,
        shape: if number { TokenShape::Number } else { TokenShape::Word },
        capitalized: first_upper,
        acronym: raw.contains(&'.') && !number || all_caps,
        disguised: mixed || original.chars().any(is_invisible),
    })
}

/// The token at `span`, of ASCII letters and digits alone: nothing to map, drop or
/// decompose, so its folded form is its text in lowercase.
fn plain_token(text: &str, span: Span) -> Token {
    let original = span.slice(text);
    let mut folded = CompactString::from(original);
    folded.make_ascii_lowercase();
    // Every character is an ASCII letter or digit, so counting the cases tells the rest.
    let (upper, lower) = original.bytes().fold((0, 0), |(upper, lower), b| {
        (upper + usize::from(b.is_ascii_uppercase()), lower + usize::from(b.is_ascii_lowercase()))
    });
    let number = upper + lower == 0;
    let all_caps = upper >= 2 && lower == 0;
    Token {
        span,
        folded,
        shape: if number { TokenShape::Number } else { TokenShape::Word },
        capitalized: original.as_bytes()[0].is_ascii_uppercase(),
        acronym: all_caps,
        disguised: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded.to_string()).collect()
    }

    #[test]
    fn plain_tokens_fold_as_any_token_does() {
        let text = "NASA said 42 Boats, US and iPhone 7s: x Mr O'Neil 3.5 UK-based A4 B52B";
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut raw = Vec::new();
        let mut plain = 0;
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            let run = &chars[start..start + word.len()];
            let stop = start + word.len();
            assert_eq!(
                Some(plain_token(text, Span::new(start, stop))),
                fold_any_token(text, run, stop, &mut raw, || false)
            );
            plain += 1;
        }
        assert_eq!(plain, 18);
    }

    /// A scanner under test: text, range, character buffer, what to call with each token.
    type Scanner = fn(&str, Span, &mut Vec<(usize, char)>, OnToken<'_>) -> ControlFlow<()>;

    /// What a scanner calls with each token it finds.
    type OnToken<'f> = &'f mut dyn FnMut(Found<'_>) -> ControlFlow<()>;

    /// [`each_token`]: the range cut into parts.
    fn in_parts(
        text: &str,
        range: Span,
        _: &mut Vec<(usize, char)>,
        found: OnToken<'_>,
    ) -> ControlFlow<()> {
        each_token(text, range, found);
        ControlFlow::Continue(())
    }

    /// [`each_char_token`]: the range decoded character by character.
    fn by_chars(
        text: &str,
        range: Span,
        chars: &mut Vec<(usize, char)>,
        found: OnToken<'_>,
    ) -> ControlFlow<()> {
        each_char_token(text, range, chars, found)
    }

    /// [`each_ascii_token`]: the range read byte by byte.
    fn by_bytes(
        text: &str,
        range: Span,
        chars: &mut Vec<(usize, char)>,
        found: OnToken<'_>,
    ) -> ControlFlow<()> {
        each_ascii_token(text.as_bytes(), range, chars, found)
    }

    /// Every candidate token `scan` finds in `range`, as (span, characters when handed over as
    /// characters).
    fn scanned(text: &str, range: Span, scan: Scanner) -> Vec<(Span, Option<String>)> {
        let mut out = Vec::new();
        let _ = scan(text, range, &mut Vec::new(), &mut |found| {
            match found {
                Found::Plain(span) => out.push((span, None)),
                Found::Chars(chars, stop) => {
                    let spelled = chars.iter().map(|&(_, c)| c).collect();
                    out.push((Span::new(chars[0].0, stop), Some(spelled)));
                }
            }
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn words_with_other_characters_scan_in_parts_as_the_whole_range_does() {
        let text =
            "Iran\u{2019}s envoy met \u{201C}Mr Musk\u{201D} in S\u{E3}o Paulo \u{2014} the \
                    caf\u{E9}\u{2019}s na\u{EF}ve U.S. plan, soft\u{AD}ly z\u{200B}ero 1,250.5 \
                    don\u{2019}t boss\u{2019} call; \u{420}\u{43E}\u{441}\u{441}\u{438}\u{44F}'s \
                    \u{6771}\u{4EAC} it's end\u{2019}s प्रधानमंत्री ने कहा นายกรัฐมนตรีกล่าวว่า ｶﾞｽ";
        let whole = Span::new(0, text.len());
        let mut kinds = Vec::new();
        let _ = each_part(text.as_bytes(), whole, |_, ascii| {
            kinds.push(ascii);
            ControlFlow::Continue(())
        });
        assert!(kinds.contains(&true) && kinds.contains(&false));
        // The whole text, and ranges cut at character boundaries inside words and gaps.
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        let ranges = cuts.iter().zip(cuts.iter().skip(7)).map(|(&a, &b)| Span::new(a, b));
        for range in std::iter::once(whole).chain(ranges) {
            let parts = scanned(text, range, in_parts);
            assert_eq!(parts, scanned(text, range, by_chars), "{}", range.slice(text));
        }
    }

    #[test]
    fn ascii_bytes_scan_as_characters_do() {
        let text = "The U.N. said 1,250.5 and 3.5 don't; it's the boss' call, Mr O'Neil's \
                    a.m. U.S.A x'y 'tis '' 7s' rock'n'roll A.B.C.D e.g 5,a a,5 NASA'S end's";
        // The whole text, and ranges cut inside tokens and connectors.
        let ranges = [(0, text.len()), (5, 60), (6, 71), (20, 98), (97, 122), (1, text.len() - 2)];
        for (start, end) in ranges {
            let range = Span::new(start, end);
            let bytes = scanned(text, range, by_bytes);
            assert_eq!(bytes, scanned(text, range, by_chars), "{}", range.slice(text));
            assert!(bytes.iter().any(|(_, chars)| chars.is_some()), "{}", range.slice(text));
        }
    }

    #[test]
    fn token_spans_match_the_tokens() {
        let texts = [
            "Iran’s envoy met “Mr Musk” at 3.5 p.m. in the U.S. on Oct. 14, 2025.",
            "The pro\u{00AD}gramme's co\u{200B}st: 1,200 dollars; it's the boss' call.",
            "Оfficials in Аthens said \u{0301}\u{0345} ... , . ' café naïve ﬁnance \u{0345}\u{0345}",
            "Zero\u{200B} width\u{200D} ' joiners '' and 'quotes' x'y 'tis",
            "प्रधानमंत्री ने कहा। นายกรัฐมนตรีกล่าวว่า\u{200B}รัฐบาล ｶﾞｽ が e\u{0301}",
        ];
        for text in texts {
            let whole = Span::new(0, text.len());
            let spans: Vec<Span> = tokenize_range(text, whole).iter().map(|t| t.span).collect();
            assert_eq!(token_spans(text, whole), spans, "{text}");
            for limit in [0, 1, spans.len() / 2, spans.len(), spans.len() + 3] {
                let mut first = vec![Span::new(0, 0)];
                push_token_spans(text, whole, limit + 1, &mut first);
                let expected = &spans[..limit.min(spans.len())];
                assert_eq!(first[1..], *expected, "{limit} spans of {text}");
            }
        }
    }

    #[test]
    fn keeps_offsets_into_original() {
        let text = "Iran’s envoy met “Mr Musk”.";
        let tokens = tokenize(text);
        assert_eq!(folded(text), ["iran", "envoy", "met", "mr", "musk"]);
        for t in &tokens {
            assert!(text.is_char_boundary(t.span.start as usize));
            assert!(t.span.slice(text).to_lowercase().starts_with(&t.folded[..1]));
        }
        assert_eq!(tokens[0].span.slice(text), "Iran");
    }

    #[test]
    fn joins_acronyms_numbers_and_contractions() {
        assert_eq!(
            folded("the U.N. said 1,250 and 3.5 don't"),
            ["the", "un", "said", "1250", "and", "3.5", "dont"]
        );
        let un = &tokenize("the U.N. said")[1];
        assert!(un.acronym);
        assert_eq!(un.span.slice("the U.N. said"), "U.N");
    }

    #[test]
    fn defeats_invisible_and_lookalike_characters() {
        let text = "Mu\u{200B}sk met Irаn о\u{00AD}fficials";
        assert_eq!(folded("thа\u{2060}t'ѕ it"), ["that", "it"]);
        let tokens = tokenize(text);
        assert_eq!(folded(text), ["musk", "met", "iran", "officials"]);
        assert!(tokens[0].disguised && tokens[2].disguised && tokens[3].disguised);
        assert!(!tokens[1].disguised);
    }

    #[test]
    fn folds_compatibility_forms_and_accents() {
        assert_eq!(folded("ﬁnal Café ＵＮ"), ["final", "cafe", "un"]);
        assert_eq!(
            folded("cafe\u{0301} كَتَبَ"),
            folded("café كتب"),
            "accents and Arabic vowel signs"
        );
    }

    #[test]
    fn indic_words_keep_their_vowel_signs_and_viramas() {
        assert_eq!(
            folded("प्रधानमंत्री ने कहा कि सरकार की मदद"),
            ["प्रधानमंत्री", "ने", "कहा", "कि", "सरकार", "की", "मदद"]
        );
        assert_ne!(folded("की"), folded("के"), "two words, not one letter");
        assert_eq!(folded("প্রধানমন্ত্রী বলেছেন").len(), 2, "Bengali");
        assert_eq!(folded("முதலமைச்சர் கூறினார்").len(), 2, "Tamil");
    }

    #[test]
    fn thai_lao_burmese_and_khmer_runs_are_cut_into_words() {
        assert_eq!(
            folded("นายกรัฐมนตรีกล่าวว่ารัฐบาลจะช่วยเหลือเกษตรกร"),
            ["นายก", "รัฐมนตรี", "กล่าว", "ว่า", "รัฐบาล", "จะ", "ช่วย", "เหลือ", "เกษตรกร"]
        );
        assert_eq!(folded("iPhoneรุ่นใหม่ 2024"), ["iphone", "รุ่น", "ใหม่", "2024"]);
        assert_eq!(folded("ລັດຖະບານຈະຊ່ວຍເຫຼືອ").len(), 3, "Lao");
        assert_eq!(
            folded("អាជ្ញាធរបាននិយាយថារដ្ឋាភិបាលនឹងជួយ"),
            ["អាជ្ញាធរ", "បាន", "និយាយ", "ថា", "រដ្ឋាភិបាល", "នឹង", "ជួយ"],
            "Khmer"
        );
        assert_eq!(folded("အစိုးရကလယ်သမားများကိုကူညီမည်").len(), 7, "Burmese");
    }

    #[test]
    fn digits_of_other_scripts_are_numbers() {
        assert_eq!(folded("عام ٢٠٢٤ ۱۴۰۳ २०२४ ๒๕๖๗"), ["عام", "2024", "1403", "2024", "2567"]);
        assert_eq!(folded("٣٫٥ ٣,٥٠٠"), ["3.5", "3500"], "decimal and thousands separators");
        assert!(tokenize("قارب ١٤").iter().any(|t| t.shape == TokenShape::Number));
        assert_eq!(ascii_digit('\u{17E9}'), Some('9'));
        assert_eq!(ascii_digit('\u{0E5A}'), None, "a Thai sign past the digits");
    }

    #[test]
    fn kana_voicing_marks_fold_away_as_accents_do() {
        assert_eq!(folded("ガス"), folded("カス"));
        assert_eq!(folded("か\u{3099}す"), ["か", "す"], "a voicing mark written apart");
    }

    #[test]
    fn surface_ignores_disguises_but_not_edits() {
        assert_eq!(surface("Mr  Mu\u{200B}sk’s  Irаn"), surface("mr musk's iran"));
        assert_ne!(surface("the U.N. said"), surface("the UN said"));
        assert_ne!(surface("the programme"), surface("the program"));
        assert!(same_surface("Mr Musk said\nthe plan", "Mr  Musk said the plan"));
        assert!(same_surface("Mr Mu\u{200B}sk said", "mr musk said"));
        assert!(!same_surface("the U.N. said", "the UN said"));
        assert!(!same_surface("the plan", "the plan was"));
        assert!(same_surface("\u{200B} the plan", "the plan"), "a word that reads as nothing");
        assert!(!same_surface("the “plan”", "the plans"));
    }

    #[test]
    fn leaves_real_cyrillic_words_alone() {
        assert_eq!(folded("Москва"), ["москва"]);
        let russian = tokenize("Он сказал, что на складе не было людей");
        assert!(russian.iter().all(|t| !t.disguised), "{russian:?}");
        assert_eq!(russian[0].folded, "он");
        let latin = tokenize("Crews met the \u{0441}\u{043E} team");
        assert!(latin[3].disguised && latin[3].folded == "co", "a Latin text's short look-alike");
    }

    #[test]
    fn chinese_and_japanese_characters_are_tokens_of_their_own() {
        assert_eq!(folded("官员说，码头"), ["官", "员", "说", "码", "头"]);
        assert_eq!(folded("iPhone手机2024年"), ["iphone", "手", "机", "2024", "年"]);
        assert_eq!(folded("東京タワー"), ["東", "京", "タ", "ワ", "ー"]);
        assert_eq!(folded("码\u{200B}头"), ["码", "头"], "invisible characters between them");
        assert_eq!(folded("서울 시장").len(), 2, "Korean writes spaces between words");
    }
}
