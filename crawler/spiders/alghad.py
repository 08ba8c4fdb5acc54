from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlghadSpider(NewsSpider):
    """الغد (alghad.com), Amman.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /Story/ID/slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "alghad"
    home = "https://alghad.com/"
    domains = ("alghad.com",)
    country = "JO"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"(?i)^/story/\d+"
    timezone = "Asia/Amman"
