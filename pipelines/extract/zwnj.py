"""The zero-width non-joiner through extraction. ZWNJ is part of Persian/Urdu/Kurdish words;
trafilatura drops every non-printable character, so an in-word ZWNJ travels through it as a
printable stand-in that does not occur in news text (a musical symbol), and is put back after.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from pipelines.extract.htmlpage import xml_safe

ZWNJ = "\u200c"
ZWNJ_STAND_IN = "\U0001d11e"
ZWNJ_IN_WORD = re.compile(r"(?<=\w)\u200c(?=\w)")


def protect_zwnj(tree: lxml_html.HtmlElement) -> None:
    """Hide in-word ZWNJs from trafilatura (texts are set XML-safe: a numeric reference such as
    &#1; leaves a control character lxml refuses)."""
    for node in tree.iter():
        if node.text and ZWNJ in node.text:
            node.text = xml_safe(ZWNJ_IN_WORD.sub(ZWNJ_STAND_IN, node.text))
        if node.tail and ZWNJ in node.tail:
            node.tail = xml_safe(ZWNJ_IN_WORD.sub(ZWNJ_STAND_IN, node.tail))


def restore_zwnj(text: str) -> str:
    """`text` with its stand-ins back as ZWNJs: what a reader of the protected tree returns."""
    return text.replace(ZWNJ_STAND_IN, ZWNJ)


def restore_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """trafilatura's fields with their string values restored."""
    return {k: restore_zwnj(v) if isinstance(v, str) else v for k, v in fields.items()}
