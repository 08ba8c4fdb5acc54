"""URL helpers shared by the spiders and the pipelines: the hosts of a site, and one spelling
(`normalize_url`) and one identity (`url_key`) for every way an article's URL is written.

w3lib's canonicalize_url does the general work: percent-encoding as UTF-8 with upper-case escapes
(a raw Arabic slug, its encoded form in either case and any mix of the two come out as one),
IDNA hosts, lower-cased scheme and host, dot segments, sorted query, no fragment. Written here is
only what it leaves: the scheme's default port, tracking parameters, AMP markers and, in the key,
the www/m/amp host prefix and the trailing slash.

courlan (installed with trafilatura) is not used: its normalize_url HTML-unescapes the URL first
("?id=7&section=2" is read as "?id=7§ion=2"), turns punycode hosts into Unicode, escapes "(" in
paths and drops blank parameters, and its tracker pattern drops parameters that name a page
("cid", "gallery") while keeping ones dropped here ("ocid", "spm", "cmpid"). Each of those would
change keys the ledger already holds (pipelines/store/ledger.py is keyed by url_key): the
articles behind them would be fetched and stored again. tests/test_urls.py has a test for each
difference, and bench/urls.py counts the keys that differ from the committed version.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
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
    """True when the URL's host (or the host itself) is one of `hosts` or a subdomain of one. The
    port is not part of the host (Scrapy's url_is_from_any_domain compares it too)."""
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
# url_key's recent answers: one article's URL is keyed by dedup, the ledger and the story index
# in turn, about six times, and canonicalize_url is the costly part
KEY_CACHE = 1024


def _is_tracking(pair: str) -> bool:
    """True for a `name=value` query pair that only says where a click came from or asks for the
    AMP rendering."""
    name, _, value = pair.partition("=")
    name = name.lower()
    if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
        return True
    if name not in AMP_PARAMS:
        return False
    marker = AMP_PARAMS[name]
    return marker is None or value.lower() == marker


def _normalized(url: str) -> tuple[str, str, str, str]:
    """Scheme, host[:port], path and query of the one spelling of `url`."""
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    netloc = parts.netloc.rpartition("@")[2]  # user info is never part of an article's address
    if parts.port is not None and parts.port == DEFAULT_PORTS.get(parts.scheme):
        netloc = netloc.rpartition(":")[0]
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair))
    path = AMP_PREFIX.sub("", AMP_PATH.sub("", parts.path)) or "/"
    return parts.scheme, netloc, path, query


def normalize_url(url: str) -> str:
    """One spelling of a URL: percent-encoding as UTF-8 with upper-case escapes, scheme and host
    lower-cased, default port, fragment, tracking and AMP markers dropped, query sorted."""
    return urlunsplit((*_normalized(url), ""))


@lru_cache(maxsize=KEY_CACHE)
def url_key(url: str) -> str:
    """The identity of an article URL in the ledger: its normalized form without the scheme,
    the www/m/amp host prefix and a trailing slash, so every spelling of one page is one key."""
    _, netloc, path, query = _normalized(url)
    host = VARIANT_HOST.sub("", netloc)
    path = path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{query}" if query else "")


def key_digest(key: str) -> bytes:
    """A URL key as 16 bytes (BLAKE2b), for the sets a run keeps of every URL it meets: 49 bytes
    an entry whatever the URL's length, where the key itself takes 90-300."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
