from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crawler.discovery.feeds import Entry
from crawler.discovery.frontier import Frontier, Window, parse_when
from pipelines.store.ledger import Ledger
from pipelines.store.redisledger import RedisLedger

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
CAIRO = ZoneInfo("Africa/Cairo")


def entry(n: int, date: str | None = None, modified: str | None = None) -> Entry:
    return Entry(url=f"https://site.test/news/{n}", via="feed", date=date, modified=modified)


@pytest.mark.parametrize(("text", "expected"), [
    ("2d", NOW - timedelta(days=2)),
    ("12h", NOW - timedelta(hours=12)),
    ("90m", NOW - timedelta(minutes=90)),
    ("1w", NOW - timedelta(weeks=1)),
    ("2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
    ("2026-11-01T10:00:00+02:00", datetime(2026, 11, 1, 8, tzinfo=UTC)),
])
def test_since_and_until_accept_durations_and_dates(text, expected):
    assert parse_when(text, NOW) == expected


def test_a_bad_window_value_says_what_it_expects():
    with pytest.raises(ValueError, match="2d"):
        parse_when("yesterday", NOW)


def test_entries_dated_outside_the_window_are_not_admitted():
    decisions = []
    frontier = Frontier(ledger=None, zone=CAIRO, count=decisions.append,
                        window=Window(datetime(2026, 11, 20, tzinfo=UTC),
                                      datetime(2026, 11, 25, tzinfo=UTC)))
    assert frontier.admit(entry(1, "2026-11-21T10:00:00+02:00")) is not None
    assert frontier.admit(entry(2, "Thu, 19 Nov 2026 10:00:00 +0200")) is None
    assert frontier.admit(entry(3, modified="2026-11-26")) is None
    assert frontier.admit(entry(4)) is not None  # undated: checked once fetched
    assert decisions.count("outside_window") == 2


def test_the_same_article_is_taken_once_per_run_and_the_cap_holds():
    frontier = Frontier(ledger=None, window=Window(), zone=CAIRO, max_articles=2)
    assert frontier.admit(entry(1)) is not None
    assert frontier.admit(Entry(url="https://site.test/news/1?utm_source=x", via="sitemap")) \
        is None
    assert frontier.admit(entry(2)) is not None
    assert frontier.admit(entry(3)) is None and frontier.capped


def test_ingested_articles_are_skipped_unless_young_then_asked_conditionally(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    now = datetime.now(UTC)
    ledger.commit([
        {"url": "https://site.test/news/1", "published": now - timedelta(days=10),
         "content_hash": "a", "version": 1},
        {"url": "https://site.test/news/2", "published": now - timedelta(hours=3),
         "http_etag": '"v7"', "content_hash": "b", "version": 1},
    ])
    frontier = Frontier(ledger=ledger, window=Window(), zone=CAIRO,
                        refetch=timedelta(hours=48))
    assert frontier.admit(entry(1)) is None
    young = frontier.admit(entry(2))
    assert young.headers == {"If-None-Match": '"v7"'}
    assert young.meta["handle_httpstatus_list"] == [304]
    assert frontier.admit(entry(3)).headers == {}


def test_an_ingested_article_listed_by_two_sources_is_counted_once(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.commit([{"url": "https://site.test/news/1", "published": datetime(2026, 1, 1,
                                                                            tzinfo=UTC),
                    "content_hash": "a", "version": 1}])
    decisions = []
    frontier = Frontier(ledger=ledger, window=Window(), zone=CAIRO, count=decisions.append)
    assert frontier.admit(entry(1)) is None
    assert frontier.admit(Entry(url="https://www.site.test/news/1/", via="sitemap")) is None
    assert decisions == ["already_ingested", "duplicate_in_run"]


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_a_sitemap_admitted_at_once_is_decided_as_entry_by_entry(store, tmp_path, request):
    """admit_all asks the ledger about all the new entries in one go (one round trip to a
    shared ledger); what it admits, how, and what it counts are those of admit in turn."""
    if store == "sqlite":
        ledger = Ledger(tmp_path / "ledger.sqlite")
    else:
        ledger = RedisLedger.from_url(request.getfixturevalue("redis_server").url)
    now = datetime.now(UTC)
    ledger.commit([{"url": f"https://site.test/news/{n}", "published": now - timedelta(hours=h),
                    "http_etag": f'"e{n}"', "content_hash": "a", "version": 1}
                   for n, h in ((1, 300), (2, 3), (5, 500))])
    ledger.commit_rejects([{"url": "https://site.test/news/4", "reason": "http_404",
                            "fetched_at": now - timedelta(hours=1)}])
    entries = [entry(n) for n in range(1, 12)] + [
        Entry(url="https://www.site.test/news/6/", via="sitemap"),
        entry(12, "2026-01-01T00:00:00+00:00"), entry(2)]

    def frontier(decisions: list) -> Frontier:
        return Frontier(ledger=ledger, window=Window(now - timedelta(days=3)), zone=CAIRO,
                        refetch=timedelta(hours=48), max_articles=6, count=decisions.append)

    one_by_one, at_once = [], []
    single = frontier(one_by_one)
    expected = [(e.url, a.headers) for e in entries if (a := single.admit(e))]
    got = [(e.url, a.headers) for e, a in frontier(at_once).admit_all(entries)]
    assert got == expected
    assert at_once == one_by_one
    assert [url for url, _ in got] == [f"https://site.test/news/{n}" for n in (2, 3, 6, 7, 8, 9)]
    assert got[0][1] == {"If-None-Match": '"e2"'}  # young: asked conditionally
    assert {"known_reject", "already_ingested", "outside_window", "over_cap"} <= set(at_once)
