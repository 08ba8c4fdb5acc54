from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlwasatSpider(NewsSpider):
    """بوابة الوسط (alwasat.ly), Benghazi and Cairo (covers Libya).

    Known: article URLs are /news/SECTION/ID. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "alwasat"
    home = "https://alwasat.ly/"
    domains = ("alwasat.ly",)
    country = "LY"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/[a-z_-]+/\d+"
    timezone = "Africa/Tripoli"
