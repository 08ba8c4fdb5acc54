"""trafilatura's fields as the extract stage reads them: the same values as trafilatura's own
metadata pass, read step by step and only as far as a reader asks; and the same title whatever
order the site's names come in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from pipelines.extract.boilerplate import prune_tree
from pipelines.extract.htmlpage import parse_page
from pipelines.extract.page import CONFIDENT_MIN_CHARS, DATE_PARAMS, confident_text, read_page
from pipelines.extract.title import strip_site_name
from pipelines.extract.zwnj import protect_zwnj, restore_fields

ARTICLES = sorted((Path(__file__).parent / "sites/alwaha/www/articles").glob("*.html"))
# lxml elements (compared by identity) and what no reader asks for
NOT_COMPARED = {"body", "commentsbody", "license", "filedate"}


def _with_metadata(body: bytes, url: str) -> dict[str, Any]:
    """What trafilatura itself returns with its metadata pass, on the tree it is handed."""
    tree = parse_page(body)
    prune_tree(tree)
    protect_zwnj(tree)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, date_extraction_params=DATE_PARAMS)
    return restore_fields(doc.as_dict())


@pytest.mark.parametrize("path", ARTICLES[:12], ids=lambda p: p.name)
def test_trafilatura_fields_equal_trafilaturas_own_metadata_pass(path: Path) -> None:
    url = f"http://127.0.0.1:8000/articles/{path.name}"
    body = path.read_bytes()
    page = read_page({"url": url, "body": body, "headers": {},
                      "fetched_at": datetime.now(UTC)})
    expected = _with_metadata(body, page.url)  # trafilatura is handed the canonical URL
    fields = page.trafilatura
    assert {k: fields[k] for k in fields if k not in NOT_COMPARED} == {
        k: v for k, v in expected.items() if k not in NOT_COMPARED}


def test_author_read_from_the_markup_when_no_meta_names_one() -> None:
    body = ("<html><head><title>Rain in the hills</title></head><body><article>"
            "<h1>Rain in the hills</h1><p class='byline'>By Sara Ali Hassan</p>"
            + "<p>Heavy rain closed the mountain roads on Tuesday, officials said today.</p>" * 6
            + "</article></body></html>").encode()
    page = read_page({"url": "https://news.example/a/1", "body": body, "headers": {}})
    assert "author" in page.trafilatura
    assert page.trafilatura["author"] == _with_metadata(body, "https://news.example/a/1")[
        "author"]


def test_site_name_stripped_alike_whatever_order_the_names_come_in() -> None:
    title = "AAA | Rain closes the mountain roads | BBB"
    assert strip_site_name(title, ["AAA", "BBB"]) == strip_site_name(title, ["BBB", "AAA"])


PROSE = ("Heavy rain closed the mountain roads on Tuesday, and officials said the crews would "
         "work through the night to open them again.")


def test_running_prose_is_confident_and_a_menu_or_a_short_text_is_not() -> None:
    assert confident_text("\n".join([PROSE] * 6))
    menu = "\n".join(["Home", "World news", "Sport", "Contact us", "About the paper"] * 30)
    assert len(menu) > CONFIDENT_MIN_CHARS and not confident_text(menu)
    assert not confident_text(PROSE)  # prose, but too short to trust without the fallbacks
    assert not confident_text("\n".join([PROSE] * 3 + ["Home", "Sport"] * 80))


def _runs_of_trafilatura(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The `fast` flag of each trafilatura run the extract stage makes (the real function
    runs)."""
    runs: list[bool] = []
    real = trafilatura.bare_extraction

    def counted(tree: Any, fast: bool = False, **options: Any) -> Any:
        runs.append(fast)
        return real(tree, fast=fast, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    return runs


def test_fallback_extractors_skipped_only_when_the_main_text_is_confident(
        monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _runs_of_trafilatura(monkeypatch)
    long_page = ("<html><body><article><h1>Rain</h1>"
                 + "".join(f"<p>Day {day}: {PROSE}</p>" for day in range(8))
                 + "</article></body></html>").encode()
    read_page({"url": "https://news.example/a/1", "body": long_page, "headers": {}})
    assert runs == [True]
    runs.clear()
    short_page = ("<html><body><article><h1>Rain</h1>"
                  + "".join(f"<p>Day {day}: {PROSE}</p>" for day in range(2))
                  + "</article></body></html>").encode()
    page = read_page({"url": "https://news.example/a/2", "body": short_page, "headers": {}})
    assert runs == [True, False]  # in doubt: trafilatura's full cascade decides
    assert page.trafilatura["text"] == _with_metadata(short_page, page.url)["text"]
