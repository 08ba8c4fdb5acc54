"""Stage 1, extract: a fetched page's bytes -> the article's fields (pipelines/extract/stage.py),
read from one parsed page by the modules beside it."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["canonical_of", "extract"]


def __getattr__(name: str) -> Any:
    """The stage's public hooks, loaded from stage.py on first use: importing one of the
    stage's modules (e.g. for a constant) does not load the whole stage."""
    if name in __all__:
        return getattr(importlib.import_module("pipelines.extract.stage"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
