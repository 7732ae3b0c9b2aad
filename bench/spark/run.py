"""Time unspun's Spark job at several local parallelisms on one corpus, next to `unspun scan`.

    python3 bench/spark/run.py --corpus CORPUS.jsonl --masters 'local[1],local[2]' \
        --partitions 8 --work DIR --markdown OUT.md --json OUT.json [--unspun PATH]

Each master runs in a fresh Python process (this script with `--one MASTER`), so no two runs
share a JVM. That process starts a SparkSession on the master (SPARK_LOCAL_IP=127.0.0.1)
with its web UI on a free loopback port and `spark.sql.shuffle.partitions` set to --partitions, then times
`unspun.spark.run(spark, corpus, DIR/out-MASTER, partitions)` with a wall clock (session
start-up is timed apart and not counted). Before the session stops it reads Spark's
monitoring REST API (`/api/v1/applications/<id>/stages?status=complete` and `/executors`)
and sums over the completed stages: shuffle bytes written and read, input and output bytes,
bytes spilled, stages and tasks; the driver's peak JVM heap comes from the executors'
`peakMemoryMetrics` (in local mode the driver is the only executor). It then reads back the
(a, b) of every pair the job wrote (`out-MASTER/pairs`, Parquet) and prints one JSON line.

The same corpus is scanned by the release binary, `unspun scan CORPUS -o PAIRS --threads 1`
and with its default threads (one per core), each timed once; their summaries give the
documents, pairs aligned (scan's candidate pairs) and pairs reported. Every Spark run's (a, b)
list is compared with the default-thread scan's.

Per row: wall seconds, documents per second, speed-up over local[1], candidate pairs, pairs,
shuffle bytes written, and shuffle bytes written and read per document, stages. Each
subprocess is stopped after --timeout seconds (its whole process group), HTTP goes to
127.0.0.1 only, and every wait is bounded. Work files (Spark output, scan pairs, stderr of
each run, the (a, b) lists) go to --work.
"""

import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchkit import fmt, machine, numbers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
STAGE_SUMS = ("shuffleWriteBytes", "shuffleReadBytes", "inputBytes", "outputBytes",
              "memoryBytesSpilled", "diskBytesSpilled", "numTasks", "executorRunTime")
PEAK_METRICS = ("JVMHeapMemory", "JVMOffHeapMemory", "ProcessTreeJVMRSSMemory",
                "ProcessTreePythonRSSMemory")


# ---------------------------------------------------------------- machine

def java_version():
    """The first line of `java -version`."""
    try:
        proc = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return lines[0] if lines else None


def pyspark_version():
    """The installed pyspark's version."""
    import pyspark

    return pyspark.__version__


def slug(master):
    """A file name for a master: local[2] -> local-2."""
    return re.sub(r"[^A-Za-z0-9]+", "-", master).strip("-")


# ---------------------------------------------------------------- the REST API (child side)

def loopback(ui_url):
    """The UI's address with its host replaced by 127.0.0.1."""
    parts = urllib.parse.urlsplit(ui_url)
    return f"http://127.0.0.1:{parts.port}"


def rest(base, path):
    """GET one monitoring API path on loopback; the decoded JSON."""
    url = f"{base}/api/v1{path}"
    if urllib.parse.urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"not a loopback address: {url}")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def settle(base, app):
    """Wait (at most ~10 s) until the status store holds no running job or active stage:
    the listener bus delivers the last events after the job's action has returned."""
    for _ in range(40):
        running = rest(base, f"/applications/{app}/jobs?status=running")
        active = rest(base, f"/applications/{app}/stages?status=active")
        if not running and not active:
            return True
        time.sleep(0.25)
    return False


def stage_totals(stages):
    """Sums of the STAGE_SUMS fields over the stages, with their count."""
    totals = {key: sum(s.get(key, 0) for s in stages) for key in STAGE_SUMS}
    totals["stages"] = len(stages)
    return totals


def peak_memory(executors):
    """The largest of each PEAK_METRICS value over the executors that report it."""
    peaks = {}
    for executor in executors:
        for key, value in (executor.get("peakMemoryMetrics") or {}).items():
            if key in PEAK_METRICS:
                peaks[key] = max(peaks.get(key, 0), value)
    return peaks


def spark_metrics(spark):
    """Stage totals, skipped stages and peak memory of the running application."""
    base = loopback(spark.sparkContext.uiWebUrl)
    app = rest(base, "/applications")[0]["id"]
    settled = settle(base, app)
    complete = rest(base, f"/applications/{app}/stages?status=complete")
    skipped = rest(base, f"/applications/{app}/stages?status=skipped")
    executors = rest(base, f"/applications/{app}/executors")
    out = stage_totals(complete)
    out.update(app_id=app, ui=base, settled=settled, skipped_stages=len(skipped),
               executors=len(executors), peak_memory=peak_memory(executors))
    return out


# ---------------------------------------------------------------- one Spark run (child)

def session(master, partitions, driver_memory):
    """A SparkSession on `master`, its UI on a free port of the loopback interface."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.appName(f"unspun-bench-{slug(master)}").master(master)
               .config("spark.ui.enabled", "true")
               .config("spark.ui.port", "0")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", str(partitions))
               .config("spark.executor.processTreeMetrics.enabled", "true"))
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    return builder.getOrCreate()


def written_pairs(spark, output, path):
    """Write the sorted (a, b) of the job's pairs to `path`; returns how many."""
    rows = spark.read.parquet(f"{output}/pairs").select("a", "b").collect()
    pairs = sorted((r["a"], r["b"]) for r in rows)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(pairs, f)
    return len(pairs)


def one(args):
    """Run the job once on args.one; print the result as one JSON line."""
    from unspun.spark import run

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    master = args.one
    output = os.path.join(args.work, f"out-{slug(master)}")
    t0 = time.perf_counter()
    spark = session(master, args.partitions, args.driver_memory)
    spark.sparkContext.setLogLevel("WARN")
    startup = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        summary = run(spark, args.corpus, output, args.partitions)
        wall = time.perf_counter() - t0
        metrics = spark_metrics(spark)
        pairs_file = os.path.join(args.work, f"pairs-{slug(master)}.json")
        written = written_pairs(spark, output, pairs_file)
        jvm = spark.sparkContext._jvm.java.lang.System.getProperty("java.version")
    finally:
        spark.stop()
    summary["problems"] = len(summary["problems"])
    print(json.dumps({"master": master, "wall_s": round(wall, 3),
                      "startup_s": round(startup, 3), "summary": summary, "spark": metrics,
                      "pairs_file": pairs_file, "pairs_written": written,
                      "output": output, "jvm_java_version": jvm}), flush=True)


# ---------------------------------------------------------------- subprocesses (parent)

def bounded(cmd, stderr_path, timeout, env=None):
    """Run `cmd` in its own process group, stopping the group after `timeout` seconds;
    returns (returncode or None when stopped, stdout, wall seconds)."""
    t0 = time.perf_counter()
    with open(stderr_path, "w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True,
                                start_new_session=True, env=env)
        try:
            out, _ = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            stop_group(proc)
            out, code = "", None
    return code, out, time.perf_counter() - t0


def stop_group(proc):
    """SIGTERM the process group of `proc`, SIGKILL it 30 s later if it is still there."""
    for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.communicate(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def tail(path, lines=15):
    """The last lines of a file."""
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


def run_spark(args, master):
    """One master in a fresh process; its result dict."""
    cmd = [sys.executable, os.path.abspath(__file__), "--one", master, "--corpus", args.corpus,
           "--partitions", str(args.partitions), "--work", args.work]
    if args.driver_memory:
        cmd += ["--driver-memory", args.driver_memory]
    stderr_path = os.path.join(args.work, f"spark-{slug(master)}.stderr")
    env = dict(os.environ, PYSPARK_PYTHON=os.environ.get("PYSPARK_PYTHON", sys.executable),
               SPARK_LOCAL_IP="127.0.0.1")
    code, out, outer = bounded(cmd, stderr_path, args.timeout, env)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if code != 0 or not lines:
        return {"master": master, "label": master, "failed": True, "timed_out": code is None,
                "returncode": code, "wall_s_outer": round(outer, 1),
                "stderr_tail": tail(stderr_path)}
    result = json.loads(lines[-1])
    result.update(label=master, kind="spark", command=shlex.join(cmd),
                  process_wall_s=round(outer, 1), documents=result["summary"]["documents"],
                  candidate_pairs=result["summary"]["candidate_pairs"],
                  pairs=result["summary"]["pairs"])
    return result


def scan_summary(text):
    """Documents, pairs aligned and pairs reported from scan's stderr summary."""
    return numbers(text, (("documents", r"documents\s+(\d+) read"),
                          ("candidate_pairs", r"candidates\s+(\d+) pairs aligned"),
                          ("pairs", r"pairs\s+(\d+) reported"),
                          ("families", r"families\s+(\d+)"),
                          ("self_reported_s", r"time\s+([\d.]+)s")))


def scan_pairs(path):
    """The sorted (a, b) of scan's JSON Lines output."""
    with open(path, encoding="utf-8") as f:
        return sorted((p["a"], p["b"]) for p in map(json.loads, f) if p)


def run_scan(args, threads):
    """One `unspun scan`, with --threads `threads` (None: its default); its result dict."""
    name = f"threads-{threads or 'default'}"
    out_path = os.path.join(args.work, f"scan-{name}.jsonl")
    cmd = [args.unspun, "scan", args.corpus, "-o", out_path]
    if threads:
        cmd += ["--threads", str(threads)]
    stderr_path = os.path.join(args.work, f"scan-{name}.stderr")
    code, _, wall = bounded(cmd, stderr_path, args.timeout)
    label = f"unspun scan --threads {threads}" if threads else \
        f"unspun scan (default threads: {os.cpu_count()})"
    if code not in (0, 1):  # 1: done, some input records had problems
        return {"label": label, "failed": True, "timed_out": code is None, "returncode": code,
                "stderr_tail": tail(stderr_path)}
    with open(stderr_path, errors="replace") as f:
        result = scan_summary(f.read())
    result.update(label=label, kind="scan", command=shlex.join(cmd), wall_s=round(wall, 3),
                  threads=threads, pairs_path=out_path, returncode=code)
    return result


def unordered(pairs):
    """The pairs as a set, each with its two ids sorted."""
    return {tuple(sorted(p)) for p in pairs}


def compare(spark_pairs, scan):
    """How a Spark run's (a, b) list stands against scan's."""
    spark_set, scan_set = set(spark_pairs), set(scan)
    out = {"equal": spark_pairs == scan, "spark": len(spark_pairs), "scan": len(scan),
           "only_spark": len(spark_set - scan_set), "only_scan": len(scan_set - spark_set)}
    if not out["equal"]:
        out["equal_unordered"] = unordered(spark_pairs) == unordered(scan)
        out["examples_only_spark"] = sorted(spark_set - scan_set)[:5]
        out["examples_only_scan"] = sorted(scan_set - spark_set)[:5]
    return out


# ---------------------------------------------------------------- report

def per_doc(value, docs):
    """value / docs, or None."""
    return value / docs if value is not None and docs else None


def derive(rows):
    """Documents per second and speed-up over local[1] for each row that ran."""
    base = next((r["wall_s"] for r in rows if r.get("label") == "local[1]"
                 and not r.get("failed")), None)
    for r in rows:
        if r.get("failed"):
            continue
        r["docs_per_s"] = round(r["documents"] / r["wall_s"], 1) if r.get("documents") else None
        r["speedup_vs_local1"] = round(base / r["wall_s"], 3) if base else None


def table_row(r):
    """One line of the main table."""
    if r.get("failed"):
        why = "timed out" if r.get("timed_out") else f"failed (exit {r.get('returncode')})"
        return f"| {r['label']} | {why} |" + " |" * 8
    s = r.get("spark", {})
    docs, speedup = r.get("documents"), r.get("speedup_vs_local1")
    return (f"| {r['label']} | {fmt(r['wall_s'], 1)} | {fmt(r.get('docs_per_s'), 0)} | "
            f"{fmt(speedup)}{'×' if speedup else ''} | {fmt(r.get('candidate_pairs'))} | "
            f"{fmt(r.get('pairs'))} | {fmt(s.get('shuffleWriteBytes'))} | "
            f"{fmt(per_doc(s.get('shuffleWriteBytes'), docs), 0)} | "
            f"{fmt(per_doc(s.get('shuffleReadBytes'), docs), 0)} | {fmt(s.get('stages'))} |")


def mib(x):
    """Bytes as MiB, or None."""
    return x / 2**20 if x is not None else None


def detail_row(r):
    """One line of the Spark details table."""
    s, peak, cmp_ = r["spark"], r["spark"]["peak_memory"], r.get("vs_scan", {})
    equal = {True: "yes", False: "no"}.get(cmp_.get("equal"), "n/a")
    return (f"| {r['label']} | {fmt(r['startup_s'], 1)} | {fmt(s['numTasks'])} | "
            f"{fmt(s['skipped_stages'])} | {fmt(s['inputBytes'])} | {fmt(s['outputBytes'])} | "
            f"{fmt(s['shuffleReadBytes'])} | {fmt(s['memoryBytesSpilled'])} | "
            f"{fmt(mib(peak.get('JVMHeapMemory')), 0)} | "
            f"{fmt(mib(peak.get('ProcessTreePythonRSSMemory')), 0)} | "
            f"{fmt(r['summary']['learned_boilerplate'])} | {fmt(r['summary']['families'])} | "
            f"{equal} |")


def mismatch_lines(rows):
    """A sentence per Spark run whose pairs differ from scan's."""
    lines = []
    for r in rows:
        c = r.get("vs_scan")
        if c and not c["equal"]:
            lines.append(f"- {r['label']}: {fmt(c['spark'])} pairs against scan's "
                         f"{fmt(c['scan'])}; {fmt(c['only_spark'])} only in Spark, "
                         f"{fmt(c['only_scan'])} only in scan; equal ignoring order within a "
                         f"pair: {'yes' if c['equal_unordered'] else 'no'}. Only in Spark, "
                         f"e.g. {c['examples_only_spark']}; only in scan, e.g. "
                         f"{c['examples_only_scan']}.")
    return lines


def markdown(report):
    """The Markdown report."""
    m = report["machine"]
    rows = report["rows"]
    spark_rows = [r for r in rows if r.get("kind") == "spark"]
    lines = [f"# unspun on Spark: {fmt(report['documents'])} documents", "", "```",
             report["command"], "```", "",
             f"Corpus `{report['corpus']}` ({report['corpus_mb']:.0f} MB), "
             f"--partitions {report['partitions']}; machine: {m['nproc']} cores "
             f"(nproc), {m['cpu']}, {m['memory_gib']} GiB RAM, Linux {m['kernel']}; "
             f"Python {m['python']}, pyspark {report['pyspark']}, {report['java']}; "
             f"{report['unspun_version'] or 'unspun binary n/a'}; {report['date']}.", "",
             "| master / tool | wall s | documents/s | speed-up vs local[1] | candidate pairs | "
             "pairs | shuffle write bytes | shuffle write B/doc | shuffle read B/doc | "
             "stages |", "|---|---|---|---|---|---|---|---|---|---|"]
    lines += [table_row(r) for r in rows]
    lines += ["", "Spark wall time is `unspun.spark.run` alone (session start-up is apart, "
              "below), the Parquet output and the summary counts included; scan's is the "
              "whole process. Scan's candidate pairs are its \"pairs aligned\". Shuffle and "
              "stage figures are summed over the completed stages in Spark's monitoring API "
              "(skipped stages, whose shuffle output was reused, are not counted).", ""]
    if spark_rows and not all(r.get("failed") for r in spark_rows):
        lines += ["| master | start-up s | tasks | skipped stages | input bytes | "
                  "output bytes | shuffle read bytes | spilled (memory) bytes | "
                  "peak JVM heap MiB | peak Python RSS MiB | learned boilerplate | families | "
                  "pairs equal scan |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        lines += [detail_row(r) for r in spark_rows if not r.get("failed")]
        lines += ["", "Peak memory is the driver's `peakMemoryMetrics` (local mode: one "
                  "executor, the driver); Python RSS is summed over the Python processes under "
                  "the JVM (daemon and workers); n/a where Spark gave no value. Input bytes "
                  "count reads of cached RDD blocks as well as of the corpus. \"pairs equal scan\" compares the sorted "
                  f"(a, b) list of the job's pairs with that of `{report['scan_reference']}`.",
                  ""]
    lines += mismatch_lines(rows)
    scans = [r for r in rows if r.get("kind") == "scan"]
    if len(scans) == 2 and "scans_equal" in report:
        lines += [f"The two scans' (a, b) lists are "
                  f"{'equal' if report['scans_equal'] else 'NOT equal'}.", ""]
    for r in rows:
        if r.get("failed"):
            lines += [f"{r['label']} failed; end of its stderr:", "", "```",
                      r["stderr_tail"].rstrip(), "```", ""]
    lines += ["## Commands", "", "```"] + [r["command"] for r in rows if r.get("command")]
    lines += ["```", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def unspun_version(binary):
    """`unspun --version`, or None."""
    try:
        return subprocess.run([binary, "--version"], capture_output=True, text=True,
                              timeout=60).stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def count_lines(path):
    """Non-blank lines of the corpus."""
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def scan_rows(args):
    """Both scans, and the default-thread scan's (a, b) list (None without a binary)."""
    if not args.unspun or not os.path.exists(args.unspun):
        return [], None, None
    rows, lists = [], []
    for threads in (1, None):
        print(f"scan, threads {threads or 'default'} ...", file=sys.stderr, flush=True)
        r = run_scan(args, threads)
        rows.append(r)
        lists.append(None if r.get("failed") else scan_pairs(r["pairs_path"]))
    equal = lists[0] == lists[1] if None not in lists else None
    return rows, lists[1], equal


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="JSON Lines corpus")
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--work", required=True, help="directory for work files")
    ap.add_argument("--unspun", default=os.path.join(ROOT, "target", "release", "unspun"),
                    help="release binary for the comparison scans")
    ap.add_argument("--driver-memory", help="spark.driver.memory (default: Spark's)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per subprocess")
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.corpus = os.path.abspath(args.corpus)
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    if args.one:
        one(args)
        return
    rows, reference, scans_equal = scan_rows(args)
    for master in [m.strip() for m in args.masters.split(",") if m.strip()]:
        print(f"spark, {master} ...", file=sys.stderr, flush=True)
        r = run_spark(args, master)
        if not r.get("failed") and reference is not None:
            with open(r["pairs_file"], encoding="utf-8") as f:
                r["vs_scan"] = compare([tuple(p) for p in json.load(f)], reference)
        print(f"  {r.get('wall_s', 'failed')} s", file=sys.stderr, flush=True)
        rows.append(r)
    rows.sort(key=lambda r: r.get("kind") == "scan")
    derive(rows)
    report = {"command": shlex.join(sys.orig_argv), "corpus": args.corpus,
              "documents": count_lines(args.corpus),
              "corpus_mb": os.path.getsize(args.corpus) / 1e6, "partitions": args.partitions,
              "machine": machine(), "pyspark": pyspark_version(), "java": java_version(),
              "unspun_version": unspun_version(args.unspun),
              "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
              "scan_reference": f"unspun scan (default threads: {os.cpu_count()})",
              "rows": rows}
    if scans_equal is not None:
        report["scans_equal"] = scans_equal
    text = markdown(report)
    print(text)
    for path, content in ((args.json, json.dumps(report, indent=1)), (args.markdown, text)):
        if path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(content)


if __name__ == "__main__":
    main()
