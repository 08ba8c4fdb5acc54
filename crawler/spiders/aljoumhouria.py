from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AljoumhouriaSpider(NewsSpider):
    """الجمهورية (aljoumhouria.com), Beirut.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /ar/news/ID/slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "aljoumhouria"
    home = "https://www.aljoumhouria.com/"
    domains = ("aljoumhouria.com",)
    country = "LB"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/ar/news/\d+"
    timezone = "Asia/Beirut"
