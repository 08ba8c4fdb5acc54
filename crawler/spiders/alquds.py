from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlqudsSpider(NewsSpider):
    """القدس العربي (alquds.co.uk), London.

    Known: a WordPress site: its standard feed is /feed/; article URLs are a bare slug, so the
    pattern asks for three or more words and leaves out WordPress's category, tag, author and page
    paths. Guesses to confirm on the first live run: /sitemap.xml.
    """

    name = "alquds"
    home = "https://www.alquds.co.uk/"
    domains = ("alquds.co.uk",)
    country = "GB"
    feeds = ("/feed/",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/(?!(?:category|tag|author|page|feed|wp-[a-z]+)/)[^/]+-[^/]+-[^/]+/?$"
    timezone = "Europe/London"
