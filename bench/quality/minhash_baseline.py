"""MinHash LSH baseline: word 5-gram shingles, 128 permutations, Jaccard threshold 0.5.

Candidates from `datasketch.MinHashLSH` are kept when their MinHash-estimated Jaccard
similarity reaches the threshold, as a deployed near-duplicate filter would do.
"""

from datasketch import MinHash, MinHashLSH

from textutil import lower_words

NUM_PERM = 128
THRESHOLD = 0.5
SHINGLE = 5


def shingles(text, k=SHINGLE):
    """Set of k-word shingles of the lowercased word tokens of `text`."""
    toks = lower_words(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def minhash_pairs(records, threshold=THRESHOLD, num_perm=NUM_PERM):
    """Pairs (a, b, estimated Jaccard) with a < b among `records` (dicts with id, text)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = {}
    for rec in records:
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([s.encode("utf-8") for s in shingles(rec["text"])])
        sketches[rec["id"]] = m
        lsh.insert(rec["id"], m)
    pairs = {}
    for doc_id, m in sketches.items():
        for other in lsh.query(m):
            if other == doc_id:
                continue
            a, b = sorted((doc_id, other))
            if (a, b) not in pairs:
                j = sketches[a].jaccard(sketches[b])
                if j >= threshold:
                    pairs[(a, b)] = j
    return pairs
