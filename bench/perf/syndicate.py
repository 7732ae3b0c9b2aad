"""One story run word for word by thousands of sites: a stress corpus for the hot-key guard.

    python3 bench/perf/syndicate.py --corpus CORPUS.jsonl --copies 2100 --out OUT.jsonl

Writes every document of `CORPUS.jsonl` (JSON Lines with `id` and `text`, as
`make_corpus.py` writes), then `--copies` copies of the story of its first document of
2,500 to 4,000 characters, each under one of four invented sites' furniture. The story is
that document's lines held by at most three documents of the corpus (its own site's
furniture left out). A story held by more documents than `max_postings` (2,000) has every
key over the cap unless its copies are indexed as one (see docs/PERFORMANCE.md).
"""

import argparse
import collections
import json
import random

HEADS = [
    "Valley Herald\nHome | News | Sport\n",
    "THE NIGHTLY STAR\nNews > World\nBy Staff\n",
    "Coast Times\nSubscribe now for full access\n",
    "Metro Daily | Latest\n",
]
TAILS = [
    "\nClick to comment\n© Valley Herald",
    "\nMost Popular\n1. Weather warning issued\n2. Bridge closed\n",
    "\nShare this story on Facebook | X | Email\n",
    "\nComments are closed.\n",
]


def story_of(docs):
    """The id and story lines of the first document of 2,500 to 4,000 characters."""
    holders = collections.Counter()
    for doc in docs:
        holders.update({line.strip() for line in doc["text"].split("\n")})
    doc = next(d for d in docs if 2500 < len(d["text"]) < 4000)
    lines = [line for line in doc["text"].split("\n") if line.strip() and holders[line.strip()] <= 3]
    return doc["id"], "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--copies", type=int, default=2100)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(args.corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    source, story = story_of(docs)
    with open(args.out, "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc) + "\n")
        for i in range(args.copies):
            text = rng.choice(HEADS) + "\n" + story + "\n" + rng.choice(TAILS)
            out.write(json.dumps({"id": f"synd-{i:04d}", "text": text}) + "\n")
    print(f"{len(docs)} documents and {args.copies} copies of the story of {source}")


if __name__ == "__main__":
    main()
