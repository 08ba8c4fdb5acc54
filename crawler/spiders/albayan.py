from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlbayanSpider(NewsSpider):
    """البيان (albayan.ae), Dubai.

    From a saved page (2020): <link rel=alternate> feeds /cmlink/1.446 (آخر الأخبار) and
    /cmlink/1.447 (الأخبار الرئيسية); article URLs end in /YYYY-MM-DD-1.ID. Guess: /sitemap.xml.
    """

    name = "albayan"
    home = "https://www.albayan.ae/"
    domains = ("albayan.ae",)
    country = "AE"
    feeds = ("/cmlink/1.446", "/cmlink/1.447")
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"/\d{4}-\d{2}-\d{2}-1\.\d+"
    timezone = "Asia/Dubai"
