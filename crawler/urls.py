"""URL helpers shared by the spiders and the pipelines."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def site_hosts(home: str, domains: Iterable[str] = ()) -> set[str]:
    """Hosts that belong to a site: its home page's and its declared domains, lower-cased."""
    hosts = {d.lower() for d in domains if d}
    home_host = urlsplit(home).hostname
    if home_host:
        hosts.add(home_host.lower())
    return hosts


def on_hosts(url_or_host: str, hosts: Iterable[str]) -> bool:
    """True when the URL's host (or the host itself) is one of `hosts` or a subdomain of one."""
    host = (urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host) or ""
    host = host.lower()
    return any(host == h or host.endswith("." + h) for h in hosts if h)
