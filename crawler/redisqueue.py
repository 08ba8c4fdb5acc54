"""The shared request queue on Redis, with leases: a request a worker takes is not lost with it.

scrapy-redis's PriorityQueue pops a request by removing it: a worker killed between the pop and
the rows of that page being durable loses the page. Here a pop moves the request, in one step
(a Lua script), from the queue (a sorted set by priority, `<prefix>:<spider>:requests`) into the
worker's leases (`<prefix>:<spider>:leases:<worker>`, lease id -> "score|request"). The leases
go when the worker ends its crawl with every row written (`settle`), or back to the queue when
it did not (`release`), or when the worker died (`requeue`, by any other worker, once the dead
one's heartbeat expired: pipelines/store/redisrun.py). A request scheduled again under a lease
(a retry, a redirect) replaces its lease in the same step.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from pipelines.store.redisrun import REAPED_MARK_SECONDS

logger = logging.getLogger(__name__)

LEASE = "akhbar_lease"  # request meta: the lease id under which this worker fetches it

# KEYS: queue, leases, lease counter -> {lease id, "score|request"} or nil
POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return nil end
redis.call('ZREM', KEYS[1], top[1])
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, top[2] .. '|' .. top[1])
return {id, top[1]}
"""
# KEYS: queue, leases; ARGV: score, request, lease id to retire ('' for none)
PUSH = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('HDEL', KEYS[2], ARGV[3]) end
return 1
"""
# KEYS: queue, leases -> how many requests went back to the queue
REQUEUE = """
local entries = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 2, #entries, 2 do
  local value = entries[i]
  local bar = string.find(value, '|', 1, true)
  redis.call('ZADD', KEYS[1], tonumber(string.sub(value, 1, bar - 1)), string.sub(value, bar + 1))
  n = n + 1
end
redis.call('DEL', KEYS[2])
return n
"""


# KEYS: queue, leases; ARGV: the lease ids this worker handed to its engine -> {settled, put
# back}. Any other lease of the worker goes back to the queue: a POP whose reply was lost (a
# Redis restart; the client then retried it) leased a request the worker never saw.
SETTLE = """
local settled = 0
for i = 1, #ARGV do
  settled = settled + redis.call('HDEL', KEYS[2], ARGV[i])
end
local entries = redis.call('HGETALL', KEYS[2])
for i = 2, #entries, 2 do
  local value = entries[i]
  local bar = string.find(value, '|', 1, true)
  redis.call('ZADD', KEYS[1], tonumber(string.sub(value, 1, bar - 1)), string.sub(value, bar + 1))
end
redis.call('DEL', KEYS[2])
return {settled, #entries / 2}
"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pops are leases of `worker_id`."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None, *,
                 worker_id: str, prefix: str) -> None:
        super().__init__(server, spider, key, serializer)
        self.worker_id = worker_id
        self.prefix = prefix  # "<prefix>:<spider>": the leases and counter are named after it
        self._pop = server.register_script(POP)
        self._push = server.register_script(PUSH)
        self._requeue = server.register_script(REQUEUE)
        self._settle = server.register_script(SETTLE)
        self.taken: set[int] = set()  # lease ids of the requests handed to the engine

    def leases_key(self, worker_id: str | None = None) -> str:
        return f"{self.prefix}:leases:{worker_id or self.worker_id}"

    def push(self, request: Request) -> None:
        lease = request.meta.get(LEASE)
        self._push(keys=[self.key, self.leases_key()],
                   args=[-request.priority, self._encode_request(request),
                         "" if lease is None else str(lease)])

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._pop(keys=[self.key, self.leases_key(), f"{self.prefix}:lease-counter"])
        if not found:
            return None
        lease, data = found
        request = self._decode_request(data)
        request.meta[LEASE] = int(lease)
        self.taken.add(int(lease))
        return request

    def leased(self, worker_id: str | None = None) -> int:
        return self.server.hlen(self.leases_key(worker_id))

    def requeue(self, worker_id: str | None = None) -> int:
        """Put a worker's leased requests back in the queue; how many."""
        return int(self._requeue(keys=[self.key, self.leases_key(worker_id)]))

    def settle(self) -> int:
        """This worker's pages are all written: the leases of the requests it handed to its
        engine are done with; any other goes back to the queue. How many were settled."""
        taken, self.taken = self.taken, set()
        settled, orphans = self._settle(keys=[self.key, self.leases_key()], args=sorted(taken))
        if orphans:
            logger.warning("%d leased request(s) this worker never received (a reply lost "
                           "while Redis restarted) put back in the queue", orphans)
        return int(settled)


def reap(server: Any, keys: Any, worker_id: str) -> int:
    """Put every request a dead worker had leased back in its site's queue, and forget the
    worker; how many requests went back. Safe to race: each site's move is one script."""
    sites = keys("worker-sites", worker_id)
    server.set(keys("reaped", worker_id), "1", ex=REAPED_MARK_SECONDS)  # told at its next beat
    requeued = 0
    for site in server.smembers(sites):
        site = site.decode() if isinstance(site, bytes) else site
        requeued += int(server.eval(REQUEUE, 2, keys(site, "requests"),
                                    keys(site, "leases", worker_id)))
    server.delete(sites)
    server.srem(keys("workers"), worker_id)
    return requeued
