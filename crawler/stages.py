"""The Scrapy item pipelines of the stages: thin adapters that read their settings in
`from_crawler` and call the stage's plain function (pipelines/<stage>) on each item.

A stage that refuses a page raises `pipelines.Reject` (a DropItem), which the writer
(crawler/writer.py) records as a reject row. `guarded` turns any other exception inside a stage
into a `StageError`, reason `error_<stage>`: the page gets its reject row and the crawl goes on.

With AKHBAR_WORKERS > 0 (the default: one per core) the CPU stages (extract, dates, normalize,
tag) run in worker processes instead (`PoolPipeline`, crawler/poolstage.py) and their
one-stage adapters stand aside; dedup (crawler/dedupstage.py) and the writer stay in the
crawl's process. Those adapters import their stage when they are built: a crawl with workers
does not load in its own process the stages only its workers run.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from crawler import settings as defaults
from crawler.items import passes_through
from crawler.pool import default_size
from pipelines import stage_errors
from pipelines.chainconfig import ChainConfig
from pipelines.store.minhash import ClusterParams
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
