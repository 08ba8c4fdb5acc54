"""The canonical URL of a page: the address the article is stored under."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from pipelines.extract.metadata import PageMetadata
from pipelines.store.urls import normalize_url, on_hosts, site_hosts


def canonical_url(url: str, md: PageMetadata, site_domains: list[str]) -> str:
    """rel=canonical (or og:url) when it points into the site, else the fetched URL, in the one
    spelling `pipelines.store.urls.normalize_url` gives (percent-encoded, no tracking or
    fragment)."""
    hosts = site_hosts(url, site_domains)
    for candidate in (md.canonical, md.meta.get("og:url")):
        if not candidate:
            continue
        absolute = urljoin(url, candidate)
        if urlsplit(absolute).scheme in ("http", "https") and on_hosts(absolute, hosts):
            return normalize_url(absolute)
    return normalize_url(url) if urlsplit(url).scheme in ("http", "https") else url


def declared_canonical(md: PageMetadata) -> str | None:
    """The absolute canonical URL (rel=canonical, else og:url) the page declares, if any."""
    for candidate in (md.canonical, md.meta.get("og:url")):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return candidate
    return None
