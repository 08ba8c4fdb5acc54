"""Extraction of saved pages: the row the pipeline would write, without crawling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from crawler.sites import site_for_url


def batch_lines(stream: TextIO) -> Iterator[tuple[str, str | None]]:
    for line in stream:
        line = line.rstrip("\r\n")
        if line.strip():
            path, _, url = line.partition("\t")
            yield path, url.strip() or None


def extract_file(path: str, url: str | None = None) -> dict[str, Any]:
    """The article row for one saved page, or {"url", "error"} when it gives no article."""
    from pipelines import Reject
    from pipelines.chain import process_page
    from pipelines.extract import canonical_of
    from pipelines.schema import json_row

    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return {"url": url, "error": f"unreadable: {exc.strerror or exc}"}
    url = url or canonical_of(body) or Path(path).resolve().as_uri()
    site = site_for_url(url)
    page = {"url": url, "body": body, "headers": {}, "fetched_at": datetime.now(UTC),
            "site": site.name if site else None,
            "site_domains": sorted(site.domains) if site else [],
            "site_timezone": site.timezone if site else "UTC",
            "site_overrides": dict(site.overrides) if site else {},
            "site_country": site.country if site else None}
    try:
        return json_row(process_page(page))
    except Reject as exc:
        return {"url": url, "error": f"{exc.reason}: {exc.detail}".rstrip(": ")}

