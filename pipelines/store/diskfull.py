"""A full output filesystem, recognised by type wherever akhbar writes (Parquet, SQLite, logs).

Writing a dataset file, the URL ledger or the run log can fail because the disk (or the user's
quota) is full. Such a failure is not a bug of one page: the crawl stops, removes what it had
half-written, reports in one line what was stored, and exits 1; the next run, with space, fetches
what was not stored (docs/operations.md, "A full disk").
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})  # no space left; disk quota exceeded
SQLITE_FULL = 13  # sqlite3's result code for "database or disk is full" (extended codes: & 0xff)
SQLITE_IOERR = 10  # "disk I/O error": what SQLite says when its -shm file cannot grow, too
LOW_SPACE = 1 << 20  # bytes free under which SQLite's "disk I/O error" is taken for a full disk
DISK_FULL = "akhbar/disk_full"  # stats: one line, what a writer could not write (its rows were not)


class DiskFull(OSError):
    """Writing `where` failed because its filesystem is full or over quota."""

    def __init__(self, where: str, cause: BaseException) -> None:
        super().__init__(errno.ENOSPC, f"{full_message(cause)} writing {where}")
        self.where = where

    def __str__(self) -> str:
        return self.strerror


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_disk_full(exc: BaseException, where: Path | str | None = None) -> bool:
    """True when the exception (or one it was raised from) says the disk or quota is full:
    OSError ENOSPC/EDQUOT (Python and pyarrow alike), SQLite's SQLITE_FULL, or SQLite's "disk
    I/O error" while the filesystem of `where` has less than LOW_SPACE bytes free (SQLite does
    not say why a write failed)."""
    for cause in _chain(exc):
        if isinstance(cause, OSError) and cause.errno in FULL_ERRNOS:
            return True
        if isinstance(cause, sqlite3.Error):
            code = (getattr(cause, "sqlite_errorcode", 0) or 0) & 0xFF
            if code == SQLITE_FULL or (code == SQLITE_IOERR and where is not None
                                       and free_bytes(where) < LOW_SPACE):
                return True
    return False


def free_bytes(where: Path | str) -> int:
    """Bytes an unprivileged writer may still use on the filesystem holding `where`."""
    path = Path(where)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        stat = os.statvfs(path)
    except OSError:
        return LOW_SPACE
    return stat.f_bavail * stat.f_frsize


def full_message(exc: BaseException) -> str:
    """"No space left on device", "Disk quota exceeded", "database or disk is full" ..."""
    for cause in _chain(exc):
        if isinstance(cause, OSError) and cause.errno in FULL_ERRNOS:
            return os.strerror(cause.errno)
    return " ".join(str(exc).split()) or type(exc).__name__
