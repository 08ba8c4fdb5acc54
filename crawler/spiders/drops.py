"""The spider's guard against silent loss: handlers of the Scrapy signals through which a page
could vanish without a row (a duplicate-filtered redirect, a stage's reject, an exception that
escaped a pipeline)."""

from __future__ import annotations

from typing import Any, Protocol

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from crawler.failures import UNRECORDED_ERRORS, RedirectDuplicate, is_transient, one_line
from crawler.items import RejectItem


class RecordingSpider(Protocol):
    """What the handlers use of the spider (crawler.spiders.base.NewsSpider)."""

    crawler: Crawler
    sources: Any

    def reject(self, url: str, stage: str, reason: str, detail: str,
               status: int | None) -> RejectItem: ...


class NoSilentDrops:
    """The spider's handlers of the signals through which a page could vanish unrecorded."""

    def __init__(self, spider: RecordingSpider) -> None:
        self.spider = spider

    def connect(self, crawler: Crawler) -> None:
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """The scheduler's duplicate filter dropped a request. A redirect to a URL already
        requested in this run gets its reject row (a redirect loop is caught before)."""
        chain = request.meta.get("redirect_urls")
        if spider is not self.spider or not chain:
            return
        exc = RedirectDuplicate(f"redirects to {request.url}, already requested in this run")
        stage = "discover" if request.meta.get("akhbar_stage") == "discover" else "fetch"
        reject = self.spider.reject(chain[0], stage, exc.reason, exc.detail, None)
        scraper = self.spider.crawler.engine.scraper
        deferred_from_coro(scraper.start_itemproc_async(reject, response=None))

    def item_dropped(self, item: Any, response: Any, exception: Exception,
                     spider: Spider) -> None:
        """A stage rejected a page: a transient reason (error_<stage> ...) means the next run
        must see the page again."""
        if spider is self.spider and is_transient(getattr(exception, "reason", "")):
            self.spider.sources.incomplete()

    async def item_error(self, item: Any, response: Any, spider: Spider,
                         failure: Failure) -> None:
        """An exception escaped a pipeline (one without `guarded`, or the writer): counted as an
        error of the run, and the page is handed on once more as a reject `error_pipeline`."""
        if spider is not self.spider:
            return
        crawler = self.spider.crawler
        self.spider.sources.incomplete()
        if isinstance(item, RejectItem) or not hasattr(item, "get"):
            crawler.stats.inc_value(UNRECORDED_ERRORS)  # not handed on again: no loop
            return
        url = item.get("fetched_url") or item.get("url")
        reject = self.spider.reject(url, "pipeline", "error_pipeline", one_line(failure.value),
                                    item.get("status") or item.get("http_status"))
        await crawler.engine.scraper.start_itemproc_async(reject, response=None)
