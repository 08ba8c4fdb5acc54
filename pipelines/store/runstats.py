"""One runs row per run and site when several workers share the run on Redis.

Each worker crawls a share of a site; its stats count that share only. When a worker closes a
site, it adds its counts to the run's tally of the site (`<prefix>:runstats:<run>:<site>`, a
hash), in one script that also says whether another live worker still has the site open
(`<prefix>:runsites:<run>:<site>`, the set of workers that opened it, alive while their heartbeat
is). The last one out gets the tally back and writes the row; the others write none, so the
runs dataset keeps one row per run and site, counting every worker's share.

What the tally does with a row's columns: integers are summed; lists of {"key", "count"} are
summed key by key; `started` keeps the earliest, `finished` the latest; the finish reason is
the finished one once a worker ran out of work; the rest (versions, settings) is the last
worker's. A worker that joins after the row was written writes it again, with its share
added. A worker adds its counts as its rows are stored too (`add`, only what is new each
time): what a worker killed later had stored is counted.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pipelines.store.redisconn import Keys, text

TALLY_DAYS = 3  # a run's tallies expire this long after their last use
COUNT = "n:"  # tally fields: n:<column> (an integer column), k:<column>:<key> (a keyed count)
KEYED = "k:"
EARLIEST, LATEST = ("started",), ("finished",)

# KEYS: tally, workers with the site open; ARGV: worker id, prefix of worker hashes, ttl
# seconds, "1" when the worker leaves the site ("2": leaves it finished), then earliest/latest
# times as JSON ({column: iso}), then field/increment pairs. Leaving, returns the tally
# (HGETALL) when no other live worker has the site open; else nil.
ADD = """
local leaving = ARGV[4] ~= '0'
if leaving then redis.call('SREM', KEYS[2], ARGV[1]) end
if ARGV[4] == '2' then redis.call('HSET', KEYS[1], 'finished', '1') end
for column, value in pairs(cjson.decode(ARGV[5])) do
  local held = redis.call('HGET', KEYS[1], 't:' .. column)
  if not held or value < held then redis.call('HSET', KEYS[1], 't:' .. column, value) end
end
for column, value in pairs(cjson.decode(ARGV[6])) do
  local held = redis.call('HGET', KEYS[1], 't:' .. column)
  if not held or value > held then redis.call('HSET', KEYS[1], 't:' .. column, value) end
end
for i = 7, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if not leaving then return nil end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[2] .. w) == 1 then return nil end
end
return redis.call('HGETALL', KEYS[1])
"""


class SharedRunTally:
    """A worker's side of the runs rows of one shared run (see the module's docstring)."""

    def __init__(self, client: Any, keys: Keys, run_id: str, worker_id: str,
                 worker_prefix: str) -> None:
        self.client = client
        self.keys = keys
        self.run_id = run_id
        self.worker_id = worker_id
        self.worker_prefix = worker_prefix  # + a worker id: its heartbeat key
        self._added: dict[str, dict[str, int]] = {}  # site -> the counts added so far

    def _keys(self, site: str) -> tuple[str, str]:
        return (self.keys("runstats", self.run_id, site),
                self.keys("runsites", self.run_id, site))

    def opened(self, site: str) -> None:
        """This worker crawls `site`: the others leave its runs row to the last one out."""
        pipe = self.client.pipeline()
        pipe.sadd(self._keys(site)[1], self.worker_id)
        pipe.expire(self._keys(site)[1], TALLY_DAYS * 86400)
        pipe.execute()

    def add(self, site: str, row: dict[str, Any]) -> None:
        """Add what this worker's counts of `site` (a runs row, or its counted part) hold
        beyond what was added before: called as its rows are stored, so that what a worker
        stored is counted even when it is killed later."""
        self._add(site, row)

    def closed(self, site: str, row: dict[str, Any], finished: str | None = None
               ) -> dict[str, Any] | None:
        """Add the rest of this worker's row of `site` to the tally; the whole run's row when
        this worker is the last out, else None (another writes it). `finished` is the finish
        reason of a worker that ran out of work, when this one did: once one did, the run's
        row says so (the others' work came back to it), whatever the last one's reason."""
        done = finished is not None and row.get("finish_reason") == finished
        tally = self._add(site, row, leaving="2" if done else "1")
        if tally is None:
            return None
        fields = {text(tally[i]): text(tally[i + 1]) for i in range(0, len(tally), 2)}
        whole = whole_row(row, fields)
        if finished is not None and fields.get("finished"):
            whole["finish_reason"] = finished
        return whole

    def _add(self, site: str, row: dict[str, Any], leaving: str = "0") -> Any:
        earliest, latest = (_times(row, columns) for columns in (EARLIEST, LATEST))
        counts, added = _counts(row), self._added.get(site, {})
        increments: list[Any] = []
        for field, amount in counts.items():
            if amount != added.get(field, 0):
                increments += [field, amount - added.get(field, 0)]
        if leaving == "0" and not increments:
            return None
        tally = self.client.eval(ADD, 2, *self._keys(site), self.worker_id, self.worker_prefix,
                                 TALLY_DAYS * 86400, leaving,
                                 json.dumps(earliest), json.dumps(latest), *increments)
        self._added[site] = {**added, **counts}
        return tally


def _times(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, str]:
    return {c: _sortable(row[c]) for c in columns if isinstance(row.get(c), datetime)}


def _sortable(moment: datetime) -> str:
    """A UTC time as text that sorts as the time does (one width, microseconds always)."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _counts(row: dict[str, Any]) -> dict[str, int]:
    """The tally's increments of one worker's row."""
    counts: dict[str, int] = {}
    for column, value in row.items():
        if isinstance(value, int) and not isinstance(value, bool):
            counts[f"{COUNT}{column}"] = value
        elif _is_keyed(value):
            for entry in value:
                counts[f"{KEYED}{column}:{entry['key']}"] = int(entry["count"])
    return counts


def _is_keyed(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, dict) and set(v) == {"key", "count"} for v in value)


def whole_row(row: dict[str, Any], tally: dict[str, str]) -> dict[str, Any]:
    """The last worker's row with the run's tally in place of its own counts and times."""
    whole = dict(row)
    for column, value in row.items():
        if isinstance(value, int) and not isinstance(value, bool):
            whole[column] = int(tally.get(f"{COUNT}{column}", value))
        elif _is_keyed(value):
            prefix = f"{KEYED}{column}:"
            whole[column] = [{"key": field.removeprefix(prefix), "count": int(n)}
                             for field, n in sorted(tally.items()) if field.startswith(prefix)]
    for column in (*EARLIEST, *LATEST):
        if held := tally.get(f"t:{column}"):
            whole[column] = datetime.fromisoformat(held)
    return whole
