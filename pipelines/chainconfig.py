"""`ChainConfig`: what the CPU stages do, as one picklable value.

Kept apart from pipelines/chain.py, which imports every stage: the crawl's process builds the
configuration its worker processes receive without loading the stages it does not run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.store.minhash import ClusterParams
from pipelines.tag import TagConfig
from pipelines.tunables import FUTURE_TOLERANCE_HOURS, MIN_TEXT_CHARS


@dataclass(frozen=True)
class ChainConfig:
    """What the CPU stages do: their Scrapy adapters' settings (EXTRACT_*, DATES_*,
    NORMALIZE_ENABLED, TAG_*/DIALECT_*/NER_*) as one value a worker process receives."""

    min_text_chars: int = MIN_TEXT_CHARS
    include_tables: bool = True
    future_tolerance_hours: float = FUTURE_TOLERANCE_HOURS
    normalize_enabled: bool = True
    tag: TagConfig = field(default_factory=TagConfig)
    cluster: ClusterParams | None = field(default_factory=ClusterParams)  # None: clustering off
