from __future__ import annotations

from crawler.spiders.base import NewsSpider


class ShafaqSpider(NewsSpider):
    """شفق نيوز (shafaq.com), Baghdad.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network):
    Arabic article URLs are /ar/SECTION/slug with no id (the English site, /en/, is not
    matched).
    Guesses to confirm on the first live run: /sitemap.xml, and that no page other than tag,
    author, category, page and search pages has two segments under /ar/; no feed is declared,
    so each run reads the feeds the home page advertises (and the Sitemap: lines of robots.txt).
    """

    name = "shafaq"
    home = "https://shafaq.com/ar/"
    domains = ("shafaq.com",)
    country = "IQ"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/ar/(?!(?:tags?|authors?|category|page|search)/)[^/]+/[^/]+/?$"
    timezone = "Asia/Baghdad"
