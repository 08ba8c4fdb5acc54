from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlwatanSpider(NewsSpider):
    """الوطن (alwatan.com.sa), Abha.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /article/ID.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "alwatan"
    home = "https://www.alwatan.com.sa/"
    domains = ("alwatan.com.sa",)
    country = "SA"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Riyadh"
