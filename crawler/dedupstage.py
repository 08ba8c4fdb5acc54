"""The dedup stage's Scrapy adapter, and the story index it clusters into: the output folder's
SQLite file, or on a shared Redis the deployment's (pipelines/store/redisclusters.py).

Dedup stays in the crawl's process (it reads and writes the ledger and the index), also when
the CPU stages run in worker processes (crawler/poolstage.py).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from crawler import settings as defaults
from crawler.items import passes_through
from crawler.redisscheduler import shared_run
from crawler.stages import cluster_params, guarded
from pipelines import Unchanged
from pipelines.dedup import Deduplicator
from pipelines.signature import rebuild
from pipelines.store.clusters import ClusterIndex
from pipelines.store.minhash import ClusterParams
from pipelines.store.objectstore import local_folder, resolve
from pipelines.store.redisclusters import RedisClusterIndex
from pipelines.store.redisconn import is_outage, redis_url
from pipelines.store.sharedindex import open_shared
from pipelines.store.sharedindex import release as release_index

logger = logging.getLogger(__name__)


class DedupPipeline:
    """Scrapy adapter of `Deduplicator` (using the spider's ledger and the story index shared by
    the crawls of the process); DEDUP_ENABLED turns it off, CLUSTER_* configure the index."""

    def __init__(self, crawler: Crawler, params: ClusterParams | None) -> None:
        self.crawler = crawler
        self.params = params
        self.state = Deduplicator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("DEDUP_ENABLED", defaults.DEDUP_ENABLED):
            raise NotConfigured("DEDUP_ENABLED is off")
        return cls(crawler, cluster_params(crawler.settings))

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.state.ledger = getattr(spider, "ledger", None)
        self.state.own_agency = getattr(spider, "agency", "") or None
        if self.params is not None:
            self.state.index = open_story_index(self.crawler.settings, self.params)

    def close_spider(self) -> None:
        if self.state.index is not None:
            index, self.state.index = self.state.index, None
            try:
                release_index(index)  # its window swept
            except Exception as exc:
                if not is_outage(exc):
                    raise
                logger.error("the story index was not swept (%s): the next run sweeps it", exc)

    @guarded("dedup")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        try:
            return self.state.dedup(item)
        except Unchanged:
            self.crawler.stats.inc_value("akhbar/dedup/unchanged")
            raise


def open_story_index(settings: BaseSettings,
                     params: ClusterParams) -> ClusterIndex | RedisClusterIndex:
    """The story index: the shared one on AKHBAR_REDIS_URL (every worker of the deployment
    clusters into it), else the output folder's (CLUSTER_INDEX_PATH; STATE_DIR's when the output
    is on object storage); rebuilt from the output's articles when missing, corrupt or made with
    other parameters."""
    output = settings.get("PARQUET_DIR", defaults.PARQUET_DIR)
    bounds = {
        "window_days": settings.getfloat("CLUSTER_WINDOW_DAYS", defaults.CLUSTER_WINDOW_DAYS),
        "max_entries": settings.getint("CLUSTER_MAX_ENTRIES", defaults.CLUSTER_MAX_ENTRIES)}
    index: ClusterIndex | RedisClusterIndex
    if redis_url(settings):
        run = shared_run(settings)  # the crawl's connection, its retries and prefix
        index = RedisClusterIndex(run.client, run.keys, params, **bounds)
    else:
        path = Path(settings.get("CLUSTER_INDEX_PATH")
                    or local_folder(settings) / "clusters.sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        index = open_shared(path, params, **bounds)
    if index.fresh:
        index.fresh = False
        rebuild(index, resolve(output) / "articles")  # a folder or s3://...
    return index
