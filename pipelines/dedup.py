"""Stage 5, dedup: what gets written. One row per canonical URL and version.

Within a run, a second page with an already written canonical URL is rejected (`duplicate_url`),
and a page whose normalised text equals an earlier page's gets `duplicate_of`. Across runs, the
URL ledger gives the version: an article it knows with the same text is `Unchanged` (no row), one
whose text changed is written again with `version` + 1. An article dated outside the run's
--since/--until window (known only once fetched) is rejected (`outside_window`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.ledger import Ledger
from crawler.urls import url_key
from pipelines import Reject, Unchanged, guarded, passes_through


def content_hash(text_norm: str | None) -> str:
    """Stable fingerprint of the article's search-form text (whitespace-insensitive)."""
    return hashlib.sha1(" ".join((text_norm or "").split()).encode("utf-8")).hexdigest()


def check_window(article: dict[str, Any]) -> None:
    """Reject an article whose publication time falls outside the run's window."""
    since, until = (article.get("window") or [None, None])[:2]
    published = article.get("published")
    if published is None:
        return
    if (since and published < datetime.fromisoformat(since)) or (
            until and published > datetime.fromisoformat(until)):
        raise Reject("window", "outside_window", f"published {published.isoformat()}")


class Deduplicator:
    """What this run has written (by URL key and content hash), and the ledger's versions."""

    def __init__(self, ledger: Ledger | None = None) -> None:
        self.ledger = ledger
        self.keys: set[str] = set()
        self.hashes: dict[str, str] = {}

    def dedup(self, article: dict[str, Any]) -> dict[str, Any]:
        url = article["url"]
        check_window(article)
        key = url_key(url)
        if key in self.keys:
            raise Reject("dedup", "duplicate_url", f"{article.get('fetched_url')} is {url}")
        digest = content_hash(article.get("text_norm"))
        known = self.ledger.lookup(url) if self.ledger else None
        if known is not None and known.content_hash == digest:
            self.ledger.touch(url, article.get("http_etag"), article.get("http_last_modified"),
                              alias=article.get("fetched_url"))
            raise Unchanged(f"{url} unchanged since version {known.version}")
        self.keys.add(key)
        article["content_hash"] = digest
        article["version"] = known.version + 1 if known else 1
        first = self.hashes.setdefault(digest, url)
        article["duplicate_of"] = first if first != url else None
        return article


def dedup(article: dict[str, Any], state: Deduplicator | None = None) -> dict[str, Any]:
    """Plain-function form; without a state the article is only fingerprinted."""
    return (state or Deduplicator()).dedup(article)


class DedupPipeline:
    """Scrapy adapter of `Deduplicator` (using the spider's ledger); DEDUP_ENABLED turns it off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.state = Deduplicator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("DEDUP_ENABLED", True):
            raise NotConfigured("DEDUP_ENABLED is off")
        return cls(crawler)

    def open_spider(self) -> None:
        self.state.ledger = getattr(self.crawler.spider, "ledger", None)

    @guarded("dedup")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        try:
            return self.state.dedup(item)
        except Unchanged:
            self.crawler.stats.inc_value("akhbar/dedup/unchanged")
            raise
