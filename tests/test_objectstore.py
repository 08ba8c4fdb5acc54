"""Datasets on object storage, against a real S3 server on 127.0.0.1 (moto, tests/s3server.py):
files appear whole and once, readers (pandas, DuckDB, pyarrow) see them, compaction refuses."""

from __future__ import annotations

import logging
import os
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import boto3
import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler.cli.main import main
from crawler.dedupstage import open_story_index
from crawler.demo.localsite import LocalSite
from crawler.spiders.base import open_ledger
from crawler.stages import cluster_params
from crawler.stored import STORED
from crawler.writer import ParquetPipeline
from pipelines.store import objectstore
from pipelines.store.compact import CompactionRefused, compact
from pipelines.store.datasets import PartitionedWriter, sweep_temporary
from pipelines.store.markers import SCHEMA_MARKER, marker_version
from pipelines.store.migration import migrate
from pipelines.store.objectstore import Location, UploadFailed, local_folder, resolve
from pipelines.store.readers import read_dataset, read_rows, visible_files
from pipelines.store.schema import SCHEMA_VERSION, file_schema
from tests.s3server import s3  # noqa: F401 (the fixture)
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, article_paths


def article(i: int, site: str = "alwaha", month: int = 10) -> dict:
    return {"url": f"http://{site}.test/a/{i}", "site": site, "title": f"عنوان {i}",
            "text": "نص", "authors": [], "keywords": [], "word_count": 1, "http_status": 200,
            "published": datetime(2026, month, 1 + i % 28, 12, tzinfo=UTC)}


@pytest.fixture
def output(s3, tmp_path, monkeypatch) -> str:  # noqa: F811
    """A fresh bucket's URL; local temporary files go under tmp_path (checked for leftovers)."""
    bucket = f"akhbar-{secrets.token_hex(4)}"
    s3.make_bucket(bucket)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return s3.url(bucket, "out")


# pyarrow leaves an empty "folder/" object where it deleted a key: the hidden uploads' folder
MARKER = "_uploads/"


def keys(location: Location) -> list[str]:
    """Every key below `location` (hidden ones and "folder/" markers included), relative to it."""
    bucket, _, prefix = location.path.partition("/")
    found = boto3.client("s3").list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/")
    return sorted(o["Key"].removeprefix(f"{prefix}/") for o in found.get("Contents", []))


def write(root: Location, prefix: str, rows: list[dict], **options) -> PartitionedWriter:
    published = []
    writer = PartitionedWriter(root, "articles", prefix, batch_rows=1, file_rows=3,
                               on_publish=lambda f, notes: published.append((f, notes)),
                               **options)
    for row in rows:
        writer.write(row, note=row["url"])
    writer.close()
    writer.published = published
    return writer


def test_a_local_path_or_file_url_stays_a_local_folder(tmp_path):
    assert resolve("output") == Path("output")
    assert resolve(str(tmp_path)) == tmp_path
    assert resolve(f"file://{tmp_path}") == tmp_path
    assert not objectstore.is_remote("output") and not objectstore.is_remote(tmp_path)
    assert objectstore.is_remote("s3://bucket/prefix") and objectstore.is_remote("gs://b/p")


def test_what_stays_local_goes_to_the_state_folder_never_one_named_after_the_url(tmp_path):
    url = "s3://KEY:SECRET@news/akhbar?endpoint_override=127.0.0.1:9&scheme=http"
    assert local_folder({"PARQUET_DIR": url}) == Path("akhbar-state/s3/news/akhbar")
    assert local_folder({"PARQUET_DIR": url, "STATE_DIR": str(tmp_path)}) == tmp_path
    assert local_folder({"PARQUET_DIR": "out", "STATE_DIR": str(tmp_path)}) == Path("out")
    assert local_folder({"PARQUET_DIR": f"file://{tmp_path}"}) == tmp_path


def test_rows_written_to_s3_are_read_back_by_pandas_duckdb_and_the_readers(s3, output):  # noqa: F811
    root = resolve(output)
    assert isinstance(root, Location) and str(root).endswith("/out")
    assert "endpoint" not in str(root)  # printed without the query (credentials may be there)
    rows = [article(i) for i in range(5)] + [article(i, "alnahar", 11) for i in range(4)]
    writer = write(root / "articles", "alwaha-20261205T000000Z-ab12", rows)
    assert writer.rows_published == 9
    assert sorted(n for _, batch in writer.published for n in batch) == sorted(
        r["url"] for r in rows)  # on_publish saw every row once, with the file's Location
    assert all(isinstance(f, Location) for f, _ in writer.published)
    assert keys(root / "articles") == [
        SCHEMA_MARKER, MARKER,
        "site=alnahar/month=2026-11/alwaha-20261205T000000Z-ab12-0000.parquet",
        "site=alnahar/month=2026-11/alwaha-20261205T000000Z-ab12-0001.parquet",
        "site=alwaha/month=2026-10/alwaha-20261205T000000Z-ab12-0000.parquet",
        "site=alwaha/month=2026-10/alwaha-20261205T000000Z-ab12-0001.parquet"]
    assert marker_version(root / "articles") == SCHEMA_VERSION
    bucket_path = output.split("?")[0] + "/articles"

    frame = pd.read_parquet(bucket_path, storage_options=s3.storage_options)
    assert sorted(frame["url"]) == sorted(r["url"] for r in rows)
    assert set(frame["site"].astype(str)) == {"alwaha", "alnahar"}

    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    con.register_filesystem(s3.s3fs())
    duck = con.sql(f"select url, site, month from read_parquet('{bucket_path}/**/*.parquet', "
                   "hive_partitioning=true) order by url").fetchall()
    assert [u for u, _, _ in duck] == sorted(r["url"] for r in rows)
    assert ("http://alnahar.test/a/0", "alnahar", "2026-11") in duck

    assert sorted(read_dataset(output.replace("/out?", "/out/articles?"))["url"]) == sorted(
        r["url"] for r in rows)
    assert len(read_rows(root / "articles", "articles", ["url", "site"])) == 9
    assert len(visible_files(root / "articles")) == 4


def test_two_workers_of_one_run_never_write_the_same_name(output):
    root = resolve(output) / "articles"
    rows = [article(i) for i in range(7)]
    one = write(root, "alwaha-20261205T000000Z-ab12-w1", rows)
    two = write(root, "alwaha-20261205T000000Z-ab12-w2", rows)
    names = [str(f) for f in one.files + two.files]
    assert len(names) == len(set(names)) == 6
    assert sorted(map(str, visible_files(root))) == sorted(names)
    assert len(read_rows(root, "articles", ["url"])) == 14  # neither overwrote the other


def _half_then_fail(local: Path, hidden: Location) -> None:
    """A connection that drops midway: half the bytes sent, then an error (pyarrow's stream,
    left to its destructor, completes the partial object: at the hidden key, not the final)."""
    stream = hidden.fs.open_output_stream(hidden.path)
    stream.write(local.read_bytes()[: local.stat().st_size // 2])
    stream.close()  # what the destructor would do, later
    raise OSError("connection reset by peer")


def test_a_failed_upload_leaves_no_object_and_publishes_nothing(output, tmp_path, monkeypatch):
    monkeypatch.setattr(objectstore, "_send", _half_then_fail)
    monkeypatch.setattr(objectstore.time, "sleep", lambda s: None)
    root = resolve(output) / "articles"
    writer = PartitionedWriter(root, "articles", "s-run", batch_rows=2, file_rows=3,
                               on_publish=lambda f, n: pytest.fail("published"))
    for i in range(3):
        writer.write(article(i))
    with pytest.raises(UploadFailed, match=r"cannot upload s3://.*/s-run-0000.parquet \(\d+ "
                                            r"bytes\) after 3 attempts: connection reset"):
        writer.write(article(3))  # the fourth row rolls the first file
    writer.abort()
    assert keys(root) == [MARKER]  # neither the final name nor a hidden partial object
    assert writer.rows_published == 0 and writer.files == []
    assert not list(tmp_path.rglob("*.tmp"))  # the local temporary file is gone too


def test_a_retried_upload_appears_once(output, monkeypatch):
    send, calls = objectstore._send, []

    def flaky(local: Path, hidden: Location) -> None:
        calls.append(hidden.name)
        if len(calls) == 1:
            _half_then_fail(local, hidden)
        send(local, hidden)

    monkeypatch.setattr(objectstore, "_send", flaky)
    monkeypatch.setattr(objectstore.time, "sleep", lambda s: None)
    root = resolve(output) / "articles"
    writer = write(root, "s-run", [article(i) for i in range(3)])
    assert len(calls) == 2 and len(writer.published) == 1
    assert keys(root) == [SCHEMA_MARKER, MARKER, "site=alwaha/month=2026-10/s-run-0000.parquet"]
    assert len(read_rows(root, "articles", ["url"])) == 3


def test_an_unreachable_bucket_raises_clearly_after_retries(s3, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(objectstore.time, "sleep", lambda s: None)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    root = resolve(s3.url("no-such-bucket", "out")) / "articles"
    writer = PartitionedWriter(root, "articles", "s-run")
    writer.write(article(0))
    with pytest.raises(UploadFailed, match="after 3 attempts"):
        writer.close()
    assert writer.rows_published == 0 and not list(tmp_path.rglob("*.tmp"))


def test_an_aborted_writer_leaves_nothing_on_the_bucket_or_the_disk(output, tmp_path):
    root = resolve(output) / "articles"
    writer = PartitionedWriter(root, "articles", "s-run", batch_rows=2, file_rows=4)
    for i in range(6):  # one file of 4 rows published, a second one open with 2
        writer.write(article(i))
    assert len(visible_files(root)) == 1
    assert len(list(tmp_path.rglob(".akhbar-*.tmp"))) == 1  # the open file is local
    writer.abort()
    assert [f.name for f in visible_files(root)] == ["s-run-0000.parquet"]
    assert keys(root) == [MARKER, "site=alwaha/month=2026-10/s-run-0000.parquet"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_only_old_hidden_uploads_are_swept(output):
    root = resolve(output) / "articles"
    objectstore.write_small(root / "_uploads/x.parquet.1234.tmp", b"partial")
    assert sweep_temporary(root) == 0  # it may be another worker's upload in progress
    assert objectstore.sweep_uploads(root, older_than=timedelta(0)) == 1
    assert keys(root) == [MARKER]


def test_older_files_on_the_bucket_are_migrated_in_place(output):
    root = resolve(output) / "articles"
    old = pa.table({"url": ["http://h/1"], "site": ["s"], "title": ["t"]})  # no version
    pq.write_table(old, f"{root.path}/site=s/month=2026-10/old.parquet", filesystem=root.fs)
    assert len(migrate(root, "articles")) == 1
    migrated = pq.read_table(f"{root.path}/site=s/month=2026-10/old.parquet",
                             filesystem=root.fs, partitioning=None)
    assert migrated.schema.names == file_schema("articles").names and migrated.num_rows == 1
    assert marker_version(root) == SCHEMA_VERSION and migrate(root, "articles") == []


def test_compaction_on_object_storage_refuses_and_says_why(output, capsys):
    write(resolve(output) / "articles", "s-run", [article(i) for i in range(7)])
    with pytest.raises(CompactionRefused, match="rows twice or miss some"):
        compact(output, "articles")
    assert main(["compact", "-o", output]) == 2
    err = capsys.readouterr().err
    assert "object storage" in err and "endpoint_override" not in err
    assert not Path("s3:").exists()  # no local folder made of the URL
    assert len(visible_files(resolve(output) / "articles")) == 3  # untouched


def test_a_larger_file_is_uploaded_whole_under_its_name(output, tmp_path):
    local = tmp_path / "big.bin"
    local.write_bytes(secrets.token_bytes(3 << 20))
    target = resolve(output) / "big.bin"
    objectstore.upload(local, target)
    info = target.fs.get_file_info(target.path)
    assert info.type == pafs.FileType.File and info.size == 3 << 20
    assert keys(resolve(output)) == [MARKER, "big.bin"]


def test_a_crawl_writes_its_rows_to_the_bucket_and_counts_what_is_stored(output, tmp_path):
    crawler = get_crawler(Spider, {"PARQUET_DIR": output, "PARQUET_FILE_ROWS": 3,
                                   "PARQUET_BATCH_ROWS": 2, "AKHBAR_RUN_ID": "run-1"})
    crawler.spider = crawler._create_spider("objstore")
    crawler.stats.open_spider()
    writer = ParquetPipeline.from_crawler(crawler)
    writer.open_spider()
    for n in range(7):
        writer.process_item({**article(n), "fetched_at": datetime(2026, 10, 2, tzinfo=UTC),
                             "version": 1})
    writer.close_spider()
    stats = crawler.stats.get_stats()
    assert stats[f"{STORED}/articles"] == 7
    assert all(f.startswith("s3://") and "endpoint" not in f for f in stats["akhbar/files"])
    root = resolve(output)
    assert len(read_rows(root / "articles", "articles", ["url"])) == 7
    assert not Path("s3:").exists() and not list(tmp_path.rglob("*.tmp"))


def test_the_ledger_and_the_story_index_read_back_the_files_on_the_bucket(output, tmp_path,
                                                                           caplog):
    """What a crawl rebuilds from the dataset (files the ledger was not told of, a lost story
    index) is read from the bucket, not from a local folder named after the URL."""
    root = resolve(output) / "articles"
    now = datetime.now(UTC)
    write(root, "s-run", [{**article(i), "version": 1, "content_hash": f"h{i}",
                           "fetched_at": now, "text": f"نص الخبر رقم {i} " * 30}
                          for i in range(4)])
    settings = Settings({"PARQUET_DIR": output, "LEDGER_PATH": str(tmp_path / "ledger.sqlite"),
                         "CLUSTER_INDEX_PATH": str(tmp_path / "clusters.sqlite")})
    ledger = open_ledger(settings, site="alwaha")  # told of the files on the bucket
    assert ledger.lookup("http://alwaha.test/a/2").content_hash == "h2"
    assert ledger.recover(root) == 0  # every file is known now
    with caplog.at_level(logging.WARNING):
        open_story_index(settings, cluster_params(settings)).close()
    assert f"rebuilt from 4 articles of {root}" in caplog.text
    assert not Path("s3:").exists()


def test_two_redis_workers_write_the_bundled_site_to_s3_each_article_once(
        s3, output, redis_server, tmp_path):  # noqa: F811
    """End to end: `akhbar crawl --workers 2 --redis URL -o s3://...` (two real worker processes
    sharing the crawl on a real redis-server) against the bundled site; the articles read back
    from the bucket by pandas (s3fs) and DuckDB. What stays local (the logs; the ledger and the
    story index are on Redis) goes to STATE_DIR, the temporary files to TMPDIR; nothing on the
    local disk is named after the URL."""
    state, scratch = tmp_path / "state", tmp_path / "tmp"
    scratch.mkdir()
    # the workers run in tmp_path (a local folder made of the URL would show there), importing
    # this checkout; the AWS_* variables of the s3 fixture reach them through the environment
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    with LocalSite("alwaha") as site:
        done = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
             "--workers", "2", "--redis", redis_server.url, "-o", output, *ALLOW_LOOPBACK,
             "-s", f"STATE_DIR={state}",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        origin = site.origin
    said = done.stdout + done.stderr  # both workers' summaries and logs: shown on a failure
    assert done.returncode == 0, said
    assert "2 workers" in done.stdout, said
    bare = output.split("?")[0]  # the summaries name the bucket, never the URL's query
    assert done.stdout.count(f"Files: {bare}/articles/") == 2, said
    assert "endpoint_override" not in said
    # the health check reads the run's row on the bucket: the last worker out of the site
    # writes that row and checks it; the other leaves both to it
    assert "Health: 1 not enough history (alwaha)" in done.stdout, said

    articles = f"{bare}/articles"
    frame = pd.read_parquet(articles, storage_options=s3.storage_options,
                            columns=["url", "run_id"])
    assert frame["url"].is_unique and frame["run_id"].nunique() == 1, (frame, said)
    expected = {unquote(origin + path) for path in article_paths()}
    assert set(frame["url"].map(unquote)) == expected, said
    runs = pd.read_parquet(f"{bare}/runs", storage_options=s3.storage_options,
                           columns=["run_id", "articles"])
    assert runs["run_id"].tolist() == [frame["run_id"].iloc[0]], runs  # one row, both shares
    assert runs["articles"].tolist() == [len(frame)], runs

    # DuckDB without its httpfs extension (not installable offline): s3fs registered as an
    # fsspec filesystem, as docs/operations.md tells readers
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    con.register_filesystem(s3.s3fs())
    urls = [u for (u,) in con.sql(f"select url from read_parquet('{articles}/**/*.parquet', "
                                  "hive_partitioning=true)").fetchall()]
    assert len(urls) == len(set(urls)) and {unquote(u) for u in urls} == expected

    root = resolve(output)
    stored = keys(root)
    hidden = [k for k in stored if "_uploads/" in k and not k.endswith(MARKER)]
    assert not hidden, hidden  # no upload left at a hidden key
    assert all(k.endswith((".parquet", SCHEMA_MARKER, MARKER)) for k in stored), stored
    files = [f.name for f in visible_files(root / "articles")]
    assert files and all(re.search(r"-w[12]-\d{4}\.parquet$", n) for n in files)  # worker's names
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == ["redis", "state", "tmp"], made  # no "s3:" folder
    assert not list(scratch.iterdir()), list(scratch.iterdir())  # no local temporary file left
    assert len(list((state / "logs").glob("*.log"))) == 2  # one log per worker
    assert not (state / "clusters.sqlite").exists()  # the story index is on Redis too
