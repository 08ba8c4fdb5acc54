"""What earlier runs already read from a WARC file: the offsets of its records that have a row
(article or reject) of the same source, so that an interrupted ingest goes on where it stopped."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pyarrow.dataset as ds

from pipelines.store.datasets import visible_files

COLUMNS = ("source", "warc_file", "warc_offset")


def done_offsets(output: Path, warc_file: str, source: str) -> frozenset[int]:
    """Offsets of `warc_file`'s records with a row of `source` in output/articles or rejects."""
    offsets: set[int] = set()
    for dataset in ("articles", "rejects"):
        files = [str(f) for f in visible_files(output / dataset)]
        if not files:
            continue
        data = ds.dataset(files, format="parquet")
        if not set(COLUMNS) <= set(data.schema.names):  # files of schema 6 and before
            continue
        table = data.to_table(columns=["warc_offset"], filter=(
            (pc.field("warc_file") == warc_file) & (pc.field("source") == source)))
        offsets.update(o for o in table.column("warc_offset").to_pylist() if o is not None)
    return frozenset(offsets)
