"""Scrapy's scheduler with its pending requests on disk, so that memory does not grow with the
size of a site's sitemaps.

A first crawl of a large site queues every article its sitemaps list at once: about 3.5 KB of
memory per pending request in Scrapy's memory queue. With SCHEDULER_SPILL_ENABLED (the default)
and no JOBDIR, the queue lives in a temporary folder of this crawl instead, removed when the
spider closes; a JOBDIR given by the user keeps Scrapy's own behaviour (a resumable job).
A request that cannot be serialised stays in memory, as in Scrapy.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class SpillingScheduler(Scheduler):
    """Scheduler whose pending requests spill to a per-crawl temporary folder."""

    spill_dir: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SpillingScheduler:
        scheduler = super().from_crawler(crawler)
        if scheduler.dqdir is None and crawler.settings.getbool("SCHEDULER_SPILL_ENABLED", True):
            scheduler.spill_dir = tempfile.mkdtemp(prefix="akhbar-queue-")
            scheduler.dqdir = scheduler._dqdir(scheduler.spill_dir)
        return scheduler

    def close(self, reason: str) -> Any:
        result = super().close(reason)
        if self.spill_dir is not None:
            shutil.rmtree(self.spill_dir, ignore_errors=True)
        return result
