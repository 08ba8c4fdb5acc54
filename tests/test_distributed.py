"""Several crawl workers sharing one crawl on a real redis-server (crawler/redisscheduler.py).

Each worker is a real `akhbar crawl` process; the site is served on 127.0.0.1; the datasets are
read back with pandas. What a user checks: every article is written once between the workers,
copies crawled by different workers join one story (the story index in Redis),
nothing is lost when a worker is killed, and a missing Redis is a clear error and exit code.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import redis

from bench.bigsite import BigSite
from crawler.demo.localsite import LocalSite
from tests.redisserver import RedisServer, free_port, need_redis_server

ROOT = Path(__file__).resolve().parent.parent


def worker(redis_url: str, output: Path, origin: str, name: str, *extra: str) -> subprocess.Popen:
    """One `akhbar crawl alwaha` worker of the shared crawl, its pages in-process."""
    env = {**os.environ, "AKHBAR_WORKERS": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={origin}",
         "-o", str(output), "--redis", redis_url, "-s", "ADDRESSES_ALLOW=127.0.0.1",
         "-s", f"AKHBAR_WORKER_ID={name}", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "DOWNLOAD_DELAY=0", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def articles(output: Path) -> pd.DataFrame:
    return pd.read_parquet(output / "articles", columns=["url", "run_id"])


def workers_with_files(output: Path) -> set[str]:
    """Which of w1, w2 wrote article files (a worker's id is in its files' names)."""
    return {name for name in ("w1", "w2")
            for _ in (output / "articles").rglob(f"*-{name}-*.parquet")}


@pytest.fixture
def one_worker_articles(tmp_path: Path) -> set[str]:
    """The bundled site's articles as one embedded crawl (no Redis) writes them."""
    output = tmp_path / "alone"
    with LocalSite("alwaha") as site:
        done = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
             "-o", str(output), "-s", "ADDRESSES_ALLOW=127.0.0.1"],
            cwd=ROOT, env={**os.environ, "AKHBAR_WORKERS": "0"}, capture_output=True,
            text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return {u.replace(site.origin, "") for u in articles(output)["url"]}


def test_two_workers_write_each_article_of_the_bundled_site_once(
        redis_server: RedisServer, tmp_path: Path, one_worker_articles: set[str]) -> None:
    output = tmp_path / "shared"
    with LocalSite("alwaha") as site:
        origin = site.origin
        pair = [worker(redis_server.url, output, origin, name) for name in ("w1", "w2")]
        logs = [p.communicate(timeout=180)[0] for p in pair]
    assert [p.returncode for p in pair] == [0, 0], "\n".join(logs)
    rows = articles(output)
    assert rows["url"].is_unique
    assert {u.replace(origin, "") for u in rows["url"]} == one_worker_articles
    assert rows["run_id"].nunique() == 1  # the second worker joined the first one's run
    # one runs row for the run, written by the last worker out, counting both workers' shares
    runs = pd.read_parquet(output / "runs", columns=["run_id", "site", "articles", "requests"])
    assert len(runs) == 1 and runs["run_id"].iloc[0] == rows["run_id"].iloc[0], runs
    assert runs["articles"].iloc[0] == len(rows)
    assert runs["requests"].iloc[0] >= len(rows)
    assert any("Health: 1 not enough history (alwaha)" in log for log in logs), logs


def test_two_workers_share_a_2000_page_site_each_article_once(
        redis_server: RedisServer, tmp_path: Path) -> None:
    output = tmp_path / "big"
    with BigSite(2000) as site:
        pair = [worker(redis_server.url, output, site.origin, name) for name in ("w1", "w2")]
        logs = [p.communicate(timeout=600)[0] for p in pair]
    assert [p.returncode for p in pair] == [0, 0], "\n".join(logs)
    rows = articles(output)
    assert rows["url"].is_unique
    generated = rows["url"].str.contains(r"/1\d{5}$").sum()
    assert generated == 2000
    assert workers_with_files(output) == {"w1", "w2"}  # both did a share of the work


def test_two_workers_cluster_one_story_index_on_redis(redis_server: RedisServer,
                                                     tmp_path: Path) -> None:
    """Two copies of the bundled site are two outlets publishing the same bodies (as in
    tests/test_story_crawl.py); two workers crawl both at once, each with a story index file of
    its own (as on two machines): a copy joins its original's story whichever worker took
    each, because the story index they cluster into is the one in Redis."""
    output = tmp_path / "stories"
    with LocalSite("alwaha") as first, LocalSite("alwaha") as second:
        for site in (first, second):
            site.article_delay = 0.02  # a page each worker takes while the other works
        pair = [worker(redis_server.url, output, site.origin, name, "-s",
                       f"CLUSTER_INDEX_PATH={tmp_path / name / 'clusters.sqlite'}")
                for site, name in ((first, "w1"), (second, "w2"))]
        logs = [p.communicate(timeout=180)[0] for p in pair]
        origins = first.origin, second.origin
    assert [p.returncode for p in pair] == [0, 0], "\n".join(logs)
    assert not any((tmp_path / name).exists() for name in ("w1", "w2"))  # no SQLite index
    rows = pd.concat(pd.read_parquet(file, columns=["url", "cluster_id"]).assign(
        worker=file.name.split("-")[-2]) for file in (output / "articles").rglob("*.parquet"))
    assert rows["url"].is_unique
    rows["path"] = rows["url"].str.replace(origins[0], "").str.replace(origins[1], "")
    copies = rows.groupby("path").filter(lambda same: len(same) == 2)
    assert copies["path"].nunique() > 30  # every article of one outlet has its copy ...
    assert (copies.groupby("path")["cluster_id"].nunique() == 1).all()  # ... in its story
    by_two = copies.groupby("path")["worker"].nunique() == 2
    assert by_two.sum() > 5, "no pair was split between the workers"


SMALL_FILES = ["PARQUET_FILE_ROWS=40", "PARQUET_BATCH_ROWS=20"]


@pytest.mark.parametrize("files", [[], SMALL_FILES], ids=["default-files", "small-files"])
def test_a_worker_killed_mid_crawl_loses_nothing(redis_server: RedisServer, tmp_path: Path,
                                                 files: list[str]) -> None:
    output = tmp_path / "killed"
    with BigSite(600) as site:
        victim, survivor = _pair_under_way(redis_server, output, site, "REDIS_LEASE_SECONDS=3",
                                           *files)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        log = survivor.communicate(timeout=600)[0]
    assert survivor.returncode == 0, log
    _each_generated_article_once(output, 600)
    _one_runs_row_counting_every_article(output)  # the killed worker's stored rows included
    assert "of dead workers put back in the queue" in (output / "logs").joinpath(
        next(p.name for p in (output / "logs").iterdir() if "w2" in p.name)).read_text()


def test_a_worker_taken_for_dead_stops_and_nothing_is_lost_or_written_twice(
        redis_server: RedisServer, tmp_path: Path) -> None:
    """A worker stopped longer than its lease (SIGSTOP: a stalled machine) is taken for dead;
    resumed, it must not publish the rows of pages the other one now fetches again."""
    output = tmp_path / "stalled"
    with BigSite(600) as site:
        stalled, other = _pair_under_way(redis_server, output, site, "REDIS_LEASE_SECONDS=2",
                                         *SMALL_FILES)
        stalled.send_signal(signal.SIGSTOP)
        time.sleep(6)  # three leases: the other worker takes it for dead and requeues its pages
        stalled.send_signal(signal.SIGCONT)
        logs = [p.communicate(timeout=600)[0] for p in (stalled, other)]
    assert other.returncode == 0, logs[1]
    assert stalled.returncode == 1, logs[0]
    assert "took this one for dead" in logs[0]
    _each_generated_article_once(output, 600)
    _one_runs_row_counting_every_article(output)


def _pair_under_way(redis_server: RedisServer, output: Path, site: BigSite,
                    *settings: str) -> list[subprocess.Popen]:
    """Workers w1 and w2 on `site`, once it has served a quarter of its pages and w1 holds
    requests (else a w1 slow to start would have nothing to lose)."""
    options = [part for setting in settings for part in ("-s", setting)]
    pair = [worker(redis_server.url, output, site.origin, name, *options)
            for name in ("w1", "w2")]
    _wait_for_pages(site, 150)
    leases = redis.Redis.from_url(redis_server.url)
    deadline = time.monotonic() + 60
    while not leases.hlen("akhbar:alwaha:leases:w1"):
        assert time.monotonic() < deadline and site.served < 500, "w1 took no request"
        time.sleep(0.01)
    return pair


def _each_generated_article_once(output: Path, pages: int) -> None:
    rows = articles(output)
    assert rows["url"].is_unique
    assert rows["url"].str.contains(r"/1\d{5}$").sum() == pages


def _one_runs_row_counting_every_article(output: Path) -> None:
    runs = pd.read_parquet(output / "runs", columns=["run_id", "articles", "finish_reason"])
    assert len(runs) == 1, runs
    assert runs["articles"].iloc[0] == len(articles(output)), runs
    assert runs["finish_reason"].iloc[0] == "finished", runs


def _wait_for_pages(site: BigSite, pages: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while site.served < pages:
        assert time.monotonic() < deadline, f"only {site.served} pages served"
        time.sleep(0.05)


def test_a_crawl_without_its_redis_says_so_and_exits_69(tmp_path: Path) -> None:
    need_redis_server()
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-o", str(tmp_path),
         "--redis", url], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 69
    assert f"Redis at {url} does not answer" in done.stderr
    assert not (tmp_path / "articles").exists()


def test_redis_restarted_mid_crawl_the_workers_ride_through(redis_server: RedisServer,
                                                            tmp_path: Path) -> None:
    output = tmp_path / "restart"
    with BigSite(600) as site:
        pair = [worker(redis_server.url, output, site.origin, name) for name in ("w1", "w2")]
        _wait_for_pages(site, 150)
        redis_server.restart(down_for=1.0)
        logs = [p.communicate(timeout=600)[0] for p in pair]
    assert [p.returncode for p in pair] == [0, 0], "\n".join(logs)
    rows = articles(output)
    assert rows["url"].is_unique
    assert rows["url"].str.contains(r"/1\d{5}$").sum() == 600


def test_redis_gone_for_good_stops_the_worker_with_69_and_the_next_run_loses_nothing(
        redis_server: RedisServer, tmp_path: Path) -> None:
    output = tmp_path / "gone"
    brief = ["-s", "REDIS_OUTAGE_SECONDS=3", "-s", "REDIS_LEASE_SECONDS=2"]
    with BigSite(400) as site:
        first = worker(redis_server.url, output, site.origin, "w1", *brief)
        _wait_for_pages(site, 100)
        redis_server.stop()
        log = first.communicate(timeout=300)[0]
        assert first.returncode == 69, log
        assert "the shared Redis went away" in log
        redis_server.start()  # its append-only file brings back the queue, leases and ledger
        again = worker(redis_server.url, output, site.origin, "w2", *brief)
        log = again.communicate(timeout=600)[0]
    assert again.returncode == 0, log
    rows = articles(output)
    assert rows["url"].is_unique
    assert rows["url"].str.contains(r"/1\d{5}$").sum() == 400


def test_status_shows_the_workers_queue_and_last_errors(redis_server: RedisServer,
                                                        tmp_path: Path) -> None:
    with BigSite(300) as site:
        busy = worker(redis_server.url, tmp_path / "out", site.origin, "w1")
        _wait_for_pages(site, 50)
        seen = subprocess.run([sys.executable, "-m", "crawler.cli", "status", "--redis",
                               redis_server.url], cwd=ROOT, capture_output=True, text=True)
        busy.communicate(timeout=600)
    assert seen.returncode == 0, seen.stderr
    assert "w1" in seen.stdout and "busy" in seen.stdout
    assert "alwaha" in seen.stdout.split("Queue:")[1]
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "status", "--redis",
                           redis_server.url, "--json"], cwd=ROOT, capture_output=True, text=True)
    assert json.loads(done.stdout)["run"] is None  # the run ended with its last worker


def test_compaction_waits_for_no_run_and_refuses_while_one_is_live(
        redis_server: RedisServer, tmp_path: Path) -> None:
    output = tmp_path / "out"
    with BigSite(300) as site:
        busy = worker(redis_server.url, output, site.origin, "w1")
        _wait_for_pages(site, 50)
        refused = subprocess.run([sys.executable, "-m", "crawler.cli", "compact", "-o",
                                  str(output), "--redis", redis_server.url],
                                 cwd=ROOT, capture_output=True, text=True)
        busy.communicate(timeout=600)
    assert refused.returncode == 75
    assert "is writing the shared datasets" in refused.stderr
    after = subprocess.run([sys.executable, "-m", "crawler.cli", "compact", "-o", str(output),
                            "--redis", redis_server.url], cwd=ROOT, capture_output=True,
                           text=True)
    assert after.returncode == 0, after.stderr
    assert articles(output)["url"].is_unique
