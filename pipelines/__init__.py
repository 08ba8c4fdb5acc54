"""akhbar's item pipelines, one stage a module: extract, dates, normalize, tag, dedup, parquet.

Each stage is a plain function over an article dict (usable without Scrapy, in a worker process);
its Scrapy pipeline class is a thin adapter. A stage that refuses a page raises `Reject`, which
Scrapy treats as DropItem and the parquet stage records as a reject row. An unexpected
exception inside a stage (a bug) is turned by `guarded` into a `StageError`, a Reject with
reason `error_<stage>`: the page gets its reject row, the crawl goes on, and the run counts it.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from scrapy.exceptions import DropItem

from crawler.items import RejectItem

logger = logging.getLogger(__name__)

MAX_DETAIL = 300  # characters of a StageError's detail
Method = TypeVar("Method", bound=Callable[..., Any])


class Reject(DropItem):
    """A page that will not become an article row: `stage` and `reason` go to output/rejects/."""

    def __init__(self, stage: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{stage}/{reason}: {detail}" if detail else f"{stage}/{reason}")
        self.stage = stage
        self.reason = reason
        self.detail = detail


def passes_through(item: Any) -> bool:
    """True for items a stage must hand on untouched (rejects recorded upstream)."""
    return isinstance(item, RejectItem)


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


def guarded(stage: str) -> Callable[[Method], Method]:
    """Decorate an adapter's process_item with `stage_errors(stage)`."""

    def decorate(method: Method) -> Method:
        @functools.wraps(method)
        def process_item(self: Any, item: Any) -> Any:
            with stage_errors(stage, item.get("url") if hasattr(item, "get") else None):
                return method(self, item)

        process_item.akhbar_stage = stage  # type: ignore[attr-defined]
        return process_item  # type: ignore[return-value]

    return decorate
