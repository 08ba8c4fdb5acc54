"""The site catalogue: every spider is well formed, the issue's regions are covered, the
article patterns match the sites' article URLs and not their fronts, and docs/sites.md and
`akhbar sites` are generated from the classes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, available_timezones

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.catalogue import catalogue_markdown, region_of
from crawler.cli import main
from crawler.onboard.siteguess import zone_table
from crawler.sites import site_classes
from pipelines.store.ledger import Ledger
from pipelines.store.urls import on_hosts, site_hosts

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = site_classes()
LIVE = {name: spider for name, spider in CATALOGUE.items() if spider.live}

# The outlets issue 4 names, by the region it files them under.
ISSUE_REGIONS = {
    "Egypt": {"youm7", "masrawy", "almasryalyoum", "shorouknews", "ahram", "akhbarelyom"},
    "Gulf": {"alarabiya", "alkhaleej", "albayan", "alyaum", "okaz", "sabq", "aawsat", "alqabas",
             "alraimedia", "alwatan"},
    "Levant": {"annahar", "lbcgroup", "alghad", "almadenahnews", "enabbaladi", "aljoumhouria"},
    "Iraq": {"shafaq", "alsumaria"},
    "Maghreb": {"hespress", "assabah", "echoroukonline", "elkhabar", "alyaoum24", "alwasat"},
    "Pan-Arab and international": {"aljazeera", "bbcarabic", "cnnarabic", "rtarabic",
                                   "sputnikarabic", "france24arabic", "dwarabic",
                                   "skynewsarabia", "independentarabia", "aaarabic", "alquds",
                                   "arabi21"},
}

# One article path and one section-front path per live site, in the shapes the sites use (the
# slugs are made up). A site added to the catalogue adds its line here.
EXAMPLES = {
    "aaarabic": ("/ar/الدول-العربية/مثال-خبر/3112345", "/ar/الدول-العربية"),
    "aawsat": ("/العالم-العربي/4811234-مثال-خبر", "/العالم-العربي"),
    "ahram": ("/News/4612345.aspx", "/Portal/13/أخبار.aspx"),
    "akhbarelyom": ("/news/newdetails/4212345/1/مثال-خبر", "/news/newsection/1"),
    "alarabiya": ("/arab-and-world/egypt/2024/01/15/مثال-خبر", "/arab-and-world/egypt"),
    "alayam": ("/online/local/1012345/News.html", "/online/local"),
    "albayan": ("/uae/news/2024-01-15-1.4812345", "/uae/news"),
    "alghad": ("/Story/5012345/مثال-خبر", "/Section/محليات"),
    "aljazeera": ("/news/2024/1/15/مثال-خبر", "/news/"),
    "aljoumhouria": ("/ar/news/712345/مثال-خبر", "/ar/category/politics"),
    "alkhaleej": ("/2024-01-15/مثال-خبر/أخبار-الدار/الإمارات", "/الإمارات"),
    "almadenahnews": ("/article/1123456-مثال-خبر", "/category/local"),
    "almasdaronline": ("/articles/281234", "/category/1"),
    "almasryalyoum": ("/news/details/3112345", "/section/index/3"),
    "alqabas": ("/article/5912345-مثال-خبر", "/section/local"),
    "alquds": ("/مثال-خبر-عاجل/", "/category/politics/"),
    "alrai": ("/article/10812345/محليات/مثال-خبر", "/section/محليات"),
    "alraimedia": ("/article/1671234/محليات/مثال-خبر", "/section/محليات"),
    "alsharq": ("/article/15/01/2024/مثال-خبر", "/section/local"),
    "alsumaria": ("/news/politics/471234/مثال-خبر", "/news/politics"),
    "alwasat": ("/news/libya/412345", "/news/libya"),
    "alwatan": ("/article/1131234", "/section/local"),
    "alyaoum24": ("/1823456.html", "/category/news"),
    "alyaum": ("/articles/6512345/محليات/مثال-خبر", "/sections/محليات"),
    "annahar": ("/arabic/politics/lebanon/15012024101530123/مثال", "/arabic/section/76-العالم"),
    "arabi21": ("/story/1523456/مثال-خبر", "/section/1"),
    "assabah": ("/article/164999/مثال-خبر", "/national"),
    "bbcarabic": ("/arabic/articles/c4nn3e2x7zzo", "/arabic/topics/c4794229z0xt"),
    "cnnarabic": ("/middle-east/article/2024/01/15/example-story", "/middle-east"),
    "dwarabic": ("/ar/مثال-خبر/a-67981234", "/ar/العالم-العربي/s-9107"),
    "echoroukonline": ("/مثال-خبر-عاجل", "/category/national"),
    "elkhabar": ("/press/article/231234/مثال-خبر", "/press/category/28"),
    "elwatannews": ("/news/details/7012345", "/section/details/1"),
    "enabbaladi": ("/archives/689990", "/category/news"),
    "france24arabic": ("/ar/الشرق-الأوسط/20240115-مثال-خبر", "/ar/الشرق-الأوسط/"),
    "hespress": ("/مثال-خبر-1289123.html", "/politique"),
    "independentarabia": ("/node/512345/سياسة/مثال-خبر", "/سياسة"),
    "lbcgroup": ("/news/lebanon-news/745123/مثال-خبر/ar", "/news/lebanon-news/ar"),
    "maannews": ("/news/2101234.html", "/news"),
    "masrawy": ("/news/news_egypt/details/2024/1/15/2531234/مثال-خبر", "/news/news_egypt"),
    "okaz": ("/news/local/2151234", "/news/local"),
    "rtarabic": ("/middle_east/1523456-مثال-خبر/", "/middle_east/"),
    "sabq": ("/saudia/bh9m4b2h2q", "/saudia"),
    "shafaq": ("/ar/سياسة/مثال-خبر", "/ar/سياسة"),
    "shorouknews": ("/news/view.aspx?cdate=15012024&id=3f2a9c1e-6b7d-4e2a-9f10-1c2d3e4f5a6b",
                    "/egypt"),
    "skynewsarabia": ("/middle-east/1683456-مثال-خبر", "/middle-east"),
    "sputnikarabic": ("/20240115/مثال-خبر-1085123456.html", "/arab_world/"),
    "youm7": ("/story/2024/1/15/مثال-خبر/6412345", "/Section/أخبار-عاجلة/65/1"),
}
# Pages every news site has that are never articles, relative to the site root and its home.
FRONTS = ("", "news/", "politics/", "sport", "category/news/", "tag/news/", "author/someone/",
          "page/2/", "about-us/", "contact", "rss", "sitemap.xml", "search?q=مصر")


def _origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}/".format(urlsplit(url))


def test_the_catalogue_has_at_least_40_live_sites_from_every_region_of_the_issue():
    assert len(LIVE) >= 40
    missing = {region: names - set(LIVE) for region, names in ISSUE_REGIONS.items()}
    assert {r: m for r, m in missing.items() if m} == {}
    by_region = {region_of(s.country) for s in LIVE.values()}
    assert {"Egypt", "Gulf and Arabian Peninsula", "Levant", "Iraq", "Maghreb"} <= by_region


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_spider_declares_a_valid_country_zone_pattern_and_start_source(name):
    spider = CATALOGUE[name]
    assert spider.__module__ == f"crawler.spiders.{name}"  # one module per site, named after it
    assert re.compile(spider.article_pattern) and spider.article_pattern
    assert spider.country in zone_table(), "not an ISO 3166 country code"
    assert spider.timezone in available_timezones() and ZoneInfo(spider.timezone)
    assert spider.timezone in zone_table()[spider.country], "zone not of the outlet's country"
    starts = spider.feeds + spider.sitemaps or (spider.home,)  # none declared: links mode
    for source in starts:  # absolute http(s), and on the site: the offsite filter drops others
        url = urljoin(spider.home, source)
        assert urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname, source
        assert on_hosts(url, site_hosts(spider.home, spider.domains)), source


@pytest.mark.parametrize("name", sorted(LIVE))
def test_each_live_site_declares_its_domains_and_says_what_is_a_guess(name):
    spider = LIVE[name]
    assert spider.domains and on_hosts(spider.home, spider.domains)
    assert "guess" in (spider.__doc__ or "").lower()


@pytest.mark.parametrize("name", sorted(LIVE))
def test_each_pattern_matches_an_article_of_the_site_but_not_its_fronts(name):
    spider = LIVE[name]()
    assert name in EXAMPLES, "add an example article and section URL for the new site"
    article, section = (urljoin(_origin(spider.home), path) for path in EXAMPLES[name])
    assert spider.is_article_url(article), article
    assert not spider.is_article_url(section), section
    fronts = {urljoin(base, p) for base in (spider.home, _origin(spider.home)) for p in FRONTS}
    assert [f for f in sorted(fronts) if spider.is_article_url(f)] == []
    assert not spider.is_article_url(spider.home.rstrip("/"))


def test_no_two_sites_claim_the_same_host():
    hosts = {name: site_hosts(s.home, s.domains) for name, s in CATALOGUE.items()}
    clashes = [(a, b) for a, b in combinations(hosts, 2)
               if any(on_hosts(h, hosts[b]) or on_hosts(g, hosts[a])
                      for h in hosts[a] for g in hosts[b])]
    assert clashes == []


def test_docs_sites_md_is_generated_from_the_classes():
    current = (ROOT / "docs" / "sites.md").read_text(encoding="utf-8")
    assert current == catalogue_markdown(), (
        "docs/sites.md is stale: run python -m crawler.catalogue > docs/sites.md")


def test_sites_md_lists_every_site_once():
    text = catalogue_markdown()
    assert sorted(re.findall(r"^\| `([a-z0-9_]+)` \|", text, re.M)) == sorted(CATALOGUE)


def test_akhbar_sites_shows_the_last_run_and_its_new_articles_from_the_ledger(tmp_path, capsys):
    _ledger(tmp_path)
    assert main(["sites", "-o", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["site", "country", "timezone", "sources"]
    (alwaha,) = [line for line in lines if line.startswith("alwaha ")]
    assert re.search(r"2026-11-29 09:15\s+3\*\s", alwaha)  # * : new articles, from the ledger
    youm7 = next(line for line in lines if line.startswith("youm7 "))
    assert "1 feed, 1 sitemap" in youm7 and re.search(r"\s-\s+-\s", youm7)


def test_akhbar_sites_prefers_the_runs_dataset_which_also_knows_empty_runs(tmp_path, capsys):
    _ledger(tmp_path)
    folder = tmp_path / "runs" / "month=2026-11"
    folder.mkdir(parents=True)
    rows = [("20261129T091500Z-bbbb", "alwaha", datetime(2026, 11, 29, 9, 15, tzinfo=UTC), 3),
            ("20261129T101500Z-cccc", "alwaha", datetime(2026, 11, 29, 10, 15, tzinfo=UTC), 0)]
    pq.write_table(pa.table(dict(zip(["run_id", "site", "started", "articles"],
                                     map(list, zip(*rows, strict=True)), strict=True))),
                   folder / "alwaha-20261129T101500Z-cccc-0000.parquet")
    assert main(["sites", "-o", str(tmp_path)]) == 0
    (alwaha,) = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("alwaha ")]
    assert re.search(r"2026-11-29 10:15\s+0\s", alwaha)


def test_akhbar_sites_without_a_ledger_says_no_runs_are_known(tmp_path, capsys):
    assert main(["sites", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no runs recorded yet" in out and f"{len(LIVE)} live sites" in out
    assert not (tmp_path / "ledger.sqlite").exists()  # reading never creates a ledger


def _ledger(folder: Path) -> None:
    """A ledger with two runs of alwaha: one article on the 28th, three new on the 29th."""
    ledger = Ledger(folder / "ledger.sqlite")
    old_run, new_run = "20261128T060000Z-aaaa", "20261129T091500Z-bbbb"
    ledger.commit([_row("old", datetime(2026, 11, 28, 6, 5, tzinfo=UTC))],
                  file=f"alwaha-{old_run}-0000.parquet")
    ledger.commit([_row(str(i), datetime(2026, 11, 29, 9, 16, tzinfo=UTC)) for i in range(3)],
                  file=f"alwaha-{new_run}-0000.parquet")
    ledger.close()


def _row(key: str, fetched: datetime) -> dict:
    return {"url": f"http://127.0.0.1:8765/politics/2026/11/29/{key}/x", "site": "alwaha",
            "fetched_at": fetched, "version": 1}
