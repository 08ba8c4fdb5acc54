"""The worker pool of the CPU stages (crawler/pool.py, AKHBAR_WORKERS): the same rows as the
stages run in the crawl's process, and a worker that dies or hangs on a page costs that page
alone (a reject `error_<stage>`), never the crawl."""

from __future__ import annotations

import logging
import os
import threading
import time
from urllib.parse import urlsplit

import pandas as pd
import pytest
from scrapy.settings import Settings

from crawler.demo.localsite import LocalSite
from crawler.pool import Outcome, WorkerPool
from crawler.stages import pool_workers
from tests.sitefixtures import crawl, expected_site
from tests.workertasks import CRASH_ON, HANG_ON

ARTICLES = [a["path"] for a in expected_site()["articles"]]
MOMENT_COLUMNS = ("run_id", "fetched_at")


def run_all(pool: WorkerPool, tasks: list[object], wait: float = 60) -> list[Outcome]:
    outcomes: dict[int, Outcome] = {}
    finished = threading.Semaphore(0)

    def done(i: int):
        return lambda outcome: (outcomes.__setitem__(i, outcome), finished.release())

    for i, task in enumerate(tasks):
        pool.submit(task, done(i))
    for _ in tasks:
        assert finished.acquire(timeout=wait), "a task never ended"
    return [outcomes[i] for i in range(len(tasks))]


@pytest.fixture(scope="module")
def echo_pool():
    pool = WorkerPool(2, "tests.workertasks.echo", timeout=3)
    yield pool
    pool.close()


def test_tasks_run_in_other_processes_and_come_back_in_full(echo_pool):
    outcomes = run_all(echo_pool, [f"task {i}" for i in range(20)])
    assert [o.value[0] for o in outcomes] == [f"task {i}" for i in range(20)]
    assert {o.kind for o in outcomes} == {"done"}
    assert os.getpid() not in {o.value[1] for o in outcomes}


def test_a_worker_that_dies_costs_its_task_alone_and_is_replaced(echo_pool):
    before = echo_pool.replaced
    outcomes = run_all(echo_pool, ["a", "crash", "b", "c", "d"])
    crashed = outcomes[1]
    assert (crashed.kind, crashed.stage) == ("crashed", "echo")
    assert "exit code 4" in crashed.detail
    assert [o.value[0] for o in outcomes if o.kind == "done"] == ["a", "b", "c", "d"]
    assert echo_pool.replaced == before + 1


def test_a_worker_that_hangs_is_stopped_after_the_timeout_and_replaced(echo_pool):
    started = time.monotonic()
    outcomes = run_all(echo_pool, ["hang", "e", "f"])
    assert (outcomes[0].kind, outcomes[0].stage) == ("timed_out", "echo")
    assert "after 3 s" in outcomes[0].detail
    assert [o.value[0] for o in outcomes[1:]] == ["e", "f"]
    assert time.monotonic() - started < 30
    assert run_all(echo_pool, ["after"])[0].value[0] == "after"  # the pool works on


def test_a_workers_warnings_reach_the_crawls_log(echo_pool, caplog):
    with caplog.at_level(logging.WARNING, logger="tests.workertasks"):
        [outcome] = run_all(echo_pool, ["warn"])
    assert f"a warning from worker {outcome.value[1]}" in caplog.text


@pytest.mark.parametrize(("given", "environment", "expected"), [
    (None, None, len(os.sched_getaffinity(0))),  # default: one per core
    (None, "3", 3),
    ("0", "3", 0),  # the setting wins over the environment
    (1, None, 1),
])
def test_akhbar_workers_from_the_setting_else_the_environment_else_the_cores(
        monkeypatch, given, environment, expected):
    monkeypatch.delenv("AKHBAR_WORKERS", raising=False)
    if environment is not None:
        monkeypatch.setenv("AKHBAR_WORKERS", environment)
    settings = Settings({"AKHBAR_WORKERS": given} if given is not None else {})
    assert pool_workers(settings) == expected


@pytest.mark.parametrize("bad", ["-1", "many", "1.5"])
def test_a_bad_akhbar_workers_is_refused_with_its_value(bad):
    with pytest.raises(ValueError, match="AKHBAR_WORKERS must be a whole number"):
        pool_workers(Settings({"AKHBAR_WORKERS": bad}))


@pytest.fixture(scope="module")
def site():
    with LocalSite("alwaha") as running:
        yield running


def rows(output) -> pd.DataFrame:
    df = pd.read_parquet(output / "articles").drop(columns=list(MOMENT_COLUMNS))
    df = df.astype(object).where(df.notna(), None)  # categories in write order: compare values
    return df.sort_values("url").reset_index(drop=True)


def test_the_pool_writes_the_same_rows_as_the_stages_in_process(site, tmp_path):
    # one request at a time: which feed lists an article first (its discovery keywords and
    # discovered_via) must not depend on the race between concurrent fetches
    one_by_one = ("-s", "CONCURRENT_REQUESTS=1")
    pooled = crawl(site, tmp_path / "pool", "-s", "AKHBAR_WORKERS=2", *one_by_one)
    alone = crawl(site, tmp_path / "alone", "-s", "AKHBAR_WORKERS=0", *one_by_one)
    assert pooled.returncode == alone.returncode == 0, pooled.stderr[-2000:]
    logs = [next((run.output / "logs").glob("*.log")).read_text() for run in (pooled, alone)]
    assert "2 worker processes started" in logs[0]
    assert "worker processes" not in logs[1]
    pooled_rows, alone_rows = rows(pooled.output), rows(alone.output)
    assert len(pooled_rows) == len(ARTICLES)
    pd.testing.assert_frame_equal(pooled_rows, alone_rows)
    rejects = [pd.read_parquet(run.output / "rejects")[["url", "stage", "reason"]]
               for run in (pooled, alone)]
    assert sorted(map(tuple, rejects[0].values)) == sorted(map(tuple, rejects[1].values))


def test_a_page_that_kills_or_hangs_its_worker_is_a_reject_and_the_crawl_goes_on(
        site, tmp_path, monkeypatch):
    killer, sleeper = ARTICLES[3], ARTICLES[7]
    monkeypatch.setenv(CRASH_ON, killer)
    monkeypatch.setenv(HANG_ON, sleeper)
    run = crawl(site, tmp_path, "-s", "AKHBAR_WORKERS=2",
                "-s", "AKHBAR_WORKER_TASK=tests.workertasks.crash_or_hang",
                "-s", "AKHBAR_WORKER_TIMEOUT=5")
    written = {urlsplit(u).path for u in pd.read_parquet(tmp_path / "articles")["url"]}
    assert written == set(ARTICLES) - {killer, sleeper}
    rejects = pd.read_parquet(tmp_path / "rejects")
    rejects["path"] = [urlsplit(u).path for u in rejects["url"]]
    by_path = rejects.set_index("path")
    assert by_path.loc[killer, "reason"] == "error_dates"
    assert "worker process died" in by_path.loc[killer, "detail"]
    assert by_path.loc[sleeper, "reason"] == "error_tag"
    assert "no result after 5 s" in by_path.loc[sleeper, "detail"]
    assert run.returncode == 1  # errors in stages make the run's exit code say so


def test_workers_that_cannot_run_their_task_fail_each_task_and_never_hang():
    pool = WorkerPool(1, "tests.workertasks.no_such_task", timeout=5)
    try:
        outcomes = run_all(pool, ["a", "b"], wait=60)
    finally:
        pool.close()
    assert [o.kind for o in outcomes] == ["crashed", "crashed"]
