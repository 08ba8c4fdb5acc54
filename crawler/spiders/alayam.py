from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlayamSpider(NewsSpider):
    """الأيام (alayam.com), Manama.

    Known: article URLs are /online/SECTION/ID/News.html (print edition /alayam/...). Guesses to
    confirm on the first live run: /sitemap.xml; no feed declared.
    """

    name = "alayam"
    home = "https://www.alayam.com/"
    domains = ("alayam.com",)
    country = "BH"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"(?i)^/(?:online|alayam)/[^/]+/\d+/News\.html$"
    timezone = "Asia/Bahrain"
