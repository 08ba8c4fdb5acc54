from __future__ import annotations

from crawler.spiders.base import NewsSpider


class DwArabicSpider(NewsSpider):
    """DW عربية (دويتشه فيله) (dw.com/ar), Bonn and Berlin.

    Known: the Arabic service's RSS 1.0 (RDF) feed rss.dw.com/rdf/rss-ar-all; article URLs are
    /ar/slug/a-ID. Guesses to confirm on the first live run: none for discovery.
    """

    name = "dwarabic"
    home = "https://www.dw.com/ar/"
    domains = ("dw.com",)
    country = "DE"
    feeds = ("https://rss.dw.com/rdf/rss-ar-all",)
    sitemaps = ()
    article_pattern = r"^/ar/[^/]+/a-\d+"
    timezone = "Europe/Berlin"
