"""A log file per run, quiet output without a terminal, a live status line on one."""

from __future__ import annotations

import logging
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.demo.localsite import LocalSite
from crawler.logs import CLEAR_LINE, RunLog, logs_dir, prune, status_line
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, CrawlRun, crawl

RUN_ID = re.compile(r"^akhbar run (\S+): ")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> list[CrawlRun]:
    output = tmp_path_factory.mktemp("logs")
    with LocalSite("alwaha") as site:
        return [crawl(site, output), crawl(site, output)]


def run_id_of(run: CrawlRun) -> str:
    return RUN_ID.match(run.stdout).group(1)


def test_each_run_writes_its_own_log_file_named_by_its_run_id(two_runs):
    output = two_runs[0].output
    ids = [run_id_of(r) for r in two_runs]
    assert sorted(p.name for p in (output / "logs").iterdir()) == sorted(f"{i}.log" for i in ids)
    for run, run_id in zip(two_runs, ids, strict=True):
        log = (output / "logs" / f"{run_id}.log").read_text(encoding="utf-8")
        assert " INFO: Spider opened" in log and "Dumping Scrapy stats" in log  # INFO is kept
        assert " DEBUG: " not in log
        assert run.stdout.strip() in log  # what the operator was shown, at the end
        assert f"Log:   {output / 'logs' / run_id}.log" in run.stdout


def test_without_a_terminal_stdout_is_just_the_summary_and_stderr_has_no_status_line(two_runs):
    for run in two_runs:
        assert run.returncode == 0
        assert run.stdout.startswith("akhbar run ") and "\r" not in run.stdout
        assert "Health: " in run.stdout
        assert CLEAR_LINE not in run.stderr and " INFO: " not in run.stderr
        assert "Disabled crawler.logs.Progress" not in run.stderr


def test_on_a_terminal_a_live_status_line_shows_per_site_counts(tmp_path):
    master, terminal = pty.openpty()
    with LocalSite("alwaha") as site:
        site.article_delay = 0.1
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
             "-o", str(tmp_path), "-s", "PROGRESS_INTERVAL=0.2", *ALLOW_LOOPBACK], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=terminal, text=True)
        os.close(terminal)
        shown = read_terminal(master)
        stdout, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    lines = [line for line in shown.split(CLEAR_LINE) if "articles (" in line]
    assert len(lines) >= 2, shown
    counts = [int(re.search(r"alwaha (\d+)a \d+r \d+q", line).group(1)) for line in lines]
    assert counts == sorted(counts) and counts[-1] > 0
    assert re.search(r"\d+ articles \(\d+/min\)", lines[-1])
    assert shown.endswith(CLEAR_LINE)  # the line is wiped before the summary
    assert stdout.startswith("akhbar run ")


def read_terminal(master: int, timeout: float = 120) -> str:
    """Everything written to a pseudo-terminal until its other end is closed."""
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_status_line_names_every_site_and_fits_the_width():
    counts = {"alwaha": {"articles": 30, "rejects": 2, "requests": 40, "done": True},
              "bbcarabic": {"articles": 10, "rejects": 0, "requests": 12}}
    line = status_line(counts, elapsed=60.0, width=200)
    assert line == ("   60s  40 articles (40/min)  |  alwaha 30a 2r 40q done  |  "
                    "bbcarabic 10a 0r 12q")
    assert len(status_line(counts, elapsed=60.0, width=30)) == 30


def test_the_log_folder_is_inside_the_output_unless_it_is_absolute(tmp_path):
    assert logs_dir(Settings({"PARQUET_DIR": "out"})) == Path("out/logs")
    assert logs_dir(Settings({"PARQUET_DIR": "out", "LOGS_DIR": str(tmp_path)})) == tmp_path


def test_a_run_log_keeps_info_and_above_until_closed(tmp_path):
    settings = Settings({"PARQUET_DIR": str(tmp_path), "AKHBAR_RUN_ID": "20261129T090000Z-abcd"})
    with RunLog.start(settings) as log:
        logging.getLogger("akhbar.test").info("kept")
        logging.getLogger("akhbar.test").debug("left out")
    logging.getLogger("akhbar.test").warning("after the run")
    assert log.path == tmp_path / "logs" / "20261129T090000Z-abcd.log"
    text = log.path.read_text(encoding="utf-8")
    assert "kept" in text and "left out" not in text and "after the run" not in text
    assert RunLog.start(Settings({"LOGS_ENABLED": False})).path is None


def test_old_run_logs_are_deleted_and_other_files_left(tmp_path):
    old, new, other = (tmp_path / name for name in (
        "20260101T000000Z-0001.log", "20261129T000000Z-0002.log", "notes.log"))
    for path in (old, new, other):
        path.write_text("x")
    month_ago = time.time() - 31 * 86400
    for path in (old, other):
        os.utime(path, (month_ago, month_ago))
    assert prune(tmp_path, 30) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.name, other.name])
    assert prune(tmp_path, 0) == []
