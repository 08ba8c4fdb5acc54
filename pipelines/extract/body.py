"""The article's body: trafilatura's text (or the text at the site's `body_xpath`) without
boilerplate lines, opened by the lead when the extractor left it out. What leaves the body as
boilerplate but says something about the article (a byline, the date line, an agency credit)
is handed on as evidence."""

from __future__ import annotations

from typing import NamedTuple

from pipelines.extract.blocks import BlockIndex
from pipelines.extract.bodylines import clean_body
from pipelines.extract.boilerplate import clean_lines
from pipelines.extract.lead import read_lead
from pipelines.extract.metadata import names
from pipelines.extract.page import Page


class Body(NamedTuple):
    """The body text, and the evidence taken out of it."""

    text: str
    bylines: list[str]  # stand-alone bylines and byline rows
    date_lines: list[str]  # the date lines the body held (under the headline, at its end)
    credits: list[str]  # agency credit lines: "(أ ش أ)", "القاهرة - رويترز"
    # the body cleaned by wording only, as the page type judges it: the teasers of a section
    # front are what tells it apart, and structure would take them out
    worded: str


def declared_authors(page: Page) -> list[str]:
    """The authors the page's structured data names (JSON-LD, author meta)."""
    md = page.metadata
    return [*names(md.jsonld.get("author")), md.meta.get("author") or "",
            md.meta.get("article:author") or ""]


def read_body(page: Page, title: str | None) -> Body:
    """The body without boilerplate, and without a repeated `title` at its start."""
    forced = page.forced_text
    raw = forced or page.trafilatura.get("text") or ""
    cleaned = clean_body(raw, title, BlockIndex(page.tree, page.url), declared_authors(page))
    text, worded = cleaned.text, clean_lines(raw, title)[0]
    lead = None if forced else read_lead(page, text)
    return Body(f"{lead}\n{text}" if lead else text, cleaned.bylines, cleaned.date_lines,
                cleaned.credits, f"{lead}\n{worded}" if lead else worded)
