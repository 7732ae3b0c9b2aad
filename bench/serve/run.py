"""Measure `unspun serve`: how fast it checks new articles against a persistent index.

    python3 bench/serve/run.py --corpus CORPUS.jsonl --work DIR --queries 2000 \
        --clients 16 --requests 4000 --max-seconds 300 --markdown OUT.md --json OUT.json

CORPUS.jsonl is a corpus such as bench/perf/make_corpus.py writes. Every k-th document (k
chosen so that about --queries are held out) goes to DIR/queries.jsonl, the rest to
DIR/archive.jsonl. The held-out documents play new articles: many have copies in the archive.

1. The archive is indexed with `/usr/bin/time -v timeout S unspun index add archive.jsonl
   --index DIR/index --quiet`, which gives wall time, documents per second and peak RSS. When
   DIR already holds the same split and an index of exactly the archive, the index is reused
   (to re-run the load alone) and the report gives the numbers of the add that built it, kept
   in DIR/add.json.
2. `unspun index stats` gives the index's size on disk, pairs and postings.
3. `unspun serve --read-only` listens on a free loopback port; after a warm-up of 50 uncounted
   checks, --clients threads, each with one persistent HTTP/1.1 connection, send --requests
   `POST /v1/check` requests, the held-out documents in turn, stopping early after
   --max-seconds. Each request's latency is the time from sending it to reading the whole
   response; any status but 200 is an error.
4. The server's peak and final RSS come from /proc/PID/status before it is stopped.

The unspun binary that runs is a copy in DIR named by its hash, so a rebuild during the run
cannot change it. Reported: the machine, archive size, add wall time, docs/s and peak RSS,
index bytes on disk (and per document), requests, clients, throughput, latency p50/p90/p99/max,
errors, the share of checks with at least one match, and the server's RSS. Every wait is
bounded: sockets time out after --socket-timeout seconds, the add after --add-timeout.
"""

import argparse
import collections
import http.client
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchkit  # noqa: E402
from benchkit import machine, parse_time_v, snapshot  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

WARMUP_REQUESTS = 50
QUERY_KEYS = ("id", "text", "date", "outlet", "title")
ERROR_SAMPLES = 5
STARTUP_TIMEOUT_S = 300


# ---------------------------------------------------------------- machine and binary

# ---------------------------------------------------------------- split

def split_corpus(corpus, work, n_queries):
    """Write WORK/archive.jsonl and WORK/queries.jsonl; returns the split's description.

    Both passes stream the corpus. A split already in WORK with the same corpus (path, size,
    mtime) and k is kept as it is."""
    stat = os.stat(corpus)
    with open(corpus, "rb") as f:
        n_docs = sum(1 for line in f if line.strip())
    k = max(2, n_docs // max(1, n_queries))
    split = {"corpus": os.path.abspath(corpus), "corpus_bytes": stat.st_size,
             "corpus_mtime": stat.st_mtime, "k": k, "documents": n_docs}
    manifest = os.path.join(work, "split.json")
    archive, queries = os.path.join(work, "archive.jsonl"), os.path.join(work, "queries.jsonl")
    if all(os.path.exists(p) for p in (manifest, archive, queries)):
        with open(manifest) as f:
            old = json.load(f)
        if {key: old.get(key) for key in split} == split:
            return old | {"reused": True}
    n_archive = n_held = 0
    with open(corpus, "rb") as src, open(archive, "wb") as a, open(queries, "wb") as q:
        for line in src:
            if not line.strip():
                continue
            if (n_archive + n_held + 1) % k == 0:
                q.write(line)
                n_held += 1
            else:
                a.write(line)
                n_archive += 1
    split.update(archive=n_archive, queries=n_held)
    with open(manifest, "w") as f:
        json.dump(split, f, indent=1)
    return split | {"reused": False}


def load_bodies(path):
    """The request bodies of the held-out documents: only the keys /v1/check takes."""
    bodies = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            body = {key: doc[key] for key in QUERY_KEYS if doc.get(key) is not None}
            bodies.append(json.dumps(body).encode("utf-8"))
    return bodies


# ---------------------------------------------------------------- index

def index_stats(unspun, index):
    """`unspun index stats` as a dict, or None when there is no index yet."""
    if not os.path.isdir(index):
        return None
    proc = subprocess.run([unspun, "index", "stats", "--index", index],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout)


def build_index(unspun, work, split, timeout, partial=False):
    """Index the archive unless WORK/index already holds exactly it (or, with `partial`, any of
    it: an add stopped by the timeout or killed); returns the add's numbers."""
    index = os.path.join(work, "index")
    record = os.path.join(work, "add.json")
    stats = index_stats(unspun, index)
    holds_all = stats and stats["documents"] == split["archive"]
    if split["reused"] and stats and (holds_all or (partial and stats["documents"] > 0)):
        print(f"the index holds {stats['documents']} documents of this archive: reusing it",
              file=sys.stderr, flush=True)
        earlier = {}
        if os.path.exists(record):
            with open(record) as f:
                earlier = json.load(f)
        return earlier | {"reused": True}
    if os.path.isdir(index):
        print(f"removing {index}: it does not hold this archive", file=sys.stderr, flush=True)
        shutil.rmtree(index)
    print(f"indexing {split['archive']} documents ...", file=sys.stderr, flush=True)
    cmd = [unspun, "index", "add", os.path.join(work, "archive.jsonl"), "--index", index,
           "--quiet"]
    stderr_path = os.path.join(work, "add.stderr")
    with open(stderr_path, "w") as err:
        proc = subprocess.run(["/usr/bin/time", "-v", "timeout", "-k", "30", str(timeout)] + cmd,
                              stdout=subprocess.DEVNULL, stderr=err)
    with open(stderr_path, errors="replace") as f:
        text = f.read()
    stopped = partial and proc.returncode in (124, 137)
    if proc.returncode != 0 and not stopped:
        sys.exit(f"index add failed (exit {proc.returncode}); see {stderr_path}:\n{text[-2000:]}")
    res = parse_time_v(text)
    added = index_stats(unspun, index)["documents"] if stopped else split["archive"]
    res.update(reused=False, stopped_by_timeout=stopped, command=shlex.join(cmd),
               documents=added, docs_per_s=round(added / res["wall_s"], 1),
               cpu_s=round(res["user_s"] + res["sys_s"], 2),
               max_rss_mib=round(res["max_rss_kb"] / 1024, 1),
               date=time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    with open(record, "w") as f:
        json.dump(res, f, indent=1)
    return res


# ---------------------------------------------------------------- server

class Server:
    """`unspun serve` on a free loopback port, its stderr drained into a log file."""

    def __init__(self, unspun, index, log_path, extra_args):
        self.cmd = [unspun, "serve", "--index", index, "--addr", "127.0.0.1:0",
                    "--read-only"] + extra_args
        self.log_path = log_path
        self.proc = None
        self.announced = queue.Queue()

    def start(self, timeout):
        """Start the server and return its (host, port) once it has announced them."""
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        threading.Thread(target=self._drain, daemon=True).start()
        try:
            addr = self.announced.get(timeout=timeout)
        except queue.Empty:
            addr = None
        if addr is None:
            sys.exit(f"unspun serve did not announce its address; see {self.log_path}")
        host, port = addr.rsplit(":", 1)
        return host, int(port)

    def _drain(self):
        """Copy stderr to the log; pass on the address from the 'listening on' line."""
        with open(self.log_path, "wb") as log:
            for line in self.proc.stderr:
                log.write(line)
                log.flush()
                m = re.search(rb"listening on http://(\S+)", line)
                if m:
                    self.announced.put(m.group(1).decode())
        self.announced.put(None)

    def memory(self):
        """Peak (VmHWM) and current (VmRSS) resident set size in MiB."""
        out = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    out[key] = round(int(value.split()[0]) / 1024, 1)
        return {"peak_rss_mib": out.get("VmHWM"), "rss_mib": out.get("VmRSS")}

    def cpu_seconds(self):
        """User + system CPU time the server has used so far."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def alive(self):
        """Whether the process is still running."""
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM, then SIGKILL after 30 s; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        return self.proc.returncode


def wait_healthy(host, port, timeout, socket_timeout):
    """Poll GET /healthz until it answers 200; returns its JSON."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection(host, port, timeout=socket_timeout)
        try:
            conn.request("GET", "/healthz")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status == 200:
                return json.loads(body)
            last = f"status {resp.status}: {body[:200]!r}"
        except OSError as e:
            last = repr(e)
        finally:
            conn.close()
        time.sleep(0.2)
    sys.exit(f"/healthz did not answer 200 within {timeout} s (last: {last})")


# ---------------------------------------------------------------- load

def client(host, port, bodies, tickets, deadline, socket_timeout, results):
    """One client thread: a keep-alive connection, one request per ticket until none is left."""
    conn = http.client.HTTPConnection(host, port, timeout=socket_timeout)
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    while time.monotonic() < deadline:
        try:
            n = next(tickets)
        except StopIteration:
            break
        body = bodies[n % len(bodies)]
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/v1/check", body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            latency = time.perf_counter() - t0
        except (OSError, http.client.HTTPException) as e:
            results.append({"latency_s": time.perf_counter() - t0, "status": None,
                            "closed": True, "error": repr(e)})
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=socket_timeout)
            continue
        result = {"latency_s": latency, "status": resp.status, "closed": resp.will_close}
        if resp.status == 200:
            result["matches"] = len(json.loads(data)["matches"])
        else:
            result["error"] = data[:300].decode("utf-8", "replace")
        results.append(result)
    conn.close()


class Tickets:
    """Thread-safe request numbers 0..n-1."""

    def __init__(self, n):
        self.lock = threading.Lock()
        self.it = iter(range(n))

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            return next(self.it)


def load(host, port, bodies, clients, requests, max_seconds, socket_timeout):
    """Send `requests` checks from `clients` threads.

    Returns the per-request results, the seconds taken, this process's CPU seconds and the
    number of client threads still waiting on a socket when given up on."""
    results = []
    tickets = Tickets(requests)
    deadline = time.monotonic() + max_seconds
    give_up = deadline + 2 * socket_timeout + 5
    threads = [threading.Thread(target=client, daemon=True,
                                args=(host, port, bodies, tickets, deadline, socket_timeout,
                                      results))
               for _ in range(clients)]
    t0, cpu0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, give_up - time.monotonic()))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return list(results), elapsed, cpu, sum(1 for t in threads if t.is_alive())


def percentile(sorted_values, q):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


def error_samples(errors):
    """The first error of each status, up to ERROR_SAMPLES of them."""
    first = {}
    for r in errors:
        first.setdefault(r["status"] or "no response", r["error"])
    return [{"status": status, "body": body}
            for status, body in list(first.items())[:ERROR_SAMPLES]]


def summarize(results, elapsed, clients):
    """Throughput, latency percentiles, errors and match share of one load run."""
    ok = [r for r in results if r["status"] == 200]
    errors = [r for r in results if r["status"] != 200]
    lat = sorted(r["latency_s"] * 1000 for r in ok)
    with_match = sum(1 for r in ok if r["matches"] > 0)
    return {
        "clients": clients, "requests": len(results), "ok": len(ok), "errors": len(errors),
        "errors_by_status": dict(collections.Counter(str(r["status"] or "no response")
                                                     for r in errors)),
        "connections_closed": sum(1 for r in results if r["closed"]),
        "error_samples": error_samples(errors),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(results) / elapsed, 1) if elapsed > 0 else None,
        "ok_per_s": round(len(ok) / elapsed, 1) if elapsed > 0 else None,
        "latency_ms": {name: round(percentile(lat, q), 1) if lat else None
                       for name, q in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))},
        "latency_mean_ms": round(sum(lat) / len(lat), 1) if lat else None,
        "share_with_match": round(with_match / len(ok), 3) if ok else None,
        "matches_per_check": round(sum(r["matches"] for r in ok) / len(ok), 2) if ok else None,
    }


# ---------------------------------------------------------------- report

def fmt(x, digits=1):
    """Number formatting for tables, one decimal by default."""
    return benchkit.fmt(x, digits)


def markdown(report):
    """The Markdown report of one run."""
    m, b, add, idx, ld = (report["machine"], report["unspun_build"], report["add"],
                          report["index"], report["load"])
    added = (f"{fmt(add['wall_s'], 2)} s, {fmt(add['docs_per_s'], 0)} docs/s, "
             f"peak RSS {fmt(add['max_rss_mib'], 0)} MiB" if "wall_s" in add else "n/a")
    if add["reused"]:
        added = f"index reused; built earlier ({add.get('date', 'date unknown')}): {added}"
    lat = ld["latency_ms"]
    unfinished = (f"; {ld['unfinished_clients']} clients given up on while waiting"
                  if ld["unfinished_clients"] else "")
    rows = [
        ("machine", f"{m['nproc']} cores, {m['cpu']}, {m['memory_gib']} GiB RAM"),
        ("unspun", f"{b['version']}, sha256 {b['sha256'][:12]} built {b['built']}; "
                   f"git HEAD {b['git_head_at_run']}"),
        ("archive documents", fmt(report["split"]["archive"])),
        ("documents indexed and served", fmt(idx["documents"]) + (
            " (the add was stopped part way: --partial)"
            if idx["documents"] != report["split"]["archive"] else "")),
        ("index add", added),
        ("index on disk", f"{fmt(idx['bytes_on_disk'] / 2**20)} MiB, "
                          f"{fmt(idx['bytes_per_document'], 0)} bytes/document"),
        ("index pairs, postings", f"{fmt(idx['pairs'])}, {fmt(idx['postings'])}"),
        ("held-out queries", fmt(report["split"]["queries"])),
        ("requests sent", f"{fmt(ld['requests'])} in {fmt(ld['seconds'], 2)} s"
                          f"{' (stopped at --max-seconds)' if ld['stopped_early'] else ''}"
                          f"{unfinished}"),
        ("clients", f"{fmt(ld['clients'])}, one keep-alive connection each "
                    f"({fmt(ld['connections_closed'])} closed during the load)"),
        ("throughput", f"{fmt(ld['requests_per_s'])} requests/s" + (
            f" ({fmt(ld['ok_per_s'])} answered 200 per s)" if ld["errors"] else "")),
        ("latency p50 / p90 / p99 / max",
         " / ".join(fmt(lat[k]) for k in ("p50", "p90", "p99", "max")) + " ms"),
        ("errors", fmt(ld["errors"]) + (" (" + ", ".join(
            f"{status}: {fmt(n)}" for status, n in ld["errors_by_status"].items()) + ")"
            if ld["errors"] else "")),
        ("checks with ≥ 1 match", f"{fmt(ld['share_with_match'], 3)} "
                                 f"({fmt(ld['matches_per_check'], 2)} matches per check)"),
        ("CPU during the load", f"server {fmt(ld['server_cpu_s'], 2)} s "
                                f"({fmt(ld['server_cpu_ms_per_request'])} ms per request), "
                                f"load generator {fmt(ld['client_cpu_s'], 2)} s"),
        ("server RSS", f"peak {fmt(report['server']['peak_rss_mib'], 0)} MiB, "
                       f"{fmt(report['server']['rss_mib'], 0)} MiB at the end, "
                       f"{fmt(report['server']['idle_rss_mib'], 0)} MiB before the load"),
    ]
    lines = [f"# unspun serve: {fmt(idx['documents'])} archived documents", "",
             "```", report["command"], "```", "", f"{report['date']}.", "",
             "| measure | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    if ld["error_samples"]:
        lines += ["", "First error of each status:", ""]
        lines += [f"- {e['status']}: `{e['body'][:200]}`" for e in ld["error_samples"]]
    lines += ["", "Latency is per request, from sending it to reading the whole response, over "
              "the answers with status 200; throughput counts every request.", ""]
    return "\n".join(lines)


def parse_args():
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="JSON Lines corpus (id, text, date, ...)")
    ap.add_argument("--work", required=True, help="directory for the split, index and logs")
    ap.add_argument("--unspun", default=os.path.join(ROOT, "target", "release", "unspun"))
    ap.add_argument("--queries", type=int, default=2000, help="documents to hold out, about")
    ap.add_argument("--clients", type=int, default=16, help="concurrent client connections")
    ap.add_argument("--requests", type=int, default=4000, help="checks to send (after warm-up)")
    ap.add_argument("--max-seconds", type=float, default=300, help="stop the load after this")
    ap.add_argument("--socket-timeout", type=float, default=60, help="seconds per socket wait")
    ap.add_argument("--add-timeout", type=int, default=7200, help="seconds for the index add")
    ap.add_argument("--partial", action="store_true",
                    help="serve the part of the archive indexed when the add stops at "
                         "--add-timeout (or an index a stopped add left in WORK)")
    ap.add_argument("--max-concurrent", type=int, help="passed to unspun serve")
    ap.add_argument("--timeout-ms", type=int, help="passed to unspun serve")
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--json", required=True)
    return ap.parse_args()


def serve_and_load(args, unspun, index, bodies):
    """Start the server, run warm-up and load, read its memory, stop it."""
    extra = []
    if args.max_concurrent is not None:
        extra += ["--max-concurrent", str(args.max_concurrent)]
    if args.timeout_ms is not None:
        extra += ["--timeout-ms", str(args.timeout_ms)]
    server = Server(unspun, index, os.path.join(args.work, "serve.stderr"), extra)
    try:
        host, port = server.start(STARTUP_TIMEOUT_S)
        health = wait_healthy(host, port, STARTUP_TIMEOUT_S, args.socket_timeout)
        idle = server.memory()["rss_mib"]
        print(f"serving {health['documents']} documents on {host}:{port}; warm-up ...",
              file=sys.stderr, flush=True)
        load(host, port, bodies, args.clients, WARMUP_REQUESTS, args.max_seconds,
             args.socket_timeout)
        print(f"load: {args.requests} checks from {args.clients} clients ...", file=sys.stderr,
              flush=True)
        server_cpu0 = server.cpu_seconds()
        results, elapsed, client_cpu, hung = load(host, port, bodies, args.clients,
                                                  args.requests, args.max_seconds,
                                                  args.socket_timeout)
        if not server.alive():
            sys.exit(f"unspun serve exited during the load; see {server.log_path}")
        server_cpu = server.cpu_seconds() - server_cpu0
        memory = server.memory() | {"idle_rss_mib": idle, "health": health,
                                    "command": shlex.join(server.cmd)}
    finally:
        exit_code = server.stop()
    summary = summarize(results, elapsed, args.clients)
    summary.update(stopped_early=len(results) < args.requests, unfinished_clients=hung,
                   server_cpu_s=round(server_cpu, 2), client_cpu_s=round(client_cpu, 2),
                   server_cpu_ms_per_request=round(1000 * server_cpu / max(1, len(results)), 1))
    return summary, memory | {"exit_code": exit_code}


def main():
    """Command line entry point."""
    args = parse_args()
    command = shlex.join([os.path.basename(sys.executable)] + sys.argv)
    os.makedirs(args.work, exist_ok=True)
    build = snapshot(args.unspun, args.work)
    unspun = build["snapshot"]
    print("splitting the corpus ...", file=sys.stderr, flush=True)
    split = split_corpus(args.corpus, args.work, args.queries)
    add = build_index(unspun, args.work, split, args.add_timeout, args.partial)
    index = os.path.join(args.work, "index")
    stats = index_stats(unspun, index)
    stats["bytes_per_document"] = round(stats["bytes_on_disk"] / max(1, stats["documents"]), 1)
    bodies = load_bodies(os.path.join(args.work, "queries.jsonl"))
    load_summary, server = serve_and_load(args, unspun, index, bodies)
    report = {"command": command, "cwd": os.getcwd(), "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
              "machine": machine(), "unspun_build": build, "split": split, "add": add,
              "index": stats, "load": load_summary, "server": server}
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    text = markdown(report)
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
