"""The article's body: trafilatura's text (or the text at the site's `body_xpath`) without
boilerplate lines, opened by the lead when the extractor left it out."""

from __future__ import annotations

from typing import NamedTuple

from pipelines.extract.boilerplate import clean_lines
from pipelines.extract.lead import read_lead
from pipelines.extract.page import Page


class Body(NamedTuple):
    """The body text, and the names of the stand-alone bylines taken from its edges."""

    text: str
    bylines: list[str]


def read_body(page: Page, title: str | None) -> Body:
    """The body without boilerplate, and without a repeated `title` at its start."""
    forced = page.forced_text
    text, bylines = clean_lines(forced or page.trafilatura.get("text") or "", title)
    lead = None if forced else read_lead(page, text)
    return Body(f"{lead}\n{text}" if lead else text, bylines)
