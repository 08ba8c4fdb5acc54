"""The catalogue of sites: every NewsSpider subclass found in crawler.spiders."""

from __future__ import annotations

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler import settings as project_settings
from crawler.spiders.base import NewsSpider
from pipelines.store.urls import on_hosts, site_hosts


def site_classes() -> dict[str, type[NewsSpider]]:
    """Name -> spider class of every configured site, sorted by name."""
    settings = Settings()
    settings.setmodule(project_settings)
    loader = SpiderLoader.from_settings(settings)
    found = {name: loader.load(name) for name in loader.list()}
    return {n: c for n, c in sorted(found.items()) if issubclass(c, NewsSpider)}


def site_for_url(url: str) -> type[NewsSpider] | None:
    """The site whose home host or declared domains cover the URL's host."""
    for spider in site_classes().values():
        if on_hosts(url, site_hosts(spider.home, spider.domains)):
            return spider
    return None
