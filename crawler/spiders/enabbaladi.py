from __future__ import annotations

from crawler.spiders.base import NewsSpider


class EnabbaladiSpider(NewsSpider):
    """عنب بلدي (enabbaladi.net), Istanbul (covers Syria).

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network): a
    WordPress site: articles are /archives/ID, its standard feed is /feed.
    Guesses to confirm on the first live run: /sitemap.xml; should a declared feed move,
    discovery falls back to the feeds the home page advertises and to the Sitemap: lines of
    robots.txt.
    """

    name = "enabbaladi"
    home = "https://www.enabbaladi.net/"
    domains = ("enabbaladi.net",)
    country = "SY"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/archives/\d+"
    timezone = "Asia/Damascus"
