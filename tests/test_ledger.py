from __future__ import annotations

from datetime import UTC, datetime

from pipelines.store.datasets import DatasetWriter
from pipelines.store.ledger import Ledger
from pipelines.store.schema import ARTICLES

URL = "https://site.test/news/2026/11/20/5/gold"


def row(version: int = 1, content_hash: str = "aaa", **extra) -> dict:
    return {"url": URL, "fetched_url": URL + "?utm_source=rss", "site": "s",
            "published": datetime(2026, 11, 20, 8, tzinfo=UTC),
            "fetched_at": datetime(2026, 11, 20, 9, tzinfo=UTC), "http_etag": '"e1"',
            "http_last_modified": None, "content_hash": content_hash, "version": version,
            **extra}


def test_committed_articles_are_found_under_every_spelling(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    assert ledger.lookup(URL) is None
    ledger.commit([row()], file="s-run-0000.parquet")
    for spelling in (URL, "http://www.site.test/news/2026/11/20/5/gold/#x",
                     URL + "?utm_source=rss&fbclid=1"):
        known = ledger.lookup(spelling)
        assert known is not None and known.version == 1 and known.etag == '"e1"'
    assert ledger.lookup(URL).published == datetime(2026, 11, 20, 8, tzinfo=UTC)


def test_a_fetched_alias_that_normalizing_cannot_see_is_remembered(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.commit([row(fetched_url="https://site.test/news/2026/11/20/5/old-slug")])
    assert ledger.lookup("https://site.test/news/2026/11/20/5/old-slug").url == URL


def test_newer_versions_replace_older_ones_but_not_the_reverse(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.commit([row(version=2, content_hash="bbb")])
    ledger.commit([row(version=1, content_hash="aaa")])
    known = ledger.lookup(URL)
    assert (known.version, known.content_hash) == (2, "bbb")


def test_the_ledger_survives_reopening(tmp_path):
    Ledger(tmp_path / "ledger.sqlite").commit([row()])
    assert Ledger(tmp_path / "ledger.sqlite").lookup(URL) is not None


def test_dataset_files_the_ledger_never_committed_are_recovered_once(tmp_path):
    articles = tmp_path / "articles"
    writer = DatasetWriter(articles, ARTICLES, "s-run")  # as if killed before the commit
    writer.write(row())
    writer.close()
    (articles / ".s-run-0001.parquet.tmp").write_bytes(b"half a file")  # never published
    ledger = Ledger(tmp_path / "ledger.sqlite")
    assert ledger.recover(articles) == 1
    assert ledger.lookup(URL).content_hash == "aaa"
    assert ledger.recover(articles) == 0


def test_source_validators_round_trip(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    assert ledger.source("https://site.test/rss.xml") == (None, None)
    ledger.save_sources({"https://site.test/rss.xml": ('"v1"', "Sat, 28 Nov 2026 10:00:00 GMT")})
    assert ledger.source("https://site.test/rss.xml") == ('"v1"', "Sat, 28 Nov 2026 10:00:00 GMT")
