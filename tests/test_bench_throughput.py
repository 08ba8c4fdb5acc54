"""bench/throughput.py's parts on a small scale: the generated site and one real crawl of it."""

from __future__ import annotations

import re
import urllib.request

from bench.bigsite import FIRST_ID, MONTH_SITEMAP, BigSite
from bench.crawlrun import crawl


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_generated_site_serves_distinct_articles_listed_in_its_sitemap() -> None:
    with BigSite(3) as site:
        listed = re.findall(r"<loc>([^<]+)</loc>", _get(site.origin + MONTH_SITEMAP))
        pages = [_get(url) for url in listed]
    assert len(listed) == 3
    assert len(set(pages)) == 3
    for number, page in enumerate(pages):
        assert str(FIRST_ID + number) in page
        assert "{{" not in page


def test_crawl_of_generated_site_writes_every_generated_article() -> None:
    figures = crawl(5, "-s", "AKHBAR_WORKERS=0")
    assert figures.returncode == 0
    assert figures.pages == 5
    assert figures.rows > 5  # the bundled site's own articles are crawled too
    assert figures.main_peak_mb > 0
