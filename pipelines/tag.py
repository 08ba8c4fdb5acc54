"""Stage 4, tag: body language (lingua, restricted to a few candidates), share of Arabic letters,
word count."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder
from scrapy.crawler import Crawler

from pipelines import passes_through

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGES = ("ar", "fa", "ur", "en", "fr")
DETECT_CHARS = 3000  # the language of a news body is clear well before this
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
WORD = re.compile(r"\w+")


@lru_cache(maxsize=4)
def detector(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> LanguageDetector:
    """A lingua detector for these ISO 639-1 codes; built once per process (it is not cheap)."""
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    if not text or not text.strip():
        return None
    found = detector(languages).detect_language_of(text[:DETECT_CHARS])
    return found.iso_code_639_1.name.lower() if found else None


def arabic_share(text: str | None) -> float | None:
    """Share of letters in Arabic script among all letters (0..1), None without letters."""
    letters = [c for c in text or "" if c.isalpha()]
    if not letters:
        return None
    return round(sum(1 for c in letters if ARABIC_SCRIPT.match(c)) / len(letters), 4)


def word_count(text_norm: str | None) -> int:
    """Words of the search form (no diacritics, so marks do not split words)."""
    return len(WORD.findall(text_norm or ""))


def tag(article: dict[str, Any], languages: tuple[str, ...] = DEFAULT_LANGUAGES
        ) -> dict[str, Any]:
    text = article.get("text") or ""
    article["language"] = detect_language(text, languages)
    article["arabic_share"] = arabic_share(text)
    article["word_count"] = word_count(article.get("text_norm"))
    return article


class TagPipeline:
    """Scrapy adapter of `tag`; setting TAG_LANGUAGES (ISO 639-1 codes lingua may choose from)."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        detector(languages)  # build at start-up, not on the first item

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TagPipeline:
        languages = crawler.settings.getlist("TAG_LANGUAGES", list(DEFAULT_LANGUAGES))
        unknown = [c for c in languages if not hasattr(IsoCode639_1, c.upper())]
        if unknown:
            raise ValueError(f"TAG_LANGUAGES has unknown ISO 639-1 codes: {unknown}")
        return cls(tuple(c.lower() for c in languages))

    def process_item(self, item: Any) -> Any:
        return item if passes_through(item) else tag(item, self.languages)
