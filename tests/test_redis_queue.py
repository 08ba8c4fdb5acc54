"""The leased queue of a shared crawl (crawler/redisqueue.py) on a real redis-server."""

from __future__ import annotations

import redis
from scrapy import Request, Spider
from scrapy_redis import picklecompat

from crawler.redisqueue import POP, LeasedQueue
from tests.redisserver import RedisServer


def queue(server: RedisServer) -> LeasedQueue:
    return LeasedQueue(redis.Redis.from_url(server.url), Spider("alwaha"), "akhbar:alwaha:requests",
                       picklecompat, worker_id="w1", prefix="akhbar:alwaha")


def test_settling_puts_back_a_lease_whose_pop_reply_was_lost(redis_server: RedisServer):
    """Redis ran a POP but its reply never arrived (a restart; the client retried it): the
    request is leased to a worker that never saw it. Settling must not drop it."""
    shared = queue(redis_server)
    for n in (1, 2, 3):
        shared.push(Request(f"https://alwaha.test/{n}"))
    fetched = shared.pop()  # handed to the engine, then written
    client = redis.Redis.from_url(redis_server.url)
    client.eval(POP, 3, shared.key, shared.leases_key(), "akhbar:alwaha:lease-counter")  # lost
    assert shared.leased() == 2
    assert shared.settle() == 1  # only the request it received
    assert shared.leased() == 0
    left = {shared.pop().url for _ in range(2)}
    assert fetched.url not in left and len(left) == 2  # the lost one is back, none twice
    assert shared.pop() is None
