"""Written once between workers: an article's (canonical URL, version) is claimed in Redis before
its row is written.

Two workers of a shared crawl can reach the same article: two spellings of its URL in two feeds,
two URLs with one canonical link, or a worker thought dead that was only slow. The dedup stage
gives both copies the same version (the shared ledger's next); the first to claim the pair writes
the row, the other drops its copy (no row: the article is stored once). A claim whose worker died
before its row was durable is taken over, so a claim never loses an article; claims expire after
CLAIM_DAYS, when the ledger long knows the version.
"""

from __future__ import annotations

import logging
from typing import Any

from pipelines.store.redisconn import Keys
from pipelines.store.urls import key_digest, url_key

logger = logging.getLogger(__name__)

CLAIM_DAYS = 2
# KEYS: the claim; ARGV: this worker, prefix of the workers' heartbeats, expiry in seconds.
# 1: claimed (or already ours, or taken over from a dead worker); else the holder's id.
CLAIM = """
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] or redis.call('EXISTS', ARGV[2] .. holder) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  return 1
end
return holder
"""


class Claims:
    """This worker's claims on articles (keys `<prefix>:claim:<url key digest>:<version>`)."""

    def __init__(self, client: Any, keys: Keys, worker_id: str) -> None:
        self.client = client
        self.keys = keys
        self.worker_id = worker_id
        self._claim = client.register_script(CLAIM)

    def claim(self, url: str, version: int) -> str | None:
        """None when this worker may write the article's row; else the worker that writes it."""
        key = self.keys("claim", key_digest(url_key(url)).hex(), str(version))
        held = self._claim(keys=[key], args=[self.worker_id, self.keys("worker", ""),
                                             CLAIM_DAYS * 86400])
        if held == 1:
            return None
        return held.decode() if isinstance(held, bytes) else str(held)
