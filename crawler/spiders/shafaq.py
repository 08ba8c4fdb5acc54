from __future__ import annotations

from crawler.spiders.base import NewsSpider


class ShafaqSpider(NewsSpider):
    """شفق نيوز (shafaq.com), Baghdad.

    Known: Arabic article URLs are /ar/SECTION/slug with no id (the English site, /en/, is not
    matched). Guesses to confirm on the first live run: /sitemap.xml, and that no page other than
    tag, author, category, page and search pages has two segments under /ar/; no feed declared.
    """

    name = "shafaq"
    home = "https://shafaq.com/ar/"
    domains = ("shafaq.com",)
    country = "IQ"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/ar/(?!(?:tags?|authors?|category|page|search)/)[^/]+/[^/]+/?$"
    timezone = "Asia/Baghdad"
