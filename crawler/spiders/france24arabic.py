from __future__ import annotations

from crawler.spiders.base import NewsSpider


class France24ArabicSpider(NewsSpider):
    """فرانس 24 (france24.com/ar), Paris.

    Known: the Arabic service's RSS feed /ar/rss; article URLs are /ar/SECTION/YYYYMMDD-slug.
    Guesses to confirm on the first live run: none for discovery (its sitemaps mix the French,
    English and Spanish services).
    """

    name = "france24arabic"
    home = "https://www.france24.com/ar/"
    domains = ("france24.com",)
    country = "FR"
    feeds = ("https://www.france24.com/ar/rss",)
    sitemaps = ()
    article_pattern = r"^/ar/[^/]+/\d{8}-"
    timezone = "Europe/Paris"
