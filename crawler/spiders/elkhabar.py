from __future__ import annotations

from crawler.spiders.base import NewsSpider


class ElkhabarSpider(NewsSpider):
    """الخبر (elkhabar.com), Algiers.

    Known: article URLs are /press/article/ID/slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "elkhabar"
    home = "https://www.elkhabar.com/"
    domains = ("elkhabar.com",)
    country = "DZ"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/press/article/\d+"
    timezone = "Africa/Algiers"
