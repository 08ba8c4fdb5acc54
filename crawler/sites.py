"""The catalogue of sites: every NewsSpider subclass found in the spider modules (SPIDER_MODULES,
crawler.spiders), each checked when the catalogue loads (crawler/siteconfig.py).

A site with a bad configuration is not left out: the catalogue does not load, and the error
names the site, the key and what is allowed (`akhbar crawl` exits 2 with that line; `akhbar
sites --check` lists every problem of every site).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings, Settings
from scrapy.spiderloader import SpiderLoader

from crawler import settings as project_settings
from crawler.sitechecks import CatalogueError
from crawler.siteconfig import catalogue_problems
from crawler.spiders.base import NewsSpider
from pipelines.store.urls import on_hosts, site_hosts


def site_classes(settings: BaseSettings | None = None, *,
                 check: bool = True) -> dict[str, type[NewsSpider]]:
    """Name -> spider class of every configured site, sorted by name, from the SPIDER_MODULES
    of `settings` (default: crawler/settings.py). Raises CatalogueError when a spider module
    cannot be imported or, with `check`, when a site's configuration has a problem."""
    if settings is None:
        settings = Settings()
        settings.setmodule(project_settings)
    try:
        loader = SpiderLoader.from_settings(settings)
    except (ImportError, SyntaxError) as exc:
        modules = ", ".join(settings.getlist("SPIDER_MODULES"))
        raise CatalogueError([f"SPIDER_MODULES ({modules}): cannot import a spider module: "
                              f"{type(exc).__name__}: {exc}"]) from exc
    found = {name: loader.load(name) for name in loader.list()}
    classes = {n: c for n, c in sorted(found.items()) if issubclass(c, NewsSpider)}
    problems = catalogue_problems(classes) if check else []
    if problems:
        raise CatalogueError([str(p) for p in problems])
    return classes


def site_for_url(url: str) -> type[NewsSpider] | None:
    """The site whose home host or declared domains cover the URL's host."""
    for spider in site_classes().values():
        if on_hosts(url, site_hosts(spider.home, spider.domains)):
            return spider
    return None
