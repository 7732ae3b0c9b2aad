"""Human rewrites as a held-out check: the corpus of plagiarised short answers.

    python3 bench/quality/rewrites.py --folder DIR --unspun target/release/unspun \\
        --markdown report.md --json summary.json

`DIR` holds the corpus of Clough and Stevenson ("Developing a corpus of plagiarised short
answers", Language Resources and Evaluation, 2011) as it is distributed: `file_information.csv`
(`File,Task,Category`) and 100 text files. Five are Wikipedia texts on computer science
(`orig_taska.txt` .. `orig_taske.txt`); the other 95 are students' answers to five questions,
each written in one way it was asked for: copied from the Wikipedia text (`cut`), revised
lightly (`light`) or heavily (`heavy`) from it, or written from the student's own course
material without it (`non`). Nothing in it was made by this project's generator or spinner:
the rewording is people's. 17 files are Windows-1252, not UTF-8. The corpus is not part of
this repository; docs/QUALITY.md ("Human rewrites") says where it is found.

What is scored, for unspun (`unspun scan DIR`) and for MinHash LSH (word 5-gram shingles,
128 permutations, threshold 0.5, as in score.py), on the same files:

- pairs of an answer and its task's Wikipedia text, found or not, by category: `cut`,
  `light` and `heavy` ones are reuse, `non` ones are independent answers on the same topic;
- for found reuse, the relation reported and which side is named the source;
- every other reported pair: two answers drawn from the same Wikipedia text are one reuse
  family; a pair of answers to different questions, or one with a `non` answer, is not
  planted reuse (two `non` answers may still share their course material, which the list of
  such pairs lets a reader check).
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from minhash_baseline import minhash_pairs  # noqa: E402

REUSE = ("cut", "light", "heavy")
CATEGORIES = REUSE + ("non",)


def read_labels(folder):
    """`{file: (task, category)}` from the corpus's file_information.csv."""
    with open(os.path.join(folder, "file_information.csv"), newline="") as f:
        return {row["File"]: (row["Task"], row["Category"]) for row in csv.DictReader(f)}


def read_text(path):
    """A file's text: UTF-8, else Windows-1252 (the corpus's other encoding)."""
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def source_of(task):
    return f"orig_task{task}.txt"


def family_of(name, labels):
    """The reuse family of a file: its task's, unless it is an independent answer."""
    task, category = labels[name]
    return None if category == "non" else task


def unspun_pairs(folder, unspun):
    """`{(a, b): pair}` as `unspun scan` reports them, a < b, and the files it could not read
    (exit code 1: the scan ran and named them; any other failure stops the benchmark)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "pairs.jsonl")
        run = subprocess.run([unspun, "scan", folder, "-o", out, "--quiet"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"unspun scan failed ({run.returncode}): {run.stderr}")
        with open(out) as f:
            pairs = [json.loads(line) for line in f]
    skipped = [line for line in run.stderr.splitlines() if line.startswith("unspun: ")]
    return {tuple(sorted((p["a"], p["b"]))): p for p in pairs}, skipped


def baseline_pairs(folder, labels):
    records = [{"id": name, "text": read_text(os.path.join(folder, name))} for name in labels]
    return {tuple(sorted(k)): {"relation": None, "source": None} for k in minhash_pairs(records)}


def score_sources(pairs, labels):
    """Per category: answers, found, relations of the found, and the side named source."""
    rows = {c: {"answers": 0, "found": 0, "relations": collections.Counter(),
                "source": collections.Counter()} for c in CATEGORIES}
    for name, (task, category) in labels.items():
        if category not in rows:
            continue
        row = rows[category]
        row["answers"] += 1
        pair = pairs.get(tuple(sorted((name, source_of(task)))))
        if pair is None:
            continue
        row["found"] += 1
        row["relations"][pair["relation"]] += 1
        named = pair["source"]
        row["source"]["none" if named is None else "wiki" if named == source_of(task)
                      else "answer"] += 1
    return rows


def score_others(pairs, labels):
    """Reported pairs that are not an answer with its source, by what they join."""
    kinds = collections.Counter()
    listed = []
    for a, b in pairs:
        if labels[a][1] == "orig" or labels[b][1] == "orig":
            if labels[a][0] == labels[b][0]:
                continue
            kinds["different tasks"] += 1
        elif labels[a][0] != labels[b][0]:
            kinds["different tasks"] += 1
        elif family_of(a, labels) is not None and family_of(b, labels) is not None:
            kinds["two answers from one source"] += 1
        elif family_of(a, labels) is None and family_of(b, labels) is None:
            kinds["two non answers"] += 1
            listed.append((a, b))
        else:
            kinds["a non answer and a reused one"] += 1
            listed.append((a, b))
    return kinds, listed


def markdown(results):
    lines = ["| category | answers | unspun found | MinHash found | unspun relations | "
             "source named (Wikipedia / answer / none) |", "|---|---|---|---|---|---|"]
    for category in CATEGORIES:
        u = results["unspun"]["sources"][category]
        m = results["minhash"]["sources"][category]
        relations = ", ".join(f"{r} {n}" for r, n in sorted(u["relations"].items()))
        named = "/".join(str(u["source"].get(k, 0)) for k in ("wiki", "answer", "none"))
        lines.append(f"| {category} | {u['answers']} | {u['found']} | {m['found']} | "
                     f"{relations or '-'} | {named} |")
    lines += ["", "| other reported pairs | unspun | MinHash |", "|---|---|---|"]
    kinds = sorted(set(results["unspun"]["others"]) | set(results["minhash"]["others"]))
    for kind in kinds:
        lines.append(f"| {kind} | {results['unspun']['others'].get(kind, 0)} | "
                     f"{results['minhash']['others'].get(kind, 0)} |")
    skipped = results["unspun"]["skipped"]
    if skipped:
        lines += ["", f"unspun could not read {len(skipped)} files: " + "; ".join(skipped)]
    listed = results["unspun"]["listed"]
    if listed:
        lines += ["", "unspun's pairs with a `non` answer: "
                  + ", ".join(f"{a} / {b}" for a, b in listed)]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", required=True, help="the corpus folder")
    parser.add_argument("--unspun", default="target/release/unspun")
    parser.add_argument("--markdown", help="write the tables here")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()

    labels = read_labels(args.folder)
    found, skipped = unspun_pairs(args.folder, args.unspun)
    results = {}
    for system, pairs in (("unspun", found), ("minhash", baseline_pairs(args.folder, labels))):
        others, listed = score_others(pairs, labels)
        results[system] = {"sources": score_sources(pairs, labels), "others": others,
                           "listed": listed, "reported": len(pairs)}
    results["unspun"]["skipped"] = skipped
    report = markdown(results)
    print(report, end="")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
