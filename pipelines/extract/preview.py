"""What the page declares for its link previews: the summary and the lead image (og:description,
og:image), else trafilatura's."""

from __future__ import annotations

from pipelines.extract.page import Page


def read_description(page: Page) -> str | None:
    """The summary the page declares (og:description, description meta), else trafilatura's."""
    meta = page.metadata.meta
    return meta.get("og:description") or meta.get("description") or page.trafilatura.get(
        "description")


def read_image(page: Page) -> str | None:
    """The page's lead image: og:image, else trafilatura's."""
    return page.metadata.meta.get("og:image") or page.trafilatura.get("image")
