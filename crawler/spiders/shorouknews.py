from __future__ import annotations

from crawler.spiders.base import NewsSpider


class ShorouknewsSpider(NewsSpider):
    """الشروق (shorouknews.com), Cairo.

    Known: article URLs are /news/view.aspx?cdate=DDMMYYYY&id=GUID (columns under /columns/view.aspx
    with the same query). Guesses to confirm on the first live run: /sitemap.xml; no feed declared.
    """

    name = "shorouknews"
    home = "https://www.shorouknews.com/"
    domains = ("shorouknews.com",)
    country = "EG"
    feeds = ()
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/(?:news|columns)/view\.aspx\?.*\bid=[0-9a-fA-F-]{8,}"
    timezone = "Africa/Cairo"
