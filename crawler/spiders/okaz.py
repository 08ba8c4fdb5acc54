from __future__ import annotations

from crawler.spiders.base import NewsSpider


class OkazSpider(NewsSpider):
    """عكاظ (okaz.com.sa), Jeddah.

    Known: article URLs are /news/SECTION/ID (also /articles/..., /sport/...). Guesses to confirm on
    the first live run: the feed /rss and /sitemap.xml.
    """

    name = "okaz"
    home = "https://www.okaz.com.sa/"
    domains = ("okaz.com.sa",)
    country = "SA"
    feeds = ("/rss",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/[a-z-]+/[a-z-]+/\d{6,}"
    timezone = "Asia/Riyadh"
