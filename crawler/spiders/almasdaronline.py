from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlmasdaronlineSpider(NewsSpider):
    """المصدر أونلاين (almasdaronline.com), Sanaa.

    Known: article URLs are /articles/ID. Guesses to confirm on the first live run: /sitemap.xml; no
    feed declared.
    """

    name = "almasdaronline"
    home = "https://almasdaronline.com/"
    domains = ("almasdaronline.com",)
    country = "YE"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/articles/\d+"
    timezone = "Asia/Aden"
