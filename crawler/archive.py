"""`--save-warc`: every response the crawl reads is archived under output/raw/ (WARC/1.1, gzip
per record; pipelines/store/warcwrite.py), and its file and offset go into the page's row.

A downloader middleware placed after decompression and redirects (so it sees each final
response with its body decoded). Settings: WARC_SAVE_ENABLED, WARC_SAVE_DIR (default
PARQUET_DIR/raw), WARC_FILE_MB. Files are raw/<site>/<run id>-<n>.warc.gz.

Each response record also says what the crawl knew of the page (the `Akhbar-Role` and
`Akhbar-Discovery` WARC fields: an article fetch or a discovery source, and the feed or sitemap
entry that led to it), so that `akhbar reextract` rebuilds the same rows from the archive alone.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler import settings as defaults
from pipelines.store.objectstore import local_folder
from pipelines.store.warcwrite import (
    DISCOVERY_FIELD,
    DISCOVERY_ROLE,
    ROLE_FIELD,
    Exchange,
    WarcArchive,
)

logger = logging.getLogger(__name__)

ARCHIVED = "akhbar_warc"  # request meta: (file, offset) of the archived response
FETCHED_AT = "akhbar_fetched_at"  # request meta: the archived response's WARC-Date
# stats of ingest-warc and reextract (crawler/ingest.py)
WARC_READ = "akhbar/warc/read"  # records read so far (the live progress line)
WARC_RECORDS = "akhbar/warc/records/"  # WARC_RECORDS<WARC-Type>: records read, by type
WARC_ASIDE = "akhbar/warc/aside/"  # WARC_ASIDE<why>: page records left without a row by design
WARC_ALREADY = "akhbar/warc/already_done"  # records skipped: an earlier ingest has their rows


def archived_fields(meta: dict[str, Any]) -> dict[str, Any]:
    """The row's warc_file and warc_offset from a request's meta (None when not archived)."""
    file, offset = meta.get(ARCHIVED) or (None, None)
    return {"warc_file": file, "warc_offset": offset}


class WarcSaveMiddleware:
    """Archives each final response (not 304s: they carry no page) before the spider reads it."""

    def __init__(self, crawler: Crawler, directory: Path, root: Path, max_bytes: int) -> None:
        self.crawler = crawler
        self.directory, self.root, self.max_bytes = directory, root, max_bytes
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcSaveMiddleware:
        settings = crawler.settings
        if not settings.getbool("WARC_SAVE_ENABLED", defaults.WARC_SAVE_ENABLED):
            raise NotConfigured
        root = local_folder(settings)  # PARQUET_DIR, or STATE_DIR on object storage
        directory = Path(settings.get("WARC_SAVE_DIR") or root / "raw")
        middleware = cls(crawler, directory, root,
                         int(settings.getfloat("WARC_FILE_MB", defaults.WARC_FILE_MB) * 2**20))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 or ARCHIVED in request.meta:
            return response
        if self.archive is None:
            spider = self.crawler.spider
            run_id = self.crawler.settings.get("AKHBAR_RUN_ID") or \
                datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self.archive = WarcArchive(self.directory / spider.name, run_id, self.max_bytes,
                                       root=self.root if self._under_root() else self.directory,
                                       software=f"akhbar {_version()}")
        exchange = _exchange(request, response)
        request.meta[ARCHIVED] = self.archive.write(exchange)
        request.meta[FETCHED_AT] = exchange.fetched_at
        self.crawler.stats.inc_value("akhbar/warc/saved")
        return response

    def spider_closed(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.crawler.stats.set_value("akhbar/warc/files",
                                         [str(f) for f in self.archive.files])

    def _under_root(self) -> bool:
        return self.directory.resolve().is_relative_to(self.root.resolve())


def _exchange(request: Request, response: Response) -> Exchange:
    meta = request.meta
    role = "article" if meta.get("akhbar_stage") == "fetch" else DISCOVERY_ROLE
    extra = {ROLE_FIELD: role}
    if meta.get("akhbar_discovery"):
        extra[DISCOVERY_FIELD] = json.dumps(meta["akhbar_discovery"], default=str)
    return Exchange(
        url=response.url, method=request.method,
        request_headers=_pairs(request.headers),
        status=response.status, reason=_reason(response.status),
        protocol=response.protocol or "HTTP/1.1",
        response_headers=_pairs(response.headers), body=response.body,
        fetched_at=datetime.now(UTC), extra=extra)


def _pairs(headers: Any) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1"))
            for k, values in headers.items() for v in values]


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("akhbar")
    except metadata.PackageNotFoundError:
        return "unknown"
