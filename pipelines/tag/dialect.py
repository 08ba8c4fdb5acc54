"""Dialect of an Arabic body with camel-tools' DialectIdentifier (MADAR 26 cities + MSA).

It runs only where its data is installed (`camel_data -i defaults`, in $CAMELTOOLS_DATA
or the DIALECT_DATA_DIR setting) and its Python packages are (`pip install 'akhbar[dialect]'`:
camel-kenlm, scikit-learn, scipy, pandas, dill). Otherwise the `dialect` column is null and one
line, logged once per process at start-up, says what is missing. The check reads the catalogue
file itself: camel_tools.data is imported only when everything is there.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

from pipelines import tunables
from pipelines.tag import camel

logger = logging.getLogger(__name__)

MODEL = "model26"
PACKAGES = ("kenlm", "sklearn", "scipy", "pandas", "dill", "muddler", "pyrsistent", "tqdm",
            "requests")
MAX_SENTENCES = tunables.DIALECT_MAX_SENTENCES


class Identifier(Protocol):
    def predict(self, sentences: list[str]) -> list[Any]: ...


def model_file(directory: Path) -> Path:
    """The pre-trained model file the catalogue of `directory` points to (may not exist)."""
    catalogue = json.loads((directory / camel.CATALOGUE).read_text(encoding="utf-8"))
    path = catalogue["components"]["DialectID"]["datasets"][MODEL]["path"]
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    return directory / "data" / path / f"did_pretrained_{version}.dill"


def missing(directory: Path) -> str | None:
    """Why the dialect identifier cannot run from `directory`, or None when it can."""
    if not camel.has_catalogue(directory):
        return f"no camel-tools data in {directory} (no {camel.CATALOGUE})"
    try:
        model = model_file(directory)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"the camel-tools catalogue in {directory} has no DialectID {MODEL} ({exc!r})"
    if not model.is_file():
        return f"dialect model not installed ({model}; see camel_data -l)"
    absent = [name for name in PACKAGES if find_spec(name) is None]
    if absent:
        return f"Python packages missing: {', '.join(absent)} (pip install 'akhbar[dialect]')"
    return None


@lru_cache(maxsize=4)
def load_identifier(directory: Path, configured: bool = True) -> Identifier | None:
    """camel-tools' pre-trained DialectIdentifier, or None with one line (once per process): a
    warning when data was configured, else an info line (hourly cron runs stay quiet)."""
    reason = missing(directory)
    if reason is None:
        try:
            module = camel.import_offline("camel_tools.dialectid", directory)
            return module.DialectIdentifier.pretrained()
        except Exception as exc:  # a broken install must not stop the crawl
            reason = f"loading failed: {exc!r}"
    logger.log(logging.WARNING if configured else logging.INFO,
               "dialect tagging off, the dialect column stays null: %s", reason)
    return None


def paragraphs(text: str | None, limit: int = MAX_SENTENCES) -> list[str]:
    return [p for p in (text or "").split("\n") if p.strip()][:limit]


class DialectTagger:
    """The tagger: the label with the highest mean score over the body's first paragraphs."""

    def __init__(self, identifier: Identifier, max_sentences: int = MAX_SENTENCES) -> None:
        self.identifier = identifier
        self.max_sentences = max_sentences

    def __call__(self, article: dict[str, Any]) -> dict[str, Any]:
        sentences = paragraphs(article.get("text"), self.max_sentences)
        if article.get("language") != "ar" or not sentences:
            return {"dialect": None}
        totals: Counter[str] = Counter()
        for prediction in self.identifier.predict(sentences):
            totals.update(prediction.scores)
        return {"dialect": max(totals, key=totals.__getitem__) if totals else None}
