"""Incremental crawling over real HTTP: the ledger, re-fetch window, URL variants, windows, cap,
archive backfill and a crawl killed half-way."""

from __future__ import annotations

import html
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from pipelines.store.urls import url_key
from tests.sitefixtures import (
    ALLOW_LOOPBACK,
    ROOT,
    article_paths,
    crawl,
    expected_site,
    requested_articles,
    without_feed_links,
    without_robots_sitemap,
    written_paths,
)

EXPECTED = expected_site()
ARTICLES = article_paths()
BY_ID = {str(a["id"]): a for a in EXPECTED["articles"]}
NO_REFETCH = ("-s", "LEDGER_REFETCH_HOURS=0")
PARAGRAPHS = [
    "عقد مجلس المدينة جلسة طارئة مساء اليوم لمناقشة خطة إصلاح شبكة الطرق في الأحياء الشرقية "
    "بعد الأمطار الغزيرة التي شهدتها المنطقة خلال الأسبوع الماضي وأدت إلى تعطل حركة المرور.",
    "وقال رئيس المجلس إن الأعمال ستبدأ مطلع الشهر المقبل وتستمر ثلاثة أشهر، مشيرا إلى أن "
    "التمويل سيأتي من موازنة الطوارئ التي أقرها المجلس في جلسته السابقة بالإجماع.",
    "وطالب عدد من الأعضاء بنشر جدول زمني مفصل للأعمال وإشراك السكان في متابعة التنفيذ حتى لا "
    "تتكرر الأخطاء التي رافقت مشاريع سابقة في المدينة خلال السنوات الأخيرة.",
]


@pytest.fixture
def site():
    with LocalSite("alwaha") as running:
        yield running


def test_a_second_run_fetches_only_the_articles_published_in_between(site, tmp_path):
    later = ["1041", "1042", "1043"]
    site.hide(*later)
    first = crawl(site, tmp_path, *NO_REFETCH)
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(written_paths(tmp_path)) == len(ARTICLES) - 3
    site.unhide()
    second = crawl(site, tmp_path, *NO_REFETCH)
    assert second.returncode == 0, second.stderr[-2000:]
    assert sorted(requested_articles(site, second.requests)) == later
    assert sorted(written_paths(tmp_path)) == sorted(ARTICLES)
    third = crawl(site, tmp_path, *NO_REFETCH)  # nothing new: the sources answer 304
    assert not requested_articles(site, third.requests)
    assert "unchanged since the last complete run" in third.stdout
    assert sum(third.requests.values()) == 4  # robots.txt, rss, atom, sitemap index


def article_page(path: str, title: str, published: datetime, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{{{{ORIGIN}}}}{path}"><meta property="og:type" content="article">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "{published.isoformat()}"}}</script></head>
<body><article><h1>{title}</h1>{body}</article></body></html>"""


def publish(site: LocalSite, articles: dict[str, tuple[datetime, list[str]]]) -> None:
    """Serve test-made articles and a feed listing them."""
    items = ""
    for path, (published, paragraphs) in articles.items():
        site.override(path, article_page(path, "خطة لإصلاح الطرق", published, paragraphs))
        items += f"<item><title>t</title><link>{{{{ORIGIN}}}}{path}</link></item>"
    site.override("/test-feed.xml", f"<rss><channel>{items}</channel></rss>",
                  content_type="application/rss+xml")


def test_an_edit_inside_the_refetch_window_becomes_version_2_and_older_ones_are_left(
        site, tmp_path):
    now = datetime.now(UTC)
    young, old = "/local/2026/11/29/7001/طرق", "/local/2026/11/25/7002/طرق"
    args = ("-a", "feeds=/test-feed.xml", "-a", "sitemaps=", "-s", "LEDGER_REFETCH_HOURS=48")
    without_robots_sitemap(site)
    publish(site, {young: (now - timedelta(hours=2), PARAGRAPHS),
                   old: (now - timedelta(hours=100), PARAGRAPHS)})
    assert crawl(site, tmp_path, *args).returncode == 0
    unchanged = crawl(site, tmp_path, *args)
    assert requested_articles(site, unchanged.requests) == {"7001": 1}  # and 304
    assert len(written_paths(tmp_path)) == 2  # a 304: nothing written
    edited = [*PARAGRAPHS[:2], PARAGRAPHS[2] + " وأكد المجلس أن الخطة قابلة للتعديل."]
    publish(site, {young: (now - timedelta(hours=2), edited),
                   old: (now - timedelta(hours=100), edited)})
    third = crawl(site, tmp_path, *args)
    assert requested_articles(site, third.requests) == {"7001": 1}
    df = pd.read_parquet(tmp_path / "articles")
    versions = sorted(zip(df["url"].map(url_key), df["version"], strict=True))
    assert [v for k, v in versions if k.endswith("7001/%D8%B7%D8%B1%D9%82")] == [1, 2]
    assert [v for k, v in versions if k.endswith("7002/%D8%B7%D8%B1%D9%82")] == [1]
    latest = df[df["version"] == 2].iloc[0]
    assert "قابلة للتعديل" in latest["text"]


def test_spellings_of_one_article_give_one_row(site, tmp_path):
    article = EXPECTED["articles"][5]
    path, slug = article["path"], article["slug"]
    base = path[: -len(path.split("/")[-1])]
    spellings = [path + "?utm_source=rss&utm_medium=feed", path + "?fbclid=IwAR0x",
                 path + "/amp", path.lower(), base + slug, base + "عنوان-قديم"]
    items = "".join(f"<item><link>{{{{ORIGIN}}}}{html.escape(s)}</link></item>"
                    for s in spellings)
    site.override("/variants.xml", f"<rss><channel>{items}</channel></rss>",
                  content_type="application/rss+xml")
    without_robots_sitemap(site)
    run = crawl(site, tmp_path, "-a", "feeds=/variants.xml", "-a", "sitemaps=")
    assert run.returncode == 0, run.stderr[-2000:]
    assert written_paths(tmp_path) == [unquote(path)]
    rejects = pd.read_parquet(tmp_path / "rejects")
    assert rejects["reason"].tolist() == ["duplicate_url"]  # the old slug: known after fetching
    assert sum(requested_articles(site, run.requests).values()) == 2


def test_since_and_until_keep_out_what_the_sources_date_outside_the_window(site, tmp_path):
    run = crawl(site, tmp_path, "--since", "2026-11-20T00:00:00+02:00",
                "--until", "2026-11-25T23:59:59+02:00")
    assert run.returncode == 0, run.stderr[-2000:]
    inside = {a["id"] for a in EXPECTED["articles"]
              if "2026-11-20" <= a["published"][:10] <= "2026-11-25"}
    df = pd.read_parquet(tmp_path / "articles")
    assert len(df) == len(inside)
    assert df["published"].min() >= pd.Timestamp("2026-11-19T22:00Z")
    fetched = {int(i) for i in requested_articles(site, run.requests)}
    assert inside <= fetched
    touched = {a["id"] for a in EXPECTED["articles"] if a["modified"] and
               "2026-11-20" <= a["modified"][:10] <= "2026-11-25"}
    assert fetched <= inside | touched  # only entries the sources date inside the window


def test_the_per_site_cap_limits_articles_per_run(site, tmp_path):
    run = crawl(site, tmp_path, "--max-articles", "5")
    assert run.returncode == 0
    assert sum(requested_articles(site, run.requests).values()) == 5
    assert len(written_paths(tmp_path)) == 5


def test_archive_backfill_walks_each_day_of_the_window(site, tmp_path):
    without_feed_links(site)
    without_robots_sitemap(site)
    run = crawl(site, tmp_path, "-a", "feeds=", "-a", "sitemaps=", "-a", "backfill=1",
                "-a", "since=2026-10-05", "-a", "until=2026-10-09T23:59:59+03:00")
    assert run.returncode == 0, run.stderr[-2000:]
    days = [p for p in run.requests if p.startswith("/archive/")]
    assert sorted(days) == [f"/archive/2026/10/0{d}/" for d in range(5, 10)]
    wanted = {unquote(a["path"]) for a in EXPECTED["articles"]
              if "2026-10-05" <= a["published"][:10] <= "2026-10-09"}
    assert set(written_paths(tmp_path)) == wanted and wanted


@pytest.mark.parametrize("files_before_kill", [1, 2, 5])  # early, early-ish, late in the crawl
def test_a_killed_crawl_loses_nothing_and_fetches_nothing_twice(site, tmp_path,
                                                                 files_before_kill):
    site.article_delay = 0.25
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a", f"home={site.origin}",
           "-o", str(tmp_path), "-s", "PARQUET_BATCH_ROWS=4", "-s", "PARQUET_FILE_ROWS=4",
           *NO_REFETCH, *ALLOW_LOOPBACK]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    articles = tmp_path / "articles"
    deadline = time.monotonic() + 60
    while (time.monotonic() < deadline
           and len(list(articles.rglob("*.parquet"))) < files_before_kill):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = set(written_paths(tmp_path))
    assert 0 < len(kept) < len(ARTICLES)
    with sqlite3.connect(tmp_path / "ledger.sqlite") as db:
        claimed = {row[0] for row in db.execute("SELECT url FROM articles")}
    assert {url_key(u) for u in claimed} <= {url_key(u) for u in pd.read_parquet(articles)["url"]}
    site.article_delay = 0
    rerun = crawl(site, tmp_path, *NO_REFETCH)
    assert rerun.returncode == 0
    refetched = {unquote(BY_ID[i]["path"]) for i in requested_articles(site, rerun.requests)
                 if i in BY_ID}
    assert not refetched & kept
    written = written_paths(tmp_path)
    assert sorted(written) == sorted(ARTICLES)  # every article exactly once
