"""Article spinner: WordNet synonym substitution with inflection, plus sentence rewording.

Synonyms come from Debian's `wordnet-base` (WordNet 3.0 files under /usr/share/wordnet), read
directly; inflection from PyPI `lemminflect`. A word's part of speech is taken from
lemminflect's lexicon and, when that is ambiguous, from its neighbours (a determiner before it
makes it a noun, a modal or "to" a verb, and so on); words whose part of speech stays unclear
are left alone. The replacement is drawn at random among single-word synonyms of the word's
three most frequent senses; a loose spinner (`Spinner(loose=True)`, the generator's
`--loose-spin`) draws from every sense and takes multi-word synonyms too ("take care of" for
"mind", "set up" for "found"), as cruder spinners and thesauri do.

Sentence-level rewording: clauses swapped around a comma or "said", sentences merged or split,
words inserted or dropped, a word inside a direct quote replaced, a number changed.
"""

import os
import re

import lemminflect

from edits import Unit, units
from textutil import STOPWORDS

WORDNET_DIR = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")
WN_POS = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}
DETERMINERS = set("the a an this that these those his her its our their my your every each "
                  "no any some such another whose all both either neither".split())
MODALS = set("will would can could shall should may might must".split())
SUBJECTS = set("i we you they he she it who".split())
AUX = set("is are was were be been being has have had".split())
PREPOSITIONS = set("of in for with on by from about into through over under against among "
                   "between during without within upon toward towards across".split())
INTENSIFIERS = set("very more most so too less least quite rather".split())
DROPPABLE = ["very", "also", "really", "just", "still", "now", "even", "only", "indeed",
             "certainly", "clearly", "already", "further", "truly", "fully", "simply",
             "particularly", "now"]
INSERTABLE = ["also", "now", "still", "certainly", "clearly", "indeed"]
OPENERS = ["Indeed, ", "Moreover, ", "In fact, ", "Notably, "]
NUMBER_WORDS = set("""hundred thousand million billion trillion dozen percent half quarter
twice once""".split())
TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|[^A-Za-z]+")
YEAR = re.compile(r"^(1[6-9]\d\d|20[0-4]\d)$")


class WordNet:
    """Minimal reader for WordNet 3.0 index.* and data.* files."""

    def __init__(self, root=WORDNET_DIR):
        """Load the four parts of speech from `root`."""
        if not os.path.exists(os.path.join(root, "index.noun")):
            raise SystemExit(f"WordNet not found in {root}: apt-get install wordnet-base")
        self.index, self.synsets = {}, {}
        for pos in WN_POS.values():
            self.index[pos] = self._read_index(os.path.join(root, f"index.{pos}"))
            self.synsets[pos] = self._read_data(os.path.join(root, f"data.{pos}"))

    @staticmethod
    def _read_index(path):
        """lemma -> synset offsets, most frequent sense first."""
        out = {}
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                parts = line.split()
                p_cnt = int(parts[3])
                offsets = parts[4 + p_cnt + 2:]
                out[parts[0]] = offsets
        return out

    @staticmethod
    def _read_data(path):
        """offset -> (words, offsets of 'similar to' head synsets)."""
        out = {}
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                parts = line.split(" | ")[0].split()
                w_cnt = int(parts[3], 16)
                words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]) for i in range(w_cnt)]
                i = 4 + 2 * w_cnt
                p_cnt = int(parts[i])
                similar = [parts[i + 1 + 4 * k + 1] for k in range(p_cnt)
                           if parts[i + 1 + 4 * k] == "&"]
                out[parts[0]] = (words, similar)
        return out

    def synonyms(self, lemma, upos, senses=3, phrases=False):
        """Single-word synonyms of `lemma` in its `senses` most frequent senses (all senses
        when `senses` is None); with `phrases`, multi-word ones too, words joined by "_"."""
        pos = WN_POS[upos]
        found = []
        for off in self.index[pos].get(lemma.lower(), [])[:senses]:
            words, similar = self.synsets[pos].get(off, ([], []))
            pool = list(words)
            if pos == "adj":
                for s in similar[:2]:
                    pool += self.synsets[pos].get(s, ([], []))[0]
            for w in pool:
                if phrases and "_" in w and w.replace("_", "").isalpha() and w.islower() \
                        and w.split("_")[0] != lemma and w not in found:
                    found.append(w)
                elif (w.isalpha() and w.islower() and len(w) >= 3 and w != lemma
                        and w not in found and w not in STOPWORDS
                        and not spelling_variant(w, lemma) and is_lemma(w, upos)):
                    found.append(w)
        return found


def spelling_variant(a, b):
    """Whether two words differ only by British/American spelling ('defence', 'defense')."""
    def fold(w):
        for x, y in (("isation", "ization"), ("ise", "ize"), ("yse", "yze"), ("our", "or"),
                     ("ence", "ense"), ("ll", "l"), ("tre", "ter"), ("ogue", "og")):
            w = w.replace(x, y)
        return w
    return fold(a) == fold(b)


def is_lemma(word, upos):
    """Whether `word` is its own lemma for `upos` (not a plural or past form), or unknown."""
    lemmas = lemminflect.getAllLemmas(word).get(upos)
    return not lemmas or word in lemmas


def content_pos(word):
    """Content parts of speech lemminflect knows for a word form, with their lemmas."""
    lem = lemminflect.getAllLemmas(word.lower())
    return {p: v[0] for p, v in lem.items() if p in WN_POS}


def resolve_pos(words, i):
    """Part of speech of words[i] from the lexicon and its neighbours, or None."""
    poss = content_pos(words[i])
    if len(poss) <= 1:
        return next(iter(poss), None)
    prev = words[i - 1].lower() if i > 0 else ""
    prev2 = words[i - 2].lower() if i > 1 else ""
    word = words[i].lower()
    if prev in DETERMINERS or prev in PREPOSITIONS:
        nxt = content_pos(words[i + 1]) if i + 1 < len(words) else {}
        if "ADJ" in poss and set(nxt) == {"NOUN"}:
            return "ADJ"
        return "NOUN" if "NOUN" in poss else None
    if (prev == "to" or prev in MODALS or prev in SUBJECTS
            or (prev == "not" and prev2 in MODALS | AUX)) and "VERB" in poss:
        return "VERB"
    if prev in INTENSIFIERS and "ADJ" in poss:
        return "ADJ"
    if word.endswith("ly") and "ADV" in poss:
        return "ADV"
    if prev in AUX and word.endswith(("ed", "en", "ing")) and "VERB" in poss:
        return "VERB"
    return None


def penn_tag(word, upos, lemma, prev):
    """Penn tag of a word form given its part of speech and lemma."""
    w = word.lower()
    if upos == "NOUN":
        return "NNS" if w != lemma and w in lemminflect.getInflection(lemma, "NNS") else "NN"
    if upos == "ADJ":
        for tag in ("JJR", "JJS"):
            if w in lemminflect.getInflection(lemma, tag):
                return tag
        return "JJ"
    if upos == "ADV":
        return "RB"
    tags = [t for t in ("VBD", "VBN", "VBG", "VBZ") if w in lemminflect.getInflection(lemma, t)]
    if "VBD" in tags and "VBN" in tags:
        return "VBN" if prev in AUX else "VBD"
    return tags[0] if tags else "VB"


def inflect(lemma, tag):
    """Inflected form of `lemma` for a Penn tag, or None."""
    if tag in ("NN", "JJ", "RB", "VB"):
        return lemma
    forms = lemminflect.getInflection(lemma, tag)
    return forms[0] if forms else None


def inflect_phrase(words, tag, upos):
    """A synonym of one or more words inflected for a Penn tag: a verb phrase inflects its
    first word ("took care of"), any other its last ("office buildings"); None if it cannot."""
    head = 0 if upos == "VERB" else len(words) - 1
    form = inflect(words[head], tag)
    if form is None:
        return None
    return " ".join(words[:head] + [form] + words[head + 1:])


def match_case(template, word):
    """Capitalise `word` like `template`."""
    return word[0].upper() + word[1:] if template[:1].isupper() else word


def quote_mask(text):
    """Set of character offsets that lie inside a direct quotation."""
    mask = set()
    for m in re.finditer(r"\"[^\"]+\"|\u201c[^\u201d]+\u201d", text):
        mask.update(range(m.start(), m.end()))
    return mask


def hyphenated(text, start, length):
    """Whether the word at text[start:start+length] is part of a hyphenated compound."""
    return text[start - 1:start] == "-" or text[start + length:start + length + 1] == "-"


class Spinner:
    """Rewrites stories at a given synonym rate; holds the WordNet tables."""

    def __init__(self, wordnet=None, loose=False):
        """Use `wordnet` or load it from WORDNET_DIR; `loose` draws from every sense and takes
        multi-word synonyms."""
        self.wn = wordnet or WordNet()
        self.loose = loose

    # ------------------------------------------------------------ word level

    def replacement(self, words, i, rng):
        """A random inflected synonym for words[i], or None."""
        upos = resolve_pos(words, i)
        if upos is None:
            return None
        lemma = content_pos(words[i]).get(upos)
        if lemma is None:
            return None
        tag = penn_tag(words[i], upos, lemma, words[i - 1].lower() if i else "")
        if self.loose:
            cands = self.wn.synonyms(lemma, upos, senses=None, phrases=True)
        else:
            cands = self.wn.synonyms(lemma, upos)
        rng.shuffle(cands)
        for c in cands:
            form = inflect_phrase(c.split("_"), tag, upos)
            if form and form.lower() != words[i].lower() and form.replace(" ", "").isalpha():
                return match_case(words[i], form)
        return None

    @staticmethod
    def candidates(text):
        """Indices (into the word list) of lowercase content words outside quotes."""
        tokens = TOKEN.findall(text)
        mask = quote_mask(text)
        pos, offs, words, word_tok = 0, [], [], []
        for t_i, t in enumerate(tokens):
            if t[0].isalpha():
                words.append(t)
                offs.append(pos)
                word_tok.append(t_i)
            pos += len(t)
        content = []
        for i, w in enumerate(words):
            lw = w.lower()
            if lw in STOPWORDS or lw in NUMBER_WORDS or len(lw) < 3 or offs[i] in mask \
                    or "'" in w or hyphenated(text, offs[i], len(w)):
                continue
            if w[0].isupper():
                continue
            if content_pos(w):
                content.append(i)
        return tokens, words, word_tok, content

    def substitute(self, story, rate, rng):
        """Replace `rate` of the story's content words by synonyms; returns (done, total)."""
        slots = []
        parsed = {}
        for u_i, u in enumerate(units(story)):
            tokens, words, word_tok, content = self.candidates(u.text)
            parsed[u_i] = (u, tokens, words, word_tok)
            slots += [(u_i, i) for i in content]
        target = round(rate * len(slots))
        rng.shuffle(slots)
        done = 0
        changed = set()
        for u_i, i in slots:
            if done >= target:
                break
            u, tokens, words, word_tok = parsed[u_i]
            new = self.replacement(words, i, rng)
            if new:
                tokens[word_tok[i]] = new
                done += 1
                changed.add(u_i)
        for u_i in changed:
            u, tokens, _, _ = parsed[u_i]
            u.text = "".join(tokens)
        return done, len(slots)

    def change_quote(self, story, rng):
        """Replace one content word inside a direct quote; True if done."""
        quoted = [u for u in units(story) if quote_mask(u.text)]
        rng.shuffle(quoted)
        for u in quoted:
            tokens = TOKEN.findall(u.text)
            mask = quote_mask(u.text)
            pos, inside, words, word_tok = 0, [], [], []
            for t_i, t in enumerate(tokens):
                if t[0].isalpha():
                    if pos in mask and t.lower() not in STOPWORDS and len(t) > 3:
                        inside.append(len(words))
                    words.append(t)
                    word_tok.append(t_i)
                pos += len(t)
            rng.shuffle(inside)
            for i in inside:
                new = self.replacement(words, i, rng)
                if new:
                    tokens[word_tok[i]] = new
                    u.text = "".join(tokens)
                    return True
        return False


# ---------------------------------------------------------------- sentence level

def _lower_first(text):
    """Lowercase the first letter unless the first word looks like a name or 'I'."""
    first = re.sub(r"[^A-Za-z]", "", text.split()[0]) if text.split() else ""
    if first in ("I", "") or first.isupper():
        return text
    known = first.lower() in STOPWORDS or lemminflect.getAllLemmas(first.lower())
    return text[0].lower() + text[1:] if known else text


def _upper_first(text):
    """Uppercase the first letter."""
    return text[:1].upper() + text[1:]


SUBORDINATE = re.compile(r"^(When|If|Although|Though|Because|After|While|As|Since|Before|"
                         r"Unless|Once|Until|During|In|Under|For|With|Over|Through|At) "
                         r"([^,]{6,60}), (.{20,})([.!?])$")
SAID_FRONT = re.compile(r"^(.{3,50}?) (said|says|stated|noted|added|warned|announced|reported)"
                        r" (?:that )?(.{20,})([.!?])$")
SAID_BACK = re.compile(r"^(.{20,}), ((?:[A-Za-z.]+ ){0,3}[A-Za-z.]+) (said|says)([.!?])$")


def swap_clauses(text):
    """Move a fronted clause behind the main clause, or swap around 'said'; None if no fit."""
    m = SUBORDINATE.match(text)
    if m and not m.group(3).startswith(("and ", "but ", "or ")):
        sub, rest, main, end = m.groups()
        return f"{_upper_first(main)} {sub.lower()} {rest}{end}"
    m = SAID_BACK.match(text)
    if m:
        what, who, verb, end = m.groups()
        return f"{_upper_first(who)} {verb} {_lower_first(what)}{end}"
    m = SAID_FRONT.match(text)
    if m and '"' not in m.group(1):
        who, verb, what, end = m.groups()
        return f"{_upper_first(what)}, {_lower_first(who)} {verb}{end}"
    return None


def split_sentence(text):
    """Split at '; ' or ', and' / ', but' into two sentences; None if no fit."""
    for sep, lead in (("; ", ""), (", and ", "And "), (", but ", "But ")):
        i = text.find(sep)
        if i > 0:
            a, b = text[:i], text[i + len(sep):]
            if len(a.split()) >= 6 and len(b.split()) >= 6 and '"' not in text:
                return a.rstrip(",;") + ".", (lead + b if lead else _upper_first(b))
    return None


def merge_sentences(a, b):
    """Join two sentences with ', and'."""
    return a.rstrip(".!? ") + ", and " + _lower_first(b)


def insert_word(text, rng):
    """Insert an adverb after the first auxiliary, or an opener; returns the new text."""
    m = re.search(r"\b(is|are|was|were|will|would|has|have|had|can|could|should|must)\b ", text)
    if m and rng.random() < 0.7:
        return text[:m.end()] + rng.choice(INSERTABLE) + " " + text[m.end():]
    return rng.choice(OPENERS) + _lower_first(text)


def drop_word(text):
    """Drop one droppable adverb, else one '-ly' adverb; None if nothing to drop."""
    for w in DROPPABLE:
        m = re.search(rf"\b{w}\b ", text)
        if m and m.start() > 0:
            return text[:m.start()] + text[m.end():]
    m = re.search(r"(?<=\s)[a-z]+ly\b ", text)
    if m:
        return text[:m.start()] + text[m.end():]
    return None


def change_number(story, rng):
    """Change one number that is not a year; returns (old, new) or None."""
    spots = []
    for u in units(story):
        for m in re.finditer(r"(?<![\w.])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w])", u.text):
            if not YEAR.match(m.group(0)):
                spots.append((u, m))
    if not spots:
        return None
    u, m = rng.choice(spots)
    old = m.group(0)
    value = float(old.replace(",", ""))
    delta = max(1, round(value * rng.uniform(0.05, 0.25)))
    new_val = value + delta if rng.random() < 0.6 or value - delta <= 0 else value - delta
    new = f"{new_val:,.{len(old.split('.')[1])}f}" if "." in old else (
        f"{int(new_val):,}" if "," in old else str(int(new_val)))
    u.text = u.text[:m.start()] + new + u.text[m.end():]
    return old, new


def restructure(story, rate, rng):
    """Apply merge / split / clause-swap / insert / drop operations; returns op counts."""
    n_sent = len(units(story))
    n_ops = max(1, round(rate * n_sent * 0.6))
    ops = {"swap": 0, "merge": 0, "split": 0, "insert": 0, "drop": 0}
    for _ in range(n_ops * 3):
        if sum(ops.values()) >= n_ops:
            break
        op = rng.choice(list(ops))
        p_i = rng.randrange(len(story))
        para = story[p_i]
        if not para:
            continue
        u_i = rng.randrange(len(para))
        u = para[u_i]
        if op == "swap":
            new = swap_clauses(u.text)
            if new:
                u.text = new
                ops[op] += 1
        elif op == "merge" and u_i + 1 < len(para):
            v = para[u_i + 1]
            if len(u.text.split()) + len(v.text.split()) < 45 and u.text.endswith("."):
                para[u_i:u_i + 2] = [Unit(u.src + v.src, merge_sentences(u.text, v.text))]
                ops[op] += 1
        elif op == "split" and len(u.src) == 1:
            parts = split_sentence(u.text)
            if parts:
                para[u_i:u_i + 1] = [Unit(u.src, parts[0]), Unit(u.src, parts[1])]
                ops[op] += 1
        elif op == "insert":
            u.text = insert_word(u.text, rng)
            ops[op] += 1
        elif op == "drop":
            new = drop_word(u.text)
            if new:
                u.text = new
                ops[op] += 1
    return ops


def spin(spinner, story, rate, rng):
    """Spun copy of a story at synonym `rate`; returns (story, parameters)."""
    story = [[Unit(u.src, u.text) for u in p] for p in story]
    ops = restructure(story, rate, rng)
    done, total = spinner.substitute(story, rate, rng)
    params = {"spin_rate": rate, "achieved_rate": round(done / total, 3) if total else 0.0,
              "operations": {k: v for k, v in ops.items() if v}}
    if rng.random() < min(1.0, 0.4 + rate) and spinner.change_quote(story, rng):
        params["operations"]["quote_changed"] = 1
    if rng.random() < min(1.0, 0.3 + rate):
        changed = change_number(story, rng)
        if changed:
            params["operations"]["number_changed"] = list(changed)
    return story, params
