"""Links mode: the section fronts a home page's navigation leads to, for sites with neither
feeds nor sitemaps."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from pipelines.store.urls import on_hosts

# links to files that are no pages
ASSET = re.compile(r"\.(?:css|js|png|jpe?g|gif|svg|webp|ico|pdf|xml|json|mp[34]|zip)$", re.I)


def navigation_links(response: TextResponse, hosts: list[str],
                     is_article_url: Callable[[str], bool]) -> list[str]:
    """The on-site links of the page's navigation (nav, header) that are neither assets nor
    article URLs nor the home page itself, in page order, once each."""
    found: list[str] = []
    for href in response.css("nav a::attr(href), header a::attr(href)").getall():
        url = response.urljoin(href.strip())
        parts = urlsplit(url)
        if (on_hosts(url, hosts) and not ASSET.search(parts.path)
                and not is_article_url(url) and parts.path.strip("/") and url not in found):
            found.append(url)
    return found
