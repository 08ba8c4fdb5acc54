from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlmadenahnewsSpider(NewsSpider):
    """المدينة نيوز (almadenahnews.com), Amman.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /article/ID-slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "almadenahnews"
    home = "https://www.almadenahnews.com/"
    domains = ("almadenahnews.com",)
    country = "JO"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Amman"
