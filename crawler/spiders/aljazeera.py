from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AljazeeraSpider(NewsSpider):
    """الجزيرة نت (aljazeera.net), Doha.

    Known: all-news RSS feed (/aljazeerarss/GUID/GUID); article URLs are /SECTION/YYYY/M/D/slug.
    Guesses to confirm on the first live run: /sitemap.xml.
    """

    name = "aljazeera"
    home = "https://www.aljazeera.net/"
    domains = ("aljazeera.net",)
    country = "QA"
    feeds = (
        "/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9",
    )
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/(?:[a-z-]+/)+\d{4}/\d{1,2}/\d{1,2}/[^/]+"
    timezone = "Asia/Qatar"
