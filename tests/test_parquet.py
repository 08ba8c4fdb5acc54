from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pyarrow.parquet as pq

from pipelines.store.datasets import DatasetWriter
from pipelines.store.schema import ARTICLES, REJECTS, SCHEMA_VERSION, json_row


def article(i: int) -> dict:
    return {"url": f"http://h/a/{i}", "site": "s", "title": f"عنوان {i}", "text": "نص",
            "authors": ["سارة علي", "وكالة"], "keywords": [], "word_count": 1,
            "published": datetime(2026, 11, 20, 12, i, tzinfo=UTC), "http_status": 200,
            "not_a_column": object()}


def test_rows_are_written_in_batches_into_rolled_files(tmp_path):
    writer = DatasetWriter(tmp_path, ARTICLES, "s-run", batch_rows=2, file_rows=4)
    for i in range(9):
        writer.write(article(i))
    files = writer.close()
    assert [f.name for f in files] == ["s-run-0000.parquet", "s-run-0001.parquet",
                                       "s-run-0002.parquet"]
    assert [pq.ParquetFile(f).metadata.num_rows for f in files] == [4, 4, 1]
    assert pq.ParquetFile(files[0]).metadata.num_row_groups == 2
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_written_rows_read_back_with_pandas_with_types_and_schema_version(tmp_path):
    writer = DatasetWriter(tmp_path, ARTICLES, "s-run")
    for i in range(3):
        writer.write(article(i))
    writer.close()
    df = pd.read_parquet(tmp_path)
    assert list(df.columns) == ARTICLES.names
    assert df["title"].tolist() == ["عنوان 0", "عنوان 1", "عنوان 2"]
    assert list(df["authors"].iloc[0]) == ["سارة علي", "وكالة"]
    assert str(df["published"].dt.tz) == "UTC"
    assert df["published"].iloc[1] == pd.Timestamp("2026-11-20 12:01", tz="UTC")
    meta = pq.read_schema(next(tmp_path.glob("*.parquet"))).metadata
    assert meta[b"akhbar.schema_version"].decode() == SCHEMA_VERSION


def test_a_reader_never_sees_the_file_being_written(tmp_path):
    writer = DatasetWriter(tmp_path, ARTICLES, "s-run", batch_rows=2, file_rows=4)
    for i in range(6):  # one complete file of 4 rows, a second one open with 2
        writer.write(article(i))
    assert len(pd.read_parquet(tmp_path)) == 4
    writer.abort()
    assert len(pd.read_parquet(tmp_path)) == 4
    assert not list(tmp_path.glob(".*"))


def test_rejects_have_their_own_schema(tmp_path):
    writer = DatasetWriter(tmp_path, REJECTS, "s-run")
    writer.write({"url": "http://h/x", "site": "s", "stage": "fetch", "reason": "http_404",
                  "http_status": 404, "fetched_at": datetime(2026, 11, 29, tzinfo=UTC)})
    writer.close()
    row = pd.read_parquet(tmp_path).iloc[0]
    assert (row["reason"], row["http_status"]) == ("http_404", 404)


def test_json_row_has_every_column_and_iso_dates_with_offset():
    row = json_row(article(5))
    assert list(row) == ARTICLES.names
    assert row["published"] == "2026-11-20T12:05:00+00:00"
    assert row["modified"] is None
