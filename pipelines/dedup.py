"""Stage 5, dedup: what gets written. One row per canonical URL and version.

Within a run, a second page with an already written canonical URL is rejected (`duplicate_url`).
The story index (pipelines/store/clusters.py) says, across sites and runs, which earlier article
has the same body (`duplicate_of`, by the exact key of pipelines/signature.py, which no optional
stage can empty) and which story it tells (`cluster_id`, `similarity`, `cluster_size`,
`is_wire_copy`). Across runs, the URL ledger gives the version: an article it knows with the same
text is `Unchanged` (no row), one whose text changed is written again with `version` + 1; a page
`akhbar reextract` runs again from the archive is written again when anything the stages read
from it changed (`result_hash`: a better date, title, tag ...). An
article dated outside the run's --since/--until window (known only once fetched) is rejected
(`outside_window`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pipelines import Reject, Unchanged
from pipelines.signature import sign
from pipelines.store.clusters import ClusterIndex
from pipelines.store.ledger import Known, Ledger
from pipelines.store.schema import ARTICLES, RESULT_EXCLUDED
from pipelines.store.urls import key_digest, url_key


def legacy_hash(text_norm: str) -> str:
    """The content hash of schema 5 and before: SHA-1 of text_norm, whitespace collapsed."""
    return hashlib.sha1(" ".join(text_norm.split()).encode("utf-8")).hexdigest()


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
    """What this run has written (URL keys), the ledger's versions and the story index.

    With an index (pipelines/store/clusters.py), `duplicate_of` and the cluster columns come from
    it, across sites and runs; without one (clustering off), `duplicate_of` names the first
    article of this run with the same exact key and the cluster columns stay null.
    """

    def __init__(self, ledger: Ledger | None = None, index: ClusterIndex | None = None,
                 own_agency: str | None = None) -> None:
        self.ledger = ledger
        self.index = index
        self.own_agency = own_agency
        self.keys: set[bytes] = set()  # key_digest of the URLs written in this run
        self.hashes: dict[str, str] = {}

    def dedup(self, article: dict[str, Any]) -> dict[str, Any]:
        url = article["url"]
        check_window(article)
        key = key_digest(url_key(url))
        if key in self.keys:
            raise Reject("dedup", "duplicate_url", f"{article.get('fetched_url')} is {url}")
        if "minhash" not in article:  # the stages ran in this process, not in the pool
            sign(article, self.index.params if self.index else None)
        sig = article.pop("minhash", None)
        digest = article.get("content_hash")
        article["result_hash"] = result_hash(article)
        known = self.ledger.lookup(url) if self.ledger else None
        if known is not None and _unchanged(known, article):
            self.ledger.touch(url, article.get("http_etag"), article.get("http_last_modified"),
                              alias=article.get("fetched_url"))
            raise Unchanged(f"{url} unchanged since version {known.version}")
        self.keys.add(key)
        article["version"] = known.version + 1 if known else 1
        if self.index is None:
            first = self.hashes.setdefault(digest, url) if digest else url
            article["duplicate_of"] = first if first != url else None
            return article
        found = self.index.assign(
            url=url, site=article.get("site"), seen=article.get("fetched_at") or datetime.now(UTC),
            exact=digest, sig=sig, agency=article.get("agency"),
            own_agency=article.get("site_agency") or self.own_agency)
        article.update(duplicate_of=found.duplicate_of, cluster_id=found.cluster_id,
                       similarity=found.similarity, cluster_size=found.cluster_size,
                       is_wire_copy=found.is_wire_copy)
        return article


def result_hash(article: dict[str, Any]) -> str:
    """Fingerprint of what the stages read from the page: every article column but those of
    RESULT_EXCLUDED (pipelines/store/schema.py)."""
    fields = {c: article.get(c) for c in ARTICLES.names if c not in RESULT_EXCLUDED}
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _unchanged(known: Known, article: dict[str, Any]) -> bool:
    """The same body; and for a page run again from the archive (reextract), the same result
    too, unless the ledger predates result hashes (then the body decides, as for a crawl)."""
    if known.content_hash not in _hashes_of(article):
        return False
    if article.get("source") != "reextract" or known.result_hash is None:
        return True
    return known.result_hash == article["result_hash"]


def _hashes_of(article: dict[str, Any]) -> set[str]:
    """The article's content hash, and the one ledgers of schema 5 and before stored (SHA-1 of
    text_norm), so that an unchanged article is not re-written once after an upgrade."""
    hashes = {article["content_hash"]} if article.get("content_hash") else set()
    if article.get("text_norm"):
        hashes.add(legacy_hash(article["text_norm"]))
    return hashes
