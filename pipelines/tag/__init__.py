"""Stage 4, tag: language, standard section, countries, keywords, dialect and entities
(pipelines/tag/stage.py)."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["DEFAULT_LANGUAGES", "TagConfig", "Taggers", "tag"]


def __getattr__(name: str) -> Any:
    """The stage's public hooks, loaded from stage.py on first use: importing one of the
    stage's modules (e.g. for a constant) does not load the whole stage."""
    if name == "TagConfig":  # without the taggers' modules (pipelines/tag/config.py)
        return importlib.import_module("pipelines.tag.config").TagConfig
    if name in __all__:
        return getattr(importlib.import_module("pipelines.tag.stage"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
