"""The Scrapy item pipelines of the stages: thin adapters that read their settings in
`from_crawler` and call the stage's plain function (pipelines/<stage>) on each item.

A stage that refuses a page raises `pipelines.Reject` (a DropItem), which the writer
(crawler/writer.py) records as a reject row. `guarded` turns any other exception inside a stage
into a `StageError`, reason `error_<stage>`: the page gets its reject row and the crawl goes on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler import settings as defaults
from crawler.items import passes_through
from pipelines import Unchanged, stage_errors
from pipelines.dates import dates
from pipelines.dedup import Deduplicator
from pipelines.extract import extract
from pipelines.normalize import normalize
from pipelines.tag import TagConfig, Taggers

Method = TypeVar("Method", bound=Callable[..., Any])


def guarded(stage: str) -> Callable[[Method], Method]:
    """Decorate an adapter's process_item with `pipelines.stage_errors(stage)`."""

    def decorate(method: Method) -> Method:
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
        self.min_text_chars = min_text_chars
        self.include_tables = include_tables

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        s = crawler.settings
        return cls(s.getint("EXTRACT_MIN_TEXT_CHARS", defaults.EXTRACT_MIN_TEXT_CHARS),
                   s.getbool("EXTRACT_INCLUDE_TABLES", defaults.EXTRACT_INCLUDE_TABLES))

    @guarded("extract")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        return extract(dict(item), min_text_chars=self.min_text_chars,
                       include_tables=self.include_tables)


class DatesPipeline:
    """Scrapy adapter of `dates`; setting DATES_FUTURE_TOLERANCE_HOURS."""

    def __init__(self, crawler: Crawler, future_tolerance: timedelta) -> None:
        self.stats = crawler.stats
        self.future_tolerance = future_tolerance

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        hours = crawler.settings.getfloat("DATES_FUTURE_TOLERANCE_HOURS",
                                          defaults.DATES_FUTURE_TOLERANCE_HOURS)
        return cls(crawler, timedelta(hours=hours))

    @guarded("dates")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        article = dates(item, future_tolerance=self.future_tolerance)
        for source in article.pop("dates_rejected"):
            self.stats.inc_value(f"akhbar/dates/rejected/{source}")
        if article["published"] is None:
            self.stats.inc_value("akhbar/dates/no_published")
        else:
            self.stats.inc_value(f"akhbar/dates/reading/{article['published_reading']}")
        return article


class NormalizePipeline:
    """Scrapy adapter of `normalize`; NORMALIZE_ENABLED=False turns the stage off."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        if not crawler.settings.getbool("NORMALIZE_ENABLED", defaults.NORMALIZE_ENABLED):
            raise NotConfigured("NORMALIZE_ENABLED is off")
        return cls()

    @guarded("normalize")
    def process_item(self, item: Any) -> Any:
        return item if passes_through(item) else normalize(item)


class TagPipeline:
    """Scrapy adapter of `tag`; settings TAG_*, DIALECT_*, NER_* (see crawler/settings.py)."""

    def __init__(self, crawler: Crawler, taggers: Taggers) -> None:
        self.crawler = crawler
        self.taggers = taggers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TagPipeline:
        def failed(name: str) -> None:
            crawler.stats.inc_value(f"akhbar/tag/{name}/failed")

        return cls(crawler, Taggers(TagConfig.from_settings(crawler.settings), failed))

    @guarded("tag")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        if not item.get("site_country"):
            item["site_country"] = getattr(self.crawler.spider, "country", None) or None
        return self.taggers.run(item)


class DedupPipeline:
    """Scrapy adapter of `Deduplicator` (using the spider's ledger); DEDUP_ENABLED turns it off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.state = Deduplicator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("DEDUP_ENABLED", defaults.DEDUP_ENABLED):
            raise NotConfigured("DEDUP_ENABLED is off")
        return cls(crawler)

    def open_spider(self) -> None:
        self.state.ledger = getattr(self.crawler.spider, "ledger", None)

    @guarded("dedup")
    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        try:
            return self.state.dedup(item)
        except Unchanged:
            self.crawler.stats.inc_value("akhbar/dedup/unchanged")
            raise
