"""Spider middleware that turns a failure inside a callback into a reject row, plus the one
function that names a failure's reason for every reject the crawl records."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import RejectItem

logger = logging.getLogger(__name__)

_REASONS = {  # exception class name -> reject reason
    "DNSLookupError": "dns_error",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "ConnectionRefusedError": "connection_refused",
    "ConnectionLost": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "ResponseFailed": "connection_lost",
}


TRANSIENT_REASONS = frozenset({"dns_error", "timeout", "connection_refused", "connection_lost"})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def describe_failure(failure: Failure | BaseException) -> tuple[str, int | None, str]:
    """(reason code, HTTP status or None, one-line detail) for a failed request."""
    exc = failure.value if isinstance(failure, Failure) else failure
    detail = " ".join(str(exc).split())[:300] or type(exc).__name__
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", exc.response.status, detail
    if isinstance(exc, IgnoreRequest):
        return ("robots_forbidden" if "robots" in detail.lower() else "ignored"), None, detail
    name = type(exc).__name__
    if "maxsize" in detail.lower() or "max size" in detail.lower():
        return "too_large", None, detail
    return _REASONS.get(name, _snake(name)), None, detail


class RejectOnErrorMiddleware:
    """An exception raised while a callback handles a response becomes a reject row."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectOnErrorMiddleware:
        return cls(crawler)

    def process_spider_exception(
        self, response: Response, exception: Exception
    ) -> Iterable[Any] | None:
        spider = self.crawler.spider
        if isinstance(exception, HttpError):
            return None  # the request's errback already recorded it
        reason, status, detail = describe_failure(exception)
        logger.error("%s: error handling %s: %s", spider.name, response.url, detail,
                     exc_info=exception)
        stage = response.meta.get("akhbar_stage", "parse")
        return [RejectItem(url=response.url, site=spider.name, stage=stage,
                           reason=f"error_{reason}", detail=detail,
                           status=status or response.status, fetched_at=datetime.now(UTC))]
