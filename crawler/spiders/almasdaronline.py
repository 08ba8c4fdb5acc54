from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlmasdaronlineSpider(NewsSpider):
    """المصدر أونلاين (almasdaronline.com), Sanaa.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /articles/ID.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "almasdaronline"
    home = "https://almasdaronline.com/"
    domains = ("almasdaronline.com",)
    country = "YE"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/articles/\d+"
    timezone = "Asia/Aden"
