"""Shared text helpers for the quality benchmark: sentence splitting, tokens, wrapping.

The generator uses these to cut base articles into sentences (the unit of the planted
alignments) and to lay documents out; the scorer uses the same tokenizer for MinHash.
"""

import re
import textwrap

# Words that end with a period but do not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "adm", "maj", "cmdr", "prof", "rev", "hon", "pres", "supt", "messrs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "vs", "etc", "inc", "co", "corp", "ltd", "mt", "ft", "ave", "dept", "approx",
    "est", "fig", "vol", "pp", "cf", "al", "e.g", "i.e", "u.s", "u.n", "u.k", "d.c", "a.m",
    "p.m", "n.y", "s.s", "h.r", "u.s.s.r", "u.s.a",
}

_BOUNDARY = re.compile(r"([.!?][\"'\u201d\u2019)\]]*)(\s+)(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019.-][A-Za-z0-9]+)*")


def split_sentences(paragraph):
    """Split one paragraph into sentences, keeping each sentence's own text unchanged."""
    text = " ".join(paragraph.split())
    sentences, start = [], 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1)
        before = text[start:m.start(1) + 1]
        last = before.split()[-1] if before.split() else ""
        word = last.rstrip(".!?\"'\u201d\u2019)]").lstrip("\"'\u201c\u2018([").lower()
        if m.group(1).startswith(".") and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        sentences.append(text[start:end].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def paragraphs_of(text):
    """Paragraphs of a text whose paragraphs are separated by blank lines."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def words(text):
    """Word tokens (letters, digits, inner apostrophes/periods/hyphens)."""
    return _WORD.findall(text)


def lower_words(text):
    """Lowercased word tokens, as used for MinHash shingles."""
    return [w.lower() for w in _WORD.findall(text)]


def wrap(paragraph, width):
    """Hard-wrap a paragraph at `width` columns without breaking words."""
    return textwrap.wrap(paragraph, width=width, break_long_words=False,
                         break_on_hyphens=False)


def norm_space(text):
    """Collapse all whitespace runs to one space."""
    return " ".join(text.split())

STOPWORDS = set("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
not of off on once only or other ought our ours ourselves out over own same shan't she she'd
she'll she's should shouldn't so some such than that that's the their theirs them themselves
then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
where's which while who who's whom why why's will with won't would wouldn't you you'd you'll
you're you've your yours yourself yourselves may might must shall upon us every many much
one two three also just now well even still yet ever never since whether within without
""".split())


def content_words(text):
    """Lowercased alphabetic non-stopword tokens longer than three letters."""
    return [w for w in lower_words(text) if w.isalpha() and len(w) > 3 and w not in STOPWORDS]
