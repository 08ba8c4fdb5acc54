"""Bringing a dataset folder's older files up to the current schema (new columns null).

`migrate` runs once per process and folder before a crawl or a compaction writes to it
(crawler/writer.py, pipelines/store/compact.py); each file is rewritten under a hidden name and
replaced in one step, and the folder's marker file (pipelines/store/datasets.py) makes it a
no-op once everything is current. On object storage a rewritten file is uploaded over the old
one (pipelines/store/objectstore.py: one server-side copy, atomic).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.store.datasets import fsync_path, sweep_temporary
from pipelines.store.markers import marker_version, write_marker
from pipelines.store.objectstore import Location, Place, upload, where
from pipelines.store.readers import visible_files
from pipelines.store.schema import SCHEMA_VERSION, file_schema

logger = logging.getLogger(__name__)


def _file_version(place: Place) -> str | None:
    path, fs = where(place)
    meta = pq.read_schema(path, filesystem=fs).metadata or {}
    value = meta.get(b"akhbar.schema_version")
    return value.decode() if value else None


def migrate(root: Place, dataset: str) -> list[Place]:
    """Rewrite files of an older schema version to the current schema (new columns null), one
    atomic replace per file; a marker file makes this a no-op once everything is current."""
    if marker_version(root) == SCHEMA_VERSION:
        return []
    schema = file_schema(dataset)
    rewritten = [path for path in _stale_files(root) if _rewrite(path, schema)]
    if rewritten:
        logger.warning("%s: %d files rewritten to schema version %s", root, len(rewritten),
                       SCHEMA_VERSION)
    if visible_files(root):
        write_marker(root)
    return rewritten


def _stale_files(root: Place) -> Iterator[Place]:
    return (f for f in visible_files(root) if _file_version(f) != SCHEMA_VERSION)


def _rewrite(place: Place, schema: pa.Schema) -> bool:
    path, fs = where(place)
    table = pq.read_table(path, filesystem=fs, partitioning=None)
    columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
               else pa.nulls(table.num_rows, f.type) for f in schema]
    migrated = pa.Table.from_arrays(columns, schema=schema)
    if isinstance(place, Location):
        with tempfile.TemporaryDirectory(prefix="akhbar-migrate-") as folder:
            local = Path(folder) / place.name
            pq.write_table(migrated, local, compression="zstd")
            upload(local, place)
        return True
    path = Path(path)
    tmp = path.with_name(f".{path.name}.migrate.tmp")
    try:
        pq.write_table(migrated, tmp, compression="zstd")
        fsync_path(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True


_prepared: set[Place] = set()  # per process: the spiders of one run share the output folder


def prepare_output(directory: Place) -> None:
    """Once per process and folder, holding its lock: drop what a killed run left half-written
    and bring older files up to the current schema."""
    key = directory if isinstance(directory, Location) else directory.resolve()
    if key in _prepared:
        return
    for dataset in ("articles", "rejects"):
        sweep_temporary(directory / dataset)
        migrate(directory / dataset, dataset)
    _prepared.add(key)
