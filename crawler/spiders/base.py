"""NewsSpider: the one spider every news site uses. A site is a subclass that only sets attributes.

Discovery (crawler/spiders/discovering.py) reads the site's declared feeds (RSS, Atom, JSON
Feed) and sitemaps (indexes, Google News), the Sitemap: lines of its robots.txt, the feeds its
home page advertises when it declares none or they fail, and, for sites with neither feeds nor
sitemaps, the links of its home and section pages. Date-archive pages are walked on request
(backfill). Discovered URLs go through the frontier (window, cap, URL ledger) and each fetched
article page becomes a `PageItem`. Every
request has an errback: a URL that fails ends as a `RejectItem`, never silently. A site's
docstring says what is known of the outlet (feeds, URL shapes; not re-checked from here) and what
to confirm on its first live run: a declared feed that moved is not fatal (the fallbacks above).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import settings as defaults
from crawler.archive import FETCHED_AT, archived_fields
from crawler.discovery.feeds import Entry
from crawler.discovery.frontier import Admission, Frontier, Window, parse_when
from crawler.discovery.sources import SourceTracker
from crawler.failures import describe_failure, is_transient
from crawler.items import PageItem, RejectItem
from crawler.redisscheduler import shared_run
from crawler.spiders.discovering import DiscoveringSpider
from crawler.spiders.drops import NoSilentDrops
from pipelines.dates.stage import site_zone
from pipelines.store.ledger import Ledger
from pipelines.store.objectstore import local_folder, resolve
from pipelines.store.redisconn import redis_url
from pipelines.store.redisledger import RedisLedger
from pipelines.store.urls import site_hosts

logger = logging.getLogger(__name__)


def _split(value: str | tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return tuple(v.strip() for v in value.split(",") if v.strip())


def open_ledger(settings: Any, site: str | None = None) -> Ledger | RedisLedger | None:
    """The URL ledger (LEDGER_ENABLED): the output folder's (LEDGER_PATH), or the shared one on
    AKHBAR_REDIS_URL; told of any dataset file it missed (of `site` only, when given); None
    when the ledger is off."""
    if not settings.getbool("LEDGER_ENABLED", defaults.LEDGER_ENABLED):
        return None
    output = settings.get("PARQUET_DIR", defaults.PARQUET_DIR)
    if redis_url(settings):
        run = shared_run(settings)  # the crawl's connection, its retries and prefix
        ledger = RedisLedger(run.client, run.keys)
    else:
        ledger = Ledger(settings.get("LEDGER_PATH") or local_folder(settings) / "ledger.sqlite")
    ledger.recover(resolve(output) / "articles", site=site)  # a folder or s3://...
    return ledger


class NewsSpider(DiscoveringSpider):
    """Base spider for a news site; subclasses declare the site as class attributes.

    name             Scrapy name of the site (lower case, no spaces)
    home             home page URL; relative sources are resolved against it
    domains          hosts of the site besides the home page's (subdomains included)
    country          ISO 3166-1 alpha-2 code of the outlet's country
    feeds, sitemaps  RSS/Atom/JSON feeds and XML sitemaps (indexes welcome), absolute or relative
    sections         section front pages, for links-mode discovery (found in the home page's
                     navigation when not given)
    archive_url      date-archive page template, e.g. "/archive/{date:%Y/%m/%d}/" (backfill)
    article_pattern  regular expression searched in an article URL's path (and query); empty
                     means "any page of the site", checked for og:type/JSON-LD once fetched
    timezone         IANA timezone the site writes its local times in
    first_article    the day of the site's first article, when known: earlier dates are not
                     believed (pipelines/dates)
    agency           the news agency the site itself is (its name in pipelines/agencies.tsv):
                     its own dispatches are not wire copies of another outlet's
    overrides        what the pipeline stages read for this site (keys and values: docs/sites.md),
                     checked with the other attributes and custom_settings when the catalogue
                     loads (crawler/siteconfig.py)
    live             False for offline test sites, which `akhbar crawl` skips unless named

    Spider arguments (-a): home, domains, feeds, sitemaps (comma-separated), since, until (dates
    or durations such as 2d), max_articles, backfill=1.
    """

    # home, domains, feeds, sitemaps, sections, archive_url, article_pattern: DiscoveringSpider
    country: ClassVar[str] = ""
    timezone: ClassVar[str] = "UTC"
    first_article: ClassVar[date | None] = None
    agency: ClassVar[str] = ""
    overrides: ClassVar[dict[str, Any]] = {}
    live: ClassVar[bool] = True
    source: ClassVar[str] = "crawl"  # the rows' `source`

    ledger: Ledger | None = None
    drops: NoSilentDrops

    def __init__(self, *args: Any, home: str | None = None, feeds: str | None = None,
                 sitemaps: str | None = None, since: str | None = None, until: str | None = None,
                 max_articles: str | int | None = None, backfill: str | bool = False,
                 domains: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if home:  # e.g. the bundled site on a free port, or a mirror of a site
            self.home = home if home.endswith("/") else home + "/"
        if domains is not None:  # the mirror's other hosts
            self.domains = _split(domains)
        if feeds is not None:
            self.feeds = _split(feeds)
        if sitemaps is not None:
            self.sitemaps = _split(sitemaps)
        self.window = Window(parse_when(since) if since else None,
                             parse_when(until) if until else None)
        self.max_articles = int(max_articles or 0)
        self.backfill = str(backfill).lower() in ("1", "true", "yes")
        self._article_re = re.compile(self.article_pattern) if self.article_pattern else None
        self.allowed_domains = sorted(site_hosts(self.home, self.domains))
        self.sources = SourceTracker(self)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.ledger = open_ledger(settings, site=spider.name)
        spider.frontier = Frontier.from_settings(
            settings, ledger=spider.ledger, window=spider.window, zone=site_zone(spider.timezone),
            max_articles=spider.max_articles,
            count=lambda what: crawler.stats.inc_value(f"akhbar/frontier/{what}"))
        crawler.signals.connect(spider.sources.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(spider.closed_cleanly, signal=signals.spider_closed)
        spider.drops = NoSilentDrops(spider)  # held here: signals keep only weak references
        spider.drops.connect(crawler)
        return spider

    def closed_cleanly(self, spider: scrapy.Spider, reason: str) -> None:
        if spider is self:
            self.sources.save(finished=reason == "finished")
            if self.ledger:
                self.ledger.close()

    def article_request(self, entry: Entry, admission: Admission) -> scrapy.Request:
        meta = {"akhbar_stage": "fetch", "akhbar_discovery": entry.as_meta(), **admission.meta}
        return scrapy.Request(entry.url, callback=self.parse_article, errback=self.on_error,
                              headers=admission.headers, meta=meta)

    # -- pages -----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        if response.status == 304:  # a young article re-fetched, unchanged
            self.crawler.stats.inc_value("akhbar/frontier/not_modified")
            if self.ledger:
                self.ledger.touch(response.url, response.headers.get("ETag", b"").decode(
                    "latin-1") or None, None)
            return
        discovery = {**response.meta.get("akhbar_discovery", {}),
                     **self.url_evidence(response.url)}
        yield self.page_item(
            url=response.url,
            request_url=response.meta.get("redirect_urls", [response.url])[0],
            status=response.status,
            headers={k.decode("latin-1").lower(): v[0].decode("latin-1")
                     for k, v in response.headers.items() if v},
            body=response.body, discovery=discovery,
            fetched_at=response.meta.get(FETCHED_AT) or datetime.now(UTC),
            **archived_fields(response.meta))

    def page_item(self, *, url: str, request_url: str, status: int, headers: dict[str, str],
                  body: bytes, fetched_at: datetime, discovery: dict[str, Any],
                  source: str = "crawl", warc_file: str | None = None,
                  warc_offset: int | None = None) -> PageItem:
        """The fetched page as the stages receive it, with what the site declares."""
        return PageItem(
            url=url, request_url=request_url, status=status, headers=headers, body=body,
            fetched_at=fetched_at,
            site=self.name,
            site_domains=list(self.allowed_domains),
            site_timezone=self.timezone,
            site_first_article=self.first_article,
            site_overrides=dict(self.overrides),
            site_country=self.country or None,
            site_agency=self.agency or None,
            discovery=discovery,
            window=[w.isoformat() if w else None for w in (self.window.since, self.window.until)],
            source=source, warc_file=warc_file, warc_offset=warc_offset,
        )

    def on_error(self, failure: Failure) -> Iterator[RejectItem]:
        """Errback of every request: the URL ends as a reject row with the reason (under the
        URL as discovered, when it was redirected)."""
        request = failure.request
        reason, status, detail = describe_failure(failure)
        url = request.meta.get("redirect_urls", [request.url])[0]
        if url != request.url and request.url not in detail:
            detail = f"{detail} (redirected to {request.url})"
        if request.meta.get("akhbar_stage") == "discover":
            yield from self.sources.failed(url, reason, detail, status)
            return
        if is_transient(reason):
            self.sources.incomplete()  # let the next run read every source again
        yield self.reject(url, "fetch", reason, detail, status, **archived_fields(request.meta))

    def reject(self, url: str, stage: str, reason: str, detail: str,
               status: int | None, **archive: Any) -> RejectItem:
        """A reject row of this site; `archive`: source, warc_file, warc_offset."""
        return RejectItem(url=url, site=self.name, stage=stage, reason=reason, detail=detail,
                          status=status, fetched_at=datetime.now(UTC), **archive)
