"""The headline of an article and the source it was read from: an h1 that agrees with what the
page declares (JSON-LD headline, og:title, <title>), else the first of those, else trafilatura's;
without the site's name as a suffix or prefix."""

from __future__ import annotations

import logging
import re
from collections.abc import Set

from pipelines.extract.metadata import PageMetadata
from pipelines.extract.page import Page

logger = logging.getLogger(__name__)

TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»«/]\s+|\s*\|\s*")
H1_AGREEMENT = 0.6  # share of an h1's words that must occur in a declared title


def read_title(page: Page) -> tuple[str | None, str | None]:
    """The headline and its source (`pick_title`), trafilatura's title as the last resort."""
    return pick_title(page.metadata, page.trafilatura.get("title"), page.site_names)


def strip_site_name(title: str, names: Set[str]) -> str:
    """'Headline - Site' -> 'Headline' when the part after a separator is the site's name."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        lowered = {n.lower() for n in names}
        if parts[-1].strip().lower() in lowered:
            return title[: title.rfind(parts[-1])].rstrip(" -|–—:»«/").strip()
        if parts[0].strip().lower() in lowered:
            return title[len(parts[0]):].lstrip(" -|–—:»«/").strip()
    return title.strip()


def pick_title(md: PageMetadata, fallback: str | None,
               names: Set[str]) -> tuple[str | None, str | None]:
    """The headline and its source: an h1 that agrees with a declared title, else JSON-LD
    headline, og:title, <title>, trafilatura; the site's name stripped."""
    declared = [(src, t) for src, t in (("jsonld", md.jsonld.get("headline")),
                                         ("meta:og:title", md.meta.get("og:title")),
                                         ("title_tag", md.title_tag))
                if isinstance(t, str) and t.strip()]
    for h1 in md.h1:
        if any(_overlap(h1, d) >= H1_AGREEMENT for _, d in declared):
            return h1, "h1"
    for source, candidate in [*declared, ("trafilatura", fallback)]:
        if candidate:
            return strip_site_name(" ".join(candidate.split()), names), source
    return None, None


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    return len(words_a & words_b) / len(words_a) if words_a else 0.0
