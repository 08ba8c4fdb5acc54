"""Worker processes for the CPU stages, so that the reactor thread only fetches and writes.

`WorkerPool` runs a task function (a dotted path, e.g. pipelines.chain.run_in_worker) in `size`
processes started from multiprocessing's forkserver (safe beside the reactor's threads; the
stages' modules are imported once, in the server). One dispatcher thread per worker hands it one
task at a time, so the pool always knows which task each worker holds: a worker that dies on a
task, or holds one longer than `timeout` seconds, is replaced and that task alone ends as
`Outcome(kind="crashed" | "timed_out", stage=...)`, the stage the worker had reported reaching.

What a worker logs (INFO and above) travels back with the task's result and is logged again in
the crawl's process, so it reaches the run's log file; a record logged in the same words again
(each worker that finds the same model missing ...) comes once. The spiders of one crawl process
share one pool per task function and size (`shared_pool`).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapy.utils.misc import load_object

logger = logging.getLogger(__name__)

START_METHOD = "forkserver"
# imported once in the fork server, before any worker starts ("__main__": the `akhbar` script,
# which each worker would otherwise run again to set itself up)
PRELOAD = ["__main__", "pipelines.chain"]
STAGE_CHARS = 32  # room for the name of the stage a worker reports
JOIN_SECONDS = 5.0
MAX_RELAYED = 10_000  # distinct log records remembered so that repeats are logged once


@dataclass(frozen=True)
class Outcome:
    """How a task ended: kind "done" (value is the task's result), "crashed" or "timed_out"
    (stage is what the worker last reported, detail says what happened)."""

    kind: str
    value: Any = None
    stage: str = ""
    detail: str = ""


class _Collector(logging.Handler):
    """Keeps what a worker logs during the current task, ready to be pickled back."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _serve(conn: Any, stage: Any, target: str) -> None:
    """A worker's loop: run `target(task, on_stage)` on each task until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the crawl shuts down; the worker follows it
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    collector = _Collector()
    logging.getLogger().addHandler(collector)
    logging.getLogger().setLevel(logging.INFO)
    run = load_object(target)
    gc.freeze()  # the modules imported by the fork server: not walked by every collection

    def on_stage(name: str) -> None:
        stage.value = name.encode()[:STAGE_CHARS]

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the crawl's process is gone
            return
        if task is None:
            return
        stage.value = b""
        collector.records = []
        result = run(task, on_stage)
        conn.send((result, collector.records))


class _Worker:
    """One worker process, its pipe and the stage it reports."""

    def __init__(self, context: Any, target: str) -> None:
        self.conn, child = context.Pipe()
        self.stage = context.Array("c", STAGE_CHARS, lock=False)
        self.process = context.Process(target=_serve, args=(child, self.stage, target),
                                       daemon=True, name="akhbar-worker")
        self.process.start()
        child.close()

    def stage_name(self) -> str:
        return self.stage.value.decode(errors="replace")

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(JOIN_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(JOIN_SECONDS)
        self.conn.close()


class WorkerPool:
    """`size` worker processes running `target` (a dotted path) on submitted tasks."""

    def __init__(self, size: int, target: str, timeout: float) -> None:
        if size < 1:
            raise ValueError(f"a worker pool needs at least one worker, not {size}")
        self.size, self.target, self.timeout = size, target, timeout
        self.context = multiprocessing.get_context(START_METHOD)
        self.context.set_forkserver_preload([*PRELOAD, target.rpartition(".")[0]])
        self.jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.replaced = 0
        self._relayed: set[tuple[Any, ...]] = set()
        self._relay_lock = threading.Lock()
        self.workers: list[_Worker | None] = [None] * size  # each started by its thread
        self.threads = [threading.Thread(target=self._dispatch, args=(slot,), daemon=True,
                                         name=f"akhbar-pool-{slot}") for slot in range(size)]
        for thread in self.threads:
            thread.start()
        logger.info("%d worker processes started for %s", size, target)

    def submit(self, task: Any, done: Callable[[Outcome], None]) -> None:
        """Queue `task`; `done(outcome)` is called from a dispatcher thread when it ends."""
        self.jobs.put((task, done))

    def close(self) -> None:
        """Let the workers finish their tasks, then stop them."""
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
        for worker in self.workers:
            if worker is not None:
                worker.stop()

    def _dispatch(self, slot: int) -> None:
        try:
            self.workers[slot] = _Worker(self.context, self.target)  # off the caller's thread
        except Exception:  # each task tries again, and fails alone
            logger.exception("worker %d could not start", slot)
        while (job := self.jobs.get()) is not None:
            task, done = job
            try:
                outcome = self._run(slot, task)
            except Exception as exc:  # e.g. a task that cannot be pickled
                logger.exception("worker pool could not run a task")
                outcome = Outcome("crashed", stage="", detail=f"{type(exc).__name__}: {exc}")
            done(outcome)

    def _run(self, slot: int, task: Any) -> Outcome:
        worker = self.workers[slot]
        try:
            if worker is None:
                raise OSError("no worker")
            worker.conn.send(task)
        except OSError:  # it died between tasks or never started: a fresh one takes the task
            worker = self._replace(slot, kill=True)
            worker.conn.send(task)
        if worker.conn.poll(self.timeout):
            try:
                result, records = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(JOIN_SECONDS)
                code = worker.process.exitcode
                return self._lost(slot, "crashed", f"worker process died (exit code {code})")
            self._relay(records)
            return Outcome("done", result)
        return self._lost(slot, "timed_out", f"no result after {self.timeout:g} s")

    def _relay(self, records: list[logging.LogRecord]) -> None:
        """Log a worker's records here; one that every worker logs alike (a model that is not
        installed ...) comes once."""
        for record in records:
            key = (record.name, record.levelno, record.getMessage(), record.exc_text)
            with self._relay_lock:
                if key in self._relayed:
                    continue
                if len(self._relayed) < MAX_RELAYED:
                    self._relayed.add(key)
            logging.getLogger(record.name).handle(record)

    def _lost(self, slot: int, kind: str, detail: str) -> Outcome:
        worker = self.workers[slot]
        stage = worker.stage_name() if worker is not None else ""
        logger.error("worker %d %s in stage %s: %s; starting a new one", slot, kind,
                     stage or "?", detail)
        self._replace(slot, kill=True)
        return Outcome(kind, stage=stage, detail=detail)

    def _replace(self, slot: int, kill: bool) -> _Worker:
        if (old := self.workers[slot]) is not None:
            old.stop(kill=kill)
        self.workers[slot] = worker = _Worker(self.context, self.target)
        self.replaced += 1
        return worker


_shared: dict[tuple[str, int], tuple[WorkerPool, int]] = {}
_shared_lock = threading.Lock()


def shared_pool(size: int, target: str, timeout: float) -> WorkerPool:
    """The process's pool for (target, size), started on first use; `release` it when done."""
    with _shared_lock:
        pool, users = _shared.get((target, size)) or (WorkerPool(size, target, timeout), 0)
        _shared[(target, size)] = (pool, users + 1)
        return pool


def release(pool: WorkerPool) -> None:
    """One user of a shared pool is done; the last one stops its workers."""
    key = (pool.target, pool.size)
    with _shared_lock:
        _, users = _shared.get(key, (pool, 1))
        if users > 1:
            _shared[key] = (pool, users - 1)
            return
        _shared.pop(key, None)
    pool.close()


def default_size() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
