from __future__ import annotations

import pytest

from pipelines.store.urls import normalize_url, url_key

ARTICLE = "https://www.site.test/news/2026/11/20/5/%D8%B3%D8%B9%D8%B1-%D8%A7%D9%84%D8%B0%D9%87%D8%A8"


@pytest.mark.parametrize("variant", [
    ARTICLE,
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب",  # raw Arabic (IRI)
    "https://www.site.test/news/2026/11/20/5/%d8%b3%d8%b9%d8%b1-%d8%a7%d9%84%d8%b0%d9%87%d8%a8",
    "https://www.site.test/news/2026/11/20/5/سعر-%D8%A7%D9%84%D8%B0%D9%87%D8%A8",  # mixed
    "HTTPS://WWW.SITE.TEST:443/news/2026/11/20/5/سعر-الذهب#comments",
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب?utm_source=rss&utm_medium=feed",
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب?fbclid=IwAR0abc&gclid=xyz",
])
def test_spellings_of_one_article_normalize_to_one_url(variant):
    assert normalize_url(variant) == ARTICLE


@pytest.mark.parametrize("variant", [
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب/amp",
    "https://www.site.test/amp/news/2026/11/20/5/سعر-الذهب",
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب?amp=1",
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب?outputType=amp",
    "https://m.site.test/news/2026/11/20/5/سعر-الذهب/",
    "http://amp.site.test/news/2026/11/20/5/سعر-الذهب",
    "http://site.test/news/2026/11/20/5/سعر-الذهب",
])
def test_amp_mobile_and_www_variants_share_the_article_key(variant):
    assert url_key(variant) == url_key(ARTICLE)


def test_meaningful_query_parameters_are_kept_and_sorted():
    assert normalize_url("https://h.test/article.php?id=7&page=2&utm_campaign=x") == \
        "https://h.test/article.php?id=7&page=2"
    assert normalize_url("https://h.test/article.php?page=2&id=7") == \
        "https://h.test/article.php?id=7&page=2"
    assert url_key("https://h.test/a.php?id=7") != url_key("https://h.test/a.php?id=8")


def test_different_articles_keep_different_keys():
    assert url_key("https://h.test/news/1/a") != url_key("https://h.test/news/2/a")
    assert url_key("https://h.test:8080/news/1") != url_key("https://h.test/news/1")
