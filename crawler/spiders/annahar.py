from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AnnaharSpider(NewsSpider):
    """النهار (annahar.com), Beirut.

    Known: article URLs live under /arabic/ and carry a long numeric id as a path segment
    (/arabic/SECTION/SUBSECTION/ID/slug, older ones /arabic/section/N-name/TIMESTAMPID). Guesses to
    confirm on the first live run: /sitemap.xml; no feed declared.
    """

    name = "annahar"
    home = "https://www.annahar.com/"
    domains = ("annahar.com",)
    country = "LB"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/arabic/(?:[^/]+/)*\d{6,}(?:[/-]|$)"
    timezone = "Asia/Beirut"
