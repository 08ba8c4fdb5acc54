"""Is a response body whole, and how big is it once decompressed?

Scrapy's HttpCompressionMiddleware decodes leniently: a gzip, deflate, br or zstd stream cut
short yields whatever decompressed so far, and the page would be stored missing its end. These
decoders read the same stream strictly: they raise `Truncated` when it stops before its end
marker and `TooLarge` past the size limit, and return None when they cannot judge (a corrupt
stream, which Scrapy then handles as before).
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from collections.abc import Callable

import brotli
from backports import zstd

from crawler.failures import TooLarge, Truncated

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024  # decompressed bytes produced per step
HTML_END = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)
HTML_END_TAIL = 64 * 1024  # bytes at the end of a page searched for </body> or </html>


def _limit(size: int, max_size: int, encoding: str) -> None:
    if max_size and size > max_size:
        raise TooLarge(f"{encoding} body decompresses past DOWNLOAD_MAXSIZE ({max_size} bytes)")


def _gzip(data: bytes, max_size: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        while chunk := stream.read1(CHUNK):  # EOFError: the stream ended before its end
            out.write(chunk)
            _limit(out.tell(), max_size, "gzip")
    return out.getvalue()


def _deflate(data: bytes, max_size: int) -> bytes:
    try:
        decompressor = zlib.decompressobj()
        first = decompressor.decompress(data, CHUNK)
    except zlib.error:  # raw deflate, as some servers send it
        decompressor = zlib.decompressobj(wbits=-15)
        first = decompressor.decompress(data, CHUNK)
    out = io.BytesIO(first)
    out.seek(0, io.SEEK_END)
    while decompressor.unconsumed_tail and not decompressor.eof:
        out.write(decompressor.decompress(decompressor.unconsumed_tail, CHUNK))
        _limit(out.tell(), max_size, "deflate")
    _limit(out.tell(), max_size, "deflate")
    if not decompressor.eof:
        raise EOFError("deflate stream ended before its end marker")
    return out.getvalue()


def _brotli(data: bytes, max_size: int) -> bytes:
    decompressor = brotli.Decompressor()
    out = io.BytesIO(decompressor.process(data, output_buffer_limit=CHUNK))
    out.seek(0, io.SEEK_END)
    _limit(out.tell(), max_size, "br")
    while not decompressor.is_finished():
        chunk = decompressor.process(b"", output_buffer_limit=CHUNK)
        if not chunk:
            raise EOFError("br stream ended before its end marker")
        out.write(chunk)
        _limit(out.tell(), max_size, "br")
    return out.getvalue()


def _zstd(data: bytes, max_size: int) -> bytes:
    out = io.BytesIO()
    with zstd.ZstdFile(io.BytesIO(data)) as stream:
        while chunk := stream.read(CHUNK):
            out.write(chunk)
            _limit(out.tell(), max_size, "zstd")
    return out.getvalue()


DECODERS: dict[bytes, Callable[[bytes, int], bytes]] = {
    b"gzip": _gzip, b"x-gzip": _gzip, b"deflate": _deflate, b"br": _brotli, b"zstd": _zstd}


def content_codings(headers: list[bytes]) -> list[bytes]:
    """The Content-Encoding values in the order they were applied, lower-cased."""
    return [c.strip().lower() for h in headers for c in h.split(b",") if c.strip()]


def check_decoded(body: bytes, codings: list[bytes], max_size: int) -> None:
    """Decode the layers (last applied first); raise Truncated or TooLarge as found. Stops at a
    coding it does not know or a corrupt layer, leaving the verdict to Scrapy."""
    data = body
    for coding in reversed(codings):
        decoder = DECODERS.get(coding)
        if decoder is None or coding == b"identity":
            return
        try:
            data = decoder(data, max_size)
        except EOFError as exc:
            raise Truncated(f"{coding.decode()} body of {len(body)} bytes is cut short: "
                            f"{exc}") from exc
        except (OSError, zlib.error, brotli.error, zstd.ZstdError, ValueError) as exc:
            logger.debug("cannot judge a %s body: %s", coding, exc)
            return


def plain_html_mislabelled(body: bytes, codings: list[bytes]) -> bool:
    """True when a body said to be compressed is plainly an HTML page (a misconfigured server):
    it is kept as it is rather than failing to decompress."""
    head = body[:512].lstrip().lower()
    return bool(codings) and head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def html_cut_short(body: bytes) -> bool:
    """An HTML page that ends without </body> or </html> (for a body the server ended by
    closing the connection, the only sign that it closed too early)."""
    return HTML_END.search(body[-HTML_END_TAIL:]) is None
