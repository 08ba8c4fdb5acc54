from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AssabahSpider(NewsSpider):
    """الصباح (assabah.com.tn), Tunis.

    From a saved page (2019): feed /rss-feed.xml; article URLs are /article/ID/slug. Guess to
    confirm: /sitemap.xml.
    """

    name = "assabah"
    home = "http://www.assabah.com.tn/"
    domains = ("assabah.com.tn",)
    country = "TN"
    feeds = ("/rss-feed.xml",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/article/\d+/"
    timezone = "Africa/Tunis"
