"""A crawl into a filesystem that fills up, for real: a small tmpfs mounted by the test.

The crawl must end with one line on stderr and exit code 1, its summary must count only rows a
reader can see, nothing half-written may stay behind, and the next run with space must bring
the dataset to every article of the bundled site exactly once. Mounting needs root (as here and
in CI) or password-less sudo; elsewhere the tests are skipped, unless CI is set, where they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from pipelines.store.diskfull import DiskFull, is_disk_full
from pipelines.store.readers import visible_files
from tests.sitefixtures import article_paths, crawl, written_paths

DISK_SIZE = 4 * 1024 * 1024
SMALL_FILES = ("-s", "PARQUET_BATCH_ROWS=5", "-s", "PARQUET_FILE_ROWS=5")  # a file per 5 rows
SUMMARY = re.compile(r"^akhbar run \S+: 1 site\(s\), (\d+) articles, (\d+) rejects", re.M)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs mounted on a fresh folder, unmounted afterwards."""
    point = tmp_path / "disk"
    point.mkdir()
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]  # as .ci/run does for apt-get
    try:
        subprocess.run([*sudo, "mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=1777",
                        "tmpfs", str(point)],
                       check=True, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        message = f"cannot mount a tmpfs (root needed): {detail.strip()}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield point
    finally:
        subprocess.run([*sudo, "umount", str(point)], check=False, capture_output=True,
                       timeout=30)


def fill(disk: Path, leave: int) -> Path:
    """A filler file that leaves `leave` bytes free on the disk."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def temporary_files(output: Path) -> list[Path]:
    return [f for f in output.rglob(".*") if f.is_file() and f.name.endswith(".tmp")]


def rows(folder: Path) -> int:
    return len(pd.read_parquet(folder)) if visible_files(folder) else 0


@pytest.mark.parametrize(("free_kb", "options", "some_stored"), [
    (450, SMALL_FILES, True),  # the ledger, the story index and the first files fit, not later
    (450, (), True),  # rows are written when the crawl closes: one month's file fits, not two
    (16, (), False),  # the URL ledger cannot be created (SQLite: "disk I/O error")
    (0, (), False),  # the disk is full before the crawl starts: not even the lock file
], ids=["during-the-crawl", "at-close", "ledger", "before-start"])
def test_full_disk_ends_in_one_line_counts_only_stored_rows_and_the_next_run_recovers(
        small_disk: Path, free_kb: int, options: tuple[str, ...], some_stored: bool) -> None:
    output = small_disk / "out"
    filler = fill(small_disk, free_kb * 1024)
    with LocalSite("alwaha") as site:
        first = crawl(site, output, *options)
        assert first.returncode == 1, first.stderr
        (line,) = first.stderr.strip().splitlines()  # one line, no traceback
        assert line.startswith(f"akhbar: No space left on device writing {output}")
        assert temporary_files(output) == []
        for file in visible_files(output / "articles") + visible_files(output / "rejects"):
            pd.read_parquet(file)  # every file left is whole
        stored = rows(output / "articles")
        summary = SUMMARY.search(first.stdout)
        if summary:  # the crawl started: what it reports is what a reader sees
            assert (int(summary[1]), int(summary[2])) == (stored, rows(output / "rejects"))
            assert f"{stored} articles" in line
        assert stored < len(article_paths())
        assert (stored > 0) == some_stored

        filler.unlink()
        second = crawl(site, output, *options)
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr
    paths = written_paths(output)
    assert Counter(paths).most_common(1)[0][1] == 1
    assert set(paths) == article_paths()
    assert temporary_files(output) == []


def test_disk_full_is_recognised_by_type_along_the_chain(tmp_path: Path) -> None:
    import errno
    import sqlite3

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # as sqlite3 sets it
    wrapped = RuntimeError("while writing")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert is_disk_full(full) and is_disk_full(wrapped)
    assert is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert is_disk_full(DiskFull("/out/ledger.sqlite", full))
    assert str(DiskFull("/out", full)) == "database or disk is full writing /out"
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(sqlite3.OperationalError("database is locked"))
    io_error = sqlite3.OperationalError("disk I/O error")
    io_error.sqlite_errorcode = 4874  # SQLITE_IOERR_SHMSIZE: full only if the disk is nearly so
    assert not is_disk_full(io_error) and not is_disk_full(io_error, tmp_path)
