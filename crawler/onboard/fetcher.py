"""The one HTTP client of `akhbar add-site`: polite, bounded, and kept off inside addresses.

Every request carries the project's User-Agent, obeys robots.txt, times out, waits DOWNLOAD_DELAY
after the previous one, reads at most DOWNLOAD_MAXSIZE bytes, ignores proxy variables, and
connects only to addresses the AddressPolicy allows (crawler/addresses.py), redirects included.
"""

from __future__ import annotations

import http.client
import logging
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from protego import Protego
from w3lib.url import safe_url_string

from crawler.addresses import HINT, AddressPolicy, ForbiddenAddress, parse_address
from crawler.settings import DOWNLOAD_MAXSIZE, USER_AGENT

logger = logging.getLogger(__name__)


class OnboardError(Exception):
    """The site cannot be onboarded (unreachable, disallowed, module exists ...)."""


def guarded_connect(policy: AddressPolicy, address: tuple[str, int], timeout: Any = None,
                    source_address: Any = None) -> socket.socket:
    """socket.create_connection, connecting only to allowed addresses of the host (each one
    checked as it is connected to)."""
    host, port = address
    refused: list[str] = []
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
        why = policy.refusal(sockaddr[0], "" if parse_address(host) else host)
        if why:
            refused.append(why)
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, int | float):  # not socket's "default timeout" marker
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    if error is None and refused:
        raise ForbiddenAddress(f"{refused[0]}; {HINT}")
    raise error or OSError(f"no address for {host}")


def _guarded(base: type[http.client.HTTPConnection],
             policy: AddressPolicy) -> type[http.client.HTTPConnection]:
    class Guarded(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = lambda *a, **k: guarded_connect(policy, *a, **k)

    return Guarded


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    """urllib's HTTP handler, connecting only to addresses the policy allows."""

    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__()
        self.connection = _guarded(http.client.HTTPConnection, policy)

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self.connection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    """urllib's HTTPS handler, connecting only to addresses the policy allows."""

    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__()
        self.connection = _guarded(http.client.HTTPSConnection, policy)

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self.connection, req, context=self._context)


@dataclass
class Fetched:
    url: str
    status: int
    body: bytes


class Fetcher:
    """GET with the project's User-Agent, robots.txt, a timeout and a pause between requests,
    connecting only to the addresses `addresses` allows (default: public ones only)."""

    def __init__(self, timeout: float, delay: float,
                 addresses: AddressPolicy | None = None) -> None:
        self.timeout, self.delay = timeout, delay
        self.addresses = addresses or AddressPolicy()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), GuardedHTTPHandler(self.addresses),
            GuardedHTTPSHandler(self.addresses))
        self.robots: Protego | None = None
        self.requested: list[str] = []
        self.refused: list[str] = []  # disallowed by robots.txt
        self.forbidden: list[str] = []  # why URLs were not fetched: forbidden addresses
        self._last = 0.0

    def read_robots(self, origin: str) -> list[str]:
        """Fetch and obey ORIGIN/robots.txt; its Sitemap: lines."""
        got = self.get(origin + "/robots.txt", obey=False)
        if got is not None and got.status >= 500:
            raise OnboardError(f"robots.txt answers HTTP {got.status}: not crawling the site")
        text = got.body.decode("utf-8", "replace") if got and got.status == 200 else ""
        self.robots = Protego.parse(text)
        return list(self.robots.sitemaps)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets the project's User-Agent fetch `url`."""
        return self.robots is None or self.robots.can_fetch(url, USER_AGENT)

    def get(self, url: str, obey: bool = True) -> Fetched | None:
        """The response (any status), or None when robots.txt forbids it or it failed."""
        if obey and not self.allowed(url):
            logger.info("robots.txt disallows %s", url)
            self.refused.append(url)
            return None
        time.sleep(max(0.0, self._last + self.delay - time.monotonic()))
        self.requested.append(url)
        try:
            request = urllib.request.Request(safe_url_string(url),
                                             headers={"User-Agent": USER_AGENT})
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(DOWNLOAD_MAXSIZE + 1)
                if len(body) > DOWNLOAD_MAXSIZE:
                    logger.warning("%s is larger than %d bytes; skipped", url, DOWNLOAD_MAXSIZE)
                    return None
                return Fetched(response.geturl(), response.status, body)
        except urllib.error.HTTPError as exc:
            return Fetched(url, exc.code, b"")
        except ForbiddenAddress as exc:  # the URL itself or a redirect on the way
            logger.warning("not fetching %s: %s", url, exc.detail)
            self.forbidden.append(f"{url}: {exc.detail}")
            return None
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            logger.warning("cannot fetch %s: %s", url, exc)
            return None
        finally:
            self._last = time.monotonic()
