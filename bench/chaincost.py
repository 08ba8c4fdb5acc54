"""Per-page CPU of akhbar's chain, stage by stage, against bare trafilatura on the same pages.

The pages: the bundled site's articles (their {{ORIGIN}} placeholder replaced, as the demo
server does), the generated and held-out sets of bench/articlegen, and ../shared/corpus/pages
when it is there. For each page, in one process, interleaved page by page (the order of the two
alternating): `trafilatura.bare_extraction(html, url=url)` with trafilatura's defaults, then the
chain's stages one by one, each timed with the process's CPU clock.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura

from bench.qualityscore import fetched_record
from crawler.demo.localsite import ORIGIN_TOKEN, SITES_DIR
from pipelines import Reject
from pipelines.dates.stage import dates
from pipelines.dedup import Deduplicator
from pipelines.extract import extract
from pipelines.normalize import normalize
from pipelines.tag.stage import tag

BUNDLED_ORIGIN = b"http://127.0.0.1:8765"
STAGES = ("extract", "dates", "normalize", "tag", "dedup")


@dataclass
class Page:
    url: str
    path: Path
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    zone: str | None = None
    source: str = "bundled"  # which set of pages: bundled, generated, holdout, corpus


@dataclass
class Cost:
    """CPU seconds of one page: the baseline and each stage the page reached."""

    bare: float
    stages: dict[str, float]
    rejected: str = ""

    @property
    def chain(self) -> float:
        return sum(self.stages.values())


def bundled_pages() -> list[Page]:
    folder = SITES_DIR / "alwaha" / "www" / "articles"
    return [Page(f"{BUNDLED_ORIGIN.decode()}/news/{f.stem}", f,
                 f.read_bytes().replace(ORIGIN_TOKEN, BUNDLED_ORIGIN), zone="Africa/Cairo")
            for f in sorted(folder.glob("*.html"))]


def gold_pages(folder: Path, source: str) -> list[Page]:
    """Pages of a <site>/<stem>.html + <stem>.gold.json folder (articlegen, the corpus)."""
    pages = []
    for gold_path in sorted(folder.glob("*/*.gold.json")):
        html = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        fetched = gold.get("fetched_at")
        pages.append(Page(gold["url"], html, html.read_bytes(),
                          datetime.fromisoformat(fetched).astimezone(UTC) if fetched
                          else datetime.now(UTC), gold.get("timezone"), source))
    return pages


def fetched(page: Page) -> dict[str, Any]:
    """The record a crawl hands to the stages for this page."""
    return fetched_record(page.url, page.body, page.fetched_at, page.zone)


def _bare(page: Page) -> float:
    started = time.process_time()
    trafilatura.bare_extraction(page.body, url=page.url)
    return time.process_time() - started


def _chain(page: Page, state: Deduplicator) -> tuple[dict[str, float], str]:
    steps = [("extract", extract), ("dates", dates), ("normalize", normalize), ("tag", tag),
             ("dedup", state.dedup)]
    value: Any = fetched(page)
    spent: dict[str, float] = {}
    for name, run in steps:
        started = time.process_time()
        try:
            value = run(value)
        except Reject as reject:
            spent[name] = time.process_time() - started
            return spent, reject.reason
        spent[name] = time.process_time() - started
        if name == "dates":
            value.pop("dates_rejected", None)
    return spent, ""


def measure(pages: list[Page]) -> list[Cost]:
    """Both sides on every page, interleaved, after a warm-up pass over all of them (models,
    caches, imports: dateparser alone takes seconds on the first page without a machine date)."""
    state = Deduplicator()
    for page in pages:
        _bare(page)
        _chain(page, Deduplicator())
    costs = []
    for i, page in enumerate(pages):
        if i % 2:
            stages, rejected = _chain(page, state)
            bare = _bare(page)
        else:
            bare = _bare(page)
            stages, rejected = _chain(page, state)
        costs.append(Cost(bare, stages, rejected))
    return costs


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def by_source(pages: list[Page], costs: list[Cost]) -> None:
    """The medians of each set of pages: where the chain's cost comes from."""
    for source in dict.fromkeys(p.source for p in pages):
        mine = [c for p, c in zip(pages, costs, strict=True) if p.source == source]
        print(f"  {source + f' ({len(mine)} pages)':<28} bare "
              f"{quantile([c.bare for c in mine], .5) * 1e3:5.1f} ms, chain "
              f"{quantile([c.chain for c in mine], .5) * 1e3:5.1f} ms, extract "
              f"{quantile([c.stages.get('extract', 0.0) for c in mine], .5) * 1e3:5.1f} ms, "
              f"median ratio {quantile([c.chain / c.bare for c in mine if c.bare], .5):.2f}x")


def report(pages: list[Page], costs: list[Cost]) -> dict[str, float]:
    """Print the table of (a); return its key figures."""
    rows = [("bare trafilatura", [c.bare for c in costs]),
            ("akhbar chain", [c.chain for c in costs])]
    rows += [(f"  {stage}", [c.stages.get(stage, 0.0) for c in costs]) for stage in STAGES]
    print(f"{'per page, CPU ms':<22}{'median':>9}{'p90':>9}{'mean':>9}")
    for label, values in rows:
        print(f"{label:<22}{quantile(values, .5) * 1e3:9.1f}{quantile(values, .9) * 1e3:9.1f}"
              f"{statistics.fmean(values) * 1e3:9.1f}")
    ratios = [c.chain / c.bare for c in costs if c.bare > 0]
    figures = {"ratio_of_medians": quantile(rows[1][1], .5) / quantile(rows[0][1], .5),
               "median_ratio": quantile(ratios, .5), "p90_ratio": quantile(ratios, .9),
               "pages_per_cpu_second": len(costs) / sum(c.chain for c in costs),
               "chain_median": quantile(rows[1][1], .5)}
    by_source(pages, costs)
    rejected = sum(1 for c in costs if c.rejected)
    print(f"chain / bare trafilatura: median of per-page ratios {figures['median_ratio']:.2f}x"
          f" (p90 {figures['p90_ratio']:.2f}x), ratio of medians "
          f"{figures['ratio_of_medians']:.2f}x; {rejected} of {len(costs)} pages rejected "
          "by a stage (timed up to the rejection)")
    return figures


def profile(pages: list[Page], top: int) -> None:
    """cProfile of the chain over the pages: akhbar's functions by cumulative CPU, and the
    libraries' time folded under them (stdlib profiler: nothing to install)."""
    import cProfile
    import pstats

    for page in pages:  # warm-up outside the profile
        _chain(page, Deduplicator())
    profiler = cProfile.Profile(time.process_time)
    state = Deduplicator()
    profiler.enable()
    for page in pages:
        _chain(page, state)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"/(pipelines|trafilatura)/", top)
