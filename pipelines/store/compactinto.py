"""`akhbar compact --into PLACE`: a compacted copy of the datasets, in a new folder or prefix.

In place, compaction swaps a partition's folder in one step (pipelines/store/compact.py); on
object storage no such step exists, so there the compacted files go to a new, empty place and
readers are pointed at it once it is complete. The source is only read: a reader of it sees
nothing change, and a reader of the new place is pointed at it after the copy ends. Each file
appears there whole (an upload to a hidden key, then one server-side copy; or a rename).

A crawl that writes the source meanwhile (on a bucket nothing locks it out) adds files of new
names: once every partition is compacted, the files that appeared in the source since are copied
as they are, until none is new, so that no row is left behind.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.store import objectstore
from pipelines.store.compact import (
    DUPLICATE_KEYS,
    SORT_KEYS,
    Compaction,
    CompactionRefused,
    without_duplicates,
    write_parts,
)
from pipelines.store.datasets import fsync_path
from pipelines.store.markers import write_marker
from pipelines.store.migration import migrate
from pipelines.store.objectstore import Location, Place, resolve
from pipelines.store.readers import visible_files
from pipelines.store.schema import file_schema

logger = logging.getLogger(__name__)


def compact_into(source: Place | str, target: Place | str, dataset: str, *,
                 file_rows: int = 250_000, row_group_rows: int = 50_000) -> Compaction:
    """Write source/<dataset> compacted to target/<dataset>, which must have no files yet
    (CompactionRefused); the source is left as it was (its older files migrated)."""
    source_root, target_root = resolve(source) / dataset, resolve(target) / dataset
    if visible_files(target_root):
        raise CompactionRefused(f"compact --into: {target_root} already has files; "
                                "give a new, empty folder or prefix")
    migrate(source_root, dataset)
    result = Compaction(dataset)
    copied: set[PurePosixPath] = set()
    for folder, files in sorted(_by_partition(source_root).items()):
        table = _read(files, dataset)
        unique = without_duplicates(table, DUPLICATE_KEYS[dataset])
        unique = unique.sort_by([(SORT_KEYS[dataset], "ascending")])
        written = _publish(unique, target_root.joinpath(*folder.parts), file_rows,
                           row_group_rows)
        copied |= {_relative(f, source_root) for f in files}
        _count(result, files, table.num_rows, written, unique.num_rows)
        result.partitions += 1
    catch_up(source_root, target_root, dataset, copied, result)
    if visible_files(target_root):
        write_marker(target_root)
    return result


def catch_up(source_root: Place, target_root: Place, dataset: str,
             copied: set[PurePosixPath], result: Compaction) -> int:
    """Copy the source's files not in `copied` (a crawl added them meanwhile) as they are,
    until none is new; how many were copied."""
    done = 0
    while new := [f for f in visible_files(source_root)
                  if _relative(f, source_root) not in copied]:
        for file in new:
            relative = _relative(file, source_root)
            table = _read([file], dataset)
            written = _publish(table, target_root.joinpath(*relative.parent.parts), None, None,
                               name=relative.name)
            copied.add(relative)
            _count(result, [file], table.num_rows, written, table.num_rows)
            result.copied_as_is += 1
            done += 1
        logger.info("%s: %d file(s) a crawl added meanwhile copied as they are",
                    source_root, len(new))
    return done


def _by_partition(root: Place) -> dict[PurePosixPath, list[Place]]:
    folders: dict[PurePosixPath, list[Place]] = defaultdict(list)
    for file in visible_files(root):
        folders[_relative(file, root).parent].append(file)
    return folders


def _relative(file: Place, root: Place) -> PurePosixPath:
    return PurePosixPath(file.relative_to(root).as_posix())  # type: ignore[arg-type]


def _read(files: list[Place], dataset: str) -> pa.Table:
    schema = file_schema(dataset)
    tables = []
    for file in files:
        path, fs = objectstore.where(file)
        tables.append(pq.read_table(path, filesystem=fs, schema=schema, partitioning=None))
    return pa.concat_tables(tables)


def _publish(table: pa.Table, folder: Place, file_rows: int | None,
             row_group_rows: int | None, name: str | None = None) -> list[int]:
    """Write `table` as files in `folder`, each appearing whole; their sizes in bytes."""
    staging = Path(tempfile.mkdtemp(prefix=".akhbar-compact-", dir=_local_scratch(folder)))
    try:
        if name is not None:  # a file copied as it is keeps its name (and its row groups)
            pq.write_table(table, staging / name, compression="zstd")
            fsync_path(staging / name)
            written = [staging / name]
        else:
            written = write_parts(table, staging, file_rows or table.num_rows or 1,
                                  row_group_rows or 50_000, stamp=secrets.token_hex(3))
        sizes = [path.stat().st_size for path in written]
        for path in written:
            if isinstance(folder, Location):
                objectstore.upload(path, folder / path.name)
            else:
                path.rename(folder / path.name)
        if not isinstance(folder, Location):
            fsync_path(folder)
        return sizes
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _local_scratch(folder: Place) -> str | None:
    """Where to write before publishing: TMPDIR for a bucket, else a hidden folder beside the
    files (a rename within one file system is atomic)."""
    if isinstance(folder, Location):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def _count(result: Compaction, files: list[Place], rows: int, written: list[int],
           kept: int) -> None:
    result.files_before += len(files)
    result.files_after += len(written)
    result.bytes_before += sum(_size(f) for f in files)
    result.bytes_after += sum(written)
    result.rows_before += rows
    result.rows_after += kept


def _size(file: Place) -> int:
    if isinstance(file, Location):
        return file.fs.get_file_info(file.path).size or 0
    return file.stat().st_size
