from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlarabiyaSpider(NewsSpider):
    """العربية (alarabiya.net), Dubai.

    Known: RSS feed /feed/rss2/ar.xml; article URLs are /SECTION[/SUBSECTION]/YYYY/MM/DD/slug.
    Guesses to confirm on the first live run: /sitemap.xml.
    """

    name = "alarabiya"
    home = "https://www.alarabiya.net/"
    domains = ("alarabiya.net",)
    country = "AE"
    feeds = ("/feed/rss2/ar.xml",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/(?:[a-z-]+/)+\d{4}/\d{2}/\d{2}/[^/]+"
    timezone = "Asia/Dubai"
