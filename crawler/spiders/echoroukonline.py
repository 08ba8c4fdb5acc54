from __future__ import annotations

from crawler.spiders.base import NewsSpider


class EchoroukonlineSpider(NewsSpider):
    """الشروق أونلاين (echoroukonline.com), Algiers.

    Known: a WordPress site: its standard feed is /feed; article URLs are a bare slug (/title-in-
    words), so the pattern asks for three or more words and leaves out WordPress's category, tag,
    author and page paths. Guesses to confirm on the first live run: /sitemap.xml.
    """

    name = "echoroukonline"
    home = "https://www.echoroukonline.com/"
    domains = ("echoroukonline.com",)
    country = "DZ"
    feeds = ("/feed",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/(?!(?:category|tag|author|page|feed|wp-[a-z]+)/)[^/]+-[^/]+-[^/]+/?$"
    timezone = "Africa/Algiers"
