"""The quality counters of a run: which written articles count as undated, empty or not Arabic.

Each counter is defined here once: the writer counts the articles it matches (crawler/writer.py),
the runs dataset has a column of that name (RUN_COLUMNS in schema.py, described from `written`),
and `akhbar health` flags a jump in its share (crawler/ops/health.py, worded with `flagged`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipelines.arabic import LANGUAGE

MIN_WORDS = 50  # an article with fewer words in its body is an empty extraction


@dataclass(frozen=True)
class QualityCounter:
    """One counter: its column in output/runs/, what it means, which articles it counts."""

    column: str
    written: str  # the runs column's meaning: "articles written ..."
    flagged: str  # as a health flag says it: "12 of 20 articles <flagged> (60%)"
    counts: Callable[[dict[str, Any]], bool]  # over an article row


def undated(row: dict[str, Any]) -> bool:
    """No publication date was found."""
    return row.get("published") is None


def empty(row: dict[str, Any]) -> bool:
    """The body has fewer than MIN_WORDS words."""
    return (row.get("word_count") or 0) < MIN_WORDS


def not_arabic(row: dict[str, Any]) -> bool:
    """The body's language was detected, and it is not Arabic."""
    return row.get("language") not in (None, LANGUAGE)


QUALITY_COUNTERS: tuple[QualityCounter, ...] = (
    QualityCounter("no_published", "articles written without a publication date",
                   "without a publication date", undated),
    QualityCounter("empty_text", f"articles written with fewer than {MIN_WORDS} words",
                   f"empty extractions (under {MIN_WORDS} words)", empty),
    QualityCounter("not_arabic", "articles written whose detected language is not Arabic",
                   "not in Arabic", not_arabic),
)


def quality_counts(row: dict[str, Any]) -> list[str]:
    """The columns of the counters an article row counts for."""
    return [q.column for q in QUALITY_COUNTERS if q.counts(row)]
