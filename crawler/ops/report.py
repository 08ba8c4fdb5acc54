"""`akhbar report`: the last N days of the datasets as a terminal table and a self-contained HTML
page (crawler/ops/reportpage.py: charts as embedded PNG images, no script, no external URL).

Numbers, per site over the window (UTC days): articles per day by fetch date and the share with
a publication date and with authors (output/articles/), reject reasons (output/rejects/), and
health (output/runs/, crawler/ops/health.py): each day's runs flagged, and the latest run's flags.
The terminal table and the HTML tables are rendered from the same rows.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from crawler.ops.health import SiteHealth, Thresholds, assess_history, read_history
from pipelines.store.quality import undated
from pipelines.store.readers import read_rows

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 14
TOP_REASONS = 12  # reasons drawn in the reject chart; the table names each site's top 3


@dataclass
class SiteNumbers:
    site: str
    per_day: Counter[date] = field(default_factory=Counter)
    dated: int = 0
    with_authors: int = 0
    rejects: Counter[str] = field(default_factory=Counter)  # "stage/reason" -> pages
    runs: Counter[date] = field(default_factory=Counter)
    flagged: Counter[date] = field(default_factory=Counter)  # runs flagged, per day
    young: Counter[date] = field(default_factory=Counter)  # runs without enough history
    health: SiteHealth | None = None  # the site's latest run

    @property
    def articles(self) -> int:
        return sum(self.per_day.values())


@dataclass
class Report:
    output: Path
    days: list[date]
    sites: list[SiteNumbers]


def build_report(output: Path | str, days: int = DEFAULT_DAYS, today: date | None = None,
                 thresholds: Thresholds | None = None) -> Report:
    """The numbers of the last `days` UTC days (today included) of the datasets in `output`."""
    output, today = Path(output), today or datetime.now(UTC).date()
    window = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    since = datetime.combine(window[0], time(), UTC)
    sites: dict[str, SiteNumbers] = {}
    for row in _scan(output, "articles", ["site", "fetched_at", "published", "authors"], since):
        numbers = _site(sites, row["site"])
        numbers.per_day[row["fetched_at"].date()] += 1
        numbers.dated += not undated(row)
        numbers.with_authors += bool(row["authors"])
    for row in _scan(output, "rejects", ["site", "fetched_at", "stage", "reason"], since):
        _site(sites, row["site"]).rejects[f"{row['stage']}/{row['reason']}"] += 1
    _add_health(sites, read_history(output), window[0], thresholds)
    return Report(output, window, [sites[name] for name in sorted(sites)])


def _site(sites: dict[str, SiteNumbers], name: str | None) -> SiteNumbers:
    return sites.setdefault(name or "unknown", SiteNumbers(name or "unknown"))


def _scan(output: Path, dataset: str, columns: list[str], since: datetime) -> list[dict[str, Any]]:
    """Rows of a dataset fetched since `since`; [] when it is absent or unreadable."""
    return read_rows(output / dataset, dataset, columns, ds.field("fetched_at") >= since)


def _add_health(sites: dict[str, SiteNumbers], history: list[dict[str, Any]], first: date,
                thresholds: Thresholds | None) -> None:
    """Each run of the window assessed against the runs before it (sites with one)."""
    latest = {row["site"]: row["run_id"] for row in history}
    started = {(r["site"], r["run_id"]): (r["started"] or datetime.min).date() for r in history}
    for health in assess_history(history, thresholds,
                                 lambda r: started[r["site"], r["run_id"]] >= first):
        numbers, day = _site(sites, health.site), started[health.site, health.run_id]
        numbers.runs[day] += 1
        numbers.flagged[day] += not health.healthy
        numbers.young[day] += health.note.startswith("not enough")
        if latest[health.site] == health.run_id:
            numbers.health = health


# -- the rows both renderings share ----------------------------------------------------------

def day_rows(report: Report) -> list[list[str]]:
    """Header, one row per site (articles per day, total), then the all-sites row."""
    rows = [["site", *(f"{d:%m-%d}" for d in report.days), "total"]]
    for s in report.sites:
        rows.append([s.site, *(str(s.per_day[d]) for d in report.days), str(s.articles)])
    totals = [sum(s.per_day[d] for s in report.sites) for d in report.days]
    return [*rows, ["all", *map(str, totals), str(sum(totals))]]


def site_rows(report: Report) -> list[list[str]]:
    """Header and one row per site: articles, date/author coverage, rejects, health."""
    rows = [["site", "articles", "dated", "authors", "rejects", "top reject reasons", "health"]]
    for s in report.sites:
        reasons = ", ".join(f"{r} {n}" for r, n in s.rejects.most_common(3)) or "-"
        rows.append([s.site, str(s.articles), _share(s.dated, s.articles),
                     _share(s.with_authors, s.articles), str(sum(s.rejects.values())), reasons,
                     s.health.status if s.health else "no run in these days"])
    return rows


def flag_lines(report: Report) -> list[str]:
    return [str(flag) for s in report.sites if s.health for flag in s.health.flags]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def report_title(report: Report) -> str:
    return (f"akhbar report, {report.days[0]} to {report.days[-1]} ({len(report.days)} days, "
            f"UTC) from {report.output}/")


# -- the terminal ----------------------------------------------------------------------------

def report_text(report: Report) -> str:
    """The report's numbers as plain-text tables."""
    lines = [report_title(report), "", "Articles per site per day (fetch date, UTC)",
             *_text_table(day_rows(report)), "", "Per site", *_text_table(site_rows(report))]
    flags = flag_lines(report)
    return "\n".join(lines + (["", "Health flags (latest run)", *(f"  {f}" for f in flags)]
                              if flags else []))


def _text_table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    numeric = numeric_columns(rows)
    return ["  ".join(v.rjust(w) if i in numeric else v.ljust(w)
                      for i, (v, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in rows]


def numeric_columns(rows: list[list[str]]) -> set[int]:
    """The columns (after the first) whose every value is a count or a share."""
    return {i for i in range(1, len(rows[0]))
            if all(r[i].rstrip("%").isdigit() or r[i] == "-" for r in rows[1:])}


# -- charts ----------------------------------------------------------------------------------
