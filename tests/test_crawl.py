"""A real crawl of the bundled site over HTTP on 127.0.0.1, read back from Parquet."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from urllib.parse import unquote, urlsplit

import pandas as pd
import pyarrow.parquet as pq
import pytest

from crawler.demo.localsite import LocalSite
from pipelines.normalize import readable
from tests.sitefixtures import ALLOW_LOOPBACK, ROOT, CrawlRun, expected_site, run_cli

EXPECTED = expected_site()
ARTICLES = {a["path"]: a for a in EXPECTED["articles"]}


@pytest.fixture(scope="module")
def site():
    with LocalSite("alwaha") as running:
        yield running


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory) -> CrawlRun:
    output = tmp_path_factory.mktemp("crawl")
    site.reset_log()
    proc = run_cli("crawl", "alwaha", "-a", f"home={site.origin}", "-o", str(output))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return CrawlRun(output, proc.returncode, proc.stdout, proc.stderr, site.request_counts())


@pytest.fixture(scope="module")
def articles(crawl) -> pd.DataFrame:
    df = pd.read_parquet(crawl.output / "articles")
    df["path"] = [urlsplit(u).path for u in df["url"]]
    return df.set_index("path")


@pytest.fixture(scope="module")
def rejects(crawl) -> pd.DataFrame:
    return pd.read_parquet(crawl.output / "rejects")


def test_one_row_per_article_page_and_none_for_other_pages(articles):
    assert articles.index.is_unique
    assert sorted(articles.index) == sorted(ARTICLES)
    non_articles = {n["path"] for n in EXPECTED["non_articles"]}
    assert not non_articles & set(articles.index)


def test_a_page_that_matches_the_pattern_but_is_no_article_becomes_a_reject(rejects):
    gallery = [n["path"] for n in EXPECTED["non_articles"] if n["kind"] == "gallery"]
    rejected = {urlsplit(u).path: r for u, r in zip(rejects["url"], rejects["reason"],
                                                     strict=True)}
    for path in gallery:
        assert rejected.get(path) == "not_article"


def test_every_url_the_crawl_fetched_ends_as_an_article_or_a_reject(crawl, articles, rejects):
    fetched = {unquote(p) for p in crawl.requests if p not in ("/robots.txt",)}
    written = {unquote(urlsplit(u).path) for u in
               [*pd.read_parquet(crawl.output / "articles")["fetched_url"], *rejects["url"]]}
    discovery = {p for p in fetched if p.endswith(".xml")}
    assert fetched - discovery <= written


@pytest.mark.parametrize("path", sorted(ARTICLES), ids=lambda p: str(ARTICLES[p]["id"]))
def test_article_fields_match_the_page(articles, path):
    want, row = ARTICLES[path], articles.loc[path]
    assert row["title"] == readable(want["title"])
    for paragraph in want["paragraphs"]:
        assert readable(paragraph) in row["text"]
    assert list(row["authors"]) == [readable(a) for a in want["authors"]]
    assert row["published"] == pd.Timestamp(datetime.fromisoformat(want["published"]))
    if want["modified"]:
        assert row["modified"] == pd.Timestamp(datetime.fromisoformat(want["modified"]))
    assert row["section"] == want["section_name"]
    assert row["language"] == "ar"
    assert row["arabic_share"] > 0.9
    assert row["word_count"] > 50
    assert row["text_norm"] and row["content_hash"]
    assert row["site"] == "alwaha" and row["http_status"] == 200
    lines = row["text"].split("\n")
    assert "إعلان" not in lines and readable(want["title"]) not in lines
    for boilerplate in ("اقرأ أيضا", "شارك:", "اشترك في النشرة", "تصوير:", "آخر تحديث",
                        "أخبار ذات صلة", "الكلمات المفتاحية", "الأكثر تداولا"):
        assert boilerplate not in row["text"]
    assert set(lines) <= {readable(p) for p in want["paragraphs"]}  # nothing but the body


def test_the_crawl_is_polite_and_fetches_each_page_once(crawl):
    assert crawl.requests["/robots.txt"] == 1
    assert not [p for p in crawl.requests if p.startswith("/admin")]
    article_requests = [n for p, n in crawl.requests.items() if unquote(p) in
                        {unquote(a) for a in ARTICLES}]
    assert len(article_requests) == len(ARTICLES) and set(article_requests) == {1}


def test_the_summary_says_what_was_written_and_how_to_load_it(crawl):
    assert f"{len(ARTICLES)} articles" in crawl.stdout
    assert "pd.read_parquet(" in crawl.stdout
    assert "alwaha" in crawl.stdout


def test_plain_scrapy_crawl_uses_the_same_pipelines(site, tmp_path):
    listing = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert "alwaha" in listing.stdout.split()
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "alwaha", "-a", f"home={site.origin}",
         "-s", f"PARQUET_DIR={tmp_path}", "-s", "LOG_LEVEL=WARNING", *ALLOW_LOOPBACK],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(pd.read_parquet(tmp_path / "articles")) == len(ARTICLES)
    given = json.loads(pd.read_parquet(tmp_path / "runs")["settings_given"].iloc[0])
    assert given == {"PARQUET_DIR": str(tmp_path), "LOG_LEVEL": "WARNING",
                     "ADDRESSES_ALLOW": ALLOW_LOOPBACK[1].partition("=")[2]}


def test_demo_serves_the_site_crawls_it_and_prints_a_summary(tmp_path):
    proc = run_cli("demo", "-o", str(tmp_path), "-s", "PARQUET_BATCH_ROWS=7",
                   "-s", "LOGS_KEEP_DAYS=9")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "127.0.0.1" in proc.stdout and f"{len(ARTICLES)} articles" in proc.stdout
    assert len(pd.read_parquet(tmp_path / "articles")) == len(ARTICLES)
    runs = pd.read_parquet(tmp_path / "runs")
    assert json.loads(runs["settings_given"].iloc[0]) == {
        "PARQUET_BATCH_ROWS": "7", "LOGS_KEEP_DAYS": "9"}
    row_groups = pq.ParquetFile(next((tmp_path / "articles").rglob("*.parquet"))).num_row_groups
    assert row_groups > 1  # the setting was applied, not only recorded
