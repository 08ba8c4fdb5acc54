"""One row per run and site in output/runs/: when, what came out, with which versions/settings.

A Scrapy extension (RUNS_ENABLED): when a site's crawl closes, its stats become a row of the
`runs` dataset (written whole, like every akhbar file). `akhbar health` and `akhbar report` read
this history. Its counts are what was stored (crawler/writer.py STORED); when the disk is full
the row is not written (nothing half-written is left) and the run reports the full disk.
"""

from __future__ import annotations

import json
import logging
import platform
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, Settings

from crawler import settings as defaults
from crawler.failures import is_error
from crawler.stored import QUALITY, STORE_FAILED, STORED, rows_stored
from pipelines.store.datasets import PartitionedWriter
from pipelines.store.diskfull import DISK_FULL, full_message, is_disk_full
from pipelines.store.migration import migrate
from pipelines.store.objectstore import Place, resolve
from pipelines.store.quality import QUALITY_COUNTERS
from pipelines.store.redisconn import is_outage, redis_url
from pipelines.store.runstats import SharedRunTally

logger = logging.getLogger(__name__)

PACKAGES = ("akhbar", "scrapy", "trafilatura", "lxml", "pyarrow", "camel-tools",
            "lingua-language-detector", "hijridate", "twisted")
RECORDED_SETTINGS = ("ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "DOWNLOAD_DELAY",
                     "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_TIMEOUT", "USER_AGENT",
                     "LEDGER_REFETCH_HOURS", "FRONTIER_MAX_ARTICLES", "TAG_LANGUAGES",
                     "EXTRACT_MIN_TEXT_CHARS")
REJECT_REASONS = f"{STORED}/rejects/"  # stats: REJECT_REASONS<stage>/<reason>, rows stored
DISCOVERY_ERRORS = "akhbar/discovery/errors/"  # stats: DISCOVERY_ERRORS<reason>
SPIDER_ARGUMENTS = ("home", "domains", "feeds", "sitemaps", "window", "max_articles", "backfill")
SETTINGS_GIVEN = "AKHBAR_SETTINGS_GIVEN"  # the setting the CLI hands its -s pairs on in
RUNS_ROW_LEFT = "akhbar/runs/left_to_last_worker"  # stats: another worker writes the runs row


def given_settings(settings: Settings) -> dict[str, Any]:
    """The settings given for this run on the command line: `akhbar crawl/demo -s NAME=VALUE`
    (the CLI hands them on as AKHBAR_SETTINGS_GIVEN), else, under `scrapy crawl -s`, every
    setting at Scrapy's command-line priority."""
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    if settings.getpriority(SETTINGS_GIVEN) == cmdline:
        return dict(settings.getdict(SETTINGS_GIVEN))
    return {name: settings[name] for name in settings if settings.getpriority(name) == cmdline}


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def counted(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """The stats under a prefix (REJECT_REASONS, DISCOVERY_ERRORS) by the rest of their key."""
    return {k.removeprefix(prefix): int(v) for k, v in sorted(stats.items())
            if k.startswith(prefix) and isinstance(v, int)}


def _counts(stats: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    return [{"key": key, "count": n} for key, n in counted(stats, prefix).items()]


def site_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The counts of a site's crawl that its runs row and the end-of-run summary share: rows
    stored, articles known or unchanged, and the quality counters (pipelines/store/quality.py)."""
    return {
        "articles": stats.get(f"{STORED}/articles", 0),
        "rejects": stats.get(f"{STORED}/rejects", 0),
        "known": stats.get("akhbar/frontier/already_ingested", 0),
        "unchanged": stats.get("akhbar/frontier/not_modified", 0)
        + stats.get("akhbar/dedup/unchanged", 0),
        "sources_unchanged": stats.get("akhbar/discovery/not_modified", 0),
        **{q.column: stats.get(f"{QUALITY}/{q.column}", 0) for q in QUALITY_COUNTERS},
    }


def counted_columns(stats: dict[str, Any]) -> dict[str, Any]:
    """The columns of a runs row that count things (what workers sharing a run add up)."""
    return {
        **site_counts(stats),
        "reject_reasons": _counts(stats, REJECT_REASONS),
        "discovery_errors": _counts(stats, DISCOVERY_ERRORS),
        "requests": stats.get("downloader/request_count", 0),
        "response_bytes": stats.get("downloader/response_bytes", 0),
    }


def failed_inside(reasons: dict[str, int]) -> dict[str, int]:
    """The "stage/reason" counts of pages that failed inside akhbar (error_<stage> rejects)."""
    return {key: n for key, n in reasons.items() if is_error(key.rpartition("/")[2])}


def run_row(run_id: str, spider: Spider, stats: dict[str, Any], reason: str,
            settings: dict[str, Any], given: dict[str, Any] | None = None) -> dict[str, Any]:
    """The runs-dataset row of one site's crawl, from its Scrapy stats; `settings` are the values
    it ran with, `given` the settings given on the command line (given_settings)."""
    arguments = {name: getattr(spider, name, None) for name in SPIDER_ARGUMENTS}
    arguments["window"] = [w.isoformat() if w else None for w in (
        getattr(getattr(spider, "window", None), "since", None),
        getattr(getattr(spider, "window", None), "until", None))]
    return {
        "run_id": run_id, "site": spider.name,
        "started": stats.get("start_time"), "finished": stats.get("finish_time")
        or datetime.now(UTC), "finish_reason": reason,
        **counted_columns(stats),
        "versions": json.dumps(versions(), sort_keys=True),
        "settings": json.dumps({**settings, "arguments": arguments}, sort_keys=True,
                               ensure_ascii=False, default=str),
        "settings_given": json.dumps(given or {}, sort_keys=True, ensure_ascii=False,
                                     default=str),
    }


class RunRecorder:
    """Writes the runs row of each site when its crawl closes; on a shared Redis, the last
    worker out of the site writes it, for all of them (pipelines/store/runstats.py)."""

    def __init__(self, crawler: Crawler, directory: Place,
                 tally: SharedRunTally | None = None) -> None:
        self.crawler = crawler
        self.directory = directory
        self.tally = tally

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        settings = crawler.settings
        if not settings.getbool("RUNS_ENABLED", defaults.RUNS_ENABLED):
            raise NotConfigured("RUNS_ENABLED is off")
        recorder = cls(crawler, resolve(settings.get("PARQUET_DIR", defaults.PARQUET_DIR)) / "runs",
                       shared_tally(settings))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        if recorder.tally is not None:
            crawler.signals.connect(recorder.rows_stored, signal=rows_stored)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        if self.tally is not None:
            self.tally.opened(spider.name)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        run_id = stats.get("akhbar/run_id") or self.crawler.settings.get("AKHBAR_RUN_ID", "")
        settings = {k: self.crawler.settings.get(k) for k in RECORDED_SETTINGS}
        if stats.get(STORE_FAILED):  # it would only fail again, after as many retries
            logger.error("%s: the runs row was not written: %s", spider.name, stats[STORE_FAILED])
            return
        row = run_row(run_id, spider, stats, reason, settings,
                      given_settings(self.crawler.settings))
        if self.tally is not None and (row := self._whole_run(spider.name, row, reason)) is None:
            return
        writer = PartitionedWriter(self.directory, "runs", f"{spider.name}-{run_id}")
        try:
            # Older runs files get the new columns first (the crawl holds the folder's lock):
            # a reader that takes the columns from one file would otherwise miss them.
            migrate(self.directory, "runs")
            writer.write(row)
            writer.close()
        except Exception as exc:
            writer.abort()
            if not is_disk_full(exc):
                raise
            logger.info("%s: the runs row was not written: %s", spider.name, exc)
            if not self.crawler.stats.get_value(DISK_FULL):
                self.crawler.stats.set_value(
                    DISK_FULL, f"{full_message(exc)} writing {self.directory}")

    def rows_stored(self) -> None:
        """A file's rows are in place: what this worker counts so far goes to the tally."""
        stats = self.crawler.stats.get_stats()
        try:
            self.tally.add(self.crawler.spider.name,
                           {"started": stats.get("start_time"), **counted_columns(stats)})
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.warning("%s: the run's tally was not updated (%s): this worker adds its "
                           "counts when it closes the site", self.crawler.spider.name, exc)

    def _whole_run(self, site: str, row: dict[str, Any], reason: str) -> dict[str, Any] | None:
        """This worker's share added to the shared run's tally; the row to write when it is the
        last one out of the site, else None (RUNS_ROW_LEFT says so in the stats)."""
        from crawler.redisscheduler import FINISHED, STOPPED

        if reason == STOPPED:  # Redis is gone: its retries would only hold up the exit
            logger.error("%s: Redis is unavailable: this worker's share of the run is missing "
                         "from its runs row", site)
            return None
        try:
            whole = self.tally.closed(site, row, finished=FINISHED)
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.error("%s: Redis is unavailable (%s): this worker's share of the run is "
                         "missing from its runs row", site, exc)
            return None
        if whole is None:
            self.crawler.stats.set_value(RUNS_ROW_LEFT, 1)
        return whole


def shared_tally(settings: Settings) -> SharedRunTally | None:
    """The tally of the shared run this process joined, when the crawl is on Redis."""
    if not redis_url(settings):
        return None
    from crawler.redisscheduler import shared_run

    run = shared_run(settings)
    return SharedRunTally(run.client, run.keys, run.run_id or settings.get("AKHBAR_RUN_ID", ""),
                          run.worker_id, run.worker_key(""))
