"""Stage 3, normalize: two forms of the Arabic text, built with camel-tools.

`text` is for reading: Unicode-normalised (presentation forms and ligatures to letters), bidi and
zero-width controls removed (ZWNJ kept inside a word), tatweel removed, whitespace tidied,
paragraphs kept one per line. `text_norm` is for searching: no diacritics, alef/alef maksura/teh
marbuta unified, Eastern Arabic digits as ASCII, Latin case-folded.
"""

from __future__ import annotations

import re
from typing import Any

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipelines import passes_through

TATWEEL = "\u0640"
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INVISIBLES = re.compile("[\u00ad\u200b\u2060\ufeff]")
ZWNJ_OUTSIDE_WORD = re.compile(r"(?<!\w)\u200c|\u200c(?!\w)")
ZWJ_NEXT_TO_LETTER = re.compile(r"(?<=\w)\u200d|\u200d(?=\w)")
SPACES = re.compile(r"[^\S\n]+")  # any whitespace but the newline between paragraphs
SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +(?=[،؛؟.,;:!?)\]»])")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def readable(text: str | None) -> str | None:
    """The reading form: same words, same paragraphs, no invisible or decorative characters."""
    if text is None:
        return None
    text = normalize_unicode(text)
    text = BIDI_CONTROLS.sub("", INVISIBLES.sub("", text)).replace(TATWEEL, "")
    text = ZWJ_NEXT_TO_LETTER.sub("", ZWNJ_OUTSIDE_WORD.sub("", text))
    lines = (SPACE_BEFORE_PUNCT.sub("", SPACES.sub(" ", line)).strip()
             for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def searchable(text: str | None) -> str | None:
    """The search form of an already readable text."""
    if text is None:
        return None
    text = dediac_ar(text)
    text = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text)))
    return text.translate(DIGITS).casefold()


def normalize(article: dict[str, Any]) -> dict[str, Any]:
    """Readable title/text/authors/section/keywords, plus `text_norm` and `title_norm`."""
    for key in ("title", "text", "description", "section"):
        article[key] = readable(article.get(key)) or None
    for key in ("authors", "keywords"):
        article[key] = [v for v in (readable(x) for x in article.get(key) or []) if v]
    article["text_norm"] = searchable(article["text"])
    article["title_norm"] = searchable(article["title"])
    return article


class NormalizePipeline:
    """Scrapy adapter of `normalize`; NORMALIZE_ENABLED=False turns the stage off."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        if not crawler.settings.getbool("NORMALIZE_ENABLED", True):
            raise NotConfigured("NORMALIZE_ENABLED is off")
        return cls()

    def process_item(self, item: Any) -> Any:
        return item if passes_through(item) else normalize(item)
