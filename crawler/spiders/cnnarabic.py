from __future__ import annotations

from crawler.spiders.base import NewsSpider


class CnnArabicSpider(NewsSpider):
    """CNN بالعربية (arabic.cnn.com), run from Abu Dhabi.

    From a saved page (2013): the site linked its feed index at /rss/; article URLs then were
    /YYYY/section/M/D/slug/index.html. Guesses to confirm: /sitemap.xml, and that today's URLs still
    carry the date.
    """

    name = "cnnarabic"
    home = "https://arabic.cnn.com/"
    domains = ("arabic.cnn.com",)
    country = "AE"
    feeds = ("/rss/",)
    sitemaps = ("/sitemap.xml",)
    article_pattern = r"^/\d{4}/[a-z_-]+/\d{1,2}/\d{1,2}/|/article/\d{4}/\d{2}/\d{2}/"
    timezone = "Asia/Dubai"
    # the day in its URLs, in a form of its own (a section between the year and the month)
    overrides = {"url_date": r"^/(?P<year>\d{4})/[a-z_-]+/(?P<month>\d{1,2})/(?P<day>\d{1,2})/"}
