"""akhbar's item pipelines, one stage a module: extract, dates, normalize, tag, dedup, parquet.

Each stage is a plain function over an article dict (usable without Scrapy, in a worker process);
its Scrapy pipeline class is a thin adapter. A stage that refuses a page raises `Reject`, which
Scrapy treats as DropItem and the parquet stage records as a reject row.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import RejectItem


class Reject(DropItem):
    """A page that will not become an article row: `stage` and `reason` go to output/rejects/."""

    def __init__(self, stage: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{stage}/{reason}: {detail}" if detail else f"{stage}/{reason}")
        self.stage = stage
        self.reason = reason
        self.detail = detail


def passes_through(item: Any) -> bool:
    """True for items a stage must hand on untouched (rejects recorded upstream)."""
    return isinstance(item, RejectItem)


class Unchanged(DropItem):
    """A re-fetched article whose text is what the dataset already holds: nothing is written."""
