"""Written once between workers (pipelines/store/claims.py), on a real redis-server."""

from __future__ import annotations

import redis

from crawler.redisqueue import reap
from pipelines.store.claims import Claims
from pipelines.store.redisconn import Keys
from pipelines.store.redisrun import RedisRun
from tests.redisserver import RedisServer

URL = "https://news.example/politics/2026/12/05/4417"


def worker(server: RedisServer, name: str) -> tuple[RedisRun, Claims]:
    client = redis.Redis.from_url(server.url)
    run = RedisRun(client, Keys("akhbar"), name, lease_seconds=30)
    run.join("run-1")
    return run, Claims(client, Keys("akhbar"), name)


def test_the_first_worker_to_claim_an_article_version_writes_it(redis_server: RedisServer):
    _, first = worker(redis_server, "w1")
    _, second = worker(redis_server, "w2")
    assert first.claim(URL, 1) is None
    assert second.claim(URL + "?utm_source=feed", 1) == "w1"  # another spelling, one article
    assert first.claim(URL, 1) is None  # its own claim again
    assert second.claim(URL, 2) is None  # a new version is another row


def test_a_dead_workers_claim_is_taken_over_once_its_pages_are_requeued(
        redis_server: RedisServer):
    dead, first = worker(redis_server, "w1")
    _, second = worker(redis_server, "w2")
    assert first.claim(URL, 1) is None
    client = redis.Redis.from_url(redis_server.url)
    client.delete(dead.worker_key())  # its heartbeat expired
    assert second.claim(URL, 1) == "w1"  # not yet: its page is not back in the queue
    reap(client, Keys("akhbar"), "w1")
    assert second.claim(URL, 1) is None
    assert first.claim(URL, 1) == "w2"
    assert not first.may_publish()  # resumed, it must not put its file in place
    assert second.may_publish()


def test_a_sealed_claim_is_never_taken_over(redis_server: RedisServer):
    _, first = worker(redis_server, "w1")
    _, second = worker(redis_server, "w2")
    assert first.claim(URL, 1) is None
    assert first.seal([(URL, 1)]) == 1  # its file is in place
    reap(redis.Redis.from_url(redis_server.url), Keys("akhbar"), "w1")
    assert second.claim(URL, 1) == "w1"
