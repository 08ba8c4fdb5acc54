"""The whole per-page chain as one function: what the Scrapy pipelines do, without Scrapy.

Used by `akhbar extract`, and by anything that processes saved pages in worker processes.
"""

from __future__ import annotations

from typing import Any

from pipelines.dates import dates
from pipelines.dedup import Deduplicator
from pipelines.extract import extract
from pipelines.normalize import normalize
from pipelines.tag import DEFAULT_LANGUAGES, tag


def process_page(page: dict[str, Any], *, state: Deduplicator | None = None,
                 languages: tuple[str, ...] = DEFAULT_LANGUAGES,
                 min_text_chars: int = 250) -> dict[str, Any]:
    """extract -> dates -> normalize -> tag -> dedup; raises pipelines.Reject like the crawl."""
    article = extract(page, min_text_chars=min_text_chars)
    article = tag(normalize(dates(article)), languages)
    article.pop("dates_rejected", None)
    return (state or Deduplicator()).dedup(article)
