"""Real news as a held-out check: a folder of articles as published, one per file.

    python3 bench/quality/realnews.py corpus --folder DIR --out corpus.jsonl
    unspun scan corpus.jsonl -o pairs.jsonl
    python3 bench/quality/realnews.py shared --corpus corpus.jsonl --pairs pairs.jsonl
    python3 bench/quality/realnews.py bases --corpus corpus.jsonl --pairs pairs.jsonl \\
        --out bases.jsonl.gz
    python3 bench/quality/generate.py --seed 7 --bases 1000 --base-file bases.jsonl.gz --out Q

Nothing is planted in such a corpus, so `shared` checks the scan against what can be known
without labels: articles repeated word for word (the same text once whitespace is collapsed)
must come out `verbatim`, and pairs of articles holding two or more of the same sentences
(eight words or more, word for word, held by at most six articles, so not a stock line) are
listed with whether unspun reports them. `bases` keeps the articles unspun pairs with no
other and that hold at least 80 words after their headline, as base articles for the
generator (`{"id", "title", "text"}`): real news text under the benchmark's planted reuse.

`DIR` holds `<section>/<name>.txt` (the layout of the BBC News corpus of Greene and
Cunningham, 2,225 articles of 2004-05), the first line of each file its headline. Ids are
`<section>-<name>`. docs/QUALITY.md ("Real news") has the figures and where the corpus is.
"""

import argparse
import collections
import gzip
import hashlib
import itertools
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from textutil import lower_words, split_sentences  # noqa: E402

#: Fewest words of a sentence the `shared` check compares: shorter ones are stock lines.
MIN_SENTENCE_WORDS = 8

#: Most articles a sentence may be held by and still tie two of them together.
MAX_HOLDERS = 6

#: Fewest words after the headline that make an article a base.
MIN_BASE_WORDS = 80


def read_folder(folder):
    """(id, text) of every `<section>/<name>.txt` under `folder`, sorted by id."""
    found = []
    for section in sorted(os.listdir(folder)):
        path = os.path.join(folder, section)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(path, name), "rb") as f:
                raw = f.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            found.append((f"{section}-{name[:-4]}", text))
    return found


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def reported_pairs(path):
    """The unordered pairs of a scan's output, with their relations."""
    return {frozenset((p["a"], p["b"])): p["relation"] for p in read_jsonl(path)}


def body_sentences(text):
    """The sentences of an article after its headline, as lowercase word strings of at least
    MIN_SENTENCE_WORDS words."""
    found = []
    for paragraph in text.split("\n")[1:]:
        for sentence in split_sentences(paragraph):
            w = lower_words(sentence)
            if len(w) >= MIN_SENTENCE_WORDS:
                found.append(" ".join(w))
    return found


def cmd_corpus(args):
    records = read_folder(args.folder)
    with open(args.out, "w", encoding="utf-8") as f:
        for doc_id, text in records:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles -> {args.out}")


def cmd_shared(args):
    docs = read_jsonl(args.corpus)
    pairs = reported_pairs(args.pairs)
    by_text = collections.defaultdict(list)
    for doc in docs:
        by_text[hashlib.sha1(" ".join(doc["text"].split()).encode()).hexdigest()].append(doc["id"])
    repeated = [frozenset(p) for ids in by_text.values() for p in itertools.combinations(ids, 2)]
    verbatim = sum(1 for p in repeated if pairs.get(p) == "verbatim")
    print(f"articles repeated word for word: {len(repeated)} pairs, {verbatim} reported verbatim")

    holders = collections.defaultdict(set)
    for doc in docs:
        for sentence in set(body_sentences(doc["text"])):
            holders[sentence].add(doc["id"])
    shared = collections.Counter()
    for ids in holders.values():
        if 2 <= len(ids) <= MAX_HOLDERS:
            shared.update(frozenset(p) for p in itertools.combinations(sorted(ids), 2))
    tied = {p: n for p, n in shared.items() if n >= 2}
    missed = sorted((p for p in tied if p not in pairs), key=lambda p: (-tied[p], sorted(p)))
    print(f"pairs holding >= 2 of the same sentences: {len(tied)}, not reported: {len(missed)}")
    for p in missed:
        print(f"  {' / '.join(sorted(p))}: {tied[p]} sentences")


def cmd_bases(args):
    paired = set().union(*reported_pairs(args.pairs))
    kept = 0
    with gzip.open(args.out, "wt", encoding="utf-8") as f:
        for doc in read_jsonl(args.corpus):
            headline, _, body = doc["text"].strip().partition("\n")
            if doc["id"] in paired or len(body.split()) < MIN_BASE_WORDS:
                continue
            record = {"id": doc["id"], "title": headline.strip(), "text": body.strip()}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            kept += 1
    print(f"{kept} bases ({len(paired)} paired articles left out) -> {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="a folder of articles as unspun JSONL")
    corpus.add_argument("--folder", required=True)
    corpus.add_argument("--out", required=True)
    shared = commands.add_parser("shared", help="check a scan against repeated text")
    shared.add_argument("--corpus", required=True)
    shared.add_argument("--pairs", required=True)
    bases = commands.add_parser("bases", help="unpaired articles as generator bases")
    bases.add_argument("--corpus", required=True)
    bases.add_argument("--pairs", required=True)
    bases.add_argument("--out", required=True)
    args = parser.parse_args()
    {"corpus": cmd_corpus, "shared": cmd_shared, "bases": cmd_bases}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
