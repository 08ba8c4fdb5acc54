"""The lead (standfirst) of an article: the element the page marks as its lead, when the
extractor left it out of the body."""

from __future__ import annotations

import re

from pipelines.extract.page import Page
from pipelines.extract.teasers import PROSE_MIN_WORDS
from pipelines.extract.zwnj import ZWNJ, ZWNJ_STAND_IN, restore_zwnj

# an element the page marks as the lead/standfirst of the article (class or id token)
LEAD_MARKER = re.compile(
    r"(?:^|[\s_-])(?:lead|standfirst|intro|chapo|chapeau|sapo|dek|excerpt)(?:$|[\s_-])",
    re.IGNORECASE)
LEAD_TAGS = ("div", "p", "section", "h2", "span")
MEDIA = ("img", "figure", "picture", "video", "iframe")


def read_lead(page: Page, text: str) -> str | None:
    """The standfirst the page marks as its lead, when the body `text` leaves it out.

    Only prose (PROSE_MIN_WORDS words or more) without media in it, placed before the body.
    """
    if not text:
        return None
    first = _flat(text.split("\n", 1)[0])[:60]
    for node in page.tree.iter(*LEAD_TAGS):
        markers = f"{node.get('class', '')} {node.get('id', '')}"
        if not LEAD_MARKER.search(markers) or any(True for _ in node.iter(*MEDIA)):
            continue
        lead = restore_zwnj(" ".join(node.text_content().split()))
        if len(lead.split()) < PROSE_MIN_WORDS:
            continue
        page_text = _flat(page.tree.text_content())
        where, body_at = page_text.find(_flat(lead)), page_text.find(first)
        if _flat(lead) not in _flat(text) and 0 <= where < body_at:
            return lead
        return None
    return None


def _flat(text: str) -> str:
    return "".join(text.replace(ZWNJ_STAND_IN, "").replace(ZWNJ, "").split())
