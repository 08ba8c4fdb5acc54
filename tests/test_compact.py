"""`akhbar compact`: fewer files, no duplicates, every row kept, readers undisturbed."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from pipelines.store.compact import compact
from pipelines.store.ledger import Ledger
from pipelines.store.readers import read_dataset, visible_files
from tests.sitefixtures import article_paths, crawl, run_cli

ARTICLES = article_paths()


@pytest.fixture
def repeated(tmp_path):
    """Three crawls of the bundled site without the ledger: three copies of every article."""
    with LocalSite("alwaha") as site:
        for _ in range(3):
            assert crawl(site, tmp_path, "-s", "LEDGER_ENABLED=False").returncode == 0
    return tmp_path


def test_compaction_keeps_every_row_drops_duplicates_and_reduces_files(repeated):
    before = pd.read_parquet(repeated / "articles")
    files_before = len(visible_files(repeated / "articles"))
    result = compact(repeated, "articles")
    after = pd.read_parquet(repeated / "articles")
    assert len(before) == 3 * len(ARTICLES) and len(after) == len(ARTICLES)
    assert set(after["url"]) == set(before["url"])
    assert not after.duplicated(["url", "version"]).any()
    assert len(visible_files(repeated / "articles")) < files_before == 6
    assert (result.files_before, result.rows_before, result.rows_after) == (
        6, 3 * len(ARTICLES), len(ARTICLES))
    assert not [p for p in (repeated / "articles").rglob(".*")]  # no staging folder left
    assert compact(repeated, "articles").partitions == 0  # already compact: nothing to do


def test_readers_see_the_old_rows_or_the_new_never_a_mix(repeated):
    plain, retrying, stop = [], [], threading.Event()
    month = repeated / "articles" / "site=alwaha" / "month=2026-11"

    def read_plain() -> None:  # pd.read_parquet: may list the old files just before the swap
        while not stop.is_set():
            try:
                plain.append(len(pd.read_parquet(month)))
            except FileNotFoundError:
                plain.append(None)

    def read_retrying() -> None:  # read_dataset: the same, reading again in that case
        while not stop.is_set():
            retrying.append(len(read_dataset(month)))

    readers = [threading.Thread(target=read_plain), threading.Thread(target=read_retrying)]
    for reader in readers:
        reader.start()
    time.sleep(0.3)
    compact(repeated, "articles")
    time.sleep(0.3)
    stop.set()
    for reader in readers:
        reader.join()
    new = len(pd.read_parquet(month))
    assert set(retrying) == {3 * new, new}  # all the old files, or all the new: never a mix
    assert {c for c in plain if c is not None} <= {3 * new, new}


def test_the_compact_command_compacts_all_datasets_and_keeps_the_ledger_current(tmp_path):
    with LocalSite("alwaha") as site:
        for _ in range(2):
            assert crawl(site, tmp_path, "-s", "LEDGER_REFETCH_HOURS=0").returncode == 0
        site.hide("1044")  # a third run's rejects give rejects/ a second file
        assert crawl(site, tmp_path, "-s", "LEDGER_REFETCH_HOURS=0").returncode == 0
    proc = run_cli("compact", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "articles: " in proc.stdout and "runs: 1 partition(s) compacted" in proc.stdout
    assert len(pd.read_parquet(tmp_path / "runs")) == 3
    assert len(visible_files(tmp_path / "runs")) == 1
    assert Ledger(tmp_path / "ledger.sqlite").recover(tmp_path / "articles") == 0
