"""Pipeline stages with a bug, for crawls of the hostile site: each raises on one page (by URL
path). `CrashingStage` is guarded (pipelines.guarded) like every akhbar stage; `UnguardedStage`
is not, like a third-party pipeline, so its exception escapes to Scrapy's item_error."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from crawler.items import passes_through
from crawler.stages import guarded

CRASH_PATH = "/a/stage-crash"
UNGUARDED_CRASH_PATH = "/a/pipeline-crash"


def _path(item: Any) -> str | None:
    return None if passes_through(item) else urlsplit(item.get("fetched_url") or "").path


class CrashingStage:
    """Hands every item on, but raises ZeroDivisionError on the page at CRASH_PATH."""

    @guarded("crash")
    def process_item(self, item: Any) -> Any:
        if _path(item) == CRASH_PATH:
            return 1 // 0
        return item


class UnguardedStage:
    """Hands every item on, but raises KeyError on the page at UNGUARDED_CRASH_PATH."""

    def process_item(self, item: Any) -> Any:
        if _path(item) == UNGUARDED_CRASH_PATH:
            return {}["no such key"]
        return item
