"""rensa peer: R-MinHash (128 permutations) + RMinHashLSH (threshold 0.5) on word 5-grams.

    python3 bench/perf/peers/rensa.py --corpus corpus.jsonl --out pairs.tsv --stats s.json

rensa's batch API: `RMinHash.from_token_sets` sketches a batch of shingle sets in Rust,
`RMinHashLSH.insert_many` indexes them, `query_all` returns every document's LSH candidates,
and a candidate pair is reported when `RMinHash.jaccard` reaches 0.5. The full-set R-MinHash
is used (not the sampling "rho" pipeline, which trades recall for speed). rensa needs the band
count to divide 128; 32 bands of 4 rows is the split nearest to a 0.5 threshold (16 x 8 would
put the S-curve's midpoint near 0.71).
"""

import os
import sys
import time
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
# this file is named like the package it benchmarks: keep its folder off the import path
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, os.path.dirname(HERE))

from rensa import RMinHash, RMinHashLSH  # noqa: E402

from peer_common import (NUM_PERM, THRESHOLD, Stages, parse_args, read_batches,  # noqa: E402
                         shingles, verify_matches, write_outputs)

BANDS = 32
SEED = 42


def main():
    """Run the pipeline."""
    args = parse_args(__doc__)
    st = Stages()
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=BANDS)
    ids, sketches = [], []
    t = time.perf_counter()
    for batch in read_batches(args.corpus, args.batch):
        t = st.add("read", t)
        sets = [shingles(text) for _, text in batch]
        t = st.add("tokenize+shingle", t)
        mhs = RMinHash.from_token_sets(sets, num_perm=NUM_PERM, seed=SEED)
        t = st.add("hash", t)
        lsh.insert_many(mhs, start_key=len(ids))
        sketches += mhs
        ids += [doc_id for doc_id, _ in batch]
        t = st.add("index", t)
    candidates, pairs = 0, []
    for start in range(0, len(sketches), args.batch):
        chunk = sketches[start:start + args.batch]
        for i, found in enumerate(lsh.query_all(chunk), start):
            candidates += verify_matches(i, found, sketches, pairs)
    st.add("query+verify", t)
    write_outputs(args, ids, pairs, candidates, st, {
        "package": f"rensa {version('rensa')}", "num_perm": NUM_PERM, "threshold": THRESHOLD,
        "bands": BANDS, "rows": NUM_PERM // BANDS, "threads": "rensa's default"})


if __name__ == "__main__":
    main()
