"""One runs row per run and site between workers (pipelines/store/runstats.py), on a real
redis-server: the last worker out of a site writes it, counting every worker's share."""

from __future__ import annotations

from datetime import UTC, datetime

import redis

from pipelines.store.redisconn import Keys
from pipelines.store.redisrun import RedisRun
from pipelines.store.runstats import SharedRunTally
from tests.redisserver import RedisServer

FINISHED = "finished"  # the finish reason of a worker that ran out of work


def worker(server: RedisServer, name: str) -> tuple[RedisRun, SharedRunTally]:
    client = redis.Redis.from_url(server.url)
    run = RedisRun(client, Keys("akhbar"), name, lease_seconds=30)
    run.join("run-1")
    return run, SharedRunTally(client, Keys("akhbar"), run.run_id, name, run.worker_key(""))


def share(articles: int, rejects: dict[str, int], started: int, finished: int,
          reason: str = "finished") -> dict:
    """A worker's runs row of its share, as crawler/runs.py run_row makes it."""
    return {"run_id": "run-1", "site": "alwaha", "finish_reason": reason,
            "started": datetime(2026, 12, 5, 10, started, tzinfo=UTC),
            "finished": datetime(2026, 12, 5, 11, finished, tzinfo=UTC),
            "articles": articles, "rejects": sum(rejects.values()), "requests": articles * 2,
            "reject_reasons": [{"key": k, "count": n} for k, n in sorted(rejects.items())],
            "discovery_errors": [], "versions": "{}", "settings": "{}"}


def test_the_last_worker_out_writes_one_row_counting_both_shares(redis_server: RedisServer):
    (_, first), (_, second) = worker(redis_server, "w1"), worker(redis_server, "w2")
    first.opened("alwaha")
    second.opened("alwaha")
    mine = share(30, {"extract/too_short": 2}, started=5, finished=40, reason="shutdown")
    assert first.closed("alwaha", mine, FINISHED) is None  # w2 still crawls the site
    row = second.closed("alwaha", share(14, {"extract/too_short": 1, "fetch/http_404": 3},
                                        started=7, finished=30), FINISHED)
    assert row is not None
    assert (row["articles"], row["rejects"], row["requests"]) == (44, 6, 88)
    assert row["reject_reasons"] == [{"key": "extract/too_short", "count": 3},
                                     {"key": "fetch/http_404", "count": 3}]
    assert row["started"] == mine["started"] and row["finished"] == mine["finished"]
    assert row["finish_reason"] == FINISHED  # the last out found nothing left to do


def test_a_dead_worker_does_not_keep_the_row_from_being_written(redis_server: RedisServer):
    (dead, first), (_, second) = worker(redis_server, "w1"), worker(redis_server, "w2")
    first.opened("alwaha")
    second.opened("alwaha")
    redis.Redis.from_url(redis_server.url).delete(dead.worker_key())  # killed: no heartbeat
    row = second.closed("alwaha", share(44, {}, started=1, finished=2))
    assert row is not None and row["articles"] == 44


def test_a_run_no_worker_finished_keeps_the_last_workers_reason(redis_server: RedisServer):
    _, only = worker(redis_server, "w1")
    only.opened("alwaha")
    row = only.closed("alwaha", share(5, {}, 1, 2, reason="shutdown"), FINISHED)
    assert row["finish_reason"] == "shutdown"


def test_a_worker_joining_after_the_row_was_written_writes_it_again_with_its_share(
        redis_server: RedisServer):
    (_, first), (_, late) = worker(redis_server, "w1"), worker(redis_server, "w2")
    first.opened("alwaha")
    assert first.closed("alwaha", share(40, {}, started=1, finished=2))["articles"] == 40
    late.opened("alwaha")
    assert late.closed("alwaha", share(4, {}, started=3, finished=4))["articles"] == 44


def test_what_a_worker_stored_counts_once_even_when_it_is_killed_later(
        redis_server: RedisServer):
    (killed_run, killed), (_, other) = worker(redis_server, "w1"), worker(redis_server, "w2")
    killed.opened("alwaha")
    other.opened("alwaha")
    for stored in (3, 3, 9):  # its files' rows, as they are stored (the same counts again too)
        killed.add("alwaha", share(stored, {"fetch/http_404": 1}, 1, 2))
    redis.Redis.from_url(redis_server.url).delete(killed_run.worker_key())  # kill -9
    row = other.closed("alwaha", share(35, {}, 1, 2), FINISHED)
    assert (row["articles"], row["reject_reasons"]) == (
        44, [{"key": "fetch/http_404", "count": 1}])


def test_a_worker_taken_for_dead_that_leaves_last_writes_the_row_as_finished(
        redis_server: RedisServer):
    """Its pages came back to the other worker, which ran out of work and left first."""
    (_, fenced), (_, other) = worker(redis_server, "w1"), worker(redis_server, "w2")
    fenced.opened("alwaha")
    other.opened("alwaha")
    fenced.add("alwaha", share(10, {}, 1, 2))
    assert other.closed("alwaha", share(34, {}, 1, 2), FINISHED) is None  # w1 still there
    row = fenced.closed("alwaha", share(10, {}, 1, 3, reason="declared_dead"), FINISHED)
    assert (row["articles"], row["finish_reason"]) == (44, FINISHED)


def test_each_site_and_run_has_its_own_tally(redis_server: RedisServer):
    _, first = worker(redis_server, "w1")
    for site in ("alwaha", "sahil"):
        first.opened(site)
        row = first.closed(site, {**share(7, {}, 1, 2), "site": site})
        assert row["articles"] == 7
