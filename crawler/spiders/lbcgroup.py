from __future__ import annotations

from crawler.spiders.base import NewsSpider


class LbcgroupSpider(NewsSpider):
    """LBCI (lbcgroup.tv), Beirut.

    From a saved page (2026): article URLs are /news/section/ID/slug; the page links no feed.
    Guesses to confirm on the first live run: /Rss/latest-news/ar and /sitemap.xml.
    """

    name = "lbcgroup"
    home = "https://www.lbcgroup.tv/"
    domains = ("lbcgroup.tv",)
    country = "LB"
    feeds = ("/Rss/latest-news/ar",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/[a-z-]+/\d+/"
    timezone = "Asia/Beirut"
