"""Pending requests wait on disk, not in memory (crawler/scheduler.py), in a folder of the crawl
that is gone when it ends; a JOBDIR given by the user is Scrapy's resumable job, as before."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from crawler.demo.localsite import LocalSite
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, expected_site


@pytest.fixture(scope="module")
def site():
    with LocalSite("alwaha") as running:
        yield running


def crawl_with_tmpdir(site, output, tmpdir, *args):
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
         "-o", str(output), "-s", "AKHBAR_WORKERS=0", *ALLOW_LOOPBACK, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def stat(log: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def test_pending_requests_wait_on_disk_in_a_folder_removed_at_the_end(site, tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = crawl_with_tmpdir(site, tmp_path / "out", tmpdir)
    assert proc.returncode == 0, proc.stderr[-2000:]
    log = next((tmp_path / "out" / "logs").glob("*.log")).read_text(encoding="utf-8")
    assert stat(log, "scheduler/enqueued/disk") >= len(expected_site()["articles"])
    assert stat(log, "scheduler/enqueued/memory") == 0
    assert not list(tmpdir.glob("akhbar-queue-*"))


def test_a_jobdir_keeps_scrapys_own_resumable_queue(site, tmp_path):
    job = tmp_path / "job"
    proc = crawl_with_tmpdir(site, tmp_path / "out", tmp_path, "-s", f"JOBDIR={job}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (job / "requests.queue" / "active.json").is_file()
    assert not list(tmp_path.glob("akhbar-queue-*"))
