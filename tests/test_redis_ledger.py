"""The URL ledger in Redis answers as the SQLite one does, shared by concurrent workers, and keeps
its data across a server restart. Each behaviour runs against both ledgers (a real redis-server,
tests/redisserver.py)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from pipelines.store.datasets import DatasetWriter
from pipelines.store.diskfull import DiskFull
from pipelines.store.ledger import Ledger
from pipelines.store.redisledger import RedisLedger
from pipelines.store.schema import ARTICLES

URL = "https://site.test/news/2026/11/20/5/gold"
T0 = datetime(2026, 11, 20, 8, tzinfo=UTC)


def row(version: int = 1, content_hash: str = "aaa", url: str = URL, **extra) -> dict:
    return {"url": url, "fetched_url": url + "?utm_source=rss", "site": "s", "published": T0,
            "fetched_at": T0 + timedelta(hours=1), "http_etag": '"e1"',
            "http_last_modified": None, "content_hash": content_hash, "version": version,
            **extra}


@pytest.fixture(params=["sqlite", "redis"])
def opener(request, tmp_path) -> Iterator[Callable[[], Ledger | RedisLedger]]:
    """Opens another handle on one ledger: SQLite in tmp_path, or Redis on a fresh server."""
    if request.param == "sqlite":
        yield lambda: Ledger(tmp_path / "ledger.sqlite")
    else:
        server = request.getfixturevalue("redis_server")
        yield lambda: RedisLedger.from_url(server.url)


@pytest.fixture
def ledger(opener) -> Iterator[Ledger | RedisLedger]:
    handle = opener()
    yield handle
    handle.close()


def test_committed_articles_are_found_under_every_spelling_and_alias(ledger):
    assert ledger.lookup(URL) is None
    assert ledger.commit([row(fetched_url=URL + "/old-slug", requested_url=URL + "?id=7",
                              result_hash="r1")], file="s-run-0000.parquet") == 1
    for spelling in (URL, "http://www.site.test/news/2026/11/20/5/gold/#x",
                     URL + "?utm_source=rss&fbclid=1", URL + "/old-slug", URL + "?id=7"):
        assert ledger.lookup(spelling) == ledger.lookup(URL)
    known = ledger.lookup(URL + "/old-slug")
    assert (known.key, known.url, known.version, known.content_hash, known.published,
            known.etag, known.last_modified, known.result_hash) == (
        "site.test/news/2026/11/20/5/gold", URL, 1, "aaa", T0, '"e1"', None, "r1")
    assert ledger.lookup("https://site.test/news/2026/11/20/5/other") is None


def test_young_lists_a_sites_articles_published_since_newest_first(ledger):
    ledger.commit([row(url=f"https://site.test/a/{n}", published=T0 + timedelta(hours=n))
                   for n in range(5)]
                  + [row(url="https://site.test/a/undated", published=None),
                     row(url="https://other.test/a/1", site="t",
                         published=T0 + timedelta(hours=9))])
    young = ledger.young("s", T0 + timedelta(hours=2))
    assert [k.url for k in young] == [f"https://site.test/a/{n}" for n in (4, 3, 2)]
    assert young[0].published == T0 + timedelta(hours=4) and young[0].etag == '"e1"'
    assert ledger.young("s", T0 + timedelta(hours=10)) == []
    assert [k.url for k in ledger.young("t", T0)] == ["https://other.test/a/1"]


def test_a_newer_version_moves_an_article_in_young_and_an_older_one_does_not(ledger):
    ledger.commit([row(url="https://site.test/a/1", version=2)])
    ledger.commit([row(url="https://site.test/a/1", version=1,
                       published=T0 + timedelta(days=3))])  # older: ignored
    assert [k.version for k in ledger.young("s", T0)] == [2]
    assert ledger.young("s", T0 + timedelta(days=1)) == []
    ledger.commit([row(url="https://site.test/a/1", version=3,
                       published=T0 + timedelta(days=2))])
    assert [k.version for k in ledger.young("s", T0 + timedelta(days=1))] == [3]
    ledger.commit([row(url="https://site.test/a/1", version=4, published=None)])  # kept
    assert ledger.lookup("https://site.test/a/1").published == T0 + timedelta(days=2)


def test_an_older_version_never_overwrites_a_newer_one(ledger):
    ledger.commit([row(version=2, content_hash="bbb", http_etag='"e2"', result_hash="r2")])
    ledger.commit([row(version=1, content_hash="aaa", http_etag='"e1"', result_hash="r1")])
    known = ledger.lookup(URL)
    assert (known.version, known.content_hash, known.etag, known.result_hash) == (
        2, "bbb", '"e2"', "r2")
    ledger.commit([row(version=2, content_hash="ccc", http_etag=None, result_hash=None)])
    known = ledger.lookup(URL)  # an equal version replaces, NULLs included
    assert (known.version, known.content_hash, known.etag, known.result_hash) == (
        2, "ccc", None, None)


def test_a_commit_of_many_rows_records_every_article_and_its_file(ledger, tmp_path):
    rows = [row(url=f"{URL}-{n}") for n in range(1234)]  # more than one Redis script call
    name = write_dataset(tmp_path / "articles", rows[:1], "s-run")[0]
    assert ledger.commit(iter(rows), file=name) == 1234
    assert all(ledger.lookup(f"{URL}-{n}?utm_source=rss") for n in (0, 499, 500, 1233))
    assert ledger.recover(tmp_path / "articles") == 0  # the file was recorded


def test_two_writers_racing_on_one_article_end_with_the_highest_version(opener):
    versions = list(range(1, 61))
    start = threading.Barrier(2, timeout=30)
    failures: list[BaseException] = []
    opener().close()  # made first: two Ledgers creating one SQLite file at once may clash

    def writer(order: list[int]) -> None:
        try:
            handle = opener()  # each its own connection (SQLite's may not cross threads)
            try:
                start.wait()
                for version in order:
                    handle.commit([row(version=version, content_hash=f"v{version}"), row(
                        url=URL + "-2", version=version, content_hash=f"v{version}")])
            finally:
                handle.close()
        except BaseException as exc:  # noqa: BLE001 (reported by the test's thread)
            start.abort()
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(order,))
               for order in (versions, versions[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    reader = opener()
    for url in (URL, URL + "-2"):
        known = reader.lookup(url)
        assert (known.version, known.content_hash) == (60, "v60")
    reader.close()


def test_lasting_rejects_are_remembered_and_unsure_not_articles_are_not(ledger):
    at = T0 + timedelta(hours=1)
    ledger.commit_rejects([
        {"url": "https://site.test/gone", "reason": "http_404", "fetched_at": at},
        {"url": "https://site.test/tags/x", "reason": "not_article", "fetched_at": at,
         "page_type_confidence": 0.2},
        {"url": "https://site.test/short", "reason": "not_article", "fetched_at": at,
         "page_type_confidence": 0.8},
        {"url": "https://site.test/slow", "reason": "timeout", "fetched_at": at},
        {"url": None, "reason": "http_404", "fetched_at": at},
    ])
    assert ledger.rejected_since("http://www.site.test/gone/", T0) == "http_404"
    assert ledger.rejected_since("https://site.test/tags/x", T0) == "not_article"
    assert ledger.rejected_since("https://site.test/short", T0) is None
    assert ledger.rejected_since("https://site.test/slow", T0) is None
    assert ledger.rejected_since("https://site.test/gone", at + timedelta(seconds=1)) is None
    ledger.commit_rejects([{"url": "https://site.test/gone", "reason": "http_410",
                            "fetched_at": at + timedelta(days=1)}])
    assert ledger.rejected_since("https://site.test/gone", at + timedelta(hours=1)) == "http_410"


def test_looking_many_urls_up_at_once_answers_as_one_by_one(ledger, monkeypatch):
    """lookup_many (the frontier asks it a sitemap's URLs at once) gives what lookup and
    rejected_since give, in batches smaller than the URLs asked."""
    at = T0 + timedelta(hours=1)
    ledger.commit([row(), row(url="https://site.test/news/2", fetched_url=None)], file="f.parquet")
    ledger.commit_rejects([{"url": "https://site.test/gone", "reason": "http_404",
                            "fetched_at": at},
                           {"url": "https://site.test/old", "reason": "http_410",
                            "fetched_at": T0 - timedelta(days=30)}])
    urls = [URL, URL + "?utm_source=x", "https://site.test/news/2", "https://site.test/gone",
            "https://site.test/old", "https://site.test/new", "https://site.test/gone"]
    monkeypatch.setattr("pipelines.store.redisledger.LOOKUP_BATCH", 2)
    answers = ledger.lookup_many(urls, T0 - timedelta(days=1))
    assert answers == {url: (ledger.lookup(url), None if ledger.lookup(url) else
                             ledger.rejected_since(url, T0 - timedelta(days=1)))
                       for url in urls}
    assert answers["https://site.test/gone"] == (None, "http_404")
    assert answers["https://site.test/old"] == (None, None)  # rejected before the window
    assert answers[URL + "?utm_source=x"][0].key == "site.test/news/2026/11/20/5/gold"


def test_source_validators_round_trip(ledger):
    feed, sitemap = "https://site.test/rss.xml", "https://site.test/sitemap.xml"
    assert ledger.source(feed) == (None, None)
    ledger.save_sources({feed: ('"v1"', "Sat, 28 Nov 2026 10:00:00 GMT"), sitemap: (None, None)})
    ledger.save_sources({})
    assert ledger.source(feed) == ('"v1"', "Sat, 28 Nov 2026 10:00:00 GMT")
    assert ledger.source(sitemap) == (None, None)
    ledger.save_sources({feed: (None, "Sun, 29 Nov 2026 10:00:00 GMT")})
    assert ledger.source(feed) == (None, "Sun, 29 Nov 2026 10:00:00 GMT")


def test_touch_keeps_unsent_validators_and_learns_the_alias(ledger):
    ledger.touch(URL, '"e9"', None)  # not ingested: nothing to touch
    assert ledger.lookup(URL) is None
    ledger.commit([row(http_last_modified="Fri, 20 Nov 2026 08:00:00 GMT")])
    ledger.touch(URL, "", None, alias="https://site.test/redirected/gold")
    known = ledger.lookup("https://site.test/redirected/gold")
    assert (known.etag, known.last_modified) == ("", "Fri, 20 Nov 2026 08:00:00 GMT")


def write_dataset(articles: Path, rows: list[dict], prefix: str) -> list[str]:
    """Dataset files of `rows` in their site's partition, as a run killed before its ledger
    commit leaves them; their names as the ledger records them."""
    writer = DatasetWriter(articles / f"site={rows[0]['site']}", ARTICLES, prefix)
    for one in rows:
        writer.write(one)
    return [file.relative_to(articles).as_posix() for file in writer.close()]


def test_unrecorded_dataset_files_are_recovered_once_and_registered_ones_never(ledger, tmp_path):
    articles = tmp_path / "articles"
    write_dataset(articles, [row()], "s-run")
    compacted = write_dataset(articles, [row(url=URL + "-compacted")], "s-compact")
    write_dataset(articles, [row(url="https://other.test/x", site="t")], "t-run")
    (articles / "site=s" / ".s-run-0001.parquet.tmp").write_bytes(b"half a file")  # never published
    ledger.register_files(compacted)
    assert ledger.recover(articles, site="s") == 1
    assert ledger.lookup(URL).content_hash == "aaa"
    assert ledger.lookup(URL + "-compacted") is None and ledger.lookup("https://other.test/x") \
        is None
    assert ledger.recover(articles) == 1  # the other site's file, now
    assert ledger.recover(articles) == 0


def test_both_ledgers_answer_alike_after_the_same_mixed_operations(tmp_path, redis_server):
    sqlite, shared = Ledger(tmp_path / "ledger.sqlite"), RedisLedger.from_url(redis_server.url)
    draw = random.Random(7)
    urls = [f"https://site.test/a/{n}" for n in range(12)]
    # aliases only of URLs never committed as articles (see the test after this one)
    old_urls = [f"https://site.test/old/{n}" for n in range(6)]
    for step in range(150):
        url, action = draw.choice(urls), draw.random()
        if action < 0.6:
            one = row(url=url, version=draw.randint(1, 5), content_hash=f"h{step}",
                      site=draw.choice(["s", "t"]), http_etag=draw.choice([None, "", f'"{step}"']),
                      published=draw.choice([None, T0 + timedelta(minutes=step)]),
                      fetched_url=draw.choice(old_urls), result_hash=draw.choice([None, "r"]))
            for ledger in (sqlite, shared):
                ledger.commit([one])
        elif action < 0.8:
            etag, modified = draw.choice([None, "", '"t"']), draw.choice([None, "lm"])
            alias = draw.choice(old_urls + [None])
            for ledger in (sqlite, shared):
                ledger.touch(url, etag, modified, alias)
        else:
            reject = {"url": url, "reason": draw.choice(["http_404", "not_article", "timeout"]),
                      "page_type_confidence": draw.random(),
                      "fetched_at": T0 + timedelta(minutes=step)}
            for ledger in (sqlite, shared):
                ledger.commit_rejects([reject])
    answers = []
    for url in urls + old_urls:
        answers.append(sqlite.lookup(url))
        assert answers[-1] == shared.lookup(url)
        for minutes in (0, 75, 140):
            since = T0 + timedelta(minutes=minutes)
            answers.append(sqlite.rejected_since(url, since))
            assert answers[-1] == shared.rejected_since(url, since)
    for site in ("s", "t"):
        for minutes in (0, 75, 140):
            since = T0 + timedelta(minutes=minutes)
            answers.extend(sqlite.young(site, since))
            assert sqlite.young(site, since) == shared.young(site, since)
    kinds = {type(answer).__name__ for answer in answers}
    assert {"Known", "str", "NoneType"} <= kinds  # articles, rejects and unknowns were compared
    assert any(answer.etag == "" for answer in answers if answer is not None and
               not isinstance(answer, str))
    sqlite.close()
    shared.close()


def test_a_url_both_an_article_and_an_alias_finds_its_own_article_in_redis(redis_server):
    # (the SQLite ledger answers with whichever of the two keys sorts first)
    ledger = RedisLedger.from_url(redis_server.url)
    ledger.commit([row(url="https://site.test/b", fetched_url="https://site.test/b")])
    ledger.commit([row(url="https://site.test/a", fetched_url="https://site.test/b")])
    assert ledger.lookup("https://site.test/b").url == "https://site.test/b"
    ledger.close()


def test_the_redis_ledger_keeps_everything_across_a_server_restart(redis_server, tmp_path):
    ledger = RedisLedger.from_url(redis_server.url)
    ledger.commit([row()], file="site=s/s-run-0000.parquet")
    ledger.commit_rejects([{"url": "https://site.test/gone", "reason": "http_410",
                            "fetched_at": T0}])
    ledger.save_sources({"https://site.test/rss.xml": ('"v1"', None)})
    redis_server.restart(down_for=0.5)
    again = RedisLedger.from_url(redis_server.url)
    for handle in (ledger, again):  # the old handle reconnects
        assert handle.lookup(URL + "?utm_source=rss").version == 1
        assert [k.url for k in handle.young("s", T0)] == [URL]
        assert handle.rejected_since("https://site.test/gone", T0) == "http_410"
        assert handle.source("https://site.test/rss.xml") == ('"v1"', None)
        assert handle.recover(tmp_path / "articles") == 0
    ledger.commit([row(version=2)])  # its script is loaded again after the restart
    assert again.lookup(URL).version == 2
    ledger.close()
    again.close()


def test_deployments_with_different_prefixes_do_not_see_each_other(redis_server):
    one = RedisLedger.from_url(redis_server.url, prefix="one")
    two = RedisLedger.from_url(redis_server.url, prefix="two")
    one.commit([row()])
    one.commit_rejects([{"url": "https://site.test/gone", "reason": "http_404"}])
    assert one.lookup(URL) is not None and two.lookup(URL) is None
    assert two.young("s", T0) == [] and two.rejected_since("https://site.test/gone", T0) is None
    client = redis.Redis.from_url(redis_server.url)
    assert all(key.startswith(b"one:ledger:") for key in client.keys("*"))
    client.close()


def test_a_redis_out_of_memory_fails_commits_as_a_full_disk_but_not_touches(redis_server):
    ledger = RedisLedger.from_url(redis_server.url)
    ledger.commit([row()])
    ledger.client.config_set("maxmemory", 1)
    with pytest.raises(DiskFull, match="maxmemory"):
        ledger.commit([row(url=URL + "-2")], file="s-run-0001.parquet")
    with pytest.raises(DiskFull):
        ledger.commit_rejects([{"url": "https://site.test/gone", "reason": "http_404"}])
    ledger.touch(URL, '"e2"', None)  # only saves work for later runs: logged, not raised
    ledger.save_sources({"https://site.test/rss.xml": ('"v1"', None)})
    assert ledger.lookup(URL).etag == '"e1"' and ledger.lookup(URL + "-2") is None
    ledger.client.config_set("maxmemory", 0)
    ledger.close()


def test_the_redis_ledger_describes_its_server_without_the_password(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.config_set("requirepass", "s3cret")
    client.close()
    ledger = RedisLedger.from_url(f"redis://:s3cret@127.0.0.1:{redis_server.port}/0", "p")
    ledger.commit([row()])
    assert "s3cret" not in repr(ledger) and f"127.0.0.1:{redis_server.port}" in repr(ledger)
    assert "p:ledger" in ledger.describe()
    ledger.close()
