from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlraiSpider(NewsSpider):
    """الرأي (alrai.com), Amman.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /article/ID/slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "alrai"
    home = "https://alrai.com/"
    domains = ("alrai.com",)
    country = "JO"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Amman"
