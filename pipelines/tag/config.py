"""`TagConfig`: what the taggers do (pipelines/tag/stage.py), read from the TAG_*, DIALECT_* and
NER_* settings. Apart from the stage so that a process can pass it on (to the crawl's worker
processes) without loading the taggers.
"""

from __future__ import annotations

from dataclasses import dataclass

from lingua import IsoCode639_1
from scrapy.settings import BaseSettings

from pipelines import tunables
from pipelines.tag import dialect, entities

DEFAULT_LANGUAGES = tunables.LANGUAGES
SITE_LANGUAGE = tunables.SITE_LANGUAGE
MIXED_SCRIPT_SHARE = tunables.MIXED_SCRIPT_SHARE


@dataclass(frozen=True)
class TagConfig:
    """What the taggers do; `from_settings` reads it from Scrapy settings (TAG_*, DIALECT_*,
    NER_*)."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    site_language: str = SITE_LANGUAGE
    mixed_script_share: float = MIXED_SCRIPT_SHARE
    keywords_enabled: bool = True
    sections_enabled: bool = True
    places_enabled: bool = True
    dialect_enabled: bool = True
    dialect_data_dir: str | None = None
    dialect_max_sentences: int = dialect.MAX_SENTENCES
    ner_model_dir: str | None = None
    ner_batch_size: int = entities.BATCH_SIZE
    ner_max_chars: int = entities.MAX_CHARS
    ner_use_gpu: bool = False

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> TagConfig:
        languages = settings.getlist("TAG_LANGUAGES", list(DEFAULT_LANGUAGES))
        unknown = [c for c in languages if not hasattr(IsoCode639_1, c.upper())]
        if unknown:
            raise ValueError(f"TAG_LANGUAGES has unknown ISO 639-1 codes: {unknown}")
        return cls(
            languages=tuple(c.lower() for c in languages),
            site_language=settings.get("TAG_SITE_LANGUAGE", SITE_LANGUAGE),
            mixed_script_share=settings.getfloat("TAG_MIXED_SCRIPT_SHARE", MIXED_SCRIPT_SHARE),
            keywords_enabled=settings.getbool("TAG_KEYWORDS_ENABLED", True),
            sections_enabled=settings.getbool("TAG_SECTIONS_ENABLED", True),
            places_enabled=settings.getbool("TAG_PLACES_ENABLED", True),
            dialect_enabled=settings.getbool("DIALECT_ENABLED", True),
            dialect_data_dir=settings.get("DIALECT_DATA_DIR") or None,
            dialect_max_sentences=settings.getint("DIALECT_MAX_SENTENCES", dialect.MAX_SENTENCES),
            ner_model_dir=settings.get("NER_MODEL_DIR") or None,
            ner_batch_size=settings.getint("NER_BATCH_SIZE", entities.BATCH_SIZE),
            ner_max_chars=settings.getint("NER_MAX_CHARS", entities.MAX_CHARS),
            ner_use_gpu=settings.getbool("NER_USE_GPU", False),
        )
