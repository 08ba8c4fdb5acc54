from __future__ import annotations

from crawler.spiders.base import NewsSpider


class EchoroukonlineSpider(NewsSpider):
    """الشروق أونلاين (echoroukonline.com), Algiers.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network): a
    WordPress site: its standard feed is /feed; article URLs are a bare slug (/title-in-words),
    so the pattern asks for three or more words and leaves out WordPress's category, tag, author
    and page paths.
    Guesses to confirm on the first live run: /sitemap.xml; should a declared feed move,
    discovery falls back to the feeds the home page advertises and to the Sitemap: lines of
    robots.txt.
    """

    name = "echoroukonline"
    home = "https://www.echoroukonline.com/"
    domains = ("echoroukonline.com",)
    country = "DZ"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/(?!(?:category|tag|author|page|feed|wp-[a-z]+)/)[^/]+-[^/]+-[^/]+/?$"
    timezone = "Africa/Algiers"
