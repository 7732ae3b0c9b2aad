"""gaoya peer: MinHashStringIndex (125 hashes in 25 bands of 5, threshold 0.5) on word 5-grams.

    python3 bench/perf/peers/gaoya.py --corpus corpus.jsonl --out pairs.tsv --stats s.json

gaoya's string index does the whole job in Rust: its built-in analyzer (lowercased,
whitespace-split words, 5-gram shingles), 32-bit MinHash, the LSH bands, and a query that
returns only documents whose estimated Jaccard reaches the threshold. Documents go in and are
queried with the multi-threaded `par_bulk_insert_docs` / `par_bulk_query`. Its band layout is
set like datasketch's choice for (0.5, 128): 25 x 5 = 125 hashes.

The index does not tell how many LSH candidates it checked, so `--count-candidates` runs the
same pipeline with a Jaccard threshold of 0 (every band collision is returned) and reports
that count; run.py does this in a separate, untimed run.
"""

import os
import sys
import time
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
# this file is named like the package it benchmarks: keep its folder off the import path
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, os.path.dirname(HERE))

from gaoya.minhash import MinHashStringIndex  # noqa: E402

from peer_common import SHINGLE, THRESHOLD, Stages, parse_args, read_batches  # noqa: E402
from peer_common import write_outputs  # noqa: E402

BANDS, BAND_SIZE = 25, 5


def main():
    """Run the pipeline."""
    args = parse_args(__doc__)
    st = Stages()
    threshold = 0.0 if args.count_candidates else THRESHOLD
    index = MinHashStringIndex(hash_size=32, jaccard_threshold=threshold, num_bands=BANDS,
                               band_size=BAND_SIZE, analyzer="word", lowercase=True,
                               ngram_range=(SHINGLE, SHINGLE), id_container="smallvec")
    ids, texts = [], []
    t = time.perf_counter()
    for batch in read_batches(args.corpus, args.batch):
        t = st.add("read", t)
        index.par_bulk_insert_docs(list(range(len(ids), len(ids) + len(batch))),
                                   [text for _, text in batch])
        ids += [doc_id for doc_id, _ in batch]
        texts += [text for _, text in batch]
        t = st.add("tokenize+hash+index", t)
    found, pairs = 0, []
    for start in range(0, len(texts), args.batch):
        results = index.par_bulk_query(texts[start:start + args.batch], return_similarity=True)
        for i, row in enumerate(results, start):
            for j, sim in row:
                if j > i:
                    found += 1
                    if sim >= THRESHOLD:
                        pairs.append((i, j, sim))
    st.add("query", t)
    write_outputs(args, ids, pairs, found if args.count_candidates else None, st, {
        "package": f"gaoya {version('gaoya')}", "num_hashes": BANDS * BAND_SIZE,
        "threshold": THRESHOLD, "bands": BANDS, "rows": BAND_SIZE, "hash_bits": 32,
        "threads": "gaoya's default (all cores)", "count_pass": args.count_candidates})


if __name__ == "__main__":
    main()
