"""The leased queue of a shared crawl (crawler/redisqueue.py) on a real redis-server."""

from __future__ import annotations

import hashlib

import redis
from scrapy import Request, Spider
from scrapy_redis import picklecompat

from crawler.redisqueue import POP, LeasedQueue
from pipelines.store.redisconn import connect
from tests.redisserver import RedisServer
from tests.tcpproxy import TcpProxy


def queue(server: RedisServer, client: redis.Redis | None = None) -> LeasedQueue:
    return LeasedQueue(client or redis.Redis.from_url(server.url), Spider("alwaha"),
                       "akhbar:alwaha:requests", picklecompat, worker_id="w1",
                       prefix="akhbar:alwaha")


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


def test_a_pop_reply_lost_on_the_wire_is_retried_by_the_client_and_nothing_is_lost(
        redis_server: RedisServer):
    """The same through the crawl's own client (`connect`, which retries on a lost
    connection): a proxy lets the POP reach Redis, then drops its reply and resets the
    connection. The client runs the POP again; settling puts the first request back."""
    with TcpProxy(("127.0.0.1", redis_server.port)) as proxy:
        shared = queue(redis_server, connect(f"redis://127.0.0.1:{proxy.port}/0"))
        for n in (1, 2, 3):
            shared.push(Request(f"https://alwaha.test/{n}"))
        fetched = {shared.pop().url}  # the script is loaded: the next POP runs at once
        proxy.lose_reply_to(hashlib.sha1(POP.encode()).hexdigest().encode())
        fetched.add(shared.pop().url)
        assert proxy.lost.is_set()  # Redis ran that POP twice: one lease was never received
        assert shared.leased() == 3
        assert shared.settle() == 2
        left = shared.pop()
        assert left is not None and left.url not in fetched
        assert shared.pop() is None
