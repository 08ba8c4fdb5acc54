"""The duplicate filter of a crawl shared on Redis (crawler/redisscheduler.py).

scrapy-redis's filter, keyed by the crawler's request fingerprinter (Scrapy's own, not a copy of
an older one), with one set per run (`<prefix>:<spider>:seen:<run id>`): the next hourly run
must fetch the feeds again, and the ledger, not this filter, says which articles are known.
The set is kept when a worker closes (the run's other workers still filter with it).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

SEEN_DAYS = 3  # a run's duplicate filter expires this long after its last use


class RunDupeFilter(RFPDupeFilter):
    """scrapy-redis's filter keyed by Scrapy's fingerprint, one set per run, kept at close."""

    def __init__(self, server: Any, key: str, fingerprinter: Any, stats: Any = None) -> None:
        super().__init__(server, key=key)
        self.fingerprinter = fingerprinter
        self.stats = stats

    def request_seen(self, request: Request) -> bool:
        pipe = self.server.pipeline()
        pipe.sadd(self.key, self.fingerprinter.fingerprint(request))
        pipe.expire(self.key, SEEN_DAYS * 86400)
        added, _ = pipe.execute()
        return added == 0

    def log(self, request: Request, spider: Any) -> None:
        if self.stats is not None:
            self.stats.inc_value("dupefilter/filtered")

    def close(self, reason: str = "") -> None:
        """Kept: the run's other workers filter with it; it expires after SEEN_DAYS."""
