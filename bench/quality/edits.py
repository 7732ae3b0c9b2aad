"""Story model and the non-spinning derivations: house edits, excerpts, hidden characters.

A story is a list of paragraphs; a paragraph is a list of `Unit`s. A unit is one sentence of a
derived story together with the indices of the source sentences it comes from, so every
derivation keeps the planted sentence mapping that truth.json reports as `alignments`.
"""

import dataclasses
import re

from textutil import paragraphs_of, split_sentences


@dataclasses.dataclass
class Unit:
    """One sentence of a story and the source sentence indices it was made from."""
    src: tuple
    text: str


def story_from_text(text):
    """Parse a base article's text into paragraphs of units numbered 0..n-1."""
    story, i = [], 0
    for p in paragraphs_of(text):
        para = []
        for s in split_sentences(p):
            para.append(Unit((i,), s))
            i += 1
        story.append(para)
    return story


def units(story):
    """All units of a story in reading order."""
    return [u for p in story for u in p]


def paragraph_texts(story):
    """Paragraph strings of a story."""
    return [" ".join(u.text for u in p) for p in story if p]


def regroup(unit_list, rng, sizes=(1, 2, 2, 3)):
    """Cut a flat list of units into paragraphs of 1-3 units."""
    story, i = [], 0
    while i < len(unit_list):
        n = rng.choice(sizes)
        story.append(unit_list[i:i + n])
        i += n
    return story


def alignment_pairs(source_story, copy_story):
    """Planted [source sentence, copy sentence] pairs for a derived story."""
    src = {u.src[0]: u.text for u in units(source_story)}
    return [[src[i], u.text] for u in units(copy_story) for i in u.src if i in src]


# ---------------------------------------------------------------- house edits

BRITISH = [
    ("program", "programme"), ("programs", "programmes"), ("organization", "organisation"),
    ("organizations", "organisations"), ("organize", "organise"), ("organized", "organised"),
    ("center", "centre"), ("centers", "centres"), ("color", "colour"), ("colors", "colours"),
    ("defense", "defence"), ("realize", "realise"), ("realized", "realised"),
    ("realizes", "realises"), ("labor", "labour"), ("favor", "favour"), ("favorable",
    "favourable"), ("honor", "honour"), ("honored", "honoured"), ("behavior", "behaviour"),
    ("neighbor", "neighbour"), ("neighbors", "neighbours"), ("harbor", "harbour"),
    ("analyze", "analyse"), ("recognize", "recognise"), ("recognized", "recognised"),
    ("recognizes", "recognises"), ("modernize", "modernise"), ("modernization",
    "modernisation"), ("authorize", "authorise"), ("authorized", "authorised"),
    ("authorization", "authorisation"), ("emphasize", "emphasise"), ("criticize",
    "criticise"), ("apologize", "apologise"), ("mobilize", "mobilise"), ("stabilize",
    "stabilise"), ("stabilization", "stabilisation"), ("utilize", "utilise"), ("minimize",
    "minimise"), ("maximize", "maximise"), ("characterize", "characterise"), ("theater",
    "theatre"), ("traveled", "travelled"), ("traveling", "travelling"), ("canceled",
    "cancelled"), ("fulfill", "fulfil"), ("enroll", "enrol"), ("endeavor", "endeavour"),
    ("vigor", "vigour"), ("license", "licence"), ("offense", "offence"), ("catalog",
    "catalogue"), ("dialog", "dialogue"), ("gray", "grey"), ("fiber", "fibre"), ("meter",
    "metre"), ("liter", "litre"), ("aluminum", "aluminium"), ("jewelry", "jewellery"),
    ("check", "cheque"), ("tire", "tyre"), ("plow", "plough"), ("mold", "mould"),
    ("armor", "armour"), ("rumor", "rumour"), ("humor", "humour"), ("savior", "saviour"),
    ("privatize", "privatise"), ("subsidize", "subsidise"), ("subsidized", "subsidised"),
    ("jeopardize", "jeopardise"), ("sympathize", "sympathise"), ("legalize", "legalise"),
    ("nationalize", "nationalise"), ("industrialized", "industrialised"),
]
BRITISH_MAP = {a: b for a, b in BRITISH}
_BRITISH_RE = re.compile(r"\b(" + "|".join(sorted(BRITISH_MAP, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)

ABBREVIATIONS = [("U.S.", "US"), ("U.N.", "UN"), ("U.K.", "UK"), ("Mr.", "Mr"), ("Mrs.", "Mrs"),
                 ("Dr.", "Dr"), ("St.", "St"), ("United States", "US"),
                 ("United Nations", "UN")]

NOT_FIRST_NAMES = set("""The This That These Those United New North South East West American
Federal National Congress Senate House Supreme Soviet Union States Government President Vice
Secretary General Great Middle Far Near World War Social Security Civil Rights January February
March April May June July August September October November December Monday Tuesday Wednesday
Thursday Friday Saturday Sunday In On At For And But If When While As Our We It Its His Her Their
Mr Mrs Ms Dr Mr. Mrs. Dr. Governor Senator Speaker Chief Justice Department State Army Navy Air
Marine Corps Coast Guard Atlantic Pacific Latin Western Eastern Southern Northern European Asian
African Republic Democratic Republican Communist Free Lord Saint Lake Mount Fort Cape San Los
Panama Canal Red Cross Home Land Labor Farm Bureau Board Commission Committee Council Act Bill
Treasury Reserve Bank Tennessee Valley Authority Peace Corps Medicare Medicaid Today Yesterday
""".split())


def _case_like(template, word):
    """Give `word` the capitalisation pattern of `template`."""
    if template.isupper():
        return word.upper()
    if template[0].isupper():
        return word[0].upper() + word[1:]
    return word


def british_spelling(text):
    """Replace American spellings from BRITISH with British ones, keeping case."""
    return _BRITISH_RE.sub(lambda m: _case_like(m.group(0), BRITISH_MAP[m.group(0).lower()]),
                           text)


def has_british_targets(story):
    """Whether british_spelling would change anything in the story."""
    return any(_BRITISH_RE.search(u.text) for u in units(story))


def swap_abbreviations(text, to_undotted=True):
    """'U.S.' -> 'US', 'United States' -> 'US', 'Mr.' -> 'Mr' (or 'US' -> 'U.S.' etc.)."""
    for dotted, plain in ABBREVIATIONS:
        if to_undotted:
            text = text.replace(dotted, plain)
        elif dotted in ("U.S.", "U.N.", "U.K."):
            text = re.sub(rf"\b{plain}\b", dotted, text)
    return text


def person_names(story):
    """Capitalised bigrams that look like 'First Last' person names."""
    names = {}
    for u in units(story):
        for m in re.finditer(r"\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b", u.text):
            first, last = m.group(1), m.group(2)
            if first in NOT_FIRST_NAMES or last in NOT_FIRST_NAMES:
                continue
            names.setdefault(last, first)
    return names


def add_honorifics(story, names):
    """'Mr Rayburn' for 'Rayburn' on second and later references; returns edit count."""
    count = 0
    for last, first in names.items():
        seen = False
        for u in units(story):
            def repl(m):
                nonlocal seen, count
                start = m.start()
                before = u.text[max(0, start - len(first) - 1):start]
                prefix = u.text[max(0, start - 12):start]
                if before == first + " " or re.search(r"(Mr\.?|Mrs\.?|Ms\.?|Dr\.?|President|"
                                                       r"Senator|Governor|General) $", prefix):
                    seen = True
                    return m.group(0)
                if not seen:
                    seen = True
                    return m.group(0)
                count += 1
                return "Mr " + last
            u.text = re.sub(rf"\b{last}\b", repl, u.text)
    return count


def edit_all_units(story, fn):
    """Apply a text function to every unit of the story, in place."""
    for u in units(story):
        u.text = fn(u.text)


HEADLINE_TEMPLATES = [
    "{a} and {b} top {who}'s agenda",
    "{who} sets out plans on {a}, {b}",
    "What {who} said about {a} and {b}",
    "{a}: {who} calls for action on {b}",
    "{who} speech focuses on {a}",
]


def changed_headline(title, rng):
    """A different headline for the same story, built from the words of the original."""
    m = re.match(r"(.+?) on (\w+), (\w+) and (\w+)$", title)
    if not m:
        return "In full: " + title
    who, a, b, c = m.groups()
    a, b = rng.sample([a, b, c], 2)
    return rng.choice(HEADLINE_TEMPLATES).format(who=who, a=a, b=b.lower())


def near_duplicate(story, title, rng, filler):
    """House-edited copy: returns (story, title, list of edit names). `filler()` gives new
    sentences for an added paragraph."""
    story = [[Unit(u.src, u.text) for u in p] for p in story]
    options = ["abbreviations", "headline", "drop_paragraph", "add_paragraph"]
    if has_british_targets(story):
        options += ["british", "british"]
    names = person_names(story)
    if names:
        options += ["honorifics", "honorifics"]
    k = rng.randint(2, min(4, len(options)))
    chosen = []
    for e in rng.sample(options, len(options)):
        if e not in chosen:
            chosen.append(e)
        if len(chosen) == k:
            break
    before = paragraph_texts(story)
    if "british" in chosen:
        edit_all_units(story, british_spelling)
    if "abbreviations" in chosen:
        snapshot = paragraph_texts(story)
        edit_all_units(story, swap_abbreviations)
        if paragraph_texts(story) == snapshot:
            chosen.remove("abbreviations")
    if "honorifics" in chosen and add_honorifics(story, names) == 0:
        chosen.remove("honorifics")
    if "headline" in chosen:
        title = changed_headline(title, rng)
    if "drop_paragraph" in chosen and len(story) > 3:
        del story[rng.randrange(1, len(story))]
    elif "drop_paragraph" in chosen:
        chosen.remove("drop_paragraph")
    if "add_paragraph" not in chosen and paragraph_texts(story) == before:
        chosen.append("add_paragraph")  # every near-duplicate differs in its body
    if "add_paragraph" in chosen:
        new = [Unit((), s) for s in filler(rng.randint(1, 2))]
        story.insert(rng.randint(1, len(story)), new)
    return story, title, sorted(chosen)


# ---------------------------------------------------------------- excerpts

def excerpt(story, rng, filler):
    """Excerpt of 20-60% of the sentences, maybe reordered, maybe with new sentences."""
    flat = units(story)
    n = len(flat)
    share = rng.uniform(0.2, 0.6)
    k = max(3, min(n - 1, round(share * n)))
    if rng.random() < 0.5:
        start = rng.randint(0, n - k)
        picked = flat[start:start + k]
        mode = "contiguous"
    else:
        picked = [flat[i] for i in sorted(rng.sample(range(n), k))]
        mode = "scattered"
    picked = [Unit(u.src, u.text) for u in picked]
    reordered = rng.random() < 0.3
    if reordered:
        i, j = rng.sample(range(len(picked)), 2)
        picked[i], picked[j] = picked[j], picked[i]
    added = 0
    if rng.random() < 0.5:
        added = rng.randint(1, 3)
        for s in filler(added):
            picked.insert(rng.randint(1, len(picked)), Unit((), s))
    params = {"share": round(k / n, 3), "mode": mode, "reordered": reordered,
              "added_sentences": added}
    return regroup(picked, rng), params


# ---------------------------------------------------------------- hidden characters

HOMOGLYPHS = {
    "a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440", "x": "\u0445",
    "y": "\u0443", "i": "\u0456", "s": "\u0455", "j": "\u0458", "A": "\u0391", "B": "\u0392",
    "E": "\u0395", "H": "\u0397", "K": "\u039a", "M": "\u039c", "O": "\u039f", "P": "\u03a1",
    "T": "\u03a4", "X": "\u03a7", "C": "\u0421", "v": "\u03bd",
}
INVISIBLE = ["\u200b", "\u200c", "\u2060"]
SOFT_HYPHEN = "\u00ad"


def obfuscate_word(word, rng, glyph_p, invisible_p, shy_p):
    """Disguise one word with look-alike letters, zero-width characters or a soft hyphen."""
    chars = list(word)
    if rng.random() < glyph_p:
        spots = [i for i, ch in enumerate(chars) if ch in HOMOGLYPHS]
        for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
            chars[i] = HOMOGLYPHS[chars[i]]
    if len(chars) > 3 and rng.random() < invisible_p:
        i = rng.randint(1, len(chars) - 1)
        chars.insert(i, rng.choice(INVISIBLE))
    if len(chars) > 6 and rng.random() < shy_p:
        i = rng.randint(2, len(chars) - 2)
        chars.insert(i, SOFT_HYPHEN)
    return "".join(chars)


def obfuscate(story, rng):
    """Adversarial copy of a story; returns (story, parameters)."""
    glyph_p = rng.uniform(0.1, 0.35)
    invisible_p = rng.uniform(0.05, 0.2)
    shy_p = rng.uniform(0.03, 0.12)
    out = []
    for p in story:
        para = []
        for u in p:
            text = re.sub(r"[A-Za-z]+", lambda m: obfuscate_word(m.group(0), rng, glyph_p,
                                                                invisible_p, shy_p), u.text)
            para.append(Unit(u.src, text))
        out.append(para)
    params = {"homoglyph_rate": round(glyph_p, 3), "zero_width_rate": round(invisible_p, 3),
              "soft_hyphen_rate": round(shy_p, 3)}
    return out, params
