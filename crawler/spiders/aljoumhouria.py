from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AljoumhouriaSpider(NewsSpider):
    """الجمهورية (aljoumhouria.com), Beirut.

    Known: article URLs are /ar/news/ID/slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "aljoumhouria"
    home = "https://www.aljoumhouria.com/"
    domains = ("aljoumhouria.com",)
    country = "LB"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/ar/news/\d+"
    timezone = "Asia/Beirut"
