from __future__ import annotations

from crawler.spiders.base import NewsSpider


class MasrawySpider(NewsSpider):
    """مصراوي (masrawy.com), Cairo.

    Known: article URLs are /SECTION/SUBSECTION/details/YYYY/M/D/ID/slug. Guesses to confirm on the
    first live run: /sitemap.xml; no feed declared.
    """

    name = "masrawy"
    home = "https://www.masrawy.com/"
    domains = ("masrawy.com",)
    country = "EG"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"/details/\d{4}/\d{1,2}/\d{1,2}/\d+"
    timezone = "Africa/Cairo"
