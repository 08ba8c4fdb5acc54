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

from pipelines import Reject, Unchanged
from pipelines.store.ledger import Ledger
from pipelines.store.urls import url_key


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
