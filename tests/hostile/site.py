"""The hostile site: one HTTP server on 127.0.0.1 serving every case of tests/hostile/cases_*.py.

A case owns a path (and maybe more, `also`) and writes its own response through a `Request`, down
to raw bytes on the socket or a dropped connection. The site lists the cases' pages in /feed.xml,
so a crawl of the `hostile` spider discovers them all; every request is logged, for tests that
check what was fetched.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

logger = logging.getLogger(__name__)

ARTICLE_OUTCOME = "article"
ROBOTS_TXT = "User-agent: *\nDisallow: /a/robots-forbidden\n"


@dataclass(frozen=True)
class Case:
    """One hostile condition: where it is served, what it is, and how the crawl must end it."""

    path: str  # e.g. "/a/timeout"; pages the spider takes for articles live under /a/
    what: str  # one line for docs/robustness.md
    expect: str  # "article", or the reject reason the rejects dataset must hold
    serve: Callable[[Request], None]
    listed: bool = True  # listed in /feed.xml
    also: tuple[str, ...] = ()  # further paths this case serves (redirect targets ...)

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.path, *self.also)


class Request:
    """What a case sees of one HTTP request, and the ways it may answer."""

    def __init__(self, handler: BaseHTTPRequestHandler, origin: str) -> None:
        self.handler = handler
        self.path = unquote(urlsplit(handler.path).path)
        self.query = urlsplit(handler.path).query
        self.headers = handler.headers
        self.origin = origin
        self.socket: socket.socket = handler.connection

    def send(self, status: int, headers: dict[str, str] | None = None,
             body: bytes | str = b"", *, content_length: bool = True) -> None:
        """A whole response: status line, headers (Content-Length unless told not to), body."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.handler.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        if content_length and not any(k.lower() == "content-length" for k in headers):
            headers["Content-Length"] = str(len(data))
        for name, value in headers.items():
            self.handler.send_header(name, value)
        self.handler.end_headers()
        self.raw(data)
        if not content_length:
            self.close()

    def raw(self, data: bytes) -> None:
        """Bytes written as they are (a hand-made status line, half a body ...)."""
        try:
            self.handler.wfile.write(data)
            self.handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("client went away during %s", self.path)

    def close(self) -> None:
        """Drop the connection now (after whatever was written)."""
        self.handler.close_connection = True
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def all_cases() -> list[Case]:
    """Every case of every tests/hostile/cases_*.py module, paths unique."""
    cases: list[Case] = []
    folder = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(folder)])):
        if module.startswith("cases_"):
            cases += importlib.import_module(f"tests.hostile.{module}").CASES
    paths = Counter(p for c in cases for p in c.paths)
    doubled = [p for p, n in paths.items() if n > 1]
    if doubled:
        raise ValueError(f"hostile cases share paths: {doubled}")
    return cases


class HostileSite:
    """`with HostileSite() as site: site.origin` serves all cases (or the given ones)."""

    def __init__(self, cases: list[Case] | None = None, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.cases = all_cases() if cases is None else cases
        self.routes = {p: c for c in self.cases for p in c.paths}
        self.host = host
        self.port = port  # 0: a free port; a fixed one keeps URLs across runs
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> HostileSite:
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer((self.host, self.port), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True,
                         name="hostile-site").start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def origin(self) -> str:
        assert self._server is not None, "the site is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def request_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self.requests)

    def feed(self) -> str:
        now = format_datetime(datetime.now(UTC), usegmt=True)
        items = "".join(f"<item><title>{c.path}</title><link>{self.origin}{quote(c.path)}</link>"
                        f"<pubDate>{now}</pubDate></item>" for c in self.cases if c.listed)
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>hostile</title><link>{self.origin}/</link>{items}</channel></rss>")

    def answer(self, request: Request) -> None:
        case = self.routes.get(request.path)
        if case is not None:
            case.serve(request)
        elif request.path == "/feed.xml":
            request.send(200, {"Content-Type": "application/rss+xml"}, self.feed())
        elif request.path == "/robots.txt":
            request.send(200, {"Content-Type": "text/plain"}, ROBOTS_TXT)
        elif request.path == "/":
            request.send(200, {}, '<html><head><link rel="alternate" type="application/rss+xml"'
                                  ' href="/feed.xml"></head><body>hostile</body></html>')
        else:
            request.send(404, {}, "<h1>404</h1>")


class _Handler(BaseHTTPRequestHandler):
    site: HostileSite
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        with self.site._lock:
            self.site.requests.append(unquote(urlsplit(self.path).path))
        self.site.answer(Request(self, self.site.origin))

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)
