"""Real news as a held-out check: a folder of articles as published, one per file.

    python3 bench/quality/realnews.py corpus --folder DIR --out corpus.jsonl
    unspun scan corpus.jsonl -o pairs.jsonl
    python3 bench/quality/realnews.py shared --corpus corpus.jsonl --pairs pairs.jsonl
    python3 bench/quality/realnews.py bases --corpus corpus.jsonl --pairs pairs.jsonl \\
        --out bases.jsonl.gz
    python3 bench/quality/generate.py --seed 7 --bases 1000 --base-file bases.jsonl.gz --out Q
    python3 bench/quality/realnews.py roundups --bases bases.jsonl.gz --per 8 --out R
    unspun scan R/corpus.jsonl -o R/pairs.jsonl
    python3 bench/quality/realnews.py roundups-check --bases bases.jsonl.gz --out R \\
        --pairs R/pairs.jsonl
    python3 bench/quality/realnews.py small-sites --corpus corpus.jsonl --pages 10 --out S.jsonl
    unspun scan S.jsonl -o S-pairs.jsonl    # every pair reported is false

Nothing is planted in such a corpus, so `shared` checks the scan against what can be known
without labels: articles repeated word for word (the same text once whitespace is collapsed)
must come out `verbatim`, and pairs of articles holding two or more of the same sentences
(eight words or more, word for word, held by at most six articles, so not a stock line) are
listed with whether unspun reports them. `bases` keeps the articles unspun pairs with no
other and that hold at least 80 words after their headline, as base articles for the
generator (`{"id", "title", "text"}`): real news text under the benchmark's planted reuse.
`roundups` joins bases of one section into long roundups of `--per` articles each, and plants
one article of every other roundup into the roundup before it (`--spin R`: reworded by
thesaurus.py's spinner at rate R): a pair of roundups sharing one whole article (an eighth of
each at `--per 8`) is reuse, and every other pair of roundups in a section is same-section
text that is not. `roundups-check` scores a scan of them. `small-sites` cuts articles to
briefs (the headline and the first paragraphs, at most `--max-words` words) and prints
`--pages` of them under each of four invented sites' header and footer, written for this
check and unlike the generator's outlets: nothing is shared but a site's furniture, so every
pair a scan reports is false.

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
import random
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
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
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


def cmd_roundups(args):
    rng = random.Random(args.seed)
    if args.spin:
        from thesaurus import load_thesaurus, spin  # needs Debian's mythes-en-us

        thesaurus = load_thesaurus()
    by_section = collections.defaultdict(list)
    for base in read_jsonl(args.bases):
        by_section[base["id"].split("-")[0]].append(base)
    members = {}
    for section, bases in sorted(by_section.items()):
        rng.shuffle(bases)
        groups = [bases[i:i + args.per] for i in range(0, len(bases) - args.per + 1, args.per)]
        for number in range(0, len(groups) - 1, 2):
            planted = rng.choice(groups[number + 1])
            if args.spin:
                planted = dict(planted, text=spin(planted["text"], thesaurus, args.spin, rng))
            groups[number][rng.randrange(args.per)] = planted
        for number, group in enumerate(groups):
            members[f"{section}-roundup-{number:03}"] = group
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for roundup, group in members.items():
            text = "\n\n".join(f"{base['title']}\n\n{base['text']}" for base in group)
            f.write(json.dumps({"id": roundup, "text": text}, ensure_ascii=False) + "\n")
    truth = {roundup: [base["id"] for base in group] for roundup, group in members.items()}
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f)
    print(f"{len(members)} roundups of {args.per} articles -> {args.out}")


def cmd_roundups_check(args):
    with open(os.path.join(args.out, "truth.json"), encoding="utf-8") as f:
        truth = {roundup: set(ids) for roundup, ids in json.load(f).items()}
    words = {doc["id"]: len(doc["text"].split()) for doc in read_jsonl(args.bases)}
    pairs = reported_pairs(args.pairs)
    sharing = {}
    for a, b in itertools.combinations(sorted(truth), 2):
        shared = truth[a] & truth[b]
        if shared:
            sharing[frozenset((a, b))] = words[next(iter(shared))]
    false = [p for p in pairs if p not in sharing]
    print(f"pairs sharing an article: {len(sharing)}, reported: "
          f"{sum(1 for p in sharing if p in pairs)}; other pairs reported: {len(false)}")
    for low, high in [(0, 250), (250, 450), (450, 10**9)]:
        band = [p for p, n in sharing.items() if low <= n < high]
        found = sum(1 for p in band if p in pairs)
        print(f"  shared article of {low}-{high if high < 10**9 else ''} words: {found} of {len(band)}")
    for p in false:
        print(f"  not sharing an article: {' / '.join(sorted(p))} ({pairs[p]})")


# Four invented sites' header and footer lines for `small-sites`: no outlet of outlets.py.
SMALL_SITES = [
    (["VALLEY CHRONICLE", "Subscribe | Sign in | e-Edition",
      "We use cookies to personalise content and ads. By continuing to browse you agree to "
      "our use of cookies.", "Advertisement"],
     ["Advertisement", "Related Topics",
      "Follow the Valley Chronicle on Facebook, Instagram and TikTok for breaking news alerts.",
      "Have a story tip? Email newsdesk@valleychronicle.example or call our 24-hour tip line.",
      "Terms of Service | Privacy Policy | Cookie Settings | Accessibility",
      "Copyright 2025 Valley Chronicle Media LLC. This material may not be published, "
      "broadcast, rewritten or redistributed."]),
    (["Harbor Wire — independent news since 1998", "Menu", "Search"],
     ["Support independent journalism. Harbor Wire is funded by readers like you: become a "
      "member today for as little as $5 a month.", "Share this article", "Read next",
      "Harbor Wire is a registered nonprofit newsroom. Our editorial decisions are made "
      "independently of our funders and advertisers.", "All rights reserved."]),
    (["The Morning Ledger", "Sunday edition"],
     ["Sign up for The Morning Ledger newsletter and get the day's most important stories "
      "delivered to your inbox every morning.",
      "Thank you for reading. Corrections and clarifications: if you spot an error in this "
      "article, please contact our standards editor.", "More from The Morning Ledger"]),
    (["PACIFIC DISPATCH", "News  Sport  Business  Opinion  Life"],
     ["Our journalists work around the clock to bring you the stories that matter in your "
      "community. Your subscription makes it possible.",
      "Already a subscriber? Log in here to keep reading without limits.",
      "Pacific Dispatch welcomes letters to the editor. Letters should be under 300 words and "
      "include the writer's full name and town.", "(c) Pacific Dispatch Publishing 2025"]),
]


def brief(text, max_words):
    """The headline and the paragraphs after it, while they stay within `max_words` words
    (the first paragraph always)."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    kept, words = paragraphs[:2], len(paragraphs[1].split()) if len(paragraphs) > 1 else 0
    for paragraph in paragraphs[2:]:
        words += len(paragraph.split())
        if words > max_words:
            break
        kept.append(paragraph)
    return kept


def cmd_small_sites(args):
    rng = random.Random(args.seed)
    articles = read_jsonl(args.corpus)
    rng.shuffle(articles)
    seen, briefs = set(), []
    for article in articles:
        lines = brief(article["text"], args.max_words)
        if len(lines) > 1 and lines[1] not in seen:
            seen.add(lines[1])
            briefs.append(lines)
    wanted = len(SMALL_SITES) * args.pages
    if len(briefs) < wanted:
        sys.exit(f"{args.corpus}: {len(briefs)} distinct briefs, {wanted} needed for "
                 f"{len(SMALL_SITES)} sites of {args.pages} pages")
    with open(args.out, "w", encoding="utf-8") as f:
        for number, (header, footer) in enumerate(SMALL_SITES):
            for page in range(args.pages):
                lines = header + briefs[number * args.pages + page] + footer
                record = {"id": f"site{number}-{page:03}", "text": "\n\n".join(lines)}
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(SMALL_SITES)} sites of {args.pages} briefs -> {args.out}")


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
    roundups = commands.add_parser("roundups", help="long roundups sharing whole articles")
    roundups.add_argument("--bases", required=True)
    roundups.add_argument("--per", type=int, default=8, help="articles per roundup")
    roundups.add_argument("--seed", type=int, default=7)
    roundups.add_argument("--spin", type=float, default=0.0,
                          help="spin the planted copies' words at this rate (thesaurus.py)")
    roundups.add_argument("--out", required=True)
    check = commands.add_parser("roundups-check", help="score a scan of the roundups")
    check.add_argument("--bases", required=True)
    check.add_argument("--out", required=True)
    check.add_argument("--pairs", required=True)
    sites = commands.add_parser("small-sites", help="briefs of a few invented sites")
    sites.add_argument("--corpus", required=True)
    sites.add_argument("--pages", type=int, default=10, help="briefs per site")
    sites.add_argument("--max-words", type=int, default=60)
    sites.add_argument("--seed", type=int, default=7)
    sites.add_argument("--out", required=True)
    args = parser.parse_args()
    commands = {"corpus": cmd_corpus, "shared": cmd_shared, "bases": cmd_bases,
                "roundups": cmd_roundups, "roundups-check": cmd_roundups_check,
                "small-sites": cmd_small_sites}
    commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
