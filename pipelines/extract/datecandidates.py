"""Date candidates, (source, raw value) pairs, most trusted first: the page's structured data,
its <time> elements, the feed or sitemap entry, the visible date lines, the URL and trafilatura.
pipelines.dates parses them and picks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipelines.extract.metadata import PageMetadata
from pipelines.extract.page import Page

# meta names/properties that carry a publication or modification time, in order of trust
PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "date", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified",
                 "dc.date.modified")


def read_published_candidates(page: Page) -> list[tuple[str, str]]:
    """Candidates for the publication time."""
    md, date = page.metadata, page.trafilatura.get("date")
    return (published_candidates(md) + [("time_element", t) for t in md.times[:1]]
            + _discovery_dates(page.discovery, "date")
            + [("visible", line) for line in md.date_lines] + [("url", page.url)]
            + ([("trafilatura", date)] if date else []))


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
