from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlsumariaSpider(NewsSpider):
    """السومرية نيوز (alsumaria.tv), Baghdad.

    Known: article URLs are /news/SECTION/ID/slug. Guesses to confirm on the first live run:
    /sitemap.xml; no feed declared.
    """

    name = "alsumaria"
    home = "https://www.alsumaria.tv/"
    domains = ("alsumaria.tv",)
    country = "IQ"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/[^/]+/\d+"
    timezone = "Asia/Baghdad"
