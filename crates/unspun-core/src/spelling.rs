//! British and American spellings folded to one form before stemming ("programme" ->
//! "program", "organise" -> "organize", "centre" -> "center", "travelled" -> "traveled"), so a
//! house-style edit is not mistaken for a rewording.
//!
//! The rules only ever map a word to a form no other English word takes, so applying them to
//! both sides of a comparison can merge spelling variants but never two different words.

use std::borrow::Cow;

const WORD_PAIRS: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("pretence", "pretense"),
    ("grey", "gray"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("kerb", "curb"),
    ("aluminium", "aluminum"),
    ("whilst", "while"),
    ("amongst", "among"),
    ("cheque", "check"),
    ("plough", "plow"),
    ("manoeuvre", "maneuver"),
    ("sceptical", "skeptical"),
    ("enrol", "enroll"),
    ("fulfil", "fulfill"),
    ("jewellery", "jewelry"),
    ("mum", "mom"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("storey", "story"),
    ("storeys", "stories"),
    ("paediatric", "pediatric"),
    ("oestrogen", "estrogen"),
    ("haemorrhage", "hemorrhage"),
];

const OUR_EXCEPTIONS: &[&str] = &["devour", "detour", "contour", "paramour", "troubadour"];

/// The American spelling of a lowercase word, or the word itself.
pub fn americanize(word: &str) -> Cow<'_, str> {
    if let Some((_, american)) = WORD_PAIRS.iter().find(|(british, _)| *british == word) {
        return Cow::Borrowed(american);
    }
    for rule in [our_to_or, ise_to_ize, re_to_er, mme_to_m, ogue_to_og, double_l] {
        if let Some(american) = rule(word) {
            return Cow::Owned(american);
        }
    }
    Cow::Borrowed(word)
}

/// Splits `word` at the first of `suffixes` it ends with: (stem, suffix).
fn split_suffix<'w>(word: &'w str, suffixes: &[&'static str]) -> Option<(&'w str, &'static str)> {
    suffixes.iter().find_map(|s| word.strip_suffix(s).map(|stem| (stem, *s)))
}

/// colour -> color, honoured -> honored, neighbours -> neighbors.
fn our_to_or(word: &str) -> Option<String> {
    let (stem, suffix) =
        split_suffix(word, &["ourites", "ourite", "ouring", "oured", "ours", "our"])?;
    let consonant_before = stem.chars().last().is_some_and(|c| !"aeiou".contains(c));
    let root = format!("{stem}our");
    (stem.len() >= 3 && consonant_before && !OUR_EXCEPTIONS.contains(&root.as_str()))
        .then(|| format!("{stem}or{}", &suffix[3..]))
}

/// organise -> organize, analysed -> analyzed, organisation -> organization.
fn ise_to_ize(word: &str) -> Option<String> {
    let suffixes = ["isations", "isation", "ising", "ised", "ises", "ise", "yses", "ysed", "yse"];
    let (stem, suffix) = split_suffix(word, &suffixes)?;
    (stem.len() >= 3).then(|| format!("{stem}{}", suffix.replacen('s', "z", 1)))
}

/// centre -> center, theatres -> theaters, fibre -> fiber.
fn re_to_er(word: &str) -> Option<String> {
    let (stem, suffix) = split_suffix(word, &["tres", "tre", "bres", "bre"])?;
    let plural = if suffix.ends_with('s') { "s" } else { "" };
    (stem.len() >= 2).then(|| format!("{stem}{}er{plural}", &suffix[..1]))
}

/// programme -> program, programmes -> programs.
fn mme_to_m(word: &str) -> Option<String> {
    let (stem, suffix) = split_suffix(word, &["ammes", "amme"])?;
    Some(format!("{stem}am{}", if suffix.ends_with('s') { "s" } else { "" }))
}

/// catalogue -> catalog, dialogues -> dialogs.
fn ogue_to_og(word: &str) -> Option<String> {
    let (stem, suffix) = split_suffix(word, &["ogues", "ogue"])?;
    (stem.len() >= 3).then(|| format!("{stem}og{}", if suffix.ends_with('s') { "s" } else { "" }))
}

/// travelled -> traveled, cancelling -> canceling, councillor -> councilor.
fn double_l(word: &str) -> Option<String> {
    let suffixes =
        ["elled", "elling", "eller", "alled", "alling", "illors", "illor", "ellors", "ellor"];
    let (stem, suffix) = split_suffix(word, &suffixes)?;
    (stem.len() >= 3).then(|| format!("{stem}{}{}", &suffix[..2], &suffix[3..]))
}

#[cfg(test)]
mod tests {
    use super::americanize;

    #[test]
    fn folds_british_spellings() {
        for (british, american) in [
            ("colour", "color"),
            ("honoured", "honored"),
            ("neighbours", "neighbors"),
            ("organise", "organize"),
            ("organisation", "organization"),
            ("analysed", "analyzed"),
            ("centre", "center"),
            ("theatres", "theaters"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("catalogue", "catalog"),
            ("travelled", "traveled"),
            ("defence", "defense"),
            ("cancelling", "canceling"),
            ("councillors", "councilors"),
        ] {
            assert_eq!(americanize(british), american, "{british}");
        }
    }

    #[test]
    fn leaves_other_words_alone() {
        for word in ["four", "your", "hour", "devour", "called", "more", "store", "acre", "is"] {
            assert_eq!(americanize(word), word);
        }
    }
}
