"""akhbar's Scrapy middlewares: no URL may vanish without a reject row saying why.

- `RejectOnErrorMiddleware` (spider): an exception in a callback becomes a reject `error_parse`
  (or `error_discover`), and the run counts it as an error.
- `GuardedRedirectMiddleware`, `GuardedMetaRefreshMiddleware` (downloader, in place of Scrapy's):
  a redirect back into its own chain is `redirect_loop`, one off the site's hosts
  `offsite_redirect`, one past REDIRECT_MAX_TIMES `too_many_redirects`; without them the
  scheduler's duplicate filter and the offsite filter drop such requests silently. A meta
  refresh to the page itself is a reload, not a redirect: the page is kept.
- `BodyCheckMiddleware` (downloader, between the redirect and the decompression middlewares):
  a body cut short is `truncated`, one over DOWNLOAD_MAXSIZE on any path `too_large`.

Reasons and their meaning are in crawler/failures.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import canonicalize_url

from crawler.bodies import check_decoded, content_codings, html_cut_short, plain_html_mislabelled
from crawler.failures import (
    FetchRejected,
    OffsiteRedirect,
    RedirectLoop,
    TooLarge,
    TooManyRedirects,
    Truncated,
    one_line,
)
from crawler.items import RejectItem
from pipelines.store.urls import on_hosts

logger = logging.getLogger(__name__)

EXPECTED_SIZE = "akhbar_expected_size"  # request.meta: the Content-Length announced
RECEIVED_SIZE = "akhbar_received_size"  # request.meta: body bytes received so far


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
        stage = "discover" if response.meta.get("akhbar_stage") == "discover" else "parse"
        logger.error("%s: error handling %s", spider.name, response.url, exc_info=exception)
        sources = getattr(spider, "sources", None)
        if sources is not None:
            sources.incomplete()  # the next run must see this URL again
        url = response.meta.get("redirect_urls", [response.url])[0]
        return [RejectItem(url=url, site=spider.name, stage=stage, reason=f"error_{stage}",
                           detail=one_line(exception), status=response.status,
                           fetched_at=datetime.now(UTC))]


def _key(url: str) -> str:
    return canonicalize_url(url, keep_fragments=False)


class _Guard:
    """What both redirect middlewares check once Scrapy has built the redirected request."""

    crawler: Crawler
    reload_to_self = False  # a redirect to the page's own URL only reloads it: keep the page

    def guard(self, request: Request, response: Response) -> Request | Response:
        try:
            result = super().process_response(request, response)  # type: ignore[misc]
        except FetchRejected:
            raise
        except IgnoreRequest as exc:  # Scrapy's only one here: "max redirections reached"
            chain = [*request.meta.get("redirect_urls", []), request.url]
            raise TooManyRedirects(f"more than {len(chain) - 1} redirects: "
                                   f"{' -> '.join(chain[:3])} ... {chain[-1]}") from exc
        if not isinstance(result, Request):
            return result
        chain = result.meta.get("redirect_urls", [])
        hops = " -> ".join([*chain, result.url])
        if self.reload_to_self and _key(result.url) == _key(request.url):
            return response
        if _key(result.url) in {_key(u) for u in chain}:
            raise RedirectLoop(f"redirect loop ({response.status}): {hops}")
        hosts = getattr(self.crawler.spider, "allowed_domains", None) or []
        if hosts and not on_hosts(result.url, hosts):
            raise OffsiteRedirect(f"redirects off the site to {result.url} (not fetched): "
                                  f"{hops}")
        return result


class GuardedRedirectMiddleware(_Guard, RedirectMiddleware):
    """Scrapy's RedirectMiddleware (3xx + Location) with loops, offsite and overflow named."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        return self.guard(request, response)


class GuardedMetaRefreshMiddleware(_Guard, MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware (<meta http-equiv=refresh>), guarded the same way; a
    refresh to the page's own URL is an auto-reload (news pages do it every minute or so), so
    the page is kept as it is."""

    reload_to_self = True

    def process_response(self, request: Request, response: Response) -> Request | Response:
        return self.guard(request, response)


class BodyCheckMiddleware:
    """Refuses bodies that are incomplete or too large, whichever way they arrive.

    Placed after the redirect middleware and before HttpCompressionMiddleware (595): a
    compressed body is decoded strictly (crawler/bodies.py) before Scrapy decodes it leniently;
    a body the server ended by closing the connection (Scrapy's "partial" flag) is refused when
    it is HTML without its closing tags. A download Scrapy cancels is `too_large` when the
    announced or received size passed DOWNLOAD_MAXSIZE (sizes are taken from the download
    signals); a body shorter than its Content-Length fails in Scrapy already
    (DOWNLOAD_FAIL_ON_DATALOSS) and is `truncated` by type.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodyCheckMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def headers_received(self, headers: Any, body_length: Any, request: Request,
                         spider: Any) -> None:
        if isinstance(body_length, int):  # else Twisted's UNKNOWN_LENGTH: no Content-Length
            request.meta[EXPECTED_SIZE] = body_length

    def bytes_received(self, data: bytes, request: Request, spider: Any) -> None:
        request.meta[RECEIVED_SIZE] = request.meta.get(RECEIVED_SIZE, 0) + len(data)

    def process_request(self, request: Request) -> None:
        """Sizes count per download attempt (a retry or a redirect copies the meta)."""
        request.meta.pop(EXPECTED_SIZE, None)
        request.meta.pop(RECEIVED_SIZE, None)

    def _limit(self, request: Request) -> int:
        return int(request.meta.get("download_maxsize", self.max_size) or 0)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.method == "HEAD" or not response.body:
            return response
        codings = content_codings(response.headers.getlist("Content-Encoding"))
        if plain_html_mislabelled(response.body, codings):
            logger.info("%s: says Content-Encoding %s but is plain HTML; read as it is",
                        response.url, b", ".join(codings).decode("latin-1"))
            del response.headers["Content-Encoding"]
            codings = []
        if codings:
            check_decoded(response.body, codings, self._limit(request))
        elif "partial" in response.flags and _is_html(response) and \
                html_cut_short(response.body):
            raise Truncated(f"the connection closed after {len(response.body)} bytes, before "
                            "the page's </body> or </html> (no Content-Length)")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, DownloadCancelledError):
            return
        limit = self._limit(request)
        announced = request.meta.get(EXPECTED_SIZE, -1)
        received = request.meta.get(RECEIVED_SIZE, 0)
        if limit and max(announced, received) > limit:
            how = f"{announced} bytes announced" if announced > limit else \
                f"over {received} bytes received"
            raise TooLarge(f"{how}, over DOWNLOAD_MAXSIZE ({limit} bytes)") from exception


def _is_html(response: Response) -> bool:
    content_type = (response.headers.get("Content-Type", b"") or b"").lower()
    if content_type:
        return b"html" in content_type
    return response.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))
