#!/usr/bin/env python3
"""Score HTML main-text extractors against a data set of pages with known main text.

Data sets (--dataset):
  readability  Mozilla Readability's test pages: <name>/source.html (the raw
               page) and <name>/expected.html (Readability.js's output, as HTML).
  zyte         Zyte's article-extraction-benchmark: html/<id>.html.gz (the raw
               page) and ground-truth.json (id -> {"articleBody": text written
               by people, ...}).
For every page the expected text is compared with each extractor's output
using bag-of-words token precision, recall and F1; see README.md for the exact
definition.

Extractors: trafilatura (in-process) and unspun (external command that takes
an HTML file path and prints the main text on stdout).
"""

import argparse
import contextlib
import datetime
import gzip
import json
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Elements whose boundaries separate words; inline elements (a, b, span, ...)
# do not, so "wo<b>rd</b>" stays one token.
BLOCK_TAGS = frozenset("""
    address article aside blockquote br caption dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main
    nav ol p pre section summary table tbody td tfoot th thead tr ul
""".split())
SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})

# Han, kana and CJK compatibility ideographs are scored per character, since
# those scripts do not separate words with spaces; other text by \w+ runs.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]|[^\W{CJK}]+")

EXTRACT_TIMEOUT_S = 120


class _TextCollector(HTMLParser):
    """Collect the visible text of an HTML fragment, spacing block elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip_depth += 1
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html):
    """Return the text of an HTML string with whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


def tokenize(text, ngram=1):
    """Return a multiset (Counter) of lowercased word n-grams of ``text``."""
    words = TOKEN_RE.findall(text.lower())
    if ngram == 1:
        return Counter(words)
    return Counter(tuple(words[i:i + ngram]) for i in range(len(words) - ngram + 1))


def score(expected, predicted):
    """Bag-of-tokens precision, recall and F1 of ``predicted`` vs ``expected``.

    Both arguments are Counters. An empty prediction scores 0 on all three.
    """
    overlap = sum((expected & predicted).values())
    precision = overlap / sum(predicted.values()) if predicted else 0.0
    recall = overlap / sum(expected.values()) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def load_pages(dataset, pages_dir):
    """Return sorted (name, expected text, HTML path) triples of a data set."""
    if not Path(pages_dir).is_dir():
        return []
    if dataset == "readability":
        return [(d.name, html_to_text((d / "expected.html").read_text("utf-8", "replace")),
                 d / "source.html")
                for d in sorted(Path(pages_dir).iterdir())
                if (d / "source.html").is_file() and (d / "expected.html").is_file()]
    truth_file = Path(pages_dir) / "ground-truth.json"
    if not truth_file.is_file():
        return []
    truth = json.loads(truth_file.read_text("utf-8"))
    return [(key, truth[key].get("articleBody") or "", Path(pages_dir) / "html" / f"{key}.html.gz")
            for key in sorted(truth)]


@contextlib.contextmanager
def plain_html(path):
    """Yield a path to the page's HTML, gunzipping ``*.gz`` into a temporary file."""
    if path.suffix != ".gz":
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=".html") as tmp:
        tmp.write(gzip.decompress(path.read_bytes()))
        tmp.flush()
        yield Path(tmp.name)


def extract_trafilatura(source_path):
    """Extract main text with trafilatura (settings fixed by the benchmark)."""
    import trafilatura
    return trafilatura.extract(source_path.read_bytes(), include_comments=False,
                               include_tables=True, favor_precision=False) or ""


def make_command_extractor(argv):
    """Return an extractor that runs ``argv + [source_path]`` and reads stdout."""
    def extract(source_path):
        proc = subprocess.run(argv + [str(source_path)], capture_output=True,
                              timeout=EXTRACT_TIMEOUT_S)
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"exit {proc.returncode}: {err[-1] if err else ''}")
        return proc.stdout.decode("utf-8", "replace")
    return extract


def resolve_unspun(cmd):
    """Turn the --unspun value into argv, or return (None, reason) to skip it."""
    if cmd.strip().lower() in ("", "none", "off", "skip"):
        return None, "disabled with --unspun none"
    argv = shlex.split(cmd)
    if not (shutil.which(argv[0]) or Path(argv[0]).is_file()):
        return None, f"command not found: {argv[0]} (build with `cargo build --release`)"
    return argv, None


def run_extractor(extract, source_path, expected_tokens, ngram):
    """Run one extractor on one page; return its scores, status and timing."""
    start = time.perf_counter()
    try:
        text, status = extract(source_path), "ok"
    except Exception as exc:  # any failure scores 0 for this page only
        text, status = "", f"error: {type(exc).__name__}: {exc}"[:300]
    seconds = time.perf_counter() - start
    tokens = tokenize(text, ngram)
    if status == "ok" and not tokens:
        status = "empty"
    precision, recall, f1 = score(expected_tokens, tokens)
    return {"precision": precision, "recall": recall, "f1": f1,
            "tokens": sum(tokens.values()), "status": status,
            "seconds": round(seconds, 4)}


def evaluate(pages, extractors, ngram):
    """Score every extractor on every page; return the per-page records."""
    records = []
    for i, (page, expected_text, html_path) in enumerate(pages, 1):
        expected_tokens = tokenize(expected_text, ngram)
        record = {"page": page, "expected_tokens": sum(expected_tokens.values()),
                  "results": {}}
        if expected_tokens:
            with plain_html(html_path) as source_path:
                for name, extract in extractors.items():
                    record["results"][name] = run_extractor(
                        extract, source_path, expected_tokens, ngram)
        else:
            record["skipped"] = "expected text is empty"
        records.append(record)
        print(f"[{i}/{len(pages)}] {page}", file=sys.stderr)
    return records


def summarize(records, names):
    """Mean P/R/F1, failures and per-page wins (strictly best F1) per extractor."""
    scored = [r for r in records if r["results"]]
    summary = {n: {"pages": len(scored), "wins": 0, "failures": []} for n in names}
    for name in names:
        results = [r["results"][name] for r in scored]
        for key in ("precision", "recall", "f1"):
            summary[name][key] = statistics.fmean(x[key] for x in results) if results else 0.0
        summary[name]["failures"] = [(r["page"], r["results"][name]["status"])
                                     for r in scored if r["results"][name]["status"] != "ok"]
    ties = 0
    for r in scored:
        f1s = {n: round(r["results"][n]["f1"], 6) for n in names}
        best = max(f1s.values())
        winners = [n for n in names if f1s[n] == best]
        if len(winners) == 1:
            summary[winners[0]]["wins"] += 1
        else:
            ties += 1
    return summary, ties


def markdown_report(summary, ties, records, skipped_note, meta):
    """Render the summary as a Markdown table plus failure and skip notes."""
    compare = len(summary) > 1
    lines = [f"Pages: {meta['pages_scored']} scored"
             f" ({meta['pages_total'] - meta['pages_scored']} skipped),"
             f" token n-gram: {meta['ngram']}, data set: {meta['dataset']} @ {meta['revision']}",
             "",
             "| Extractor | Pages | Precision | Recall | F1 | Better on | Failures |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, s in summary.items():
        wins = str(s["wins"]) if compare else "—"
        lines.append(f"| {name} | {s['pages']} | {s['precision']:.3f} | {s['recall']:.3f}"
                     f" | {s['f1']:.3f} | {wins} | {len(s['failures'])} |")
    if compare:
        lines += ["", f"Ties (equal F1): {ties} pages."]
    for name, s in summary.items():
        if s["failures"]:
            lines += ["", f"{name} failures (scored 0):"]
            lines += [f"- `{page}`: {status}" for page, status in s["failures"]]
    skipped = [r for r in records if not r["results"]]
    if skipped:
        lines += ["", "Skipped pages: " + ", ".join(f"`{r['page']}`" for r in skipped)]
    if skipped_note:
        lines += ["", f"unspun skipped: {skipped_note}"]
    return "\n".join(lines) + "\n"


def parse_args():
    """Parse the command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", choices=("readability", "zyte"), default="readability",
                    help="which data set --pages holds (default: %(default)s)")
    ap.add_argument("--pages", type=Path,
                    help="data set directory (default: bench/extraction/pages for"
                         " readability, bench/extraction/zyte for zyte)")
    ap.add_argument("--unspun", default="target/release/unspun extract",
                    help="command run as `CMD PAGE.html`; 'none' to skip"
                         " (default: %(default)s)")
    ap.add_argument("--no-trafilatura", action="store_true", help="do not run trafilatura")
    ap.add_argument("--ngram", type=int, default=1,
                    help="score n-gram shingles instead of single words (default: 1)")
    ap.add_argument("--markdown", type=Path, help="also write the Markdown report here")
    ap.add_argument("--json", type=Path,
                    help="per-page JSON output (default: results/scores-<UTC time>.json)")
    return ap.parse_args()


def main():
    """Run the benchmark and write the Markdown and JSON reports."""
    args = parse_args()
    args.pages = args.pages or HERE / {"readability": "pages", "zyte": "zyte"}[args.dataset]
    pages = load_pages(args.dataset, args.pages)
    if not pages:
        sys.exit(f"no {args.dataset} pages under {args.pages} (see README.md, Running)")

    extractors, versions = {}, {}
    unspun_argv, skipped_note = resolve_unspun(args.unspun)
    if unspun_argv:
        extractors["unspun"] = make_command_extractor(unspun_argv)
        versions["unspun"] = " ".join(unspun_argv)
    else:
        print(f"note: unspun skipped: {skipped_note}", file=sys.stderr)
    if not args.no_trafilatura:
        import trafilatura
        extractors["trafilatura"] = extract_trafilatura
        versions["trafilatura"] = trafilatura.__version__
    if not extractors:
        sys.exit("no extractor to run")

    records = evaluate(pages, extractors, args.ngram)
    summary, ties = summarize(records, list(extractors))
    revision_file = args.pages / "REVISION"
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(shlex.quote(a) for a in sys.argv),
            "dataset": args.dataset,
            "revision": (revision_file.read_text().strip()[:12]
                         if revision_file.is_file() else "unknown"),
            "pages_total": len(records),
            "pages_scored": sum(1 for r in records if r["results"]),
            "ngram": args.ngram, "extractors": versions, "unspun_skipped": skipped_note}

    report = markdown_report(summary, ties, records, skipped_note, meta)
    print(report)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(report, "utf-8")
    stamp = meta["date"].replace(":", "").replace("+0000", "Z")
    json_path = args.json or HERE / "results" / f"scores-{stamp}.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"meta": meta, "summary": summary, "ties": ties,
                                     "pages": records}, indent=1, ensure_ascii=False), "utf-8")
    print(f"per-page results: {json_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
