"""Serve a bundled offline news site (crawler/demo/sites/NAME/www) on 127.0.0.1, on a free port.

Files are served as they are, with every `{{ORIGIN}}` replaced by the server's own origin
(http://127.0.0.1:PORT), so feeds and sitemaps carry absolute URLs that point back here. A site
folder may hold routes.json: [[regex, file template]], e.g. article URLs routed by their id
whatever their slug, as real news sites do. The server logs every request (for tests that count
what a crawl fetched) and lets a test replace or add any path (`override`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

SITES_DIR = Path(__file__).resolve().parent / "sites"  # package data: crawler/demo/sites/NAME
ORIGIN_TOKEN = b"{{ORIGIN}}"
CONTENT_TYPES = {
    ".html": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/x-gzip",
}
FEED_TYPES = {"rss.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}
HOST = "127.0.0.1"  # the only address served on; whoever crawls it must allow it (ADDRESSES_ALLOW)


class LocalSite:
    """A running local copy of a bundled site: `with LocalSite("alwaha") as site: site.origin`."""

    def __init__(self, name: str = "alwaha", root: Path | None = None, port: int = 0) -> None:
        self.name = name
        self.folder = root or SITES_DIR / name
        self.www = self.folder / "www"
        if not self.www.is_dir():
            raise FileNotFoundError(f"no bundled site at {self.www}")
        routes_file = self.folder / "routes.json"
        routes = json.loads(routes_file.read_text()) if routes_file.exists() else []
        self.routes = [(re.compile(pattern), template) for pattern, template in routes]
        self.overrides: dict[str, tuple[int, str, bytes]] = {}
        self.headers: dict[str, dict[str, str]] = {}  # path -> extra response headers
        self.hidden: set[str] = set()  # article ids served as 404 and left out of feeds/sitemaps
        self.article_delay = 0.0  # seconds each article page takes to serve (a slow site)
        self.requests: list[str] = []  # paths in the order they were requested
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.port = port  # preferred port (0: any free one)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> LocalSite:
        handler = type("Handler", (_Handler,), {"site": self})
        try:
            self._server = ThreadingHTTPServer((HOST, self.port), handler)
        except OSError:  # the preferred port is taken: any free one will do
            self._server = ThreadingHTTPServer((HOST, 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True,
                         name=f"localsite-{self.name}").start()
        logger.info("serving %s at %s", self.www, self.origin)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        if self._server is None:
            raise RuntimeError("the site is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.origin + path

    # -- what tests use --------------------------------------------------------------------

    def override(self, path: str, body: bytes | str, status: int = 200,
                 content_type: str = "text/html", headers: dict[str, str] | None = None) -> None:
        """Serve `body` at `path` instead of (or in addition to) the site's files, with extra
        `headers` (e.g. a Location for a redirect)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.overrides[unquote(path)] = (status, content_type, data)
        self.headers[unquote(path)] = dict(headers or {})

    def hide(self, *ids: int | str) -> None:
        """Unpublish articles: 404 for their pages, gone from every feed and sitemap."""
        self.hidden.update(str(i) for i in ids)

    def unhide(self) -> None:
        self.hidden.clear()

    def request_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self.requests)

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- serving ---------------------------------------------------------------------------

    def resolve(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path."""
        if unquote(path) in self.overrides:
            status, ctype, body = self.overrides[unquote(path)]
        else:
            file = self._file_for(unquote(path))
            if file is None:
                return NOT_FOUND
            status, body = 200, file.read_bytes()
            ctype = FEED_TYPES.get(file.name) or CONTENT_TYPES.get(file.suffix, "text/plain")
        body = body.replace(ORIGIN_TOKEN, self.origin.encode())
        if self.hidden and ("xml" in ctype or "json" in ctype):
            body = _without_entries(body, self.hidden)
        return status, ctype, body

    def article_id(self, path: str) -> str | None:
        """The id a route extracts from an article path, if the path is an article's."""
        for pattern, _ in self.routes:
            match = pattern.match(unquote(path))
            if match:
                return match.group(1)
        return None

    def _file_for(self, path: str) -> Path | None:
        for pattern, template in self.routes:
            match = pattern.match(path)
            if match:
                if match.group(1) in self.hidden:
                    return None
                return self._existing(template.format(*match.groups()))
        relative = path.lstrip("/")
        candidates = [relative + "index.html"] if path.endswith("/") else [relative,
                                                                           relative + ".html"]
        return next((f for c in candidates if (f := self._existing(c))), None)

    def _existing(self, relative: str) -> Path | None:
        file = (self.www / relative).resolve()
        if self.www.resolve() not in file.parents or not file.is_file():
            return None
        return file


NOT_FOUND = (404, "text/html; charset=utf-8", "<h1>404 - الصفحة غير موجودة</h1>".encode())
XML_ENTRY = re.compile(rb"<(item|entry|url|sitemap)\b[^>]*>.*?</\1>", re.DOTALL)


def _without_entries(body: bytes, ids: set[str]) -> bytes:
    """A feed or sitemap without the entries that link to the given article ids."""
    alternatives = "|".join(sorted(ids))
    linked = re.compile(rf"/(?:{alternatives})(?:/|\b)")
    if body.lstrip()[:1] == b"{":
        feed = json.loads(body)
        feed["items"] = [i for i in feed.get("items", []) if not linked.search(i.get("url", ""))]
        return json.dumps(feed, ensure_ascii=False).encode("utf-8")
    return XML_ENTRY.sub(lambda m: b"" if linked.search(m.group(0).decode("utf-8", "replace"))
                         else m.group(0), body)


class _Handler(BaseHTTPRequestHandler):
    site: LocalSite
    server_version = "akhbar-localsite/1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        site = self.site
        path = urlsplit(self.path).path
        with site._lock:
            site.requests.append(path)
        if site.article_delay and site.article_id(path):
            time.sleep(site.article_delay)
        status, ctype, body = site.resolve(path)
        etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in site.headers.get(unquote(path), {}).items():
            self.send_header(name, value)
        if status in (200, 304):
            self.send_header("ETag", etag)
        self.end_headers()
        if send_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                logger.debug("client went away during %s", path)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)
