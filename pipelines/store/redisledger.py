"""The URL ledger kept in a shared Redis, for several crawl workers sharing one crawl.

`RedisLedger` has `Ledger`'s methods and answers (pipelines/store/ledger.py): the same `Known`
objects, the same lasting rejects, a version that only moves forward. Its keys, under the
deployment's prefix P (redisconn.Keys):

    P:ledger:a:<url_key>      hash, one per article: the articles columns but `key` (absent = NULL)
    P:ledger:alias            hash, alias url_key -> article url_key
    P:ledger:young:<site>     sorted set of the site's article keys, scored by published (epoch s)
    P:ledger:rejects          hash, url_key -> JSON [url, reason, at]
    P:ledger:sources          hash, feed/sitemap URL -> JSON [etag, last_modified, checked]
    P:ledger:files            hash, dataset file -> when committed

A commit runs as a Lua script, so each article's version-forward upsert is atomic however many
workers commit the same article. The script names the article and sorted-set keys it writes
from the prefixes it is given: a single Redis server (or a primary and its replicas), not a
Redis Cluster. A URL that is both an article's key and another's alias finds its own article
(the SQLite ledger answers with whichever key sorts first). A Redis out of memory, or unable
to persist (MISCONF), is raised as `DiskFull` like a full disk under the SQLite ledger, and
`touch` and `save_sources` log it and go on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from pipelines.store.diskfull import DiskFull
from pipelines.store.ledger import (
    LEDGER_FIELDS,
    Answer,
    Known,
    _iso,
    lasting_rejects,
)
from pipelines.store.ledgerrecovery import recover_files
from pipelines.store.objectstore import Place
from pipelines.store.redisconn import DEFAULT_PREFIX, Keys, connect, server_of, shown, text
from pipelines.store.redisledgerscripts import (
    KNOWN_FIELDS,
    LOOKUP,
    UPSERT,
    known_of,
    reason_of,
    row_args,
)
from pipelines.store.urls import url_key

logger = logging.getLogger(__name__)

COMMIT_CHUNK = 500  # rows per script call: one call blocks the server while it runs
LOOKUP_BATCH = 1000  # URLs looked up per round trip (lookup_many)
FULL_ERRORS = ("OOM", "MISCONF")  # Redis's "out of memory" and "cannot persist" refusals

class RedisLedger:
    """The URL ledger in Redis: `Ledger`'s methods and semantics, shared by every worker."""

    def __init__(self, client: Any, keys: Keys) -> None:
        self.client = client
        self.keys = keys
        self.server = server_of(client)
        self._upsert = client.register_script(UPSERT)
        self._lookup = client.register_script(LOOKUP)

    @classmethod
    def from_url(cls, url: str, prefix: str = DEFAULT_PREFIX) -> RedisLedger:
        """The ledger kept at the Redis server `url` under the keys of `prefix`."""
        ledger = cls(connect(url), Keys(prefix))
        ledger.server = shown(url)
        return ledger

    def describe(self) -> str:
        """Where the ledger is, without the server's password."""
        return f"{self.server} {self.keys('ledger')}:*"

    def __repr__(self) -> str:
        return f"RedisLedger({self.describe()})"

    def close(self) -> None:
        """Let go of the connections."""
        self.client.close()

    # -- articles --------------------------------------------------------------------------

    def lookup(self, url: str) -> Known | None:
        """The ingested article this URL (any spelling, or a recorded alias) stands for."""
        return known_of(self._lookup(keys=[self.keys("ledger", "alias")],
                                   args=[self.keys("ledger", "a", ""), url_key(url)]))

    def lookup_many(self, urls: Iterable[str], rejected_after: datetime) -> dict[str, Answer]:
        """`lookup` and `rejected_since(rejected_after)` of each URL, LOOKUP_BATCH URLs a
        round trip (a sitemap's thousands of URLs are not as many round trips)."""
        answers: dict[str, Answer] = {}
        urls = list(dict.fromkeys(urls))
        for start in range(0, len(urls), LOOKUP_BATCH):
            batch = urls[start:start + LOOKUP_BATCH]
            pipe = self.client.pipeline(transaction=False)
            for url in batch:
                key = url_key(url)
                self._lookup(keys=[self.keys("ledger", "alias")],
                             args=[self.keys("ledger", "a", ""), key], client=pipe)
                pipe.hget(self.keys("ledger", "rejects"), key)
            found = pipe.execute()
            for url, row, rejected in zip(batch, found[::2], found[1::2], strict=True):
                known = known_of(row)
                answers[url] = (known, None if known else reason_of(rejected, rejected_after))
        return answers

    def young(self, site: str, since: datetime) -> list[Known]:
        """The site's articles published since `since` (candidates for a re-fetch)."""
        keys = [text(k) for k in self.client.zrevrangebyscore(
            self.keys("ledger", "young", site), "+inf", since.timestamp())]
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(self.keys("ledger", "a", key), KNOWN_FIELDS)
        found = []
        for key, values in zip(keys, pipe.execute() if keys else [], strict=True):
            url, version, content_hash, published, etag, last_modified, _ = [
                text(v) for v in values]
            if url is not None and published:
                # result_hash left out, as Ledger.young leaves it
                found.append(Known(key, url, int(version), content_hash,
                                   datetime.fromisoformat(published), etag, last_modified))
        return found

    def commit(self, rows: Iterable[dict[str, Any]], file: str | None = None) -> int:
        """Record articles (and the dataset file holding them). Each article is written
        atomically; the file is recorded with the last of them, so a commit cut short leaves
        the file to `recover`."""
        count, args = 0, []
        with self._full():
            for row in rows:
                args.extend(row_args(row))
                count += 1
                if count % COMMIT_CHUNK == 0:
                    self._run_upsert(args, None)
                    args = []
            if args or file:
                self._run_upsert(args, file)
        return count

    def _run_upsert(self, args: list[str], file: str | None) -> None:
        self._upsert(keys=[self.keys("ledger", "alias"), self.keys("ledger", "files")],
                     args=[self.keys("ledger", "a", ""), self.keys("ledger", "young", ""),
                           file or "", datetime.now(UTC).isoformat(), *args])

    def touch(self, url: str, etag: str | None, last_modified: str | None,
              alias: str | None = None) -> None:
        """A re-fetch found the article unchanged: note when, and the fresh validators."""
        known = self.lookup(url)
        if known is None:
            return
        fields = {"last_fetched": datetime.now(UTC).isoformat()}
        fields.update({name: value for name, value in
                       (("etag", etag), ("last_modified", last_modified)) if value is not None})
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(self.keys("ledger", "a", known.key), mapping=fields)
        if alias and url_key(alias) != known.key:
            pipe.hset(self.keys("ledger", "alias"), url_key(alias), known.key)
        try:
            with self._full():
                pipe.execute()
        except DiskFull as exc:  # the article is stored; only its validators are not updated
            logger.info("ledger: %s not touched: %s", url, exc)

    def register_files(self, names: Iterable[str]) -> None:
        """Dataset files whose rows the ledger already holds (after a compaction)."""
        now = datetime.now(UTC).isoformat()
        pipe = self.client.pipeline(transaction=True)
        for name in names:
            pipe.hsetnx(self.keys("ledger", "files"), name, now)
        with self._full():
            pipe.execute()

    # -- lasting rejects -------------------------------------------------------------------

    def commit_rejects(self, rows: Iterable[dict[str, Any]]) -> None:
        """Remember URLs whose rejection another fetch would repeat (not_article, 404 ...); a
        not_article the page-type detection was unsure of is not remembered: retried next run."""
        lasting = {url_key(r["url"]): json.dumps(
            [r["url"], r["reason"], _iso(r.get("fetched_at")) or datetime.now(UTC).isoformat()])
            for r in lasting_rejects(rows)}
        if lasting:
            with self._full():
                self.client.hset(self.keys("ledger", "rejects"), mapping=lasting)

    def rejected_since(self, url: str, since: datetime) -> str | None:
        """The reason a URL was lastingly rejected after `since`, if it was."""
        return reason_of(self.client.hget(self.keys("ledger", "rejects"), url_key(url)), since)

    # -- discovery sources -----------------------------------------------------------------

    def source(self, url: str) -> tuple[str | None, str | None]:
        """The validators (ETag, Last-Modified) a feed or sitemap last answered with."""
        found = self.client.hget(self.keys("ledger", "sources"), url)
        if found is None:
            return None, None
        etag, last_modified, _ = json.loads(found)
        return etag, last_modified

    def save_sources(self, validators: dict[str, tuple[str | None, str | None]]) -> None:
        """Remember the feeds' and sitemaps' validators for the next run's conditional GETs."""
        now = datetime.now(UTC).isoformat()
        mapping = {u: json.dumps([e, lm, now]) for u, (e, lm) in validators.items()}
        if not mapping:
            return
        try:
            with self._full():
                self.client.hset(self.keys("ledger", "sources"), mapping=mapping)
        except DiskFull as exc:  # the next run reads every source in full: nothing is missed
            logger.info("ledger: source validators not saved: %s", exc)

    # -- recovery --------------------------------------------------------------------------

    def recover(self, articles_dir: Place, site: str | None = None) -> int:
        """Commit the rows of dataset files the ledger has not recorded (only the site's own
        partition when `site` is given); returns the rows added."""
        known = {text(name) for name in self.client.hkeys(self.keys("ledger", "files"))}
        return recover_files(articles_dir, site, known, self.commit, LEDGER_FIELDS)

    @contextmanager
    def _full(self) -> Iterator[None]:
        """Redis refusing writes for want of memory or of disk, raised as DiskFull."""
        import redis

        try:
            yield
        except redis.exceptions.ResponseError as exc:
            if str(exc).startswith(FULL_ERRORS) or isinstance(
                    exc, redis.exceptions.OutOfMemoryError):
                raise DiskFull(f"the ledger at {self.server}", exc) from exc
            raise
