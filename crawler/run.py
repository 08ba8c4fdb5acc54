"""Running crawls in-process and summarising them for a person."""

from __future__ import annotations

import gc
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler import settings as defaults
from crawler.archive import WARC_ALREADY, WARC_ASIDE, WARC_RECORDS
from crawler.failures import UNRECORDED_ERRORS
from crawler.runs import (
    DISCOVERY_ERRORS,
    REJECT_REASONS,
    RUNS_ROW_LEFT,
    counted,
    failed_inside,
    site_counts,
)
from crawler.stored import STORE_FAILED, STORED_SITES, new_run_id
from pipelines.store.diskfull import DISK_FULL, full_message, is_disk_full
from pipelines.store.objectstore import Place, resolve
from pipelines.store.warcread import ASIDE_MEANINGS

logger = logging.getLogger(__name__)


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (crawler/settings.py) with command-line overrides on top."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


@dataclass
class SiteResult:
    name: str
    articles: int = 0
    rejects: Counter[str] = field(default_factory=Counter)  # "stage/reason" -> count
    discovery_errors: Counter[str] = field(default_factory=Counter)  # reason -> count
    known: int = 0  # discovered articles the ledger already had (not fetched)
    unchanged: int = 0  # young articles re-fetched and found unchanged
    sources_unchanged: int = 0  # feeds/sitemaps that answered 304 Not Modified
    finish_reason: str = ""
    files: list[str] = field(default_factory=list)
    unrecorded: int = 0  # failures inside akhbar no reject row could be written for
    disk_full: str = ""  # what could not be written when the output's disk filled up
    store_failed: str = ""  # the upload the object store did not take (the crawl stopped)
    unstored: int = 0  # rows handled but not stored (the disk filled up): fetched again next run
    warc_records: Counter[str] = field(default_factory=Counter)  # ingest: WARC records by type
    warc_already: int = 0  # ingest: records an earlier run already has rows of (skipped)
    warc_aside: Counter[str] = field(default_factory=Counter)  # ingest: page records left, why
    by_site: Counter[str] = field(default_factory=Counter)  # articles stored, by their site
    row_left: bool = False  # on a shared Redis: another worker writes the runs row of the site

    @property
    def errors(self) -> int:
        """Pages that failed inside akhbar (error_<stage> rejects): the run exits 1."""
        return self.unrecorded + sum(failed_inside(self.rejects).values())


@dataclass
class RunResult:
    run_id: str
    output: Place  # a folder, or a Location on object storage
    seconds: float
    sites: list[SiteResult]

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.sites)

    @property
    def rejects(self) -> int:
        return sum(sum(s.rejects.values()) for s in self.sites)


def run_crawl(sites: list[str] | list[type[Spider]], settings: Settings,
              spider_args: dict[str, Any] | None = None) -> RunResult:
    """Crawl the named sites (or run these spider classes) in one process, one run id for all,
    and collect their stats."""
    if not settings.get("AKHBAR_RUN_ID"):
        settings.set("AKHBAR_RUN_ID", new_run_id(), priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers: list[Crawler] = []
    output = resolve(settings.get("PARQUET_DIR", defaults.PARQUET_DIR))  # s3://... printed bare
    failures: dict[int, dict[str, str]] = {}  # id(crawler) -> stats saying why it did not run
    for name in sites:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler, **(spider_args or {})).addErrback(_failed, crawler, output,
                                                                  failures)
    # what start-up made (modules, settings, the catalogue) lives until exit: the cyclic
    # collector need not walk it again on every collection (about 7% of this process's CPU)
    gc.collect()
    gc.freeze()
    started = time.monotonic()
    try:
        process.start()
    finally:
        gc.unfreeze()  # a caller running several crawls (the tests) gets its objects back
    return RunResult(
        run_id=settings.get("AKHBAR_RUN_ID"),
        output=output,
        seconds=time.monotonic() - started,
        sites=[_site_result(c.spidercls.name, {**_stats(c), **failures.get(id(c), {})})
               for c in crawlers],
    )


def _failed(failure: Any, crawler: Crawler, output: Place,
            failures: dict[int, dict[str, str]]) -> None:
    """A crawl that could not start or run (its spider or a component failed to open): a full
    disk is reported like one met during the crawl, anything else is logged with its traceback."""
    exc = failure.value
    name = crawler.spidercls.name
    if is_disk_full(exc):
        failures[id(crawler)] = {"finish_reason": "disk_full",
                                 DISK_FULL: f"{full_message(exc)} writing {output}"}
        logger.info("%s: the crawl could not run: %s", name, exc, exc_info=exc)
    else:
        failures[id(crawler)] = {"finish_reason": f"failed ({type(exc).__name__}: {exc})"}
        logger.error("%s: the crawl failed", name, exc_info=exc)


def _stats(crawler: Crawler) -> dict[str, Any]:
    try:
        return crawler.stats.get_stats()
    except RuntimeError:  # Scrapy never set up this crawler's stats
        return {}


def _site_result(name: str, stats: dict[str, Any]) -> SiteResult:
    counts = site_counts(stats)
    handled = stats.get("akhbar/articles", 0) + stats.get("akhbar/rejects", 0)
    return SiteResult(name=name, articles=counts["articles"],
                      rejects=Counter(counted(stats, REJECT_REASONS)),
                      discovery_errors=Counter(counted(stats, DISCOVERY_ERRORS)),
                      known=counts["known"], unchanged=counts["unchanged"],
                      sources_unchanged=counts["sources_unchanged"],
                      finish_reason=stats.get("finish_reason", ""),
                      files=list(stats.get("akhbar/files", [])),
                      unrecorded=stats.get(UNRECORDED_ERRORS, 0),
                      disk_full=stats.get(DISK_FULL, ""),
                      store_failed=stats.get(STORE_FAILED, ""),
                      unstored=max(0, handled - counts["articles"] - counts["rejects"]),
                      warc_records=Counter(counted(stats, WARC_RECORDS)),
                      warc_already=stats.get(WARC_ALREADY, 0),
                      warc_aside=Counter(counted(stats, WARC_ASIDE)),
                      by_site=Counter(counted(stats, f"{STORED_SITES}/")),
                      row_left=bool(stats.get(RUNS_ROW_LEFT)))


def _most(counts: Counter[str], shown: int = 10) -> str:
    """`name count, ...` of the largest counts, and how many others there are."""
    text = ", ".join(f"{name} {n}" for name, n in counts.most_common(shown))
    return text + (f" and {len(counts) - shown} other(s)" if len(counts) > shown else "")


def summary(result: RunResult) -> str:
    """A few lines for the terminal: per-site counts, reject reasons, files, how to load them."""
    lines = [f"akhbar run {result.run_id}: {len(result.sites)} site(s), {result.articles} "
             f"articles, {result.rejects} rejects in {result.seconds:.1f} s", ""]
    width = max([4, *(len(s.name) for s in result.sites)])
    lines.append(f"  {'site':<{width}}  articles  rejects  known  reject reasons")
    for site in result.sites:
        reasons = ", ".join(f"{r} {n}" for r, n in site.rejects.most_common()) or "-"
        lines.append(f"  {site.name:<{width}}  {site.articles:>8}  {sum(site.rejects.values()):>7}"
                     f"  {site.known + site.unchanged:>5}  {reasons}")
    for site in result.sites:
        if site.warc_records:
            kinds = ", ".join(f"{n} {kind}" for kind, n in site.warc_records.most_common())
            lines.append(f"  {site.name}: {sum(site.warc_records.values())} WARC records read "
                         f"({kinds})")
        if site.warc_aside:
            lines.append(f"  {site.name}: records that are no page, left without a row: "
                         + ", ".join(f"{n} {ASIDE_MEANINGS.get(why, why)}"
                                     for why, n in site.warc_aside.most_common()))
        if set(site.by_site) - {site.name}:  # one run of several sites' pages: ingest-warc
            lines.append(f"  {site.name}: articles by site: {_most(site.by_site)}")
        if site.warc_already:
            lines.append(f"  {site.name}: {site.warc_already} records already read by an "
                         "earlier ingest-warc, skipped (--again reads them again)")
        if site.sources_unchanged:
            lines.append(f"  {site.name}: {site.sources_unchanged} feed/sitemap(s) unchanged "
                         "since the last complete run")
        if site.discovery_errors:
            problems = ", ".join(f"{r} {n}" for r, n in site.discovery_errors.most_common())
            lines.append(f"  {site.name}: discovery problems: {problems} (see the log)")
        if site.disk_full or site.store_failed:
            lost = f" ({site.unstored} handled page(s) were not)" if site.unstored else ""
            lines.append(f"  {site.name}: stopped: {site.disk_full or site.store_failed}; the "
                         f"counts above are what was stored{lost}; the next run fetches the "
                         "rest: exit code 1")
        elif site.finish_reason != "finished":
            lines.append(f"  {site.name}: the crawl ended early: {site.finish_reason}")
        if site.errors:
            lines.append(f"  {site.name}: {site.errors} page(s) failed inside akhbar (error_* "
                         "rejects, see the log): exit code 1")
    lines.append("  known: already in the dataset and unchanged, so not written again")
    new_files = sum(len(s.files) for s in result.sites)
    articles_dir, rejects_dir = result.output / "articles", result.output / "rejects"
    lines += ["", f"Files: {articles_dir}/ and {rejects_dir}/ ({new_files} new Parquet files)",
              f'Load:  import pandas as pd; df = pd.read_parquet("{articles_dir}")']
    return "\n".join(lines)
