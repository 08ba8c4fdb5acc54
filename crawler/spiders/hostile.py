from __future__ import annotations

from crawler.spiders.base import NewsSpider


class HostileSpider(NewsSpider):
    """The hostile test web (tests/hostile/): pages that break crawlers, served on 127.0.0.1.

    tests/test_hostile.py serves it on a free port and passes that address as `home`; each case
    must end as an article row or a reject row with its reason (docs/robustness.md). Not live.
    """

    name = "hostile"
    home = "http://localhost:8766/"
    country = "EG"
    feeds = ("/feed.xml",)
    article_pattern = r"^/a/"
    timezone = "Africa/Cairo"
    live = False
    # Short timeouts so that the slow cases cost seconds, not minutes.
    custom_settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                       "DOWNLOAD_TIMEOUT": 3}
