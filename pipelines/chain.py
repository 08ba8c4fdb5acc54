"""The whole per-page chain as one function: what the Scrapy pipelines do, without Scrapy.

Used by `akhbar extract`, and by anything that processes saved pages in worker processes.
"""

from __future__ import annotations

from typing import Any

from pipelines import stage_errors
from pipelines.dates.stage import dates
from pipelines.dedup import Deduplicator
from pipelines.extract import extract
from pipelines.normalize import normalize
from pipelines.tag.stage import DEFAULT_LANGUAGES, Taggers, tag
from pipelines.tunables import MIN_TEXT_CHARS


def process_page(page: dict[str, Any], *, state: Deduplicator | None = None,
                 languages: tuple[str, ...] = DEFAULT_LANGUAGES,
                 taggers: Taggers | None = None,
                 min_text_chars: int = MIN_TEXT_CHARS) -> dict[str, Any]:
    """extract -> dates -> normalize -> tag -> dedup; raises pipelines.Reject like the crawl
    (a stage that fails on the page: StageError, reason `error_<stage>`).

    `taggers` carries the tag stage's configuration and loaded models (build it once per process,
    e.g. `Taggers(TagConfig(ner_model_dir=...))`); without it the default taggers run. The page's
    `site_country` (ISO code, optional) lets section tagging tell local news from foreign.
    """
    url = page.get("url")
    with stage_errors("extract", url):
        article = extract(page, min_text_chars=min_text_chars)
    article["site_country"] = page.get("site_country")
    with stage_errors("dates", url):
        article = dates(article)
    with stage_errors("normalize", url):
        article = normalize(article)
    with stage_errors("tag", url):
        article = tag(article, languages, taggers=taggers)
    article.pop("dates_rejected", None)
    with stage_errors("dedup", url):
        return (state or Deduplicator()).dedup(article)
