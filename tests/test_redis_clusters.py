"""The story index in Redis (pipelines/store/redisclusters.py) answers as the SQLite one does,
joins near copies that concurrent workers assign at the same moment into one story, and keeps its
data across a server restart. The behaviours both indexes share run against both (`opener`: the
SQLite file, or a real redis-server, tests/redisserver.py); tests/test_clusters.py keeps what is
the SQLite index's own."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from datasketch import MinHashLSH

from pipelines.signature import exact_key, signature
from pipelines.store.clusters import ClusterIndex
from pipelines.store.minhash import ClusterParams
from pipelines.store.redisclusters import RedisClusterIndex
from pipelines.store.redisconn import Keys, RedisUnavailable, connect
from tests.test_clusters import DAY, PARAMS, VOCABULARY, add, as_datasketch, story

Index = ClusterIndex | RedisClusterIndex


@pytest.fixture(params=["sqlite", "redis"])
def opener(request, tmp_path: Path) -> Iterator[Callable[..., Index]]:
    """Opens another handle on one index: SQLite in tmp_path, or Redis on a fresh server."""
    opened: list[Index] = []

    def open_index(params: ClusterParams | None = None, **bounds) -> Index:
        if request.param == "sqlite":
            index = ClusterIndex(tmp_path / "clusters.sqlite", params, **bounds)
        else:
            url = request.getfixturevalue("redis_server").url
            index = RedisClusterIndex.from_url(url, params=params, **bounds)
        opened.append(index)
        return index

    yield open_index
    for index in opened:
        index.client.close() if isinstance(index, RedisClusterIndex) else index.db.close()


def held(index: Index) -> tuple[set[str], int, int]:
    """The URLs of the entries, the band hashes held for them and the clusters held."""
    if isinstance(index, ClusterIndex):
        urls = {row[0] for row in index.db.execute("SELECT url FROM entries")}
        bands = index.db.execute("SELECT count(*) FROM bands").fetchone()[0]
        return urls, bands, index.db.execute("SELECT count(*) FROM clusters").fetchone()[0]
    client, data = index.client, index.data
    ids = [int(i) for i in client.zrange(data("seen"), 0, -1)]
    urls = {client.hget(data("e", str(i)), "url").decode() for i in ids}
    bands = sum(len(ids.split(b",")) for key in client.scan_iter(match=data("b", "*"))
                for ids in client.hvals(key))
    return urls, bands, client.zcard(data("stories"))


def edited(seed: int, rng: random.Random) -> str:
    lines = story(seed).split("\n")
    lines[rng.randrange(len(lines))] = story(rng.randrange(10**6), 25)
    return "\n".join(lines)


# -- the same answers ---------------------------------------------------------------------------


def test_a_long_sequence_gets_the_same_assignments_from_both_indexes(redis_server):
    """Exact and near copies, new versions of a URL, credited agencies, short bodies (no
    signature), forced clusters, equal times, a window and a bound that both bite."""
    rng = random.Random(5)
    steps, when = [], DAY
    for n in range(260):
        when += timedelta(minutes=rng.choice([0, 0, 9, 95, 700]))
        pick, seed = rng.random(), rng.randrange(30)
        text = (story(seed) if pick < 0.3 else edited(seed, rng) if pick < 0.7
                else " ".join(rng.choice(VOCABULARY) for _ in range(12)) if pick < 0.8
                else story(20_000 + n))
        steps.append(dict(url=f"http://s{rng.randrange(5)}/{rng.randrange(60)}", text=text,
                          when=when if n % 17 else when.replace(tzinfo=None),
                          agency=rng.choice([None, None, "MENA", "SPA"]),
                          own_agency=rng.choice([None, None, "MENA"]),
                          cluster="0000forced" if rng.random() < 0.02 else None,
                          expire=rng.random() < 0.04))
    answers = []
    for index in (ClusterIndex(None, window_days=3, max_entries=70),
                  RedisClusterIndex.from_url(redis_server.url, window_days=3, max_entries=70)):
        said = []
        for step in steps:
            said.append(add(index, step["url"], step["text"], step["when"],
                            agency=step["agency"], own_agency=step["own_agency"],
                            cluster=step["cluster"]))
            if step["expire"]:
                said.append(index.expire(step["when"]))
        answers.append((said, index.count, held(index)[0], held(index)[2]))
        index.close()
    assert answers[0] == answers[1]
    assert len({a.cluster_id for a in answers[0][0] if not isinstance(a, int)}) > 40
    assert any(a.cluster_size > 3 for a in answers[0][0] if not isinstance(a, int))


def test_the_index_finds_what_datasketchs_lsh_finds(opener):
    index = opener()
    lsh = MinHashLSH(threshold=PARAMS.lsh_threshold, num_perm=PARAMS.num_perm)
    rng = random.Random(2)
    for i in range(40):
        sig = signature(edited(i % 12, rng), PARAMS)
        assert {u for u, _, _ in index.candidates(sig)} == set(lsh.query(as_datasketch(sig)))
        index.assign(url=f"http://s{i}/a", site=None, seen=DAY, exact=None, sig=sig)
        lsh.insert(f"http://s{i}/a", as_datasketch(sig))


def test_an_edited_copy_joins_and_an_unrelated_story_does_not(opener):
    index = opener()
    first = add(index, "http://a/1", story(7))
    lines = story(7).split("\n")
    copy = add(index, "http://b/1", "\n".join(["القاهرة - (أ ش أ):", *lines[:-1], story(70, 25)]),
               DAY + timedelta(hours=5))
    other = add(index, "http://c/1", story(8))
    assert copy.cluster_id == first.cluster_id and copy.cluster_size == 2
    assert copy.duplicate_of is None and 0.5 <= copy.similarity < 1
    assert other.cluster_id != first.cluster_id and other.cluster_size == 1


def test_tomorrows_copy_joins_todays_story_after_the_index_is_reopened(opener):
    index = opener()
    assert index.fresh
    first = add(index, "http://a/1", story(11))
    index.close()
    again = opener()
    assert not again.fresh
    copy = add(again, "http://b/7", story(11) + "\n" + story(12, 25), DAY + timedelta(days=1))
    exact = add(again, "http://c/2", story(11), DAY + timedelta(days=2))
    assert copy.cluster_id == exact.cluster_id == first.cluster_id
    assert exact.duplicate_of == "http://a/1" and exact.cluster_size == 3


def test_a_copy_after_the_window_starts_a_new_story(opener):
    index = opener(window_days=14)
    first = add(index, "http://a/1", story(21))
    assert index.expire(DAY + timedelta(days=15)) == 1
    late = add(index, "http://b/1", story(21), DAY + timedelta(days=15))
    assert late.cluster_id != first.cluster_id and late.duplicate_of is None
    assert held(index)[2] == 1


def test_a_new_version_of_an_article_keeps_its_story_and_the_size(opener):
    index = opener()
    first = add(index, "http://a/1", story(31))
    add(index, "http://b/1", story(31) + "\n" + story(32, 25))
    revised = add(index, "http://a/1", story(31) + "\n" + story(33, 25))
    assert revised.cluster_id == first.cluster_id and revised.cluster_size == 2
    assert index.count == 2


def test_the_index_never_holds_more_than_max_entries(opener):
    index = opener(max_entries=120)
    for n in range(400):
        add(index, f"http://s{n % 7}/{n}", story(50_000 + n, 60), DAY + timedelta(minutes=n))
        assert index.count <= 120
    urls, bands, clusters = held(index)
    assert urls == {f"http://s{n % 7}/{n}" for n in range(280, 400)}
    assert bands <= 120 * PARAMS.bands[0] and clusters == 120


def test_wire_copies_follow_the_credited_agency_but_not_the_agencys_own_site(opener):
    index = opener()
    own = add(index, "http://agency/1", story(41), agency="Anadolu", own_agency="Anadolu")
    credited = add(index, "http://a/1", story(42), agency="MENA")
    uncredited = add(index, "http://b/1", story(42) + "\n" + story(43, 25))
    plain = add(index, "http://c/1", story(44))
    assert (own.is_wire_copy, credited.is_wire_copy, uncredited.is_wire_copy,
            plain.is_wire_copy) == (False, True, True, False)


def test_an_index_made_with_other_parameters_is_set_aside(opener, tmp_path):
    old = opener(ClusterParams(num_perm=64))
    add(old, "http://a/1", story(51))
    old.close()
    index = opener(ClusterParams(num_perm=128))
    assert index.fresh and index.count == 0
    add(index, "http://a/1", story(51))
    assert not opener(ClusterParams(num_perm=128)).fresh
    if isinstance(index, ClusterIndex):
        assert len(list(tmp_path.glob("*.bad"))) == 1
    else:  # a new generation; the old one's keys are gone
        assert index.data("x") == "akhbar:clusters:2:x"
        assert not list(index.client.scan_iter(match="akhbar:clusters:1:*"))


def test_the_index_stays_bounded_by_age(opener):
    index = opener(window_days=2)
    for day in range(6):
        for i in range(20):
            add(index, f"http://s/{day}-{i}", story(day * 100 + i, 60), DAY + timedelta(days=day))
        index.expire(DAY + timedelta(days=day))
    assert index.count == 60  # days 3, 4 and 5 (entries exactly 2 days old stay)
    assert held(index)[2] == 60


def test_entries_older_than_the_window_go_when_the_index_is_opened_or_closed(opener):
    index = opener(window_days=14)
    add(index, "http://a/1", story(81), DAY)
    add(index, "http://a/2", story(82), DAY + timedelta(days=10))
    index.close()
    assert opener(window_days=14).count == 2
    index = opener(window_days=14)
    add(index, "http://a/3", story(83), DAY + timedelta(days=20))
    index.close()
    assert held(opener(window_days=14))[0] == {"http://a/2", "http://a/3"}


# -- concurrent workers -------------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["_candidates", "_story"])
def test_a_copy_written_while_an_assignment_decides_makes_it_start_again(redis_server, moment):
    """Another worker writes a near copy between this one's reads and its write (after the band
    lookup, or after it read the cluster it joins): the write fails and the assignment starts
    again, so it joins that copy's story and counts it."""
    first, second = (RedisClusterIndex.from_url(redis_server.url) for _ in range(2))
    if moment == "_story":  # both join an existing story
        add(first, "http://a/0", story(61))
    meanwhile: list = []
    reading = getattr(first, moment)

    def read_then_let_the_other_write(*args):
        found = reading(*args)
        if not meanwhile:
            meanwhile.append(add(second, "http://b/1", story(61) + "\n" + story(62, 25)))
        return found

    setattr(first, moment, read_then_let_the_other_write)
    mine = add(first, "http://c/1", story(61) + "\n" + story(63, 25))
    assert first.conflicts == 1
    assert mine.cluster_id == meanwhile[0].cluster_id
    assert mine.cluster_size == meanwhile[0].cluster_size + 1


def race_text(pair: int, side: int) -> str:
    lines = story(7_000 + pair, 300).split("\n")
    lines[side] = story(8_000 + 2 * pair + side, 25)  # each side rewrites another line
    return "\n".join(lines)


def race_worker(url: str, side: int, pairs: int, barrier, results) -> None:
    """One of two crawl workers: assigns its copy of each story at the moment the other does."""
    index = RedisClusterIndex.from_url(url)
    clusters = []
    for pair in range(pairs):
        barrier.wait()
        clusters.append(add(index, f"http://w{side}/{pair}", race_text(pair, side),
                            DAY + timedelta(seconds=pair)).cluster_id)
    results.put((side, clusters, index.conflicts))
    index.close()


def test_two_workers_assigning_near_copies_at_once_make_one_story_each(redis_server):
    pairs = 120
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=race_worker,
                               args=(redis_server.url, side, pairs, barrier, results))
               for side in (0, 1)]
    for worker in workers:
        worker.start()
    found = dict((side, (clusters, conflicts)) for side, clusters, conflicts in
                 (results.get(timeout=120) for _ in workers))
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    assert found[0][0] == found[1][0]  # each pair in one story ...
    assert len(set(found[0][0])) == pairs  # ... and each story its own
    print(f"conflicting attempts started again: {found[0][1]} + {found[1][1]}")
    index = RedisClusterIndex.from_url(redis_server.url)
    assert index.count == 2 * pairs
    sizes = [add(index, f"http://w2/{p}", race_text(p, 2)).cluster_size for p in range(pairs)]
    assert sizes == [3] * pairs


# -- outages ------------------------------------------------------------------------------------


def test_the_index_survives_a_restart_of_the_server(redis_server):
    index = RedisClusterIndex.from_url(redis_server.url)
    first = add(index, "http://a/1", story(91))
    redis_server.restart()
    copy = add(index, "http://b/1", story(91) + "\n" + story(92, 25))
    assert copy.cluster_id == first.cluster_id and copy.cluster_size == 2
    again = RedisClusterIndex.from_url(redis_server.url)
    assert not again.fresh and again.count == 2


def test_assignments_ride_through_a_short_outage(redis_server):
    index = RedisClusterIndex.from_url(redis_server.url)
    first = add(index, "http://a/0", story(95))
    outage = threading.Thread(target=redis_server.restart, kwargs={"down_for": 1.0})
    outage.start()
    said, n = [], 0
    while outage.is_alive() or n < 5:
        n += 1
        said.append(add(index, f"http://s{n}/1", story(95) + "\n" + story(9_500 + n, 25),
                        DAY + timedelta(minutes=n)))
        time.sleep(0.02)
    outage.join()
    assert {a.cluster_id for a in said} == {first.cluster_id}
    assert [a.cluster_size for a in said] == list(range(2, n + 2))
    assert index.count == n + 1


def test_an_outage_longer_than_the_retries_is_raised(redis_server):
    index = RedisClusterIndex(connect(redis_server.url, outage=1.0), Keys("akhbar"))
    add(index, "http://a/1", story(97))
    redis_server.stop()
    with pytest.raises(RedisUnavailable, match="story index"):
        add(index, "http://b/1", story(97))


def test_a_naive_time_is_utc(redis_server):
    index = RedisClusterIndex.from_url(redis_server.url)
    add(index, "http://a/1", story(99), datetime(2026, 11, 20, 8))
    stored = index.client.zrange(index.data("seen"), 0, 0, withscores=True)[0][1]
    assert stored == datetime(2026, 11, 20, 8, tzinfo=UTC).timestamp()
    assert exact_key(story(99))
