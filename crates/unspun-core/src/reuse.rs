//! The results unspun reports: reuse pairs with their aligned passages, and reuse families.
//! These are plain serialisable data; writing them out is `unspun-report`'s job.

use serde::{Deserialize, Serialize, Serializer};

/// How one document reuses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same story text, word for word (boilerplate aside).
    Verbatim,
    /// The same story with light house edits: honorifics, spelling, a paragraph dropped or added.
    NearDuplicate,
    /// The story reworded sentence by sentence: synonyms, reordered clauses, merged sentences.
    Spun,
    /// Part of the story (a subset of its sentences), possibly with new text around it.
    Excerpt,
}

impl Relation {
    /// All relations, in report order.
    pub const ALL: [Relation; 4] =
        [Relation::Verbatim, Relation::NearDuplicate, Relation::Spun, Relation::Excerpt];

    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Verbatim => "verbatim",
            Relation::NearDuplicate => "near_duplicate",
            Relation::Spun => "spun",
            Relation::Excerpt => "excerpt",
        }
    }
}

/// A finding about a pair, reported in `flags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A direct quote reads differently in the two documents.
    AlteredQuote,
    /// A number in an aligned sentence was changed.
    ChangedNumber,
    /// Aligned sentences appear in a different order.
    Reordered,
    /// A document hides invisible characters or look-alike letters inside words.
    HiddenCharacters,
    /// Each document carries edits the other lacks (one a house's restyling, the other a
    /// spinner's wording): both likely copy a third text, so no source is named.
    CommonOriginal,
}

impl Flag {
    /// All flags, in the order a [`FlagSet`] lists them: each at its [`Flag::place`].
    const ALL: [Flag; 5] = [
        Flag::AlteredQuote,
        Flag::ChangedNumber,
        Flag::Reordered,
        Flag::HiddenCharacters,
        Flag::CommonOriginal,
    ];

    /// The flag's place in [`Flag::ALL`] (a flag added to the enum is refused here until it
    /// has one).
    fn place(self) -> u8 {
        match self {
            Flag::AlteredQuote => 0,
            Flag::ChangedNumber => 1,
            Flag::Reordered => 2,
            Flag::HiddenCharacters => 3,
            Flag::CommonOriginal => 4,
        }
    }

    fn bit(self) -> u8 {
        1 << self.place()
    }
}

/// A set of [`Flag`]s in one byte (a scan holds millions of passages), written as the list
/// of their names in [`Flag`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagSet(u8);

impl FlagSet {
    /// Adds a flag.
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }

    /// Whether the set holds `flag`.
    pub fn contains(self, flag: Flag) -> bool {
        self.0 & flag.bit() != 0
    }

    /// Whether the set holds no flag.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags, in [`Flag`] order.
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |&flag| self.contains(flag))
    }
}

impl FromIterator<Flag> for FlagSet {
    fn from_iter<I: IntoIterator<Item = Flag>>(flags: I) -> Self {
        let mut set = FlagSet::default();
        flags.into_iter().for_each(|flag| set.insert(flag));
        set
    }
}

impl Serialize for FlagSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for FlagSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Flag>::deserialize(deserializer)?.into_iter().collect())
    }
}

/// One aligned unit of text: byte ranges in both documents and the word-level evidence.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "PassageRecord")]
pub struct Passage {
    /// `[start, end)` byte offsets in document a's original text.
    pub a: [u32; 2],
    /// `[start, end)` byte offsets in document b's original text.
    pub b: [u32; 2],
    /// Sentence similarity, 0 to 1.
    pub similarity: f32,
    /// Wording replaced between the two: `[text in a, text in b]`.
    pub substitutions: Vec<[String; 2]>,
    /// Wording each side holds where the other has nothing in its place (a clause one side
    /// added or dropped), each in its side's order: `[in a, in b]`. `None` when neither side
    /// has any, as in most passages: a large scan holds millions of them. Read it with
    /// [`Passage::only_in_a`] and [`Passage::only_in_b`].
    pub one_sided: Option<Box<[Vec<String>; 2]>>,
    /// Findings within this passage.
    pub flags: FlagSet,
}

impl Passage {
    /// Wording of a that b has nothing in place of (what b dropped, or a added).
    pub fn only_in_a(&self) -> &[String] {
        self.one_sided.as_ref().map_or(&[], |sides| &sides[0])
    }

    /// Wording of b that a has nothing in place of.
    pub fn only_in_b(&self) -> &[String] {
        self.one_sided.as_ref().map_or(&[], |sides| &sides[1])
    }

    /// The [`Passage::one_sided`] field holding the given wording of each side.
    pub fn one_sided_from(
        only_in_a: Vec<String>,
        only_in_b: Vec<String>,
    ) -> Option<Box<[Vec<String>; 2]>> {
        (!only_in_a.is_empty() || !only_in_b.is_empty()).then(|| Box::new([only_in_a, only_in_b]))
    }
}

/// A passage as written: the one-sided wording under `only_in_a` and `only_in_b`, each left
/// out when empty.
#[derive(Serialize)]
struct PassageView<'p> {
    a: [u32; 2],
    b: [u32; 2],
    #[serde(serialize_with = "rounded")]
    similarity: f32,
    substitutions: &'p [[String; 2]],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    only_in_a: &'p [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    only_in_b: &'p [String],
    flags: FlagSet,
}

impl Serialize for Passage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = PassageView {
            a: self.a,
            b: self.b,
            similarity: self.similarity,
            substitutions: &self.substitutions,
            only_in_a: self.only_in_a(),
            only_in_b: self.only_in_b(),
            flags: self.flags,
        };
        view.serialize(serializer)
    }
}

/// A passage as read back: written without one-sided wording (before it was reported, or
/// when there is none), it has none.
#[derive(Deserialize)]
struct PassageRecord {
    a: [u32; 2],
    b: [u32; 2],
    similarity: f32,
    substitutions: Vec<[String; 2]>,
    #[serde(default)]
    only_in_a: Vec<String>,
    #[serde(default)]
    only_in_b: Vec<String>,
    flags: FlagSet,
}

impl From<PassageRecord> for Passage {
    fn from(record: PassageRecord) -> Self {
        Passage {
            a: record.a,
            b: record.b,
            similarity: record.similarity,
            substitutions: record.substitutions,
            one_sided: Passage::one_sided_from(record.only_in_a, record.only_in_b),
            flags: record.flags,
        }
    }
}

/// A reported pair of documents that share reused text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReusePair {
    /// Id of the first document (the smaller id).
    pub a: String,
    /// Id of the second document.
    pub b: String,
    /// How the text was reused.
    pub relation: Relation,
    /// Strength of the reuse evidence, 0 to 1.
    #[serde(serialize_with = "rounded")]
    pub score: f32,
    /// Id of the likely original, when the evidence points one way.
    pub source: Option<String>,
    /// Confidence in `source`, 0 to 1 (0.5: no evidence either way).
    #[serde(serialize_with = "rounded")]
    pub source_confidence: f32,
    /// Share of a's story text inside aligned passages.
    #[serde(serialize_with = "rounded")]
    pub coverage_a: f32,
    /// Share of b's story text inside aligned passages.
    #[serde(serialize_with = "rounded")]
    pub coverage_b: f32,
    /// Number of aligned sentence units.
    pub aligned_sentences: usize,
    /// The aligned units, in document a's order.
    pub passages: Vec<Passage>,
    /// Findings over the whole pair.
    pub flags: Vec<Flag>,
    /// `[start, end)` byte ranges of a's story text (boilerplate left out) that no passage
    /// covers, adjacent sentences joined: what a holds and b has no counterpart for (what b
    /// dropped, or a added). Pairs stored before it was reported read back with none.
    #[serde(default)]
    pub unaligned_a: Vec<[u32; 2]>,
    /// The same for b.
    #[serde(default)]
    pub unaligned_b: Vec<[u32; 2]>,
}

/// A reuse family: documents connected by reported pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    /// Family number, from 1, in order of the smallest member id.
    pub cluster: usize,
    /// Member ids, sorted.
    pub members: Vec<String>,
    /// The member most likely to be the original.
    pub source: Option<String>,
    /// Members that tell the source's story word for word with nothing to order them against
    /// it (no dates, no credit line): any of them may be the original. Sorted.
    #[serde(default)]
    pub source_twins: Vec<String>,
}

/// Serialises a score with three decimals, so output is stable and readable.
fn rounded<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((f64::from(*value) * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_sets_list_their_flags_in_flag_order_and_read_back() {
        let set: FlagSet =
            [Flag::CommonOriginal, Flag::AlteredQuote, Flag::AlteredQuote].into_iter().collect();
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(json, r#"["altered_quote","common_original"]"#);
        assert_eq!(serde_json::from_str::<FlagSet>(&json).unwrap(), set);
        assert!(set.contains(Flag::CommonOriginal) && !set.contains(Flag::Reordered));
        assert!(FlagSet::default().is_empty() && !set.is_empty());
        assert_eq!(std::mem::size_of::<FlagSet>(), 1);
        for (place, flag) in Flag::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(flag.place()), place, "{flag:?}");
        }
    }
}
