from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlsharqSpider(NewsSpider):
    """الشرق (al-sharq.com), Doha.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /article/DD/MM/YYYY/slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "alsharq"
    home = "https://al-sharq.com/"
    domains = ("al-sharq.com",)
    country = "QA"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d{2}/\d{2}/\d{4}/"
    timezone = "Asia/Qatar"
