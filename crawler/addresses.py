"""Which addresses akhbar connects to: public ones only, unless a setting allows more.

A site (or a feed, a redirect, a name whose DNS answer changed) pointing at loopback, private,
link-local, multicast, reserved or unspecified addresses is refused by default, IPv4 and IPv6
alike (an IPv6 address carrying an IPv4 one, such as ::ffff:127.0.0.1, is judged by the IPv4).
Settings: ADDRESSES_GUARD_ENABLED (default True) and ADDRESSES_ALLOW, addresses or networks that
are allowed anyway (the demo, the tests and the benchmarks allow 127.0.0.1).

The check is made on the address actually connected to, at connection time:

- `GuardedResolver` (TWISTED_DNS_RESOLVER) is Scrapy's caching resolver with every answer (cache
  hits too) checked before Twisted connects to it. Scrapy's HTTP/1.1 handler resolves every host
  through it, IP literals included (twisted.internet.endpoints.HostnameEndpoint), so the address
  checked is the one connected to, whatever the DNS said before (DNS rebinding).
- `AddressGuardMiddleware` (downloader) refuses IP-literal hosts before anything is sent (not
  even robots.txt), and turns the resolver's refusal, which Twisted can only report as a failed
  lookup, into `ForbiddenAddress`: reject reason `forbidden_address`, for article pages and
  discovery sources alike. Redirects pass through it again. It stops a crawl from starting with a
  resolver or an HTTP download handler that would bypass the check.
- crawler/onboard/fetcher.py does the same for `akhbar add-site` (urllib), with `AddressPolicy`.

Through an HTTP proxy the proxy resolves host names: only IP-literal targets are checked then.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, NotConfigured
from scrapy.resolver import CachingThreadedResolver
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from twisted.internet import error as tx
from twisted.internet.base import ReactorBase
from twisted.internet.defer import Deferred

from crawler import settings as defaults
from crawler.failures import FetchRejected, causes

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix: an IPv4 in its last bits
# (name, test) in the order a refusal names them; anything not global is refused in the end.
KINDS = (("unspecified", "is_unspecified"), ("loopback", "is_loopback"),
         ("link-local", "is_link_local"), ("site-local", "is_site_local"),
         ("multicast", "is_multicast"), ("private", "is_private"), ("reserved", "is_reserved"))
HINT = "not connected (ADDRESSES_ALLOW lists the addresses allowed anyway)"


class ForbiddenAddress(FetchRejected):
    """A URL whose host is, or resolves to, an address akhbar does not connect to."""

    reason = "forbidden_address"


def parse_address(text: str) -> IPAddress | None:
    """The IP address a host is written as ("[::1]", "fe80::1%eth0" ...), or None for a name."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped, 6to4 or NAT64."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def forbidden_kind(ip: IPAddress) -> str | None:
    """Why akhbar does not connect to `ip` by default ("loopback", "private" ...), or None."""
    for candidate in filter(None, (embedded_ipv4(ip), ip)):
        for kind, test in KINDS:
            if getattr(candidate, test, False):
                return kind
        if not candidate.is_global:
            return "non-public"
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """The guard's settings: whether it is on, and the networks allowed anyway."""

    enabled: bool = True
    allow: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, *entries: str) -> AddressPolicy:
        """The guard on, with these addresses or networks ("127.0.0.1", "10.1.0.0/16")."""
        try:
            return cls(True, tuple(ipaddress.ip_network(e.strip(), strict=False)
                                   for e in entries if e.strip()))
        except ValueError as exc:
            raise ValueError(f"ADDRESSES_ALLOW: {exc}") from exc

    @classmethod
    def from_settings(cls, settings: BaseSettings | Any) -> AddressPolicy:
        """From ADDRESSES_GUARD_ENABLED and ADDRESSES_ALLOW (ValueError on a bad entry)."""
        policy = cls.allowing(*settings.getlist("ADDRESSES_ALLOW"))
        enabled = settings.getbool("ADDRESSES_GUARD_ENABLED", defaults.ADDRESSES_GUARD_ENABLED)
        return cls(enabled, policy.allow)

    def refusal(self, address: str | IPAddress, name: str = "") -> str | None:
        """Why a connection to `address` is refused, or None when it is allowed: "127.0.0.2 is
        a loopback address", or with the host name it was resolved from, "localhost resolves
        to 127.0.0.1, a loopback address"."""
        verdict = self._verdict(address)
        if verdict is None:
            return None
        shown, what = verdict
        return f"{name} resolves to {shown}, {what}" if name else f"{shown} is {what}"

    def _verdict(self, address: str | IPAddress) -> tuple[str, str] | None:
        if not self.enabled:
            return None
        ip = parse_address(str(address))
        if ip is None:
            return str(address), "not an IP address"
        same_host = getattr(ip, "ipv4_mapped", None)  # ::ffff:a.b.c.d is a.b.c.d itself
        if any(candidate in network for network in self.allow for candidate in (ip, same_host)
               if candidate is not None and candidate.version == network.version):
            return None
        kind = forbidden_kind(ip)
        if kind is None:
            return None
        inner = embedded_ipv4(ip)
        shown = f"{ip} (IPv4 {inner})" if inner else str(ip)
        return shown, f"a{'n' if kind[0] in 'aeiou' else ''} {kind} address"

    def host_refusal(self, host: str, port: int = 0) -> str | None:
        """Why `host` (an IP literal, or a name resolved now) is refused, when every address
        it stands for is; None when one may be connected to (or it does not resolve)."""
        if parse_address(host) is not None:
            return self.refusal(host)
        try:
            infos = socket.getaddrinfo(host, port or None, type=socket.SOCK_STREAM)
        except OSError:
            return None  # not the guard's business: the fetch reports it
        refusals = [self.refusal(info[4][0], host) for info in infos]
        return refusals[0] if refusals and all(refusals) else None


# -- Scrapy: the resolver and the downloader middleware ---------------------------------------

class GuardedResolver(CachingThreadedResolver):
    """Scrapy's default resolver (IPv4, DNS cache, DNS_TIMEOUT) refusing forbidden answers."""

    def __init__(self, reactor: ReactorBase, cache_size: int, timeout: float,
                 policy: AddressPolicy | None = None) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy or AddressPolicy()
        self.refused: dict[str, str] = {}  # host -> why its latest answer was refused

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: ReactorBase) -> GuardedResolver:
        settings = crawler.settings
        cache = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache, settings.getfloat("DNS_TIMEOUT"),
                   AddressPolicy.from_settings(settings))

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:  # noqa: N802
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        why = self.policy.refusal(address, "" if parse_address(name) else name)
        if why is None:
            self.refused.pop(name, None)
            return address
        self.refused[name] = why
        logger.info("refused to connect to %s: %s", name, self.refused[name])
        # Twisted turns a failed lookup into "no address": nothing is connected to.
        raise tx.DNSLookupError(self.refused[name])


class AddressGuardMiddleware:
    """Downloader middleware: IP-literal hosts checked before any request, the resolver's
    refusals named `forbidden_address` (ADDRESSES_GUARD_ENABLED, ADDRESSES_ALLOW)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        settings = crawler.settings
        policy = AddressPolicy.from_settings(settings)
        if not policy.enabled:
            raise NotConfigured("ADDRESSES_GUARD_ENABLED is off")
        check_bypasses(settings)
        return cls(policy)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if parse_address(host) is not None:
            why = self.policy.refusal(host)
            if why:
                logger.info("refused to connect to %s: %s", request.url, why)
                raise ForbiddenAddress(f"{why}; {HINT}")

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not any(isinstance(c, (CannotResolveHostError, tx.DNSLookupError))
                   for c in causes(exception)):
            return
        from twisted.internet import reactor

        resolver = getattr(reactor, "resolver", None)
        why = resolver.refused.get(urlparse_cached(request).hostname or "") \
            if isinstance(resolver, GuardedResolver) else None
        if why:
            raise ForbiddenAddress(f"{why}; {HINT}") from exception


def check_bypasses(settings: BaseSettings) -> None:
    """Refuse to crawl with the guard on when host names would not be resolved through
    GuardedResolver, or http(s) not downloaded by Scrapy's Twisted HTTP/1.1 handler."""
    resolver = settings["TWISTED_DNS_RESOLVER"]
    dns = settings.getpriority("DNS_RESOLVER") or 0
    if dns > 0 and (settings.getpriority("TWISTED_DNS_RESOLVER") or 0) <= dns:
        resolver = settings["DNS_RESOLVER"]  # Scrapy's rule for its deprecated setting
    problems = [] if issubclass(load_object(resolver), GuardedResolver) else [
        f"TWISTED_DNS_RESOLVER is {resolver}, not crawler.addresses.GuardedResolver"]
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    for scheme in ("http", "https"):
        handler = handlers.get(scheme)
        if handler and not issubclass(load_object(handler), HTTP11DownloadHandler):
            problems.append(f"the {scheme} download handler is {handler}")
    if problems:
        raise RuntimeError(f"the address guard cannot check every connection: "
                           f"{'; '.join(problems)} (or set ADDRESSES_GUARD_ENABLED = False)")
