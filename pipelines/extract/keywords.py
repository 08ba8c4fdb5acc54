"""The page's keywords as it states them: JSON-LD, keyword and tag meta, trafilatura's tags and
the keywords of the feed or sitemap entry the crawl found it in. pipelines.tag cleans them."""

from __future__ import annotations

from pipelines.extract.metadata import text_list
from pipelines.extract.page import Page


def read_keywords(page: Page) -> list[str]:
    """Every keyword once, in that order."""
    md = page.metadata
    found = text_list(md.jsonld.get("keywords"))
    for key in ("news_keywords", "keywords", "article:tag"):
        found += text_list(md.meta.get(key, ""))
    found += list(page.trafilatura.get("tags") or []) + list(page.discovery.get("keywords") or [])
    return list(dict.fromkeys(k for k in found if k))
