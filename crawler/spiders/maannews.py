from __future__ import annotations

from crawler.spiders.base import NewsSpider


class MaannewsSpider(NewsSpider):
    """وكالة معا (maannews.net), Bethlehem.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /news/ID.html.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "maannews"
    home = "https://www.maannews.net/"
    domains = ("maannews.net",)
    country = "PS"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/\d+\.html"
    timezone = "Asia/Hebron"
