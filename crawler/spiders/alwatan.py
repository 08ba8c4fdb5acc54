from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlwatanSpider(NewsSpider):
    """الوطن (alwatan.com.sa), Abha.

    Known: article URLs are /article/ID. Guesses to confirm on the first live run: /sitemap.xml; no
    feed declared.
    """

    name = "alwatan"
    home = "https://www.alwatan.com.sa/"
    domains = ("alwatan.com.sa",)
    country = "SA"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Riyadh"
