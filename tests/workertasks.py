"""Tasks for the worker pool's tests: the real chain, except on pages a test marks to kill the
worker (AKHBAR_TEST_CRASH_ON) or to hang it (AKHBAR_TEST_HANG_ON), in a stage the test names.

They run inside the pool's worker processes, which inherit the crawl's environment.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from pipelines.chain import run_in_worker

CRASH_ON, HANG_ON = "AKHBAR_TEST_CRASH_ON", "AKHBAR_TEST_HANG_ON"


def _marked(variable: str, url: str) -> bool:
    return any(part and url.endswith(part) for part in os.environ.get(variable, "").split(","))


def crash_or_hang(task: tuple[Any, dict[str, Any]],
                  on_stage: Callable[[str], None]) -> tuple[Any, ...]:
    """run_in_worker, but the worker dies in `dates` or hangs in `tag` on a marked page."""
    url = task[1].get("url") or ""
    if _marked(CRASH_ON, url):
        on_stage("dates")
        os._exit(3)
    if _marked(HANG_ON, url):
        on_stage("tag")
        time.sleep(3600)
    return run_in_worker(task, on_stage)


def echo(task: Any, on_stage: Callable[[str], None]) -> Any:
    """The task back, as the worker saw it; "crash" kills the worker, "hang" hangs it."""
    on_stage("echo")
    if task == "crash":
        os._exit(4)
    if task == "hang":
        time.sleep(3600)
    if task == "warn":
        import logging

        logging.getLogger("tests.workertasks").warning("a warning from worker %d", os.getpid())
    return (task, os.getpid())
