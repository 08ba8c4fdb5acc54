"""WARC files the tests write themselves: well-formed ones with warcio's own writer (another
writer than akhbar's), and damaged ones byte by byte (what no writer would produce)."""

from __future__ import annotations

import gzip
import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_DATE = "2026-11-20T09:30:00Z"


def html_page(title: str, paragraphs: int = 6) -> bytes:
    body = "".join(f"<p>{title}: فقرة رقم {i} من نص المقال تروي تفاصيل الخبر كما وردت من "
                   "مصادر متعددة في العاصمة صباح اليوم.</p>" for i in range(paragraphs))
    return (f"<html lang='ar'><head><title>{title}</title></head><body><article><h1>{title}"
            f"</h1>{body}</article></body></html>").encode()


def warcio_response(writer: WARCWriter, url: str, body: bytes,
                    content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                    date: str = WARC_DATE) -> None:
    """A response record (and its request) written by warcio."""
    head = StatusAndHeaders(status, [("Content-Type", content_type),
                                     ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    response = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                         http_headers=head, warc_headers_dict={"WARC-Date": date})
    request = writer.create_warc_record(
        url, "request", payload=io.BytesIO(b""), length=0,
        http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True))
    writer.write_request_response_pair(request, response)


def raw_member(url: str, payload: bytes, kind: str = "response",
               declared_length: int | None = None) -> bytes:
    """One record as a gzip member, written byte by byte: the payload as given, however broken."""
    length = len(payload) if declared_length is None else declared_length
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Date: {WARC_DATE}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()
    return gzip.compress(head + payload + b"\r\n\r\n")


def write_file(path: Path, build) -> Path:  # noqa: ANN001 (a function of the writer)
    with path.open("wb") as stream:
        build(WARCWriter(stream, gzip=True, warc_version="1.1"), stream)
    return path
