"""A dataset folder's schema marker: the file recording that every file under the folder has the
current schema version, so that migration (pipelines/store/migration.py) is a no-op once done."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipelines.store.schema import SCHEMA_VERSION

SCHEMA_MARKER = "_akhbar_schema.json"  # the schema version every file of a dataset has


def write_marker(root: Path) -> None:
    """Record that every file under `root` has the current schema version."""
    marker = root / SCHEMA_MARKER
    if marker_version(root) != SCHEMA_VERSION:
        tmp = root / f".{SCHEMA_MARKER}.tmp"
        try:
            tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
            os.replace(tmp, marker)
        finally:
            tmp.unlink(missing_ok=True)


def marker_version(root: Path) -> str | None:
    """The schema version the marker file of `root` records, if any."""
    try:
        return json.loads((root / SCHEMA_MARKER).read_text()).get("schema_version")
    except (OSError, ValueError):
        return None
