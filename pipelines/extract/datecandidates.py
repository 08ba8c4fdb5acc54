"""Date candidates, (source, raw value) pairs, most trusted first: the page's structured data,
its <time> elements, the feed or sitemap entry, the visible date lines, the URL and trafilatura
(htmldate's quick search); htmldate's extensive search on the page as served when none of the
page's own statements is there. pipelines.dates parses and weighs them."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from typing import Any

from htmldate import find_date

from pipelines.extract.metadata import PageMetadata
from pipelines.extract.page import Page

logger = logging.getLogger(__name__)

# meta names/properties that carry a publication or modification time, in order of trust
PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "date", "dc.date.issued", "dc.date", "dc:date", "dc:created",
    "dcterms.created", "sailthru.date", "parsely-pub-date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified",
                 "dc.date.modified")


def read_published_candidates(page: Page) -> list[tuple[str, str]]:
    """Candidates for the publication time."""
    md, date = page.metadata, page.trafilatura.get("date")
    machine = (published_candidates(md) + [("time_element", t) for t in md.times[:1]]
               + _discovery_dates(page.discovery, "date"))
    # htmldate's extensive search costs seconds on a few pages: only where no machine date is
    searched = [] if machine else _htmldate(page)
    return (machine + [("visible", line) for line in md.date_lines] + [("url", page.url)]
            + ([("trafilatura", date)] if date else []) + searched)


def read_modified_candidates(page: Page) -> list[tuple[str, str]]:
    """Candidates for the time of the last update."""
    return modified_candidates(page.metadata) + _discovery_dates(page.discovery, "modified")


def published_candidates(md: PageMetadata) -> list[tuple[str, str]]:
    """The publication times the page's structured data states (JSON-LD, then meta)."""
    found = [("jsonld", md.jsonld.get("datePublished") or md.jsonld.get("dateCreated"))]
    found += [(f"meta:{k}", md.meta.get(k)) for k in PUBLISHED_META]
    return [(src, v.strip()) for src, v in found if isinstance(v, str) and v.strip()]


def modified_candidates(md: PageMetadata) -> list[tuple[str, str]]:
    """The update times the page's structured data states (JSON-LD, meta, a marked <time>)."""
    found = [("jsonld", md.jsonld.get("dateModified"))]
    found += [(f"meta:{k}", md.meta.get(k)) for k in MODIFIED_META]
    found += [("time_element", t) for t in md.modified_times[:1]]
    return [(src, v.strip()) for src, v in found if isinstance(v, str) and v.strip()]


def _discovery_dates(discovery: Mapping[str, Any], key: str) -> list[tuple[str, str]]:
    value = discovery.get(key)
    return [(discovery.get("via", "discovery"), value)] if value else []


def _htmldate(page: Page) -> list[tuple[str, str]]:
    """htmldate's extensive search over the page as served (its text, its links, the URL)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = find_date(page.fetched["body"], url=page.url, extensive_search=True,
                              original_date=True)
        except Exception:  # htmldate's own failures are no date
            logger.debug("htmldate failed on %s", page.url, exc_info=True)
            return []
    # a bare year found (a copyright line) comes back as January 1st: that is no date
    return [("htmldate", found)] if found and not found.endswith("-01-01") else []
