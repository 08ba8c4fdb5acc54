"""A dataset folder's schema marker: the file recording that every file under the folder has the
current schema version, so that migration (pipelines/store/migration.py) is a no-op once done.
On object storage (a Location) the marker is one small object, written in one request."""

from __future__ import annotations

import json
import os

from pipelines.store.objectstore import Location, Place, read_small, write_small
from pipelines.store.schema import SCHEMA_VERSION

SCHEMA_MARKER = "_akhbar_schema.json"  # the schema version every file of a dataset has


def write_marker(root: Place) -> None:
    """Record that every file under `root` has the current schema version."""
    marker = root / SCHEMA_MARKER
    if isinstance(marker, Location):
        if marker_version(root) != SCHEMA_VERSION:
            write_small(marker, json.dumps({"schema_version": SCHEMA_VERSION}).encode())
        return
    if marker_version(root) != SCHEMA_VERSION:
        tmp = root / f".{SCHEMA_MARKER}.tmp"
        try:
            tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
            os.replace(tmp, marker)
        finally:
            tmp.unlink(missing_ok=True)


def marker_version(root: Place) -> str | None:
    """The schema version the marker file of `root` records, if any."""
    marker = root / SCHEMA_MARKER
    try:
        text = read_small(marker) if isinstance(marker, Location) else marker.read_text()
        return json.loads(text).get("schema_version")
    except (OSError, ValueError):
        return None
