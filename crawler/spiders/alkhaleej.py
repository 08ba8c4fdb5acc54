from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlkhaleejSpider(NewsSpider):
    """الخليج (alkhaleej.ae), Sharjah.

    Known: article URLs start with the publication day, /YYYY-MM-DD/slug/SECTION/SUBSECTION. Guesses
    to confirm on the first live run: /sitemap.xml; no feed declared.
    """

    name = "alkhaleej"
    home = "https://www.alkhaleej.ae/"
    domains = ("alkhaleej.ae",)
    country = "AE"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/\d{4}-\d{2}-\d{2}/"
    timezone = "Asia/Dubai"
