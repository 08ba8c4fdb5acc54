"""The site's own names, read once per page: what titles lose as a suffix and what is never an
author (og:site_name, application-name, JSON-LD publisher, trafilatura's sitename, the host, and
what the page's <title> adds to its headline)."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from pipelines.extract.metadata import PageMetadata, names

logger = logging.getLogger(__name__)

AFFIX_CHARS = " -|–—:»«/•·"
AFFIX_EDGE = re.compile(r"[-|–—:»«/•·]")  # a separator between the headline and the site
AFFIX_MAX_WORDS = 6
GENERIC_HOST_LABELS = {"www", "m", "ar", "arabic", "news", "com", "co", "net", "org", "gov"}


def host_names(url: str | None) -> set[str]:
    """The site's own names in its host: 'akhbarelyom' of www.akhbarelyom.com."""
    host = (urlsplit(url or "").hostname or "").lower()
    labels = host.split(".")[:-1]
    return {label for label in labels if label not in GENERIC_HOST_LABELS and len(label) > 2}


def site_names(md: PageMetadata, fields: dict[str, Any], url: str | None = None) -> set[str]:
    """The site's own names: og:site_name, application-name, JSON-LD publisher, host name."""
    found = {md.meta.get("og:site_name"), md.meta.get("application-name"),
             fields.get("sitename")}
    found.update(names(md.jsonld.get("publisher")))
    found.update(host_names(url))
    found.update(title_affixes(md, fields.get("title")))
    return {" ".join(n.split()) for n in found if isinstance(n, str) and n.strip()}


def title_affixes(md: PageMetadata, extracted: str | None = None) -> set[str]:
    """What the page's titles add to its headline: "Site" of a <title> "Headline | Site" when
    the h1, the JSON-LD headline or the extractor's title (`extracted`) says "Headline" (a short
    part beyond a separator)."""
    headlines = [h for h in (*md.h1, md.jsonld.get("headline"), extracted)
                 if isinstance(h, str) and h]
    found = set()
    for title in (md.title_tag, md.meta.get("og:title"), md.meta.get("twitter:title")):
        if not title:
            continue
        title = " ".join(title.split())
        for headline in headlines:
            headline = " ".join(headline.split())
            if headline == title or headline not in title:
                continue
            for rest in title.split(headline):
                part = rest.strip()
                if AFFIX_EDGE.match(part[:1] or "x") or AFFIX_EDGE.match(part[-1:] or "x"):
                    part = part.strip(AFFIX_CHARS).strip()
                    if part and len(part.split()) <= AFFIX_MAX_WORDS and len(part) < len(headline):
                        found.add(part)
    return found
