from __future__ import annotations

from crawler.spiders.base import NewsSpider


class MaannewsSpider(NewsSpider):
    """وكالة معا (maannews.net), Bethlehem.

    Known: article URLs are /news/ID.html. Guesses to confirm on the first live run: /sitemap.xml;
    no feed declared.
    """

    name = "maannews"
    home = "https://www.maannews.net/"
    domains = ("maannews.net",)
    country = "PS"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/\d+\.html"
    timezone = "Asia/Hebron"
