"""What the writer (crawler/writer.py) reports, named once for what reads it (crawler/runs.py,
crawler/run.py, the CLI): its stats keys, the signal of a file's rows in place, a run's id."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

STORED = "akhbar/stored"  # stats: STORED/articles, STORED/rejects, STORED/rejects/<stage>/<reason>
STORED_SITES = f"{STORED}/site"  # stats: STORED_SITES/<site>, the articles stored of each site
QUALITY = "akhbar/quality"  # stats: QUALITY/<column> of each quality counter (no_published ...)
rows_stored = object()  # signal: a file's rows are in place, and counted in the STORED stats
STORE_FAILED = "akhbar/store_failed"  # stats: why the object store took no more files
STORE_UNAVAILABLE = "store_unavailable"  # the finish reason of a crawl it stopped


def new_run_id(now: datetime | None = None) -> str:
    """Sortable, unique id of a crawl run, e.g. 20261129T091500Z-3fa2."""
    return f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"
