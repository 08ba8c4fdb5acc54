"""Stage 4, tag: language, standard section, countries, keywords, dialect and entities
(pipelines/tag/stage.py)."""

from pipelines.tag.stage import DEFAULT_LANGUAGES, TagConfig, Taggers, tag

__all__ = ["DEFAULT_LANGUAGES", "TagConfig", "Taggers", "tag"]
