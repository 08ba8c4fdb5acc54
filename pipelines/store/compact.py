"""`akhbar compact`: merge each partition's small files into a few large ones.

Hourly crawls leave one small file per site, month and run. Compaction reads a partition, drops
exact duplicates (articles: same url and version; rejects: same url, stage, reason, time and run;
runs: same run and site), sorts it by time (so row-group statistics let readers skip), writes it
as files of up to `file_rows` rows in a hidden sibling folder, and swaps the two folders in one
atomic step (renameat2 RENAME_EXCHANGE on Linux): a listing of the partition shows all the old
files or all the new ones, never a mix and never nothing. Take the dataset lock first: a crawl
must not add a file to a partition while it is being compacted.

Not on object storage (`refuse_remote`): there a partition is a set of keys, and no request
replaces several keys at once. Whatever the order, a reader listing the partition in between sees
the new files beside the old (every row twice) or neither (rows missing); hidden staging names
only postpone the moment the new files must become visible. Readers would have to follow a
manifest naming the current files (what Iceberg or Delta Lake add), and pandas, DuckDB and pyarrow
reading the prefix do not. Nor can a crawl worker be kept out: there is no lock on a bucket.
There, `akhbar compact --into` writes a compacted copy to a new place
(pipelines/store/compactinto.py).
"""

from __future__ import annotations

import ctypes
import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.store.datasets import fsync_path
from pipelines.store.migration import migrate
from pipelines.store.objectstore import Location, is_remote
from pipelines.store.readers import visible_files
from pipelines.store.schema import file_schema

logger = logging.getLogger(__name__)

DUPLICATE_KEYS = {"articles": ("url", "version"),
                  "rejects": ("url", "stage", "reason", "fetched_at", "run_id"),
                  "runs": ("run_id", "site")}
SORT_KEYS = {"articles": "published", "rejects": "fetched_at", "runs": "started"}
AT_FDCWD, RENAME_EXCHANGE = -100, 2
REMOTE_REFUSAL = (
    "compact: {output} is on object storage, where compaction in place cannot be made safe "
    "for readers: no request replaces several objects at once, so a reader listing a partition "
    "while its "
    "files are replaced would see rows twice or miss some, and crawl workers cannot be locked "
    "out. Compact it into a new prefix instead: akhbar compact -o {output} --into "
    "s3://bucket/new-prefix (docs/operations.md, \"Writing to object storage\")."
)


class CompactionRefused(ValueError):
    """The output cannot be compacted safely (it is on object storage)."""


def refuse_remote(output: str | Path | Location) -> None:
    """Raise CompactionRefused when `output` is an object-storage URL or Location."""
    if is_remote(output):
        shown = str(output).split("?", 1)[0]  # never a query's credentials
        raise CompactionRefused(REMOTE_REFUSAL.format(output=shown))


@dataclass
class Compaction:
    dataset: str
    partitions: int = 0
    files_before: int = 0
    files_after: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    rows_before: int = 0
    rows_after: int = 0
    copied_as_is: int = 0  # --into: files a crawl added to the source meanwhile

    def summary(self) -> str:
        late = (f"; {self.copied_as_is} file(s) a crawl added meanwhile copied as they are"
                if self.copied_as_is else "")
        return (f"{self.dataset}: {self.partitions} partition(s) compacted, files "
                f"{self.files_before} -> {self.files_after}, {self.bytes_before / 1e6:.2f} MB -> "
                f"{self.bytes_after / 1e6:.2f} MB, rows {self.rows_before} -> {self.rows_after} "
                f"({self.rows_before - self.rows_after} duplicates removed){late}")


def compact(output: Path | str, dataset: str, *, file_rows: int = 250_000,
            row_group_rows: int = 50_000) -> Compaction:
    """Compact every partition of output/<dataset> that has more than one file or duplicates
    (CompactionRefused for an object-storage output)."""
    refuse_remote(output)
    root = Path(output) / dataset
    migrate(root, dataset)
    result = Compaction(dataset)
    folders = sorted({f.parent for f in visible_files(root)})
    for folder in folders:
        _compact_partition(folder, dataset, result, file_rows, row_group_rows)
    return result


def _compact_partition(folder: Path, dataset: str, result: Compaction, file_rows: int,
                       row_group_rows: int) -> None:
    files = sorted(f for f in folder.glob("*.parquet") if not f.name.startswith((".", "_")))
    schema = file_schema(dataset)
    table = pa.concat_tables(pq.read_table(f, schema=schema, partitioning=None) for f in files)
    unique = without_duplicates(table, DUPLICATE_KEYS[dataset])
    if len(files) <= 1 and unique.num_rows == table.num_rows:
        return
    unique = unique.sort_by([(SORT_KEYS[dataset], "ascending")])
    staging = folder.with_name(f".{folder.name}.compact-{secrets.token_hex(3)}")
    staging.mkdir()
    written = write_parts(unique, staging, file_rows, row_group_rows,
                          stamp=secrets.token_hex(3))
    result.partitions += 1
    result.files_before += len(files)
    result.files_after += len(written)
    result.bytes_before += sum(f.stat().st_size for f in files)
    result.bytes_after += sum(f.stat().st_size for f in written)
    result.rows_before += table.num_rows
    result.rows_after += unique.num_rows
    swap(staging, folder)
    shutil.rmtree(staging)  # now the old files


def without_duplicates(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """The first row of each key (keys compared as text, nulls included)."""
    index = pa.array(range(table.num_rows), pa.int64())
    columns = {k: pc.cast(table.column(k), pa.string()).fill_null("\x00") for k in keys}
    firsts = pa.table({**columns, "_i": index}).group_by(list(keys)).aggregate([("_i", "min")])
    kept = firsts.column("_i_min")
    return table.take(pc.take(kept, pc.sort_indices(kept)))


def write_parts(table: pa.Table, staging: Path, file_rows: int, row_group_rows: int,
                stamp: str) -> list[Path]:
    """`table` as files of up to `file_rows` rows (compacted-<stamp>-NNNN.parquet), fsynced."""
    written = []
    for n, start in enumerate(range(0, max(table.num_rows, 1), file_rows)):
        path = staging / f"compacted-{stamp}-{n:04d}.parquet"
        pq.write_table(table.slice(start, file_rows), path, compression="zstd",
                       row_group_size=row_group_rows)
        fsync_path(path)
        written.append(path)
    fsync_path(staging)
    return written


def swap(new: Path, live: Path) -> None:
    """Exchange two folders atomically; without renameat2, two renames (a brief gap)."""
    libc = ctypes.CDLL(None, use_errno=True)
    exchange = getattr(libc, "renameat2", None)
    if exchange is not None and exchange(AT_FDCWD, os.fsencode(new), AT_FDCWD,
                                         os.fsencode(live), RENAME_EXCHANGE) == 0:
        fsync_path(live.parent)
        return
    logger.warning("atomic folder exchange unavailable (errno %s): swapping %s in two steps",
                   ctypes.get_errno(), live)
    aside = live.with_name(f".{live.name}.old-{secrets.token_hex(3)}")
    os.rename(live, aside)
    os.rename(new, live)
    os.rename(aside, new)
    fsync_path(live.parent)
