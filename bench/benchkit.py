"""What the reports of bench/perf, bench/serve and bench/spark share: the machine a benchmark
ran on and the binary under test, what GNU time reported, and how numbers are written in
their tables."""

import hashlib
import os
import platform
import re
import shutil
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def machine():
    """nproc, CPU model, memory, kernel, Python."""
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    return {"nproc": os.cpu_count(), "cpu": model, "memory_gib": round(mem_kb / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version()}


def fmt(x, digits=2):
    """Number formatting for tables."""
    if x is None:
        return "n/a"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def numbers(text, patterns):
    """For each (key, pattern) that matches `text`, its first group as an int or a float."""
    out = {}
    for key, pattern in patterns:
        m = re.search(pattern, text)
        if m:
            out[key] = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
    return out


def parse_time_v(text):
    """Fields of GNU time's -v report."""
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["wall_s"] = round(secs, 2)
    out.update(numbers(text, (("user_s", r"User time \(seconds\): ([\d.]+)"),
                              ("sys_s", r"System time \(seconds\): ([\d.]+)"),
                              ("max_rss_kb", r"Maximum resident set size \(kbytes\): (\d+)"),
                              ("cpu_percent", r"Percent of CPU this job got: (\d+)%"),
                              ("exit_status", r"Exit status: (\d+)"))))
    m = re.search(r"Command exited with non-zero status (\d+)", text)
    if m:
        out["exit_status"] = int(m.group(1))
    return out


def snapshot(binary, work):
    """Copy the unspun binary into `work` (named by its hash); returns what identifies it."""
    with open(binary, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    copy = os.path.join(work, f"unspun-{digest[:12]}")
    if not os.path.exists(copy):
        shutil.copy2(binary, copy)
    head = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h %s"],
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "crates"],
                           capture_output=True, text=True).stdout.strip()
    version = subprocess.run([copy, "--version"], capture_output=True, text=True).stdout.strip()
    return {"binary": os.path.abspath(binary), "snapshot": copy, "sha256": digest,
            "built": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(binary))),
            "version": version, "git_head_at_run": head,
            "crates_dirty_at_run": bool(dirty)}
