"""Sites without an article URL pattern: any on-site page link is a candidate, and only pages
that say they are articles (og:type=article or a JSON-LD article) become rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.spiders.base import NewsSpider
from pipelines import Reject
from pipelines.extract import extract

BODY = "".join(
    f"<p>فقرة رقم {n} من نص الخبر الذي نشرته الصحيفة اليوم عن افتتاح المكتبة العامة الجديدة في "
    f"وسط المدينة بحضور عدد كبير من الزوار والمسؤولين المحليين.</p>" for n in range(4))


class PatternlessSpider(NewsSpider):
    name = "patternless"
    home = "https://news.test/"


def page(head: str) -> dict:
    html = f"<html><head><meta charset='utf-8'>{head}</head><body><h1>المكتبة</h1>{BODY}</body>"
    return {"url": "https://news.test/library", "body": html.encode(), "headers": {},
            "fetched_at": datetime.now(UTC), "discovery": {"via": "links", "unverified": True}}


def test_without_a_pattern_every_on_site_page_is_a_candidate_but_assets_are_not():
    spider = PatternlessSpider()
    assert spider.is_article_url("https://news.test/library")
    assert spider.is_article_url("https://www.news.test/2026/some-story?id=4")
    assert not spider.is_article_url("https://news.test/static/site.css")
    assert not spider.is_article_url("https://elsewhere.test/library")


def test_an_unverified_link_needs_the_page_to_declare_an_article():
    with pytest.raises(Reject) as caught:
        extract(page("<title>المكتبة</title>"))
    assert caught.value.reason == "not_article"
    assert extract(page('<meta property="og:type" content="article">'))["text"]
    assert extract(page('<script type="application/ld+json">{"@type": "NewsArticle"}</script>'))
