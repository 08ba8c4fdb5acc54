"""Resuming an ingest: which records of which WARC files already have rows, read from the
datasets as a reader sees them, files of older schemas included."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.store.ingested import Ingested


def _rows(folder: Path, name: str, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), folder / name)


def test_offsets_are_those_of_the_same_file_and_source_in_articles_and_rejects(tmp_path):
    _rows(tmp_path / "articles" / "site=a", "1.parquet", [
        {"url": "u1", "source": "warc", "warc_file": "x.warc.gz", "warc_offset": 10},
        {"url": "u2", "source": "warc", "warc_file": "y.warc.gz", "warc_offset": 20},
        {"url": "u3", "source": "reextract", "warc_file": "x.warc.gz", "warc_offset": 30}])
    _rows(tmp_path / "rejects" / "site=a", "1.parquet", [
        {"url": "u4", "source": "warc", "warc_file": "x.warc.gz", "warc_offset": 40}])
    ingested = Ingested(tmp_path, "warc")
    assert ingested.files() == {"x.warc.gz", "y.warc.gz"}
    assert ingested.offsets("x.warc.gz") == {10, 40}
    assert ingested.offsets("new.warc.gz") == frozenset()
    assert Ingested(tmp_path, "reextract").offsets("x.warc.gz") == {30}


def test_files_written_before_the_archive_columns_count_as_no_rows(tmp_path):
    _rows(tmp_path / "articles" / "site=a", "0-old.parquet", [{"url": "u0", "title": "t"}])
    _rows(tmp_path / "articles" / "site=a", "1-new.parquet", [
        {"url": "u1", "source": "warc", "warc_file": "x.warc.gz", "warc_offset": 10}])
    assert Ingested(tmp_path, "warc").offsets("x.warc.gz") == {10}


def test_hidden_files_being_written_are_not_read(tmp_path):
    _rows(tmp_path / "articles" / "site=a", ".part.parquet", [
        {"url": "u1", "source": "warc", "warc_file": "x.warc.gz", "warc_offset": 10}])
    assert Ingested(tmp_path, "warc").files() == frozenset()
