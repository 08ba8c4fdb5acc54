"""`akhbar crawl --workers N` and `akhbar demo --workers N`: N crawl workers on one machine and
one Redis, each an `akhbar crawl` process of its own (crawler/redisscheduler.py).

The workers share the queue, the ledger and the story index on Redis and write the same
datasets under names of their own. This process starts them with one run id, waits for them,
and exits 0 when every worker did; a worker that died (killed, crashed) is named on stderr and
makes the exit code 1, though the others took its requests back and finished them.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from pipelines.store.redisconn import REDIS_URL_ENV, connect, redis_url

WORKER_FLAGS = ("--workers", "--redis")  # this process's own options, not the workers'


def worker_argv(argv: Sequence[str], command: str, extra: Sequence[str] = ()) -> list[str]:
    """The worker's command line: this one's options, less --workers/--redis (and their
    values), as `akhbar crawl`."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        name = arg.split("=", 1)[0]
        if name in WORKER_FLAGS:
            skip = "=" not in arg
            continue
        if arg == command and not out:
            continue
        out.append(arg)
    return [sys.executable, "-m", "crawler.cli", "crawl", *extra, *out]


def pool_share(workers: int) -> int:
    """Each worker's share of the cores for its page workers (AKHBAR_WORKERS); 0, the stages
    in the worker's own process, when a worker gets no more than one core."""
    share = (os.cpu_count() or 1) // max(1, workers)
    return share if share > 1 else 0


def run_workers(args: argparse.Namespace, settings: Any, argv: Sequence[str],
                extra: Sequence[str] = ()) -> int:
    """Start args.workers workers of `argv` (without --workers), wait, say how each ended."""
    from crawler.stored import new_run_id

    url = redis_url(settings)
    connect(url)  # RedisUnavailable now, before N workers each say it
    run_id = settings.get("AKHBAR_RUN_ID") or new_run_id()
    command = worker_argv(argv, args.command, extra)
    host = socket.gethostname()
    children = []
    for number in range(1, args.workers + 1):
        env = {**os.environ, REDIS_URL_ENV: url, "AKHBAR_WORKERS": str(pool_share(args.workers)),
               "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
        worker = f"{host}-w{number}"
        children.append((worker, subprocess.Popen(
            [*command, "-s", f"AKHBAR_RUN_ID={run_id}", "-s", f"AKHBAR_WORKER_ID={worker}"],
            env=env)))
    print(f"akhbar: run {run_id}: {args.workers} workers on {host} sharing the crawl "
          f"(pids {', '.join(str(p.pid) for _, p in children)})", flush=True)
    return _wait(children)


def _wait(children: list[tuple[str, subprocess.Popen]]) -> int:
    worst = 0
    try:
        for worker, process in children:
            code = process.wait()
            if code < 0:
                print(f"akhbar: worker {worker} (pid {process.pid}) died: signal "
                      f"{signal.Signals(-code).name}; its requests went back to the queue",
                      file=sys.stderr)
                worst = max(worst, 1)
            else:
                worst = max(worst, code)
    except KeyboardInterrupt:
        for _, process in children:
            process.send_signal(signal.SIGINT)
        for _, process in children:
            process.wait()
        return 130
    return worst
