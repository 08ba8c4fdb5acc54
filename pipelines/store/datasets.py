"""Writing akhbar's datasets: Hive-partitioned folders of Parquet files that appear whole.

`DatasetWriter` appends to one folder: rows are buffered and written as row groups, each file is
written under a hidden temporary name (readers skip names starting with a dot), fsynced and
renamed, and a file is closed every `file_rows` rows. `PartitionedWriter` routes rows to one
DatasetWriter per partition (site=.../month=...). Memory is bounded twice: the rows buffered in
all partitions together never exceed `batch_rows` (the fullest buffer is written out as a row
group first), and at most `max_open` files are open (the least recently used is finished). An
open file between row groups costs little memory, so `max_open` can be generous: finishing files
early would leave many small ones. `write_marker` records that a folder's files have the current
schema (pipelines/store/migration.py brings older files up to it).

`rows_published` counts the rows of files renamed into place: what a reader can see. When a write
fails (a full disk: pipelines/store/diskfull.py), `abort` removes the hidden files being written, so
nothing half-written is left behind; files already renamed stay, whole.

On object storage (a `Location`, pipelines/store/objectstore.py) a file is written to a local
temporary file instead and uploaded whole when it is finished (`upload`); on_publish then gets
the file's Location. Reading them: pipelines/store/readers.py.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.store import objectstore
from pipelines.store.markers import write_marker
from pipelines.store.objectstore import Location, Place
from pipelines.store.schema import PARTITIONS, file_schema, month_of, project

logger = logging.getLogger(__name__)

PublishHook = Callable[[Place, list[Any]], None]


def partition_of(dataset: str, record: dict[str, Any]) -> tuple[str, ...]:
    """The partition values of a record, in the order of PARTITIONS[dataset]."""
    if dataset == "articles":
        month = month_of(record.get("published"), record.get("fetched_at"))
    elif dataset == "rejects":
        month = month_of(record.get("fetched_at"))
    else:
        month = month_of(record.get("started"))
    values = {"site": record.get("site") or "unknown", "month": month}
    return tuple(values[key] for key in PARTITIONS[dataset])


def partition_dir(root: Place, dataset: str, values: tuple[str, ...]) -> Place:
    parts = [f"{key}={quote(value, safe='')}" for key, value in zip(PARTITIONS[dataset], values,
                                                                     strict=True)]
    return root.joinpath(*parts)


def sweep_temporary(root: Place) -> int:
    """Delete files a killed writer left half-written (call it holding the dataset lock; on
    object storage, only hidden uploads old enough to be a dead writer's)."""
    if isinstance(root, Location):
        return objectstore.sweep_uploads(root)
    stale = [f for f in root.rglob(".*.tmp")] if root.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        logger.warning("%s: removed %d unfinished file(s) of an interrupted run", root,
                       len(stale))
    return len(stale)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DatasetWriter:
    """Append-only writer of one folder: batched row groups, atomic rolled files."""

    def __init__(self, directory: Place, schema: pa.Schema, prefix: str, *,
                 batch_rows: int = 500, file_rows: int = 20_000, compression: str = "zstd",
                 on_publish: PublishHook | None = None, first_seq: int = 0,
                 may_publish: Callable[[], bool] | None = None,
                 upload_attempts: int = objectstore.UPLOAD_ATTEMPTS) -> None:
        self.directory = directory if isinstance(directory, Location) else Path(directory)
        self.schema = schema
        self.prefix = prefix
        self.batch_rows = max(1, batch_rows)
        self.file_rows = max(self.batch_rows, file_rows)
        self.compression = compression
        self.on_publish = on_publish  # (file, notes of its rows) once the file is durable
        self.may_publish = may_publish  # asked before a file is put in place: False drops it
        self.upload_attempts = max(1, upload_attempts)
        self.rows_dropped = 0  # rows of files may_publish refused
        self.seq = first_seq
        self.files: list[Place] = []
        self.rows_written = 0  # rows accepted (buffered or written)
        self.rows_published = 0  # rows in files renamed into place
        self._buffer: list[dict[str, Any]] = []
        self._notes: list[Any] = []
        self._writer: pq.ParquetWriter | None = None
        self._tmp: Path | None = None  # the file being written (local, hidden)
        self._final: Place | None = None  # where it appears once finished
        self._rows_in_file = 0

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def write(self, record: dict[str, Any], note: Any = None) -> None:
        """Buffer a row; `note` is handed to on_publish with the file that holds the row."""
        self._buffer.append(project(record, self.schema))
        if note is not None:
            self._notes.append(note)
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

    def close(self) -> list[Place]:
        self.flush()
        if self._writer is not None:
            self._publish()
        return self.files

    def abort(self) -> None:
        """Drop the file being written and the buffered rows (nothing half-written stays, even
        when closing the file fails, as it does on a full disk)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.close()
            except OSError as exc:
                logger.debug("closing %s while aborting: %s", self._tmp, exc)
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None
        self._buffer.clear()
        self._notes.clear()

    def _open(self) -> None:
        name = f"{self.prefix}-{self.seq:04d}.parquet"
        self.seq += 1
        self._final = self.directory / name
        if isinstance(self.directory, Location):
            fd, tmp = tempfile.mkstemp(prefix=f".akhbar-{name}.", suffix=".tmp")
            os.close(fd)
            self._tmp = Path(tmp)
        else:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._tmp = self.directory / f".{name}.tmp"
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression=self.compression)
        self._rows_in_file = 0

    def _publish(self) -> None:
        self._writer.close()
        self._writer = None
        final = self._final
        if self.may_publish is not None and not self.may_publish():
            logger.warning("%s: not put in place (%d rows): %s", final.name, self._rows_in_file,
                           "its writer may no longer publish")
            self._tmp.unlink(missing_ok=True)
            self._tmp = None
            self.rows_dropped += self._rows_in_file
            self._notes.clear()
            return
        if isinstance(final, Location):
            # whole or not at all; retried, then UploadFailed
            objectstore.upload(self._tmp, final, self.upload_attempts)
            self._tmp.unlink()
        else:
            fsync_path(self._tmp)
            os.replace(self._tmp, final)
        self._tmp = None
        self.files.append(final)
        self.rows_published += self._rows_in_file
        if not isinstance(final, Location):
            fsync_path(self.directory)
        notes, self._notes = self._notes, []
        if self.on_publish is not None:
            self.on_publish(final, notes)


class PartitionedWriter:
    """One DatasetWriter per partition of a dataset, at most `max_open` open at a time."""

    def __init__(self, root: Place, dataset: str, prefix: str, *, max_open: int = 64,
                 batch_rows: int = 500, **options: Any) -> None:
        self.root = root if isinstance(root, Location) else Path(root)
        self.dataset = dataset
        self.schema = file_schema(dataset)
        self.prefix = prefix
        self.max_open = max(1, max_open)
        self.max_buffered = max(1, batch_rows)
        self.options = {**options, "batch_rows": batch_rows}
        self._buffered = 0
        self.files: list[Place] = []
        self.rows_written = 0
        self._closed_rows = 0  # rows_published of the writers already finished
        self._open: OrderedDict[tuple[str, ...], DatasetWriter] = OrderedDict()
        self._next_seq: dict[tuple[str, ...], int] = {}

    def write(self, record: dict[str, Any], note: Any = None) -> None:
        values = partition_of(self.dataset, record)
        writer = self._open.get(values)
        if writer is None:
            writer = self._new_writer(values)
        self._open.move_to_end(values)
        before = writer.buffered
        writer.write(record, note)
        self._buffered += writer.buffered - before
        self.rows_written += 1
        while self._buffered > self.max_buffered:
            fullest = max(self._open.values(), key=lambda w: w.buffered)
            self._buffered -= fullest.buffered
            fullest.flush()

    def _new_writer(self, values: tuple[str, ...]) -> DatasetWriter:
        if len(self._open) >= self.max_open:
            oldest, writer = self._open.popitem(last=False)
            self._finish(oldest, writer)
        writer = DatasetWriter(partition_dir(self.root, self.dataset, values), self.schema,
                               self.prefix, first_seq=self._next_seq.get(values, 0),
                               **self.options)
        self._open[values] = writer
        return writer

    def _finish(self, values: tuple[str, ...], writer: DatasetWriter) -> None:
        """Close a partition's writer (already out of `_open`); what it renamed into place
        counts even when its last step failed (then its unfinished file is dropped)."""
        self._buffered -= writer.buffered
        try:
            writer.close()
        except BaseException:
            writer.abort()
            raise
        finally:
            self.files += writer.files
            self._closed_rows += writer.rows_published
            self._next_seq[values] = writer.seq

    @property
    def rows_published(self) -> int:
        """Rows in files renamed into place, in every partition."""
        return self._closed_rows + sum(w.rows_published for w in self._open.values())

    def close(self) -> list[Place]:
        """Finish every file; on a failure the others are aborted and the error raised."""
        try:
            while self._open:
                self._finish(*self._open.popitem(last=False))
            if self.files:
                write_marker(self.root)
        except BaseException:
            self.abort()
            raise
        return self.files

    def abort(self) -> None:
        """Drop every partition's unfinished file and buffered rows (published files stay)."""
        for writer in self._open.values():
            writer.abort()
            self.files += writer.files
            self._closed_rows += writer.rows_published
        self._open.clear()
        self._buffered = 0
