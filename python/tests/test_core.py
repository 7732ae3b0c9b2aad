"""The Python bindings: each stage callable on batches, and the stages composed agree with
the single-machine scan."""

import json

import pytest

import unspun

STORY = (
    "Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\n"
    "The fire chief said 14 boats were damaged and that nobody was hurt in the blaze.\n"
    "Crews from Eastport helped to contain the fire before it reached the fuel depot."
)
SPUN = (
    "Harbor authorities in Millbrook shut the north pier on Tuesday following a fire.\n"
    "The fire chief stated 14 vessels were harmed and that nobody was injured in the blaze.\n"
    "Teams from Eastport assisted to contain the fire before it reached the fuel depot."
)


def doc(doc_id, text):
    return (doc_id, text, None, None, None, None)


def test_normalize_folds_disguises_and_case():
    assert unspun.normalize("Оfficials\u200bsaid") == unspun.normalize("officialssaid")
    assert unspun.normalize("The PIER") == ["the", "pier"]


def test_scan_finds_the_spun_copy():
    pairs = [json.loads(p) for p in unspun.scan([doc("a", STORY), doc("b", SPUN)])]
    assert [(p["a"], p["b"], p["relation"]) for p in pairs] == [("a", "b", "spun")]


def test_stages_composed_equal_scan():
    docs = [doc("a", STORY), doc("b", SPUN), doc("c", "The school board met on Monday about buses.")]
    layouts = unspun.sentence_layouts(docs)
    assert all(
        len(keys) == len(lengths) == len(names) == len(items)
        for _, keys, lengths, _, names, items in layouts
    )
    model = unspun.CorpusModel([])
    counts = {}
    for terms in model.content_terms(docs):
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    model = unspun.CorpusModel([], counts)
    keys = model.fingerprint_keys(docs)
    sentences = [dict(doc_keys) for doc_keys in keys[:2]]
    shared = set(sentences[0]) & set(sentences[1])
    spread = [len({s[key] for key in shared}) for s in sentences]
    sizes = [(len(s), len(set(s.values()))) for s in sentences]
    assert unspun.is_candidate(len(shared), spread[0], spread[1], sizes[0], sizes[1])
    # Keys from one sentence of each side are enough only between briefs (at most three keyed
    # sentences each) sharing three keys or more.
    assert not unspun.is_candidate(len(shared), 1, 1, (sizes[0][0], 4), sizes[1])
    assert unspun.is_candidate(3, 1, 1, (10, 3), (10, 2))
    assert not unspun.is_candidate(2, 1, 1, (10, 3), (10, 2))
    # A key of a scattered list counts half toward the two keys a pair needs.
    assert not unspun.is_candidate(2, 2, 2, (10, 2), (10, 2), scattered=1)
    assert unspun.is_candidate(3, 2, 2, (10, 2), (10, 2), scattered=2)
    with pytest.raises(ValueError, match="scattered"):
        unspun.is_candidate(2, 2, 2, (10, 2), (10, 2), scattered=3)
    verified = model.verify_pairs([(docs[1], docs[0])])
    assert verified == unspun.scan(docs)


def test_a_canonical_address_on_another_site_names_the_source():
    original = "https://courier.example/pier-fire"
    source = ("a", STORY, original, None, None, None)
    copy = ("b", STORY, "https://bayside.example/fire", None, None, None)
    [plain] = [json.loads(p) for p in unspun.scan([source, copy])]
    assert plain["relation"] == "verbatim" and plain["source"] is None
    [credited] = [json.loads(p) for p in unspun.scan([source, copy + (original,)])]
    assert credited["source"] == "a"
    parsed, _ = unspun.parse_jsonl_record(
        json.dumps({"id": "b", "text": STORY, "url": copy[2], "canonical": original}), "f.jsonl:1"
    )
    assert parsed == copy + (original,)


def test_parse_jsonl_record_names_the_line():
    doc_, problems = unspun.parse_jsonl_record('{"id": 7, "text": "A story.", "date": "soon"}', "f.jsonl:3")
    assert doc_[0] == "7"
    assert problems and problems[0].startswith("f.jsonl:3")
    missing, problems = unspun.parse_jsonl_record('{"text": "A story."}', "f.jsonl:4")
    assert missing is None and "f.jsonl:4" in problems[0]


def test_parse_table_row_reads_columns_in_any_case_and_names_a_row_by_location():
    columns = ["\ufeffTitle", "Publication", "Content"]
    doc_, problems = unspun.parse_table_row(columns, ["Pier fire", None, "A story."], "f.csv:2")
    assert problems == []
    assert doc_[:4] == ("f.csv:2", "A story.", None, "Pier fire")
    named, _ = unspun.parse_table_row(["ID", "Content"], ["7", "A story."], "f.csv:3")
    assert named[0] == "7"
    empty, problems = unspun.parse_table_row(["id", "text"], ["8", ""], "f.csv:4")
    assert empty is None and "f.csv:4" in problems[0]


def test_families_group_pairs():
    pairs = unspun.scan([doc("a", STORY), doc("b", SPUN), doc("c", STORY)])
    families = [json.loads(f) for f in unspun.families(pairs)]
    source = families[0]["source"]
    assert source in ("a", "c")
    # a and c are the same story word for word, and nothing dates them: either may be the original
    twin = "c" if source == "a" else "a"
    assert families == [
        {"cluster": 1, "members": ["a", "b", "c"], "source": source, "source_twins": [twin]}
    ]
