"""Stage 4, tag: one column group per tagger, each configurable, none able to stop a crawl.

language  body language (lingua, restricted to TAG_LANGUAGES), share of Arabic letters, words,
          and `language_flag` when the body is not in the site's language (fa_on_ar_site ...)
keywords  the page's own keywords, cleaned (pipelines.tag.keywords)
section   `section_std`, the site's label mapped to one taxonomy (pipelines.tag.sections)
places    `countries` named in title and body (pipelines.tag.places)
dialect   camel-tools DialectIdentifier where its data is installed (pipelines.tag.dialect)
entities  camel-tools NERecognizer on a local model (pipelines.tag.entities)

A tagger that raises on an article is logged, its columns stay null for that article, and the
failure is counted (stats `akhbar/tag/<tagger>/failed`). Models load once, at start-up.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from pipelines.arabic import SCRIPT
from pipelines.tag import camel, dialect, entities
from pipelines.tag.config import DEFAULT_LANGUAGES, MIXED_SCRIPT_SHARE, SITE_LANGUAGE, TagConfig
from pipelines.tag.keywords import keywords_columns
from pipelines.tag.places import countries
from pipelines.tag.sections import standard_section

logger = logging.getLogger(__name__)

# the key of a spider's overrides this stage reads: the site's language, one of the ISO 639-1
# codes lingua knows (a body is never detected as any other)
LANGUAGE_OVERRIDE = "language"
LANGUAGE_CODES = frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())
DETECT_CHARS = 1000  # the language of a news body is clear well before this
WORD = re.compile(r"\w+")

Tagger = Callable[[dict[str, Any]], dict[str, Any]]


@lru_cache(maxsize=4)
def detector(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> LanguageDetector:
    """A lingua detector for these ISO 639-1 codes; built once per process (it is not cheap)."""
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """ISO 639-1 code of the text's language among `languages`, None when unsure or empty."""
    if not text or not text.strip():
        return None
    found = detector(languages).detect_language_of(text[:DETECT_CHARS])
    return found.iso_code_639_1.name.lower() if found else None


def arabic_share(text: str | None) -> float | None:
    """Share of letters in Arabic script among all letters (0..1), None without letters."""
    letters = "".join(filter(str.isalpha, text or ""))
    if not letters:
        return None
    return round(len(SCRIPT.findall(letters)) / len(letters), 4)


def word_count(text_norm: str | None) -> int:
    """Words of the search form (no diacritics, so marks do not split words)."""
    return len(WORD.findall(text_norm or ""))


def language_flag(language: str | None, share: float | None, site_language: str = SITE_LANGUAGE,
                  mixed_share: float = MIXED_SCRIPT_SHARE) -> str | None:
    """None for a body in the site's language; else `<lang>_on_<site lang>_site` (a Persian page
    on an Arabic site: fa_on_ar_site), `mixed_script` (an Arabic body with many Latin letters) or
    `undetected`."""
    if language is None:
        return "undetected" if share is not None else None
    if language != site_language:
        return f"{language}_on_{site_language}_site"
    if language == "ar" and share is not None and share < mixed_share:
        return "mixed_script"
    return None


class Taggers:
    """The configured taggers, models loaded once; `run` applies them to one article."""

    def __init__(self, config: TagConfig | None = None,
                 on_failure: Callable[[str], None] | None = None) -> None:
        self.config = config = config or TagConfig()
        self.on_failure = on_failure
        self.failures: Counter[str] = Counter()
        detector(config.languages)  # build at start-up, not on the first item
        self.steps: list[tuple[str, tuple[str, ...], Tagger]] = []
        self.off: list[str] = []  # columns of the taggers that are off: null
        self._add("language", ("language", "arabic_share", "word_count", "language_flag"),
                  self.language)
        if config.keywords_enabled:  # off: the raw keywords stay as extracted
            self._add("keywords", ("keywords",), keywords_columns)
        self._add("section", ("section_std",), self.section if config.sections_enabled else None)
        self._add("places", ("countries",), self.places if config.places_enabled else None)
        self._add("dialect", ("dialect",), self._dialect())
        self._add("entities", ("entities",), self._entities())

    def _add(self, name: str, columns: tuple[str, ...], tagger: Tagger | None) -> None:
        if tagger is None:
            self.off += columns
        else:
            self.steps.append((name, columns, tagger))

    def _dialect(self) -> Tagger | None:
        if not self.config.dialect_enabled:
            return None
        data = self.config.dialect_data_dir
        identifier = dialect.load_identifier(camel.data_dir(data),
                                             camel.explicitly_configured(data))
        if identifier is None:
            return None
        return dialect.DialectTagger(identifier, self.config.dialect_max_sentences)

    def _entities(self) -> Tagger | None:
        if not self.config.ner_model_dir:
            return None
        recognizer = entities.load_recognizer(self.config.ner_model_dir, self.config.ner_use_gpu)
        if recognizer is None:
            return None
        return entities.EntityTagger(recognizer, self.config.ner_batch_size,
                                     self.config.ner_max_chars)

    def language(self, article: dict[str, Any]) -> dict[str, Any]:
        text = article.get("text") or ""
        language = detect_language(text, self.config.languages)
        share = arabic_share(text)
        site_language = ((article.get("site_overrides") or {}).get(LANGUAGE_OVERRIDE)
                         or self.config.site_language)
        return {"language": language, "arabic_share": share,
                "word_count": word_count(article.get("text_norm")),
                "language_flag": language_flag(language, share, site_language,
                                               self.config.mixed_script_share)}

    @staticmethod
    def section(article: dict[str, Any]) -> dict[str, Any]:
        return {"section_std": standard_section(article, article.get("site_country"))}

    @staticmethod
    def places(article: dict[str, Any]) -> dict[str, Any]:
        return {"countries": countries(article.get("title_norm"), article.get("text_norm"))}

    def run(self, article: dict[str, Any]) -> dict[str, Any]:
        """Every tagger over the article; one that fails leaves its columns null."""
        for column in self.off:
            article[column] = None
        for name, columns, tagger in self.steps:
            try:
                article.update(tagger(article))
            except Exception:
                logger.exception("tagger %s failed on %s", name, article.get("url"))
                article.update(dict.fromkeys(columns))
                self.failures[name] += 1
                if self.on_failure:
                    self.on_failure(name)
        return article


@lru_cache(maxsize=4)
def default_taggers(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Taggers:
    """Taggers with default settings (no NER model), shared by plain calls of `tag`."""
    return Taggers(TagConfig(languages=languages))


def tag(article: dict[str, Any], languages: tuple[str, ...] = DEFAULT_LANGUAGES, *,
        taggers: Taggers | None = None) -> dict[str, Any]:
    """The tag stage over one article dict (default taggers unless `taggers` is given)."""
    return (taggers or default_taggers(languages)).run(article)
