"""The site's own names, read once per page: what titles lose as a suffix and what is never an
author (og:site_name, application-name, JSON-LD publisher, trafilatura's sitename, the host)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from pipelines.extract.metadata import PageMetadata, names

logger = logging.getLogger(__name__)

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
    return {" ".join(n.split()) for n in found if isinstance(n, str) and n.strip()}
