from __future__ import annotations

from crawler.spiders.base import NewsSpider


class EnabbaladiSpider(NewsSpider):
    """عنب بلدي (enabbaladi.net), Istanbul (covers Syria).

    Known: a WordPress site: articles are /archives/ID, its standard feed is /feed. Guesses to
    confirm on the first live run: /sitemap.xml.
    """

    name = "enabbaladi"
    home = "https://www.enabbaladi.net/"
    domains = ("enabbaladi.net",)
    country = "SY"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/archives/\d+"
    timezone = "Asia/Damascus"
