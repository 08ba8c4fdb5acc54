from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlsharqSpider(NewsSpider):
    """الشرق (al-sharq.com), Doha.

    Known: article URLs are /article/DD/MM/YYYY/slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "alsharq"
    home = "https://al-sharq.com/"
    domains = ("al-sharq.com",)
    country = "QA"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d{2}/\d{2}/\d{4}/"
    timezone = "Asia/Qatar"
