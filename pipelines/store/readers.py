"""Reading akhbar's datasets: the files a reader sees, and rows read whole or filtered.

A dataset is a Hive-partitioned folder (or object-storage prefix) of Parquet files written by
pipelines/store/datasets.py; files being written have hidden names, which these skip.
`read_dataset` is the analysts' reader that rides through a concurrent `akhbar compact`.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipelines.store import objectstore
from pipelines.store.objectstore import Location, Place
from pipelines.store.schema import PARTITIONS, file_schema

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)


def visible_files(root: Place) -> list[Place]:
    """The Parquet files readers see under `root` (hidden and underscore names excluded)."""
    if isinstance(root, Location):
        return sorted((Location(root.fs, i.path, root.scheme) for i in objectstore.list_files(root)
                       if i.path.endswith(".parquet")), key=str)
    if not root.is_dir():
        return []
    return sorted(f for f in root.rglob("*.parquet") if not any(
        p.startswith((".", "_")) for p in f.relative_to(root).parts))


def read_rows(folder: Place, dataset: str, columns: list[str], where: Any = None,
              what: str = "") -> list[dict[str, Any]]:
    """Rows of a dataset folder (partition keys included), optionally filtered by a
    pyarrow.dataset expression; [] when the folder has no files or cannot be read (logged as
    "cannot read <what> <folder>")."""
    import pyarrow.dataset as ds

    if not visible_files(folder):
        return []
    path, fs = objectstore.where(folder)
    schema = file_schema(dataset)
    for key in PARTITIONS[dataset]:
        schema = schema.append(pa.field(key, pa.string()))
    try:
        data = ds.dataset(path, filesystem=fs, format="parquet", schema=schema,
                          partitioning="hive")
        return data.to_table(columns=columns, filter=where).to_pylist()
    except (OSError, ValueError, pa.ArrowException) as exc:
        logger.warning("cannot read %s: %s", f"{what} {folder}".strip(), exc)
        return []


def read_dataset(path: Place | str, attempts: int = 4, **read_options: Any) -> pd.DataFrame:
    """pd.read_parquet that rides through a concurrent `akhbar compact`.

    Compaction swaps a partition's folder in one step, so a listing shows the old files or the
    new; but a reader that listed the old files just before the swap finds them gone when it
    opens them. Reading again then sees the new files: this retries that case, briefly.
    An object-storage URL (or Location) is read through its pyarrow filesystem, unless the
    caller gives `filesystem` or `storage_options` (fsspec) itself.
    """
    import pandas as pd  # analysts' dependency, not the crawler's

    if objectstore.is_remote(path) and not {"filesystem", "storage_options"} & read_options.keys():
        path, read_options["filesystem"] = objectstore.where(objectstore.resolve(path))

    for attempt in range(attempts):
        try:
            return pd.read_parquet(path, **read_options)
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
