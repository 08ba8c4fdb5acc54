"""The CPU stages in worker processes: one Scrapy pipeline in place of the four one-stage
adapters of crawler/stages.py when AKHBAR_WORKERS > 0 (the default: one per core)."""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler import settings as defaults
from crawler.items import passes_through
from crawler.pool import Outcome, WorkerPool, release, shared_pool
from crawler.stages import chain_config, count_dates, guarded, pool_workers, spider_country
from pipelines import Reject


class PoolPipeline:
    """The CPU stages (extract -> dates -> normalize -> tag) in worker processes; settings
    AKHBAR_WORKERS (0: off, the one-stage adapters run instead), AKHBAR_WORKER_TIMEOUT and
    AKHBAR_WORKER_TASK.

    Each item waits for its result without blocking the reactor, and keeps its response counted
    in Scrapy's scraper slot meanwhile: the engine stops fetching when SCRAPER_SLOT_MAX_ACTIVE_SIZE
    bytes of responses wait, so the queue of pages ahead of the workers is bounded. A worker that
    dies or hangs on a page gives that page a reject `error_<stage>` and is replaced.
    """

    def __init__(self, crawler: Crawler, workers: int, timeout: float) -> None:
        self.crawler = crawler
        self.workers = workers
        self.timeout = timeout
        self.config = chain_config(crawler.settings)
        self.pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoolPipeline:
        workers = pool_workers(crawler.settings)
        if workers == 0:
            raise NotConfigured
        pipeline = cls(crawler, workers, crawler.settings.getfloat(
            "AKHBAR_WORKER_TIMEOUT", defaults.AKHBAR_WORKER_TIMEOUT))
        # also when another pipeline's close_spider raised before this one's was called: live
        # workers would keep the process from exiting
        crawler.signals.connect(pipeline.close_spider, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        task = self.crawler.settings.get("AKHBAR_WORKER_TASK", defaults.AKHBAR_WORKER_TASK)
        self.pool = shared_pool(self.workers, task, self.timeout)

    def close_spider(self) -> None:
        if self.pool is not None:
            release(self.pool)
            self.pool = None

    @guarded("pool")
    async def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        from twisted.internet import reactor

        page = {**dict(item), "site_country": spider_country(self.crawler, item)}
        waiting: Deferred[Outcome] = Deferred()
        assert self.pool is not None, "open_spider starts the pool"
        self.pool.submit((self.config, page),
                         lambda outcome: reactor.callFromThread(waiting.callback, outcome))
        return self._result(await maybe_deferred_to_future(waiting))

    def _result(self, outcome: Outcome) -> dict[str, Any]:
        stats = self.crawler.stats
        if outcome.kind != "done":
            stats.inc_value(f"akhbar/workers/{outcome.kind}")
            stage = outcome.stage or "extract"
            raise Reject(stage, f"error_{stage}", outcome.detail)
        kind, *rest = outcome.value
        if kind == "reject":
            stage, reason, detail, confidence = rest
            reject = Reject(stage, reason, detail)
            reject.page_type_confidence = confidence  # type: ignore[attr-defined]
            raise reject
        article, failures = rest
        for tagger, count in failures.items():
            stats.inc_value(f"akhbar/tag/{tagger}/failed", count)
        return count_dates(stats, article)
