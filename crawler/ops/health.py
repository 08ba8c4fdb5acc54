"""Per-site health: each site's run compared with its own earlier runs in PARQUET_DIR/runs/.

A run is flagged when, against the rolling baseline of the site's last HEALTH_WINDOW finished
runs, it wrote no articles where there usually are some, fewer than a fraction of the median,
a jump in empty extractions, undated or non-Arabic articles, or a reject reason that is new or
suddenly common. A crawl that ended early is flagged for that alone, whatever the history (its
partial counts are not compared, nor used as a baseline later), and so is a run where pages
failed inside akhbar (error_<stage> rejects). Otherwise, with fewer than HEALTH_MIN_RUNS
earlier runs a site is "not enough history", never flagged. Every flag names
the site, the metric, the value and the baseline: "alwaha: 0 articles, median of last 12 runs 44".

Printed at the end of `akhbar crawl`/`akhbar demo` and by `akhbar health`; thresholds are the
HEALTH_* settings (crawler/settings.py).
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

import pyarrow.dataset as ds

from crawler import settings as defaults
from crawler.runs import failed_inside
from pipelines.store.objectstore import Place, resolve
from pipelines.store.quality import QUALITY_COUNTERS
from pipelines.store.readers import read_rows

logger = logging.getLogger(__name__)

# Quality counters of the runs dataset (pipelines/store/quality.py): column -> what the share of
# articles means.
QUALITY = {q.column: q.flagged for q in QUALITY_COUNTERS}
HISTORY_COLUMNS = ("run_id", "site", "started", "finish_reason", "articles", "rejects",
                   "reject_reasons", *QUALITY)
FINISHED = "finished"
# a worker of a shared run whose site's row (and check) is the last worker's (crawler/runs.py)
LEFT_TO_LAST_WORKER = "checked by the run's last worker"
Row = dict[str, Any]


@dataclass(frozen=True)
class Thresholds:
    """The HEALTH_* settings (see crawler/settings.py for what each one means)."""

    window: int = defaults.HEALTH_WINDOW
    min_runs: int = defaults.HEALTH_MIN_RUNS
    zero_min_median: float = defaults.HEALTH_ZERO_MIN_MEDIAN
    drop_fraction: float = defaults.HEALTH_DROP_FRACTION
    drop_min_median: float = defaults.HEALTH_DROP_MIN_MEDIAN
    rate_jump: float = defaults.HEALTH_RATE_JUMP
    rate_min_count: int = defaults.HEALTH_RATE_MIN_COUNT

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """Thresholds from Scrapy settings (or a dict); ValueError names a bad HEALTH_* value."""
        values = {}
        for spec in fields(cls):
            name, default = f"HEALTH_{spec.name.upper()}", getattr(cls, spec.name)
            raw = settings.get(name, default)
            try:
                values[spec.name] = type(default)(raw)
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be a number, got {raw!r}") from None
            if values[spec.name] < (1 if spec.name in ("window", "min_runs") else 0):
                raise ValueError(f"{name} is out of range: {raw!r}")
        return cls(**values)


@dataclass(frozen=True)
class Flag:
    """One reason a site's run looks wrong, readable as it is."""

    site: str
    metric: str
    value: float
    baseline: float
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class SiteHealth:
    """A site's run and what was found wrong with it (nothing: healthy)."""

    site: str
    run_id: str | None
    flags: list[Flag] = field(default_factory=list)
    history: int = 0  # earlier finished runs it was compared with
    note: str = ""  # why it was not compared: "not enough history (...)", "no run recorded"

    @property
    def healthy(self) -> bool:
        return not self.flags

    @property
    def status(self) -> str:
        if self.flags:
            return f"unhealthy ({len(self.flags)} flag{'s' * (len(self.flags) > 1)})"
        return self.note or "ok"


# -- the checks: (run, baseline, thresholds) -> flags ----------------------------------------

def zero_articles(run: Row, baseline: list[Row], t: Thresholds) -> list[Flag]:
    """No articles where the site's median is at least HEALTH_ZERO_MIN_MEDIAN."""
    median = statistics.median(_n(r, "articles") for r in baseline)
    if _n(run, "articles") or median < t.zero_min_median:
        return []
    return [Flag(run["site"], "articles", 0, median,
                 f"{run['site']}: 0 articles, median of last {len(baseline)} runs {median:g}")]


def article_drop(run: Row, baseline: list[Row], t: Thresholds) -> list[Flag]:
    """Some articles, but under HEALTH_DROP_FRACTION of a median of HEALTH_DROP_MIN_MEDIAN+."""
    median, articles = statistics.median(_n(r, "articles") for r in baseline), _n(run, "articles")
    if not articles or median < t.drop_min_median or articles >= t.drop_fraction * median:
        return []
    return [Flag(run["site"], "articles", articles, median,
                 f"{run['site']}: {articles} articles, under {t.drop_fraction:.0%} of the median "
                 f"of last {len(baseline)} runs ({median:g})")]


def quality_jumps(run: Row, baseline: list[Row], t: Thresholds) -> list[Flag]:
    """A share of empty, undated or non-Arabic articles well above the baseline's share."""
    flags, total = [], _n(run, "articles")
    base_total = sum(_n(r, "articles") for r in baseline)
    for column, label in QUALITY.items():
        count = _n(run, column)
        if not total or not base_total or count < t.rate_min_count:
            continue
        share, base = count / total, sum(_n(r, column) for r in baseline) / base_total
        if share - base >= t.rate_jump:
            flags.append(Flag(run["site"], column, share, base,
                              f"{run['site']}: {count} of {total} articles {label} ({share:.0%}),"
                              f" {base:.0%} over the last {len(baseline)} runs"))
    return flags


def reject_reasons(run: Row, baseline: list[Row], t: Thresholds) -> list[Flag]:
    """A reject reason absent from the baseline, or on a much larger share of pages."""
    flags, pages, reasons = [], _pages(run), _reasons(run)
    before, errors = _reasons(*baseline), failed_inside(reasons)
    base_pages = sum(_pages(r) for r in baseline)
    for reason, count in sorted(reasons.items()):
        if count < t.rate_min_count or reason in errors:
            continue  # errors are flagged by failed_pages, whatever their count
        share, base = count / pages, before[reason] / base_pages if base_pages else 0.0
        if not before[reason]:
            text = (f"{run['site']}: new reject reason {reason}: {count} pages, none in the last "
                    f"{len(baseline)} runs")
        elif share - base >= t.rate_jump:
            text = (f"{run['site']}: reject reason {reason} on {share:.0%} of pages ({count} of "
                    f"{pages}), {base:.0%} over the last {len(baseline)} runs")
        else:
            continue
        flags.append(Flag(run["site"], f"rejects/{reason}", share, base, text))
    return flags


HISTORY_CHECKS: tuple[Callable[[Row, list[Row], Thresholds], list[Flag]], ...] = (
    zero_articles, article_drop, quality_jumps, reject_reasons)


def ended_early(run: Row) -> list[Flag]:
    """A crawl that did not finish (whatever the history)."""
    reason = run.get("finish_reason") or FINISHED
    if reason == FINISHED:
        return []
    return [Flag(run["site"], "finish_reason", 0, 0,
                 f"{run['site']}: the crawl ended early ({reason})")]


def failed_pages(run: Row) -> list[Flag]:
    """Pages that failed inside akhbar (error_<stage> rejects), however many, whatever the
    history: a bug to look at, never a property of the site."""
    errors = failed_inside(_reasons(run))
    if not errors:
        return []
    total = sum(errors.values())
    which = ", ".join(f"{key} {n}" for key, n in sorted(errors.items()))
    return [Flag(run["site"], "errors", total, 0,
                 f"{run['site']}: {total} page(s) failed inside akhbar ({which}); see the log")]


def _n(row: Row, column: str) -> int:
    return int(row.get(column) or 0)


def _pages(row: Row) -> int:
    """Pages a run wrote a row for: articles and rejects."""
    return _n(row, "articles") + _n(row, "rejects")


def _reasons(*rows: Row) -> Counter[str]:
    """Reject pages by "stage/reason", summed over the rows."""
    counts: Counter[str] = Counter()
    for row in rows:
        for count in row.get("reject_reasons") or []:
            counts[count["key"]] += int(count["count"] or 0)
    return counts


# -- assessing runs --------------------------------------------------------------------------

def assess(run: Row, earlier: list[Row], t: Thresholds | None = None) -> SiteHealth:
    """One run against the site's earlier runs (oldest first; unfinished ones are skipped)."""
    t = t or Thresholds()
    baseline = [r for r in earlier if (r.get("finish_reason") or FINISHED) == FINISHED]
    baseline = baseline[-t.window:]
    early = ended_early(run)
    health = SiteHealth(run["site"], run.get("run_id"), early + failed_pages(run), len(baseline))
    if early:  # a partial run's counts say nothing about the site
        return health
    if len(baseline) < t.min_runs:
        health.note = (f"not enough history ({len(baseline)} earlier run"
                       f"{'s' * (len(baseline) != 1)}, {t.min_runs} needed)")
        return health
    for check in HISTORY_CHECKS:
        health.flags += check(run, baseline, t)
    return health


def assess_history(rows: Iterable[Row], t: Thresholds | None = None,
                   wanted: Callable[[Row], bool] = lambda row: True) -> list[SiteHealth]:
    """Every wanted run against the runs before it, walking each site's history once."""
    t = t or Thresholds()
    recent: dict[str, deque[Row]] = {}
    results = []
    for row in sorted(rows, key=lambda r: r.get("run_id") or ""):
        window = recent.setdefault(row["site"], deque(maxlen=t.window))
        if wanted(row):
            results.append(assess(row, list(window), t))
        if (row.get("finish_reason") or FINISHED) == FINISHED:
            window.append(row)
    return results


def read_history(output: Place | str, sites: Iterable[str] | None = None) -> list[Row]:
    """The runs dataset's rows (HISTORY_COLUMNS) of these sites (default: all), oldest run
    first; [] when it is absent or unreadable."""
    wanted = None if sites is None else ds.field("site").isin(list(sites))
    rows = read_rows(resolve(output) / "runs", "runs", list(HISTORY_COLUMNS), wanted,
                     what="the runs history")
    return sorted((r for r in rows if r["site"] and r["run_id"]), key=lambda r: r["run_id"])


def check_sites(output: Place | str, sites: Iterable[str] | None = None,
                run_id: str | None = None, t: Thresholds | None = None) -> list[SiteHealth]:
    """Each site's run `run_id` (default: its latest) against its history in output/runs/."""
    sites = None if sites is None else list(sites)
    history = read_history(output, sites)
    names = sites if sites is not None else sorted({r["site"] for r in history})
    latest = {r["site"]: r["run_id"] for r in history if r["site"] in names
              and (run_id is None or r["run_id"] == run_id)}
    found = {h.site: h for h in assess_history(
        (r for r in history if r["site"] in latest), t,
        lambda r: r["run_id"] == latest[r["site"]])}
    return [found.get(name) or SiteHealth(name, run_id, note="no run recorded") for name in names]


def check_run(output: Place | str, sites: list[str], run_id: str,
              t: Thresholds | None = None, quiet: bool = False) -> list[SiteHealth]:
    """check_sites at the end of a run: flags are logged as warnings (as info when `quiet`: a
    run that stopped on a full disk says so in one line of its own), and nothing raises (a
    health problem must not turn a good crawl into a failed one)."""
    try:
        results = check_sites(output, sites, run_id, t)
    except Exception:  # noqa: BLE001 (reported, never fatal)
        logger.exception("the health check failed; the crawl itself is unaffected")
        return [SiteHealth(name, run_id, note="not checked (see the log)") for name in sites]
    for health in results:
        for flag in health.flags:
            logger.log(logging.INFO if quiet else logging.WARNING, "unhealthy: %s", flag)
    return results


# -- for people ------------------------------------------------------------------------------

def health_summary(results: list[SiteHealth]) -> str:
    """The end-of-run block: a count line, then one line per flag."""
    groups: dict[str, list[str]] = {}
    for h in results:
        status = "unhealthy" if h.flags else h.note.split(" (")[0] if h.note else "ok"
        groups.setdefault(status, []).append(h.site)
    parts = [f"{len(names)} {status}" + ("" if status in ("ok", "unhealthy") else
                                          f" ({', '.join(names)})")
             for status, names in sorted(groups.items())]
    lines = [f"Health: {', '.join(parts) or 'no sites'}"]
    return "\n".join(lines + [f"  {flag}" for h in results for flag in h.flags])


def health_table(results: list[SiteHealth]) -> str:
    """`akhbar health`: one line per site (its latest run and status), then the flags."""
    rows = [("site", "run", "compared with", "status")]
    rows += [(h.site, h.run_id or "-", f"{h.history} runs", h.status) for h in results]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    flags = [f"  {flag}" for h in results for flag in h.flags]
    return "\n".join(lines + (["", "Flags:", *flags] if flags else []))
