"""Written once between workers: an article's (canonical URL, version) is claimed in Redis before
its row is written, and the claim is sealed once the file holding the row is in place.

Two workers of a shared crawl can reach the same article: two spellings of its URL in two feeds,
two URLs with one canonical link, or a worker taken for dead that was only stalled. The dedup
stage gives both copies the same version (the shared ledger's next); the first to claim the pair
writes the row, the other drops its copy (no row: the article is stored once).

A claim is taken over only from a worker marked as taken for dead (`<prefix>:reaped:<id>`, left
by the worker that requeued its requests: crawler/redisqueue.py), and never once sealed: a marked
worker publishes no file (`may_publish`), so the row of a claim taken over from it is written by
the new holder alone, and the pages of a worker that died unmarked come back, with its claims
takeable, when it is reaped. Claims expire after CLAIM_DAYS, when the ledger long knows them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pipelines.store.redisconn import Keys
from pipelines.store.urls import key_digest, url_key

logger = logging.getLogger(__name__)

CLAIM_DAYS = 2
SEALED = "="  # a sealed claim's value: "=" + the worker whose published file holds the row
# KEYS: the claim; ARGV: this worker, expiry in seconds, prefix of the marks of workers taken
# for dead. 1: claimed (or already ours, or taken over); else the holder's value.
CLAIM = f"""
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] or (string.sub(holder, 1, 1) ~= '{SEALED}'
    and redis.call('EXISTS', ARGV[3] .. holder) == 1) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
return holder
"""
# KEYS: claims to seal; ARGV: this worker
SEAL = f"""
for _, key in ipairs(KEYS) do
  redis.call('SET', key, '{SEALED}' .. ARGV[1], 'KEEPTTL')
end
return #KEYS
"""


class Claims:
    """This worker's claims on articles (keys `<prefix>:claim:<url key digest>:<version>`)."""

    def __init__(self, client: Any, keys: Keys, worker_id: str) -> None:
        self.client = client
        self.keys = keys
        self.worker_id = worker_id
        self._claim = client.register_script(CLAIM)
        self._seal = client.register_script(SEAL)

    def key(self, url: str, version: int) -> str:
        return self.keys("claim", key_digest(url_key(url)).hex(), str(version))

    def claim(self, url: str, version: int) -> str | None:
        """None when this worker may write the article's row; else the worker that writes it."""
        held = self._claim(keys=[self.key(url, version)],
                           args=[self.worker_id, CLAIM_DAYS * 86400, self.keys("reaped", "")])
        if held == 1:
            return None
        return (held.decode() if isinstance(held, bytes) else str(held)).removeprefix(SEALED)

    def may_publish(self) -> bool:
        """False once this worker is marked as taken for dead: its claims may have been taken
        over, so the file it was about to put in place must go."""
        return not self.client.exists(self.keys("reaped", self.worker_id))

    def seal(self, published: Iterable[tuple[str, int]]) -> int:
        """The rows of (url, version) are in a published file: their claims are final."""
        keys = [self.key(url, version or 1) for url, version in published]
        return int(self._seal(keys=keys, args=[self.worker_id])) if keys else 0
