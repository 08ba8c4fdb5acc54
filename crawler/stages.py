"""The Scrapy item pipelines of the stages: thin adapters that read their settings in
`from_crawler` and call the stage's plain function (pipelines/<stage>) on each item.

A stage that refuses a page raises `pipelines.Reject` (a DropItem), which the writer
(crawler/writer.py) records as a reject row. `guarded` turns any other exception inside a stage
into a `StageError`, reason `error_<stage>`: the page gets its reject row and the crawl goes on.

With AKHBAR_WORKERS > 0 (the default: one per core) the CPU stages (extract, dates, normalize,
tag) run in worker processes instead (`PoolPipeline`, crawler/pool.py) and their one-stage
adapters stand aside; dedup and the writer stay in the crawl's process. Those adapters import
their stage when they are built: a crawl with workers does not load in its own process the
stages only its workers run.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler import settings as defaults
from crawler.items import passes_through
from crawler.pool import Outcome, WorkerPool, default_size, release, shared_pool
from crawler.redisscheduler import shared_run
from pipelines import Reject, Unchanged, stage_errors
from pipelines.chainconfig import ChainConfig
from pipelines.dedup import Deduplicator
from pipelines.signature import rebuild
from pipelines.store.clusters import ClusterIndex
from pipelines.store.minhash import ClusterParams
from pipelines.store.objectstore import local_folder, resolve
from pipelines.store.redisclusters import RedisClusterIndex
from pipelines.store.redisconn import is_outage, redis_url
from pipelines.store.sharedindex import open_shared
from pipelines.store.sharedindex import release as release_index
from pipelines.tag import TagConfig

if TYPE_CHECKING:
    from pipelines.tag import Taggers

logger = logging.getLogger(__name__)

Method = TypeVar("Method", bound=Callable[..., Any])


def pool_workers(settings: BaseSettings) -> int:
    """AKHBAR_WORKERS: the setting, else the environment variable, else one per core; 0 runs
    the stages in the crawl's process."""
    value = settings.get("AKHBAR_WORKERS")
    if value is None or value == "":
        value = os.environ.get("AKHBAR_WORKERS", "")
    if str(value).strip() == "":
        return default_size()
    try:
        workers = int(value)
    except ValueError:
        workers = -1
    if workers < 0:
        raise ValueError(f"AKHBAR_WORKERS must be a whole number >= 0, not {value!r}")
    return workers


def in_pool(crawler: Crawler) -> None:
    """Raise NotConfigured (quietly) in a one-stage adapter whose stage runs in the pool."""
    if pool_workers(crawler.settings) > 0:
        raise NotConfigured


def extract_options(settings: BaseSettings) -> dict[str, Any]:
    """EXTRACT_* as the keyword arguments of `extract`."""
    return {"min_text_chars": settings.getint("EXTRACT_MIN_TEXT_CHARS",
                                              defaults.EXTRACT_MIN_TEXT_CHARS),
            "include_tables": settings.getbool("EXTRACT_INCLUDE_TABLES",
                                               defaults.EXTRACT_INCLUDE_TABLES)}


def future_tolerance_hours(settings: BaseSettings) -> float:
    return settings.getfloat("DATES_FUTURE_TOLERANCE_HOURS", defaults.DATES_FUTURE_TOLERANCE_HOURS)


def cluster_params(settings: BaseSettings) -> ClusterParams | None:
    """CLUSTER_* as the signature's parameters; None when dedup or clustering is off."""
    if not (settings.getbool("DEDUP_ENABLED", defaults.DEDUP_ENABLED)
            and settings.getbool("CLUSTER_ENABLED", defaults.CLUSTER_ENABLED)):
        return None
    return ClusterParams(
        shingle_words=settings.getint("CLUSTER_SHINGLE_WORDS", defaults.CLUSTER_SHINGLE_WORDS),
        num_perm=settings.getint("CLUSTER_NUM_PERM", defaults.CLUSTER_NUM_PERM),
        threshold=settings.getfloat("CLUSTER_THRESHOLD", defaults.CLUSTER_THRESHOLD),
        lsh_threshold=settings.getfloat("CLUSTER_LSH_THRESHOLD", defaults.CLUSTER_LSH_THRESHOLD),
        min_words=settings.getint("CLUSTER_MIN_WORDS", defaults.CLUSTER_MIN_WORDS))


def chain_config(settings: BaseSettings) -> ChainConfig:
    """The CPU stages' settings, read as their one-stage adapters read them."""
    return ChainConfig(
        **extract_options(settings),
        future_tolerance_hours=future_tolerance_hours(settings),
        normalize_enabled=settings.getbool("NORMALIZE_ENABLED", defaults.NORMALIZE_ENABLED),
        tag=TagConfig.from_settings(settings),
        cluster=cluster_params(settings),
    )


def count_dates(stats: Any, article: dict[str, Any]) -> dict[str, Any]:
    """The dates stage's statistics of one article (and its `dates_rejected` removed)."""
    for source in article.pop("dates_rejected", None) or ():
        stats.inc_value(f"akhbar/dates/rejected/{source}")
    if article.get("published") is None:
        stats.inc_value("akhbar/dates/no_published")
    else:
        stats.inc_value(f"akhbar/dates/reading/{article['published_reading']}")
    return article


def spider_country(crawler: Crawler, item: Any) -> str | None:
    """The item's site country, else the spider's (`country` attribute)."""
    return item.get("site_country") or getattr(crawler.spider, "country", None) or None


def guarded(stage: str) -> Callable[[Method], Method]:
    """Decorate an adapter's process_item with `pipelines.stage_errors(stage)`."""

    def decorate(method: Method) -> Method:
        if inspect.iscoroutinefunction(method):
            @functools.wraps(method)
            async def process_item(self: Any, item: Any) -> Any:
                with stage_errors(stage, item.get("url") if hasattr(item, "get") else None):
                    return await method(self, item)
        else:
            @functools.wraps(method)
            def process_item(self: Any, item: Any) -> Any:
                with stage_errors(stage, item.get("url") if hasattr(item, "get") else None):
                    return method(self, item)

        process_item.akhbar_stage = stage  # type: ignore[attr-defined]
        return process_item  # type: ignore[return-value]

    return decorate


class ExtractPipeline:
    """Scrapy adapter of `extract`; settings EXTRACT_MIN_TEXT_CHARS, EXTRACT_INCLUDE_TABLES."""

    def __init__(self, min_text_chars: int, include_tables: bool) -> None:
        from pipelines.extract import extract

        self.extract = extract
        self.min_text_chars = min_text_chars
        self.include_tables = include_tables

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        in_pool(crawler)
        return cls(**extract_options(crawler.settings))

    @guarded("extract")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        return self.extract(dict(item), min_text_chars=self.min_text_chars,
                       include_tables=self.include_tables)


class DatesPipeline:
    """Scrapy adapter of `dates`; setting DATES_FUTURE_TOLERANCE_HOURS."""

    def __init__(self, crawler: Crawler, future_tolerance: timedelta) -> None:
        from pipelines.dates import dates

        self.dates = dates
        self.stats = crawler.stats
        self.future_tolerance = future_tolerance

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        in_pool(crawler)
        return cls(crawler, timedelta(hours=future_tolerance_hours(crawler.settings)))

    @guarded("dates")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        return count_dates(self.stats,
                           self.dates(item, future_tolerance=self.future_tolerance))


class NormalizePipeline:
    """Scrapy adapter of `normalize`; NORMALIZE_ENABLED=False turns the stage off."""

    def __init__(self) -> None:
        from pipelines.normalize import normalize

        self.normalize = normalize

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        in_pool(crawler)
        if not crawler.settings.getbool("NORMALIZE_ENABLED", defaults.NORMALIZE_ENABLED):
            raise NotConfigured("NORMALIZE_ENABLED is off")
        return cls()

    @guarded("normalize")
    def process_item(self, item: Any) -> Any:
        return item if passes_through(item) else self.normalize(item)


class TagPipeline:
    """Scrapy adapter of `tag`; settings TAG_*, DIALECT_*, NER_* (see crawler/settings.py)."""

    def __init__(self, crawler: Crawler, taggers: Taggers) -> None:
        self.crawler = crawler
        self.taggers = taggers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TagPipeline:
        in_pool(crawler)
        from pipelines.tag import Taggers

        def failed(name: str) -> None:
            crawler.stats.inc_value(f"akhbar/tag/{name}/failed")

        return cls(crawler, Taggers(TagConfig.from_settings(crawler.settings), failed))

    @guarded("tag")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        item["site_country"] = spider_country(self.crawler, item)
        return self.taggers.run(item)


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
