"""Reading WARC files (WARC/1.0 and 1.1, plain or gzip per record, such as CC-NEWS) with warcio:
each page-like record becomes a `WarcPage` (an HTML response, its body decoded from its transfer
and content codings) or a `WarcProblem` saying why it is not one. Nothing is held beyond the
current record, whatever the file's size.

A damaged file does not stop the reading: a record cut short is `truncated`; a gzip member that
does not decompress is `damaged_gzip` and, where the file can seek, the reading goes on at the
next gzip member that starts a record; bytes left after the last record that could be read
(a member cut at the end of the file) are `damaged_gzip` too. Records that are not pages
(warcinfo, request, metadata ...) are only counted.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipelines.arabic import BASIC_LETTERS
from pipelines.store.warcwrite import DISCOVERY_ROLE, ROLE_FIELD

logger = logging.getLogger(__name__)

PAGE_RECORDS = frozenset({"response", "resource", "revisit"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MAGIC = b"\x1f\x8b\x08"
SCAN_CHUNK = 1 << 20  # bytes read at a time when looking for the next gzip member
EXTRA_PREFIX = "akhbar-"  # WARC fields akhbar's own archive adds (crawler/archive.py)
SNIFF_BYTES = 16_384  # what looks_arabic reads of a body
MIN_SNIFFED_LETTERS = 40
# UTF-8 of the basic Arabic letters (their lead bytes, from pipelines/arabic.py)
ARABIC_UTF8 = re.compile(b"[" + b"".join(re.escape(bytes([b])) for b in sorted(
    {chr(c).encode()[0] for lo, hi in BASIC_LETTERS for c in range(lo, hi + 1)})) + b"][\x80-\xbf]")
ARABIC_CHARSETS = re.compile(rb"windows-1256|cp1256|iso-8859-6|arabic", re.I)
ARABIC_DECLARED = re.compile(
    rb"""<html[^>]*\blang\s*=\s*["']?ar\b|charset\s*=\s*["']?(?:windows-1256|iso-8859-6)""",
    re.I)
MAX_BODY = 16 * 1024 * 1024  # a page body over this is `too_large`, as a crawl's DOWNLOAD_MAXSIZE


@dataclass(frozen=True)
class WarcPage:
    """An HTML response read from a WARC record."""

    file: str
    offset: int
    url: str
    status: int
    headers: dict[str, str]  # lower-case name -> first value
    body: bytes
    fetched_at: datetime
    extra: dict[str, str] = field(default_factory=dict)  # the record's Akhbar-* WARC fields


@dataclass(frozen=True)
class WarcProblem:
    """A record that is not a usable page, and why (`reason`, a reject reason)."""

    file: str
    offset: int
    url: str | None
    reason: str
    detail: str
    status: int | None = None
    fetched_at: datetime | None = None


@dataclass
class ReadCounts:
    """What a reading met: records by WARC type, and records skipped as already done."""

    types: Counter[str] = field(default_factory=Counter)
    skipped: int = 0


class _Counting:
    """A binary stream that counts the bytes read from it (the end of what was parsed)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position


def read_warc(stream: IO[bytes], name: str, *, wanted: Callable[[str], bool] = lambda url: True,
              done: Collection[int] = (), counts: ReadCounts | None = None,
              start: int = 0) -> Iterator[WarcPage | WarcProblem]:
    """The page records of one WARC file read from `stream` (named `name` in what is yielded).

    `wanted(url)` is asked before a response's body is read: False makes it `unknown_site`.
    Records at an offset in `done` are skipped unread (counted in `counts.skipped`)."""
    counts = counts if counts is not None else ReadCounts()
    seekable = _seekable(stream)
    position = start
    while True:
        counting = _Counting(stream)
        iterator = ArchiveIterator(counting, check_digests=False)
        end = position
        try:
            for record in iterator:
                offset = position + iterator.offset
                counts.types[record.rec_type] += 1
                if offset in done:
                    counts.skipped += 1
                elif _role(record) == DISCOVERY_ROLE:  # a feed, sitemap ... of akhbar's archive
                    counts.types["discovery"] += 1
                elif record.rec_type in PAGE_RECORDS:
                    yield _page_or_problem(record, name, offset, wanted)
                end = position + iterator.get_record_offset() + iterator.get_record_length()
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            # zlib.error is a subclass of neither: caught below with the same meaning
            yield _damaged(name, end, exc)
        except Exception as exc:  # noqa: BLE001 (zlib.error and warcio's parser errors)
            yield _damaged(name, end, exc)
        else:
            if position + counting.position > end and _trailing_data(counting, end - position):
                yield WarcProblem(name, end, None, "damaged_gzip",
                                  f"{name}: bytes after offset {end} are not a whole record "
                                  "(a gzip member or a record cut short)")
            return
        if not seekable or (position := _next_member(stream, end + 1)) < 0:
            return


def _page_or_problem(record: Any, name: str, offset: int,
                     wanted: Callable[[str], bool]) -> WarcPage | WarcProblem:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    url = url.strip("<>")
    fetched_at = _warc_date(record.rec_headers.get_header("WARC-Date"))

    def problem(reason: str, detail: str, status: int | None = None) -> WarcProblem:
        return WarcProblem(name, offset, url or None, reason, detail, status, fetched_at)

    if not url.startswith(("http://", "https://")):
        return problem("bad_record", f"target URI {url!r} is not an http(s) URL")
    if not wanted(url):
        return problem("unknown_site", "the URL is on no catalogued site")
    if record.rec_type == "revisit":
        refers = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or "?"
        return problem("revisit", f"a revisit record (the payload is that of {refers}, "
                       f"{record.rec_headers.get_header('WARC-Refers-To-Date') or 'date unknown'})")
    status, headers, error = _http_head(record)
    if error:
        return problem("bad_http_header", error)
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if truncated:
        return problem("truncated", f"the archiver cut the record ({truncated})", status)
    try:
        body = record.content_stream().read(MAX_BODY + 1)
    except Exception as exc:  # noqa: BLE001 (a content coding that does not decode: zlib, brotli)
        return problem("bad_encoding", f"the body does not decode: {type(exc).__name__}: {exc}",
                       status)
    if getattr(record.raw_stream, "limit", 0) > 0:
        return problem("truncated", f"the record ends {record.raw_stream.limit} bytes before its "
                       "Content-Length", status)
    if len(body) > MAX_BODY:
        return problem("too_large", f"body over {MAX_BODY} bytes", status)
    content_type = headers.get("content-type", "")
    if content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return problem("not_html", f"Content-Type {content_type}", status)
    extra = {key.lower(): value for key, value in record.rec_headers.headers
             if key.lower().startswith(EXTRA_PREFIX)}
    return WarcPage(name, offset, url, status, headers, body, fetched_at or datetime.now(UTC),
                    extra)


def looks_arabic(page: WarcPage) -> bool:
    """A cheap guess, on the headers and first bytes only, that a page may be in Arabic: an
    Arabic Content-Language, lang or charset declared, or Arabic letters in its first bytes. The
    language detected after extraction decides (`--all-arabic`); this only spares the stages the
    pages plainly in other languages."""
    head = page.body[:SNIFF_BYTES]
    declared = " ".join((page.headers.get("content-language", ""),
                         page.headers.get("content-type", ""))).lower()
    if declared.startswith("ar") or ARABIC_CHARSETS.search(declared.encode()):
        return True
    if ARABIC_DECLARED.search(head):
        return True
    return len(ARABIC_UTF8.findall(head)) >= MIN_SNIFFED_LETTERS


def _role(record: Any) -> str | None:
    return record.rec_headers.get_header(ROLE_FIELD)


def _http_head(record: Any) -> tuple[int, dict[str, str], str]:
    """The HTTP status and headers of a response record, or why they cannot be read."""
    http = record.http_headers
    if record.rec_type == "resource":  # a payload without HTTP: a plain 200
        kind = record.rec_headers.get_header("Content-Type") or ""
        return 200, {"content-type": kind} if kind else {}, ""
    if http is None:
        return 0, {}, "no HTTP header block"
    code = (http.statusline or "").split(" ", 1)[0]
    if not (http.protocol or "").upper().startswith("HTTP/") or not (
            code.isdigit() and len(code) == 3):
        line = f"{http.protocol} {http.statusline}".strip()
        return 0, {}, f"not an HTTP status line: {line[:120]!r}"
    headers: dict[str, str] = {}
    for key, value in http.headers:
        headers.setdefault(key.lower(), value)
    return int(code), headers, ""


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _damaged(name: str, offset: int, exc: BaseException) -> WarcProblem:
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return WarcProblem(name, offset, None, "damaged_gzip", f"{name} at offset {offset}: {detail}")


def _trailing_data(counting: _Counting, end: int) -> bool:
    """True when what was read after the last whole record is more than blank lines."""
    stream = counting.stream
    if not _seekable(stream):
        return counting.position - end > 4
    here = stream.tell()
    stream.seek(here - (counting.position - end))
    rest = stream.read(counting.position - end)
    stream.seek(here)
    return bool(rest.strip())


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, OSError, ValueError):
        return False


def _next_member(stream: IO[bytes], start: int) -> int:
    """The offset of the next gzip member at or after `start` that begins a WARC record, or -1;
    the stream is left there."""
    stream.seek(start)
    base, tail = start, b""
    while chunk := stream.read(SCAN_CHUNK):
        data = tail + chunk
        found = data.find(GZIP_MAGIC)
        while found >= 0:
            at = base - len(tail) + found
            if _starts_record(stream, at):
                stream.seek(at)
                return at
            found = data.find(GZIP_MAGIC, found + 1)
        tail = data[-(len(GZIP_MAGIC) - 1):]
        base += len(chunk)
        stream.seek(base)
    return -1


def _starts_record(stream: IO[bytes], at: int) -> bool:
    import zlib

    stream.seek(at)
    head = stream.read(4096)
    try:
        text = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return text.startswith(b"WARC/")

