"""The Spark job in local mode against `unspun scan`: the same pairs, field for field, on the
example articles and on a generated corpus of at least 20,000 documents."""

import csv
import json
import os
import pathlib
import subprocess
import sys

import pytest

from conftest import ROOT, scan_pairs

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("unspun-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    yield session
    session.stop()


def spark_pairs(spark, corpus, output, limits=None):
    from unspun import spark as job

    summary = job.run(spark, str(corpus), str(output), partitions=8, limits=limits)
    rows = spark.read.parquet(f"{output}/pairs").orderBy("a", "b").collect()
    pairs = []
    for row in rows:
        pair = row.asDict()
        for field in ("passages", "flags", "unaligned_a", "unaligned_b"):
            pair[field] = json.loads(pair[field])
        pairs.append(pair)
    return pairs, summary


def test_examples_match_scan(spark, unspun_binary, examples_jsonl, tmp_path):
    expected = scan_pairs(unspun_binary, examples_jsonl, tmp_path)
    found, summary = spark_pairs(spark, examples_jsonl, tmp_path / "out")
    assert len(expected) >= 20
    assert found == expected
    assert summary["documents"] == 36
    families = spark.read.parquet(str(tmp_path / "out" / "families")).count()
    assert families == summary["families"] == 7


def test_two_pages_of_one_site_share_only_its_furniture(spark, unspun_binary, tmp_path):
    corpus = tmp_path / "one-site.jsonl"
    with corpus.open("w") as f:
        for name in ("council-budget.txt", "season-opener.txt"):
            text = (ROOT / "examples" / "one-site" / name).read_text()
            f.write(json.dumps({"id": name, "text": text}) + "\n")
    assert scan_pairs(unspun_binary, corpus, tmp_path) == []
    found, _ = spark_pairs(spark, corpus, tmp_path / "out")
    assert found == []


def test_parquet_input_gives_the_same_pairs(spark, unspun_binary, examples_jsonl, tmp_path):
    expected = scan_pairs(unspun_binary, examples_jsonl, tmp_path)
    corpus = tmp_path / "examples.parquet"
    spark.read.json(str(examples_jsonl)).select("id", "text").write.parquet(str(corpus))
    found, summary = spark_pairs(spark, corpus, tmp_path / "out")
    assert summary["documents"] == 36
    assert found == expected


def test_tables_give_the_same_pairs(spark, unspun_binary, tmp_path):
    stories = sorted((ROOT / "examples" / "corpus").glob("*.txt"))
    quoted = tmp_path / "examples.csv"
    with quoted.open("w", newline="") as f:
        rows = csv.writer(f)
        rows.writerow(["Title", "ID", "Content"])
        rows.writerows(["", path.name, path.read_text()] for path in stories)
    unnamed = tmp_path / "examples.tsv"
    with unnamed.open("w") as f:
        f.write("category\ttext\n")
        f.writelines(f"news\t{' '.join(path.read_text().split())}\n" for path in stories)
    for corpus in (quoted, unnamed):
        expected = scan_pairs(unspun_binary, corpus, tmp_path)
        found, summary = spark_pairs(spark, corpus, tmp_path / corpus.suffix[1:])
        assert summary["documents"] == 36
        assert len(expected) >= 10 and found == expected
    assert expected[0]["a"].startswith(f"{unnamed}:")


def test_a_table_with_no_story_column_is_refused(spark, tmp_path):
    from unspun import spark as job

    labels = tmp_path / "labels.csv"
    labels.write_text("File,Category\na.txt,cut\n")
    with pytest.raises(ValueError, match="labels.csv: no column holds a story"):
        job.run(spark, str(labels), str(tmp_path / "out"), partitions=2)


def test_credits_name_the_source_as_scan_does(spark, unspun_binary, tmp_path):
    corpus = tmp_path / "undated.jsonl"
    with corpus.open("w") as f:
        for line in (ROOT / "examples" / "jsonl" / "feed.jsonl").read_text().splitlines():
            record = json.loads(line)
            record.pop("date", None)
            if record["id"] == "cmh-0708-algae":
                record["text"] += "\n\nThis article first appeared in the Tidewater Times."
            if record["id"] == "vnp-0709-algae":
                record["url"] = "https://viralnewspulse.example/algae"
                record["canonical"] = "https://www.tidewatertimes.example/algae"
            f.write(json.dumps(record) + "\n")
    expected = scan_pairs(unspun_binary, corpus, tmp_path)
    found, _ = spark_pairs(spark, corpus, tmp_path / "out")
    assert found == expected
    by_pair = {(p["a"], p["b"]): p for p in found}
    for copy in ["cmh-0708-algae", "vnp-0709-algae"]:
        credited = by_pair[tuple(sorted([copy, "tt-0708-algae"]))]
        assert credited["source"] == "tt-0708-algae"
        assert credited["source_confidence"] >= 0.9
    copies = by_pair[("cmh-0708-algae", "vnp-0709-algae")]
    assert copies["source"] is None and "common_original" in copies["flags"]


WIRE_STORY = [
    "The city council voted on Monday to close the old library on Elm Street at the end of the year.",
    "Council members said repairs to the roof and the heating would cost more than 2 million dollars.",
    "Librarian Ruth Okafor said the branch lent 40,000 books last year and hosted a reading club.",
    "The collection will move to the central library, which is three miles away across the river.",
    "A petition to keep the branch open has gathered more than 3,000 signatures since October.",
]


def test_a_story_run_by_more_sites_than_a_key_may_have_holders_is_found(
    spark, unspun_binary, tmp_path
):
    corpus = tmp_path / "wire.jsonl"
    with corpus.open("w") as out:
        for site in range(6):
            breaks = "\n" if site % 2 else " "
            out.write(json.dumps({"id": f"site-{site}", "text": breaks.join(WIRE_STORY)}) + "\n")
        edited = "\n".join(WIRE_STORY).replace("last year", "in 2025")
        out.write(json.dumps({"id": "edited", "text": edited}) + "\n")
    expected = scan_pairs(unspun_binary, corpus, tmp_path)
    assert len(expected) == 7 * 6 // 2
    found, _ = spark_pairs(spark, corpus, tmp_path / "out", limits={"max_postings": 3})
    assert found == expected


def generated_corpus():
    """A 20,000-document corpus from bench/perf/make_corpus.py (made once, then reused)."""
    path = pathlib.Path(os.environ.get("UNSPUN_SPARK_CORPUS", ROOT / "target" / "spark-20k"))
    corpus = path / "corpus.jsonl"
    if not corpus.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench/perf/make_corpus.py"), "--docs", "20000",
             "--seed", "11", "--out", str(path)],
            check=True,
        )
    return corpus


def test_generated_corpus_matches_scan(spark, unspun_binary, tmp_path):
    corpus = generated_corpus()
    documents = sum(1 for _ in corpus.open())
    assert documents >= 20000
    expected = scan_pairs(unspun_binary, corpus, tmp_path)
    found, summary = spark_pairs(spark, corpus, tmp_path / "out")
    assert summary["documents"] == documents
    assert len(expected) > 1000
    assert [(p["a"], p["b"]) for p in found] == [(p["a"], p["b"]) for p in expected]
    assert found == expected
