from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlraiSpider(NewsSpider):
    """الرأي (alrai.com), Amman.

    Known: article URLs are /article/ID/slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "alrai"
    home = "https://alrai.com/"
    domains = ("alrai.com",)
    country = "JO"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+"
    timezone = "Asia/Amman"
