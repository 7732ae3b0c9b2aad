"""Another spinner on other text: real articles run through a crude thesaurus spinner.

    apt-get install -y mythes-en-us
    python3 bench/quality/thesaurus.py --corpus ARTICLES.jsonl --out DIR --bases 300 \\
        [--sentences K] --unspun target/release/unspun

`ARTICLES.jsonl` holds real articles (`id`, `text`; the BBC corpus of docs/QUALITY.md, "Real
news"). `--bases` of them, drawn with a fixed seed, each get four spun copies that replace 20,
40, 60 and 80% of the replaceable words. The spinner shares nothing with the benchmark's: its
synonyms come from the LibreOffice English thesaurus (Debian's mythes-en-us), any listed
meaning, broader ("generic") terms and phrases included; it replaces whatever matches a word,
with no part of speech or inflection kept, and rewrites a few connectives ("according to" to
"as indicated by"), as cheap article spinners do. `--sentences K` first cuts every article to
its headline and first K sentences: briefs, whose copies hold little else.

The scan reads every article and every copy together, so the corpus's own reuse (the BBC's
follow-ups that repeat background paragraphs) is there too. Printed: for each spin rate, how
many source-copy pairs were found, the relations reported and whether the source was named;
how well the found pairs are aligned (the spinner replaces words in place, so a copy's i-th
sentence rewords its source's i-th: a sentence is aligned when one passage covers at least
half of it and half of its counterpart, and a passage is right when it touches a sentence
and its counterpart); then every reported pair whose two documents come from different
articles and whose articles unspun does not pair when `--corpus` is scanned alone: reuse the
spinner cannot explain.
"""

import argparse
import collections
import json
import os
import random
import re
import subprocess

THESAURUS = "/usr/share/mythes/th_en_US_v2.dat"
RATES = (0.2, 0.4, 0.6, 0.8)
SEED = 5
KEEP = set("""a an the of to in on at by for with from and or but is are was were be been being
has have had do does did not no it its this that these those he she they we you i his her their
our your my me him them us as if than then so such which who whom whose what when where why how
all any each some most more many much very can could will would shall should may might must also
just said says""".split())
CONNECTIVES = [("in order to", "so as to"), ("however", "nonetheless"), ("because", "since"),
               ("about", "approximately"), ("also", "additionally"), ("but", "yet"),
               ("said", "stated"), ("according to", "as indicated by"), ("more than", "over"),
               ("as well as", "along with")]
SENTENCE_BREAK = re.compile(rb"(?<=[.!?])\s+(?=[A-Z\"])|\n\s*\n")
WORD = re.compile(r"(?<![\w'’])[A-Za-z]+(?:-[A-Za-z]+)*(?![\w'’])")


def load_thesaurus(path=THESAURUS):
    """Word -> every listed alternative (antonyms left out)."""
    thesaurus = {}
    with open(path, encoding="utf-8") as f:
        f.readline()  # the encoding line
        for head in f:
            word, meanings = head.rstrip("\n").rsplit("|", 1)
            alternatives = []
            for _ in range(int(meanings)):
                for alt in f.readline().rstrip("\n").split("|")[1:]:
                    if "(antonym)" not in alt:
                        alternatives.append(re.sub(r" \((generic|similar|related) term\)", "", alt))
            alternatives = [a for a in alternatives if a.lower() != word.lower()]
            if alternatives:
                thesaurus[word] = alternatives
    return thesaurus


def spin(text, thesaurus, rate, rng):
    """Replaces about `rate` of the lowercase words the thesaurus lists, and some connectives."""
    for phrase, other in CONNECTIVES:
        if rng.random() < rate:
            text = re.sub(r"\b%s\b" % phrase, other, text)

    def replace(match):
        word = match.group(0)
        if word in KEEP or word[0].isupper() or word not in thesaurus or rng.random() >= rate:
            return word
        return rng.choice(thesaurus[word])

    return WORD.sub(replace, text)


def brief(text, sentences):
    """The headline and the first `sentences` sentences of the body, as one paragraph."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", " ".join(paragraphs[1:]))
    return paragraphs[0] + "\n\n" + " ".join(body[:sentences])


def build(args):
    articles = [json.loads(line) for line in open(args.corpus, encoding="utf-8")]
    if args.sentences:
        articles = [{"id": a["id"], "text": brief(a["text"], args.sentences)} for a in articles]
    rng = random.Random(SEED)
    thesaurus = load_thesaurus()
    truth = []
    with open(os.path.join(args.out, "originals.jsonl"), "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a["id"], "text": a["text"]}) + "\n")
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a["id"], "text": a["text"]}) + "\n")
        for a in rng.sample(articles, args.bases):
            for rate in RATES:
                copy = f"{a['id']}-spun{int(rate * 100)}"
                f.write(json.dumps({"id": copy, "text": spin(a["text"], thesaurus, rate, rng)}) + "\n")
                truth.append((a["id"], copy, rate))
    return truth


def scan(unspun, corpus, out):
    subprocess.run([unspun, "scan", corpus, "-o", out, "-q"], check=True)
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def report(truth, pairs, alone):
    by_docs = {frozenset((p["a"], p["b"])): p for p in pairs}
    article_of = {copy: source for source, copy, _ in truth}
    for rate in RATES:
        planted = [(s, c) for s, c, r in truth if r == rate]
        found = [(s, by_docs[frozenset((s, c))]) for s, c in planted
                 if frozenset((s, c)) in by_docs]
        relations = collections.Counter(p["relation"] for _, p in found)
        named = collections.Counter(
            "source" if p.get("source") == s else "none" if p.get("source") is None else "copy"
            for s, p in found)
        print(f"spin {int(rate * 100)}%: {len(found)} of {len(planted)} found "
              f"({len(found) / len(planted):.3f}); relations {dict(relations)}; "
              f"named as original {dict(named)}")
    known = {frozenset((p["a"], p["b"])) for p in alone}
    unexplained = []
    for p in pairs:
        articles = frozenset(article_of.get(d, d) for d in (p["a"], p["b"]))
        if len(articles) == 2 and articles not in known:
            unexplained.append(p)
    print(f"pairs across articles that the articles alone do not explain: {len(unexplained)}")
    for p in unexplained:
        print(f"  {p['a']} {p['b']} {p['relation']} score {p['score']}, "
              f"{p['aligned_sentences']} sentences aligned")


def sentence_spans(text):
    """Byte spans of a text's sentences (the headline is one), as passages count bytes."""
    spans, start = [], 0
    for gap in SENTENCE_BREAK.finditer(text):
        if text[start:gap.start()].strip():
            spans.append((start, gap.start()))
        start = gap.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def overlap(x, y):
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def alignment(truth, pairs, texts):
    """Per spin rate, over the found source-copy pairs whose copy keeps its source's sentence
    count: sentences aligned with their counterpart, and passages joining counterparts."""
    by_docs = {frozenset((p["a"], p["b"])): p for p in pairs}
    for rate in RATES:
        sentences = aligned = passages = right = skipped = 0
        for source, copy, r in truth:
            pair = by_docs.get(frozenset((source, copy)))
            if r != rate or pair is None:
                continue
            spans = {d: sentence_spans(texts[d]) for d in (source, copy)}
            if len(spans[source]) != len(spans[copy]):
                skipped += 1
                continue
            joined = [(tuple(x[side(pair, source)]), tuple(x[side(pair, copy)]))
                      for x in pair["passages"]]
            for s, c in zip(spans[source], spans[copy]):
                sentences += 1
                aligned += any(overlap(ps, s) * 2 >= s[1] - s[0]
                               and overlap(pc, c) * 2 >= c[1] - c[0] for ps, pc in joined)
            for ps, pc in joined:
                passages += 1
                touched = [i for i, s in enumerate(spans[source]) if overlap(ps, s)]
                right += any(overlap(pc, spans[copy][i]) for i in touched)
        print(f"spin {int(rate * 100)}%: {aligned} of {sentences} sentences aligned "
              f"({aligned / max(sentences, 1):.3f}); {right} of {passages} passages join "
              f"counterparts ({right / max(passages, 1):.3f}); {skipped} pairs whose copy "
              f"splits otherwise not counted")


def side(pair, doc):
    """The key ("a" or "b") of a pair's side that is `doc`."""
    return "a" if pair["a"] == doc else "b"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="JSON Lines of real articles (id, text)")
    ap.add_argument("--out", required=True, help="directory for the corpus and the scans")
    ap.add_argument("--bases", type=int, default=300, help="articles that get spun copies")
    ap.add_argument("--sentences", type=int, default=0,
                    help="cut every article to its headline and first K sentences")
    ap.add_argument("--unspun", default="target/release/unspun")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    truth = build(args)
    pairs = scan(args.unspun, os.path.join(args.out, "corpus.jsonl"),
                 os.path.join(args.out, "pairs.jsonl"))
    alone = scan(args.unspun, os.path.join(args.out, "originals.jsonl"),
                 os.path.join(args.out, "originals-pairs.jsonl"))
    report(truth, pairs, alone)
    with open(os.path.join(args.out, "corpus.jsonl"), encoding="utf-8") as f:
        texts = {r["id"]: r["text"].encode() for r in map(json.loads, f)}
    alignment(truth, pairs, texts)


if __name__ == "__main__":
    main()
