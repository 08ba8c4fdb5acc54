"""Hostile page bytes: lying or missing charsets, binary junk, characters XML refuses, deep
nesting, odd markup. Article pages are the project's own (tests/hostile/pages.py); `NUMBER`
gives, for each article case, the number of its page, whose paragraphs (pages.paragraphs) its
stored text must hold, spelled right (no mojibake)."""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.hostile.pages import article_html
from tests.hostile.site import Case, Request

HTML = "text/html"
Serve = Callable[[Request], None]
NUMBER: dict[str, int] = {}  # article case path -> the number of the page it serves


def _article(path: str, what: str, n: int, serve: Serve) -> Case:
    NUMBER[path] = n
    return Case(path, what, "article", serve)


def _bytes(n: int, codec: str, http: str | None, meta: str | None, *, prefix: bytes = b"",
           prolog: str = "") -> Serve:
    """Article n encoded in `codec`, Content-Type charset `http` and <meta charset> `meta`."""
    def serve(request: Request) -> None:
        page = prolog + article_html(n, charset=meta)
        content_type = f"{HTML}; charset={http}" if http else HTML
        request.send(200, {"Content-Type": content_type}, prefix + page.encode(codec))
    return serve


def _double_utf8(request: Request) -> None:
    """UTF-8 read as windows-1252 (its holes as C1 controls, as MySQL's latin1 does) and stored
    as UTF-8 again."""
    holes = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    page = "".join(chr(b) if b in holes else bytes([b]).decode("cp1252")
                   for b in article_html(20).encode("utf-8"))
    request.send(200, {}, page.encode("utf-8"))


def _triple_utf8(request: Request) -> None:
    page = article_html(21)
    for _ in range(2):
        page = page.encode("utf-8").decode("cp1252", errors="replace")
    request.send(200, {}, page.encode("utf-8"))


def _mixed(request: Request) -> None:
    """A UTF-8 template around an article body stored in windows-1256."""
    page = article_html(22)
    cut = page.index("<article>")
    request.send(200, {}, page[:cut].encode("utf-8") + page[cut:].encode("cp1256"))


def _binary(request: Request) -> None:
    junk = random.Random(23).randbytes(40_000)
    request.send(200, {"Content-Type": HTML}, junk)


def _pdf(request: Request) -> None:
    request.send(200, {"Content-Type": HTML}, b"%PDF-1.4\n" + random.Random(24).randbytes(9000))


def _nul_bytes(request: Request) -> None:
    page = article_html(25).replace("<p>", "<p>\x00").replace("</h1>", "\x00\x00</h1>")
    request.send(200, {}, page.encode("utf-8"))


def _controls(request: Request) -> None:
    """C0 controls raw and as numeric references, next to words joined by ZWNJ."""
    page = article_html(26).replace("<p>", "<p>\x01\x02\x0b\x0c\x1b&#1;&#xFFFE;&#0;", 4)
    page = page.replace("</h1>", " می\u200cشود\x07&#x8;</h1>")
    request.send(200, {}, page.encode("utf-8"))


def _nested(n: int, depth: int) -> Serve:
    def serve(request: Request) -> None:
        page = article_html(n, before='<div class="wrap">' * depth, after="</div>" * depth)
        request.send(200, {}, page)
    return serve


def _comments(request: Request) -> None:
    noise = ("<!-- " + "تعليق في الشيفرة " * 5 + "-->" + "<?php echo $x; ?>") * 300
    page = article_html(30, head="<!--[if lt IE 9]><script src=x.js></script><![endif]-->")
    request.send(200, {}, page.replace("<p>", noise + "<p>"))


def _empty(request: Request) -> None:
    request.send(200, {}, b"")


def _blank(request: Request) -> None:
    request.send(200, {}, b" \r\n\t \n" * 50)


def _huge_line(request: Request) -> None:
    """An article after a 1.5 MB line with no break (inline data in the page)."""
    blob = "<script>var data='" + "x" * 1_500_000 + "';</script>"
    request.send(200, {}, article_html(32, head=blob).replace("\n", " "))


def _utf16(request: Request) -> None:
    request.send(200, {"Content-Type": HTML}, b"\xff\xfe" + article_html(33).encode("utf-16-le"))


CASES = [
    _article("/a/charset-http-1252-is-1256", "windows-1256 bytes served as charset=windows-1252",
             1, _bytes(1, "cp1256", "windows-1252", None)),
    _article("/a/charset-http-latin1-is-1256", "windows-1256 bytes served as charset=iso-8859-1",
             2, _bytes(2, "cp1256", "iso-8859-1", None)),
    _article("/a/charset-http-utf8-is-1256", "windows-1256 bytes served as charset=utf-8",
             3, _bytes(3, "cp1256", "utf-8", None)),
    _article("/a/charset-meta-utf8-is-1256", "windows-1256 bytes whose <meta charset> says utf-8",
             4, _bytes(4, "cp1256", None, "utf-8")),
    _article("/a/charset-http-1252-meta-1256",
             "HTTP says windows-1252, <meta> says windows-1256 (right)", 5,
             _bytes(5, "cp1256", "windows-1252", "windows-1256")),
    _article("/a/charset-utf8-served-1256", "UTF-8 bytes served as charset=windows-1256", 6,
             _bytes(6, "utf-8", "windows-1256", "windows-1256")),
    _article("/a/charset-none-cp1256", "windows-1256 with no charset anywhere", 7,
             _bytes(7, "cp1256", None, None)),
    _article("/a/charset-iso-8859-6", "iso-8859-6, declared", 8,
             _bytes(8, "iso8859_6", "iso-8859-6", None)),
    _article("/a/charset-none-iso-8859-6", "iso-8859-6 with no charset anywhere", 9,
             _bytes(9, "iso8859_6", None, None)),
    _article("/a/charset-iso-8859-6-served-1256",
             "iso-8859-6 bytes served as charset=windows-1256", 10,
             _bytes(10, "iso8859_6", "windows-1256", None)),
    _article("/a/charset-bom-utf8-cp1256", "a UTF-8 byte-order mark before windows-1256 bytes",
             11, _bytes(11, "cp1256", None, "windows-1256", prefix=b"\xef\xbb\xbf")),
    _article("/a/charset-utf16-bom", "UTF-16 (little-endian, with BOM), no charset declared",
             33, _utf16),
    _article("/a/charset-double-utf8",
             "UTF-8 encoded twice (read as windows-1252, saved as UTF-8 again)", 20, _double_utf8),
    _article("/a/charset-mixed", "a UTF-8 template around an article body in windows-1256", 22,
             _mixed),
    Case("/a/charset-triple-encoded", "UTF-8 mis-encoded twice over: no charset reads it",
         "undecodable", _triple_utf8),
    _article("/a/xml-prolog", "XHTML: <?xml encoding=\"windows-1256\"?> before the page", 12,
             _bytes(12, "cp1256", None, None,
                    prolog='<?xml version="1.0" encoding="windows-1256"?>\n')),
    Case("/a/binary-as-html", "40 kB of random bytes served as text/html", "undecodable",
         _binary),
    Case("/a/pdf-as-html", "a PDF document served as text/html", "not_html", _pdf),
    _article("/a/nul-bytes", "NUL bytes in the headline and the paragraphs", 25, _nul_bytes),
    _article("/a/control-chars",
             "C0 controls, raw and as &#1;-style references, next to ZWNJ words", 26, _controls),
    _article("/a/nested-300", "the article inside 300 nested <div>s", 27, _nested(27, 300)),
    _article("/a/nested-1000", "the article inside 1,000 nested <div>s", 28,
             _nested(28, 1000)),
    _article("/a/nested-5000", "the article inside 5,000 nested <div>s", 29,
             _nested(29, 5000)),
    _article("/a/comments-pis",
             "hundreds of comments and processing instructions between paragraphs", 30,
             _comments),
    Case("/a/empty-200", "status 200 with an empty body", "empty", _empty),
    Case("/a/blank-200", "status 200 with a body of blanks only", "empty", _blank),
    _article("/a/huge-line", "a 1.5 MB line without a break before the article", 32,
             _huge_line),
]
