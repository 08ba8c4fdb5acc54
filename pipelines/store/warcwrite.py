"""The raw archive: each fetched response as WARC/1.1 request and response records (gzip per
record, so any record can be read alone from its offset), written with warcio.

Files are `<directory>/<prefix>-<n>.warc.gz`, a new one once a file passes `max_bytes`; each opens
with a warcinfo record naming the software. A file is written in place: a run killed mid-record
leaves a last gzip member cut short, which the reader (pipelines/store/warcread.py) reports as
`damaged_gzip` without losing the records before it.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from w3lib.url import safe_url_string
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
SUFFIX = ".warc.gz"
# WARC fields of akhbar's own response records: what the crawl fetched the page as (an article,
# or a discovery source: feed, sitemap, home page) and how it found it (JSON)
ROLE_FIELD = "Akhbar-Role"
DISCOVERY_ROLE = "discovery"
DISCOVERY_FIELD = "Akhbar-Discovery"
# dropped from the archived response: its body is stored decoded (no transfer or content coding)
# and its length is the WARC record's
CODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class Exchange:
    """One fetch: the request sent and the response read (its body decoded)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    protocol: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    extra: dict[str, str] = field(default_factory=dict)  # more WARC fields of the response


class WarcArchive:
    """Appends exchanges to rotating WARC files; `write` says where the response record is."""

    def __init__(self, directory: Path, prefix: str, max_bytes: int, root: Path,
                 software: str = "akhbar") -> None:
        self.directory, self.prefix, self.max_bytes = directory, prefix, max_bytes
        self.root = root  # names are given relative to it (the output folder)
        self.software = software
        self.files: list[Path] = []
        self._stream: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def write(self, exchange: Exchange) -> tuple[str, int]:
        """Archive one exchange; (file name relative to the root, offset of its response). A URL
        written as an IRI (raw Arabic letters) is archived percent-encoded, as HTTP sends it."""
        writer, stream = self._current()
        exchange = replace(exchange, url=safe_url_string(exchange.url))
        response = writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body),
            length=len(exchange.body), http_headers=_response_head(exchange),
            warc_headers_dict={"WARC-Date": _warc_date(exchange.fetched_at), **exchange.extra})
        request = writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=_request_head(exchange),
            warc_headers_dict={"WARC-Date": _warc_date(exchange.fetched_at)})
        request.rec_headers.add_header("WARC-Concurrent-To",
                                       response.rec_headers.get_header("WARC-Record-ID"))
        offset = stream.tell()  # the response first, so that its offset is this one
        writer.write_record(response)
        writer.write_record(request)
        stream.flush()
        name = self.files[-1].relative_to(self.root).as_posix()
        if stream.tell() >= self.max_bytes:
            self.close()
        return name, offset

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream, self._writer = None, None

    def _current(self) -> tuple[WARCWriter, IO[bytes]]:
        if self._writer is None or self._stream is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{self.prefix}-{len(self.files):05d}{SUFFIX}"
            self._stream = path.open("xb")
            self._writer = WARCWriter(self._stream, gzip=True, warc_version=WARC_VERSION)
            self.files.append(path)
            info = self._writer.create_warcinfo_record(
                path.name, {"software": self.software, "format": "WARC File Format 1.1"})
            self._writer.write_record(info)
        return self._writer, self._stream

def _response_head(exchange: Exchange) -> StatusAndHeaders:
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in CODING_HEADERS]
    headers.append(("Content-Length", str(len(exchange.body))))
    return StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers,
                            protocol=exchange.protocol)


def _request_head(exchange: Exchange) -> StatusAndHeaders:
    from urllib.parse import urlsplit

    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), *exchange.request_headers]
    return StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}", headers,
                            is_http_request=True)


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
