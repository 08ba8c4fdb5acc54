from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AhramSpider(NewsSpider):
    """بوابة الأهرام (gate.ahram.org.eg), Cairo.

    Known: article URLs are /News/ID.aspx (print-edition pieces under /daily/News/); the English
    site english.ahram.org.eg is deliberately not a domain of this spider. Guesses to confirm on the
    first live run: /sitemap.xml; no feed declared.
    """

    name = "ahram"
    home = "https://gate.ahram.org.eg/"
    domains = ("gate.ahram.org.eg",)
    country = "EG"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"(?i)^/(?:daily/)?News/\d+\.aspx"
    timezone = "Africa/Cairo"
