"""What earlier runs already read from WARC files: the offsets of the records that have a row
(article or reject) of the same source, so that an interrupted ingest goes on where it stopped.

The files with rows are listed once per run; a file's offsets are read only when it has rows,
so a listing of thousands of new files costs one scan, not one per file."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from pipelines.store.readers import visible_files
from pipelines.store.schema import ARCHIVE_COLUMNS

# files written before schema 7 have none of these columns: read as nulls, they match nothing
ARCHIVE_SCHEMA = pa.schema([(name, kind) for name, kind, _ in ARCHIVE_COLUMNS])
DATASETS = ("articles", "rejects")


class Ingested:
    """The rows of `source` (warc, reextract) in output/articles and output/rejects, by file."""

    def __init__(self, output: Path, source: str) -> None:
        self.source = source
        self.datasets = [d for d in map(_dataset, (output / name for name in DATASETS))
                         if d is not None]
        self._files: frozenset[str] | None = None

    def files(self) -> frozenset[str]:
        """The WARC files that have at least one row of this source."""
        if self._files is None:
            names: set[str] = set()
            for data in self.datasets:
                table = data.to_table(columns=["warc_file"],
                                      filter=pc.field("source") == self.source)
                names.update(n for n in pc.unique(table.column("warc_file")).to_pylist() if n)
            self._files = frozenset(names)
        return self._files

    def offsets(self, warc_file: str) -> frozenset[int]:
        """Offsets of `warc_file`'s records that have a row of this source."""
        if warc_file not in self.files():
            return frozenset()
        found: set[int] = set()
        for data in self.datasets:
            table = data.to_table(columns=["warc_offset"], filter=(
                (pc.field("warc_file") == warc_file) & (pc.field("source") == self.source)))
            found.update(o for o in table.column("warc_offset").to_pylist() if o is not None)
        return frozenset(found)


def _dataset(folder: Path) -> ds.Dataset | None:
    files = [str(f) for f in visible_files(folder)]
    return ds.dataset(files, format="parquet", schema=ARCHIVE_SCHEMA) if files else None
