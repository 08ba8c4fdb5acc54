from __future__ import annotations

import re
from pathlib import Path

from pipelines.store.dictionary import data_dictionary

ROOT = Path(__file__).resolve().parent.parent


def test_data_dictionary_matches_the_schema():
    current = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert current == data_dictionary(), (
        "docs/data-dictionary.md is stale: run python -m pipelines.store.schema > "
        "docs/data-dictionary.md")


PATH_IN_DOCS = re.compile(r"(?<![\w/.-])((?:crawler|pipelines|tests|bench|docs)/[\w/.<>-]*\w/?)")


EXAMPLES = {"crawler/spiders/example.py"}  # what `akhbar add-site` would write


def named_paths(text: str) -> set[str]:
    return {p for p in PATH_IN_DOCS.findall(text) if "<" not in p} - EXAMPLES


def test_every_file_and_folder_the_architecture_and_readme_name_exists():
    for doc in ("docs/architecture.md", "README.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        missing = sorted(p for p in named_paths(text) if not (ROOT / p).exists())
        assert not missing, f"{doc} names paths that do not exist: {missing}"


def test_the_architecture_names_every_folder_of_the_code():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    folders = {f"{p.relative_to(ROOT).as_posix()}/" for package in ("crawler", "pipelines")
               for p in (ROOT / package).rglob("__init__.py") for p in [p.parent]}
    assert folders - {"crawler/", "pipelines/"} <= named_paths(text), (
        sorted(folders - named_paths(text)))


SETTING_WITH_VALUE = re.compile(r"`([A-Z][A-Z0-9_]+)` \(([-\w.]+)\)")


def test_the_defaults_the_docs_quote_are_the_settings_values():
    from crawler import settings

    quoted = [(doc, name, value) for doc in ("README.md", *sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")))
        for name, value in SETTING_WITH_VALUE.findall((ROOT / doc).read_text(encoding="utf-8"))
        if hasattr(settings, name)]
    assert quoted, "the README quotes some defaults, e.g. `LEDGER_REFETCH_HOURS` (48)"
    wrong = [(doc, name, value, getattr(settings, name)) for doc, name, value in quoted
             if value != str(getattr(settings, name))]
    assert not wrong, f"docs quote defaults that crawler/settings.py no longer has: {wrong}"
