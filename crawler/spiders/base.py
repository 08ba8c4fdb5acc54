"""NewsSpider: the one spider every news site uses. A site is a subclass that only sets attributes.

Discovery starts from the site's declared feeds and sitemaps (or its home page when it declares
none), follows only URLs on the site's hosts that match its article pattern, and yields a
`PageItem` per fetched article page, carrying the raw response and what discovery said about it.
Every request has an errback: a URL that fails ends as a `RejectItem`, never silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.discovery import DiscoveryError, Entry, parse_feed, parse_sitemap
from crawler.items import PageItem, RejectItem
from crawler.middlewares import describe_failure
from crawler.urls import on_hosts, site_hosts

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3  # sitemap index -> index -> urlset is as deep as real sites go


class NewsSpider(scrapy.Spider):
    """Base spider for a news site; subclasses declare the site as class attributes.

    name             Scrapy name of the site (lower case, no spaces)
    home             home page URL; relative feeds/sitemaps are resolved against it
    domains          hosts of the site besides the home page's (subdomains included)
    country          ISO 3166-1 alpha-2 code of the outlet's country
    feeds, sitemaps  RSS/Atom feeds and XML sitemaps (indexes welcome), absolute or relative
    article_pattern  regular expression searched in an article URL's path (and query)
    timezone         IANA timezone the site writes its local times in
    overrides        extraction overrides applied by the pipelines (prune_xpaths, body_xpath ...)
    live             False for offline test sites, which `akhbar crawl` skips unless named
    """

    home: ClassVar[str] = ""
    domains: ClassVar[tuple[str, ...]] = ()
    country: ClassVar[str] = ""
    feeds: ClassVar[tuple[str, ...]] = ()
    sitemaps: ClassVar[tuple[str, ...]] = ()
    article_pattern: ClassVar[str] = ""
    timezone: ClassVar[str] = "UTC"
    overrides: ClassVar[dict[str, Any]] = {}
    live: ClassVar[bool] = True

    def __init__(self, *args: Any, home: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if home:  # e.g. the bundled site on a free port, or a mirror of a site
            self.home = home if home.endswith("/") else home + "/"
        self._article_re = re.compile(self.article_pattern)
        self.allowed_domains = sorted(site_hosts(self.home, self.domains))

    # -- discovery -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Requests for the declared feeds and sitemaps, or the home page when there are none."""
        for url in self.feeds:
            yield self._discovery_request(urljoin(self.home, url), self.parse_feed)
        for url in self.sitemaps:
            yield self._discovery_request(urljoin(self.home, url), self.parse_sitemap)
        if not self.feeds and not self.sitemaps:
            yield self._discovery_request(self.home, self.parse_links)

    def _discovery_request(self, url: str, callback: Any, depth: int = 0) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.on_error, priority=10,
            meta={"akhbar_stage": "discover", "akhbar_depth": depth},
        )

    def is_article_url(self, url: str) -> bool:
        """True when `url` is on the site and its path matches the article pattern."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not on_hosts(url, self.allowed_domains):
            return False
        target = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
        return bool(self._article_re.search(target))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        try:
            entries = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            yield self._discovery_failed(response, exc)
            return
        self.crawler.stats.inc_value("akhbar/discovery/feed_entries", len(entries))
        yield from self._follow(entries)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        try:
            kind, entries = parse_sitemap(response.body, response.url)
        except DiscoveryError as exc:
            yield self._discovery_failed(response, exc)
            return
        if kind == "urlset":
            self.crawler.stats.inc_value("akhbar/discovery/sitemap_entries", len(entries))
            yield from self._follow(entries)
            return
        depth = response.meta.get("akhbar_depth", 0) + 1
        if depth > MAX_SITEMAP_DEPTH:
            yield self._discovery_failed(response, DiscoveryError("too_deep", f"depth {depth}"))
            return
        for child in entries:
            request = self._discovery_request(child.url, self.parse_sitemap, depth)
            yield request.replace(priority=10 - depth)

    def parse_links(self, response: Response) -> Iterator[Any]:
        """Home/section pages: follow the links that look like articles."""
        if not isinstance(response, TextResponse):
            return
        hrefs = response.css("a::attr(href)").getall()
        entries = [Entry(url=response.urljoin(h.strip()), via="links", source=response.url)
                   for h in hrefs if h.strip()]
        yield from self._follow(entries)

    def _follow(self, entries: list[Entry]) -> Iterator[scrapy.Request]:
        for entry in entries:
            if not self.is_article_url(entry.url):
                self.crawler.stats.inc_value("akhbar/discovery/not_article_url")
                continue
            yield scrapy.Request(
                entry.url, callback=self.parse_article, errback=self.on_error,
                meta={"akhbar_stage": "fetch", "akhbar_discovery": entry.as_meta()},
            )

    def _discovery_failed(self, response: Response, exc: DiscoveryError) -> RejectItem:
        logger.warning("%s: cannot read %s (%s)", self.name, response.url, exc)
        self.crawler.stats.inc_value(f"akhbar/discovery/errors/{exc.reason}")
        return self._reject(response.url, "discover", exc.reason, str(exc), response.status)

    # -- pages -----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        yield PageItem(
            url=response.url,
            request_url=response.meta.get("redirect_urls", [response.url])[0],
            status=response.status,
            headers={k.decode("latin-1").lower(): v[0].decode("latin-1")
                     for k, v in response.headers.items() if v},
            body=response.body,
            fetched_at=datetime.now(UTC),
            site=self.name,
            site_domains=list(self.allowed_domains),
            site_timezone=self.timezone,
            site_overrides=dict(self.overrides),
            discovery=response.meta.get("akhbar_discovery", {}),
        )

    def on_error(self, failure: Failure) -> Iterator[RejectItem]:
        """Errback of every request: the URL ends as a reject row with the reason."""
        request = failure.request
        reason, status, detail = describe_failure(failure)
        stage = request.meta.get("akhbar_stage", "fetch")
        if stage == "discover":
            logger.warning("%s: discovery source %s failed: %s", self.name, request.url, detail)
            self.crawler.stats.inc_value(f"akhbar/discovery/errors/{reason}")
        yield self._reject(request.url, stage, reason, detail, status)

    def _reject(self, url: str, stage: str, reason: str, detail: str,
                status: int | None) -> RejectItem:
        return RejectItem(url=url, site=self.name, stage=stage, reason=reason, detail=detail,
                          status=status, fetched_at=datetime.now(UTC))
