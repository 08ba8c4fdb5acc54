"""Discovery sources of one spider run: their requests, failures and HTTP validators.

Feeds, sitemaps and home/section/archive pages are requested here. A source that fails becomes a
reject row (stage `discover`), is logged once and counted; when every declared feed has failed
the home page is read for the feeds it advertises. Sources are re-read with a conditional GET
(ETag / Last-Modified kept in the ledger), but the validators of a run are only saved when it
finished cleanly over its whole window: otherwise a 304 next time could hide an unread article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from pipelines.store.urls import on_hosts

logger = logging.getLogger(__name__)

SITEMAP_MAXSIZE = 64 * 1024 * 1024


class SourceTracker:
    def __init__(self, spider: scrapy.Spider) -> None:
        """`spider`: a crawler.spiders.base.NewsSpider (its ledger, callbacks and stats)."""
        self.spider = spider
        self.requested: set[str] = set()
        self.declared_feeds = 0
        self.failed_feeds = 0
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.complete = True

    @property
    def stats(self) -> Any:
        return self.spider.crawler.stats

    def request(self, url: str, callback: Callable[..., Any], *, conditional: bool = True,
                depth: int = 0, links: bool = False, autodiscovered: bool = False
                ) -> scrapy.Request:
        """A discovery request; conditional (If-None-Match...) when the ledger has validators."""
        if callback == self.spider.parse_feed and not autodiscovered:
            self.declared_feeds += 1
        self.requested.add(url)
        headers, meta = {}, {"akhbar_stage": "discover", "akhbar_depth": depth,
                             "akhbar_links": links}
        if callback == self.spider.parse_sitemap:  # the protocol allows 50 MB uncompressed
            meta.update(download_maxsize=SITEMAP_MAXSIZE, download_warnsize=SITEMAP_MAXSIZE)
        etag, modified = self._saved_validators(url) if conditional else (None, None)
        if etag or modified:
            headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified))
                       if v}
            meta["handle_httpstatus_list"] = [304]
        return scrapy.Request(url, callback=callback, errback=self.spider.on_error,
                              headers=headers, meta=meta, priority=10 - depth)

    def seen(self, url: str) -> bool:
        return url in self.requested

    def loop(self, parent: str, child: str) -> None:
        """A sitemap index listing itself or an ancestor: counted and logged, not followed."""
        logger.warning("%s: sitemap %s lists %s again (a loop); not followed", self.spider.name,
                       parent, child)
        self.stats.inc_value("akhbar/discovery/errors/sitemap_loop")

    def _saved_validators(self, url: str) -> tuple[str | None, str | None]:
        ledger = self.spider.ledger
        return ledger.source(url) if ledger and self.eligible else (None, None)

    @property
    def eligible(self) -> bool:
        """Only an unrestricted run may trust (and save) source validators."""
        spider = self.spider
        return not (spider.window or spider.max_articles or spider.backfill)

    def not_modified(self, response: Response) -> bool:
        if response.status != 304:
            return False
        self.stats.inc_value("akhbar/discovery/not_modified")
        self.validators[response.url] = self.spider.ledger.source(response.url)
        return True

    def succeeded(self, response: Response) -> None:
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if etag or modified:
            self.validators[response.url] = (etag.decode("latin-1") if etag else None,
                                             modified.decode("latin-1") if modified else None)

    def failed(self, url: str, reason: str, detail: str, status: int | None) -> Iterator[Any]:
        """A reject row for the source, logged once; home-page feed discovery when it was the
        last declared feed standing."""
        logger.warning("%s: discovery source %s failed: %s", self.spider.name, url, detail)
        self.stats.inc_value(f"akhbar/discovery/errors/{reason}")
        self.complete = False
        yield self.spider.reject(url, "discover", reason, detail, status)
        if self._is_declared_feed(url):
            self.failed_feeds += 1
            home = self.spider.home
            if self.failed_feeds == self.declared_feeds and home not in self.requested:
                logger.info("%s: every declared feed failed; looking for feeds on %s",
                            self.spider.name, home)
                yield self.request(home, self.spider.parse_page, conditional=False)

    def _is_declared_feed(self, url: str) -> bool:
        return any(urljoin(self.spider.home, f) == url for f in self.spider.feeds)

    def incomplete(self) -> None:
        self.complete = False

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """Schedule the sitemaps a site's robots.txt lists (Sitemap: lines)."""
        if not on_hosts(request.url, self.spider.allowed_domains):
            return
        for url in getattr(getattr(robotparser, "rp", None), "sitemaps", None) or []:
            if url not in self.requested and on_hosts(url, self.spider.allowed_domains):
                self.stats.inc_value("akhbar/discovery/robots_sitemaps")
                self.spider.crawler.engine.crawl(self.request(url, self.spider.parse_sitemap))

    def save(self, finished: bool) -> None:
        ledger = self.spider.ledger
        if ledger and finished and self.complete and self.eligible \
                and not self.spider.frontier.capped:
            ledger.save_sources(self.validators)
