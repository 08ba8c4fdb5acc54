"""bench/throughput.py's parts on a small scale: the generated site and one real crawl of it."""

from __future__ import annotations

import re
import urllib.request

from bench.bigsite import FIRST_ID, MONTH_SITEMAP, BigSite
from bench.crawlrun import crawl
from pipelines.signature import signature
from pipelines.store.minhash import ClusterParams, similarity


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


def test_generated_articles_are_distinct_stories_not_copies_of_their_template() -> None:
    params = ClusterParams()
    with BigSite(1) as site:
        count = len(site.templates)
    with BigSite(count + 1) as site:  # article `count` is made from the same page as article 0
        listed = re.findall(r"<loc>([^<]+)</loc>", _get(site.origin + MONTH_SITEMAP))
        first, again = _get(listed[0]), _get(listed[count])
    paragraphs = [re.findall(r"<p>([^<]+)</p>", page) for page in (first, again)]
    assert len(paragraphs[0]) == len(paragraphs[1]) > 3
    signatures = [signature("\n".join(p), params) for p in paragraphs]
    assert similarity(*signatures) < params.threshold / 2
