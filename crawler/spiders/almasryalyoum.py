from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlmasryalyoumSpider(NewsSpider):
    """المصري اليوم (almasryalyoum.com), Cairo.

    Known: article URLs are /news/details/ID (no date, no slug). Guesses to confirm on the first
    live run: the feed /rss/rssfeeds and /sitemap.xml.
    """

    name = "almasryalyoum"
    home = "https://www.almasryalyoum.com/"
    domains = ("almasryalyoum.com",)
    country = "EG"
    feeds = ("/rss/rssfeeds",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/details/\d+"
    timezone = "Africa/Cairo"
