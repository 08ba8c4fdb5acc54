"""`-s NAME=VALUE`, as `scrapy crawl` has it: `akhbar crawl` and `akhbar demo` apply each setting
given and record them, as given, in the run's row of output/runs (`settings_given`); runs files
written before that column existed are brought up to it and read together with the new ones."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.demo.localsite import HOST, LocalSite
from crawler.run import project_settings
from crawler.runs import given_settings
from pipelines.store.markers import SCHEMA_MARKER
from pipelines.store.schema import SCHEMA_VERSION, file_schema
from tests.sitefixtures import crawl, run_cli

OLD_RUN = "20261001T000000Z-0ld0"


def write_old_runs_file(output: Path) -> Path:
    """A runs file as schema version 3 wrote it: no settings_given column; sorted first, so a
    reader that takes its columns from one file would take them from this one."""
    schema = file_schema("runs")
    schema = schema.remove(schema.get_field_index("settings_given"))
    folder = output / "runs" / "month=2026-10"
    folder.mkdir(parents=True)
    row = {"run_id": OLD_RUN, "site": "alwaha", "started": datetime(2026, 10, 1, tzinfo=UTC),
           "finished": datetime(2026, 10, 1, 0, 5, tzinfo=UTC), "finish_reason": "finished",
           "articles": 3, "rejects": 0, "settings": "{}"}
    path = folder / f"alwaha-{OLD_RUN}-0000.parquet"
    pq.write_table(pa.Table.from_pylist(
        [row], schema=schema.with_metadata({"akhbar.schema_version": "3"})), path)
    (output / "runs" / SCHEMA_MARKER).write_text(json.dumps({"schema_version": "3"}))
    return path


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with an older runs file, then `akhbar demo` (no -s) and `akhbar crawl`
    with -s run into it."""
    folder = tmp_path_factory.mktemp("given")
    write_old_runs_file(folder)
    demo = run_cli("demo", "-o", str(folder))
    assert demo.returncode == 0, demo.stderr[-3000:]
    with LocalSite("alwaha") as site:
        run = crawl(site, folder, "-s", "PARQUET_BATCH_ROWS=5", "-s", "DOWNLOAD_TIMEOUT=20",
                    "-s", "LOGS_KEEP_DAYS=9")
    assert run.returncode == 0, run.stderr[-3000:]
    return folder


def runs_by_id(output: Path) -> pd.DataFrame:
    return pd.read_parquet(output / "runs").sort_values("started").set_index("run_id")


def test_akhbar_crawl_records_the_settings_given_with_s_as_given(output):
    crawled = runs_by_id(output).iloc[-1]
    assert json.loads(crawled["settings_given"]) == {
        "PARQUET_BATCH_ROWS": "5", "DOWNLOAD_TIMEOUT": "20", "LOGS_KEEP_DAYS": "9",
        "ADDRESSES_ALLOW": HOST}  # the tests' crawls allow 127.0.0.1 with -s too


def test_the_settings_given_are_applied_not_only_recorded(output):
    runs = runs_by_id(output)
    assert json.loads(runs["settings"].iloc[-1])["DOWNLOAD_TIMEOUT"] == "20"
    files = list((output / "articles").rglob(f"*{runs.index[-1]}*.parquet"))
    assert files and all(pq.ParquetFile(f).num_row_groups > 1 for f in files)  # BATCH_ROWS=5


def test_a_run_given_no_settings_records_an_empty_object(output):
    demo = runs_by_id(output).iloc[1]
    assert demo["settings_given"] == "{}"


def test_an_older_runs_file_without_the_column_is_read_with_the_new_rows(output):
    runs = runs_by_id(output)
    assert list(runs.index[:1]) == [OLD_RUN] and len(runs) == 3
    assert pd.isna(runs.loc[OLD_RUN, "settings_given"])  # not recorded then: null, not {}
    assert runs.loc[OLD_RUN, "articles"] == 3
    old_file = next((output / "runs" / "month=2026-10").glob("*.parquet"))
    assert "settings_given" in pq.read_schema(old_file).names  # brought up to the schema
    assert pq.read_schema(old_file).metadata[b"akhbar.schema_version"].decode() == SCHEMA_VERSION


def test_akhbar_sites_and_health_read_the_older_row_too(output):
    health = run_cli("health", "-o", str(output))
    assert "alwaha" in health.stdout and "cannot read" not in health.stderr
    sites = run_cli("sites", "-o", str(output))
    assert sites.returncode == 0 and "cannot read" not in sites.stderr


@pytest.mark.parametrize("command", [["crawl", "alwaha"], ["demo"]])
def test_a_malformed_s_is_a_usage_error_before_anything_starts(command, tmp_path):
    proc = run_cli(*command, "-o", str(tmp_path), "-s", "PARQUET_BATCH_ROWS")
    assert proc.returncode == 2
    assert "-s must be NAME=VALUE, got 'PARQUET_BATCH_ROWS'" in proc.stderr
    assert not (tmp_path / "runs").exists()


def test_under_scrapy_crawl_the_settings_at_command_line_priority_are_the_given_ones():
    settings = project_settings()  # what `scrapy crawl -s DOWNLOAD_DELAY=2 -L INFO` builds
    settings.setdict({"DOWNLOAD_DELAY": "2"}, priority="cmdline")
    settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    settings.set("CONCURRENT_REQUESTS", 3, priority="spider")
    assert given_settings(settings) == {"DOWNLOAD_DELAY": "2", "LOG_LEVEL": "INFO"}
