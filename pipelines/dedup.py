"""Stage 5, dedup: within a run, one row per canonical URL, and exact copies flagged.

A second page with a canonical URL already written in this run is rejected (`duplicate_url`); a
page whose normalised text equals an earlier page's gets `duplicate_of` = that page's URL. Across
runs, the URL ledger decides what is fetched at all.
"""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipelines import Reject, passes_through


def content_hash(text_norm: str | None) -> str:
    """Stable fingerprint of the article's search-form text (whitespace-insensitive)."""
    return hashlib.sha1(" ".join((text_norm or "").split()).encode("utf-8")).hexdigest()


class Deduplicator:
    """What this run has already written, by canonical URL and by content hash."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.hashes: dict[str, str] = {}

    def dedup(self, article: dict[str, Any]) -> dict[str, Any]:
        url = article["url"]
        if url in self.urls:
            raise Reject("dedup", "duplicate_url", f"{article.get('fetched_url')} is {url}")
        self.urls.add(url)
        digest = content_hash(article.get("text_norm"))
        article["content_hash"] = digest
        article["duplicate_of"] = self.hashes.setdefault(digest, url)
        if article["duplicate_of"] == url:
            article["duplicate_of"] = None
        return article


def dedup(article: dict[str, Any], state: Deduplicator | None = None) -> dict[str, Any]:
    """Plain-function form; without a state the article is only fingerprinted."""
    return (state or Deduplicator()).dedup(article)


class DedupPipeline:
    """Scrapy adapter of `Deduplicator`; DEDUP_ENABLED=False turns the stage off."""

    def __init__(self) -> None:
        self.state = Deduplicator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("DEDUP_ENABLED", True):
            raise NotConfigured("DEDUP_ENABLED is off")
        return cls()

    def process_item(self, item: Any) -> Any:
        return item if passes_through(item) else self.state.dedup(item)
