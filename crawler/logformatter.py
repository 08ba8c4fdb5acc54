"""Log lines for items that name the page, not the whole item (which carries the page's bytes)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


def _url(item: Any) -> str:
    get = getattr(item, "get", None)
    return str((get("fetched_url") or get("url")) if get else item)


class AkhbarLogFormatter(LogFormatter):
    def scraped(self, item: Any, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s", "args": {"url": _url(item)}}

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        """Rejects are recorded in output/rejects/; the log only mentions them."""
        return {"level": logging.INFO, "msg": "Dropped %(url)s: %(exception)s",
                "args": {"url": _url(item), "exception": exception}}

    def item_error(self, item: Any, exception: BaseException,
                   response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        return {"level": logging.ERROR, "msg": "Error processing %(url)s",
                "args": {"url": _url(item)}}
