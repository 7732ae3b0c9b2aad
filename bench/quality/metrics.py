"""Metric functions of the quality benchmark; score.py runs the tools and calls these.

Conventions: a pair key is (a, b) with a < b; `reported` maps a pair key to unspun's output
record (or, for the MinHash baseline, to a dict with at least `relation`); `truth` is the
loaded truth.json.
"""

import collections
import os
import re

from sklearn.metrics import adjusted_rand_score

from spinner import OPENERS

RELATIONS = ["verbatim", "near_duplicate", "excerpt", "spun"]


def ratio(num, den):
    """num / den, or None when den is 0."""
    return round(num / den, 4) if den else None


def f1(p, r):
    """Harmonic mean of precision and recall (None-safe)."""
    if not p or not r:
        return 0.0 if p is not None and r is not None else None
    return round(2 * p * r / (p + r), 4)


def detectable(pair):
    """Whether a truth pair shares at least two source sentences (copy-copy excerpts of
    disjoint parts share none and are reported apart)."""
    return pair.get("shared_sentences", 99) >= 2


def pair_kind(pair):
    """'source-copy' when one side is the family source, else 'copy-copy'."""
    return "source-copy" if pair.get("source") else "copy-copy"


# ---------------------------------------------------------------- recall

def recall_table(truth_pairs, systems):
    """Recall rows: by relation, by spin rate, by pair kind, adversarial, all.

    `systems` maps a system name to its set of reported pair keys."""
    groups = collections.OrderedDict()

    def add(name, pair):
        groups.setdefault(name, []).append(pair)

    for p in truth_pairs:
        if not detectable(p):
            continue
        add("all", p)
        if p.get("adversarial"):
            add(f"adversarial {p['relation']}", p)
            continue
        add(p["relation"], p)
        add(f"{p['relation']} ({pair_kind(p)})", p)
        if p["relation"] == "spun":
            add(f"spun {int(round(p['spin_rate'] * 100))}%", p)
            add(f"spun {int(round(p['spin_rate'] * 100))}% ({pair_kind(p)})", p)
    order = ["all"] + [r for rel in RELATIONS for r in (
        rel, f"{rel} (source-copy)", f"{rel} (copy-copy)")]
    order += [f"spun {r}%{k}" for r in (10, 25, 40, 60) for k in ("", " (source-copy)",
                                                                   " (copy-copy)")]
    order += ["adversarial verbatim", "adversarial near_duplicate"]
    rows = []
    for name in order:
        if name not in groups:
            continue
        ps = groups[name]
        row = {"group": name, "n": len(ps)}
        for sys_name, found in systems.items():
            row[sys_name] = ratio(sum((p["a"], p["b"]) in found for p in ps), len(ps))
        rows.append(row)
    return rows


def adversarial_vs_clean(truth, systems):
    """Recall of source-adversarial pairs next to the source-clean pairs they were made from."""
    docs = truth["documents"]
    by_key = {(p["a"], p["b"]): p for p in truth["pairs"]}
    rows = collections.defaultdict(lambda: collections.Counter())
    for doc_id, d in docs.items():
        if not d.get("adversarial"):
            continue
        src, clean = d["source"], d["clean_copy"]
        adv_key, clean_key = tuple(sorted((src, doc_id))), tuple(sorted((src, clean)))
        if adv_key not in by_key or clean_key not in by_key:
            continue
        rel = d["relation"]
        rows[rel]["n"] += 1
        for sys_name, found in systems.items():
            rows[rel][f"{sys_name} clean"] += clean_key in found
            rows[rel][f"{sys_name} adversarial"] += adv_key in found
    out = []
    for rel, c in sorted(rows.items()):
        row = {"relation": rel, "n": c["n"]}
        for sys_name in systems:
            row[f"{sys_name} clean"] = ratio(c[f"{sys_name} clean"], c["n"])
            row[f"{sys_name} adversarial"] = ratio(c[f"{sys_name} adversarial"], c["n"])
        out.append(row)
    return out


# ---------------------------------------------------------------- precision

def family_of(truth):
    """Document id -> truth family id (None for negatives)."""
    return {d_id: d["family"] for d_id, d in truth["documents"].items()}


def precision(reported_keys, fam):
    """Share of reported pairs whose two documents are in the same truth family."""
    good = sum(1 for a, b in reported_keys if fam.get(a) is not None and fam.get(a) == fam.get(b))
    return {"reported": len(reported_keys), "correct": good,
            "false_positives": len(reported_keys) - good,
            "precision": ratio(good, len(reported_keys))}


def false_positive_kinds(truth, reported_keys):
    """Planted negatives reported, per kind, and reported false pairs outside the negatives."""
    fam = family_of(truth)
    neg_kind = {(n["a"], n["b"]): n["kind"] for n in truth["negatives"]}
    totals = collections.Counter(n["kind"] for n in truth["negatives"])
    outlet = {d_id: d["outlet"] for d_id, d in truth["documents"].items()}
    hits = collections.Counter()
    for key in reported_keys:
        a, b = key
        if fam.get(a) is not None and fam.get(a) == fam.get(b):
            continue
        if key in neg_kind:
            hits[neg_kind[key]] += 1
        elif outlet[a] == outlet[b]:
            hits["unplanned, same outlet"] += 1
        else:
            hits["unplanned, different outlets"] += 1
    rows = [{"kind": k, "negatives": totals[k], "reported": hits[k],
             "rate": ratio(hits[k], totals[k])} for k in sorted(totals)]
    rows += [{"kind": k, "negatives": None, "reported": hits[k], "rate": None}
             for k in ("unplanned, same outlet", "unplanned, different outlets")]
    return rows


# ---------------------------------------------------------------- relation and source

def confusion(truth_pairs, reported):
    """Truth relation x reported relation counts over found truth pairs."""
    table = collections.defaultdict(collections.Counter)
    for p in truth_pairs:
        key = (p["a"], p["b"])
        if key in reported:
            truth_rel = p["relation"] + (" (adv)" if p.get("adversarial") else "")
            table[truth_rel][reported[key]["relation"]] += 1
    return {k: dict(v) for k, v in sorted(table.items())}


def attribution(truth_pairs, reported):
    """Source attribution over found pairs whose truth has a source."""
    c = collections.Counter()
    for p in truth_pairs:
        key = (p["a"], p["b"])
        if not p.get("source") or key not in reported:
            continue
        got = reported[key].get("source")
        c["found"] += 1
        c["correct"] += got == p["source"]
        c["null"] += got is None
        c["wrong"] += got is not None and got != p["source"]
    return {"found": c["found"], "correct": c["correct"], "null": c["null"],
            "wrong": c["wrong"], "accuracy": ratio(c["correct"], c["found"]),
            "accuracy_when_named": ratio(c["correct"], c["found"] - c["null"])}


def family_ari(truth, clusters):
    """Adjusted Rand index of predicted families against truth families, singletons included."""
    ids = sorted(truth["documents"])
    pred = {}
    for c in clusters:
        for m in c["members"]:
            pred[m] = f"c{c['cluster']}"
    truth_labels = [truth["documents"][d]["family"] or f"single:{d}" for d in ids]
    pred_labels = [pred.get(d, f"single:{d}") for d in ids]
    return round(adjusted_rand_score(truth_labels, pred_labels), 4)


def family_sources(truth, clusters):
    """How each predicted family that holds exactly one truth source names it: the source
    itself, a verbatim twin listed beside the truth source (`source_twins`), another member,
    or none."""
    docs = truth["documents"]
    counts = {"families": 0, "named": 0, "among_twins": 0, "wrong": 0, "none": 0}
    for c in clusters:
        sources = [m for m in c["members"] if docs.get(m, {}).get("role") == "source"]
        if len(sources) != 1:
            continue
        counts["families"] += 1
        named, twins = c.get("source"), c.get("source_twins", [])
        if named is None:
            counts["none"] += 1
        elif named == sources[0]:
            counts["named"] += 1
        elif sources[0] in twins:
            counts["among_twins"] += 1
        else:
            counts["wrong"] += 1
    n = max(1, counts["families"])
    counts["accuracy"] = round(counts["named"] / n, 4)
    counts["accuracy_with_twins"] = round((counts["named"] + counts["among_twins"]) / n, 4)
    return counts


# ---------------------------------------------------------------- boilerplate

def clean_path(clean_dir, doc_id):
    """Path unspun --clean writes for a document id."""
    return os.path.join(clean_dir, doc_id if doc_id.endswith(".txt") else doc_id + ".txt")


def line_kept(line, clean_lines, clean_flat):
    """Whether an original line survives in the clean text."""
    norm = " ".join(line.split())
    return norm in clean_lines or (len(norm) >= 20 and norm in clean_flat)


def boilerplate_scores(records, truth, clean_dir):
    """Line-level precision/recall/F1 of boilerplate removal, overall and per layout."""
    totals = collections.defaultdict(collections.Counter)
    emptied = []
    for rec in records:
        d = truth["documents"][rec["id"]]
        path = clean_path(clean_dir, rec["id"])
        clean = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        clean_lines = {" ".join(x.split()) for x in clean.splitlines() if x.strip()}
        clean_flat = " ".join(clean.split())
        boiler = collections.Counter(d["boilerplate_lines"])
        body_lines = body_removed = 0
        for line in rec["text"].splitlines():
            if not line.strip():
                continue
            is_boiler = boiler[line] > 0
            if is_boiler:
                boiler[line] -= 1
            removed = not line_kept(line, clean_lines, clean_flat)
            for key in ("all", f"layout: {d['layout']}", f"outlet: {d['outlet']}"):
                c = totals[key]
                c["tp"] += is_boiler and removed
                c["fp"] += (not is_boiler) and removed
                c["fn"] += is_boiler and not removed
            if not is_boiler:
                body_lines += 1
                body_removed += removed
        if body_lines and body_removed == body_lines:
            emptied.append(rec["id"])
    rows = []
    for key in sorted(totals, key=lambda k: (k != "all", k)):
        c = totals[key]
        p, r = ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])
        rows.append({"group": key, "precision": p, "recall": r, "f1": f1(p, r),
                     "boilerplate_lines": c["tp"] + c["fn"], "body_lines_removed": c["fp"]})
    return rows, emptied


# ---------------------------------------------------------------- sentence alignment

class Locator:
    """Finds whitespace-normalised sentences in a document and returns byte spans."""

    def __init__(self, text):
        """Index `text` (the record's text as given to unspun)."""
        self.norm_chars, self.orig_index = [], []
        prev_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if not prev_space and self.norm_chars:
                    self.norm_chars.append(" ")
                    self.orig_index.append(i)
                prev_space = True
            else:
                self.norm_chars.append(ch)
                self.orig_index.append(i)
                prev_space = False
        self.norm = "".join(self.norm_chars)
        self.byte_at = [0]
        for ch in text:
            self.byte_at.append(self.byte_at[-1] + len(ch.encode("utf-8")))

    def span(self, sentence):
        """Byte span [start, end) of the first occurrence of `sentence`, or None."""
        s = " ".join(sentence.split())
        k = self.norm.find(s)
        if k < 0:
            return None
        start = self.orig_index[k]
        end = self.orig_index[k + len(s) - 1] + 1
        return self.byte_at[start], self.byte_at[end]


def iou(x, y):
    """Intersection over union of two [start, end) spans."""
    inter = max(0, min(x[1], y[1]) - max(x[0], y[0]))
    union = max(x[1], y[1]) - min(x[0], y[0])
    return inter / union if union else 0.0


def alignment_scores(truth, texts, reported, relation="spun", min_iou=0.3):
    """Passage-level precision and planted-pair recall over found pairs of `relation`.

    A passage matches a planted [source sentence, copy sentence] pair when its spans overlap
    the two sentences' spans with intersection-over-union >= min_iou on both sides."""
    locators = {}

    def loc(doc_id):
        if doc_id not in locators:
            locators[doc_id] = Locator(texts[doc_id])
        return locators[doc_id]

    by_key = {(p["a"], p["b"]): p for p in truth["pairs"]}
    c = collections.Counter()
    for key_s, planted in truth["alignments"].items():
        a, b = key_s.split("|")
        p = by_key[(a, b)]
        if p["relation"] != relation or p.get("adversarial") or (a, b) not in reported:
            continue
        src_is_a = p["source"] == a
        spans = []
        for src_sent, copy_sent in planted:
            s_src = loc(p["source"]).span(src_sent)
            s_copy = loc(b if src_is_a else a).span(copy_sent)
            if s_src is None or s_copy is None:
                c["unlocated"] += 1
                continue
            spans.append((s_src, s_copy) if src_is_a else (s_copy, s_src))
        passages = [(tuple(x["a"]), tuple(x["b"])) for x in reported[(a, b)]["passages"]]
        hit_truth = [False] * len(spans)
        for pa, pb in passages:
            ok = False
            for t_i, (ta, tb) in enumerate(spans):
                if iou(pa, ta) >= min_iou and iou(pb, tb) >= min_iou:
                    hit_truth[t_i] = True
                    ok = True
            c["passages"] += 1
            c["correct_passages"] += ok
        c["planted"] += len(spans)
        c["recovered"] += sum(hit_truth)
        c["pairs"] += 1
    p = ratio(c["correct_passages"], c["passages"])
    r = ratio(c["recovered"], c["planted"])
    return {"pairs": c["pairs"], "passages": c["passages"], "planted": c["planted"],
            "precision": p, "recall": r, "f1": f1(p, r), "unlocated": c["unlocated"]}


# ---------------------------------------------------------------- examples

def body_excerpt(text, boiler_lines, n=160):
    """The first n characters of a document's story text (boilerplate lines skipped)."""
    boiler = set(boiler_lines)
    body = " ".join(line for line in text.splitlines() if line.strip() and line not in boiler)
    body = re.sub(r"\s+", " ", body)
    return body[:n] + ("..." if len(body) > n else "")


def span_text(text, span, n=140):
    """Text of a byte span, shortened to n characters."""
    s = text.encode("utf-8")[span[0]:span[1]].decode("utf-8", "replace")
    s = " ".join(s.split())
    return s[:n] + ("..." if len(s) > n else "")


def opener_evidence(truth, texts, reported):
    """How many of the sentence openers the spinner added ("Indeed, ", "Moreover, ") found
    source-copy pairs report as wording only the copy holds (a passage's `only_in_a` or
    `only_in_b` on the copy's side). Per pair, the openers planted are those the copy starts a
    sentence with beyond the source's own; each reported one counts up to that number."""
    words = [o.rstrip(", ") for o in OPENERS]
    pattern = re.compile(r"(?:^|[.!?\"\u201d]\s+)(" + "|".join(map(re.escape, words)) + r"), ")

    def count(text):
        return len(pattern.findall(text))

    c = collections.Counter()
    for p in truth["pairs"]:
        key = (p["a"], p["b"])
        if p["relation"] != "spun" or not p.get("source") or key not in reported:
            continue
        copy = p["b"] if p["source"] == p["a"] else p["a"]
        planted = count(texts[copy]) - count(texts[p["source"]])
        if planted <= 0:
            continue
        side = "only_in_a" if copy == p["a"] else "only_in_b"
        found = sum(w in words for x in reported[key]["passages"] for w in x.get(side, []))
        c["pairs"] += 1
        c["planted"] += planted
        c["found"] += min(found, planted)
    return {"pairs": c["pairs"], "planted": c["planted"], "found": c["found"],
            "recall": round(c["found"] / c["planted"], 3) if c["planted"] else None}
