"""Generate a labelled news-reuse corpus for unspun's detection-quality benchmark.

    python3 bench/quality/generate.py --seed 7 --bases 1000 --out DIR

writes DIR/corpus.jsonl (unspun's JSONL input) and DIR/truth.json (what was planted). The
output is a function of the seed, the number of bases, --briefs, --wide, --no-outlets,
--templates, --loose-spin, --credits and base/bases.jsonl.gz only.

Each of `--bases` base articles is published by one outlet (the family's source) and gets 0-5
derivatives: verbatim copies, near-duplicates with house edits, excerpts and spun copies at
10/25/40/60% synonym rates; some verbatim and near-duplicate copies also get an adversarial
twin with look-alike letters and invisible characters. Negatives are added beside them:
same-topic articles, same-outlet pairs and pairs sharing one quote. See README.md.

With --briefs every base article is first cut to its opening 4-7 sentences, in two paragraphs:
news briefs, shorter than their outlets' furniture. With --wide 40% of the sources get 24
derivatives, most of them verbatim copies: stories syndicated widely. With --templates N,
N wire items written from one form (earnings tables, dividend notices, deal announcements,
market closes, match results; templates.py) are added: each is its own story, and one in eight
is also run word for word by a second outlet. With --credits S, a share S of the verbatim and
near-duplicate copies (not their disguised twins) end with a credit line naming the source's
outlet ("This article was originally published by ..."), as syndicated copies often do; the
line is furniture in the truth. Credits draw on a random stream of their own, so the corpus is
otherwise the one generated without them.
"""

import argparse
import datetime as dt
import gzip
import itertools
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import edits  # noqa: E402
import negatives  # noqa: E402
import outlets  # noqa: E402
import spinner as spinmod  # noqa: E402
import templates  # noqa: E402
from textutil import paragraphs_of, split_sentences  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_FILE = os.path.join(HERE, "base", "bases.jsonl.gz")
SPIN_RATES = (0.10, 0.25, 0.40, 0.60)
DERIVATIVE_COUNTS = {0: 0.15, 1: 0.25, 2: 0.25, 3: 0.20, 4: 0.10, 5: 0.05}
RELATION_WEIGHTS = {"verbatim": 0.22, "near_duplicate": 0.26, "excerpt": 0.20, "spun": 0.32}
# --wide: wire stories syndicated widely, so that a story's sentences are held by more
# documents than a small outlet's furniture.
WIDE_DERIVATIVE_COUNTS = {0: 0.3, 2: 0.3, 24: 0.4}
WIDE_RELATION_WEIGHTS = {"verbatim": 0.6, "near_duplicate": 0.3, "excerpt": 0.05, "spun": 0.05}
ADVERSARIAL_SHARE = 0.25

# --credits: how a syndicated copy credits its source's outlet.
CREDIT_LINES = [
    "This article was originally published by {outlet}.",
    "This story first appeared in {outlet}.",
    "Republished with permission from {outlet}.",
    "Originally published on {outlet}.",
]
SAME_TOPIC_SHARE = 0.30
SHARED_QUOTE_SHARE = 0.10
SHARED_BOILERPLATE_SHARE = 0.30
# --templates: the share of template reports that a second outlet runs word for word.
SYNDICATED_TEMPLATE_SHARE = 0.125
START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
RELATION_ORDER = ["spun", "excerpt", "near_duplicate", "verbatim"]


def load_bases(path=BASE_FILE):
    """Base articles from the gzipped JSONL file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def briefs(bases, seed):
    """Each base cut to its first 4-7 sentences in two paragraphs; bases that do not keep
    four sentences are left out. Drawn from a stream of its own, so the rest of the corpus is built as
    without it."""
    rng = random.Random(f"briefs-{seed}")
    cut = []
    for base in bases:
        sentences = [s for p in paragraphs_of(base["text"]) for s in split_sentences(p)]
        n = rng.randint(4, 7)
        if len(sentences) < n:
            continue
        half = n // 2
        text = " ".join(sentences[:half]) + "\n\n" + " ".join(sentences[half:n])
        if len(edits.units(edits.story_from_text(text))) >= 4:
            cut.append({**base, "text": text})
    return cut


def iso(t):
    """ISO 8601 timestamp in UTC with a Z suffix."""
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Builder:
    """Accumulates documents, families, pairs and negatives for one corpus."""

    def __init__(self, seed, bases, n_sources, wide=False, templates=0, loose_spin=False,
                 credits=0.0):
        """Pick the source bases for `seed`; the rest are the reserve. `wide` draws families
        from the --wide mix; `templates` reports are added after the families; `loose_spin`
        spins with the loose spinner."""
        self.rng = random.Random(seed)
        self.credits = credits
        self.credit_rng = random.Random(f"credits-{seed}")
        self.seed = seed
        self.templates = templates
        self.bases = bases
        self.derivative_counts = WIDE_DERIVATIVE_COUNTS if wide else DERIVATIVE_COUNTS
        self.relation_weights = WIDE_RELATION_WEIGHTS if wide else RELATION_WEIGHTS
        order = list(range(len(bases)))
        self.rng.shuffle(order)
        if n_sources > len(bases) * 0.8:
            raise SystemExit(f"--bases must be at most {int(len(bases) * 0.8)}")
        self.sources = order[:n_sources]
        self.reserve = order[n_sources:]
        self.unused = set(self.reserve)
        self.filler_sentences = []
        self.records, self.docs = [], {}
        self.families, self.pairs, self.negatives, self.alignments = [], [], [], {}
        self.serials = set()
        self.spinner = spinmod.Spinner(loose=loose_spin)
        self.topics = negatives.TopicIndex(bases)

    # ------------------------------------------------------------ helpers

    def new_id(self, outlet):
        """A fresh opaque document id such as 'lakeshore-04217'."""
        while True:
            n = self.rng.randint(10000, 99999)
            if n not in self.serials:
                self.serials.add(n)
                return f"{outlet.slug}-{n:05d}"

    def take_reserve(self):
        """An unused reserve base index (removed from the reserve)."""
        i = next((j for j in self.reserve if j in self.unused), None)
        if i is None:
            raise SystemExit("ran out of reserve bases")
        self.unused.discard(i)
        return i

    def filler(self, n):
        """`n` new sentences from unpublished reserve bases, each used only once."""
        while len(self.filler_sentences) < n:
            base = self.bases[self.take_reserve()]
            self.filler_sentences += [s for p in paragraphs_of(base["text"])
                                      for s in split_sentences(p) if len(s.split()) >= 6]
        out, self.filler_sentences = self.filler_sentences[:n], self.filler_sentences[n:]
        return out

    def publish(self, outlet, date, title, story, meta, credit=None):
        """Render a story under an outlet's furniture and record document and truth; a
        `credit` line, if given, closes the story."""
        doc_id = self.new_id(outlet)
        blocks = outlets.compose(outlet, self.rng, date, title, edits.paragraph_texts(story),
                                 credit)
        layout, width = outlets.pick_layout(outlet, self.rng)
        text, boiler = outlets.render(blocks, layout, width)
        self.records.append({"id": doc_id, "text": text, "date": iso(date),
                             "outlet": outlet.name, "title": title})
        info = {"outlet": outlet.name, "date": iso(date), "layout": layout}
        info.update(meta)
        info["boilerplate_lines"] = boiler
        self.docs[doc_id] = info
        return doc_id

    def credit_line(self, relation, src_outlet):
        """A credit line naming the source's outlet for a share of the syndicated copies."""
        if relation not in ("verbatim", "near_duplicate") or not self.credits:
            return None
        if self.credit_rng.random() >= self.credits:
            return None
        return self.credit_rng.choice(CREDIT_LINES).format(outlet=src_outlet.name)

    def pick_outlet(self, exclude):
        """A random outlet not in `exclude` (any outlet if all are excluded)."""
        choices = [o for o in outlets.OUTLETS if o.name not in exclude]
        return self.rng.choice(choices or outlets.OUTLETS)

    # ------------------------------------------------------------ families

    def derive(self, relation, story, title):
        """Derived (story, title, params) for one relation."""
        rng = self.rng
        if relation == "verbatim":
            return [[edits.Unit(u.src, u.text) for u in p] for p in story], title, {}
        if relation == "near_duplicate":
            new, new_title, chosen = edits.near_duplicate(story, title, rng, self.filler)
            return new, new_title, {"edits": chosen}
        if relation == "excerpt":
            new, params = edits.excerpt(story, rng, self.filler)
            if rng.random() < 0.4:
                title = edits.changed_headline(title, rng)
            return new, title, params
        rate = rng.choice(SPIN_RATES)
        new, params = spinmod.spin(self.spinner, story, rate, rng)
        title_story = [[edits.Unit((), title)]]
        self.spinner.substitute(title_story, rate, rng)
        return new, title_story[0][0].text, params

    def family(self, fam_no, base_index):
        """Publish one base article and its derivatives."""
        rng = self.rng
        base = self.bases[base_index]
        fam = f"fam-{fam_no:04d}"
        story = edits.story_from_text(base["text"])
        t0 = START + dt.timedelta(days=rng.uniform(0, 700))
        src_outlet = rng.choice(outlets.OUTLETS)
        used = {src_outlet.name}
        src_id = self.publish(src_outlet, t0, base["title"], story, {
            "role": "source", "family": fam, "relation": None, "source": None,
            "base": base["id"]})
        members = [{"id": src_id, "relation": None, "story": story, "date": t0,
                    "title": base["title"]}]
        counts, weights = self.derivative_counts, self.relation_weights
        k = rng.choices(list(counts), weights=counts.values())[0]
        for _ in range(k):
            relation = rng.choices(list(weights), weights=weights.values())[0]
            new, title, params = self.derive(relation, story, base["title"])
            date = t0 + dt.timedelta(hours=rng.uniform(1, 240))
            outlet = self.pick_outlet(used)
            used.add(outlet.name)
            meta = {"role": "copy", "family": fam, "relation": relation, "source": src_id,
                    "base": base["id"], "params": params}
            if relation == "spun":
                meta["spin_rate"] = params["spin_rate"]
            copy_id = self.publish(outlet, date, title, new, meta,
                                   self.credit_line(relation, src_outlet))
            members.append({"id": copy_id, "relation": relation, "story": new, "date": date,
                            "spin_rate": params.get("spin_rate"), "title": title})
            if relation in ("verbatim", "near_duplicate") and rng.random() < ADVERSARIAL_SHARE:
                adv, adv_params = edits.obfuscate(new, rng)
                adv_date = date + dt.timedelta(hours=rng.uniform(1, 48))
                adv_outlet = self.pick_outlet(used)
                used.add(adv_outlet.name)
                meta = dict(meta, adversarial=True, clean_copy=copy_id,
                            params=dict(params, **adv_params))
                adv_id = self.publish(adv_outlet, adv_date, title, adv, meta)
                members.append({"id": adv_id, "relation": relation, "story": adv,
                                "date": adv_date, "adversarial": True, "clean_copy": copy_id,
                                "title": title})
        self.families.append({"family": fam, "source": src_id,
                              "members": sorted(m["id"] for m in members)})
        self.family_pairs(members)
        return src_id, t0, src_outlet

    def family_pairs(self, members):
        """Truth pairs (and planted alignments) for every pair inside one family."""
        src = members[0]
        for x, y in itertools.combinations(members, 2):
            a, b = sorted([x, y], key=lambda m: m["id"])
            shared = (src_sentences(x) & src_sentences(y))
            pair = {"a": a["id"], "b": b["id"], "shared_sentences": len(shared)}
            if x is src:
                pair.update(relation=y["relation"], source=src["id"])
                copy = y
            else:
                pair.update(relation=combined_relation(x, y), source=None)
                copy = None
            rates = [m["spin_rate"] for m in (x, y) if m.get("spin_rate")]
            if rates and pair["relation"] == "spun":
                pair["spin_rate"] = max(rates)
            if x.get("adversarial") or y.get("adversarial"):
                pair["adversarial"] = True
            self.pairs.append(pair)
            if copy is not None and copy["relation"] in ("spun", "near_duplicate"):
                # A copy's headline is the source's, kept, spun or rewritten from its words.
                planted = edits.alignment_pairs(src["story"], copy["story"])
                self.alignments[f"{a['id']}|{b['id']}"] = [[src["title"], copy["title"]]] + planted

    # ------------------------------------------------------------ negatives

    def same_topic(self, src_index, src_id, t0, src_outlet):
        """Publish the nearest unused base as an independent same-topic article."""
        hit = self.topics.nearest(src_index, self.unused)
        if hit is None:
            return
        j, cos = hit
        self.unused.discard(j)
        base = self.bases[j]
        date = t0 + dt.timedelta(hours=self.rng.uniform(-120, 120))
        outlet = self.pick_outlet({src_outlet.name})
        neg_id = self.publish(outlet, date, base["title"], edits.story_from_text(base["text"]), {
            "role": "negative", "family": None, "relation": None, "source": None,
            "base": base["id"], "negative_kind": "same_topic"})
        self.negatives.append(dict(zip(("a", "b"), sorted([src_id, neg_id])),
                                   kind="same_topic", cosine=round(cos, 3)))

    def shared_quote_pairs(self, n):
        """Publish `n` pairs of unrelated reserve articles that share one inserted quote."""
        quotes = negatives.shared_quotes(self.rng, n)
        for quote in quotes:
            ids = []
            t0 = START + dt.timedelta(days=self.rng.uniform(0, 700))
            for _ in range(2):
                base = self.bases[self.take_reserve()]
                story = negatives.insert_quote(edits.story_from_text(base["text"]), quote,
                                               self.rng)
                date = t0 + dt.timedelta(hours=self.rng.uniform(0, 48))
                ids.append(self.publish(self.rng.choice(outlets.OUTLETS), date, base["title"],
                                        story, {"role": "negative", "family": None,
                                                "relation": None, "source": None,
                                                "base": base["id"], "negative_kind":
                                                "shared_quote", "quote": quote}))
            a, b = sorted(ids)
            self.negatives.append({"a": a, "b": b, "kind": "shared_quote"})

    def shared_boilerplate_pairs(self, n):
        """`n` pairs of documents of one outlet from different families (or none)."""
        by_outlet = {}
        for doc_id, info in self.docs.items():
            by_outlet.setdefault(info["outlet"], []).append(doc_id)
        taken = {(x["a"], x["b"]) for x in self.negatives}
        names = sorted(by_outlet)
        tries = 0
        while n > 0 and tries < n * 50:
            tries += 1
            ids = sorted(by_outlet[self.rng.choice(names)])
            a, b = sorted(self.rng.sample(ids, 2))
            fa, fb = self.docs[a]["family"], self.docs[b]["family"]
            if (fa is not None and fa == fb) or (a, b) in taken:
                continue
            taken.add((a, b))
            self.negatives.append({"a": a, "b": b, "kind": "shared_boilerplate"})
            n -= 1

    def template_reports(self, n):
        """Publish `n` template reports (see templates.py): independent items written from one
        form, each a negative beside the last report of its kind; one in eight is also run word
        for word by a second outlet, a family of two."""
        names = templates.Names(self.rng)
        last_of_kind = {}
        for no in range(1, n + 1):
            kind, title, paragraphs = templates.report(self.rng, names)
            story, i = [], 0
            for sentences in paragraphs:
                story.append([edits.Unit((i + k,), s) for k, s in enumerate(sentences)])
                i += len(sentences)
            date = START + dt.timedelta(days=self.rng.uniform(0, 700))
            outlet = self.rng.choice(outlets.OUTLETS)
            syndicated = self.rng.random() < SYNDICATED_TEMPLATE_SHARE
            fam = f"tpl-{no:04d}" if syndicated else None
            role = "source" if syndicated else "negative"
            doc_id = self.publish(outlet, date, title, story, {
                "role": role, "family": fam, "relation": None, "source": None,
                "base": f"template-{kind}", "negative_kind": "template"})
            if kind in last_of_kind:
                a, b = sorted([last_of_kind[kind], doc_id])
                self.negatives.append({"a": a, "b": b, "kind": "template"})
            last_of_kind[kind] = doc_id
            if syndicated:
                copy_date = date + dt.timedelta(hours=self.rng.uniform(1, 48))
                copy_id = self.publish(self.pick_outlet({outlet.name}), copy_date, title, story, {
                    "role": "copy", "family": fam, "relation": "verbatim", "source": doc_id,
                    "base": f"template-{kind}", "params": {}})
                self.families.append({"family": fam, "source": doc_id,
                                      "members": sorted([doc_id, copy_id])})
                self.family_pairs([
                    {"id": doc_id, "relation": None, "story": story, "date": date},
                    {"id": copy_id, "relation": "verbatim", "story": story, "date": copy_date}])

    # ------------------------------------------------------------ whole corpus

    def build(self):
        """Families for every source, then negatives."""
        for fam_no, i in enumerate(self.sources, 1):
            src_id, t0, src_outlet = self.family(fam_no, i)
            if self.rng.random() < SAME_TOPIC_SHARE:
                self.same_topic(i, src_id, t0, src_outlet)
        self.shared_quote_pairs(round(SHARED_QUOTE_SHARE * len(self.sources)))
        self.shared_boilerplate_pairs(round(SHARED_BOILERPLATE_SHARE * len(self.sources)))
        self.template_reports(self.templates)

    def truth(self):
        """The truth.json object."""
        return {"seed": self.seed, "bases": len(self.sources),
                "documents": dict(sorted(self.docs.items())),
                "pairs": sorted(self.pairs, key=lambda p: (p["a"], p["b"])),
                "negatives": sorted(self.negatives, key=lambda p: (p["a"], p["b"])),
                "families": self.families,
                "alignments": dict(sorted(self.alignments.items()))}


def src_sentences(member):
    """Source sentence indices present in a family member's story."""
    return {i for p in member["story"] for u in p for i in u.src}


def combined_relation(x, y):
    """Relation of a copy-copy pair: the 'strongest' transformation of either side; a copy and
    its own adversarial twin are verbatim."""
    if x.get("clean_copy") == y["id"] or y.get("clean_copy") == x["id"]:
        return "verbatim"
    for rel in RELATION_ORDER:
        if rel in (x["relation"], y["relation"]):
            return rel
    return "verbatim"


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bases", type=int, default=1000, help="number of source articles")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--base-file", default=BASE_FILE)
    ap.add_argument("--briefs", action="store_true",
                    help="cut every base article to its first 4-7 sentences")
    ap.add_argument("--no-outlets", action="store_true",
                    help="leave the outlet out of the corpus records (truth.json keeps it)")
    ap.add_argument("--wide", action="store_true",
                    help="give 40%% of the sources 24 derivatives, most of them verbatim")
    ap.add_argument("--templates", type=int, default=0, metavar="N",
                    help="add N template reports (earnings tables, dividend notices, market "
                         "closes...): independent items written from one form")
    ap.add_argument("--loose-spin", action="store_true",
                    help="spin with synonyms of every sense, multi-word ones included")
    ap.add_argument("--credits", type=float, default=0.0, metavar="SHARE",
                    help="end this share of the verbatim and near-duplicate copies with a "
                         "line crediting the source's outlet")
    args = ap.parse_args()
    bases = load_bases(args.base_file)
    if args.briefs:
        bases = briefs(bases, args.seed)
    builder = Builder(args.seed, bases, args.bases, wide=args.wide, templates=args.templates,
                      loose_spin=args.loose_spin, credits=args.credits)
    builder.build()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for rec in sorted(builder.records, key=lambda r: r["id"]):
            if args.no_outlets:
                rec = {k: v for k, v in rec.items() if k != "outlet"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    truth = builder.truth()
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    roles = {}
    for d in truth["documents"].values():
        key = d["role"] if d["role"] != "copy" else d["relation"] + (
            "+adv" if d.get("adversarial") else "")
        roles[key] = roles.get(key, 0) + 1
    print(f"{len(builder.records)} documents {json.dumps(roles, sort_keys=True)}; "
          f"{len(truth['pairs'])} pairs, {len(truth['negatives'])} negatives -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
