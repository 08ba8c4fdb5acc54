"""akhbar's stages, in the order a page goes through them: extract/, dates/, normalize.py, tag/,
dedup.py (chain.py runs them all on one page); below them, store/.

Each stage is a plain function over one article dict (usable without Scrapy, in a worker
process); its Scrapy item pipeline is a thin adapter in crawler/stages.py. A stage that refuses a
page raises `Reject`, which Scrapy treats as DropItem and the writer records as a reject row. An
unexpected exception inside a stage (a bug) becomes a `StageError` (`stage_errors`), a Reject with
reason `error_<stage>`: the page gets its reject row, the crawl goes on, and the run counts it.
Nothing under pipelines/ imports crawler/ (the import contract in pyproject.toml).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

MAX_DETAIL = 300  # characters of a StageError's detail


class Reject(DropItem):
    """A page that will not become an article row: `stage` and `reason` go to output/rejects/."""

    def __init__(self, stage: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{stage}/{reason}: {detail}" if detail else f"{stage}/{reason}")
        self.stage = stage
        self.reason = reason
        self.detail = detail


class Unchanged(DropItem):
    """A re-fetched article whose text is what the dataset already holds: nothing is written."""


class StageError(Reject):
    """An unexpected exception inside a stage: reject `error_<stage>`, the exception as detail."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        at = f" (at {where[0].filename.rsplit('/', 2)[-1]}:{where[0].lineno})" if where else ""
        message = " ".join(str(exc).split())
        detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
        super().__init__(stage, f"error_{stage}", (detail[:MAX_DETAIL - len(at)] + at))


@contextmanager
def stage_errors(stage: str, url: Any = None) -> Iterator[None]:
    """Run a stage: Reject and Unchanged pass as they are; any other exception is logged with
    its traceback and raised as StageError(stage)."""
    try:
        yield
    except DropItem:
        raise
    except Exception as exc:
        logger.exception("stage %s failed on %s", stage, url)
        raise StageError(stage, exc) from exc

