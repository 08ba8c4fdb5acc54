from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AkhbarelyomSpider(NewsSpider):
    """بوابة أخبار اليوم (akhbarelyom.com), Cairo.

    From a saved page (2020): section RSS at /RSS/GetSectionRSS?JournalID=1; article URLs are
    /news/newdetails/ID/PAGE/slug. Guess to confirm: /sitemap.xml.
    """

    name = "akhbarelyom"
    home = "https://akhbarelyom.com/"
    domains = ("akhbarelyom.com",)
    country = "EG"
    feeds = ("/RSS/GetSectionRSS?JournalID=1",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/newdetails/\d+/"
    timezone = "Africa/Cairo"
