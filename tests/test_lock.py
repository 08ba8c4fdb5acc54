"""One writer of a dataset folder at a time: exit code 75 for the second, dead holders ignored."""

from __future__ import annotations

import subprocess
import sys
import time

from crawler.demo.localsite import LocalSite
from pipelines.store.lock import LOCK_NAME
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, crawl, run_cli


def test_a_second_run_on_the_same_output_exits_75_at_once(tmp_path):
    with LocalSite("alwaha") as site:
        site.article_delay = 1.0  # the first run (about 11 s) outlasts the three attempts below
        first = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a",
             f"home={site.origin}", "-o", str(tmp_path), *ALLOW_LOOPBACK], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not site.request_counts():
            time.sleep(0.05)
        started = time.monotonic()
        for args in (("crawl", "alwaha", "-o", str(tmp_path)), ("demo", "-o", str(tmp_path)),
                     ("compact", "-o", str(tmp_path))):
            second = run_cli(*args, timeout=60)
            assert second.returncode == 75, second.stderr
            assert "being written by pid" in second.stderr
            assert second.stderr.count("\n") == 1
        assert time.monotonic() - started < 30
        site.article_delay = 0
        assert first.wait(timeout=120) == 0


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    (tmp_path / LOCK_NAME).write_text("pid 999999 since 2026-01-01 00:00:00Z\n")
    with LocalSite("alwaha") as site:
        run = crawl(site, tmp_path)
    assert run.returncode == 0
    assert "pid 999999" not in (tmp_path / LOCK_NAME).read_text()
