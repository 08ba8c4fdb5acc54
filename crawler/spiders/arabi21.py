from __future__ import annotations

from crawler.spiders.base import NewsSpider


class Arabi21Spider(NewsSpider):
    """عربي21 (arabi21.com), London.

    Known: article URLs are /story/ID/slug. Guesses to confirm on the first live run: /sitemap.xml;
    no feed declared.
    """

    name = "arabi21"
    home = "https://arabi21.com/"
    domains = ("arabi21.com",)
    country = "GB"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"(?i)^/story/\d+"
    timezone = "Europe/London"
