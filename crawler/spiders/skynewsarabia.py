from __future__ import annotations

from crawler.spiders.base import NewsSpider


class SkynewsarabiaSpider(NewsSpider):
    """سكاي نيوز عربية (skynewsarabia.com), Abu Dhabi.

    Known: article URLs are /SECTION/ID-slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "skynewsarabia"
    home = "https://www.skynewsarabia.com/"
    domains = ("skynewsarabia.com",)
    country = "AE"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/[a-z-]+/\d{5,}-"
    timezone = "Asia/Dubai"
