"""The whole per-page chain as functions: what the Scrapy pipelines do, without Scrapy.

`run_stages` is the CPU part (extract -> dates -> normalize -> tag -> signature) with its
configuration in one picklable `ChainConfig` (pipelines/chainconfig.py); `run_in_worker` is the
same for a worker process of the crawl's pool (crawler/pool.py). `process_page` adds dedup: it
is what `akhbar extract` runs on a saved page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from typing import Any

from pipelines import Reject, stage_errors
from pipelines.chainconfig import ChainConfig
from pipelines.dates.stage import dates
from pipelines.dedup import Deduplicator
from pipelines.extract import extract
from pipelines.normalize import normalize
from pipelines.signature import sign
from pipelines.store.clusters import ClusterIndex
from pipelines.tag.stage import DEFAULT_LANGUAGES, TagConfig, Taggers, default_taggers
from pipelines.tunables import MIN_TEXT_CHARS

CPU_STAGES = ("extract", "dates", "normalize", "tag", "signature")


def _unmarked(stage: str) -> None:
    return None


def run_stages(page: dict[str, Any], config: ChainConfig, taggers: Taggers,
               on_stage: Callable[[str], None] = _unmarked) -> dict[str, Any]:
    """extract -> dates -> normalize -> tag -> signature over one fetched page; raises
    pipelines.Reject like the crawl (a stage that fails on the page: StageError, reason
    `error_<stage>`). `on_stage` is told the name of each stage as it starts. The article
    keeps `dates_rejected` (the sources the date guards refused) for the caller's statistics."""
    url = page.get("url")
    on_stage("extract")
    with stage_errors("extract", url):
        article = extract(page, min_text_chars=config.min_text_chars,
                          include_tables=config.include_tables)
    article["site_country"] = page.get("site_country")
    on_stage("dates")
    with stage_errors("dates", url):
        article = dates(article, future_tolerance=timedelta(hours=config.future_tolerance_hours))
    if config.normalize_enabled:
        on_stage("normalize")
        with stage_errors("normalize", url):
            article = normalize(article)
    on_stage("tag")
    with stage_errors("tag", url):
        article = taggers.run(article)
    on_stage("signature")
    with stage_errors("signature", url):
        return sign(article, config.cluster)


@lru_cache(maxsize=8)
def _worker_taggers(config: TagConfig) -> Taggers:
    """One Taggers per configuration in a worker process: models load once, on first use."""
    return Taggers(config)


def run_in_worker(task: tuple[ChainConfig, dict[str, Any]],
                  on_stage: Callable[[str], None] = _unmarked) -> tuple[Any, ...]:
    """`run_stages` for a worker process: the task is (config, page); the result is plain data,
    ("article", article, {tagger: failures}) or ("reject", stage, reason, detail, confidence)."""
    config, page = task
    taggers = _worker_taggers(config.tag)
    failed_before = dict(taggers.failures)
    try:
        article = run_stages(page, config, taggers, on_stage)
    except Reject as reject:
        return ("reject", reject.stage, reject.reason, reject.detail,
                getattr(reject, "page_type_confidence", None))
    failures = {name: count - failed_before.get(name, 0)
                for name, count in taggers.failures.items() if count > failed_before.get(name, 0)}
    return ("article", article, failures)


def process_page(page: dict[str, Any], *, state: Deduplicator | None = None,
                 languages: tuple[str, ...] = DEFAULT_LANGUAGES,
                 taggers: Taggers | None = None,
                 min_text_chars: int = MIN_TEXT_CHARS) -> dict[str, Any]:
    """extract -> dates -> normalize -> tag -> signature -> dedup; raises pipelines.Reject like
    the crawl. Without `state`, the page is alone in an index of its own (a story of one).

    `taggers` carries the tag stage's configuration and loaded models (build it once per process,
    e.g. `Taggers(TagConfig(ner_model_dir=...))`); without it the default taggers run. The page's
    `site_country` (ISO code, optional) lets section tagging tell local news from foreign.
    """
    taggers = taggers or default_taggers(languages)
    state = state or Deduplicator(index=ClusterIndex(None))
    config = ChainConfig(min_text_chars=min_text_chars, tag=taggers.config,
                         cluster=state.index.params if state.index else None)
    article = run_stages(page, config, taggers)
    article.pop("dates_rejected", None)
    with stage_errors("dedup", page.get("url")):
        return state.dedup(article)

