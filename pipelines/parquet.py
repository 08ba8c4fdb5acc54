"""Stage 6, parquet: rows to the datasets output/articles/ and output/rejects/.

Rows are buffered and written as row groups of PARQUET_BATCH_ROWS, so memory does not grow with
the crawl. Each file is written under a hidden temporary name (readers skip names starting with a
dot), fsynced, then renamed: a reader sees whole files or none. A file is closed and a new one
started every PARQUET_FILE_ROWS rows.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipelines import Reject, Unchanged, passes_through
from pipelines.schema import ARTICLES, REJECTS, project

logger = logging.getLogger(__name__)


LEDGER_FIELDS = ("url", "fetched_url", "site", "published", "fetched_at", "http_etag",
                 "http_last_modified", "content_hash", "version")


def new_run_id(now: datetime | None = None) -> str:
    """Sortable, unique id of a crawl run, e.g. 20261129T091500Z-3fa2."""
    return f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


class DatasetWriter:
    """Append-only writer of one dataset folder: batched row groups, atomic rolled files."""

    def __init__(self, directory: Path, schema: pa.Schema, prefix: str, *,
                 batch_rows: int = 500, file_rows: int = 20_000, compression: str = "zstd",
                 on_publish: Callable[[Path], None] | None = None) -> None:
        self.directory = Path(directory)
        self.schema = schema
        self.prefix = prefix
        self.batch_rows = max(1, batch_rows)
        self.file_rows = max(self.batch_rows, file_rows)
        self.compression = compression
        self.on_publish = on_publish  # called once a file is durable under its final name
        self.files: list[Path] = []
        self.rows_written = 0
        self._buffer: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None
        self._tmp: Path | None = None
        self._rows_in_file = 0

    def write(self, record: dict[str, Any]) -> None:
        self._buffer.append(project(record, self.schema))
        if len(self._buffer) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one row group; roll the file when it is full."""
        if not self._buffer:
            return
        table = pa.Table.from_pylist(self._buffer, schema=self.schema)
        if self._writer is None:
            self._open()
        self._writer.write_table(table)
        self._rows_in_file += table.num_rows
        self.rows_written += table.num_rows
        self._buffer.clear()
        if self._rows_in_file >= self.file_rows:
            self._publish()

    def close(self) -> list[Path]:
        self.flush()
        if self._writer is not None:
            self._publish()
        return self.files

    def abort(self) -> None:
        """Drop the file being written (nothing half-written becomes visible)."""
        if self._writer is not None:
            self._writer.close()
            self._tmp.unlink(missing_ok=True)
            self._writer = None
        self._buffer.clear()

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{self.prefix}-{len(self.files):04d}.parquet"
        self._tmp = self.directory / f".{name}.tmp"
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression=self.compression)
        self._rows_in_file = 0

    def _publish(self) -> None:
        self._writer.close()
        self._writer = None
        final = self._tmp.with_name(self._tmp.name[1:].removesuffix(".tmp"))
        _fsync(self._tmp)
        os.replace(self._tmp, final)
        _fsync(self.directory)
        self.files.append(final)
        if self.on_publish is not None:
            self.on_publish(final)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ParquetPipeline:
    """Writes articles and rejects (including items dropped by earlier stages) of one crawl.

    Settings: PARQUET_ENABLED, PARQUET_DIR, PARQUET_BATCH_ROWS, PARQUET_FILE_ROWS,
    PARQUET_COMPRESSION; AKHBAR_RUN_ID names the run (generated when unset). The spider's URL
    ledger learns of an article only once the file holding it is durable.
    """

    def __init__(self, crawler: Crawler, directory: Path, run_id: str, **options: Any) -> None:
        self.crawler = crawler
        self.directory = directory
        self.run_id = run_id
        self.options = options
        self.articles: DatasetWriter | None = None
        self.rejects: DatasetWriter | None = None
        self.ledger: Any = None
        self._unpublished: list[dict[str, Any]] = []  # ledger rows of the open articles file
        self._unpublished_rejects: list[dict[str, Any]] = []

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
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self) -> None:
        prefix = f"{self.crawler.spider.name}-{self.run_id}"
        self.ledger = getattr(self.crawler.spider, "ledger", None)
        self.articles = DatasetWriter(self.directory / "articles", ARTICLES, prefix,
                                      on_publish=self._commit_to_ledger, **self.options)
        self.rejects = DatasetWriter(self.directory / "rejects", REJECTS, prefix,
                                     on_publish=self._commit_rejects, **self.options)
        self.crawler.stats.set_value("akhbar/run_id", self.run_id)

    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            self._reject(dict(item))
        else:
            if self.ledger is not None:  # before write(): it may publish the file holding it
                self._unpublished.append({k: item.get(k) for k in LEDGER_FIELDS})
            self.articles.write({**item, "run_id": self.run_id})
            self.crawler.stats.inc_value("akhbar/articles")
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
        if self.ledger is not None:
            self._unpublished_rejects.append(record)
        self.rejects.write({**record, "run_id": self.run_id})
        stats = self.crawler.stats
        stats.inc_value("akhbar/rejects")
        stats.inc_value(f"akhbar/rejects/{record.get('stage')}/{record.get('reason')}")

    def _commit_to_ledger(self, file: Path) -> None:
        if self.ledger is not None:
            self.ledger.commit(self._unpublished, file=file.relative_to(self.articles.directory)
                               .as_posix())
        self._unpublished = []

    def _commit_rejects(self, file: Path) -> None:
        if self.ledger is not None:
            self.ledger.commit_rejects(self._unpublished_rejects)
        self._unpublished_rejects = []

    def close_spider(self) -> None:
        files = self.articles.close() + self.rejects.close()
        self.crawler.stats.set_value("akhbar/files", [str(f) for f in files])
        logger.info("%s: %d articles, %d rejects written to %s", self.crawler.spider.name,
                    self.articles.rows_written, self.rejects.rows_written, self.directory)
