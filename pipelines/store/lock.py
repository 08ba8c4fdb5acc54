"""One writer of a dataset folder at a time: an advisory lock on PARQUET_DIR/.akhbar.lock.

`akhbar crawl`, `akhbar demo`, `akhbar compact` and plain `scrapy crawl` all take it. The lock is
an flock(2) held by the open file, so the kernel releases it when the process ends, however it
ends: a lock left by a dead process is simply free again.
"""

from __future__ import annotations

import fcntl
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

LOCK_NAME = ".akhbar.lock"
_held: dict[Path, IO[str]] = {}  # per process: several spiders of one run share the lock


class Locked(RuntimeError):
    """Another process is writing the same datasets."""


def hold_output(directory: Path | str) -> None:
    """Take the folder's lock for the rest of this process (a no-op when already held)."""
    directory = Path(directory).resolve()
    if directory in _held:
        return
    directory.mkdir(parents=True, exist_ok=True)
    handle = open(directory / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 (kept open)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise Locked(f"{directory} is being written by {holder}") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%SZ}\n")
    handle.flush()
    _held[directory] = handle
