from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlmadenahnewsSpider(NewsSpider):
    """المدينة نيوز (almadenahnews.com), Amman.

    Known: article URLs are /article/ID-slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "almadenahnews"
    home = "https://www.almadenahnews.com/"
    domains = ("almadenahnews.com",)
    country = "JO"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Amman"
