"""Stage 1, extract: a fetched page's bytes -> the article's fields (pipelines/extract/stage.py),
read from one parsed page by the modules beside it."""

from pipelines.extract.stage import canonical_of, extract

__all__ = ["canonical_of", "extract"]
