"""What makes two bodies one story: an exact key and a MinHash signature of the body.

Both are computed from the body text (`text`) in a folded form of its own (harakat, tatweel and
punctuation dropped, alef/yeh/teh-marbuta variants and digits unified, case folded), so no
optional stage (NORMALIZE_ENABLED=False) can empty them, and a copy that differs only in
spelling variants, punctuation or the digits it uses has the same key. The signature is a
rensa MinHash over shingles of `shingle_words` consecutive words; bodies shorter than
`min_words` get the exact key alone.

`sign` runs with the CPU stages (in a worker process of the pool); the index lookup that uses
its values is dedup's (pipelines/dedup.py). `rebuild` fills a fresh index from the dataset.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from pipelines.arabic import ASCII_DIGITS, FOLDED_LETTERS, MARK_CLASS, TATWEEL
from pipelines.store.clusters import ClusterIndex
from pipelines.store.minhash import ClusterParams
from pipelines.store.objectstore import Place, where
from pipelines.store.readers import visible_files

logger = logging.getLogger(__name__)

FOLD = str.maketrans({**FOLDED_LETTERS, **ASCII_DIGITS, "\u0629": "\u0647", TATWEEL: None})
MARKS = re.compile(f"[{MARK_CLASS}]")
WORD = re.compile(r"\w+")
REBUILD_COLUMNS = ["url", "site", "fetched_at", "text", "agency", "cluster_id"]


def body_words(text: str | None) -> list[str]:
    """The body's words in folded form."""
    if not text:
        return []
    folded = MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(FOLD).casefold()
    return WORD.findall(folded)


def exact_key(text: str | None) -> str | None:
    """SHA-1 of the folded words: equal for bodies that differ only in spelling variants,
    punctuation, digits or spacing; None for a body without words."""
    return _key_of_words(body_words(text))


def _key_of_words(words: list[str]) -> str | None:
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest() if words else None


def shingles(words: list[str], size: int) -> set[bytes]:
    """The distinct runs of `size` consecutive words."""
    return {" ".join(words[i:i + size]).encode("utf-8")
            for i in range(max(1, len(words) - size + 1))}


def signature(text: str | None, params: ClusterParams) -> bytes | None:
    """The body's MinHash signature as stored; None for a body under params.min_words."""
    return signature_of_words(body_words(text), params)


def signature_of_words(words: list[str], params: ClusterParams) -> bytes | None:
    if len(words) < params.min_words:
        return None
    return params.sign(shingles(words, params.shingle_words))


def sign(article: dict[str, Any], params: ClusterParams | None) -> dict[str, Any]:
    """Add `content_hash` (the exact key) and `minhash` (the signature, or None; not a column)
    to the article; params None (clustering off): the exact key only."""
    words = body_words(article.get("text"))
    article["content_hash"] = _key_of_words(words)
    article["minhash"] = signature_of_words(words, params) if params else None
    return article


def rebuild(index: ClusterIndex, articles: Place, now: datetime | None = None) -> int:
    """Fill a fresh index with the dataset's articles first seen within its window, oldest
    first, keeping the cluster ids they were written with; how many entries it added."""
    since = (now or datetime.now(UTC)) - index.window
    rows = []
    for file in visible_files(articles):
        rows.extend(_recent_rows(file, since))
    rows.sort(key=lambda row: row["fetched_at"])
    for row in rows:
        signed = sign({"text": row.get("text")}, index.params)  # the body folded once
        index.assign(url=row["url"], site=row.get("site"), seen=row["fetched_at"],
                     exact=signed["content_hash"], sig=signed["minhash"],
                     agency=row.get("agency"), cluster=row.get("cluster_id"))
    index.commit()
    if rows:
        logger.warning("the story index was rebuilt from %d articles of %s", len(rows), articles)
    return len(rows)


def _recent_rows(file: Place, since: datetime) -> list[dict[str, Any]]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        path, fs = where(file)  # a local file, or one on object storage
        present = set(pq.read_schema(path, filesystem=fs).names)
        table = pq.read_table(path, filesystem=fs, partitioning=None,
                              columns=[c for c in REBUILD_COLUMNS if c in present])
    except Exception as exc:  # noqa: BLE001 - an unreadable file must not stop the rebuild
        logger.warning("story index rebuild: cannot read %s: %s", file, exc)
        return []
    if "fetched_at" not in table.column_names or "url" not in table.column_names:
        return []
    table = table.filter(pc.greater_equal(table["fetched_at"], since))
    return table.to_pylist()
