"""What keeps the crawl's own process from growing with the number of pages (issue 16): the
writer's compact notes, the story index's bounded page cache, URL sets of 16-byte digests."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import RejectItem
from crawler.stored import STORED
from crawler.writer import ParquetPipeline
from pipelines import Reject
from pipelines.store.clusters import CACHE_KB, ClusterIndex
from pipelines.store.readers import read_rows
from pipelines.store.urls import key_digest, url_key

WHEN = datetime(2026, 1, 2, tzinfo=UTC)


def _writer(tmp_path, **settings):
    crawler = get_crawler(Spider, {"PARQUET_DIR": str(tmp_path), **settings})
    crawler.spider = crawler._create_spider("memory")
    crawler.stats.open_spider()
    writer = ParquetPipeline.from_crawler(crawler)
    writer.open_spider()
    return crawler, writer


def test_a_run_without_a_ledger_counts_every_stored_article_and_reject(tmp_path):
    crawler, writer = _writer(tmp_path, PARQUET_FILE_ROWS=3, PARQUET_BATCH_ROWS=2)
    rows = 10  # over several rolled files
    for n in range(rows):
        writer.process_item({"url": f"https://s.test/a/{n}", "site": "memory",
                             "fetched_at": WHEN, "version": 1})
    writer.process_item(RejectItem(url="https://s.test/gone", site="memory", stage="fetch",
                                   reason="http_404", detail="gone", status=404, fetched_at=WHEN))
    writer.item_dropped({"url": "https://s.test/list", "site": "memory", "fetched_at": WHEN},
                        None, Reject("extract", "not_article", "a listing"), crawler.spider)
    writer.close_spider()
    stats = crawler.stats.get_stats()
    assert stats[f"{STORED}/articles"] == rows
    assert stats[f"{STORED}/rejects"] == 2
    assert stats[f"{STORED}/rejects/fetch/http_404"] == 1
    assert stats[f"{STORED}/rejects/extract/not_article"] == 1
    written = read_rows(tmp_path / "articles", "articles", ["url"])
    assert len({r["url"] for r in written}) == rows


def test_the_story_index_caches_at_most_cache_kb_of_pages(tmp_path):
    index = ClusterIndex(tmp_path / "clusters.sqlite")
    try:
        assert index.db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KB
    finally:
        index.close()


def test_every_spelling_of_one_article_url_has_one_digest_and_others_differ():
    spellings = ["https://www.s.test/news/1/?utm_source=x", "http://s.test/news/1",
                 "https://s.test/news/1#top"]
    assert len({key_digest(url_key(u)) for u in spellings}) == 1
    assert key_digest(url_key("https://s.test/news/2")) != key_digest(url_key(spellings[0]))
    assert len(key_digest(url_key(spellings[0]))) == 16
