"""Stage 1, extract: raw page bytes -> article fields (title, text, authors, section, keywords,
date candidates), from the page's structured data first and trafilatura for the body and the rest.

The page is decoded and parsed once into a `Page` (pipelines.extract.page); each field is then
read from that value by its own reader, in the module named after it. Nothing here reads markup.
"""

from __future__ import annotations

import logging
from typing import Any

from pipelines import Reject
from pipelines.extract.authors import read_agency, read_authors
from pipelines.extract.body import read_body
from pipelines.extract.canonical import declared_canonical
from pipelines.extract.datecandidates import read_modified_candidates, read_published_candidates
from pipelines.extract.htmlpage import parse_page
from pipelines.extract.keywords import read_keywords
from pipelines.extract.metadata import read_metadata
from pipelines.extract.page import Page, read_page
from pipelines.extract.pagetype import NotArticle, read_page_type
from pipelines.extract.preview import read_description, read_image
from pipelines.extract.section import read_section
from pipelines.extract.title import read_title
from pipelines.store.schema import ARCHIVE_FIELDS
from pipelines.tunables import MIN_TEXT_CHARS

logger = logging.getLogger(__name__)


def extract(fetched: dict[str, Any], *, min_text_chars: int = MIN_TEXT_CHARS,
            include_tables: bool = True) -> dict[str, Any]:
    """A fetched page (url, body, headers, site_* ...) as an article dict, or raise Reject
    (NotArticle when the page is no article)."""
    page = read_page(fetched, include_tables=include_tables)
    title, title_source = read_title(page)
    body = read_body(page, title)
    verdict = read_page_type(page, body.worded)
    if problem := verdict.problem(min_text_chars):
        raise NotArticle(problem, verdict.confidence)
    section, section_source = read_section(page)
    keywords = read_keywords(page)
    authors, authors_source = read_authors(page, body.bylines, [section or "", *keywords])
    agency = read_agency(page, body.bylines, body.credits)
    return {
        **_fetch_facts(page),
        "title": title,
        "title_source": title_source,
        "page_type_confidence": verdict.confidence,
        "text": body.text,
        "description": read_description(page),
        "authors": authors,
        "authors_source": authors_source,
        "agency": agency,
        "section": section,
        "section_source": section_source,
        "keywords": keywords,
        "image": read_image(page),
        "site_overrides": page.overrides,
        "published_candidates": _with_visible(read_published_candidates(page), body.date_lines),
        "modified_candidates": read_modified_candidates(page),
    }


def _with_visible(candidates: list[tuple[str, str]],
                  date_lines: list[str]) -> list[tuple[str, str]]:
    """The candidates with the body's date lines as visible ones, after those the page marks."""
    seen = {value for source, value in candidates if source == "visible"}
    extra = [("visible", line) for line in dict.fromkeys(date_lines) if line not in seen]
    if not extra:
        return candidates
    at = max((i + 1 for i, (source, _) in enumerate(candidates) if source == "visible"),
             default=next((i for i, (source, _) in enumerate(candidates) if source == "url"),
                          len(candidates)))
    return candidates[:at] + extra + candidates[at:]


def _fetch_facts(page: Page) -> dict[str, Any]:
    """What the article carries over from its fetch: addresses, site, time, HTTP validators."""
    fetched, headers = page.fetched, page.headers
    return {
        "url": page.url,
        "fetched_url": fetched["url"],
        "requested_url": fetched.get("request_url") or fetched["url"],
        "site": fetched.get("site"),
        "site_timezone": fetched.get("site_timezone"),
        "site_first_article": fetched.get("site_first_article"),
        "fetched_at": fetched.get("fetched_at"),
        "http_status": fetched.get("status"),
        "http_etag": headers.get("etag"),
        "http_last_modified": headers.get("last-modified"),
        "window": fetched.get("window"),
        "discovered_via": page.discovery.get("via"),
        "site_agency": fetched.get("site_agency"),
        **{column: fetched.get(column) for column in ARCHIVE_FIELDS},
    }


def canonical_of(body: bytes, content_type: str | None = None) -> str | None:
    """The absolute canonical URL (rel=canonical, else og:url) a saved page declares, if any."""
    try:
        tree = parse_page(body, content_type)
    except Reject:
        return None
    return declared_canonical(read_metadata(tree))
