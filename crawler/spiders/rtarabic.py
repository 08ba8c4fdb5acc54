from __future__ import annotations

from crawler.spiders.base import NewsSpider


class RtArabicSpider(NewsSpider):
    """RT عربي (روسيا اليوم) (arabic.rt.com), Moscow.

    Known: RSS feed /rss/; article URLs are /SECTION/ID-slug/. Guesses to confirm on the first live
    run: /sitemap.xml.
    """

    name = "rtarabic"
    home = "https://arabic.rt.com/"
    domains = ("arabic.rt.com",)
    country = "RU"
    feeds = ("/rss/",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/[a-z_]+/\d{5,}-"
    timezone = "Europe/Moscow"
