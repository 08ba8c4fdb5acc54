from __future__ import annotations

from crawler.spiders.base import NewsSpider


class SputnikArabicSpider(NewsSpider):
    """سبوتنيك عربي (arabic.sputniknews.com, now also sarabic.ae), Moscow.

    From a saved page (2020): feeds /export/rss2/archive/index.xml and per-section
    /export/rss2/SECTION/index.xml; article URLs are /section/YYYYMMDDID-slug/. Guess to confirm:
    that the old host still redirects to the new one.
    """

    name = "sputnikarabic"
    home = "https://arabic.sputniknews.com/"
    domains = ("arabic.sputniknews.com", "sarabic.ae")
    country = "RU"
    feeds = ("/export/rss2/archive/index.xml",)
    article_pattern = r"^/[a-z_]+/\d{18,}"
    timezone = "Europe/Moscow"
