"""Stage 2, dates: the publication and modification instants, Arabic and Hijri forms included
(pipelines/dates/stage.py)."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["dates", "parse_date", "site_zone"]


def __getattr__(name: str) -> Any:
    """The stage's public hooks, loaded from stage.py on first use: importing one of the
    stage's modules (e.g. for a constant) does not load the whole stage."""
    if name in __all__:
        return getattr(importlib.import_module("pipelines.dates.stage"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
