from __future__ import annotations

from crawler.spiders.base import NewsSpider


class HespressSpider(NewsSpider):
    """هسبريس (hespress.com), Rabat.

    Known: a WordPress site: article URLs are /slug-ID.html, its standard feed is /feed. Guesses to
    confirm on the first live run: /sitemap.xml.
    """

    name = "hespress"
    home = "https://www.hespress.com/"
    domains = ("hespress.com",)
    country = "MA"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"-\d+\.html$"
    timezone = "Africa/Casablanca"
