from __future__ import annotations

from crawler.spiders.base import NewsSpider


class ElwatannewsSpider(NewsSpider):
    """الوطن (elwatannews.com), Cairo.

    Known: article URLs are /news/details/ID. Guesses to confirm on the first live run: the feed
    /home/rssfeeds and /sitemap.xml.
    """

    name = "elwatannews"
    home = "https://www.elwatannews.com/"
    domains = ("elwatannews.com",)
    country = "EG"
    feeds = ("/home/rssfeeds",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/news/details/\d+"
    timezone = "Africa/Cairo"
