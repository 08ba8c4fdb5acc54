"""The exit codes cron sees: 0 all good, 1 a site failed (or is unhealthy, with --strict), 2 bad
arguments or configuration, and an interrupted run that the next one completes.

75 (another run holds the datasets) is proven in tests/test_lock.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from tests.sitefixtures import (
    ALLOW_LOOPBACK,
    ROOT,
    article_paths,
    crawl,
    expected_site,
    run_cli,
    written_paths,
)
from tests.test_health import run, write_runs

ARTICLES = article_paths()
ARTICLE_IDS = [a["id"] for a in expected_site()["articles"]]


@pytest.fixture
def site():
    with LocalSite("alwaha") as running:
        yield running


def steady_history(output, articles: int = 44, runs: int = 6) -> None:
    """Earlier hourly runs of alwaha, the last one an hour ago, each with this many articles."""
    start = datetime.now(UTC) - timedelta(hours=runs)
    write_runs(output, [run("alwaha", articles, hour, start) for hour in range(runs)])


def test_a_healthy_run_exits_0_even_with_strict(site, tmp_path):
    steady_history(tmp_path)
    done = crawl(site, tmp_path, "--strict")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Health: 1 ok" in done.stdout


def test_a_site_that_suddenly_yields_nothing_exits_1_with_strict_only(site, tmp_path):
    steady_history(tmp_path)
    site.hide(*ARTICLE_IDS)  # the feeds and sitemaps list nothing: 0 articles
    strict = crawl(site, tmp_path, "--strict")
    flag = "alwaha: 0 articles, median of last 6 runs 44"
    assert strict.returncode == 1
    assert f"Health: 1 unhealthy\n  {flag}" in strict.stdout
    assert flag in strict.stderr  # also logged: seen under cron with stdout sent to /dev/null
    relaxed = crawl(site, tmp_path)
    assert relaxed.returncode == 0 and "alwaha: 0 articles, median of last 7 runs 44" in (
        relaxed.stdout)
    health = run_cli("health", "-o", str(tmp_path), timeout=60)
    assert health.returncode == 1 and "unhealthy" in health.stdout


@pytest.mark.parametrize("args", [
    ("crawl", "no-such-site"),
    ("health", "no-such-site"),
    ("crawl", "alwaha", "--max-articles", "many"),
    ("crawl", "--no-such-option"),
    ("no-such-command",),
    ("report", "--days", "0"),
    ("crawl", "alwaha", "-s", "HEALTH_WINDOW=many"),
    ("crawl", "alwaha", "-s", "AKHBAR_WORKERS=-1"),
    ("crawl", "alwaha", "-o", "/proc/no-such-folder"),
])
def test_bad_arguments_or_configuration_exit_2_with_one_line(args):
    proc = run_cli(*args, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("akhbar") and proc.stderr.count("\n") == 1, proc.stderr
    assert not proc.stdout


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM],  # Ctrl-C; systemd stop, kill
                         ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_exits_1_keeps_its_rows_and_the_next_run_completes_it(site, tmp_path,
                                                                                stop):
    site.article_delay = 0.25
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
         "-o", str(tmp_path), "-s", "LEDGER_REFETCH_HOURS=0", *ALLOW_LOOPBACK], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(
            1 for p in site.request_counts() if site.article_id(p)) < 8:
        time.sleep(0.05)
    proc.send_signal(stop)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "alwaha: the crawl ended early (shutdown)" in stdout
    kept = written_paths(tmp_path)
    assert 0 < len(kept) < len(ARTICLES)
    runs = pd.read_parquet(tmp_path / "runs")
    assert runs["finish_reason"].astype(str).tolist() == ["shutdown"]
    site.article_delay = 0
    rerun = crawl(site, tmp_path, "-s", "LEDGER_REFETCH_HOURS=0")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert sorted(written_paths(tmp_path)) == sorted(ARTICLES)  # each article exactly once
