"""Run unspun and its MinHash LSH peers on one corpus and compare speed at equal quality.

    python3 bench/perf/run.py --corpus DIR --tools unspun,datasketch,rensa,gaoya \
        --markdown OUT.md --json OUT.json

DIR is made by make_corpus.py (corpus.jsonl, truth-pairs.jsonl). The tools run one after
another, each in its own process under `/usr/bin/time -v timeout SECONDS ...`, which gives
wall time, CPU time and peak RSS (of the tool process and anything it waited for). unspun runs
as `unspun scan corpus.jsonl -o pairs.jsonl --threads N`; each peer as
`python3 bench/perf/peers/<tool>.py` (see those files). Work files go to DIR/perf-run/.

Per tool: documents per second end to end, wall seconds, CPU seconds, peak RSS, candidate
pairs examined (unspun: pairs aligned, from its summary; datasketch and rensa: distinct LSH
candidate pairs before the Jaccard check; gaoya: counted in a separate untimed run with a
Jaccard threshold of 0), pairs found (unspun's by relation), recall of the truth's
source-copy pairs by relation and spin rate (pairs sharing at least two source sentences, as
in bench/quality), the share of found pairs that are truth pairs, and unspun's throughput
divided by each peer's.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench", "quality"))

import metrics  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchkit import fmt, machine, parse_time_v, snapshot  # noqa: E402

PEERS = ("datasketch", "rensa", "gaoya")
RECALL_GROUPS = ["all", "spun", "spun 10%", "spun 25%", "spun 40%", "spun 60%", "excerpt",
                 "near_duplicate", "verbatim"]


# ---------------------------------------------------------------- running

def loadavg():
    """The 1-minute load average."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def timed(cmd, stderr_path, timeout):
    """Run `cmd` under /usr/bin/time -v and timeout; returns the measurement dict."""
    full = ["/usr/bin/time", "-v", "timeout", "-k", "30", str(timeout)] + cmd
    load_before = loadavg()
    t0 = time.perf_counter()
    with open(stderr_path, "w") as err:
        proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=err)
    elapsed = time.perf_counter() - t0
    with open(stderr_path, errors="replace") as f:
        text = f.read()
    res = parse_time_v(text)
    res.update(command=shlex.join(cmd), returncode=proc.returncode,
               wall_s_outer=round(elapsed, 2), load_before=load_before,
               load_after=loadavg(), timed_out=proc.returncode in (124, 137))
    return res, text


def unspun_summary(text):
    """Numbers from unspun's stderr summary."""
    out = {}
    m = re.search(r"documents\s+(\d+) read", text)
    if m:
        out["documents"] = int(m.group(1))
    m = re.search(r"candidates\s+(\d+) pairs aligned \((\d+) over-common keys skipped"
                  r"(?:, (\d+) common by chance)?\)", text)
    if m:
        out["candidates"], out["over_common_keys_skipped"] = int(m.group(1)), int(m.group(2))
        if m.group(3) is not None:
            out["scattered_keys"] = int(m.group(3))
    m = re.search(r"pairs\s+(\d+) reported: (.*)", text)
    if m:
        out["pairs"] = int(m.group(1))
        out["by_relation"] = {rel: int(n) for n, rel in re.findall(r"(\d+) (\w+)", m.group(2))}
    m = re.search(r"boilerplate (\d+) sentences learned", text)
    if m:
        out["boilerplate_sentences"] = int(m.group(1))
    m = re.search(r"time\s+([\d.]+)s(?:: (.*))?", text)
    if m:
        out["self_reported_s"] = float(m.group(1))
        if m.group(2):
            steps = re.findall(r"(\w+) ([\d.]+)s", m.group(2))
            out["steps_s"] = {name: float(seconds) for name, seconds in steps}
    return out


def run_unspun(args, corpus, work):
    """Run unspun scan; returns (result dict, set of found pair keys)."""
    pairs_path = os.path.join(work, "unspun-pairs.jsonl")
    cmd = [args.unspun, "scan", corpus, "-o", pairs_path, "--threads", str(args.threads)]
    res, text = timed(cmd, os.path.join(work, "unspun.stderr"), args.timeout)
    res["tool"] = "unspun"
    res["threads"] = args.threads
    found = set()
    if not res["timed_out"] and res.get("exit_status", res["returncode"]) in (0, 1):
        res.update(unspun_summary(text))
        with open(pairs_path, encoding="utf-8") as f:
            for line in f:
                p = json.loads(line)
                found.add(tuple(sorted((p["a"], p["b"]))))
    return res, found


def run_peer(args, name, corpus, work):
    """Run one peer script; returns (result dict, set of found pair keys)."""
    pairs_path = os.path.join(work, f"{name}-pairs.tsv")
    stats_path = os.path.join(work, f"{name}-stats.json")
    script = os.path.join(HERE, "peers", f"{name}.py")
    cmd = [sys.executable, script, "--corpus", corpus, "--out", pairs_path,
           "--stats", stats_path]
    res, _ = timed(cmd, os.path.join(work, f"{name}.stderr"), args.timeout)
    res["tool"] = name
    found = set()
    if res["timed_out"] or res["returncode"] != 0:
        return res, found
    with open(stats_path) as f:
        stats = json.load(f)
    res.update(documents=stats["documents"], candidates=stats["candidates"],
               pairs=stats["pairs"], stage_seconds=stats["stage_seconds"],
               config=stats["config"], threads=stats["config"].get("threads"))
    with open(pairs_path, encoding="utf-8") as f:
        for line in f:
            a, b, _ = line.rstrip("\n").split("\t")
            found.add((a, b))
    if name == "gaoya" and not args.no_candidate_pass:
        count_stats = os.path.join(work, "gaoya-count-stats.json")
        cmd = [sys.executable, script, "--corpus", corpus, "--out",
               os.path.join(work, "gaoya-count-pairs.tsv"), "--stats", count_stats,
               "--count-candidates"]
        c_res, _ = timed(cmd, os.path.join(work, "gaoya-count.stderr"), args.timeout)
        if c_res["returncode"] == 0:
            with open(count_stats) as f:
                res["candidates"] = json.load(f)["candidates"]
            res["candidates_note"] = "separate untimed run with Jaccard threshold 0"
        os.remove(os.path.join(work, "gaoya-count-pairs.tsv"))
    return res, found


# ---------------------------------------------------------------- scoring

def load_truth_pairs(corpus_dir):
    """All truth pair keys, and the detectable source-copy pairs."""
    keys, source_copy = set(), []
    with open(os.path.join(corpus_dir, "truth-pairs.jsonl"), encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            keys.add((p["a"], p["b"]))
            if p.get("source") and metrics.detectable(p):
                source_copy.append(p)
    return keys, source_copy


def recall(source_copy, found):
    """Recall of source-copy pairs by group (adversarial twins apart, as in bench/quality)."""
    rows = metrics.recall_table(source_copy, {"x": found})
    out = {}
    for row in rows:
        name = row["group"].replace(" (source-copy)", "")
        if name == row["group"] and name != "all" and not name.startswith("adversarial"):
            continue  # 'spun' etc. without the suffix duplicate the source-copy rows here
        out[name] = {"n": row["n"], "recall": row["x"]}
    return out


# ---------------------------------------------------------------- report

def markdown(report):
    """The Markdown report of one run."""
    docs = report["documents"]
    lines = [f"# Performance: {fmt(docs)} documents", "",
             f"Corpus `{report['corpus']}` ({report['corpus_mb']:.0f} MB); machine: "
             f"{report['machine']['nproc']} cores, {report['machine']['cpu']}, "
             f"{report['machine']['memory_gib']} GiB; {report['date']}.", ""]
    b = report.get("unspun_build")
    if b:
        lines += [f"unspun: {b['version']}, binary sha256 {b['sha256'][:12]} built {b['built']}; "
                  f"git HEAD at run time: {b['git_head_at_run']}"
                  f"{' (crates/ had uncommitted changes)' if b['crates_dirty_at_run'] else ''}.",
                  ""]
    lines += ["| tool | threads | wall s | docs/s | CPU s | peak RSS MiB | candidates | "
              "candidates/doc | pairs found | precision | recall spun | recall excerpt | "
              "recall all | unspun docs/s ÷ tool's | load before |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    base = report["tools"].get("unspun", {}).get("docs_per_s")
    for name, r in report["tools"].items():
        if r.get("timed_out") or r.get("failed"):
            lines.append(f"| {name} | {r.get('threads', '')} | "
                         f"{'timed out' if r.get('timed_out') else 'failed'} after "
                         f"{fmt(r.get('wall_s'))} s | | | | | | | | | | | | |")
            continue
        rc = r.get("recall", {})
        cand = r.get("candidates")
        ratio = (base / r["docs_per_s"]) if base and r.get("docs_per_s") else None
        lines.append(
            f"| {name} | {r.get('threads', '')} | {fmt(r.get('wall_s'))} | "
            f"{fmt(r.get('docs_per_s'), 0)} | {fmt(r.get('cpu_s'), 1)} | "
            f"{fmt(r.get('max_rss_mib'), 0)} | {fmt(cand)}"
            f"{'*' if r.get('candidates_note') else ''} | "
            f"{fmt(cand / docs if cand is not None else None)} | {fmt(r.get('pairs'))} | "
            f"{fmt(r.get('precision'), 3)} | {fmt(rc.get('spun', {}).get('recall'), 3)} | "
            f"{fmt(rc.get('excerpt', {}).get('recall'), 3)} | "
            f"{fmt(rc.get('all', {}).get('recall'), 3)} | "
            f"{fmt(ratio) + '×' if ratio else ''} | {r.get('load_before')} |")
    if any(r.get("candidates_note") for r in report["tools"].values()):
        lines += ["", "\\* gaoya's index does not report its candidates: counted in a separate "
                  "untimed run of the same pipeline with a Jaccard threshold of 0."]
    if any(len(r.get("rounds_wall_s", [])) > 1 for r in report["tools"].values()):
        lines += ["", "Each tool ran once per round, the tools in turn; the table gives each "
                  "tool's median run. Wall seconds by round: " + "; ".join(
                      f"{n} " + ", ".join(fmt(w) for w in r["rounds_wall_s"])
                      for n, r in report["tools"].items()) + "."]
        by_round = {n: r["unspun_throughput_ratio_rounds"] for n, r in report["tools"].items()
                    if r.get("unspun_throughput_ratio_rounds")}
        if by_round:
            lines += ["", "unspun docs/s ÷ tool's, round by round: " + "; ".join(
                f"{n} " + ", ".join(f"{fmt(x)}×" for x in v) for n, v in by_round.items()) + "."]
    lines += ["", "Recall is over the truth's source-copy pairs that share at least two source "
              "sentences; precision is the share of found pairs that are truth pairs (same "
              "family).", ""]
    u = report["tools"].get("unspun")
    if u and u.get("by_relation"):
        lines += ["unspun pairs by relation: " + ", ".join(
            f"{k} {fmt(v)}" for k, v in u["by_relation"].items()) + "."]
        if u.get("steps_s"):
            lines += ["", "unspun's own step times: " + ", ".join(
                f"{k} {v:.2f} s" for k, v in u["steps_s"].items()) + "."]
        lines += [""]
    names = [n for n, r in report["tools"].items() if r.get("recall")]
    if names:
        lines += ["## Recall of source-copy pairs", "",
                  "| group | n | " + " | ".join(names) + " |",
                  "|---|---|" + "---|" * len(names)]
        groups = RECALL_GROUPS + ["adversarial verbatim", "adversarial near_duplicate"]
        for g in groups:
            row = report["tools"][names[0]]["recall"].get(g)
            if not row:
                continue
            lines.append(f"| {g} | {fmt(row['n'])} | " + " | ".join(
                fmt(report["tools"][n]["recall"].get(g, {}).get("recall"), 3)
                for n in names) + " |")
        lines += [""]
    stage_tools = [n for n, r in report["tools"].items() if r.get("stage_seconds")]
    if stage_tools:
        lines += ["## Peer stages (seconds, from inside each script)", ""]
        for n in stage_tools:
            lines.append(f"- {n}: " + ", ".join(
                f"{k} {v:.2f}" for k, v in report["tools"][n]["stage_seconds"].items()))
        lines += [""]
    lines += ["## Commands", "", "```"]
    lines += [report["tools"][n]["command"] for n in report["tools"]]
    lines += ["```", ""]
    return "\n".join(lines)


def run_tool(args, name, corpus, work, n_docs, truth_keys, source_copy):
    """One timed run of one tool, scored against the truth."""
    if name == "unspun":
        res, found = run_unspun(args, corpus, work)
    else:
        res, found = run_peer(args, name, corpus, work)
    if res["timed_out"]:
        res["failed"] = True
    elif not found and res.get("pairs") is None:
        res["failed"] = True
    else:
        res["docs_per_s"] = round(n_docs / res["wall_s"], 1)
        res["cpu_s"] = round(res.get("user_s", 0) + res.get("sys_s", 0), 2)
        res["max_rss_mib"] = round(res.get("max_rss_kb", 0) / 1024, 1)
        res["found_pairs"] = len(found)
        res["precision"] = metrics.ratio(len(found & truth_keys), len(found))
        res["recall"] = recall(source_copy, found)
    return res


def median_run(runs):
    """The run of median wall time (the slower middle one of an even count), with every
    round's wall time beside it."""
    ok = [r for r in runs if not r.get("failed")]
    if not ok:
        return runs[-1]
    chosen = dict(sorted(ok, key=lambda r: r["wall_s"])[len(ok) // 2])
    chosen["rounds_wall_s"] = [r.get("wall_s") for r in runs]
    counted = next((r for r in runs if r.get("candidates_note")), None)
    if counted:
        chosen.update(candidates=counted["candidates"], candidates_note=counted["candidates_note"])
    return chosen


def add_ratios(report, rounds):
    """unspun's throughput over each peer's: from the median runs, and round by round (each
    round's tools ran one after another, minutes apart at most)."""
    unspun = rounds.get("unspun", [])
    for name, r in report["tools"].items():
        if name == "unspun":
            continue
        base = report["tools"].get("unspun", {}).get("docs_per_s")
        if base and r.get("docs_per_s"):
            r["unspun_throughput_ratio"] = round(base / r["docs_per_s"], 3)
        per_round = [round(u["docs_per_s"] / p["docs_per_s"], 3)
                     for u, p in zip(unspun, rounds[name])
                     if u.get("docs_per_s") and p.get("docs_per_s")]
        if len(per_round) > 1:
            r["unspun_throughput_ratio_rounds"] = per_round


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="directory made by make_corpus.py")
    ap.add_argument("--tools", default="unspun," + ",".join(PEERS))
    ap.add_argument("--unspun", default=os.path.join(ROOT, "target", "release", "unspun"))
    ap.add_argument("--threads", type=int, default=2, help="unspun --threads")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run every tool this many times, in turn; report each tool's median "
                    "run and the ratios round by round")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per tool run")
    ap.add_argument("--no-candidate-pass", action="store_true",
                    help="skip gaoya's extra run that counts its LSH candidates")
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--json", required=True)
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    corpus = os.path.join(args.corpus, "corpus.jsonl")
    work = os.path.join(args.corpus, "perf-run")
    os.makedirs(work, exist_ok=True)
    with open(corpus, "rb") as f:
        n_docs = sum(1 for line in f if line.strip())
    truth_keys, source_copy = load_truth_pairs(args.corpus)
    unspun_info = None
    if "unspun" in args.tools:
        # run a snapshot, so a rebuild of target/release during the run cannot change it
        unspun_info = snapshot(args.unspun, work)
        args.unspun = unspun_info["snapshot"]
    report = {"corpus": os.path.abspath(args.corpus), "documents": n_docs,
              "corpus_mb": os.path.getsize(corpus) / 1e6, "machine": machine(),
              "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "unspun_build": unspun_info,
              "tools": {}}
    names = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [n for n in names if n != "unspun" and n not in PEERS]
    if unknown:
        sys.exit(f"unknown tool {unknown[0]}")
    rounds = {name: [] for name in names}
    for number in range(args.rounds):
        for name in names:
            print(f"round {number + 1}: running {name} on {n_docs} documents ...",
                  file=sys.stderr, flush=True)
            res = run_tool(args, name, corpus, work, n_docs, truth_keys, source_copy)
            rounds[name].append(res)
            print(f"  {name}: {res.get('wall_s')} s, {res.get('max_rss_kb')} KB, "
                  f"{'TIMED OUT' if res['timed_out'] else ''}"
                  f"{'FAILED' if res.get('failed') else ''}", file=sys.stderr, flush=True)
        args.no_candidate_pass = True  # gaoya's candidates are the same in every round
    for name in names:
        report["tools"][name] = median_run(rounds[name])
    add_ratios(report, rounds)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
