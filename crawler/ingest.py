"""`akhbar ingest-warc` and `akhbar reextract`: pages read from WARC files go through the crawl's
stages, ledger and datasets, with no request to any site.

`WarcSpider` fetches nothing: its `start()` reads the files one record at a time
(pipelines/store/warcread.py) and yields, for each page record of a catalogued site, the
`PageItem` that site's crawl would have built (its `fetched_at` the record's WARC-Date, `source`
"warc" or "reextract", the file and the record's offset), and for every other page record a
`RejectItem` with the reason (stage `warc`). At most WARC_IN_FLIGHT pages are between the reader
and the writer at a time, so memory stays flat whatever the files' size; the CPU stages run in
the crawl's worker pool (crawler/pool.py).

Resuming: a record that already has a row from an earlier `ingest-warc` (the same file and
offset) is skipped unread, so an interrupted run started again goes on from what was committed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler import settings as defaults
from crawler.archive import WARC_ALREADY, WARC_ASIDE, WARC_READ, WARC_RECORDS
from crawler.items import RejectItem
from crawler.spiders.base import NewsSpider, open_ledger
from crawler.stages import guarded
from crawler.warcsources import open_source
from pipelines import Reject
from pipelines.store.ingested import Ingested
from pipelines.store.ledger import Ledger
from pipelines.store.warcread import (
    ReadCounts,
    WarcPage,
    WarcProblem,
    read_warc,
)
from pipelines.store.warcsniff import looks_arabic
from pipelines.store.warcwrite import DISCOVERY_FIELD

logger = logging.getLogger(__name__)

MAX_OTHER_SITES = 10_000  # --all-arabic: sites made from host names kept at once
CLOSE_CHECK = 0.1  # seconds between looks whether a closing spider's items are all done
UNKNOWN_SITE = "warc"  # the rows' site when a record's URL is on no catalogued site


@dataclass
class WarcJob:
    """What to read and how: the files (paths or URLs), the sites whose pages are kept (name ->
    spider instance), `file_sites` (a file's own site: the raw archive's folders), the rows'
    source, and for reextract the earliest record date."""

    files: list[str]
    sites: dict[str, NewsSpider]
    source: str = "warc"
    file_sites: dict[str, str] = field(default_factory=dict)
    since: datetime | None = None
    resume: bool = True
    all_arabic: bool = False  # also the Arabic pages of sites not in the catalogue
    names: dict[str, str] = field(default_factory=dict)  # file -> name in the rows


class WarcSpider(scrapy.Spider):
    """The spider of `akhbar ingest-warc` and `akhbar reextract` (named `warc`)."""

    name = UNKNOWN_SITE
    source = "warc"
    ledger: Ledger | None = None
    closer: Any = None  # the looping call of _let_close, while the spider is open
    waiter: Deferred[None] | None = None  # start() waiting for room in the pipelines
    stopped = False  # start() saw the crawl closing

    def __init__(self, job: WarcJob, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job = job
        self.source = job.source
        self.counts = ReadCounts()
        self.others: dict[str, NewsSpider] = {}  # --all-arabic: sites made from host names
        self.by_domain: dict[str, NewsSpider] = {}  # each catalogued site's domains
        for site in job.sites.values():
            for domain in site.allowed_domains or ():
                self.by_domain.setdefault(domain.lower(), site)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WarcSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.ledger = open_ledger(settings)
        spider.in_flight = settings.getint("WARC_IN_FLIGHT", defaults.WARC_IN_FLIGHT)
        spider.output = Path(settings.get("PARQUET_DIR", defaults.PARQUET_DIR))
        crawler.signals.connect(spider._start_closer, signal=signals.spider_opened)
        for left in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_left, signal=left)
        return spider

    def _start_closer(self) -> None:
        self.closer = create_looping_call(self._let_close)
        self.closer.start(CLOSE_CHECK, now=False)

    def _item_left(self) -> None:
        """An item leaves the pipelines: wake start() if it waits for room. Scrapy lowers its
        count of items in progress right after this signal, hence the call on the next turn."""
        if self.waiter is not None:
            from twisted.internet import reactor

            reactor.callLater(0, self._wake)

    def _wake(self) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.called:
            waiter.callback(None)

    def _let_close(self) -> None:
        """When the spider is closing (CLOSESPIDER_*, Ctrl-C), let it close once the items in
        the pipelines are done. Scrapy (2.19) looks whether a closing scraper is idle when a
        response's items are done, never when an item of start() is, so such a close would
        otherwise wait for ever. Also wakes start() if it waits for room: it then sees the
        close, and no item's end can be missed for longer than CLOSE_CHECK."""
        self._wake()
        slot = self.crawler.engine.scraper.slot if self.crawler.engine else None
        if slot is not None and slot.closing is not None and not slot.closing.called \
                and slot.is_idle():
            slot.closing.callback(self)

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        for kind, count in self.counts.types.items():
            stats.set_value(f"{WARC_RECORDS}{kind}", count)
        for why, count in self.counts.aside.items():
            stats.set_value(f"{WARC_ASIDE}{why}", count)
        stats.set_value(WARC_ALREADY, self.counts.skipped)
        if self.ledger:
            self.ledger.close()
        if self.closer is not None and self.closer.running:
            self.closer.stop()

    async def start(self) -> AsyncIterator[Any]:
        ingested = Ingested(self.output, self.source) if self.job.resume else None
        for file in self.job.files:
            name = self.job.names.get(file, file)
            done = ingested.offsets(name) if ingested else frozenset()
            try:
                async for item in self._file_items(file, name, done):
                    yield item
            except Exception as exc:  # noqa: BLE001 (whatever stops one file, the next is read)
                logger.error("%s: reading stopped: %s: %s", name, type(exc).__name__, exc,
                             exc_info=exc)
                yield self._file_reject(name, f"reading stopped: {type(exc).__name__}: {exc}")
            if self.stopped:  # the crawl is closing (CLOSESPIDER_*, Ctrl-C)
                return
        # Scrapy looks again whether the spider is idle only when start() ends or at its 5-s
        # heartbeat: ending once the pages in the pool are written closes the run at once.
        await self._room(limit=1)

    async def _file_items(self, file: str, name: str,
                          done: Collection[int]) -> AsyncIterator[Any]:
        """The items of one file's records, as room in the pipelines allows; sets `stopped`
        and ends early when the crawl is closing."""
        try:
            stream = open_source(file)
        except OSError as exc:
            yield self._file_reject(name, f"cannot open {file}: {exc}")
            return
        with stream:
            for found in read_warc(stream, name, wanted=self._wanted(file), done=done,
                                   counts=self.counts):
                self.crawler.stats.set_value(WARC_READ, sum(self.counts.types.values()))
                item = self._item(found, file)
                if item is None:
                    continue
                if not await self._room():
                    self.stopped = True
                    return
                self.crawler.stats.inc_value("akhbar/warc/pages")
                yield item

    def _wanted(self, file: str) -> Any:
        return lambda url: self._site_of(url, file) is not None

    def _site_of(self, url: str, file: str = "") -> NewsSpider | None:
        own = self.job.file_sites.get(file)
        if own:
            return self.job.sites.get(own)
        found = self._catalogued(url)
        if found is None and self.job.all_arabic and url.startswith(("http://", "https://")):
            return self._uncatalogued(url)
        return found

    def _catalogued(self, url: str) -> NewsSpider | None:
        """The site whose domain is the URL's host or a parent of it (the nearest one): a few
        dict lookups a record, whatever the catalogue's size (most records of a CC-NEWS file
        are of other sites)."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # e.g. a broken IPv6 address: no site's
            return None
        while host:
            if (site := self.by_domain.get(host)) is not None:
                return site
            host = host.partition(".")[2]
        return None

    def _uncatalogued(self, url: str) -> NewsSpider:
        """A site made from the URL's host (named after it, times without an offset read as
        UTC): for --all-arabic pages of sites not in the catalogue."""
        host = (urlsplit(url).hostname or "unknown").lower().removeprefix("www.")
        if host not in self.others:
            if len(self.others) >= MAX_OTHER_SITES:
                self.others.clear()
            parts = urlsplit(url)
            self.others[host] = NewsSpider(name=host, home=f"{parts.scheme}://{parts.netloc}/")
        return self.others[host]

    def _item(self, found: WarcPage | WarcProblem, file: str) -> Any:
        site = self._site_of(found.url or "", file)
        if isinstance(found, WarcProblem):
            return self._reject(found, site)
        if self.job.since and found.fetched_at < self.job.since:
            return None
        discovery = _recorded_discovery(found)
        assert site is not None, "wanted() let only catalogued sites through"
        if site.name in self.others and not looks_arabic(found.body, found.headers):
            return self._reject(WarcProblem(found.file, found.offset, found.url, "not_arabic",
                                            "neither its headers nor its first bytes look "
                                            "Arabic", found.status, found.fetched_at), site)
        if not 200 <= found.status < 300:
            return self._reject(WarcProblem(found.file, found.offset, found.url,
                                            f"http_{found.status}", "the archived answer",
                                            found.status, found.fetched_at), site, "fetch")
        discovery = {"via": "warc", "source": found.file, **discovery,
                     **site.url_evidence(found.url)}
        return site.page_item(url=found.url, request_url=found.url, status=found.status,
                              headers=found.headers, body=found.body,
                              fetched_at=found.fetched_at, discovery=discovery,
                              source=self.source, warc_file=found.file,
                              warc_offset=found.offset)

    def _reject(self, problem: WarcProblem, site: NewsSpider | None,
                stage: str = "warc") -> RejectItem:
        return RejectItem(url=problem.url or f"{problem.file}#{problem.offset}",
                          site=site.name if site else UNKNOWN_SITE, stage=stage,
                          reason=problem.reason, detail=problem.detail, status=problem.status,
                          fetched_at=problem.fetched_at, source=self.source,
                          warc_file=problem.file, warc_offset=problem.offset)

    def _file_reject(self, name: str, detail: str) -> RejectItem:
        return RejectItem(url=name, site=UNKNOWN_SITE, stage="warc", reason="unreadable_file",
                          detail=detail, source=self.source, warc_file=name)

    async def _room(self, limit: int = 0) -> bool:
        """Wait until fewer than `limit` (default WARC_IN_FLIGHT) items are in the item
        pipelines; False when the crawl is closing instead (the records not read are read by
        the next run). Woken when an item leaves the pipelines, not by polling: one wake-up a
        page."""
        engine = self.crawler.engine
        while not _closing(engine):
            slot = engine.scraper.slot
            if slot is None or slot.itemproc_size < (limit or self.in_flight):
                return True
            self.waiter = Deferred()
            await maybe_deferred_to_future(self.waiter)
        return False


def _recorded_discovery(page: WarcPage) -> dict[str, Any]:
    """How the crawl had found the page, as its own archive recorded it (crawler/archive.py)."""
    try:
        discovery = json.loads(page.extra.get(DISCOVERY_FIELD.lower(), "") or "{}")
    except ValueError:
        return {}
    return discovery if isinstance(discovery, dict) else {}


def _closing(engine: Any) -> bool:
    """True once the engine has begun closing the spider (Scrapy keeps reading start() until
    then, and waits for the items in progress before it can close)."""
    slot = getattr(engine, "_slot", None)
    return slot is None or slot.closing is not None or not engine.running


class ArabicOnlyPipeline:
    """--all-arabic (setting WARC_ALL_ARABIC): a page of a site outside the catalogue is kept
    only when its body was detected as Arabic; else reject `not_arabic`. Between tag and dedup."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArabicOnlyPipeline:
        if not crawler.settings.getbool("WARC_ALL_ARABIC", defaults.WARC_ALL_ARABIC):
            raise NotConfigured
        return cls(crawler)

    @guarded("warc")
    def process_item(self, item: Any) -> Any:
        others = getattr(self.crawler.spider, "others", {})
        if isinstance(item, RejectItem) or item.get("site") not in others:
            return item
        if item.get("language") != "ar":
            raise Reject("warc", "not_arabic", f"the body's language is "
                         f"{item.get('language') or 'undetected'} "
                         f"({item.get('arabic_share') or 0:.0%} Arabic letters)")
        return item
