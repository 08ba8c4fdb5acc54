"""The writer, the last item pipeline: rows to the datasets output/articles/ and output/rejects/.

Each dataset is Hive-partitioned (site=.../month=...) and written by a `PartitionedWriter`
(pipelines/store/datasets.py): batched row groups, bounded memory, files that appear whole. The
spider's URL ledger learns of an article (or a lasting reject) only once the file holding it is
durable, so a killed run never leaves the ledger claiming what the dataset lacks.

PARQUET_DIR may be an object-storage URL (s3://bucket/prefix?endpoint_override=...): each file is
then written locally and uploaded whole once finished (pipelines/store/objectstore.py), and no
folder lock is taken (a bucket has none; the workers of a run write files of distinct names).

What the run reports is what is durable: the STORED stats count the rows of files renamed into
place. A full disk (pipelines/store/diskfull.py), or an object store that takes no file after
its retries, stops the crawl: the files being written are removed, the run's sources are marked
incomplete (no feed validator saved, so the next run sees every page again) and DISK_FULL or
STORE_FAILED says what happened. The akhbar/articles and akhbar/rejects stats
count rows handled (the live progress line); the difference is what was not stored.

Memory: what the ledger needs of each row is held until the row's file is renamed into place
(every PARQUET_FILE_ROWS rows): a tuple of its fields (500 bytes a row with short URLs, against
650 as a dict), and nothing without a ledger (13 MB of a 20,000-page crawl before).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler import settings as defaults
from crawler.items import REJECT_COLUMNS, passes_through
from crawler.redisscheduler import make_rows_durable, shared_run
from crawler.stored import (
    QUALITY,
    STORE_FAILED,
    STORE_UNAVAILABLE,
    STORED,
    STORED_SITES,
    new_run_id,
    rows_stored,
)
from pipelines import Reject, Unchanged
from pipelines.store.claims import Claims
from pipelines.store.datasets import PartitionedWriter
from pipelines.store.diskfull import DISK_FULL, full_message, is_disk_full
from pipelines.store.ledger import LEDGER_FIELDS
from pipelines.store.lock import hold_output
from pipelines.store.migration import prepare_output
from pipelines.store.objectstore import Location, Place, UploadFailed, resolve
from pipelines.store.quality import quality_counts
from pipelines.store.redisconn import is_outage, redis_url
from pipelines.store.schema import ARCHIVE_FIELDS, month_of

logger = logging.getLogger(__name__)

# what a reject's file hands to the ledger and the STORED stats once it is durable
REJECT_NOTE = ("url", "stage", "reason", "fetched_at", "page_type_confidence")
SITE_AT = list(LEDGER_FIELDS).index("site")  # where an article's note holds its site
URL_AT, VERSION_AT = list(LEDGER_FIELDS).index("url"), list(LEDGER_FIELDS).index("version")


def _stops_writing(exc: BaseException) -> bool:
    """A full disk, or an upload the object store did not take after its retries."""
    return is_disk_full(exc) or isinstance(exc, UploadFailed)


@contextmanager
def _ledger_away(file: Place) -> Iterator[None]:
    """A shared ledger on Redis that went away: the file stays, whole, and the next run reads it
    back into the ledger (Ledger.recover); anything else is raised."""
    try:
        yield
    except Exception as exc:
        if not is_outage(exc):
            raise
        logger.error("the ledger was not told of %s (%s): the next run reads it back", file, exc)


class ParquetPipeline:
    """Writes articles and rejects (including items dropped by earlier stages) of one crawl.

    Settings: PARQUET_ENABLED, PARQUET_DIR, PARQUET_BATCH_ROWS, PARQUET_FILE_ROWS,
    PARQUET_COMPRESSION, PARQUET_MAX_OPEN_PARTITIONS, PARQUET_UPLOAD_ATTEMPTS; AKHBAR_RUN_ID
    names the run.
    """

    def __init__(self, crawler: Crawler, directory: Place, run_id: str, **options: Any) -> None:
        self.crawler = crawler
        self.directory = directory
        self.run_id = run_id
        self.options = options
        self.articles: PartitionedWriter | None = None
        self.rejects: PartitionedWriter | None = None
        self.ledger: Any = None
        self.source = "crawl"
        self.failure: str | None = None  # the disk filled up, the store went: nothing more
        self.claims: Claims | None = None  # a crawl shared on Redis: articles written once
        self.run: Any = None  # and this worker's membership of it
        self._full_notes = False  # a row's note holds LEDGER_FIELDS (else only its site)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParquetPipeline:
        s = crawler.settings
        if not s.getbool("PARQUET_ENABLED", True):
            raise NotConfigured("PARQUET_ENABLED is off")
        output = resolve(s.get("PARQUET_DIR", "output"))  # a folder, or a URL: s3://...
        pipeline = cls(
            crawler, output, s.get("AKHBAR_RUN_ID") or new_run_id(),
            batch_rows=s.getint("PARQUET_BATCH_ROWS", 500),
            file_rows=s.getint("PARQUET_FILE_ROWS", 20_000),
            compression=s.get("PARQUET_COMPRESSION", "zstd"),
            max_open=s.getint("PARQUET_MAX_OPEN_PARTITIONS", 64),
            upload_attempts=s.getint("PARQUET_UPLOAD_ATTEMPTS", defaults.PARQUET_UPLOAD_ATTEMPTS),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.make_durable, signal=make_rows_durable)
        return pipeline

    def open_spider(self) -> None:
        settings = self.crawler.settings
        worker = settings.get("AKHBAR_WORKER_ID")
        if not redis_url(settings) and not isinstance(self.directory, Location):
            hold_output(self.directory)  # one writer of these datasets at a time
        if not settings.getbool("AKHBAR_JOINED_RUN"):  # else other workers write here now
            prepare_output(self.directory)
        # the workers of a shared run write the same partitions: their files are told apart
        prefix = f"{self.crawler.spider.name}-{self.run_id}" + (f"-{worker}" if worker else "")
        self.ledger = getattr(self.crawler.spider, "ledger", None)
        if redis_url(settings):
            self.run = shared_run(settings)
            self.claims = Claims(self.run.client, self.run.keys, self.run.worker_id)
        self.source = getattr(self.crawler.spider, "source", "crawl")  # a row's default source
        self._full_notes = self.ledger is not None or self.claims is not None
        may_publish = self._may_publish if self.claims is not None else None
        self.articles = PartitionedWriter(self.directory / "articles", "articles", prefix,
                                          on_publish=self._commit_articles,
                                          may_publish=may_publish, **self.options)
        self.rejects = PartitionedWriter(self.directory / "rejects", "rejects", prefix,
                                         on_publish=self._commit_rejects,
                                         may_publish=may_publish, **self.options)
        self.crawler.stats.set_value("akhbar/run_id", self.run_id)

    def process_item(self, item: Any) -> Any:
        if self._taken_for_dead():
            self.crawler.stats.inc_value("akhbar/redis/left_to_others")
            raise Unchanged(f"{item.get('url')}: this worker was taken for dead; another one "
                            "fetches the page again")
        if passes_through(item):
            self._reject(dict(item))
            return item
        if self.claims is not None:
            self._claim(item)
        # without a ledger or claims a row's note only says its site, for the STORED_SITES counts
        note = (tuple(item.get(k) for k in LEDGER_FIELDS) if self._full_notes
                else (item.get("site"),))
        self._store(self.articles, {**item, "source": item.get("source") or self.source,
                                    "run_id": self.run_id}, note)
        stats = self.crawler.stats
        stats.inc_value("akhbar/articles")
        for column in quality_counts(item):
            stats.inc_value(f"{QUALITY}/{column}")
        return item

    def _claim(self, item: Any) -> None:
        """Another worker of the shared crawl writes this article's version: no row here."""
        version = item.get("version") or 1
        holder = self.claims.claim(item.get("url"), version)
        if holder is not None:
            self.crawler.stats.inc_value("akhbar/redis/written_elsewhere")
            raise Unchanged(f"{item.get('url')} version {version} is written by worker {holder}")

    def item_dropped(self, item: Any, response: Any, exception: Exception, spider: Any) -> None:
        """An earlier stage refused the item: record it as a reject row."""
        if self.rejects is None or isinstance(exception, Unchanged):
            return
        stage, reason = ("pipeline", "dropped")
        if isinstance(exception, Reject):
            stage, reason = exception.stage, exception.reason
        url = item.get("fetched_url") or item.get("url")
        self._reject({"url": url, "site": item.get("site"), "stage": stage, "reason": reason,
                      "detail": getattr(exception, "detail", "") or str(exception),
                      "http_status": item.get("status") or item.get("http_status"),
                      "fetched_at": item.get("fetched_at"),
                      "page_type_confidence": getattr(exception, "page_type_confidence", None),
                      **{column: item.get(column) for column in ARCHIVE_FIELDS}})

    def _reject(self, record: dict[str, Any]) -> None:
        for field, column in REJECT_COLUMNS.items():
            record.setdefault(column, record.get(field))
        record["fetched_at"] = record.get("fetched_at") or datetime.now(UTC)
        record["month"] = month_of(record["fetched_at"])
        record["source"] = record.get("source") or self.source
        self._store(self.rejects, {**record, "run_id": self.run_id},
                    tuple(record.get(k) for k in REJECT_NOTE))
        stats = self.crawler.stats
        stats.inc_value("akhbar/rejects")
        stats.inc_value(f"akhbar/rejects/{record.get('stage')}/{record.get('reason')}")

    def _store(self, writer: PartitionedWriter, record: dict[str, Any],
               note: dict[str, Any]) -> None:
        """Hand a row to its writer; a full disk stops the crawl instead of raising."""
        if self.failure is not None:
            return
        try:
            writer.write(record, note)
        except Exception as exc:
            if not _stops_writing(exc):
                raise
            self._stop_writing(exc, stop=True)

    def make_durable(self) -> bool:
        """Publish the files written so far (a worker of a shared crawl is idle: the leases of
        its pages are then settled); False when its rows cannot be made durable."""
        return self.articles is not None and self._publish_open_files(stop=True)

    def _publish_open_files(self, stop: bool) -> bool:
        """Rename every open file into place; a full disk drops them (and, `stop`, the crawl),
        and so does a worker taken for dead (the other workers fetch those pages again)."""
        if self._taken_for_dead():
            self.articles.abort()
            self.rejects.abort()
            logger.warning("%s: this worker was taken for dead: its rows not yet published are "
                           "dropped, the other workers fetch their pages again",
                           self.crawler.spider.name)
            return False
        if self.failure is None:
            try:
                self.articles.close()
                self.rejects.close()
            except Exception as exc:
                self.articles.abort()
                self.rejects.abort()
                if not _stops_writing(exc):
                    raise
                self._stop_writing(exc, stop=stop)
        return self.failure is None

    def _may_publish(self) -> bool:
        """Asked before a file is put in place: not by a worker taken for dead, nor when Redis
        cannot say (the file's pages are still leased: they are fetched again)."""
        try:
            allowed = not self.run.reaped and self.claims.may_publish()
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.error("Redis is gone: the file is not put in place, its pages stay leased and "
                         "are fetched again (%s)", exc)
            return False
        if not allowed:
            self.run.reaped = True  # its scheduler stops it at its next beat
        return allowed

    def _taken_for_dead(self) -> bool:
        """Another worker of the shared crawl took this one for dead and requeued what it held
        (crawler/redisscheduler.py): its rows not yet published are another's to write."""
        return self.run is not None and self.run.reaped

    def _stop_writing(self, exc: BaseException, stop: bool) -> None:
        """A full disk, or an object store that took no file after its retries: drop the files
        being written, keep the next run from trusting this one, stop."""
        if self.failure is not None:
            return
        if isinstance(exc, UploadFailed):
            stat, reason, self.failure = STORE_FAILED, STORE_UNAVAILABLE, str(exc)
        else:
            stat, reason = DISK_FULL, "disk_full"
            self.failure = f"{full_message(exc)} writing {self.directory}"
        self.crawler.stats.set_value(stat, self.failure)
        logger.info("%s: %s; stopping the crawl", self.crawler.spider.name, self.failure,
                    exc_info=exc)
        self.articles.abort()
        self.rejects.abort()
        sources = getattr(self.crawler.spider, "sources", None)
        if sources is not None:
            sources.incomplete()
        if stop:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def _commit_articles(self, file: Place, notes: list[tuple[Any, ...]]) -> None:
        self.crawler.stats.inc_value(f"{STORED}/articles", len(notes))
        at = SITE_AT if self._full_notes else 0
        if self.claims is not None:
            with _ledger_away(file):
                self.claims.seal((note[URL_AT], note[VERSION_AT]) for note in notes)
        for site, count in Counter(note[at] for note in notes).items():
            self.crawler.stats.inc_value(f"{STORED_SITES}/{site}", count)
        if self.ledger is not None:
            with _ledger_away(file):
                self.ledger.commit(
                    (dict(zip(LEDGER_FIELDS, note, strict=True)) for note in notes),
                    file=file.relative_to(self.directory / "articles").as_posix())
        self.crawler.signals.send_catch_log(signal=rows_stored)

    def _commit_rejects(self, file: Place, notes: list[tuple[Any, ...]]) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STORED}/rejects", len(notes))
        rows = [dict(zip(REJECT_NOTE, note, strict=True)) for note in notes]
        for row in rows:
            stats.inc_value(f"{STORED}/rejects/{row['stage']}/{row['reason']}")
        if self.ledger is not None:
            with _ledger_away(file):
                self.ledger.commit_rejects(rows)
        self.crawler.signals.send_catch_log(signal=rows_stored)

    def close_spider(self) -> None:
        self._publish_open_files(stop=False)
        files = self.articles.files + self.rejects.files
        self.crawler.stats.set_value("akhbar/files", [str(f) for f in files])
        logger.info("%s: %d articles, %d rejects written to %s", self.crawler.spider.name,
                    self.articles.rows_published, self.rejects.rows_published, self.directory)
