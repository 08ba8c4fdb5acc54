"""DiscoveringSpider: how a news site's article URLs are found, the half of NewsSpider
(crawler/spiders/base.py) that reads the site's sources.

Declared feeds (RSS, Atom, JSON Feed) and sitemaps (indexes, Google News), the feeds the home
page advertises when none are declared, and, for sites with neither feeds nor sitemaps, the links
of the home and section pages; date-archive pages on request (backfill). Each URL found goes
through the frontier (window, cap, URL ledger) and is requested with `article_request`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawler.discovery.feeds import DiscoveryError, Entry, feed_links, parse_feed, parse_sitemap
from crawler.discovery.frontier import Admission, Frontier, Window
from crawler.discovery.links import ASSET, navigation_links
from crawler.discovery.sources import SourceTracker
from pipelines.store.urls import on_hosts

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3  # sitemap index -> index -> urlset is as deep as real sites go
MAX_SECTIONS = 30  # section pages followed from the home page in links mode


class DiscoveringSpider(scrapy.Spider):
    """The sources of a site (attributes documented on NewsSpider) read into article requests.

    The subclass sets `window`, `backfill`, `allowed_domains`, `sources` and `frontier` before
    the crawl starts, and says with `article_request` how an admitted article is fetched."""

    home: ClassVar[str] = ""
    domains: ClassVar[tuple[str, ...]] = ()
    feeds: ClassVar[tuple[str, ...]] = ()
    sitemaps: ClassVar[tuple[str, ...]] = ()
    sections: ClassVar[tuple[str, ...]] = ()
    archive_url: ClassVar[str] = ""
    article_pattern: ClassVar[str] = ""

    window: Window
    backfill: bool
    allowed_domains: list[str]
    sources: SourceTracker
    frontier: Frontier
    _article_re: re.Pattern[str] | None = None

    def article_request(self, entry: Entry, admission: Admission) -> scrapy.Request:
        """The request of an article URL the frontier admitted."""
        raise NotImplementedError

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Young articles to re-check; declared feeds and sitemaps; the home page when no feeds
        are declared; archive days."""
        for url, admission in self.frontier.young(self.name):
            yield self.article_request(Entry(url=url, via="refetch"), admission)
        for url in self.feeds:
            yield self.sources.request(urljoin(self.home, url), self.parse_feed)
        for url in self.sitemaps:
            yield self.sources.request(urljoin(self.home, url), self.parse_sitemap)
        if not self.feeds:
            yield self.sources.request(self.home, self.parse_page, conditional=False)
        if self.backfill and self.archive_url:
            yield from self.archive_requests()

    def archive_requests(self) -> Iterator[scrapy.Request]:
        """One request per day of the window (default: the last 7 days) on the date archive."""
        until = (self.window.until or datetime.now(UTC)).astimezone(self.frontier.zone).date()
        since = (self.window.since.astimezone(self.frontier.zone).date() if self.window.since
                 else until - timedelta(days=7))
        day = until
        while day >= since:
            url = urljoin(self.home, self.archive_url.format(date=day))
            yield self.sources.request(url, self.parse_page, conditional=False, links=True)
            day -= timedelta(days=1)

    def is_article_url(self, url: str) -> bool:
        """True when `url` is on the site and its path matches the article pattern."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not on_hosts(url, self.allowed_domains):
            return False
        if self._article_re is None:
            return not ASSET.search(parts.path)
        target = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
        return bool(self._article_re.search(target))

    def url_evidence(self, url: str) -> dict[str, bool]:
        """What the URL says of the page, for pipelines.extract.pagetype: `pattern_matched`
        when it matches the site's article pattern, `unverified` when the site has none."""
        if self._article_re is None:
            return {"unverified": True}
        return {"pattern_matched": True} if self.is_article_url(url) else {}

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if self.sources.not_modified(response):
            return
        try:
            entries = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            yield from self.sources.failed(response.url, exc.reason, str(exc), response.status)
            return
        self.sources.succeeded(response)
        self.crawler.stats.inc_value("akhbar/discovery/feed_entries", len(entries))
        yield from self.follow(entries)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if self.sources.not_modified(response):
            return
        try:
            kind, entries = parse_sitemap(response.body, response.url)
        except DiscoveryError as exc:
            yield from self.sources.failed(response.url, exc.reason, str(exc), response.status)
            return
        self.sources.succeeded(response)
        if kind == "urlset":
            self.crawler.stats.inc_value("akhbar/discovery/sitemap_entries", len(entries))
            yield from self.follow(entries)
            return
        depth = response.meta.get("akhbar_depth", 0) + 1
        if depth > MAX_SITEMAP_DEPTH:
            yield from self.sources.failed(response.url, "too_deep", f"depth {depth}", 200)
            return
        for child in entries:
            if self.sources.seen(child.url):
                self.sources.loop(response.url, child.url)
            elif self.frontier.in_window(child) or not self.window.since:
                yield self.sources.request(child.url, self.parse_sitemap, depth=depth)
            else:
                self.crawler.stats.inc_value("akhbar/frontier/sitemap_outside_window")

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Home, section and archive pages: advertised feeds, then (links mode) article links."""
        if not isinstance(response, TextResponse):
            return
        for url in feed_links(response.selector.root, response.url):
            yield self.sources.request(url, self.parse_feed, autodiscovered=True)
        if not (response.meta.get("akhbar_links") or self.links_mode):
            return
        hrefs = [response.urljoin(h.strip()) for h in response.css("a::attr(href)").getall()
                 if h.strip() and not h.strip().startswith(("#", "mailto:", "javascript:"))]
        yield from self.follow([Entry(url=h, via="links", source=response.url) for h in hrefs])
        if response.meta.get("akhbar_depth", 0) == 0 and response.url.rstrip("/") == \
                self.home.rstrip("/"):
            for url in self.section_urls(response)[:MAX_SECTIONS]:
                yield self.sources.request(url, self.parse_page, conditional=False, depth=1,
                                           links=True)

    @property
    def links_mode(self) -> bool:
        """Follow home/section links: for sites with neither feeds nor sitemaps (a backfill
        walks the date archive instead)."""
        return not self.feeds and not self.sitemaps and not (self.backfill and self.archive_url)

    def section_urls(self, response: TextResponse) -> list[str]:
        """Declared sections, or the on-site links of the home page's navigation."""
        if self.sections:
            return [urljoin(self.home, s) for s in self.sections]
        return navigation_links(response, self.allowed_domains, self.is_article_url)

    def follow(self, entries: list[Entry]) -> Iterator[scrapy.Request]:
        """Requests for the entries that are article URLs the frontier admits."""
        articles = [entry for entry in entries if self.is_article_url(entry.url)]
        if len(articles) < len(entries):
            self.crawler.stats.inc_value("akhbar/discovery/not_article_url",
                                         len(entries) - len(articles))
        for entry, admission in self.frontier.admit_all(articles):
            yield self.article_request(entry, admission)
