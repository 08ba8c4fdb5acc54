from __future__ import annotations

from crawler.spiders.base import NewsSpider


class Alyaoum24Spider(NewsSpider):
    """اليوم 24 (alyaoum24.com), Casablanca.

    Known: a WordPress site: article URLs are /ID.html, its standard feed is /feed. Guesses to
    confirm on the first live run: /sitemap.xml.
    """

    name = "alyaoum24"
    home = "https://alyaoum24.com/"
    domains = ("alyaoum24.com",)
    country = "MA"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/\d+\.html$"
    timezone = "Africa/Casablanca"
