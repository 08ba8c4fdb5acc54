from __future__ import annotations

import gzip
import json

import lxml.html
import pytest

from crawler.discovery.feeds import DiscoveryError, feed_links, parse_feed, parse_sitemap

BASE = "http://127.0.0.1:9/rss.xml"


def test_rss_items_keep_link_title_date_and_categories():
    body = """<?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0"><channel><title>أخبار</title>
      <item><title>خبر أول</title><link>/politics/2026/11/20/1/a</link>
        <pubDate>Fri, 20 Nov 2026 14:30:00 +0200</pubDate><category>سياسة</category></item>
      <item><title>بلا رابط</title><guid isPermaLink="true">http://127.0.0.1:9/x/2</guid></item>
      <item><title>لا شيء</title><guid isPermaLink="false">id-3</guid></item>
    </channel></rss>""".encode()
    entries = parse_feed(body, BASE)
    assert [e.url for e in entries] == ["http://127.0.0.1:9/politics/2026/11/20/1/a",
                                        "http://127.0.0.1:9/x/2"]
    first = entries[0]
    assert (first.title, first.date, first.keywords, first.via) == (
        "خبر أول", "Fri, 20 Nov 2026 14:30:00 +0200", ["سياسة"], "feed")


def test_atom_entries_resolve_relative_links_and_keep_published_and_updated():
    body = """<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://127.0.0.1:9/">
      <entry><title>اقتصاد</title><link rel="alternate" href="economy/2026/11/01/5/سعر-الذهب"/>
        <link rel="enclosure" href="http://127.0.0.1:9/a.jpg"/>
        <published>2026-11-01T09:00:00+02:00</published><updated>2026-11-02T09:00:00+02:00</updated>
        <category term="ذهب"/></entry></feed>""".encode()
    (entry,) = parse_feed(body, "http://127.0.0.1:9/atom.xml")
    assert entry.url == "http://127.0.0.1:9/economy/2026/11/01/5/سعر-الذهب"
    assert entry.date == "2026-11-01T09:00:00+02:00"
    assert entry.modified == "2026-11-02T09:00:00+02:00"
    assert entry.keywords == ["ذهب"]


def test_sitemap_index_children_come_newest_first():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>http://h/2026-10.xml</loc><lastmod>2026-10-31</lastmod></sitemap>
      <sitemap><loc>http://h/2026-11.xml</loc><lastmod>2026-11-28</lastmod></sitemap>
      <sitemap><loc>http://h/pages.xml</loc></sitemap></sitemapindex>"""
    kind, children = parse_sitemap(body, "http://h/sitemap.xml")
    assert kind == "index"
    assert [c.url for c in children] == ["http://h/2026-11.xml", "http://h/2026-10.xml",
                                         "http://h/pages.xml"]


def test_google_news_sitemap_fields_are_kept():
    body = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>http://h/a/1</loc><news:news>
        <news:publication><news:name>الواحة</news:name><news:language>ar</news:language>
        </news:publication><news:publication_date>2026-11-28T08:00:00+02:00</news:publication_date>
        <news:title>عنوان الخبر</news:title><news:keywords>مصر، اقتصاد, ذهب</news:keywords>
      </news:news></url></urlset>""".encode()
    kind, (entry,) = parse_sitemap(body, "http://h/news.xml")
    assert kind == "urlset"
    assert entry.date == "2026-11-28T08:00:00+02:00"
    assert entry.title == "عنوان الخبر"
    assert entry.keywords == ["مصر", "اقتصاد", "ذهب"]


def test_gzipped_sitemaps_are_inflated():
    body = gzip.compress(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                         b"<url><loc>http://h/a/1</loc><lastmod>2026-11-01</lastmod></url></urlset>")
    kind, (entry,) = parse_sitemap(body, "http://h/s.xml.gz")
    assert (entry.url, entry.modified) == ("http://h/a/1", "2026-11-01")


@pytest.mark.parametrize(("body", "reason"), [
    (b"<html><body>not a feed</body></html>", "not_a_feed"),
    (b"{\"items\": [}", "not_json"),
    (b"{\"title\": \"no items\"}", "not_a_feed"),
    (b"<p>unclosed <b>html", "not_a_feed"),
    (b"plain text, no markup at all", "not_xml"),
    (b"", "empty"),
    (b"\x1f\x8b\x08broken", "bad_gzip"),
])
def test_unreadable_feeds_raise_a_discovery_error_with_a_reason(body, reason):
    with pytest.raises(DiscoveryError) as caught:
        parse_feed(body, BASE)
    assert caught.value.reason == reason


def test_external_entities_are_not_resolved():
    body = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <rss><channel><item><title>&x;</title><link>http://h/1</link></item></channel></rss>"""
    (entry,) = parse_feed(body, BASE)
    assert "root:" not in (entry.title or "")


def test_json_feed_items_keep_their_dates_and_tags():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "/economy/2026/11/01/5/سعر-الذهب", "title": "سعر الذهب",
         "date_published": "2026-11-01T09:00:00+02:00", "tags": ["ذهب", "اقتصاد"]},
        {"id": "2", "content_text": "no url: skipped"}]}, ensure_ascii=False).encode()
    (entry,) = parse_feed(body, "http://127.0.0.1:9/feed.json")
    assert entry.url == "http://127.0.0.1:9/economy/2026/11/01/5/سعر-الذهب"
    assert entry.date == "2026-11-01T09:00:00+02:00" and entry.keywords == ["ذهب", "اقتصاد"]


def test_pages_advertise_their_feeds_with_alternate_links():
    tree = lxml.html.fromstring("""<html><head>
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="https://h.test/atom.xml">
      <link rel="alternate" type="application/feed+json" href="/feed.json">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="stylesheet" href="/site.css"></head><body></body></html>""")
    assert feed_links(tree, "https://h.test/") == [
        "https://h.test/rss.xml", "https://h.test/atom.xml", "https://h.test/feed.json"]


def test_feeds_with_small_xml_errors_are_read_leniently():
    body = b"""<rss><channel><item><title>A & B</title>
        <link>http://h.test/news/1?a=1&b=2</link></item></channel></rss>"""
    (entry,) = parse_feed(body, BASE)
    assert entry.url == "http://h.test/news/1?a=1&b=2"
