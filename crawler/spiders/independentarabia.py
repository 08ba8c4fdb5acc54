from __future__ import annotations

from crawler.spiders.base import NewsSpider


class IndependentarabiaSpider(NewsSpider):
    """اندبندنت عربية (independentarabia.com), London.

    Known: a Drupal site: article URLs are /node/ID/SECTION/slug. Guesses to confirm on the first
    live run: Drupal's default feed /rss.xml and /sitemap.xml.
    """

    name = "independentarabia"
    home = "https://www.independentarabia.com/"
    domains = ("independentarabia.com",)
    country = "GB"
    feeds = ("/rss.xml",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/node/\d+"
    timezone = "Europe/London"
