"""The datasets as analysts read them: layout, readers, atomic files, schema evolution, runs."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.demo.localsite import LocalSite
from pipelines.store.datasets import PartitionedWriter
from pipelines.store.migration import migrate
from pipelines.store.readers import visible_files
from pipelines.store.schema import SCHEMA_VERSION, file_schema
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, article_paths, crawl

ARTICLES = article_paths()


@pytest.fixture(scope="module")
def site():
    with LocalSite("alwaha") as running:
        yield running


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory):
    output = tmp_path_factory.mktemp("datasets")
    run = crawl(site, output)
    assert run.returncode == 0, run.stderr[-2000:]
    return output


def test_articles_are_partitioned_by_site_and_month(crawled):
    folders = {f.parent.relative_to(crawled / "articles").as_posix()
               for f in visible_files(crawled / "articles")}
    assert folders == {"site=alwaha/month=2026-10", "site=alwaha/month=2026-11"}
    one_month = pd.read_parquet(crawled / "articles", filters=[("month", "=", "2026-10")])
    assert set(one_month["published"].dt.strftime("%Y-%m")) == {"2026-10"}
    meta = pq.read_schema(visible_files(crawled / "articles")[0]).metadata
    assert meta[b"akhbar.schema_version"].decode() == SCHEMA_VERSION


def test_pandas_duckdb_and_polars_read_the_same_rows_with_the_right_types(crawled):
    glob = f"{crawled}/articles/**/*.parquet"
    pandas = pd.read_parquet(crawled / "articles").sort_values("url").reset_index(drop=True)
    duck = duckdb.sql(f"select * from '{glob}' order by url").df()
    polars = pl.scan_parquet(glob, hive_partitioning=True).sort("url").collect()
    assert len(pandas) == len(duck) == polars.height == len(ARTICLES)
    assert pandas["url"].tolist() == duck["url"].tolist() == polars["url"].to_list()
    for column in ("title", "text_norm", "site", "month", "language"):
        assert pandas[column].astype(str).tolist() == duck[column].astype(str).tolist() \
            == [str(v) for v in polars[column].to_list()]
    assert str(pandas["published"].dt.tz) == "UTC"
    assert duck["published"].tolist() == pandas["published"].tolist()
    assert polars.schema["published"] == pl.Datetime("us", "UTC")
    assert [list(a) for a in pandas["authors"]] == [list(a) for a in duck["authors"]] \
        == polars["authors"].to_list()
    assert pandas["language"].dtype == "category" and pandas["word_count"].dtype == "int32"


def test_rejects_and_runs_are_datasets_too(crawled):
    rejects = pd.read_parquet(crawled / "rejects")
    assert set(rejects.columns) >= {"url", "stage", "reason", "http_status", "fetched_at"}
    runs = pd.read_parquet(crawled / "runs")
    assert len(runs) == 1
    run = runs.iloc[0]
    assert (run["site"], run["articles"], run["finish_reason"]) == ("alwaha", len(ARTICLES),
                                                                    "finished")
    assert run["rejects"] == len(rejects) and run["requests"] > len(ARTICLES)
    assert {"key": "extract/not_article", "count": 1} in list(run["reject_reasons"])
    assert '"scrapy"' in run["versions"] and '"ROBOTSTXT_OBEY": true' in run["settings"]
    assert run["started"] <= run["finished"]


def test_a_killed_writer_leaves_no_file_a_reader_would_pick_up(site, tmp_path):
    site.article_delay = 0.2
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
           "-o", str(tmp_path), "-s", "PARQUET_BATCH_ROWS=2", "-s", "PARQUET_FILE_ROWS=1000",
           *ALLOW_LOOPBACK]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.rglob(".*.parquet.tmp")):
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    site.article_delay = 0
    assert list(tmp_path.rglob(".*.parquet.tmp"))  # it died mid-file ...
    assert not visible_files(tmp_path / "articles")  # ... and readers see no file at all
    rerun = crawl(site, tmp_path)
    assert rerun.returncode == 0
    assert len(pd.read_parquet(tmp_path / "articles")) == len(ARTICLES)
    assert not list(tmp_path.rglob(".*.tmp"))  # the next run swept the remains


def test_a_column_added_later_reads_together_with_older_files(tmp_path):
    root = tmp_path / "articles"
    old_schema = file_schema("articles").remove(file_schema("articles").get_field_index("version"))
    old_schema = old_schema.with_metadata({"akhbar.schema_version": "0"})
    old = (root / "site=s" / "month=2026-10")
    old.mkdir(parents=True)
    row = {"url": "http://h/old", "fetched_at": datetime(2026, 10, 1, tzinfo=UTC)}
    pq.write_table(pa.Table.from_pylist([row], schema=old_schema), old / "s-old-0000.parquet")
    migrate(root, "articles")
    writer = PartitionedWriter(root, "articles", "s-new")
    writer.write({"url": "http://h/new", "site": "s", "version": 2,
                  "fetched_at": datetime(2026, 11, 1, tzinfo=UTC)})
    writer.close()
    for versions in (pd.read_parquet(root).sort_values("url")["version"].tolist(),
                     duckdb.sql(f"select version from '{root}/**/*.parquet' order by url")
                     .df()["version"].tolist(),
                     pl.scan_parquet(f"{root}/**/*.parquet", hive_partitioning=True)
                     .sort("url").collect()["version"].to_list()):
        assert [None if pd.isna(v) else v for v in versions] == [2, None]


def test_memory_is_bounded_by_the_open_partitions_not_the_crawl(tmp_path):
    writer = PartitionedWriter(tmp_path, "articles", "s-run", max_open=2, batch_rows=10)
    for month in range(1, 13):
        for day in range(5):
            writer.write({"url": f"http://h/{month}/{day}", "site": "s",
                          "published": datetime(2026, month, day + 1, tzinfo=UTC)})
        assert len(writer._open) <= 2
    files = writer.close()
    assert len(files) == 12 and len(pd.read_parquet(tmp_path)) == 60
