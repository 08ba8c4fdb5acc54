"""One crawl run shared by several workers on Redis: who takes part, who is alive, the lock.

The first worker of a run names it (its run id, `<prefix>:run`); workers that start while it
lives join it, so that their rows, logs and runs rows carry one run id. Each worker keeps a
heartbeat (`<prefix>:worker:<id>`, a hash that expires after REDIS_LEASE_SECONDS unless renewed):
a worker whose heartbeat is gone is dead, and the requests it had taken go back to the queue
(crawler/redisqueue.py). The last worker to leave a finished run ends it.

The heartbeat is kept alive by a thread, so a crawl busy for a while (a long parse, a lock wait)
is not taken for dead; the thread stops renewing it when the crawl has shown no progress for
STALL_LEASES leases (a hung worker is dead to the others). A worker taken for dead anyway (a
process stopped, then resumed) finds the mark its reaper left (`<prefix>:reaped:<id>`) at its
next beat: `reaped` is then True, and it stops without publishing what it had not (its claims
count for nothing once marked: pipelines/store/claims.py; crawler/redisscheduler.py).

`akhbar compact` holds `<prefix>:compacting` instead of the folder's flock: it waits for no run
and refuses while one is live, and a run cannot start while a compaction holds it. Both keys
expire, so a process killed while holding them blocks nobody for long.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipelines.store.lock import Locked
from pipelines.store.redisconn import Keys, text

logger = logging.getLogger(__name__)

LEASE_SECONDS = 60.0  # a worker silent this long is dead; its requests go back to the queue
COMPACT_SECONDS = 3600  # the compaction lock's expiry
STALL_LEASES = 10  # no progress of the crawl for this many leases: the thread stops beating
REAPED_MARK_SECONDS = 86400  # how long a worker taken for dead stays marked (its claims void)
ERRORS_KEPT = 20  # the last errors of the workers, for `akhbar status` (`<prefix>:errors`)

# live(workers set, prefix of worker hashes): how many members still have a heartbeat
LIVE = """
local function live(set, prefix)
  local n = 0
  for _, w in ipairs(redis.call('SMEMBERS', set)) do
    n = n + redis.call('EXISTS', prefix .. w)
  end
  return n
end
"""
# KEYS: run, workers, compacting, worker hash; ARGV: proposed run id, worker id, ttl ms, now,
# prefix of worker hashes
JOIN = LIVE + """
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {'compacting', redis.call('GET', KEYS[3])}
end
local run = redis.call('GET', KEYS[1])
local first = 0
if run and live(KEYS[2], ARGV[5]) == 0 then
  run = nil  -- every worker of that run died: a new run (the dead ones' requests are reaped)
end
if not run then
  run = ARGV[1]
  redis.call('SET', KEYS[1], run)
  first = 1
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[4], 'run', run, 'joined', ARGV[4], 'beat', ARGV[4])
redis.call('PEXPIRE', KEYS[4], ARGV[3])
return {run, tostring(first)}
"""
# KEYS: run, workers, worker hash; ARGV: worker id, run id, prefix of worker hashes. Leaves;
# ends the run when no live worker is left in it.
LEAVE = LIVE + """
redis.call('DEL', KEYS[3])
redis.call('SREM', KEYS[2], ARGV[1])
if live(KEYS[2], ARGV[3]) == 0 and redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""


def default_worker_id() -> str:
    """host-pid: unique among the processes of a deployment, and says where to look."""
    return f"{socket.gethostname()}-{os.getpid()}"


class RedisRun:
    """This process's membership of the shared run."""

    def __init__(self, client: Any, keys: Keys, worker_id: str | None = None,
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self.client = client
        self.keys = keys
        self.worker_id = worker_id or default_worker_id()
        self.lease_seconds = lease_seconds
        self.run_id: str | None = None
        self.first = False
        self.reaped = False  # taken for dead by another worker, which took back its requests
        self.progress = time.monotonic()  # touched by the crawl while it makes progress
        self._keeper: threading.Thread | None = None
        self._stop = threading.Event()

    def worker_key(self, worker_id: str | None = None) -> str:
        """The worker's heartbeat hash; worker_key("") is the prefix of them all."""
        return self.keys("worker", self.worker_id if worker_id is None else worker_id)

    def join(self, proposed_run_id: str) -> str:
        """Join the live run, or start one named `proposed_run_id`; its id. Locked while a
        compaction holds the datasets."""
        run, first = self.client.eval(
            JOIN, 4, self.keys("run"), self.keys("workers"), self.keys("compacting"),
            self.worker_key(), proposed_run_id, self.worker_id,
            int(self.lease_seconds * 1000), f"{time.time():.3f}", self.worker_key(""))
        run, first = text(run), text(first)
        self.client.delete(self.keys("reaped", self.worker_id))  # a mark left for an earlier one
        if run == "compacting":
            raise Locked(f"the shared datasets are being compacted by {first}")
        self.run_id, self.first = run, first == "1"
        logger.info("worker %s %s run %s", self.worker_id,
                    "started" if self.first else "joined", self.run_id)
        return self.run_id

    def beat(self, site: str | None = None, **info: Any) -> None:
        """Renew the heartbeat, with what `akhbar status` shows of this worker, and say that it
        takes part in `site` (where its leases are); sets `reaped` when it was taken for dead."""
        fields = {"run": self.run_id or "", "beat": f"{time.time():.3f}",
                  **{name: str(value) for name, value in info.items()}}
        pipe = self.client.pipeline()
        pipe.exists(self.keys("reaped", self.worker_id))
        pipe.hset(self.worker_key(), mapping=fields)
        pipe.pexpire(self.worker_key(), int(self.lease_seconds * 1000))
        pipe.sadd(self.keys("workers"), self.worker_id)
        if site is not None:
            pipe.sadd(self.keys("worker-sites", self.worker_id), site)
        if pipe.execute()[0] and not self.reaped:
            self.reaped = True
            logger.warning("worker %s was taken for dead (no heartbeat for %.0f s): the requests "
                           "it held went back to the queue", self.worker_id, self.lease_seconds)

    def keep_alive(self, period: float) -> None:
        """Renew the heartbeat every `period` seconds from a thread while the crawl makes
        progress (`progress` younger than STALL_LEASES leases); once started, until `leave`."""
        if self._keeper is not None:
            return
        self._stop.clear()
        self._keeper = threading.Thread(target=self._keep, args=(period,),
                                        name="akhbar-heartbeat", daemon=True)
        self._keeper.start()

    def _keep(self, period: float) -> None:
        while not self._stop.wait(period):
            if time.monotonic() - self.progress > STALL_LEASES * self.lease_seconds:
                continue
            try:  # PEXPIRE keeps a live heartbeat only: one taken for dead is told at `beat`
                self.client.pexpire(self.worker_key(), int(self.lease_seconds * 1000))
            except Exception:  # noqa: BLE001 (Redis away: the crawl's own beat says so)
                continue

    def record_error(self, line: str) -> None:
        """Keep one line among the run's last errors (newest first)."""
        pipe = self.client.pipeline()
        pipe.lpush(self.keys("errors"), f"{time.strftime('%Y-%m-%d %H:%M:%S')} "
                                        f"{self.worker_id}: {line}")
        pipe.ltrim(self.keys("errors"), 0, ERRORS_KEPT - 1)
        pipe.execute()

    def members(self) -> list[str]:
        return sorted(text(w) for w in self.client.smembers(self.keys("workers")))

    def alive(self, worker_id: str) -> bool:
        return bool(self.client.exists(self.worker_key(worker_id)))

    def info(self, worker_id: str) -> dict[str, str]:
        return {text(k): text(v)
                for k, v in self.client.hgetall(self.worker_key(worker_id)).items()}

    def dead(self) -> list[str]:
        """Members whose heartbeat expired (their requests are to be taken back)."""
        return [w for w in self.members() if w != self.worker_id and not self.alive(w)]

    def leave(self) -> bool:
        """Leave the run; True when this was its last worker (the run is over)."""
        self._stop.set()
        if self._keeper is not None:
            self._keeper.join(timeout=5)
            self._keeper = None
        if self.run_id is None:
            return False
        ended = self.client.eval(LEAVE, 3, self.keys("run"), self.keys("workers"),
                                 self.worker_key(), self.worker_id, self.run_id,
                                 self.worker_key(""))
        logger.info("worker %s left run %s%s", self.worker_id, self.run_id,
                    " (its last worker)" if ended else "")
        return bool(ended)


class ErrorsToRedis(logging.Handler):
    """The worker's ERROR log lines, kept among the run's last errors (`akhbar status`)."""

    def __init__(self, run: RedisRun) -> None:
        super().__init__(logging.ERROR)
        self.run = run

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.run.record_error(record.getMessage().splitlines()[0][:300])
        except Exception:  # noqa: BLE001 (Redis gone: the log file still has it)
            pass


@contextmanager
def hold_exclusive(client: Any, keys: Keys, holder: str | None = None) -> Iterator[None]:
    """The shared datasets for one compaction: Locked while a run is live or another
    compaction holds them."""
    holder = holder or default_worker_id()
    if not client.set(keys("compacting"), holder, nx=True, ex=COMPACT_SECONDS):
        raise Locked(f"the shared datasets are being compacted by "
                     f"{text(client.get(keys('compacting')))}")
    try:
        run = client.get(keys("run"))
        if run is not None:
            raise Locked(f"run {text(run)} is writing the shared datasets")
        yield
    finally:
        client.delete(keys("compacting"))
