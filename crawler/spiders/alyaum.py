from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlyaumSpider(NewsSpider):
    """اليوم (alyaum.com), Dammam.

    From a saved page (2020): article URLs are /articles/ID/section/slug; the page links no feed.
    Guesses to confirm on the first live run: /rss and /sitemap.xml.
    """

    name = "alyaum"
    home = "https://www.alyaum.com/"
    domains = ("alyaum.com",)
    country = "SA"
    feeds = ("/rss",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/articles/\d+/"
    timezone = "Asia/Riyadh"
    # its house name for the world pages ("the seven continents"), no generic section word
    overrides = {"sections": {"القارات السبع": "world"}}
