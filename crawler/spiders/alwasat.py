from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlwasatSpider(NewsSpider):
    """بوابة الوسط (alwasat.ly), Benghazi and Cairo (covers Libya).

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /news/SECTION/ID.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "alwasat"
    home = "https://alwasat.ly/"
    domains = ("alwasat.ly",)
    country = "LY"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/[a-z_-]+/\d+"
    timezone = "Africa/Tripoli"
