from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlraimediaSpider(NewsSpider):
    """الراي (alraimedia.com), Kuwait City.

    Known: article URLs are /article/ID/SECTION/slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "alraimedia"
    home = "https://www.alraimedia.com/"
    domains = ("alraimedia.com",)
    country = "KW"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Kuwait"
