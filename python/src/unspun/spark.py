"""unspun on Apache Spark: the whole scan pipeline, distributed, with the same Rust core.

    python -m unspun.spark INPUT OUTPUT [--master local[2]] [--partitions N]
    spark-submit --py-files unspun.zip unspun/spark.py INPUT OUTPUT   (on a cluster; see docs/SCALE.md)

INPUT is JSON Lines (the records `unspun scan` reads: id, text or html, url, title, outlet,
date; `.gz` too), a CSV or TSV table with those columns (`.csv`, `.tsv`, `.gz` too; read by
Spark's own reader, each row then as `unspun scan` reads it) or Parquet with those columns.
OUTPUT is a directory that receives `pairs/` (Parquet with the fields of `unspun scan` output,
`passages`, `flags`, `unaligned_a` and `unaligned_b` as JSON text, as `scan --format parquet`
writes them) and `families/`
(Parquet: cluster, members, source, source_twins).

Each stage is a Spark transformation around a Rust batch function; the corpus-wide statistics
are computed exactly as `scan` computes them, so the pairs are the ones `scan` reports:

1. read: records parsed by unspun's own JSONL or table-row parser, numbered in input order;
   the first record of each id is kept.
2. boilerplate: sentence layouts per partition; per sentence, the number of documents holding
   it and the nine with the lowest rank (a bounded combiner: a sentence in every document costs
   nine entries, not millions); their layouts joined back and judged in Rust. The learned
   sentences are few and are broadcast.
3. term document frequencies over story text, counted by key and broadcast.
4. fingerprint keys per partition; posting lists by key through a bounded combiner that marks
   keys held by more than `max_postings` documents as hot and drops them (the skew guard);
   lists of more than `crowded_postings` documents whose holders' sketch (computed in Rust)
   no other such list has are scattered and only add to pairs met through another key, as
   half a key toward the minimum;
   shared keys counted per pair with the sentences of each side they come from; each document
   keeps its strongest `max_per_document` later partners that pass the shared-key thresholds.
   A story told word for word by several documents (equal story hashes, computed in Rust) is
   keyed by its first teller only; its pairs are dealt out to the other tellers, which also
   pair with each other, as `scan` deals them, so a story run by thousands of sites never
   makes its keys hot.
5. verification: each candidate pair joined to both documents and verified in Rust.
6. witnesses: each pair left without a source joined to every pair of either side, and the
   documents paired with both sides vote in Rust (attribute::witnesses).
7. families: union-find over the pairs, collected to the driver (pairs are few beside
   documents).
"""

import argparse
import bisect
import itertools
import json
import os
import sys
from operator import add

UNSIGNED = (1 << 64) - 1

PAIR_FIELDS = [
    ("a", "string", False),
    ("b", "string", False),
    ("relation", "string", False),
    ("score", "double", False),
    ("source", "string", True),
    ("source_confidence", "double", False),
    ("coverage_a", "double", False),
    ("coverage_b", "double", False),
    ("aligned_sentences", "long", False),
    ("passages", "string", False),
    ("flags", "string", False),
    ("unaligned_a", "string", False),
    ("unaligned_b", "string", False),
]


def _core():
    """The native module, imported where the code runs (driver or executor)."""
    from unspun import _unspun

    return _unspun


def _batched(iterator, size=256):
    while True:
        batch = list(itertools.islice(iterator, size))
        if not batch:
            return
        yield batch


# 1. Reading -------------------------------------------------------------------------------


def _parsed(parse_one):
    """A partition function over (item, input position): `parse_one(core, item, position)`
    gives a document tuple or None, and the problems found."""

    def parse(partition):
        core = _core()
        for item, index in partition:
            doc, problems = parse_one(core, item, index)
            for problem in problems:
                yield ("problem", problem)
            if doc is not None:
                yield ("document", (index, doc))

    return parse


def _jsonl_parser(source):
    def parse_one(core, line, index):
        if not line.strip():
            return None, []
        return core.parse_jsonl_record(line, f"{source}:{index + 1}")

    return parse_one


def _row_parser(source, columns):
    # Spark does not count lines: a row is named as if each held one line after the header,
    # its line in a table whose stories hold no line break, as `unspun scan` names it.
    def parse_one(core, row, index):
        return core.parse_table_row(columns, list(row), f"{source}:{index + 2}")

    return parse_one


def _record_line(row):
    record = {k: v for k, v in row.asDict().items() if v is not None}
    return json.dumps(record, ensure_ascii=False)


def _table_separator(path):
    """The field separator of a CSV or TSV file (optionally gzip-compressed), or None."""
    name = path.rstrip("/").removesuffix(".gz")
    return {".csv": ",", ".tsv": "\t"}.get(os.path.splitext(name)[1].lower())


def _check_story_column(path, columns):
    """Refuses a table with no column a story may be in (a list of files, a table of labels):
    it is no corpus, and each of its rows would be reported."""
    problem = _core().table_header_problem(columns)
    if problem:
        raise ValueError(f"{path}: {problem}")


def read_documents(spark, path, partitions):
    """(input position, document tuple) for each usable record, first of each id; and the
    problems found, each naming file and line (or row)."""
    separator = _table_separator(path)
    if path.rstrip("/").endswith(".parquet"):
        records = spark.read.parquet(path).rdd.map(_record_line).zipWithIndex()
        parser = _jsonl_parser(path)
    elif separator:
        table = spark.read.csv(path, header=True, multiLine=True, sep=separator, escape='"')
        _check_story_column(path, table.columns)
        records = table.rdd.zipWithIndex()
        parser = _row_parser(path, table.columns)
    else:
        records = spark.sparkContext.textFile(path, partitions).zipWithIndex()
        parser = _jsonl_parser(path)
    parsed = records.mapPartitions(_parsed(parser)).cache()
    problems = parsed.filter(lambda r: r[0] == "problem").map(lambda r: r[1])
    docs = (
        parsed.filter(lambda r: r[0] == "document")
        .map(lambda r: (r[1][1][0], r[1]))
        .reduceByKey(lambda x, y: x if x[0] <= y[0] else y)
        .values()
    )
    return docs, problems


# 2. Boilerplate ---------------------------------------------------------------------------


def _layouts(partition):
    core = _core()
    for batch in _batched(partition):
        for (index, _), layout in zip(batch, core.sentence_layouts([doc for _, doc in batch])):
            yield index, layout


def _lowest(sample_size):
    def create(member):
        return (1, [member])

    def merge_value(combined, member):
        count, lowest = combined
        return count + 1, sorted(lowest + [member])[:sample_size]

    def merge_combiners(x, y):
        return x[0] + y[0], sorted(x[1] + y[1])[:sample_size]

    return create, merge_value, merge_combiners


def _judge(min_documents):
    def judge(partition):
        core = _core()
        for batch in _batched(partition):
            verdicts = core.judge_boilerplate(batch, min_documents)
            for (key, _, _, _), furniture in zip(batch, verdicts):
                if furniture:
                    yield key

    return judge


def _held_by(layouts, counted, wanted, config):
    """For each document sampled for a sentence held by at least `boilerplate_house_holders`
    documents: how many documents hold each of its sentences, in order (1 for fewer than
    `boilerplate_min_documents`, as `scan` counts them)."""
    wide = config["boilerplate_house_holders"]
    minimum = config["boilerplate_min_documents"]
    sampled = wanted.filter(lambda r: r[1][0][1] >= wide).map(lambda r: (r[0], None)).distinct()
    placed = sampled.join(layouts).flatMap(
        lambda r: ((key, (r[0], position)) for position, key in enumerate(r[1][1][1]))
    )
    return (
        placed.join(counted.mapValues(lambda v: v[0] if v[0] >= minimum else 1))
        .map(lambda r: (r[1][0][0], (r[1][0][1], r[1][1])))
        .groupByKey()
        .mapValues(lambda counts: [count for _, count in sorted(counts)])
    )


def _sample(grouped, wide):
    """A sentence's judging input: key, holders, its sample's layouts by rank, and their
    sentences' holder counts when the sentence is widely held."""
    (key, holders), members = grouped
    ordered = [member for _, member in sorted(members, key=lambda m: m[0])]
    layouts = [layout for layout, _ in ordered]
    held_by = [counts for _, counts in ordered] if holders >= wide else []
    return key, holders, layouts, held_by


def learn_boilerplate(docs, config):
    """Sentence keys judged boilerplate, as `scan` judges them."""
    layouts = docs.mapPartitions(_layouts).cache()
    holders = layouts.flatMap(
        lambda r: ((key, (r[1][0] & UNSIGNED, r[0])) for key in set(r[1][1]))
    )
    counted = holders.combineByKey(*_lowest(config["boilerplate_sample"]))
    recurring = counted.filter(lambda kv: kv[1][0] >= config["boilerplate_judged_holders"])
    wanted = recurring.flatMap(
        lambda kv: ((index, ((kv[0], kv[1][0]), order)) for order, index in kv[1][1])
    )
    counted_layouts = layouts.leftOuterJoin(_held_by(layouts, counted, wanted, config))
    samples = (
        wanted.join(counted_layouts)
        .map(lambda r: (r[1][0][0], (r[1][0][1], r[1][1])))
        .groupByKey()
        .map(lambda kv: _sample(kv, config["boilerplate_house_holders"]))
    )
    learned = samples.mapPartitions(_judge(config["boilerplate_min_documents"])).collect()
    layouts.unpersist()
    return sorted(learned)


# 3. Term frequencies ----------------------------------------------------------------------


def _with_model(learned, frequencies, work):
    def run(partition):
        core = _core()
        model = core.CorpusModel(learned.value, frequencies.value if frequencies else None)
        for batch in _batched(partition):
            yield from work(model, batch)

    return run


def count_terms(docs, learned):
    def terms(model, batch):
        for doc_terms in model.content_terms([doc for _, doc in batch]):
            yield from doc_terms

    content = docs.mapPartitions(_with_model(learned, None, terms))
    return content.map(lambda t: (t, 1)).reduceByKey(add).collectAsMap()


# 4. Candidates ----------------------------------------------------------------------------


def fingerprint(docs, learned, frequencies):
    """(index, (story hash or None, keys)) of every document."""

    def keys(model, batch):
        for (index, _), told in zip(batch, model.told_fingerprints([d for _, d in batch])):
            yield index, told

    return docs.mapPartitions(_with_model(learned, frequencies, keys))


def story_tellers(fingerprints):
    """{first teller: every teller, in input order} of each story told word for word by more
    than one document. Twins are a small part of a corpus, so the map is broadcast."""
    told = fingerprints.filter(lambda r: r[1][0] is not None).map(lambda r: (r[1][0], r[0]))
    tellers = told.groupByKey().mapValues(sorted).values().filter(lambda ts: len(ts) > 1)
    return {ts[0]: ts for ts in tellers.collect()}


def _bounded_postings(max_postings):
    limit = max_postings + 1

    def merge_value(docs, doc):
        if len(docs) < limit:
            docs.append(doc)
        return docs

    def merge_combiners(x, y):
        return (x + y)[:limit]

    return (lambda doc: [doc]), merge_value, merge_combiners


def _strongest(limit):
    def keep(partners):
        ranked = sorted(partners, key=lambda p: (-p[0], p[1]))[:limit]
        return sorted(b for _, b in ranked)

    return keep


def key_counts(fingerprints):
    """Size of each document's fingerprint: (distinct keys, distinct sentences)."""
    return fingerprints.mapValues(lambda told: (len(told[1]), len({s for _, s in told[1]})))


def _shared_tally(cap):
    """Merges (keys, sentences of a, sentences of b, keys not scattered) tallies; sentence sets
    are kept to `cap` members, enough to tell whether a pair reaches `min_sentences`."""

    def union(x, y):
        return tuple(sorted(set(x) | set(y)))[:cap]

    def merge(x, y):
        return x[0] + y[0], union(x[1], y[1]), union(x[2], y[2]), x[3] + y[3]

    return merge


def with_scattered_marks(postings, crowded_postings):
    """Each posting list with whether it is scattered, as `scan` judges it: held by more than
    `crowded_postings` documents, with a holders' sketch no other such list has (two common
    terms met by chance; a syndicated story's lists share their holders). A scattered key
    only adds to pairs that share another key, as half a key toward the minimum."""

    def sketch(holders):
        return _core().holders_sketch([doc for doc, _ in holders])

    crowded = postings.filter(lambda kv: len(kv[1]) > crowded_postings)
    recurring = (
        crowded.map(lambda kv: (sketch(kv[1]), 1))
        .reduceByKey(add)
        .filter(lambda kv: kv[1] >= 2)
        .keys()
        .collect()
    )
    kept = postings.context.broadcast(set(recurring))

    def scattered(holders):
        return len(holders) > crowded_postings and sketch(holders) not in kept.value

    return postings.mapValues(lambda holders: (holders, scattered(holders)))


def candidate_pairs(fingerprints, counts, tellers, config):
    """(a, b) input positions, a < b, as `scan`'s candidate stage finds them: only a story's
    first teller posts its keys (`tellers`, broadcast), and its pairs are dealt out to the
    story's other tellers."""
    max_postings = config["max_postings"]
    postings = fingerprints.mapPartitions(_first_tellers(tellers)).flatMap(
        lambda r: ((key, (r[0], sentence)) for key, sentence in r[1][1])
    ).combineByKey(*_bounded_postings(max_postings))
    usable = with_scattered_marks(
        postings.filter(lambda kv: 2 <= len(kv[1]) <= max_postings), config["crowded_postings"]
    )
    shared = usable.flatMap(
        lambda kv: (
            ((a, b), (1, (sa,), (sb,), 0 if kv[1][1] else 1))
            for (a, sa), (b, sb) in itertools.combinations(sorted(kv[1][0]), 2)
        )
    ).reduceByKey(_shared_tally(config["min_sentences"]))

    def passes(partition):
        core = _core()
        sizes = counts.value
        for (a, b), (n, sa, sb, counted) in partition:
            scattered = n - counted
            if counted and core.is_candidate(n, len(sa), len(sb), sizes[a], sizes[b], scattered):
                yield a, (n, b)

    limit = config["max_per_document"]
    stories = fingerprints.context.parallelize(list(tellers.value.values()))
    dealt = (
        shared.mapPartitions(passes)
        .flatMap(_dealt_out(tellers, limit))
        .union(stories.flatMap(_own_story(counts, limit)))
    )
    strongest = _strongest(limit)
    return dealt.groupByKey().flatMap(lambda kv: ((kv[0], b) for b in strongest(kv[1])))


def _first_tellers(tellers):
    """The fingerprints of documents that are no later teller of a story."""

    def keep(partition):
        twins = {t for ts in tellers.value.values() for t in ts[1:]}
        return (r for r in partition if r[0] not in twins)

    return keep


def _dealt_out(tellers, limit):
    """A pair of first tellers, (a, (shared keys, b)), as the pairs of their stories' tellers:
    each teller of a's story with the first `limit` tellers of b's after it, and the other way
    round, sharing what a and b share (what `scan`'s StoryTellers::deal_out gives)."""

    def deal(pair):
        a, (shared, b) = pair
        told = tellers.value
        for x, y in ((a, b), (b, a)):
            others = told.get(y, [y])
            for t in told.get(x, [x]):
                after = bisect.bisect_right(others, t)
                yield from ((t, (shared, u)) for u in others[after : after + limit])

    return deal


def _own_story(counts, limit):
    """The tellers of one story, each with the first `limit` tellers after it, sharing all its
    keys, when two such documents make a candidate pair."""

    def pairs(tellers):
        core = _core()
        for i, t in enumerate(tellers):
            size = counts.value[t]
            if core.twins_are_candidates(size):
                yield from ((t, (size[0], u)) for u in tellers[i + 1 : i + 1 + limit])

    return pairs


# 5. Verification --------------------------------------------------------------------------


def verify(candidates, docs, learned, frequencies):
    """Reuse pairs (JSON text, as `scan` writes them) among the candidates."""
    by_position = docs.map(lambda r: (r[0], r[1]))
    both = (
        candidates.join(by_position)
        .map(lambda r: (r[1][0], r[1][1]))
        .join(by_position)
        .map(lambda r: (r[1][0], r[1][1]))
    )

    def check(model, batch):
        for pair in model.verify_pairs(batch):
            if pair is not None:
                yield pair

    return both.mapPartitions(_with_model(learned, frequencies, check))


# 6. Witnesses -----------------------------------------------------------------------------


def decide_by_witnesses(pairs):
    """The pairs (JSON text), those without a source decided by their witnesses where they
    agree: each undecided pair travels with every pair of either of its sides."""
    parsed = pairs.map(lambda line: (json.loads(line), line))
    decided = parsed.filter(lambda r: r[0]["source"] is not None).map(lambda r: r[1])
    undecided = parsed.filter(lambda r: r[0]["source"] is None).map(
        lambda r: (r[0]["a"], (r[0]["b"], r[1]))
    )
    by_document = parsed.flatMap(lambda r: [(r[0]["a"], r[1]), (r[0]["b"], r[1])]).groupByKey()
    with_both = (
        undecided.join(by_document)
        .map(lambda r: (r[1][0][0], (r[1][0][1], list(r[1][1]))))
        .join(by_document)
        .map(lambda r: (r[1][0][0], r[1][0][1] + list(r[1][1])))
    )

    def decide(rows):
        core = _core()
        for line, neighbours in rows:
            yield from core.decide_by_witnesses([line], neighbours)

    return decided.union(with_both.mapPartitions(decide))


# 7. Output --------------------------------------------------------------------------------


def _pair_row(line):
    pair = json.loads(line)
    pair["passages"] = json.dumps(pair["passages"], ensure_ascii=False)
    pair["flags"] = json.dumps(pair["flags"])
    pair["unaligned_a"] = json.dumps(pair["unaligned_a"])
    pair["unaligned_b"] = json.dumps(pair["unaligned_b"])
    return tuple(pair[name] for name, _, _ in PAIR_FIELDS)


def _schema(fields):
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "double": T.DoubleType(), "long": T.LongType()}
    return T.StructType([T.StructField(n, kinds[k], nullable) for n, k, nullable in fields])


def write_results(spark, pairs, output):
    from pyspark.sql import types as T

    rows = pairs.map(_pair_row)
    frame = spark.createDataFrame(rows, _schema(PAIR_FIELDS)).orderBy("a", "b")
    frame.write.mode("overwrite").parquet(f"{output}/pairs")
    families = [json.loads(f) for f in _core().families(pairs.collect())]
    family_schema = T.StructType(
        [
            T.StructField("cluster", T.LongType(), False),
            T.StructField("members", T.ArrayType(T.StringType(), False), False),
            T.StructField("source", T.StringType(), True),
            T.StructField("source_twins", T.ArrayType(T.StringType(), False), False),
        ]
    )
    family_rows = [(f["cluster"], f["members"], f["source"], f["source_twins"]) for f in families]
    spark.createDataFrame(family_rows, family_schema).coalesce(1).write.mode("overwrite").parquet(
        f"{output}/families"
    )
    return len(families)


# The job ----------------------------------------------------------------------------------


def run(spark, source, output, partitions=None, limits=None):
    """Runs the pipeline; returns counts for the summary. `limits` overrides entries of
    `scan_config()` the job reads in Python (`max_postings`, `crowded_postings`,
    `max_per_document`)."""
    sc = spark.sparkContext
    partitions = partitions or sc.defaultParallelism * 4
    config = {**_core().scan_config(), **(limits or {})}
    docs, problems = read_documents(spark, source, partitions)
    docs = docs.repartition(partitions).cache()
    learned = sc.broadcast(learn_boilerplate(docs, config))
    frequencies = sc.broadcast(count_terms(docs, learned))
    fingerprints = fingerprint(docs, learned, frequencies).cache()
    counts = sc.broadcast(key_counts(fingerprints).collectAsMap())
    tellers = sc.broadcast(story_tellers(fingerprints))
    candidates = candidate_pairs(fingerprints, counts, tellers, config).cache()
    pairs = decide_by_witnesses(verify(candidates, docs, learned, frequencies)).cache()
    families = write_results(spark, pairs, output)
    summary = {
        "documents": docs.count(),
        "problems": problems.take(20),
        "learned_boilerplate": len(learned.value),
        "candidate_pairs": candidates.count(),
        "pairs": pairs.count(),
        "families": families,
    }
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m unspun.spark", description=__doc__.split("\n")[0])
    parser.add_argument(
        "input", help="JSON Lines (.jsonl), CSV (.csv) or TSV (.tsv), each optionally .gz, or Parquet"
    )
    parser.add_argument("output", help="directory for pairs/ and families/ (Parquet)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="partitions of the document set")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("unspun")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        summary = run(spark, args.input, args.output, args.partitions)
    finally:
        spark.stop()
    for problem in summary.pop("problems"):
        print(f"unspun: {problem}", file=sys.stderr)
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
