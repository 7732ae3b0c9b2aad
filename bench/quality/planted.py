"""Copies planted among real articles of any language, for a language the generator cannot spin.

    python3 bench/quality/planted.py make --corpus corpus.jsonl --swaps bench/quality/swaps/hi.tsv \\
        --copies 120 --out P
    unspun scan P/corpus.jsonl -o P/pairs.jsonl
    python3 bench/quality/planted.py score --out P --pairs P/pairs.jsonl \\
        --swaps bench/quality/swaps/hi.tsv

`make` reads `{"id", "text"}` articles and, for each of the first `--copies`, writes in turn a
verbatim copy, an excerpt (two fifths of its sentences in a row, at least three, cut where a
stop ends a sentence and kept with the text between them as it stands) and a copy with every
word of the swap list (`word<TAB>replacement` lines, written by hand) replaced; each copy gets
the same invented site footer (`--footer`, three Hindi sentences by default). `P/corpus.jsonl` holds the articles and their copies,
`P/truth.json` the (source, copy, kind) triples. `score` gives, for each kind, how many copies
were found and as what, the median of aligned units per pair found, and how many of the
reported substitutions are swaps of the list (in either direction); every pair not planted is
counted apart. The articles may themselves share text: a pair found between two of them is
listed, not scored.
"""

import argparse
import collections
import json
import os
import random
import re
import statistics

FOOTER = "हमें फ़ेसबुक और ट्विटर पर फ़ॉलो करें। टिप्पणी करने के लिए यहां क्लिक करें। सर्वाधिकार सुरक्षित।"
KINDS = ("verbatim", "excerpt", "swapped")
STOPS = re.compile(r"(?<=[.।?!])")
PUNCTUATION = ".,।?!\"“”‘’()"


def read_swaps(path):
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t") for line in f if line.strip())


def excerpt(text, rng):
    sentences = [s for s in STOPS.split(text) if s.strip()]
    n = max(3, len(sentences) * 2 // 5)
    start = rng.randrange(0, max(1, len(sentences) - n))
    return "".join(sentences[start:start + n]).strip()


def swapped(text, swaps):
    words = []
    for word in text.split(" "):
        core = word.strip(PUNCTUATION)
        words.append(word.replace(core, swaps[core]) if core in swaps else word)
    return " ".join(words)


def make(args):
    rng = random.Random(7)
    swaps = read_swaps(args.swaps)
    with open(args.corpus, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    copies, truth = [], []
    for i, article in enumerate(articles[: args.copies]):
        kind = KINDS[i % len(KINDS)]
        text = article["text"]
        body = {"verbatim": text, "excerpt": excerpt(text, rng), "swapped": swapped(text, swaps)}
        copy_id = f"copy-{article['id']}"
        copies.append({"id": copy_id, "text": f"{body[kind]}\n\n{args.footer}"})
        truth.append((article["id"], copy_id, kind))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for doc in articles + copies:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False)
    print(f"{len(articles)} articles, {len(copies)} copies in {args.out}")


def score(args):
    with open(os.path.join(args.out, "truth.json"), encoding="utf-8") as f:
        truth = {frozenset((a, b)): kind for a, b, kind in json.load(f)}
    swaps = read_swaps(args.swaps)
    found, unplanted = collections.defaultdict(list), 0
    with open(args.pairs, encoding="utf-8") as f:
        for line in f:
            pair = json.loads(line)
            kind = truth.get(frozenset((pair["a"], pair["b"])))
            if kind is None:
                unplanted += 1
            else:
                found[kind].append(pair)
    planted = collections.Counter(truth.values())
    for kind in KINDS:
        pairs = found[kind]
        relations = dict(collections.Counter(p["relation"] for p in pairs))
        aligned = statistics.median(p["aligned_sentences"] for p in pairs) if pairs else 0
        substitutions = [s for p in pairs for passage in p["passages"] for s in passage["substitutions"]]
        listed = sum(swaps.get(x) == y or swaps.get(y) == x for x, y in substitutions)
        print(f"{kind}: found {len(pairs)}/{planted[kind]} {relations}, median aligned units "
              f"{aligned}, substitutions {len(substitutions)} of which swaps of the list {listed}")
    print(f"pairs between articles (not planted): {unplanted}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("make")
    made.add_argument("--corpus", required=True)
    made.add_argument("--swaps", required=True)
    made.add_argument("--copies", type=int, default=120)
    made.add_argument("--footer", default=FOOTER)
    made.add_argument("--out", required=True)
    scored = commands.add_parser("score")
    scored.add_argument("--out", required=True)
    scored.add_argument("--pairs", required=True)
    scored.add_argument("--swaps", required=True)
    args = parser.parse_args()
    {"make": make, "score": score}[args.command](args)


if __name__ == "__main__":
    main()
