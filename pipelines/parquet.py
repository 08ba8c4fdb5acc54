"""Stage 6, parquet: rows to the datasets output/articles/ and output/rejects/.

Each dataset is Hive-partitioned (site=.../month=...) and written by a `PartitionedWriter`
(pipelines/datasets.py): batched row groups, bounded memory, files that appear whole. The spider's
URL ledger learns of an article (or a lasting reject) only once the file holding it is durable,
so a killed run never leaves the ledger claiming what the dataset lacks.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.lock import hold_output
from pipelines import Reject, Unchanged, passes_through
from pipelines.datasets import PartitionedWriter, migrate, sweep_temporary
from pipelines.schema import month_of

logger = logging.getLogger(__name__)

LEDGER_FIELDS = ("url", "fetched_url", "site", "published", "fetched_at", "http_etag",
                 "http_last_modified", "content_hash", "version")


_prepared: set[Path] = set()  # per process: the spiders of one run share the output folder


def prepare_output(directory: Path) -> None:
    """Once per process and folder, holding its lock: drop what a killed run left half-written
    and bring older files up to the current schema."""
    if directory.resolve() in _prepared:
        return
    for dataset in ("articles", "rejects"):
        sweep_temporary(directory / dataset)
        migrate(directory / dataset, dataset)
    _prepared.add(directory.resolve())


def new_run_id(now: datetime | None = None) -> str:
    """Sortable, unique id of a crawl run, e.g. 20261129T091500Z-3fa2."""
    return f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


class ParquetPipeline:
    """Writes articles and rejects (including items dropped by earlier stages) of one crawl.

    Settings: PARQUET_ENABLED, PARQUET_DIR, PARQUET_BATCH_ROWS, PARQUET_FILE_ROWS,
    PARQUET_COMPRESSION, PARQUET_MAX_OPEN_PARTITIONS; AKHBAR_RUN_ID names the run.
    """

    def __init__(self, crawler: Crawler, directory: Path, run_id: str, **options: Any) -> None:
        self.crawler = crawler
        self.directory = directory
        self.run_id = run_id
        self.options = options
        self.articles: PartitionedWriter | None = None
        self.rejects: PartitionedWriter | None = None
        self.ledger: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParquetPipeline:
        s = crawler.settings
        if not s.getbool("PARQUET_ENABLED", True):
            raise NotConfigured("PARQUET_ENABLED is off")
        pipeline = cls(
            crawler, Path(s.get("PARQUET_DIR", "output")), s.get("AKHBAR_RUN_ID") or new_run_id(),
            batch_rows=s.getint("PARQUET_BATCH_ROWS", 500),
            file_rows=s.getint("PARQUET_FILE_ROWS", 20_000),
            compression=s.get("PARQUET_COMPRESSION", "zstd"),
            max_open=s.getint("PARQUET_MAX_OPEN_PARTITIONS", 64),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self) -> None:
        hold_output(self.directory)  # one writer of these datasets at a time
        prepare_output(self.directory)
        prefix = f"{self.crawler.spider.name}-{self.run_id}"
        self.ledger = getattr(self.crawler.spider, "ledger", None)
        self.articles = PartitionedWriter(self.directory / "articles", "articles", prefix,
                                          on_publish=self._commit_articles, **self.options)
        self.rejects = PartitionedWriter(self.directory / "rejects", "rejects", prefix,
                                         on_publish=self._commit_rejects, **self.options)
        self.crawler.stats.set_value("akhbar/run_id", self.run_id)

    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            self._reject(dict(item))
            return item
        note = {k: item.get(k) for k in LEDGER_FIELDS} if self.ledger is not None else None
        self.articles.write({**item, "run_id": self.run_id}, note)
        stats = self.crawler.stats
        stats.inc_value("akhbar/articles")
        if item.get("published") is None:
            stats.inc_value("akhbar/quality/no_published")
        if (item.get("word_count") or 0) < 50:
            stats.inc_value("akhbar/quality/empty_text")
        if item.get("language") not in (None, "ar"):
            stats.inc_value("akhbar/quality/not_arabic")
        return item

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
                      "fetched_at": item.get("fetched_at")})

    def _reject(self, record: dict[str, Any]) -> None:
        record.setdefault("http_status", record.get("status"))
        record["fetched_at"] = record.get("fetched_at") or datetime.now(UTC)
        record["month"] = month_of(record["fetched_at"])
        note = record if self.ledger is not None else None
        self.rejects.write({**record, "run_id": self.run_id}, note)
        stats = self.crawler.stats
        stats.inc_value("akhbar/rejects")
        stats.inc_value(f"akhbar/rejects/{record.get('stage')}/{record.get('reason')}")

    def _commit_articles(self, file: Path, notes: list[dict[str, Any]]) -> None:
        if self.ledger is not None:
            self.ledger.commit(notes, file=file.relative_to(self.directory / "articles")
                               .as_posix())

    def _commit_rejects(self, file: Path, notes: list[dict[str, Any]]) -> None:
        if self.ledger is not None:
            self.ledger.commit_rejects(notes)

    def close_spider(self) -> None:
        files = self.articles.close() + self.rejects.close()
        self.crawler.stats.set_value("akhbar/files", [str(f) for f in files])
        logger.info("%s: %d articles, %d rejects written to %s", self.crawler.spider.name,
                    self.articles.rows_written, self.rejects.rows_written, self.directory)
