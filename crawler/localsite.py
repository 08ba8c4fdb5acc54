"""Serve a bundled offline news site (tests/sites/NAME/www) on 127.0.0.1, on a free port.

Files are served as they are, with every `{{ORIGIN}}` replaced by the server's own origin
(http://127.0.0.1:PORT), so feeds and sitemaps carry absolute URLs that point back here. A site
folder may hold routes.json: [[regex, file template]], e.g. article URLs routed by their id
whatever their slug, as real news sites do. The server logs every request (for tests that count
what a crawl fetched) and lets a test replace or add any path (`override`).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

SITES_DIR = Path(__file__).resolve().parent.parent / "tests" / "sites"
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


class LocalSite:
    """A running local copy of a bundled site: `with LocalSite("alwaha") as site: site.origin`."""

    def __init__(self, name: str = "alwaha", root: Path | None = None) -> None:
        self.name = name
        self.folder = root or SITES_DIR / name
        self.www = self.folder / "www"
        if not self.www.is_dir():
            raise FileNotFoundError(f"no bundled site at {self.www}")
        routes_file = self.folder / "routes.json"
        routes = json.loads(routes_file.read_text()) if routes_file.exists() else []
        self.routes = [(re.compile(pattern), template) for pattern, template in routes]
        self.overrides: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[str] = []  # paths in the order they were requested
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> LocalSite:
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
                 content_type: str = "text/html") -> None:
        """Serve `body` at `path` instead of (or in addition to) the site's files."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.overrides[path] = (status, content_type, data)

    def request_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self.requests)

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- serving ---------------------------------------------------------------------------

    def resolve(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path."""
        if path in self.overrides:
            status, ctype, body = self.overrides[path]
            return status, ctype, body.replace(ORIGIN_TOKEN, self.origin.encode())
        file = self._file_for(unquote(path))
        if file is None:
            return 404, "text/html; charset=utf-8", "<h1>404 - الصفحة غير موجودة</h1>".encode()
        ctype = FEED_TYPES.get(file.name) or CONTENT_TYPES.get(file.suffix, "text/plain")
        return 200, ctype, file.read_bytes().replace(ORIGIN_TOKEN, self.origin.encode())

    def _file_for(self, path: str) -> Path | None:
        for pattern, template in self.routes:
            match = pattern.match(path)
            if match:
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


class _Handler(BaseHTTPRequestHandler):
    site: LocalSite
    server_version = "akhbar-localsite/1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        with self.site._lock:
            self.site.requests.append(path)
        status, ctype, body = self.site.resolve(path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)
