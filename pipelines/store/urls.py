"""URL helpers shared by the spiders and the pipelines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url


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


# Query parameters that only say where a click came from; never part of an article's identity.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ref_src", "ref_url", "s_cid", "spm",
    "ito", "at_medium", "at_campaign", "xtor", "ns_source", "ns_mchannel", "ns_campaign",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_")
AMP_PARAMS = {"amp": None, "outputtype": "amp", "output": "amp", "format": "amp"}
AMP_PATH = re.compile(r"(?:/amp/?|/amp\.html?)$|\.amp(?=\.html?$)", re.IGNORECASE)
AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)
VARIANT_HOST = re.compile(r"^(?:www\d?|m|mobile|amp)\.", re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str, value: str) -> bool:
    lowered = name.lower()
    if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
        return True
    amp_value = AMP_PARAMS.get(lowered, "")
    return lowered in AMP_PARAMS and (amp_value is None or value.lower() == amp_value)


def normalize_url(url: str) -> str:
    """One spelling of a URL: percent-encoding as UTF-8 with upper-case escapes, scheme and host
    lower-cased, default port, fragment, tracking and AMP markers dropped, query sorted."""
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    netloc = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(parts.scheme.lower()):
        netloc = f"{netloc}:{parts.port}"
    query = "&".join(pair for pair in parts.query.split("&") if pair
                     and not _is_tracking(*(pair.split("=", 1) + [""])[:2]))
    path = AMP_PREFIX.sub("", AMP_PATH.sub("", parts.path)) or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def url_key(url: str) -> str:
    """The identity of an article URL in the ledger: its normalized form without the scheme,
    the www/m/amp host prefix and a trailing slash, so every spelling of one page is one key."""
    parts = urlsplit(normalize_url(url))
    host = VARIANT_HOST.sub("", parts.netloc)
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")
