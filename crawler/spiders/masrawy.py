from __future__ import annotations

from crawler.spiders.base import NewsSpider


class MasrawySpider(NewsSpider):
    """مصراوي (masrawy.com), Cairo.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    article URLs are /SECTION/SUBSECTION/details/YYYY/M/D/ID/slug.
    Guesses to confirm on the first live run: /sitemap.xml; no feed is declared, so each run
    reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "masrawy"
    home = "https://www.masrawy.com/"
    domains = ("masrawy.com",)
    country = "EG"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"/details/\d{4}/\d{1,2}/\d{1,2}/\d+"
    timezone = "Africa/Cairo"
