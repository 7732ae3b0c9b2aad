"""Score unspun (and a MinHash LSH baseline) on a corpus made by generate.py.

    python3 bench/quality/score.py --corpus DIR --unspun target/release/unspun \
        --markdown OUT.md [--json OUT.json]

Runs unspun twice (records with dates, and a copy of corpus.jsonl without dates), runs
MinHashLSH on the same texts, and reports pair recall, precision, false positives per negative
kind, the relation confusion matrix, source attribution, family ARI and family sources,
boilerplate removal and sentence alignment quality, with concrete failure examples. Work files
go to DIR/run/.
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import metrics  # noqa: E402
from minhash_baseline import NUM_PERM, SHINGLE, THRESHOLD, minhash_pairs  # noqa: E402


def load_jsonl(path):
    """List of JSON objects, one per line."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_unspun(binary, corpus, out_dir, tag, clean=True):
    """Run `unspun scan`; returns (pairs by key, clusters, command string, seconds)."""
    pairs_path = os.path.join(out_dir, f"pairs_{tag}.jsonl")
    fam_path = os.path.join(out_dir, f"families_{tag}.jsonl")
    cmd = [binary, "scan", corpus, "-o", pairs_path, "--clusters", fam_path, "--quiet"]
    if clean:
        clean_dir = os.path.join(out_dir, "clean")
        shutil.rmtree(clean_dir, ignore_errors=True)
        cmd += ["--clean", clean_dir]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"unspun failed ({proc.returncode}): {proc.stderr}")
    pairs = {(p["a"], p["b"]): p for p in load_jsonl(pairs_path)}
    return pairs, load_jsonl(fam_path), shlex.join(cmd), elapsed


def strip_dates(corpus, path):
    """Copy of corpus.jsonl without the `date` field."""
    with open(corpus, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for line in f:
            rec = json.loads(line)
            rec.pop("date", None)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- markdown helpers

def fmt(x):
    """Number formatting for tables."""
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def table(rows, columns, headers=None):
    """Markdown table of dict rows."""
    headers = headers or columns
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        out.append("| " + " | ".join(fmt(r.get(c)) for c in columns) + " |")
    return "\n".join(out)


def confusion_table(conf):
    """Markdown table of the relation confusion matrix."""
    cols = metrics.RELATIONS
    out = ["| truth \\ reported | " + " | ".join(cols) + " |", "|" + "---|" * (len(cols) + 1)]
    for truth_rel, row in conf.items():
        out.append(f"| {truth_rel} | " + " | ".join(str(row.get(c, 0)) for c in cols) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------- failure examples

def failures(truth, texts, reported, emptied=(), n_missed=2, n_fp=8):
    """Concrete missed truth pairs and false positives, deterministic order. `emptied` lists
    documents whose whole story --clean removed; misses involving them are shown apart."""
    emptied = set(emptied)
    docs = truth["documents"]
    fam = metrics.family_of(truth)
    neg_kind = {(n["a"], n["b"]): n["kind"] for n in truth["negatives"]}

    def body(doc_id):
        return metrics.body_excerpt(texts[doc_id], docs[doc_id]["boilerplate_lines"])

    missed = []
    groups = {}
    for p in truth["pairs"]:
        if (p["a"], p["b"]) in reported or not metrics.detectable(p):
            continue
        name = p["relation"] + (" (adversarial)" if p.get("adversarial") else "")
        if p["relation"] == "spun":
            name += f" {int(round(p['spin_rate'] * 100))}%"
        groups.setdefault(f"{name}, {metrics.pair_kind(p)}", []).append(p)
    for name in sorted(groups):
        ps = sorted(groups[name], key=lambda p: (p["a"] in emptied or p["b"] in emptied,
                                                 p["a"], p["b"]))
        for p in ps[:n_missed]:
            first = p["source"] or p["a"]
            second = p["b"] if first == p["a"] else p["a"]
            missed.append({"group": name, "a": p["a"], "b": p["b"], "source": p["source"],
                           "story_removed": sorted({p["a"], p["b"]} & emptied),
                           "params": {d: docs[d].get("params", {}) for d in (p["a"], p["b"])
                                      if docs[d].get("params")},
                           "excerpt_a": f"{first}: {body(first)}",
                           "excerpt_b": f"{second}: {body(second)}"})
    fps = []
    for key, rec in sorted(reported.items(), key=lambda kv: -kv[1]["score"]):
        a, b = key
        if fam.get(a) is not None and fam.get(a) == fam.get(b):
            continue
        first = rec["passages"][0] if rec["passages"] else None
        fps.append({"a": a, "b": b, "relation": rec["relation"], "score": rec["score"],
                    "outlets": [docs[a]["outlet"], docs[b]["outlet"]],
                    "negative_kind": neg_kind.get(key, "unplanned"),
                    "passages": len(rec["passages"]),
                    "passage_a": metrics.span_text(texts[a], first["a"]) if first else "",
                    "passage_b": metrics.span_text(texts[b], first["b"]) if first else ""})
        if len(fps) >= n_fp:
            break
    return missed, fps


def confusions(truth, texts, reported, cells=4, per_cell=2):
    """Examples of found source-copy pairs whose reported relation differs from the truth,
    from the largest off-diagonal cells of the confusion matrix."""
    docs = truth["documents"]
    by_cell = {}
    for p in truth["pairs"]:
        key = (p["a"], p["b"])
        if key not in reported or not p.get("source") or p.get("adversarial"):
            continue
        got = reported[key]["relation"]
        if got != p["relation"]:
            by_cell.setdefault((p["relation"], got), []).append(p)
    out = []
    for (want, got), ps in sorted(by_cell.items(), key=lambda kv: -len(kv[1]))[:cells]:
        for p in ps[:per_cell]:
            copy = p["b"] if p["source"] == p["a"] else p["a"]
            rec = reported[(p["a"], p["b"])]
            out.append({"truth": want, "reported": got, "count": len(ps), "a": p["a"],
                        "b": p["b"], "copy": copy, "params": docs[copy].get("params", {}),
                        "coverage": [rec["coverage_a"], rec["coverage_b"]],
                        "score": rec["score"]})
    return out


# ---------------------------------------------------------------- report

def evaluate(args):
    """Run everything and return the summary dict."""
    corpus = os.path.join(args.corpus, "corpus.jsonl")
    truth = json.load(open(os.path.join(args.corpus, "truth.json"), encoding="utf-8"))
    records = load_jsonl(corpus)
    texts = {r["id"]: r["text"] for r in records}
    work = os.path.join(args.corpus, "run")
    os.makedirs(work, exist_ok=True)

    dated, fam_dated, cmd_dated, t_dated = run_unspun(args.unspun, corpus, work, "dated")
    nodate_corpus = os.path.join(work, "corpus_nodates.jsonl")
    strip_dates(corpus, nodate_corpus)
    undated, fam_undated, cmd_undated, t_undated = run_unspun(
        args.unspun, nodate_corpus, work, "undated", clean=False)
    t0 = time.perf_counter()
    mh = minhash_pairs(records)
    t_mh = time.perf_counter() - t0

    systems = {"unspun": set(dated), "MinHash": set(mh)}
    truth_pairs = truth["pairs"]
    fam = metrics.family_of(truth)
    bp_rows, emptied = metrics.boilerplate_scores(records, truth, os.path.join(work, "clean"))
    missed, fps = failures(truth, texts, dated, emptied)
    summary = {
        "corpus": {"dir": args.corpus, "seed": truth["seed"], "bases": truth.get("bases"),
                   "documents": len(records), "truth_pairs": len(truth_pairs),
                   "detectable_truth_pairs": sum(map(metrics.detectable, truth_pairs)),
                   "negatives": len(truth["negatives"]), "families": len(truth["families"]),
                   "same_topic_mean_cosine": round(sum(n.get("cosine", 0) for n in truth[
                       "negatives"] if n["kind"] == "same_topic") / max(1, sum(
                           n["kind"] == "same_topic" for n in truth["negatives"])), 3)},
        "recall": metrics.recall_table(truth_pairs, systems),
        "adversarial_vs_clean": metrics.adversarial_vs_clean(truth, systems),
        "precision": {"unspun": metrics.precision(set(dated), fam),
                      "unspun (no dates)": metrics.precision(set(undated), fam),
                      "MinHash": metrics.precision(set(mh), fam)},
        "false_positives": {"unspun": metrics.false_positive_kinds(truth, set(dated)),
                            "MinHash": metrics.false_positive_kinds(truth, set(mh))},
        "confusion": metrics.confusion(truth_pairs, dated),
        "attribution": {"with_dates": metrics.attribution(truth_pairs, dated),
                        "without_dates": metrics.attribution(truth_pairs, undated)},
        "family_ari": {"unspun": metrics.family_ari(truth, fam_dated),
                       "unspun (no dates)": metrics.family_ari(truth, fam_undated),
                       "predicted_families": len(fam_dated)},
        "family_sources": {"with_dates": metrics.family_sources(truth, fam_dated),
                           "without_dates": metrics.family_sources(truth, fam_undated)},
        "boilerplate": bp_rows,
        "boilerplate_emptied_documents": emptied,
        "missed_pairs_with_emptied_document": sum(
            1 for p in truth_pairs if metrics.detectable(p) and (p["a"], p["b"]) not in dated
            and (p["a"] in set(emptied) or p["b"] in set(emptied))),
        "missed_pairs": sum(1 for p in truth_pairs if metrics.detectable(p)
                            and (p["a"], p["b"]) not in dated),
        "alignment": {"spun": metrics.alignment_scores(truth, texts, dated, "spun"),
                      "near_duplicate": metrics.alignment_scores(truth, texts, dated,
                                                                 "near_duplicate")},
        "opener_evidence": metrics.opener_evidence(truth, texts, dated),
        "failures": {"missed": missed, "false_positives": fps,
                     "relation_confusions": confusions(truth, texts, dated)},
        "runs": [
            {"what": "unspun, with dates", "command": cmd_dated, "seconds": round(t_dated, 2),
             "pairs": len(dated)},
            {"what": "unspun, dates removed", "command": cmd_undated,
             "seconds": round(t_undated, 2), "pairs": len(undated)},
            {"what": f"MinHashLSH (datasketch, {SHINGLE}-word shingles, {NUM_PERM} perms, "
                     f"threshold {THRESHOLD})", "command": "in-process",
             "seconds": round(t_mh, 2), "pairs": len(mh)},
        ],
    }
    summary["headline"] = headline(summary)
    return summary


def headline(s):
    """A flat dict of the main numbers, for tests and dashboards."""
    rec = {r["group"]: r for r in s["recall"]}
    bp = s["boilerplate"][0]
    out = {
        "unspun_recall": rec["all"]["unspun"], "minhash_recall": rec["all"]["MinHash"],
        "unspun_precision": s["precision"]["unspun"]["precision"],
        "minhash_precision": s["precision"]["MinHash"]["precision"],
        "attribution_with_dates": s["attribution"]["with_dates"]["accuracy"],
        "attribution_without_dates": s["attribution"]["without_dates"]["accuracy"],
        "family_ari": s["family_ari"]["unspun"],
        "boilerplate_f1": bp["f1"], "alignment_f1_spun": s["alignment"]["spun"]["f1"],
        "same_topic_reported": next(r["reported"] for r in s["false_positives"]["unspun"]
                                    if r["kind"] == "same_topic"),
    }
    for rel in metrics.RELATIONS:
        out[f"unspun_recall_{rel}"] = rec.get(rel, {}).get("unspun")
    for rate in (10, 25, 40, 60):
        out[f"unspun_recall_spun_{rate}"] = rec.get(f"spun {rate}%", {}).get("unspun")
    return out


def markdown(s, argv):
    """The Markdown report."""
    c = s["corpus"]
    out = [f"# unspun detection quality: {c['documents']} documents "
           f"(seed {c['seed']}, {c['bases']} bases)", ""]
    out += [f"Truth: {c['truth_pairs']} reuse pairs in {c['families']} families "
            f"({c['detectable_truth_pairs']} share at least two source sentences and are the "
            f"recall denominators), {c['negatives']} planted negative pairs (same-topic "
            f"negatives: mean tf-idf cosine {c['same_topic_mean_cosine']} to their article).",
            ""]
    out += ["## Pair recall", "", table(s["recall"], ["group", "n", "unspun", "MinHash"]), "",
            f"unspun misses {s['missed_pairs']} pairs; in {s['missed_pairs_with_emptied_document']}"
            " of them --clean removed the whole story of one of the two documents.", ""]
    out += ["## Adversarial copies vs their clean counterparts", "",
            table(s["adversarial_vs_clean"], ["relation", "n", "unspun clean",
                                               "unspun adversarial", "MinHash clean",
                                               "MinHash adversarial"]), ""]
    prec = [dict(system=k, **v) for k, v in s["precision"].items()]
    out += ["## Precision (a reported pair is correct when both documents are in one family)",
            "", table(prec, ["system", "reported", "correct", "false_positives", "precision"]),
            ""]
    out += ["## False positives by negative kind", ""]
    for sys_name, rows in s["false_positives"].items():
        out += [f"**{sys_name}**", "", table(rows, ["kind", "negatives", "reported", "rate"]), ""]
    out += ["## Relation confusion (unspun, found truth pairs)", "",
            confusion_table(s["confusion"]), ""]
    att = [dict(run=k, **v) for k, v in s["attribution"].items()]
    out += ["## Source attribution (found pairs whose truth has a source)", "",
            table(att, ["run", "found", "correct", "null", "wrong", "accuracy",
                        "accuracy_when_named"]), ""]
    fa = s["family_ari"]
    out += ["## Families", "", f"Adjusted Rand index vs truth families (singletons included): "
            f"**{fa['unspun']:.3f}** with dates, {fa['unspun (no dates)']:.3f} without; "
            f"{fa['predicted_families']} families predicted.", ""]
    fs = [dict(run=k, **v) for k, v in s["family_sources"].items()]
    out += ["Each family's source (families holding one truth source): the source named, "
            "listed among the named member's `source_twins` (its word-for-word copies that "
            "nothing orders), another member named, or none.", "",
            table(fs, ["run", "families", "named", "among_twins", "wrong", "none", "accuracy",
                       "accuracy_with_twins"]), ""]
    out += ["## Boilerplate removal (line level, from --clean)", "",
            table(s["boilerplate"], ["group", "precision", "recall", "f1", "boilerplate_lines",
                                     "body_lines_removed"]), "",
            f"Documents whose whole story was removed: {len(s['boilerplate_emptied_documents'])}"
            + (f" (e.g. {', '.join(s['boilerplate_emptied_documents'][:5])})"
               if s["boilerplate_emptied_documents"] else ""), ""]
    al = [dict(relation=k, **v) for k, v in s["alignment"].items()]
    out += ["## Sentence alignment (found pairs; passage matches a planted sentence pair at "
            "IoU >= 0.3 on both sides)", "",
            table(al, ["relation", "pairs", "passages", "planted", "precision", "recall",
                       "f1"]), ""]
    oe = s["opener_evidence"]
    out += ["Word evidence: of the sentence openers the spinner added (\"Indeed, \", \"Moreover, \") "
            f"in {oe['pairs']} found source-copy spun pairs, {oe['found']} of {oe['planted']} are "
            f"reported as wording only the copy holds (recall {fmt(oe['recall'])}).", ""]
    out += ["## Where it still fails", "", "### Missed pairs", ""]
    for m in s["failures"]["missed"]:
        out += [f"- **{m['group']}** `{m['a']}` / `{m['b']}` (source `{m['source']}`), "
                f"params `{json.dumps(m['params'])}`"
                + (f"; --clean removed the whole story of {', '.join(m['story_removed'])}"
                   if m["story_removed"] else ""),
                f"  - {m['excerpt_a']}", f"  - {m['excerpt_b']}"]
    out += ["", "### False positives (highest score first)", ""]
    if not s["failures"]["false_positives"]:
        out += ["None: every reported pair lies inside one truth family."]
    for f in s["failures"]["false_positives"]:
        out += [f"- `{f['a']}` / `{f['b']}` reported `{f['relation']}` score {f['score']} "
                f"({f['negative_kind']}; {' / '.join(f['outlets'])}; {f['passages']} passages)",
                f"  - a: {f['passage_a']}", f"  - b: {f['passage_b']}"]
    out += ["", "### Relation disagreements (largest cells, source-copy pairs)", ""]
    if not s["failures"]["relation_confusions"]:
        out += ["None."]
    for c in s["failures"]["relation_confusions"]:
        out += [f"- truth **{c['truth']}**, reported **{c['reported']}** ({c['count']} such "
                f"pairs): `{c['a']}` / `{c['b']}`, score {c['score']}, coverage "
                f"{c['coverage'][0]}/{c['coverage'][1]}, copy params `{json.dumps(c['params'])}`"]
    out += ["", "## Commands and times", "", f"`python3 {' '.join(argv)}`", ""]
    out += [table(s["runs"], ["what", "command", "seconds", "pairs"]), ""]
    return "\n".join(out)


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="directory with corpus.jsonl, truth.json")
    ap.add_argument("--unspun", default="target/release/unspun")
    ap.add_argument("--markdown", help="write the report here")
    ap.add_argument("--json", help="write the summary JSON here")
    args = ap.parse_args()
    summary = evaluate(args)
    report = markdown(summary, sys.argv)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(report)
    else:
        print(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
