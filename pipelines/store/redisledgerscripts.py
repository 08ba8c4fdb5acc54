"""What the Redis ledger (redisledger.py) runs on the server and how its values travel: the
Lua scripts of a commit (UPSERT) and a lookup (LOOKUP), a row as the commit's arguments, and a
lookup's or a reject's answer read back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pipelines.store.ledger import Known, alias_keys, article_values
from pipelines.store.redisconn import text

KNOWN_FIELDS = ("url", "version", "content_hash", "published", "etag", "last_modified",
                "result_hash")

# ARGV: article prefix, young prefix, file ("" for none), now, then per row: the articles
# columns (ledger.SCHEMA's order, first_seen left out), the published score ("" for none),
# the number of aliases and the aliases. A nullable value comes as "" for NULL or "=" + value.
# KEYS: the alias hash, the files hash.
UPSERT = """
local function val(s) if s == '' then return nil end return string.sub(s, 2) end
local function later(a, b)  -- bytewise a > b, as SQLite's max() compares text
  for p = 1, math.min(#a, #b) do
    local x, y = string.byte(a, p), string.byte(b, p)
    if x ~= y then return x > y end
  end
  return #a > #b
end
local aprefix, yprefix, file, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local nullable = {site = 2, published = 4, etag = 5, last_modified = 6, content_hash = 7,
                  result_hash = 9}  -- offsets in a row's arguments
local i = 5
while i <= #ARGV do
  local key, url, fetched, version = ARGV[i], ARGV[i + 1], ARGV[i + 3], ARGV[i + 8]
  local score, naliases = ARGV[i + 10], tonumber(ARGV[i + 11])
  local hkey = aprefix .. key
  local stored = redis.call('HMGET', hkey, 'version', 'site', 'last_fetched')
  if not stored[1] then
    local fields = {'url', url, 'first_seen', fetched, 'last_fetched', fetched,
                    'version', version}
    for name, at in pairs(nullable) do
      local v = val(ARGV[i + at])
      if v then fields[#fields + 1] = name; fields[#fields + 1] = v end
    end
    redis.call('HSET', hkey, unpack(fields))
    local site = val(ARGV[i + 2])
    if site and score ~= '' then redis.call('ZADD', yprefix .. site, score, key) end
  elseif tonumber(version) >= tonumber(stored[1]) then
    local last = stored[3]
    if not last or later(fetched, last) then last = fetched end
    redis.call('HSET', hkey, 'url', url, 'last_fetched', last, 'version', version)
    for _, name in ipairs({'etag', 'last_modified', 'content_hash', 'result_hash'}) do
      local v = val(ARGV[i + nullable[name]])
      if v then redis.call('HSET', hkey, name, v) else redis.call('HDEL', hkey, name) end
    end
    local published = val(ARGV[i + 4])
    if published then
      redis.call('HSET', hkey, 'published', published)
      if stored[2] and score ~= '' then redis.call('ZADD', yprefix .. stored[2], score, key) end
    end
  end
  for j = 1, naliases do redis.call('HSET', KEYS[1], ARGV[i + 11 + j], key) end
  i = i + 12 + naliases
end
if file ~= '' then redis.call('HSETNX', KEYS[2], file, now) end
return 0
"""
# ARGV: article prefix, url_key; KEYS: the alias hash. Returns the key and KNOWN_FIELDS, or nil.
LOOKUP = """
local fields = {FIELDS}
local key = ARGV[2]
local row = redis.call('HMGET', ARGV[1] .. key, unpack(fields))
if not row[1] then
  key = redis.call('HGET', KEYS[1], key)
  if not key then return nil end
  row = redis.call('HMGET', ARGV[1] .. key, unpack(fields))
  if not row[1] then return nil end
end
return {key, unpack(row)}
""".replace("FIELDS", ", ".join(f"'{name}'" for name in KNOWN_FIELDS))


def known_of(found: list[Any] | None) -> Known | None:
    """The Known of what the lookup script returned (None: no such article)."""
    if found is None:
        return None
    key, url_, version, content_hash, published, etag, last_modified, result_hash = [
        text(value) for value in found]
    return Known(key, url_, int(version), content_hash,
                 datetime.fromisoformat(published) if published else None, etag,
                 last_modified, result_hash)


def reason_of(found: bytes | None, since: datetime) -> str | None:
    """The reason of a lasting reject recorded after `since` (None: none, or older)."""
    if found is None:
        return None
    _, reason, at = json.loads(found)
    return reason if at >= since.astimezone(UTC).isoformat() else None


def row_args(row: dict[str, Any]) -> list[str]:
    """A committed row as the upsert script's arguments (see UPSERT)."""
    key, url, site, fetched, _, published, etag, last_modified, content_hash, version, \
        result_hash = article_values(row)
    aliases = sorted(alias_keys(row, key))
    return [key, url, _nullable(site), fetched, _nullable(published), _nullable(etag),
            _nullable(last_modified), _nullable(content_hash), str(version),
            _nullable(result_hash), _score(published), str(len(aliases)), *aliases]


def _nullable(value: Any) -> str:
    return "" if value is None else f"={value}"


def _score(published: str | None) -> str:
    """The published time as the young sorted set's score; "" when there is none to read."""
    try:
        return repr(datetime.fromisoformat(published).timestamp()) if published else ""
    except ValueError:
        return ""
