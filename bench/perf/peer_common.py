"""Shared plumbing of the peer scripts in peers/: arguments, reading the corpus, the shingles
(bench/quality's MinHash baseline's own: word 5-grams of lowercased word tokens), writing
pairs and a stats file.

Every peer runs end to end in its own process: read corpus.jsonl, tokenize, shingle, hash,
index, query, verify and write the pairs it finds (`a<TAB>b<TAB>estimated Jaccard`, a < b),
plus a JSON stats file with the count of candidate pairs the LSH index returned (distinct
unordered pairs, before the Jaccard check) and the time of each stage.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "quality"))

from minhash_baseline import NUM_PERM, SHINGLE, THRESHOLD, shingles  # noqa: E402,F401


def parse_args(doc):
    """--corpus, --out (pairs), --stats (JSON) and --batch."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="corpus.jsonl")
    ap.add_argument("--out", required=True, help="pairs file (TSV: a, b, Jaccard)")
    ap.add_argument("--stats", required=True, help="stats JSON file")
    ap.add_argument("--batch", type=int, default=1000, help="documents per batch")
    ap.add_argument("--count-candidates", action="store_true",
                    help="only count LSH candidate pairs (for indexes that do not report them)")
    return ap.parse_args()


def read_batches(path, size):
    """Batches of (id, text) read from a JSON Lines corpus, `size` documents at a time."""
    batch = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            batch.append((rec["id"], rec["text"]))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


class Stages:
    """Wall time per named stage."""

    def __init__(self):
        self.t0 = time.perf_counter()
        self.seconds = {}

    def add(self, name, since):
        """Add the time since `since` to stage `name`; returns now."""
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - since
        return now


def verify_matches(i, found, sketches, pairs):
    """Checks the LSH matches `found` of sketch `i` against later sketches, appending the pairs
    at or above THRESHOLD to `pairs`; returns how many candidates it checked."""
    checked = 0
    for j in found:
        if j > i:
            checked += 1
            sim = sketches[i].jaccard(sketches[j])
            if sim >= THRESHOLD:
                pairs.append((i, j, sim))
    return checked


def write_outputs(args, ids, pairs, candidates, stages, config):
    """Write the pairs (index pairs into `ids`) and the stats file."""
    t = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as f:
        for i, j, sim in pairs:
            a, b = sorted((ids[i], ids[j]))
            f.write(f"{a}\t{b}\t{sim:.3f}\n")
    stages.add("write", t)
    stats = {"documents": len(ids), "candidates": candidates, "pairs": len(pairs),
             "stage_seconds": {k: round(v, 3) for k, v in stages.seconds.items()},
             "seconds": round(time.perf_counter() - stages.t0, 3), "config": config}
    with open(args.stats, "w", encoding="utf-8") as f:
        json.dump(stats, f, indent=1)
