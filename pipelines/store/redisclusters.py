"""The story index in a shared Redis, for several crawl workers clustering one crawl.

`RedisClusterIndex` has `ClusterIndex`'s methods and answers (pipelines/store/clusters.py): both
take their decisions from pipelines/store/minhash.py. Its keys, under the deployment's prefix P
(redisconn.Keys) and the index's generation G:

    P:clusters:meta          hash: what the index is made with (index_meta) and its generation G
    P:clusters:G:next        the last entry id given
    P:clusters:G:e:<id>      hash, one per entry: key url site seen cluster exact sig bands
    P:clusters:G:k:<url_key> the id of the URL's entry
    P:clusters:G:seen        sorted set of entry ids (ID_DIGITS digits) by first seen
    P:clusters:G:x:<exact>   sorted set of the ids of the entries with that exact key, by seen
    P:clusters:G:b:<digits>  hash: LSH band hash ending in these digits -> ids of its entries
    P:clusters:G:c:<cluster> hash, one per cluster: minhash.Story's fields
    P:clusters:G:stories     sorted set of cluster ids by last seen

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

import logging
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from pipelines import tunables
from pipelines.store.clusters import EXPIRE_EVERY
from pipelines.store.minhash import (
    Assignment,
    ClusterParams,
    Story,
    assignment,
    band_hashes,
    best_match,
    choose_cluster,
    credited_agency,
    epoch,
    grown,
    index_meta,
    similarity,
)
from pipelines.store.redisconn import DEFAULT_PREFIX, Keys, RedisUnavailable, connect, shown
from pipelines.store.urls import url_key

logger = logging.getLogger(__name__)

FORMAT = "redis-1"
BUCKET_DIGITS = 6  # postings in 10**6 hashes (by the last digits): about 37 fields each at
# a million entries, kept as compact listpacks (a key per band hash: twice the memory)
ID_DIGITS = 12  # ids in the sorted sets: equal times then sort by id, as SQLite's "seen, id"
TRIM_CHUNK = 500  # entries a trim script removes per call: a call blocks the server
MAX_ATTEMPTS = 500  # conflicting attempts after which an assignment gives up
STORY = ("first_url", "first_sig", "size", "last_seen", "agency", "agency_site")

# ARGV: the generation's prefix, "oldest" (then the entries to keep) or "before" (then a time),
# the chunk. Removes entries (and their band, exact and URL keys), then the clusters last seen
# before the oldest entry left or the time; returns {entries removed, clusters removed}.
TRIM = """
local p, mode, value, chunk = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local ids
if mode == 'oldest' then
  local excess = redis.call('ZCARD', p .. 'seen') - tonumber(value)
  if excess <= 0 then return {0, 0} end
  ids = redis.call('ZRANGE', p .. 'seen', 0, math.min(excess, chunk) - 1)
else
  ids = redis.call('ZRANGEBYSCORE', p .. 'seen', '-inf', '(' .. value, 'LIMIT', 0, chunk)
end
for _, padded in ipairs(ids) do
  local id = string.match(padded, '^0*(%d+)$')
  local f = redis.call('HMGET', p .. 'e:' .. id, 'key', 'exact', 'bands')
  for h in string.gmatch(f[3] or '', '[^,]+') do
    local bucket, kept = p .. 'b:' .. string.sub(h, -DIGITS), {}
    for other in string.gmatch(redis.call('HGET', bucket, h) or '', '[^,]+') do
      if other ~= id then kept[#kept + 1] = other end
    end
    if #kept > 0 then redis.call('HSET', bucket, h, table.concat(kept, ','))
    else redis.call('HDEL', bucket, h) end
  end
  if f[2] then redis.call('ZREM', p .. 'x:' .. f[2], padded) end
  if f[1] and redis.call('GET', p .. 'k:' .. f[1]) == id then
    redis.call('DEL', p .. 'k:' .. f[1])
  end
  redis.call('DEL', p .. 'e:' .. id)
  redis.call('ZREM', p .. 'seen', padded)
end
local cutoff = value
if mode == 'oldest' then
  local first = redis.call('ZRANGE', p .. 'seen', 0, 0, 'WITHSCORES')
  if #first == 0 then return {#ids, 0} end
  cutoff = first[2]
end
local gone = redis.call('ZRANGEBYSCORE', p .. 'stories', '-inf', '(' .. cutoff, 'LIMIT', 0, chunk)
for _, c in ipairs(gone) do
  redis.call('DEL', p .. 'c:' .. c)
  redis.call('ZREM', p .. 'stories', c)
end
return {#ids, #gone}
""".replace("DIGITS", str(BUCKET_DIGITS))


class RedisClusterIndex:
    """The story index in Redis: `ClusterIndex`'s methods and answers, shared by every worker.
    `client` is a redis-py client returning bytes (redisconn.connect)."""

    def __init__(self, client: Any, keys: Keys, params: ClusterParams | None = None, *,
                 window_days: float = tunables.CLUSTER_WINDOW_DAYS,
                 max_entries: int = tunables.CLUSTER_MAX_ENTRIES) -> None:
        self.client = client
        self.keys = keys
        self.params = params or ClusterParams()
        self.window = timedelta(days=window_days)
        self.max_entries = max_entries
        pool = client.connection_pool.connection_kwargs
        self.server = (f"redis://{pool.get('host', 'localhost')}:{pool.get('port', 6379)}"
                       f"/{pool.get('db', 0)}")
        self.fresh = False  # True when the index was empty or made with other parameters
        self.since_sweep = 0
        self.conflicts = 0  # attempts that another worker's write made start again
        self.owns_client = False
        self._trim = client.register_script(TRIM)
        with self._outage():
            self.data = self._open()
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

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> Keys:
        """The keys of the index's generation, a new one if the stored index is made
        otherwise (or there is none)."""
        meta, name = {"format": FORMAT, **index_meta(self.params)}, self.keys("clusters", "meta")

        def generations(pipe: Any) -> tuple[str | None, str | None, dict]:
            stored = {_text(k): _text(v) for k, v in pipe.hgetall(name).items()}
            old = stored.pop("generation", None)
            if old is not None and stored == meta:
                return old, None, stored
            new = str(int(old) + 1 if old and old.isdigit() else 1)
            pipe.multi()
            pipe.delete(name)
            pipe.hset(name, mapping={**meta, "generation": new})
            return old, new, stored

        old, new, stored = self.client.transaction(generations, name, value_from_callable=True)
        if new is None:
            return Keys(self.keys("clusters", old))
        self.fresh = True
        if old is not None:
            logger.warning("the story index at %s was made with other parameters %s: set aside "
                           "(its keys deleted) and rebuilt from the dataset", self.server, stored)
            pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.keys("clusters", old)) + ":*"
            found = self.client.scan_iter(match=pattern, count=1000)
            while batch := list(islice(found, 1000)):
                self.client.unlink(*batch)
        return Keys(self.keys("clusters", new))

    # -- assigning ----------------------------------------------------------------------------

    def assign(self, *, url: str, site: str | None, seen: datetime, exact: str | None,
               sig: bytes | None, agency: str | None = None, own_agency: str | None = None,
               cluster: str | None = None) -> Assignment:
        """Add one article and say which story it belongs to, atomically with respect to the
        other workers (see the module's docstring); arguments as `ClusterIndex.assign`."""
        from redis.exceptions import WatchError

        when = epoch(seen)
        with self._outage():
            for attempt in range(MAX_ATTEMPTS):
                try:
                    found, count = self._attempt(url, site, when, exact, sig,
                                                 credited_agency(agency, own_agency), cluster)
                    break
                except WatchError:
                    self.conflicts += 1
                    if attempt >= 2:  # many workers on one story: let one of them through
                        time.sleep(random.uniform(0, 0.001 * min(attempt, 20)))
            else:
                raise RuntimeError(f"the story index at {self.server}: {url} could not be "
                                   f"assigned, {MAX_ATTEMPTS} attempts conflicted")
            self._tick(when, count)
        return found

    def _attempt(self, url: str, site: str | None, when: float, exact: str | None,
                 sig: bytes | None, credited: str | None, forced: str | None,
                 ) -> tuple[Assignment, int]:
        key = url_key(url)
        bands = [str(h) for h in band_hashes(sig, self.params)] if sig is not None else []
        by_url, by_exact = self.data("k", key), self.data("x", exact) if exact else None
        with self.client.pipeline(transaction=True) as pipe:
            pipe.watch(by_url, *([by_exact] if by_exact else []), *self._buckets(bands))
            reads = self.client.pipeline(transaction=False)
            reads.incr(self.data("next"))
            reads.get(by_url)
            if by_exact:
                reads.zrange(by_exact, 0, 1)
            entry, prior, *exact_ids = reads.execute()
            prior = int(prior) if prior is not None else None
            [gone] = self._entries([prior] if prior else [], ("cluster", "exact", "bands"))
            old = _text(gone[2]).split(",") if gone and gone[2] else []
            if old:  # the earlier version's band postings change too
                pipe.watch(*self._buckets(old))
            postings = self._postings([*bands, *old])
            ids = [int(i) for found in exact_ids for i in found]
            [earliest] = self._entries([i for i in ids if i != prior][:1], ("url", "cluster"))
            duplicate_of, joined = (_text(earliest[0]), _text(earliest[1])) if earliest else (
                None, None)
            before = _text(gone[0]) if gone else None
            near = {i for h in bands for i in postings[h]} - {prior}
            cluster = forced or choose_cluster(url, joined, lambda: self._near(sig, near), before)
            pipe.watch(self.data("c", cluster))
            story = grown(self._story(cluster), url=url, sig=sig, when=when, credited=credited,
                          site=site, grows=before != cluster)
            pipe.multi()
            if gone:
                self._forget(pipe, prior, gone[1])
            padded = f"{entry:0{ID_DIGITS}d}"
            fields = {"key": key, "url": url, "site": site, "seen": repr(when),
                      "cluster": cluster, "exact": exact, "sig": sig,
                      "bands": ",".join(bands)}
            pipe.hset(self.data("e", str(entry)),
                      mapping={k: v for k, v in fields.items() if v is not None})
            pipe.set(by_url, entry)
            pipe.zadd(self.data("seen"), {padded: when})
            if by_exact:
                pipe.zadd(by_exact, {padded: when})
            for h in old:
                postings[h] = [i for i in postings[h] if i != prior]
            for h in bands:
                postings[h].append(entry)
            for h, ids in postings.items():
                if ids:
                    pipe.hset(self._buckets([h])[0], h, ",".join(map(str, ids)))
                else:
                    pipe.hdel(self._buckets([h])[0], h)
            values = {name: getattr(story, name) for name in STORY}
            pipe.hset(self.data("c", cluster),
                      mapping={k: v for k, v in values.items() if v is not None})
            pipe.zadd(self.data("stories"), {cluster: story.last_seen})
            pipe.zcard(self.data("seen"))
            count = pipe.execute()[-1]
        return assignment(cluster, story, sig=sig, site=site, credited=credited,
                          duplicate_of=duplicate_of), count

    def _forget(self, pipe: Any, entry: int, exact: bytes | None) -> None:
        """Queue the removal of an earlier version's entry (its URL key is overwritten, its
        band postings rewritten)."""
        padded = f"{entry:0{ID_DIGITS}d}"
        if exact is not None:
            pipe.zrem(self.data("x", _text(exact)), padded)
        pipe.zrem(self.data("seen"), padded)
        pipe.delete(self.data("e", str(entry)))

    def _entries(self, ids: list[int], fields: tuple[str, ...]) -> list[list[Any] | None]:
        """The fields of these entries (None for one gone); [None] for no ids."""
        if not ids:
            return [None]
        reads = self.client.pipeline(transaction=False)
        for entry in ids:
            reads.hmget(self.data("e", str(entry)), fields)
        return [row if row[0] is not None else None for row in reads.execute()]

    def _buckets(self, bands: list[str]) -> list[str]:
        """The keys of the hashes holding these band hashes' postings."""
        return [self.data("b", h[-BUCKET_DIGITS:]) for h in bands]

    def _postings(self, bands: list[str]) -> dict[str, list[int]]:
        """The ids of the entries having each band hash."""
        reads = self.client.pipeline(transaction=False)
        for h, bucket in zip(bands, self._buckets(bands), strict=True):
            reads.hget(bucket, h)
        return {h: [int(i) for i in found.split(b",")] if found else []
                for h, found in zip(bands, reads.execute() if bands else [], strict=True)}

    def _candidates(self, sig: bytes, ids: set[int]) -> list[tuple[str, str, float]]:
        rows = self._entries(sorted(ids), ("url", "cluster", "sig")) if ids else []
        return [(_text(url), _text(cluster), similarity(sig, other))
                for url, cluster, other in filter(None, rows) if other is not None]

    def _near(self, sig: bytes | None, ids: set[int]) -> str | None:
        if sig is None:
            return None
        return best_match(self._candidates(sig, ids), self.params.threshold)

    def candidates(self, sig: bytes) -> list[tuple[str, str, float]]:
        """(url, cluster, similarity) of the entries sharing an LSH band with the signature."""
        with self._outage():
            postings = self._postings([str(h) for h in band_hashes(sig, self.params)])
            return self._candidates(sig, {i for ids in postings.values() for i in ids})

    def _story(self, cluster: str) -> Story | None:
        first_url, first_sig, size, last_seen, agency, agency_site = self.client.hmget(
            self.data("c", cluster), STORY)
        if first_url is None:
            return None
        return Story(_text(first_url), first_sig, int(size), float(last_seen), _text(agency),
                     _text(agency_site))

    # -- bounds -------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """The entries the index holds (all workers')."""
        with self._outage():
            return int(self.client.zcard(self.data("seen")))

    def _tick(self, now: float, count: int) -> None:
        self.since_sweep += 1
        if count > self.max_entries:
            self._run_trim("oldest", str(self.max_entries))
        if self.since_sweep >= EXPIRE_EVERY:
            self.expire(datetime.fromtimestamp(now, UTC))

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
            return self.expire(datetime.fromtimestamp(newest[0][1], UTC)) if newest else 0

    def expire(self, now: datetime) -> int:
        """Forget entries and clusters last seen before `now` minus the window; how many
        entries went."""
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


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
