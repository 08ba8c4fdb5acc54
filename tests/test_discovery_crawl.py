"""Discovery over real HTTP: every way a site can expose its articles, and the ways it breaks."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from tests.sitefixtures import (
    article_paths,
    crawl,
    gone,
    news_sitemap,
    requested_articles,
    without_feed_links,
    without_robots_sitemap,
    written_paths,
)

ARTICLES = article_paths()


@pytest.fixture
def site():
    with LocalSite("alwaha") as running:
        yield running


def assert_every_article_once(run) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    written = written_paths(run.output)
    assert sorted(written) == sorted(ARTICLES)


def test_a_feed_only_site_yields_every_article(site, tmp_path):
    without_robots_sitemap(site)
    run = crawl(site, tmp_path, "-a", "feeds=/feed.json", "-a", "sitemaps=")
    assert_every_article_once(run)
    assert not [p for p in run.requests if "sitemap" in p]


def test_a_sitemap_only_site_yields_every_article(site, tmp_path):
    without_feed_links(site)
    gone(site, "/rss.xml", "/atom.xml", "/feed.json")
    run = crawl(site, tmp_path, "-a", "feeds=", "-a", "sitemaps=/sitemap.xml")
    assert_every_article_once(run)
    assert run.requests["/"] == 1  # looked for advertised feeds, found none
    assert not {"/rss.xml", "/atom.xml", "/feed.json"} & set(run.requests)


def test_a_news_sitemap_only_site_yields_every_article_with_its_news_fields(site, tmp_path):
    without_feed_links(site)
    without_robots_sitemap(site)
    site.override("/news-sitemap.xml", news_sitemap("من-خريطة-الأخبار"), content_type="text/xml")
    run = crawl(site, tmp_path, "-a", "feeds=", "-a", "sitemaps=/news-sitemap.xml")
    assert_every_article_once(run)
    keywords = pd.read_parquet(tmp_path / "articles")["keywords"]
    assert all("من-خريطة-الأخبار" in list(k) for k in keywords)


def test_a_links_only_site_yields_every_article_and_rejects_the_gallery(site, tmp_path):
    without_feed_links(site)
    without_robots_sitemap(site)
    run = crawl(site, tmp_path, "-a", "feeds=", "-a", "sitemaps=")
    assert_every_article_once(run)
    assert run.requests["/politics/"] == 1  # section fronts found in the home page's menu
    rejects = pd.read_parquet(tmp_path / "rejects")
    assert rejects["reason"].tolist() == ["not_article"]


def test_sitemaps_listed_in_robots_txt_are_read(site, tmp_path):
    run = crawl(site, tmp_path, "-a", "feeds=/rss.xml", "-a", "sitemaps=")
    assert_every_article_once(run)  # the RSS feed has the 20 newest; robots.txt the rest
    assert run.requests["/sitemap.xml"] == 1 and run.requests["/robots.txt"] == 1


def test_when_declared_feeds_have_moved_the_home_page_s_feeds_are_used(site, tmp_path):
    run = crawl(site, tmp_path, "-a", "feeds=/old/rss.xml,/old/atom.xml", "-a", "sitemaps=")
    assert_every_article_once(run)
    assert run.requests["/feed.json"] == 1
    rejects = pd.read_parquet(tmp_path / "rejects")
    moved = rejects[rejects["stage"] == "discover"]
    assert sorted(moved["reason"]) == ["http_404", "http_404"]


def test_broken_sources_are_logged_once_counted_and_the_crawl_goes_on(site, tmp_path):
    site.override("/broken.xml", "<html><body><p>صفحة وليست خلاصة</p>")
    site.override("/loop.xml", '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                  "<sitemap><loc>{{ORIGIN}}/loop.xml</loc></sitemap>"
                  "<sitemap><loc>{{ORIGIN}}/sitemap.xml</loc></sitemap></sitemapindex>",
                  content_type="application/xml")
    filler = "".join(f"<url><loc>{{{{ORIGIN}}}}/tag/t{n}/</loc></url>" for n in range(49_956))
    real = "".join(f"<url><loc>{{{{ORIGIN}}}}{p}</loc></url>" for p in sorted(ARTICLES))
    site.override("/huge.xml", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                  f"{filler}{real}</urlset>", content_type="application/xml")
    without_robots_sitemap(site)
    run = crawl(site, tmp_path, "--log-level", "WARNING",
                "-a", "feeds=/broken.xml,/missing.xml", "-a", "sitemaps=/loop.xml,/huge.xml")
    assert_every_article_once(run)
    warned = Counter(line.split(" discovery source ")[-1].split(" failed")[0]
                     for line in run.stderr.splitlines() if "discovery source" in line)
    assert set(warned) == {site.url("/broken.xml"), site.url("/missing.xml")}
    assert set(warned.values()) == {1}  # each problem logged once
    assert sum("a loop" in line for line in run.stderr.splitlines()) == 1
    problems = run.stdout.split("discovery problems: ")[1].splitlines()[0]
    for reason in ("not_a_feed 1", "http_404 1", "sitemap_loop 1"):
        assert reason in problems
    assert run.requests["/loop.xml"] == 1
    assert set(requested_articles(site, run.requests).values()) == {1}
