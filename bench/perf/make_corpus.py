"""Make a large labelled news-reuse corpus for unspun's performance benchmark.

    python3 bench/perf/make_corpus.py --docs 100000 --seed 7 --out DIR [--workers 2]

writes DIR/corpus.jsonl (unspun's JSONL input: id, text, date, outlet, title), DIR/truth.json
(the same shape as bench/quality's) and DIR/truth-pairs.jsonl (truth.json's `pairs`, one per
line, so that run.py can score a million-document corpus without loading truth.json).

The corpus is made in shards of at most 1,000 source articles (about 3,700 documents), each
built by bench/quality's own `generate.Builder`: the same outlets and furniture, the same
family mix (verbatim, near-duplicate, excerpt, spun at 10/25/40/60%, adversarial twins) and
the same negatives (same-topic, shared-boilerplate, shared-quote). Shard 0 uses the 2,894 real
base articles. Every later shard uses its own synthetic bases, made like this:

1. the 16,448 paragraphs of the real bases are shuffled and dealt out again, a few at a time,
   into new articles whose word counts follow the real ones (so each synthetic base holds
   paragraphs of several real bases, and inside one shard no paragraph is used twice);
2. the content words (alphabetic, three letters or more, not stop words) are renamed by a
   permutation of the real vocabulary drawn for that shard, within blocks of 50 words that
   share an ending (-tion, -ing, -ed, -ly, -s, ...) and capitalisation and have similar corpus
   frequencies, so sentences keep their shape, inflection and word-frequency distribution;
   numbers are renamed too (years to other years), since names and numbers are what unspun's
   fingerprints anchor on. Without this step the same real paragraph would recur in every
   shard, i.e. in hundreds of unrelated documents at 1M; with it, two shards share only the
   stop-word skeletons of their sentences;
3. each is re-headlined "<speaker of its first paragraph> on A, B and C" from its three most
   frequent content words, like the real bases.

Shards are written to disk as they finish (nothing holds more than one shard per worker), and
concatenated in shard order. Document ids carry the shard number after the outlet slug
(`lakeshore-000704217`), family names a shard prefix (`s0007-fam-0042`).
"""

import argparse
import collections
import functools
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUALITY = os.path.join(HERE, "..", "quality")
sys.path.insert(0, QUALITY)

import lemminflect  # noqa: E402

import edits  # noqa: E402
import generate  # noqa: E402
import spinner as spinmod  # noqa: E402
from textutil import STOPWORDS, content_words, paragraphs_of, split_sentences  # noqa: E402

SHARD_SOURCES = 1000          # sources per shard, as in bench/quality's standard corpus
DOCS_PER_SOURCE = 3.723       # measured: seed 7, 1,000 bases -> 3,723 documents
MIN_SENTENCES = 6             # per synthetic base, the fewest of any real base
BLOCK = 50                    # renaming permutes words within blocks of this many
WORD = re.compile(r"[A-Za-z]+")
TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
ENDINGS = ["ation", "tion", "sion", "ment", "ness", "ity", "ism", "ist", "ings", "ing", "ied",
           "ed", "ies", "ly", "ous", "ive", "ful", "less", "able", "ible", "al", "ic", "ers",
           "er", "est", "s"]


# ---------------------------------------------------------------- speed shims

def _speed_shims():
    """Memoise lemminflect look-ups (pure functions that deep-copy their tables on every call;
    they were 2/3 of the spinner's time) and share one WordNet table between shards. The
    output is unchanged."""
    if getattr(lemminflect, "_perf_memoised", False):
        return
    lemminflect.getAllLemmas = functools.lru_cache(maxsize=None)(lemminflect.getAllLemmas)
    lemminflect.getInflection = functools.lru_cache(maxsize=None)(lemminflect.getInflection)
    lemminflect._perf_memoised = True
    wordnet_class = spinmod.WordNet
    shared = []

    def shared_wordnet(*args, **kwargs):
        if not shared:
            shared.append(wordnet_class(*args, **kwargs))
        return shared[0]

    spinmod.WordNet = shared_wordnet


# ---------------------------------------------------------------- synthetic bases

def ending_class(word):
    """The ending class a lowercase word belongs to."""
    for e in ENDINGS:
        if word.endswith(e) and len(word) > len(e) + 2:
            return e
    return ""


class Vocabulary:
    """Content words of the real bases, grouped for renaming."""

    def __init__(self, bases):
        """Count every content word and how often it is capitalised."""
        seen, caps = collections.Counter(), collections.Counter()
        for b in bases:
            for w in WORD.findall(b["text"]):
                lw = w.lower()
                if len(lw) >= 3 and lw not in STOPWORDS:
                    seen[lw] += 1
                    caps[lw] += w[0].isupper()
        classes = collections.defaultdict(list)
        for w in sorted(seen, key=lambda w: (-seen[w], w)):
            classes[(ending_class(w), caps[w] * 2 > seen[w])].append(w)
        # blocks of BLOCK words of similar frequency, so the renamed text keeps the real
        # word-frequency distribution (which sets the size of every token index)
        self.groups = [words[i:i + BLOCK] for k in sorted(classes) for words in [classes[k]]
                       for i in range(0, len(words), BLOCK)]

    def permutation(self, rng):
        """A random renaming of every content word within its group."""
        mapping = {}
        for words in self.groups:
            shuffled = list(words)
            rng.shuffle(shuffled)
            mapping.update(zip(words, shuffled))
        return mapping


class Renamer:
    """Renames the words of a shard's text by a vocabulary permutation, and its numbers by a
    mapping drawn as they come (years to years 1600-2099, other numbers to numbers of as many
    digits; runs of zeros, as in '1,000', are kept)."""

    def __init__(self, mapping, rng):
        self.mapping, self.rng, self.numbers = mapping, rng, {}

    def number(self, digits):
        """The shard's replacement for a run of digits."""
        if digits not in self.numbers:
            n = len(digits)
            if set(digits) == {"0"}:
                new = digits
            elif n == 4 and 1600 <= int(digits) <= 2099:
                new = str(self.rng.randint(1600, 2099))
            elif n == 1:
                new = str(self.rng.randint(1, 9))
            else:
                new = str(self.rng.randint(10 ** (n - 1), 10 ** n - 1))
            self.numbers[digits] = new
        return self.numbers[digits]

    def __call__(self, text):
        """`text` with words and numbers renamed, keeping each word's capitalisation."""
        def repl(m):
            w = m.group(0)
            if w[0].isdigit():
                return self.number(w)
            new = self.mapping.get(w.lower())
            return edits._case_like(w, new) if new else w
        return TOKEN.sub(repl, text)


def speaker(title):
    """The speaker part of a base title ('Roosevelt on X, Y and Z' -> 'Roosevelt')."""
    return title.split(" on ")[0].split(" addresses ")[0]


def headline(who, text):
    """'<who> on A, B and C' from the three most frequent content words of `text`."""
    counts = collections.Counter(content_words(text))
    top = [w for w, _ in counts.most_common(3)]
    if len(top) < 3:
        return f"{who} addresses Congress"
    return f"{who} on {top[0].capitalize()}, {top[1].capitalize()} and {top[2].capitalize()}"


def synthetic_bases(real, vocab, seed, shard):
    """Synthetic base articles for one shard (see the module doc)."""
    rng = random.Random(f"perf-bases:{seed}:{shard}")
    paras = [(i, p) for i, b in enumerate(real) for p in paragraphs_of(b["text"])]
    rng.shuffle(paras)
    lengths = [len(b["text"].split()) for b in real]
    rename = Renamer(vocab.permutation(rng), rng)
    groups, pos = [], 0
    while pos < len(paras):
        target, chosen, words, sents = rng.choice(lengths), [], 0, 0
        while pos < len(paras) and (words < target or len(chosen) < 2
                                    or sents < MIN_SENTENCES):
            chosen.append(paras[pos])
            words += len(paras[pos][1].split())
            sents += len(split_sentences(paras[pos][1]))
            pos += 1
        groups.append(chosen)
    if len(groups) > 1 and (len(groups[-1]) < 2 or sents < MIN_SENTENCES):
        groups[-2] += groups.pop()
    out = []
    for n, chosen in enumerate(groups):
        text = "\n\n".join(rename(p) for _, p in chosen)
        who = speaker(real[chosen[0][0]]["title"])
        out.append({"id": f"syn-{seed}-{shard}-{n:04d}", "title": headline(who, text),
                    "text": text, "made_from": sorted({real[i]["id"] for i, _ in chosen})})
    return out


# ---------------------------------------------------------------- shards

class ShardBuilder(generate.Builder):
    """bench/quality's Builder with ids and family names unique across shards."""

    def __init__(self, shard, *args):
        self.shard = shard
        super().__init__(*args)

    def new_id(self, outlet):
        """'lakeshore-000704217': outlet slug, shard number, serial."""
        while True:
            n = self.rng.randint(10000, 99999)
            if n not in self.serials:
                self.serials.add(n)
                return f"{outlet.slug}-{self.shard:04d}{n:05d}"


_REAL, _VOCAB = None, None


def _init_worker(base_file):
    """Per-process state: the real bases, the vocabulary, the speed shims."""
    global _REAL, _VOCAB
    _speed_shims()
    _REAL = generate.load_bases(base_file)
    _VOCAB = Vocabulary(_REAL)


def build_shard(task):
    """Build one shard and write its parts under `parts`; returns (shard, counts, seconds)."""
    shard, n_sources, seed, parts = task
    t0 = time.perf_counter()
    bases = _REAL if shard == 0 else synthetic_bases(_REAL, _VOCAB, seed, shard)
    b = ShardBuilder(shard, seed * 100003 + shard, bases, n_sources)
    b.build()
    prefix = f"s{shard:04d}-"
    for info in b.docs.values():
        if info.get("family"):
            info["family"] = prefix + info["family"]
    for fam in b.families:
        fam["family"] = prefix + fam["family"]
    stem = os.path.join(parts, f"{shard:05d}")
    with open(stem + ".corpus", "w", encoding="utf-8") as f:
        for rec in sorted(b.records, key=lambda r: r["id"]):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(stem + ".documents", "w", encoding="utf-8") as f:
        for doc_id, info in sorted(b.docs.items()):
            f.write(json.dumps(doc_id) + ": " + json.dumps(info, ensure_ascii=False) + "\n")
    with open(stem + ".pairs", "w", encoding="utf-8") as f:
        for p in sorted(b.pairs, key=lambda p: (p["a"], p["b"])):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(stem + ".negatives", "w", encoding="utf-8") as f:
        for p in sorted(b.negatives, key=lambda p: (p["a"], p["b"])):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(stem + ".families", "w", encoding="utf-8") as f:
        for fam in b.families:
            f.write(json.dumps(fam, ensure_ascii=False) + "\n")
    with open(stem + ".alignments", "w", encoding="utf-8") as f:
        for key, value in sorted(b.alignments.items()):
            f.write(json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False) + "\n")
    counts = collections.Counter()
    for info in b.docs.values():
        key = info["role"] if info["role"] != "copy" else info["relation"] + (
            "+adv" if info.get("adversarial") else "")
        counts[key] += 1
    return shard, dict(counts), len(b.pairs), len(b.negatives), time.perf_counter() - t0


def plan(n_docs):
    """Sources per shard for about `n_docs` documents."""
    total = max(1, round(n_docs / DOCS_PER_SOURCE))
    shards = math.ceil(total / SHARD_SOURCES)
    return [total // shards + (1 if i < total % shards else 0) for i in range(shards)]


def write_truth(out, parts, shards, header):
    """Stream truth.json (and truth-pairs.jsonl) together from the shards' parts."""
    def section(f, name, kind, opening, closing):
        f.write(f',\n "{name}": {opening}')
        first = True
        for s in range(shards):
            with open(os.path.join(parts, f"{s:05d}.{kind}"), encoding="utf-8") as part:
                for line in part:
                    f.write(("\n  " if first else ",\n  ") + line.rstrip("\n"))
                    first = False
        f.write(("\n " if not first else "") + closing)

    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        f.write("{" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}"
                                 for k, v in header.items()))
        section(f, "documents", "documents", "{", "}")
        section(f, "pairs", "pairs", "[", "]")
        section(f, "negatives", "negatives", "[", "]")
        section(f, "families", "families", "[", "]")
        section(f, "alignments", "alignments", "{", "}")
        f.write("\n}\n")
    with open(os.path.join(out, "truth-pairs.jsonl"), "w", encoding="utf-8") as f:
        for s in range(shards):
            with open(os.path.join(parts, f"{s:05d}.pairs"), encoding="utf-8") as part:
                shutil.copyfileobj(part, f)


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="about this many documents")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--workers", type=int, default=1, help="processes building shards")
    ap.add_argument("--base-file", default=generate.BASE_FILE)
    args = ap.parse_args()
    t0 = time.perf_counter()
    sizes = plan(args.docs)
    os.makedirs(args.out, exist_ok=True)
    parts = os.path.join(args.out, "parts")
    shutil.rmtree(parts, ignore_errors=True)
    os.makedirs(parts)
    tasks = [(s, n, args.seed, parts) for s, n in enumerate(sizes)]
    roles, n_pairs, n_neg = collections.Counter(), 0, 0
    corpus_path = os.path.join(args.out, "corpus.jsonl")
    with open(corpus_path, "w", encoding="utf-8") as corpus:
        if args.workers > 1:
            pool = multiprocessing.Pool(args.workers, _init_worker, (args.base_file,))
            results = pool.imap(build_shard, tasks)
        else:
            _init_worker(args.base_file)
            pool, results = None, map(build_shard, tasks)
        for shard, counts, pairs, negs, secs in results:
            roles.update(counts)
            n_pairs += pairs
            n_neg += negs
            part = os.path.join(parts, f"{shard:05d}.corpus")
            with open(part, encoding="utf-8") as f:
                shutil.copyfileobj(f, corpus)
            os.remove(part)
            done = sum(roles.values())
            print(f"shard {shard + 1}/{len(sizes)}: {sum(counts.values())} documents in "
                  f"{secs:.1f}s ({done} so far, {time.perf_counter() - t0:.0f}s)",
                  file=sys.stderr, flush=True)
        if pool:
            pool.close()
            pool.join()
    header = {"seed": args.seed, "bases": sum(sizes), "shards": len(sizes),
              "generator": "bench/perf/make_corpus.py", "docs_requested": args.docs}
    write_truth(args.out, parts, len(sizes), header)
    shutil.rmtree(parts)
    print(f"{sum(roles.values())} documents {json.dumps(dict(sorted(roles.items())))}; "
          f"{n_pairs} pairs, {n_neg} negatives, {len(sizes)} shards -> {args.out} "
          f"({time.perf_counter() - t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
