"""datasketch peer: MinHash (128 permutations) + MinHashLSH (threshold 0.5) on word 5-grams.

    python3 bench/perf/peers/datasketch.py --corpus corpus.jsonl --out pairs.tsv --stats s.json

The usual datasketch pipeline (its default "affine32" scheme with SHA-1 token hashes) in its
memory-lean form: one permutation table shared by all sketches, `update_batch` per document,
`LeanMinHash` kept for the Jaccard check, documents inserted through
`MinHashLSH.insertion_session()`; then each document is queried, and an LSH candidate pair is
reported when its MinHash-estimated Jaccard reaches 0.5 (as bench/quality's baseline does).
datasketch's own band choice for (0.5, 128): 25 bands of 5 rows.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# this file is named like the package it benchmarks: keep its folder off the import path
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, os.path.dirname(HERE))

import datasketch  # noqa: E402
from datasketch import LeanMinHash, MinHash, MinHashLSH  # noqa: E402

from peer_common import (NUM_PERM, THRESHOLD, Stages, parse_args, read_batches,  # noqa: E402
                         shingles, verify_matches, write_outputs)


def main():
    """Run the pipeline."""
    args = parse_args(__doc__)
    st = Stages()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    template = MinHash(num_perm=NUM_PERM, seed=1)
    ids, sketches = [], []
    t = time.perf_counter()
    for batch in read_batches(args.corpus, args.batch):
        t = st.add("read", t)
        sets = [shingles(text) for _, text in batch]
        t = st.add("tokenize+shingle", t)
        for s in sets:
            m = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations,
                        scheme=template.scheme)
            m.update_batch([x.encode("utf-8") for x in s])
            sketches.append(LeanMinHash(m))
        t = st.add("hash", t)
        with lsh.insertion_session() as session:
            for k in range(len(ids), len(ids) + len(batch)):
                session.insert(k, sketches[k])
        ids += [doc_id for doc_id, _ in batch]
        t = st.add("index", t)
    candidates, pairs = 0, []
    for i, m in enumerate(sketches):
        candidates += verify_matches(i, lsh.query(m), sketches, pairs)
    st.add("query+verify", t)
    write_outputs(args, ids, pairs, candidates, st, {
        "package": f"datasketch {datasketch.__version__}", "num_perm": NUM_PERM,
        "threshold": THRESHOLD, "bands": lsh.b, "rows": lsh.r, "threads": 1})


if __name__ == "__main__":
    main()
