"""Shared fixtures: the repository, the `unspun` binary, and corpora as JSON Lines."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def unspun_binary():
    """The release binary `unspun scan` runs from (built by the README's first command)."""
    path = pathlib.Path(os.environ.get("UNSPUN_BIN", ROOT / "target" / "release" / "unspun"))
    if not path.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def examples_jsonl(tmp_path_factory):
    """The bundled example articles as JSON Lines records."""
    out = tmp_path_factory.mktemp("examples") / "examples.jsonl"
    with out.open("w") as f:
        for path in sorted((ROOT / "examples" / "corpus").glob("*.txt")):
            f.write(json.dumps({"id": path.name, "text": path.read_text()}) + "\n")
    return out


def scan_pairs(binary, corpus, workdir):
    """What `unspun scan` reports for a corpus, as parsed JSON lines."""
    out = pathlib.Path(workdir) / "scan-pairs.jsonl"
    subprocess.run([str(binary), "scan", str(corpus), "-o", str(out), "--quiet"], check=True)
    return [json.loads(line) for line in out.read_text().splitlines()]
