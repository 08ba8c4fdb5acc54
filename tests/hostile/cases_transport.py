"""Transport cases: slow, cut, oversized, badly compressed and redirected responses, refused and
failed connections, HTTP errors, and a stage that crashes. Each must end as the reject the
failure map (crawler/failures.py) gives it, or as an article when nothing is wrong.

The crawl that serves them must pass `SETTINGS` (the crashing stage is a test pipeline).
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import time
import zlib
from collections.abc import Callable

import brotli
from backports import zstd

from crawler.run import project_settings
from tests.hostile.crashing import CRASH_PATH, UNGUARDED_CRASH_PATH
from tests.hostile.pages import article_html, paragraphs
from tests.hostile.site import Case, Request

BIG = 9 * 1024 * 1024  # over the project's DOWNLOAD_MAXSIZE (8 MB)


def settings() -> dict[str, str]:
    """-s settings the crawl of these cases needs: the project's pipelines plus the crashing
    stages (tests/hostile/crashing.py) between tag and dedup."""
    pipelines = dict(project_settings().getdict("ITEM_PIPELINES"))
    pipelines["tests.hostile.crashing.CrashingStage"] = 450
    pipelines["tests.hostile.crashing.UnguardedStage"] = 460
    return {"ITEM_PIPELINES": json.dumps(pipelines)}


def page(n: int, **kwargs: str) -> bytes:
    """A whole article page of its own (a numbered last paragraph keeps dedup out of it)."""
    body = [*paragraphs(n), f"وهذه هي الصفحة رقم {n} من صفحات الاختبار في الموقع."]
    return article_html(n, body=body, **kwargs).encode("utf-8")


def _head(request: Request, status: int, headers: dict[str, str]) -> None:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
    request.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


HTML = {"Content-Type": "text/html; charset=utf-8"}


# -- time --------------------------------------------------------------------------------------

def _sleep_before_headers(request: Request) -> None:
    time.sleep(6)  # past the hostile spider's DOWNLOAD_TIMEOUT (3 s)
    request.close()


def _trickle(request: Request) -> None:
    body = page(40)
    _head(request, 200, {**HTML, "Content-Length": str(len(body))})
    for i in range(0, 60):  # a few bytes a second: the whole page would take a minute
        request.raw(body[i * 8:(i + 1) * 8])
        time.sleep(0.2)
    request.close()


# -- bodies cut short ----------------------------------------------------------------------------

def _short_of_length(request: Request) -> None:
    body = page(41)
    _head(request, 200, {**HTML, "Content-Length": str(len(body))})
    request.raw(body[: len(body) // 2])
    request.close()


def _chunked_cut(request: Request) -> None:
    body = page(42)
    _head(request, 200, {**HTML, "Transfer-Encoding": "chunked"})
    half = body[: len(body) // 2]
    request.raw(f"{len(half):x}\r\n".encode() + half + b"\r\n")
    request.raw(f"{len(body):x}\r\n".encode() + body[:100])  # a chunk that never ends
    request.close()


def _closed_mid_page(request: Request) -> None:
    body = page(43)
    _head(request, 200, {**HTML, "Connection": "close"})
    request.raw(body[: int(len(body) * 0.7)])
    request.close()


def _closed_after_page(request: Request) -> None:
    _head(request, 200, {**HTML, "Connection": "close"})
    request.raw(page(44))
    request.close()


def _headers_then_close(request: Request) -> None:
    _head(request, 200, {**HTML, "Content-Length": "40000"})
    request.close()


def _no_answer(request: Request) -> None:
    request.close()


def _reset(request: Request) -> None:
    request.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    request.socket.close()  # RST instead of FIN
    request.handler.close_connection = True


# -- size ------------------------------------------------------------------------------------------

def _announced_too_large(request: Request) -> None:
    _head(request, 200, {**HTML, "Content-Length": str(BIG)})
    request.raw(page(45))  # the rest never comes: the client hangs up on the headers
    request.close()


def _streamed_too_large(request: Request) -> None:
    _head(request, 200, {**HTML, "Connection": "close"})
    request.raw(page(45)[:2000])
    filler = b"<p>" + b"x" * 65530 + b"</p>"
    for _ in range(BIG // len(filler) + 2):
        request.raw(filler)
    request.close()


def _gzip_bomb(request: Request) -> None:
    body = gzip.compress(b"<html><body>" + b" " * (BIG + 1024) + b"</body></html>")
    request.send(200, {**HTML, "Content-Encoding": "gzip"}, body)


# -- compression -----------------------------------------------------------------------------------

def _compressed(request: Request, coding: str, data: bytes, keep: float = 1.0) -> None:
    body = data[: int(len(data) * keep)]
    request.send(200, {**HTML, "Content-Encoding": coding}, body)


def _gzip_whole(request: Request) -> None:
    _compressed(request, "gzip", gzip.compress(page(46)))


def _gzip_cut(request: Request) -> None:
    _compressed(request, "gzip", gzip.compress(page(47)), keep=0.6)


def _deflate_cut(request: Request) -> None:
    _compressed(request, "deflate", zlib.compress(page(48)), keep=0.6)


def _br_cut(request: Request) -> None:
    _compressed(request, "br", brotli.compress(page(49)), keep=0.6)


def _zstd_cut(request: Request) -> None:
    _compressed(request, "zstd", zstd.compress(page(50)), keep=0.6)


def _br_whole(request: Request) -> None:
    _compressed(request, "br", brotli.compress(page(51)))


def _gzip_mislabelled(request: Request) -> None:
    _compressed(request, "gzip", page(52))  # plain HTML said to be gzip


def _gzip_garbage(request: Request) -> None:
    _compressed(request, "gzip", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8)


# -- redirects ----------------------------------------------------------------------------

def _to(location: str, status: int = 302) -> Callable[[Request], None]:
    def serve(request: Request) -> None:
        target = location.replace("{origin}", request.origin)
        request.send(status, {"Location": target}, "")
    return serve


def _meta_refresh_self(request: Request) -> None:
    refresh = f'<meta http-equiv="refresh" content="30; url={request.origin}{request.path}">'
    request.send(200, HTML, page(56, head=refresh))  # reloads itself every 30 s


def _meta_refresh_trio(request: Request) -> None:
    following = {"/a/meta-refresh-loop": "/r/meta-2", "/r/meta-2": "/r/meta-3",
                 "/r/meta-3": "/r/meta-2"}[request.path]
    request.send(200, HTML, f'<html><head><meta http-equiv="refresh" content="0; url='
                            f'{following}"></head><body></body></html>')


def _meta_refresh_pair(request: Request) -> None:
    other = "/r/meta-b" if request.path.startswith("/a/") else "/a/meta-refresh-pair"
    request.send(200, HTML, f'<html><head><meta http-equiv="refresh" content="1;URL=\'{other}\'">'
                            "</head><body><p>...</p></body></html>")


def _pingpong(request: Request) -> None:
    other = "/r/pong" if request.path.startswith("/a/") else "/a/redirect-pingpong"
    request.send(301, {"Location": other}, "")


def _endless(request: Request) -> None:
    step = int(request.query.partition("=")[2] or 0) + 1
    request.send(302, {"Location": f"/a/redirect-endless?step={step}"}, "")


def _to_closed_port(request: Request) -> None:
    with socket.socket() as probe:  # a port nobody listens on (bound, then released)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request.send(302, {"Location": f"http://127.0.0.1:{port}/a/gone"}, "")


def _to_tls(request: Request) -> None:
    port = request.origin.rsplit(":", 1)[1]  # this plain-HTTP server, spoken to in TLS
    request.send(302, {"Location": f"https://127.0.0.1:{port}/a/tls-target"}, "")


# -- HTTP errors --------------------------------------------------------------------------

def _status(code: int, headers: dict[str, str] | None = None) -> Callable[[Request], None]:
    def serve(request: Request) -> None:
        request.send(code, {**HTML, **(headers or {})}, f"<h1>{code}</h1>")
    return serve


def _crashing(request: Request) -> None:
    n = 53 if request.path == CRASH_PATH else 55
    request.send(200, HTML, page(n))  # an ordinary article: a stage is what fails


CASES = [
    Case("/a/timeout-headers", "no response at all until long past DOWNLOAD_TIMEOUT", "timeout",
         _sleep_before_headers),
    Case("/a/timeout-trickle", "headers at once, then the body a few bytes a second",
         "timeout", _trickle),
    Case("/a/short-of-length", "a body shorter than its Content-Length (connection closed)",
         "truncated", _short_of_length),
    Case("/a/chunked-cut", "a chunked body cut inside a chunk", "truncated", _chunked_cut),
    Case("/a/closed-mid-page", "no Content-Length, the connection closed mid-page",
         "truncated", _closed_mid_page),
    Case("/a/closed-after-page", "no Content-Length, the connection closed after the whole page",
         "article", _closed_after_page),
    Case("/a/headers-then-close", "headers announcing a body, then the connection closed",
         "truncated", _headers_then_close),
    Case("/a/no-answer", "the connection closed without a response", "connection_lost",
         _no_answer),
    Case("/a/reset", "the connection reset (RST) without a response", "connection_lost",
         _reset),
    Case("/a/too-large-announced", "a Content-Length over DOWNLOAD_MAXSIZE", "too_large",
         _announced_too_large),
    Case("/a/too-large-streamed", "no Content-Length, a body streaming past DOWNLOAD_MAXSIZE",
         "too_large", _streamed_too_large),
    Case("/a/gzip-bomb", "a 9 kB gzip body that decompresses past DOWNLOAD_MAXSIZE",
         "too_large", _gzip_bomb),
    Case("/a/gzip-whole", "a gzip-compressed article", "article", _gzip_whole),
    Case("/a/gzip-cut", "a gzip stream cut short (Content-Length matching the cut body)",
         "truncated", _gzip_cut),
    Case("/a/deflate-cut", "a deflate stream cut short", "truncated", _deflate_cut),
    Case("/a/br-cut", "a brotli stream cut short", "truncated", _br_cut),
    Case("/a/zstd-cut", "a zstd stream cut short", "truncated", _zstd_cut),
    Case("/a/br-whole", "a brotli-compressed article", "article", _br_whole),
    Case("/a/gzip-mislabelled", "plain HTML served with Content-Encoding: gzip", "article",
         _gzip_mislabelled),
    Case("/a/gzip-garbage", "Content-Encoding: gzip over bytes that are no gzip stream",
         "bad_encoding", _gzip_garbage),
    Case("/a/redirect-self", "a 302 to itself", "redirect_loop", _to("/a/redirect-self")),
    Case("/a/redirect-pingpong", "a 301 to a page that 301s back", "redirect_loop",
         _pingpong, also=("/r/pong",)),
    Case("/a/meta-refresh-loop", "meta refreshes into a cycle of two other pages",
         "redirect_loop", _meta_refresh_trio, also=("/r/meta-2", "/r/meta-3")),
    Case("/a/meta-refresh-self", "an article whose meta refresh reloads itself every 30 s",
         "article", _meta_refresh_self),
    Case("/a/meta-refresh-pair", "two pages refreshing to each other", "redirect_loop",
         _meta_refresh_pair, also=("/r/meta-b",)),
    Case("/a/redirect-endless", "a redirect to a new URL every time (?step=1, 2, ...)",
         "too_many_redirects", _endless),
    Case("/a/redirect-offsite", "a redirect to a host outside the site (never fetched)",
         "offsite_redirect", _to("http://offsite.invalid/a/story")),
    Case("/a/refused", "a redirect to a port of the site nobody listens on",
         "connection_refused", _to_closed_port),
    Case("/a/tls-mismatch", "a redirect to https on a port that speaks plain HTTP", "tls_error",
         _to_tls),
    Case("/a/http-404", "404 Not Found", "http_404", _status(404)),
    Case("/a/http-410", "410 Gone", "http_410", _status(410)),
    Case("/a/http-403", "403 Forbidden", "http_403", _status(403)),
    Case("/a/http-429", "429 Too Many Requests (retried, then given up)", "http_429",
         _status(429, {"Retry-After": "1"})),
    Case("/a/http-500", "500 Internal Server Error (retried, then given up)", "http_500",
         _status(500)),
    Case("/a/http-503", "503 Service Unavailable (retried, then given up)", "http_503",
         _status(503)),
    Case(CRASH_PATH, "a page on which a pipeline stage raises (a bug)", "error_crash",
         _crashing),
    Case(UNGUARDED_CRASH_PATH, "a page on which a pipeline without akhbar's guard raises",
         "error_pipeline", _crashing),
]
