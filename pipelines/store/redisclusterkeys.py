"""The keys of the story index in Redis (redisclusters.py): their layout, the generation they
belong to, and the Lua script that trims them.

Under the deployment's prefix P (redisconn.Keys) and the index's generation G:

    P:clusters:meta          hash: what the index is made with (index_meta) and its generation G
    P:clusters:G:next        the last entry id given
    P:clusters:G:e:<id>      hash, one per entry: key url site seen cluster exact sig bands
    P:clusters:G:k:<url_key> the id of the URL's entry
    P:clusters:G:seen        sorted set of entry ids (ID_DIGITS digits) by first seen
    P:clusters:G:x:<exact>   sorted set of the ids of the entries with that exact key, by seen
    P:clusters:G:b:<digits>  hash: LSH band hash ending in these digits -> ids of its entries
    P:clusters:G:c:<cluster> hash, one per cluster: storyindex.Story's fields
    P:clusters:G:stories     sorted set of cluster ids by last seen

An index made with other parameters is set aside: a new generation starts and the old one's keys
are deleted.
"""

from __future__ import annotations

import logging
import re
from itertools import islice
from typing import Any

from pipelines.store.redisconn import Keys, text
from pipelines.store.storyindex import Story

logger = logging.getLogger(__name__)

FORMAT = "redis-1"
BUCKET_DIGITS = 6  # postings in 10**6 hashes (by the last digits): about 37 fields each at
# a million entries, kept as compact listpacks (a key per band hash: twice the memory)
ID_DIGITS = 12  # ids in the sorted sets: equal times then sort by id, as SQLite's "seen, id"
TRIM_CHUNK = 500  # entries a trim script removes per call: a call blocks the server
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


def padded(entry: int) -> str:
    """An entry's id as the sorted sets hold it."""
    return f"{entry:0{ID_DIGITS}d}"


def buckets(data: Keys, bands: list[str]) -> list[str]:
    """The keys of the hashes holding these band hashes' postings."""
    return [data("b", h[-BUCKET_DIGITS:]) for h in bands]


# An article's postings are read and written with one command each (EVAL: a script inside
# MULTI must not meet NOSCRIPT), not one per band: redis-py's cost is per command.
# KEYS: the buckets; ARGV: the band hashes. The ids held for each ("1,5,9"), or nil.
READ_POSTINGS = """
local found = {}
for i = 1, #KEYS do
  found[i] = redis.call('HGET', KEYS[i], ARGV[i])
end
return found
"""
# KEYS: the buckets; ARGV: band hash, ids ("" removes the band hash), for each bucket in turn.
WRITE_POSTINGS = """
for i = 1, #KEYS do
  if ARGV[2 * i] == '' then
    redis.call('HDEL', KEYS[i], ARGV[2 * i - 1])
  else
    redis.call('HSET', KEYS[i], ARGV[2 * i - 1], ARGV[2 * i])
  end
end
return #KEYS
"""


def read_postings(pipe: Any, data: Keys, bands: list[str]) -> None:
    """Queue the read of these band hashes' postings on `pipe` (one result: `postings_of`)."""
    if bands:
        pipe.eval(READ_POSTINGS, len(bands), *buckets(data, bands), *bands)


def postings_of(bands: list[str], found: list[Any] | None) -> dict[str, list[int]]:
    """The ids of the entries having each band hash, from what `read_postings` returned."""
    return {h: [int(i) for i in ids.split(b",")] if ids else []
            for h, ids in zip(bands, found or [None] * len(bands), strict=True)}


def write_postings(pipe: Any, data: Keys, postings: dict[str, list[int]]) -> None:
    """Queue the write of these postings on `pipe` (a band hash left with no id is removed)."""
    if postings:
        args = [v for h, ids in postings.items() for v in (h, ",".join(map(str, ids)))]
        pipe.eval(WRITE_POSTINGS, len(postings), *buckets(data, list(postings)), *args)


def story_fields(story: Story) -> dict[str, Any]:
    """A cluster's hash (its fields that are set)."""
    values = {name: getattr(story, name) for name in STORY}
    return {k: v for k, v in values.items() if v is not None}


def read_story(values: list[Any]) -> Story | None:
    """A cluster's row from HMGET of its STORY fields (None: no such cluster)."""
    first_url, first_sig, size, last_seen, agency, agency_site = values
    if first_url is None:
        return None
    return Story(text(first_url), first_sig, int(size), float(last_seen), text(agency),
                 text(agency_site))


def open_generation(client: Any, keys: Keys, meta: dict[str, str],
                    server: str) -> tuple[Keys, bool]:
    """The keys of the index's generation made with `meta`, and whether it is new: when the
    stored one is made otherwise (or there is none) a new one starts, the old one's keys go."""
    name = keys("clusters", "meta")

    def generations(pipe: Any) -> tuple[str | None, str | None, dict]:
        stored = {text(k): text(v) for k, v in pipe.hgetall(name).items()}
        old = stored.pop("generation", None)
        if old is not None and stored == meta:
            return old, None, stored
        new = str(int(old) + 1 if old and old.isdigit() else 1)
        pipe.multi()
        pipe.delete(name)
        pipe.hset(name, mapping={**meta, "generation": new})
        return old, new, stored

    old, new, stored = client.transaction(generations, name, value_from_callable=True)
    if new is None:
        return Keys(keys("clusters", old)), False
    if old is not None:
        logger.warning("the story index at %s was made with other parameters %s: set aside "
                       "(its keys deleted) and rebuilt from the dataset", server, stored)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", keys("clusters", old)) + ":*"
        found = client.scan_iter(match=pattern, count=1000)
        while batch := list(islice(found, 1000)):
            client.unlink(*batch)
    return Keys(keys("clusters", new)), True
