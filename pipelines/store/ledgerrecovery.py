"""Reading dataset files back into a URL ledger (pipelines/store/ledger.py, redisledger.py): the
files a killed run wrote but the ledger never learnt of."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pyarrow.parquet as pq

from pipelines.store.objectstore import Place, where
from pipelines.store.readers import visible_files

logger = logging.getLogger(__name__)


def recover_files(articles_dir: Place, site: str | None, known: set[str],
                  commit: Callable[[list[dict[str, Any]], str], int],
                  columns: Iterable[str]) -> int:
    """Commit (with `commit(rows, file)`) the `columns` of the rows of the dataset files not in
    `known` (only the site's own partition when `site` is given); returns the rows added."""
    folder = articles_dir / f"site={quote(site, safe='')}" if site else articles_dir
    added = 0
    for file in visible_files(folder):
        relative = file.relative_to(articles_dir)
        name = relative.as_posix()
        if name in known:
            continue
        path, fs = where(file)  # a local file, or one on object storage
        table = pq.read_table(path, filesystem=fs,
                              columns=_present(path, fs, list(columns)))
        site_of_file = _partition_value(relative, "site")
        rows = [{"site": site_of_file, **row} for row in table.to_pylist()]
        added += commit(rows, name)
        logger.warning("ledger: recovered %d rows from %s", table.num_rows, name)
    return added


def _partition_value(relative: Path, key: str) -> str | None:
    """The value of a Hive partition folder (key=value) on a file's path, if any."""
    for part in relative.parts[:-1]:
        name, sep, value = part.partition("=")
        if sep and name == key:
            return unquote(value)
    return None


def _present(path: str, fs: Any, columns: list[str]) -> list[str]:
    names = set(pq.read_schema(path, filesystem=fs).names)
    return [c for c in columns if c in names]
