from __future__ import annotations

from pathlib import Path

from pipelines.store.schema import data_dictionary

ROOT = Path(__file__).resolve().parent.parent


def test_data_dictionary_matches_the_schema():
    current = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert current == data_dictionary(), (
        "docs/data-dictionary.md is stale: run python -m pipelines.store.schema > "
        "docs/data-dictionary.md")
