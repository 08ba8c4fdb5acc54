from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlqabasSpider(NewsSpider):
    """القبس (alqabas.com), Kuwait City.

    Known: article URLs are /article/ID-slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "alqabas"
    home = "https://www.alqabas.com/"
    domains = ("alqabas.com",)
    country = "KW"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Kuwait"
