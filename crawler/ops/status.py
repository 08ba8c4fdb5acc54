"""`akhbar status`: what a crawl shared on Redis is doing now.

Read from the keys the workers keep (pipelines/store/redisrun.py, crawler/redisqueue.py): the run,
each worker's heartbeat (alive or dead, busy, pages and items per site, its rate), each site's
queue and leased requests, and the last errors the workers logged. Nothing is changed: a dead
worker's requests are put back by the live workers, not by this command.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from pipelines.store.redisconn import Keys, text
from pipelines.store.redisrun import ERRORS_KEPT

SITE_FIELDS = ("busy", "leased", "pages", "items")  # per-site fields of a worker's heartbeat


@dataclass
class WorkerStatus:
    worker: str
    alive: bool
    run: str = ""
    seconds: float = 0.0  # since it joined
    silent: float = 0.0  # since its last heartbeat
    sites: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return sum(site.get("pages", 0) for site in self.sites.values())

    @property
    def rate(self) -> float:
        """Pages per second since it joined."""
        return self.pages / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Status:
    redis: str
    run: str | None
    workers: list[WorkerStatus]
    queued: dict[str, int]  # site -> requests waiting
    leased: dict[str, int]  # site -> requests taken by workers, not yet done with
    errors: list[str]


def read_status(client: Any, keys: Keys, shown_url: str, now: float | None = None) -> Status:
    now = now or time.time()
    run = client.get(keys("run"))
    workers = [_worker(client, keys, text(w), now)
               for w in sorted(client.smembers(keys("workers")))]
    queued: dict[str, int] = {}
    leased: dict[str, int] = {}
    for key in client.scan_iter(match=keys("*", "requests"), count=500):
        site = text(key)[len(keys("")):].removesuffix(":requests")
        queued[site] = client.zcard(key)
    for key in client.scan_iter(match=keys("*", "leases", "*"), count=500):
        site = text(key)[len(keys("")):].split(":leases:")[0]
        leased[site] = leased.get(site, 0) + client.hlen(key)
    errors = [text(e) for e in client.lrange(keys("errors"), 0, ERRORS_KEPT - 1)]
    return Status(shown_url, text(run) if run else None, workers, dict(sorted(queued.items())),
                  dict(sorted(leased.items())), errors)


def _worker(client: Any, keys: Keys, worker: str, now: float) -> WorkerStatus:
    beat = {text(k): text(v) for k, v in client.hgetall(keys("worker", worker)).items()}
    if not beat:
        return WorkerStatus(worker, alive=False)
    sites: dict[str, dict[str, int]] = {}
    for name, value in beat.items():
        what, _, site = name.partition(":")
        if site and what in SITE_FIELDS:
            sites.setdefault(site, {})[what] = int(float(value))
    joined, last = float(beat.get("joined", now)), float(beat.get("beat", now))
    return WorkerStatus(worker, True, beat.get("run", ""), max(0.0, last - joined),
                        max(0.0, now - last), sites)


def status_text(status: Status) -> str:
    lines = [f"Redis: {status.redis}",
             f"Run:   {status.run or 'none live'}"]
    if status.workers:
        lines += ["", f"  {'worker':<24} {'state':<6} {'pages':>7} {'items':>7} {'pages/s':>8} "
                      f"{'leased':>7}  sites"]
        for w in status.workers:
            state = ("dead" if not w.alive
                     else "busy" if any(s.get("busy") for s in w.sites.values()) else "idle")
            leased = sum(s.get("leased", 0) for s in w.sites.values())
            items = sum(s.get("items", 0) for s in w.sites.values())
            lines.append(f"  {w.worker:<24} {state:<6} {w.pages:>7} {items:>7} {w.rate:>8.1f} "
                         f"{leased:>7}  {', '.join(w.sites) or '-'}")
        dead = [w.worker for w in status.workers if not w.alive]
        if dead:
            lines.append(f"  dead: their requests go back to the queue when a live worker "
                         f"next looks ({', '.join(dead)})")
    else:
        lines.append("Workers: none")
    sites = sorted(set(status.queued) | set(status.leased))
    lines += ["", "Queue:"] + ([f"  {site:<24} {status.queued.get(site, 0):>7} waiting "
                                f"{status.leased.get(site, 0):>7} leased" for site in sites]
                               or ["  empty"])
    if status.errors:
        lines += ["", "Last errors:"] + [f"  {e}" for e in status.errors]
    return "\n".join(lines)


def status_json(status: Status) -> str:
    data = asdict(status)
    for worker, shown in zip(status.workers, data["workers"], strict=True):
        shown["rate"] = round(worker.rate, 2)
    return json.dumps(data, ensure_ascii=False, indent=2)
