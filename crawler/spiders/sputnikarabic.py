from __future__ import annotations

from crawler.spiders.base import NewsSpider


class SputnikArabicSpider(NewsSpider):
    """سبوتنيك عربي (arabic.sputniknews.com, now also sarabic.ae), Moscow.

    From a saved page (2020): feeds /export/rss2/archive/index.xml and per-section
    /export/rss2/SECTION/index.xml; article URLs are /section/YYYYMMDDID-slug/. Known from the
    Sputnik sites' current layout (not checked from here): sarabic.ae article URLs are
    /YYYYMMDD/slug-ID.html, which the pattern also accepts. Guesses to confirm: that the old host
    still redirects to the new one, and that the old feed path still answers there.
    """

    name = "sputnikarabic"
    home = "https://arabic.sputniknews.com/"
    domains = ("arabic.sputniknews.com", "sarabic.ae")
    country = "RU"
    feeds = ("/export/rss2/archive/index.xml",)
    article_pattern = r"^/[a-z_]+/\d{18,}|^/\d{8}/[^/]+-\d{6,}\.html$"
    timezone = "Europe/Moscow"
