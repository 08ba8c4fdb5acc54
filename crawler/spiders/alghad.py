from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlghadSpider(NewsSpider):
    """الغد (alghad.com), Amman.

    Known: article URLs are /Story/ID/slug. Guesses to confirm on the first live run: /sitemap.xml;
    no feed declared.
    """

    name = "alghad"
    home = "https://alghad.com/"
    domains = ("alghad.com",)
    country = "JO"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"(?i)^/story/\d+"
    timezone = "Asia/Amman"
