"""Per-page CPU of news-please and newspaper4k on saved pages; run by bench/throughput.py in their
own environment (`make bench-peers` builds .venv-peers), never in akhbar's.

    .venv-peers/bin/python bench/peers.py PAGES.json   # [[url, path], ...] -> JSON on stdout

The network is refused before anything is imported: every socket may connect only to 127.0.0.1
or ::1 (the extractors get the saved HTML and have no reason to fetch anything).
"""

from __future__ import annotations

import socket

LOOPBACK = ("127.0.0.1", "::1", "localhost")
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def _check(sock: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
        raise OSError(f"bench/peers.py: network access to {address!r} refused")


def _loopback_connect(sock: socket.socket, address: object) -> object:
    _check(sock, address)
    return _connect(sock, address)


def _loopback_connect_ex(sock: socket.socket, address: object) -> int:
    _check(sock, address)
    return _connect_ex(sock, address)


def _loopback_sendto(sock: socket.socket, data: bytes, *rest: object) -> int:
    _check(sock, rest[-1])
    return _sendto(sock, data, *rest)


def _loopback_getaddrinfo(host: object, *rest: object, **named: object) -> list:
    # A name lookup is itself traffic (to the resolver): only loopback names are looked up.
    if host not in (None, *LOOPBACK, b"127.0.0.1", b"localhost"):
        raise OSError(f"bench/peers.py: name lookup of {host!r} refused")
    return _getaddrinfo(host, *rest, **named)


socket.socket.connect = _loopback_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _loopback_connect_ex  # type: ignore[method-assign]
socket.socket.sendto = _loopback_sendto  # type: ignore[method-assign,assignment]
socket.getaddrinfo = _loopback_getaddrinfo  # type: ignore[assignment]
socket.gethostbyname = lambda host: _loopback_getaddrinfo(host)[0][4][0]  # type: ignore[assignment]

import json  # noqa: E402  (after the guard, on purpose)
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402


def news_please(html: str, url: str) -> int:
    from newsplease import NewsPlease

    article = NewsPlease.from_html(html, url=url, fetch_images=False)
    return len(article.maintext or "")


def newspaper4k(html: str, url: str) -> int:
    from newspaper import Article

    article = Article(url, fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return len(article.text or "")


EXTRACTORS = {"news-please": news_please, "newspaper4k": newspaper4k}


def timed(extract, pages: list[tuple[str, str]]) -> dict[str, object]:
    seconds, failures = [], 0
    try:
        extract(pages[0][1], pages[0][0])  # warm-up: imports and lazy tables
    except Exception:
        pass  # counted below, with the page's own run
    for url, html in pages:
        started = time.process_time()
        try:
            extract(html, url)
        except Exception:
            failures += 1
        seconds.append(time.process_time() - started)
    return {"seconds": seconds, "failures": failures}


def main() -> None:
    warnings.simplefilter("ignore")
    listing = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    pages = [(url, Path(path).read_bytes().decode("utf-8", "replace")) for url, path in listing]
    print(json.dumps({name: timed(extract, pages) for name, extract in EXTRACTORS.items()}))


if __name__ == "__main__":
    main()
