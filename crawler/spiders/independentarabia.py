from __future__ import annotations

from crawler.spiders.base import NewsSpider


class IndependentarabiaSpider(NewsSpider):
    """اندبندنت عربية (independentarabia.com), London.

    Known (the outlet's published feeds and URL shapes, not re-checked from here: no network): a
    Drupal site: article URLs are /node/ID/SECTION/slug.
    Guesses to confirm on the first live run: Drupal's default feed /rss.xml and /sitemap.xml;
    should a declared feed move, discovery falls back to the feeds the home page advertises and
    to the Sitemap: lines of robots.txt.
    """

    name = "independentarabia"
    home = "https://www.independentarabia.com/"
    domains = ("independentarabia.com",)
    country = "GB"
    feeds = ("/rss.xml",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/node/\d+"
    timezone = "Europe/London"
