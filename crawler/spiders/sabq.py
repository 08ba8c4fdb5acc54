from __future__ import annotations

from crawler.spiders.base import NewsSpider


class SabqSpider(NewsSpider):
    """سبق (sabq.org), Riyadh.

    Known: article URLs are /SECTION/SHORT-ID, a short lower-case id with digits (Quintype). Guesses
    to confirm on the first live run: /sitemap.xml, and that every id has a digit; no feed declared.
    """

    name = "sabq"
    home = "https://sabq.org/"
    domains = ("sabq.org",)
    country = "SA"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/[a-z-]+/(?=[a-z0-9]*\d)[a-z0-9]{6,}/?$"
    timezone = "Asia/Riyadh"
