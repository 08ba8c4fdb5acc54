"""Reading WARC files (WARC/1.0 and 1.1, plain or gzip per record, such as CC-NEWS) with warcio:
each page-like record becomes a `WarcPage` (an HTML response, its body decoded from its transfer
and content codings) or a `WarcProblem` saying why it is not one. Nothing is held beyond the
current record, whatever the file's size.

A damaged file does not stop the reading: a record cut short is `truncated`; a gzip member that
does not decompress is `damaged_gzip` and, where the file can seek, the reading goes on at the
next gzip member that starts a record (pipelines/store/warcrecover.py); so does a member cut
short that zlib read on into the members after it. Bytes left after the last record that
could be read (a member cut at the end of the file) are `damaged_gzip` too. A
file gzipped as one stream, which warcio refuses, is read through gzip instead. Records that
are not pages (warcinfo, request, metadata ...) are only counted.
"""

from __future__ import annotations

import gzip
import logging
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from pipelines.store.warcrecover import (
    Counting,
    gzip_member_at,
    maybe_one_stream,
    misread,
    next_member,
    one_gzip_stream,
    seekable,
    trailing_data,
)
from pipelines.store.warcwrite import DISCOVERY_ROLE, ROLE_FIELD

logger = logging.getLogger(__name__)

PAGE_RECORDS = frozenset({"response", "resource", "revisit"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
EXTRA_PREFIX = "akhbar-"  # WARC fields akhbar's own archive adds (crawler/archive.py)
# why a page record gets no row by design (ReadCounts.aside), and what that means
DISCOVERY_RECORD, OTHER_SCHEME = "discovery", "not_http"
ASIDE_MEANINGS = {DISCOVERY_RECORD: "feeds and sitemaps of akhbar's archive",
                  OTHER_SCHEME: "of other URI schemes (dns:, metadata: ...)"}
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
    """What a reading met: records by WARC type, records skipped as already done, and page
    records left without a row by design (`aside`, by ASIDE_MEANINGS: e.g. Heritrix's DNS
    lookups or wget's log)."""

    types: Counter[str] = field(default_factory=Counter)
    aside: Counter[str] = field(default_factory=Counter)
    skipped: int = 0


def read_warc(stream: IO[bytes], name: str, *, wanted: Callable[[str], bool] = lambda url: True,
              done: Collection[int] = (), counts: ReadCounts | None = None,
              start: int = 0) -> Iterator[WarcPage | WarcProblem]:
    """The page records of one WARC file read from `stream` (named `name` in what is yielded).

    `wanted(url)` is asked before a response's body is read: False makes it `unknown_site`.
    Records at an offset in `done` are skipped unread (counted in `counts.skipped`). A file
    gzipped as one stream is read again from its start through gzip, once: its offsets are
    those of the uncompressed records, and a record already given is not given twice."""
    counts = counts if counts is not None else ReadCounts()
    before = (counts.types.copy(), counts.aside.copy(), counts.skipped)
    given: set[int] = set()
    one_stream = yield from _read_members(stream, name, wanted, done, counts, start, given,
                                          seekable(stream))
    if one_stream:
        counts.types, counts.aside, counts.skipped = before
        stream.seek(0)
        with gzip.GzipFile(fileobj=stream) as whole:  # leaves `stream` open
            yield from _read_members(whole, name, wanted, done, counts, 0, given, False)


def _read_members(stream: IO[bytes], name: str, wanted: Callable[[str], bool],
                  done: Collection[int], counts: ReadCounts, position: int, given: set[int],
                  can_seek: bool) -> Generator[WarcPage | WarcProblem, None, bool]:
    """read_warc's reading, member after member; True (nothing more given) when the file
    turns out to be one gzip stream and can be read again from its start. `given` keeps the
    offset of the first page given (all warcio lets through of such a file), not to give it
    again then: nothing that grows with the file."""
    pending: WarcProblem | None = None  # a failure at a member read afresh next: said if it fails
    while True:
        if pending is not None and pending.offset != position:
            yield pending
            pending = None
        counting = Counting(stream)
        iterator = ArchiveIterator(counting, check_digests=False, arc2warc=True)
        end, resume, scan_from = position, None, position + 1
        gzipped = can_seek and gzip_member_at(stream, position)
        try:
            for record in iterator:
                pending = None  # the member read afresh gave a record: warcio's state had failed
                offset = position + iterator.offset
                counts.types[record.rec_type] += 1
                item = _record_item(record, name, offset, wanted, done, counts, given, can_seek)
                start, length = iterator.get_record_offset(), iterator.get_record_length()
                # not iterator.reader.decompressor: warcio drops it when a member fails at once
                if gzipped and not maybe_one_stream(position, start, length):
                    resume = misread(counting, start, length, position, scan_from)
                    scan_from = position + start + 1
                if resume is not None:
                    item = _cut_member(name, offset, resume, record)
                if item is not None:
                    yield item
                if resume is not None:
                    break
                end = max(end, position + start + length)
        except Exception as exc:  # noqa: BLE001 (warcio's, zlib's and the stream's errors alike)
            if one_gzip_stream(exc) and can_seek and position == 0:
                return True
            if pending is None and can_seek and end > position:
                pending = _damaged(name, end, exc)  # the member at `end` is read afresh below
            else:
                yield pending or _damaged(name, end, exc)  # said once, read afresh or not
                pending = None
        else:
            if resume is not None:
                if resume < 0:
                    break
                stream.seek(position := resume)
                continue
            if position + counting.position <= end or not trailing_data(counting, end - position):
                break
            yield WarcProblem(name, end, None, "damaged_gzip",
                              f"{name}: bytes after offset {end} are not a whole record "
                              "(a gzip member or a record cut short)")
        # a member at `end`, after whole records, is read afresh: warcio's state may be what
        # failed (it drops decompression when a member fails at once); else the next one
        if not can_seek or (position := next_member(stream, max(end, position + 1))) < 0:
            break
    if pending is not None:
        yield pending
    return False


def _record_item(record: Any, name: str, offset: int, wanted: Callable[[str], bool],
                 done: Collection[int], counts: ReadCounts, given: set[int],
                 can_seek: bool) -> WarcPage | WarcProblem | None:
    """What one record gives: a page or a problem, or None (skipped, aside or not a page)."""
    if offset in done:
        counts.skipped += 1
    elif _role(record) == DISCOVERY_ROLE:  # a feed, sitemap ... of akhbar's archive
        counts.aside[DISCOVERY_RECORD] += 1
    elif record.rec_type in PAGE_RECORDS and _other_scheme(record):
        counts.aside[OTHER_SCHEME] += 1
    elif record.rec_type in PAGE_RECORDS and offset not in given:
        if can_seek and not given:  # warcio stops a one-stream file after a record
            given.add(offset)
        return _page_or_problem(record, name, offset, wanted)
    return None


def _cut_member(name: str, offset: int, resume: int, record: Any) -> WarcProblem:
    """The problem of a record misread from a gzip member cut short (zlib read on into the
    members after it); the reading goes on at `resume` (-1: no member after it)."""
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
    after = f"the next one, at offset {resume}" if resume >= 0 else "the end of the file"
    return WarcProblem(name, offset, url if url.startswith(("http://", "https://")) else None,
                       "damaged_gzip", f"{name} at offset {offset}: the gzip member is cut short "
                       f"and was read on into {after}")


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


def _other_scheme(record: Any) -> bool:
    """A record of a URI with a scheme other than http(s): dns:, metadata:, file: ... A record
    with no URI at all is no such thing: it is a broken record (`bad_record`)."""
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    scheme, colon, _ = uri.partition(":")
    return bool(colon) and scheme.isalpha() and scheme.lower() not in ("http", "https")


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
