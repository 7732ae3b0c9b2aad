"""unspun: find reused, near-duplicate and spun text in news.

The engine is Rust; this package exposes its stages on batches of documents, so that a
distributed engine can run them (see `unspun.spark`). A document is a tuple
`(id, text, url, title, outlet, date)`, optionally followed by the canonical address its page
names (a republished story's page names its original's); parsed records come back with all
seven. Keys and term ids are signed 64-bit integers.

    >>> import unspun
    >>> story = ("Harbor officials in Millbrook closed the north pier on Tuesday after a fire.\\n"
    ...          "The fire chief said 14 boats were damaged and that nobody was hurt.")
    >>> pairs = unspun.scan([("a", story, None, None, None, None), ("b", story, None, None, None, None)])
    >>> len(pairs)
    1
"""

from ._unspun import (
    CorpusModel,
    families,
    is_candidate,
    judge_boilerplate,
    normalize,
    parse_jsonl_record,
    parse_table_row,
    scan,
    scan_config,
    sentence_layouts,
)

__all__ = [
    "CorpusModel",
    "families",
    "is_candidate",
    "judge_boilerplate",
    "normalize",
    "parse_jsonl_record",
    "parse_table_row",
    "scan",
    "scan_config",
    "sentence_layouts",
]
