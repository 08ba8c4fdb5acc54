"""History through the same pipeline: a crawl of the bundled site with --save-warc, its archive
read again by `akhbar ingest-warc` and `akhbar reextract`, and foreign WARC files with broken
records. Real crawls over HTTP on 127.0.0.1, real Parquet read back."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from crawler.ingest import WarcJob, WarcSpider
from crawler.spiders.base import NewsSpider
from pipelines.store.schema import RESULT_EXCLUDED
from pipelines.store.warcread import WarcPage, read_warc
from tests.sitefixtures import ROOT, expected_site, run_cli
from tests.warcfiles import raw_member, warcio_response, write_file

ARTICLE_PATHS = sorted(a["path"] for a in expected_site()["articles"])
# what differs by construction between two runs over the same pages
RUN_COLUMNS = {"fetched_at", "run_id", "source", "warc_file", "warc_offset"}


@pytest.fixture(scope="module")
def site():
    with LocalSite("alwaha") as running:
        yield running


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("crawl")
    proc = run_cli("crawl", "alwaha", "-a", f"home={site.origin}", "-o", str(output),
                   "--save-warc")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def ingested(site, crawled, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("ingest")
    proc = run_cli("ingest-warc", str(crawled / "raw"), "-o", str(output),
                   "--home", f"alwaha={site.origin}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return output


def articles(output: Path) -> pd.DataFrame:
    return pd.read_parquet(output / "articles").set_index("url").sort_index()


def same_rows(left: pd.DataFrame, right: pd.DataFrame) -> None:
    assert list(left.index) == list(right.index)
    columns = [c for c in left.columns if c not in RUN_COLUMNS]
    pd.testing.assert_frame_equal(left[columns], right[columns], check_categorical=False)


def test_the_crawls_rows_say_where_their_archived_response_is(crawled):
    rows = articles(crawled)
    assert len(rows) == len(ARTICLE_PATHS)
    assert set(rows["source"]) == {"crawl"}
    for _, row in rows.iterrows():
        assert row["warc_file"].startswith("raw/alwaha/")
        with (crawled / row["warc_file"]).open("rb") as stream:
            stream.seek(row["warc_offset"])
            page = next(read_warc(stream, row["warc_file"], start=row["warc_offset"]))
        assert isinstance(page, WarcPage)
        assert page.url == row["fetched_url"]
        assert page.fetched_at == row["fetched_at"].to_pydatetime()


def test_ingesting_the_archive_gives_the_same_articles_as_the_crawl(crawled, ingested):
    again = articles(ingested)
    same_rows(articles(crawled), again)
    assert set(again["source"]) == {"warc"}
    assert (again["fetched_at"] == articles(crawled)["fetched_at"]).all()  # the WARC-Date
    rejects = pd.read_parquet(ingested / "rejects")
    assert list(rejects["reason"]) == list(pd.read_parquet(crawled / "rejects")["reason"])


def test_reextracting_an_archive_alone_rebuilds_the_same_articles(crawled, tmp_path):
    shutil.copytree(crawled / "raw", tmp_path / "raw")
    proc = run_cli("reextract", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    rebuilt = articles(tmp_path)
    same_rows(articles(crawled), rebuilt)
    assert set(rebuilt["source"]) == {"reextract"}
    assert list(rebuilt["warc_file"]) == list(articles(crawled)["warc_file"])


def test_reextracting_with_the_same_stages_writes_no_new_version(crawled, tmp_path):
    output = tmp_path / "out"
    shutil.copytree(crawled, output)
    proc = run_cli("reextract", "-o", str(output), "--site", "alwaha")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert " 0 articles" in proc.stdout.splitlines()[0]
    assert len(articles(output)) == len(ARTICLE_PATHS)  # no row added


def test_reextracting_after_a_site_fix_writes_new_versions_where_the_result_changed(
        crawled, tmp_path):
    output = tmp_path / "out"
    shutil.copytree(crawled, output)
    # the site's timezone corrected (tests/warcsites): the dates of its pages are read again
    proc = run_cli("reextract", "-o", str(output), "-s", "SPIDER_MODULES=tests.warcsites")
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = pd.read_parquet(output / "articles")
    new = rows[rows["source"] == "reextract"].set_index("url")
    old = rows[rows["source"] == "crawl"].set_index("url")
    assert len(old) == len(ARTICLE_PATHS) and 0 < len(new) <= len(old)
    assert set(new["version"]) == {2}
    compared = [c for c in new.columns if c not in RESULT_EXCLUDED]
    changed = set()
    for url in new.index:
        differ = {c for c in compared if str(new.at[url, c]) != str(old.at[url, c])}
        assert differ, url
        changed |= differ
    assert all(c.startswith(("published", "modified")) for c in changed), changed


def test_an_ingest_killed_midway_goes_on_where_it_stopped(site, crawled, tmp_path):
    common = [str(crawled / "raw"), "-o", str(tmp_path), "--home", f"alwaha={site.origin}"]
    # small files, so that some rows are committed before the kill
    first = subprocess.Popen([sys.executable, "-m", "crawler.cli", "ingest-warc", *common,
                              "-s", "PARQUET_FILE_ROWS=4", "-s", "AKHBAR_WORKERS=0"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list((tmp_path / "articles").rglob("*.parquet")) and time.monotonic() < deadline:
        assert first.poll() is None, "the ingest ended before any file was committed"
        time.sleep(0.005)
    assert first.poll() is None
    first.kill()  # kill -9: no clean shutdown
    first.wait()
    done = len(articles(tmp_path))
    assert 0 < done < len(ARTICLE_PATHS)
    second = run_cli("ingest-warc", *common)
    assert second.returncode == 0, second.stderr[-3000:]
    rows = articles(tmp_path)
    assert rows.index.is_unique and len(rows) == len(ARTICLE_PATHS)
    assert "already read by an earlier ingest-warc" in second.stdout


@pytest.mark.parametrize("workers", ["0", "2"])
def test_an_ingest_stopped_by_closespider_ends_and_the_next_run_does_the_rest(
        site, crawled, tmp_path, workers):
    common = [str(crawled / "raw"), "-o", str(tmp_path), "--home", f"alwaha={site.origin}",
              "-s", f"AKHBAR_WORKERS={workers}"]
    first = run_cli("ingest-warc", *common, "-s", "CLOSESPIDER_ITEMCOUNT=3",
                    "-s", "WARC_IN_FLIGHT=4", timeout=120)  # it used to wait for ever
    assert first.returncode == 1, first.stderr[-3000:]  # the run did not finish
    assert "closespider_itemcount" in first.stdout
    done = len(articles(tmp_path))
    assert 3 <= done < len(ARTICLE_PATHS)
    second = run_cli("ingest-warc", *common)
    assert second.returncode == 0, second.stderr[-3000:]
    rows = articles(tmp_path)
    assert rows.index.is_unique and len(rows) == len(ARTICLE_PATHS)


def test_an_ingest_interrupted_with_ctrl_c_stops_and_publishes_what_it_has(tmp_path):
    from bench.warcingest import build_warc

    pages = 300
    warc = build_warc(tmp_path / "in", pages)  # generated articles of the bundled site
    output = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "crawler.cli", "ingest-warc", str(warc),
                              "-o", str(output), "-s", "PARQUET_FILE_ROWS=10",
                              "-s", "PARQUET_BATCH_ROWS=10", "-s", "AKHBAR_WORKERS=1"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    deadline = time.monotonic() + 120
    while not list((output / "articles").rglob("*.parquet")) and time.monotonic() < deadline:
        assert first.poll() is None, "the ingest ended before any file was committed"
        time.sleep(0.005)
    first.send_signal(signal.SIGINT)
    out, _ = first.communicate(timeout=120)  # it used to wait for ever
    assert first.returncode == 1, out
    assert "shutdown" in out
    assert 0 < len(articles(output)) < pages


def test_foreign_warc_with_broken_records_keeps_the_good_pages_and_names_each_problem(
        site, tmp_path):
    pages = {path: urllib.request.urlopen(site.origin + path).read()
             for path in ARTICLE_PATHS[:3]}
    base = site.origin

    def build(writer, stream):
        for path, body in list(pages.items())[:2]:
            warcio_response(writer, base + path, body)
        stream.write(raw_member(base + "/broken", b"GARBAGE\r\n\r\n<html></html>"))
        warcio_response(writer, base + "/file.pdf", b"%PDF-1.4", "application/pdf")
        writer.write_record(writer.create_revisit_record(
            base + ARTICLE_PATHS[0], digest="sha1:AAAA", refers_to_uri=base + ARTICLE_PATHS[0],
            refers_to_date="2026-11-19T00:00:00Z"))
        warcio_response(writer, "http://unknown.example/a", pages[ARTICLE_PATHS[0]])
        stream.write(raw_member(base + "/short", b"HTTP/1.1 200 OK\r\n\r\n<html>",
                                declared_length=500))
        member = raw_member(base + "/cut", b"HTTP/1.1 200 OK\r\n\r\n" + b"<p>x</p>" * 400)
        stream.write(member[: len(member) // 2])
        path, body = list(pages.items())[2]
        warcio_response(writer, base + path, body)

    warc = write_file(tmp_path / "foreign.warc.gz", build)
    output = tmp_path / "out"
    proc = run_cli("ingest-warc", str(warc), "-o", str(output), "--home", f"alwaha={base}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    kept = articles(output)
    assert sorted(kept["fetched_url"]) == sorted(base + p for p in pages)
    rejects = pd.read_parquet(output / "rejects")
    reasons = dict(zip(rejects["url"], rejects["reason"], strict=True))
    assert reasons[base + "/broken"] == "bad_http_header"
    assert reasons[base + "/file.pdf"] == "not_html"
    assert reasons[base + ARTICLE_PATHS[0]] == "revisit"
    assert reasons["http://unknown.example/a"] == "unknown_site"
    assert reasons[base + "/short"] == "truncated"
    assert "damaged_gzip" in set(reasons.values())
    assert set(rejects["stage"]) == {"warc"}
    assert (rejects["warc_file"] == str(warc)).all()
    assert set(rejects.loc[rejects["reason"] == "unknown_site", "site"]) == {"warc"}


def test_a_record_belongs_to_the_site_of_its_host_or_of_the_nearest_parent_domain():
    news = NewsSpider(name="news", home="https://www.news.example/", domains="news.example")
    city = NewsSpider(name="city", home="https://city.news.example/")
    spider = WarcSpider(WarcJob(files=[], sites={"news": news, "city": city}))
    assert spider._site_of("https://www.news.example/a") is news
    assert spider._site_of("https://SPORT.News.Example:8443/a") is news
    assert spider._site_of("https://m.city.news.example/a") is city
    assert spider._site_of("https://fakenews.example/a") is None
    assert spider._site_of("https://news.example.org/a") is None
    assert spider._site_of("http://[broken/a") is None


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    proc = run_cli("ingest-warc", str(tmp_path / "missing.warc.gz"), "-o", str(tmp_path))
    assert proc.returncode == 2
    assert "no such file" in proc.stderr


@pytest.fixture
def served(tmp_path):
    """tmp_path served over HTTP on 127.0.0.1."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_gzipped_paths_listing_of_http_urls_reads_like_the_files(site, crawled, served):
    folder, origin = served
    names = []
    for path in sorted((crawled / "raw").rglob("*.warc.gz")):
        shutil.copy(path, folder / path.name)
        names.append(f"warcs/../{path.name}")
    (folder / "warc.paths.gz").write_bytes(gzip.compress("\n".join(names).encode()))
    output = folder / "out"
    proc = run_cli("ingest-warc", f"{origin}/warc.paths.gz", "-o", str(output),
                   "--home", f"alwaha={site.origin}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = articles(output)
    same_rows(articles(crawled), rows)
    assert all(f.startswith(f"{origin}/") for f in rows["warc_file"])


def test_all_arabic_keeps_the_arabic_pages_of_sites_outside_the_catalogue(site, tmp_path):
    arabic = urllib.request.urlopen(site.origin + ARTICLE_PATHS[0]).read()
    english = ("<html lang='en'><head><meta property='og:type' content='article'>"
               "<title>Markets rally</title></head><body><article><h1>Markets rally</h1>"
               + "".join(f"<p>Shares rose in early trading on day {i} as investors weighed the "
                         "latest figures from the central bank and the ministry of finance, "
                         "which reported a narrower deficit than expected.</p>"
                         for i in range(12))
               + "</article></body></html>").encode()
    declared = english.replace(b"lang='en'", b"lang='ar'")  # says Arabic, is not

    def build(writer, stream):
        warcio_response(writer, "http://www.arabic-outlet.example/news/1", arabic)
        warcio_response(writer, "http://english-outlet.example/news/2", english)
        warcio_response(writer, "http://mislabelled.example/news/3", declared)

    warc = write_file(tmp_path / "mixed.warc.gz", build)
    output = tmp_path / "out"
    proc = run_cli("ingest-warc", str(warc), "-o", str(output), "--all-arabic")
    assert proc.returncode == 0, proc.stderr[-3000:]
    kept = pd.read_parquet(output / "articles")
    assert list(kept["fetched_url"]) == ["http://www.arabic-outlet.example/news/1"]
    assert list(kept["site"]) == ["arabic-outlet.example"]
    assert list(kept["language"]) == ["ar"]
    assert "warc: articles by site: arabic-outlet.example 1\n" in proc.stdout
    rejects = pd.read_parquet(output / "rejects").set_index("url")
    assert rejects.at["http://english-outlet.example/news/2", "reason"] == "not_arabic"
    assert rejects.at["http://mislabelled.example/news/3", "reason"] == "not_arabic"
    assert "language is en" in rejects.at["http://mislabelled.example/news/3", "detail"]
