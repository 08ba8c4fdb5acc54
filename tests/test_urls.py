from __future__ import annotations

import pytest

from pipelines.store.urls import normalize_url, on_hosts, url_key

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


# Keys written by the implementation before this module was checked against w3lib and courlan:
# ledgers (output/ledger.sqlite) hold them, so each must stay exactly as it is.
STORED_KEYS = {
    "https://www.site.test/news/2026/11/20/5/سعر-الذهب/?utm_source=rss#top":
        "site.test/news/2026/11/20/5/%D8%B3%D8%B9%D8%B1-%D8%A7%D9%84%D8%B0%D9%87%D8%A8",
    "http://m.akhbar.test/article.php?page=2&ID=7&fbclid=x": "akhbar.test/article.php?ID=7&page=2",
    "https://amp.site.test/amp/news/بالصور-(فيديو)":
        "site.test/news/%D8%A8%D8%A7%D9%84%D8%B5%D9%88%D8%B1-(%D9%81%D9%8A%D8%AF%D9%8A%D9%88)",
    "https://مثال.مصر/خبر/": "xn--mgbh0fb.xn--wgbh1c/%D8%AE%D8%A8%D8%B1",
    "http://127.0.0.1:8123/news/1?outputType=amp": "127.0.0.1:8123/news/1",
    "https://h.test/news.php?id=7&section=2&cid=3&print":
        "h.test/news.php?cid=3&id=7&print=&section=2",
}


@pytest.mark.parametrize("url", STORED_KEYS)
def test_keys_already_in_ledgers_do_not_change(url):
    assert url_key(url) == STORED_KEYS[url]


def test_the_default_port_is_dropped_only_for_its_own_scheme():
    # hand-written: w3lib's canonicalize_url keeps ":443"
    assert normalize_url("https://h.test:443/a") == "https://h.test/a"
    assert normalize_url("http://h.test:80/a") == "http://h.test/a"
    assert normalize_url("https://h.test:80/a") == "https://h.test:80/a"
    assert normalize_url("http://h.test:443/a") == "http://h.test:443/a"


def test_query_names_that_look_like_html_entities_are_kept_as_written():
    # courlan's normalize_url HTML-unescapes first: "&section=2" would become "§ion=2"
    assert normalize_url("https://h.test/news.php?id=7&section=2&copy=1") == \
        "https://h.test/news.php?copy=1&id=7&section=2"


def test_parameters_that_name_a_page_stay_in_its_key():
    # courlan's tracker pattern drops cid, gallery and source, and parse_qs drops blank values
    for param in ("cid=3", "gallery=2", "source=12", "print"):
        assert url_key(f"https://h.test/a.php?id=7&{param}") != url_key("https://h.test/a.php?id=7")
    assert url_key("https://h.test/a.php?cid=3&id=7") != url_key("https://h.test/a.php?cid=4&id=7")


@pytest.mark.parametrize("param", ["ocid=msn", "cmpid=rss", "spm=a2.b", "ito=1", "ns_mchannel=rss",
                                   "hsa_acc=1", "UTM_Source=rss", "FBCLID=x", "mtm_campaign=x"])
def test_tracking_parameters_courlan_does_not_know_or_in_capitals_are_dropped(param):
    assert normalize_url(f"https://h.test/news/1?{param}") == "https://h.test/news/1"


@pytest.mark.parametrize("variant", [
    "https://h.test/news/1/amp.html",
    "https://h.test/AMP/news/1",
    "https://h.test/news/1?format=AMP",
    "https://h.test/news/1?output=amp",
    "https://h.test/news/1?amp",
    "https://mobile.h.test/news/1",
    "https://www2.h.test/news/1",
])
def test_amp_renderings_and_mobile_hosts_share_the_key(variant):
    # no library maps AMP or mobile forms to the article: written here
    assert url_key(variant) == url_key("https://h.test/news/1")


def test_an_amp_html_file_is_its_html_page():
    assert url_key("https://www.h.test/news/1.amp.html") == url_key("https://h.test/news/1.html")


def test_a_format_other_than_amp_is_a_different_page():
    assert normalize_url("https://h.test/news/1?format=json") == "https://h.test/news/1?format=json"
    assert url_key("https://h.test/news/1?output=print") != url_key("https://h.test/news/1")


def test_an_arabic_host_is_spelt_in_punycode():
    # courlan turns punycode into Unicode; the ledger holds the punycode spelling
    assert normalize_url("https://مثال.مصر/خبر") == "https://xn--mgbh0fb.xn--wgbh1c/%D8%AE%D8%A8%D8%B1"
    assert url_key("https://xn--mgbh0fb.xn--wgbh1c/خبر") == url_key("https://www.مثال.مصر/خبر")


def test_parentheses_in_an_arabic_slug_are_one_spelling():
    # w3lib leaves "(" unescaped and unescapes "%28"; courlan would escape it
    assert normalize_url("https://h.test/بالصور-%28فيديو%29") == \
        normalize_url("https://h.test/بالصور-(فيديو)") == \
        "https://h.test/%D8%A8%D8%A7%D9%84%D8%B5%D9%88%D8%B1-(%D9%81%D9%8A%D8%AF%D9%8A%D9%88)"


def test_an_ipv6_host_keeps_its_brackets():
    assert normalize_url("http://[::1]:8080/news/1") == "http://[::1]:8080/news/1"
    assert normalize_url("https://[2001:db8::1]:443/a") == "https://[2001:db8::1]/a"


def test_user_info_is_not_part_of_the_url():
    assert normalize_url("http://user:secret@h.test/news/1") == "http://h.test/news/1"


def test_a_site_on_a_port_is_on_its_own_host():
    # hand-written: Scrapy's url_is_from_any_domain compares "127.0.0.1:8123" with "127.0.0.1"
    assert on_hosts("http://127.0.0.1:8123/news/1", {"127.0.0.1"})
    assert on_hosts("https://news.site.test:8443/a", {"site.test"})
    assert not on_hosts("https://othersite.test/a", {"site.test"})
