"""The story index in a shared Redis, for several crawl workers clustering one crawl.

`RedisClusterIndex` has `ClusterIndex`'s methods and answers (pipelines/store/clusters.py): both
take their decisions from pipelines/store/minhash.py (`decide`). Its keys, and the generation they
belong to, are laid out in redisclusterkeys.py.

An assignment is optimistic (WATCH, then MULTI/EXEC): it watches the keys of the URL, of its
exact key and of its band hashes, reads them, decides, watches the cluster it joins, and writes.
A near copy shares a band hash (else the index would not pair them even one after the other), so
when two workers assign two copies at once, the second EXEC finds a watched key changed, fails,
and its assignment starts again, now seeing the first copy: one cluster, as if in turn.
The bounds are Lua scripts (atomic, at most TRIM_CHUNK entries a call): the oldest entries go as
soon as there are more than max_entries, the window is swept every EXPIRE_EVERY assignments of a
worker and when it opens and closes the index. An index made with other parameters is set
aside: a new generation starts (`fresh`: rebuild it) and the old one's keys are deleted.
A single Redis server (the scripts name their keys), not a Redis Cluster. An outage longer than
the client's retries (redisconn) raises `RedisUnavailable`: nothing is dropped silently.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from pipelines import tunables
from pipelines.store.minhash import ClusterParams, band_hashes
from pipelines.store.redisclusterkeys import (
    FORMAT,
    STORY,
    TRIM,
    TRIM_CHUNK,
    buckets,
    open_generation,
    padded,
    postings_of,
    read_postings,
    read_story,
    story_fields,
    write_postings,
)
from pipelines.store.redisconn import (
    DEFAULT_PREFIX,
    Keys,
    RedisUnavailable,
    connect,
    server_of,
    shown,
    text,
)
from pipelines.store.storyindex import Assignment, Story, StoryIndex, epoch, scored
from pipelines.store.urls import url_key

MAX_ATTEMPTS = 500  # conflicting attempts after which an assignment gives up


class RedisClusterIndex(StoryIndex):
    """The story index in Redis: `ClusterIndex`'s methods and answers, shared by every worker.
    `client` is a redis-py client returning bytes (redisconn.connect)."""

    format = FORMAT

    def __init__(self, client: Any, keys: Keys, params: ClusterParams | None = None, *,
                 window_days: float = tunables.CLUSTER_WINDOW_DAYS,
                 max_entries: int = tunables.CLUSTER_MAX_ENTRIES) -> None:
        super().__init__(params, window_days, max_entries)
        self.client = client
        self.keys = keys
        self.server = server_of(client)
        self.conflicts = 0  # attempts that another worker's write made start again
        self.owns_client = False
        self._trim = client.register_script(TRIM)
        with self._outage():
            # fresh: the index was empty or made with other parameters
            self.data, self.fresh = open_generation(client, keys, self.meta(), self.server)
        self.sweep()

    @classmethod
    def from_url(cls, url: str, prefix: str = DEFAULT_PREFIX, params: ClusterParams | None = None,
                 *, window_days: float = tunables.CLUSTER_WINDOW_DAYS,
                 max_entries: int = tunables.CLUSTER_MAX_ENTRIES) -> RedisClusterIndex:
        """The index kept at the Redis server `url` under the keys of `prefix`. Closing it
        closes its connections."""
        index = cls(connect(url), Keys(prefix), params, window_days=window_days,
                    max_entries=max_entries)
        index.server, index.owns_client = shown(url), True
        return index

    def describe(self) -> str:
        """Where the index is, without the server's password."""
        return f"{self.server} {self.data('*')}"

    def __repr__(self) -> str:
        return f"RedisClusterIndex({self.describe()})"

    # -- assigning ----------------------------------------------------------------------------

    def assign(self, *, url: str, site: str | None, seen: datetime, exact: str | None,
               sig: bytes | None, agency: str | None = None, own_agency: str | None = None,
               cluster: str | None = None) -> Assignment:
        """Add one article and say which story it belongs to, atomically with respect to the
        other workers (see the module's docstring); arguments as `ClusterIndex.assign`."""
        from redis.exceptions import WatchError

        article = {"url": url, "site": site, "when": epoch(seen), "exact": exact, "sig": sig,
                   "agency": agency, "own_agency": own_agency, "forced": cluster}
        with self._outage():
            for attempt in range(MAX_ATTEMPTS):
                try:
                    said, count = self._attempt(**article)
                    break
                except WatchError:
                    self.conflicts += 1
                    if attempt >= 2:  # many workers on one story: let one of them through
                        time.sleep(random.uniform(0, 0.001 * min(attempt, 20)))
            else:
                raise RuntimeError(f"the story index at {self.server}: {url} could not be "
                                   f"assigned, {MAX_ATTEMPTS} attempts conflicted")
            self._tick(article["when"], count)
        return said

    def _attempt(self, *, url: str, site: str | None, when: float, exact: str | None,
                 sig: bytes | None, agency: str | None, own_agency: str | None,
                 forced: str | None) -> tuple[Assignment, int]:
        key = url_key(url)
        bands = [str(h) for h in band_hashes(sig, self.params)] if sig is not None else []
        by_url, by_exact = self.data("k", key), self.data("x", exact) if exact else None
        with self.client.pipeline(transaction=True) as pipe:
            pipe.watch(by_url, *([by_exact] if by_exact else []), *buckets(self.data, bands))
            reads = self.client.pipeline(transaction=False)  # one round trip for the reads
            reads.incr(self.data("next"))
            reads.get(by_url)
            if by_exact:
                reads.zrange(by_exact, 0, 1)
            read_postings(reads, self.data, bands)
            entry, prior, *found = reads.execute()
            exact_ids = found[:1] if by_exact else []
            postings = postings_of(bands, found[-1] if bands else None)
            prior = int(prior) if prior is not None else None
            [gone] = self._entries([prior] if prior else [], ("cluster", "exact", "bands"))
            old = text(gone[2]).split(",") if gone and gone[2] else []
            if old:  # the earlier version's band postings change too
                pipe.watch(*buckets(self.data, old))
                postings |= self._postings([h for h in old if h not in postings])
            ids = [int(i) for found in exact_ids for i in found]
            [earliest] = self._entries([i for i in ids if i != prior][:1], ("url", "cluster"))
            earliest = (text(earliest[0]), text(earliest[1])) if earliest else None
            near = {i for h in bands for i in postings[h]} - {prior}
            said, story = self.decide(
                url, site=site, when=when, sig=sig, agency=agency, own_agency=own_agency,
                forced=forced, earliest=earliest, prior=text(gone[0]) if gone else None,
                candidates=lambda signature: self._candidates(signature, near),
                story=lambda cluster: self._joined(pipe, cluster))
            pipe.multi()
            if gone:
                self._forget(pipe, prior, gone[1])
            fields = {"key": key, "url": url, "site": site, "seen": repr(when),
                      "cluster": said.cluster_id, "exact": exact, "sig": sig,
                      "bands": ",".join(bands)}
            pipe.hset(self.data("e", str(entry)),
                      mapping={k: v for k, v in fields.items() if v is not None})
            pipe.set(by_url, entry)
            pipe.zadd(self.data("seen"), {padded(entry): when})
            if by_exact:
                pipe.zadd(by_exact, {padded(entry): when})
            for h in old:
                postings[h] = [i for i in postings[h] if i != prior]
            for h in bands:
                postings[h].append(entry)
            write_postings(pipe, self.data, postings)
            pipe.hset(self.data("c", said.cluster_id), mapping=story_fields(story))
            pipe.zadd(self.data("stories"), {said.cluster_id: story.last_seen})
            pipe.zcard(self.data("seen"))
            count = pipe.execute()[-1]
        return said, count

    def _joined(self, pipe: Any, cluster: str) -> Story | None:
        """The row of the cluster the article joins, watched until the write."""
        pipe.watch(self.data("c", cluster))
        return self._story(cluster)

    def _forget(self, pipe: Any, entry: int, exact: bytes | None) -> None:
        """Queue the removal of an earlier version's entry (its URL key is overwritten, its
        band postings rewritten)."""
        if exact is not None:
            pipe.zrem(self.data("x", text(exact)), padded(entry))
        pipe.zrem(self.data("seen"), padded(entry))
        pipe.delete(self.data("e", str(entry)))

    def _entries(self, ids: list[int], fields: tuple[str, ...]) -> list[list[Any] | None]:
        """The fields of these entries (None for one gone); [None] for no ids."""
        if not ids:
            return [None]
        reads = self.client.pipeline(transaction=False)
        for entry in ids:
            reads.hmget(self.data("e", str(entry)), fields)
        return [row if row[0] is not None else None for row in reads.execute()]

    def _postings(self, bands: list[str]) -> dict[str, list[int]]:
        """The ids of the entries having each band hash."""
        reads = self.client.pipeline(transaction=False)
        read_postings(reads, self.data, bands)
        return postings_of(bands, reads.execute()[0] if bands else None)

    def _candidates(self, sig: bytes, ids: set[int]) -> list[tuple[str, str, float]]:
        rows = self._entries(sorted(ids), ("url", "cluster", "sig")) if ids else []
        return scored(sig, ((text(url), text(cluster), other)
                            for url, cluster, other in filter(None, rows)))

    def candidates(self, sig: bytes) -> list[tuple[str, str, float]]:
        """(url, cluster, similarity) of the entries sharing an LSH band with the signature."""
        with self._outage():
            postings = self._postings([str(h) for h in band_hashes(sig, self.params)])
            return self._candidates(sig, {i for ids in postings.values() for i in ids})

    def _story(self, cluster: str) -> Story | None:
        return read_story(self.client.hmget(self.data("c", cluster), STORY))

    # -- bounds -------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """The entries the index holds (all workers')."""
        with self._outage():
            return int(self.client.zcard(self.data("seen")))

    def _drop_oldest(self, how_many: int) -> None:
        """(the script counts the excess itself: other workers' entries may have come)"""
        self._run_trim("oldest", str(self.max_entries))

    def _run_trim(self, mode: str, value: str) -> int:
        removed = 0
        while True:
            entries, clusters = self._trim(args=[self.data(""), mode, value, TRIM_CHUNK])
            removed += entries
            if entries < TRIM_CHUNK and clusters < TRIM_CHUNK:
                return removed

    def sweep(self) -> int:
        """`expire` relative to the newest entry (see `ClusterIndex.sweep`)."""
        with self._outage():
            newest = self.client.zrange(self.data("seen"), -1, -1, withscores=True)
            return self._swept(newest[0][1] if newest else None)

    def expire(self, now: datetime) -> int:
        self.since_sweep = 0
        with self._outage():
            return self._run_trim("before", repr(epoch(now - self.window)))

    def commit(self) -> None:
        """Nothing to do: each assignment is written when it is made."""

    def close(self) -> None:
        """Sweep the window; let go of the connections if `from_url` made them."""
        self.sweep()
        if self.owns_client:
            self.client.close()

    @contextmanager
    def _outage(self) -> Iterator[None]:
        """The server gone for longer than the client's retries, raised as RedisUnavailable."""
        import redis

        try:
            yield
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise RedisUnavailable(f"the story index at {self.server}: {exc}") from exc
