"""Extraction of saved pages: the row the pipeline would write, without crawling.

Every page gives one JSON object, its row or {"url", "error"}: a page that is unreadable, that a
stage rejects, or on which a stage fails (a bug: `error_<stage>`, logged with its traceback)
never stops a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from crawler.sites import site_for_url

logger = logging.getLogger(__name__)


def batch_lines(stream: TextIO) -> Iterator[tuple[str, str | None]]:
    """(path, url or None) of each non-blank PATH<TAB>URL line. A stream read with
    errors="surrogateescape" keeps a path in another encoding as the bytes it names."""
    for line in stream:
        line = line.rstrip("\r\n")
        if line.strip():
            path, _, url = line.partition("\t")
            yield path, readable(url.strip()) or None


def readable(text: str) -> str:
    """`text` with the bytes that were not UTF-8 (kept as surrogates) as U+FFFD: printable."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def extract_file(path: str, url: str | None = None) -> dict[str, Any]:
    """The article row for one saved page, or {"url", "error"} when it gives no article."""
    from pipelines import Reject, StageError
    from pipelines.chain import process_page
    from pipelines.extract import canonical_of
    from pipelines.store.schema import json_row

    try:
        body = Path(path).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        return {"url": url, "error": f"unreadable: {getattr(exc, 'strerror', None) or exc}"}
    try:
        url = url or canonical_of(body) or Path(path).resolve().as_uri()
        site = site_for_url(url)
        page = {"url": url, "body": body, "headers": {}, "fetched_at": datetime.now(UTC),
                "site": site.name if site else None,
                "site_domains": sorted(site.domains) if site else [],
                "site_timezone": site.timezone if site else "UTC",
                "site_overrides": dict(site.overrides) if site else {},
                "site_country": site.country if site else None}
        return json_row(process_page(page))
    except Reject as exc:
        return {"url": url, "error": f"{exc.reason}: {exc.detail}".rstrip(": ")}
    except Exception as exc:  # outside the stages (each names its own: StageError, a Reject)
        logger.exception("extraction failed on %s (%s)", url, path)
        error = StageError("chain", exc)
        return {"url": url, "error": f"{error.reason}: {error.detail}"}
