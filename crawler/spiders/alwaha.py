from __future__ import annotations

from crawler.spiders.base import NewsSpider


class AlwahaSpider(NewsSpider):
    """الواحة نيوز: the project's own offline news site (tests/sites/alwaha).

    `akhbar demo` and the tests serve it on a free port of 127.0.0.1 and pass that address as
    `home`; every source below is relative to it. Not live: `akhbar crawl` skips it unless named.
    """

    name = "alwaha"
    home = "http://127.0.0.1:8765/"
    country = "EG"
    feeds = ("/rss.xml", "/atom.xml")
    sitemaps = ("/sitemap.xml",)
    archive_url = "/archive/{date:%Y/%m/%d}/"
    article_pattern = r"^/[a-z]+/\d{4}/\d{2}/\d{2}/\d+(/[^/]*)?$"
    timezone = "Africa/Cairo"
    live = False
    # Our own loopback server: no need to be slow with it.
    custom_settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}
