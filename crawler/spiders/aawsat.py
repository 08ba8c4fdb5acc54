from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AawsatSpider(NewsSpider):
    """الشرق الأوسط (aawsat.com), London.

    Known: article URLs are /SECTION/ID-slug since the 2023 redesign (before it
    /home/article/ID/slug, still linked from old pages). Guesses to confirm on the first live run:
    the feed /feed and /sitemap.xml.
    """

    name = "aawsat"
    home = "https://aawsat.com/"
    domains = ("aawsat.com",)
    country = "GB"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"/\d{6,}-[^/]+/?$|^/home/article/\d+"
    timezone = "Europe/London"
