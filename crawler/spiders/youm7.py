from __future__ import annotations

from crawler.spiders.base import NewsSpider


class Youm7Spider(NewsSpider):
    """اليوم السابع (youm7.com), Cairo.

    From a saved page (2020): the footer links the RSS index /rss/rss; article URLs are
    /story/YYYY/M/D/slug/ID. Guesses to confirm on the first live run: /sitemap.xml.
    """

    name = "youm7"
    home = "https://www.youm7.com/"
    domains = ("youm7.com",)
    country = "EG"
    feeds = ("/rss/rss",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/story/\d{4}/\d{1,2}/\d{1,2}/"
    timezone = "Africa/Cairo"
    # its meta article:published_time / modified_time carry Cairo local time with a "Z" marker
    # (the visible date line shows the same clock time); see pipelines/dates/stage.py, calibrate
    overrides = {"dates": {"utc_marker_is_local": True}}
