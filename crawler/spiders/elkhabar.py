from __future__ import annotations

from crawler.spiders.base import NewsSpider


class ElkhabarSpider(NewsSpider):
    """الخبر (elkhabar.com), Algiers.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /press/article/ID/slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "elkhabar"
    home = "https://www.elkhabar.com/"
    domains = ("elkhabar.com",)
    country = "DZ"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/press/article/\d+"
    timezone = "Africa/Algiers"
