"""Wall time and peak memory of each stage of one `unspun scan`, read off its progress bar.

    python3 bench/perf/stages.py --corpus DIR [--unspun PATH] [--threads 2] [--json OUT]

unspun draws its progress bar only on a terminal, naming the stage it is in (analyzing,
boilerplate, candidates, aligning). This runs the scan on a pseudo-terminal and notes when
each name first appears: reading the input comes before "analyzing", clustering and writing
the output after "aligning" until the process exits. Resolution: the bar's redraw interval
(about 50 ms). The bar is redrawn at most every 50 ms and the boilerplate stage reports no
progress until it ends, so the switch to "boilerplate" shows only when that stage is over:
the "analyzing" span holds analysis and boilerplate learning and marking, the "boilerplate"
span the term-frequency count that follows (a CPU profile splits the first span; see
docs/PERFORMANCE.md). The peak resident set of each span is sampled from /proc (Linux) at
the same interval, so a short spike can be missed; the whole run's peak, from the kernel,
is printed too. The run is separate from run.py's timed one; drawing the bar costs a little.
"""

import argparse
import json
import os
import pty
import resource
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
STAGES = [("analyzing", "analysis (segment, normalize, tokenize, stem), then boilerplate "
                        "learning and marking"),
          ("boilerplate", "term frequencies"),
          ("candidates", "fingerprints + candidate index"),
          ("aligning", "verification (align, classify, attribute)")]


def main():
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--unspun", default=os.path.join(ROOT, "target", "release", "unspun"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json")
    args = ap.parse_args()
    out = os.path.join(args.corpus, "perf-run", "stages-pairs.jsonl")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [args.unspun, "scan", os.path.join(args.corpus, "corpus.jsonl"), "-o", out,
           "--threads", str(args.threads)]
    master, slave = pty.openpty()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=slave)
    os.close(slave)
    seen, buf = {}, ""
    peaks = {"start": 0}
    current = "start"
    while True:
        ready, _, _ = select.select([master], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(master, 65536).decode("utf-8", "replace")
            except OSError:
                chunk = ""
            if not chunk and proc.poll() is not None:
                break
            buf = (buf + chunk)[-20000:]
            now = time.perf_counter() - t0
            for name, _ in STAGES:
                if name not in seen and re.search(rf"\b{name} \[", buf):
                    seen[name] = now
                    current = name
                    peaks[name] = 0
        elif proc.poll() is not None:
            break
        peaks[current] = max(peaks[current], resident_mib(proc.pid))
    proc.wait()
    end = time.perf_counter() - t0
    marks = [("start", 0.0)] + [(n, seen[n]) for n, _ in STAGES if n in seen] + [("end", end)]
    labels = dict(STAGES, start="ingest (read and parse the input)")
    rows = []
    for (name, t), (_, t_next) in zip(marks[:-1], marks[1:]):
        rows.append({"stage": labels.get(name, name), "marker": name,
                     "seconds": round(t_next - t, 2), "peak_rss_mib": peaks.get(name, 0)})
    rows[-1]["stage"] += "; then clustering and writing the output"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    report = {"command": " ".join(cmd), "total_s": round(end, 2), "peak_rss_mib": peak,
              "stages": rows}
    for r in rows:
        print(f"{r['seconds']:8.2f}s  {100 * r['seconds'] / end:5.1f}%  "
              f"{r['peak_rss_mib']:7d} MiB  {r['stage']}")
    print(f"{end:8.2f}s  total, peak {peak} MiB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    sys.exit(proc.returncode)


def resident_mib(pid):
    """The resident set of a running process in MiB, or 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    main()
