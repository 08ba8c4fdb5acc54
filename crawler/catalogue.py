"""The site catalogue for people: docs/sites.md and the table `akhbar sites` prints.

Both are generated from the spider classes (crawler/spiders/), so they cannot drift from what
the crawler does; tests/test_catalogue.py checks that docs/sites.md is current. Regenerate it
with

    python -m crawler.catalogue > docs/sites.md

The table's last-run columns come from the runs dataset (output/runs/, one row per run and
site) where it has the site, else from the URL ledger (output/ledger.sqlite): there the newest
dataset file a site's crawl committed names its run (`SITE-RUNID-NNNN.parquet`, the run id
starting with its UTC start time), and the yield is the number of the site's articles first
seen since that start; a run that found nothing new writes no file, so the ledger only knows
the last run that wrote articles.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.siteconfig import SETTINGS_ALLOWED
from crawler.siteoverrides import overrides_table
from crawler.sites import site_classes
from crawler.spiders.base import NewsSpider
from pipelines.store.readers import read_rows
from pipelines.tag.places import REGIONS as LEAGUE_REGIONS

logger = logging.getLogger(__name__)

# Regions of the catalogue by the outlet's country (the Arab League's regions, in the order of
# pipelines/tag/data/arab_league.tsv); any other country: international services.
REGIONS: tuple[tuple[str, frozenset[str]], ...] = tuple(LEAGUE_REGIONS.items())
INTERNATIONAL = "Pan-Arab and international services (outside the Arab world)"
RUN_COLUMNS = ("run_id", "site", "started", "articles")
RUN_FILE = re.compile(r"^(?P<site>.+)-(?P<run>\d{8}T\d{6}Z-[0-9a-f]+)-\d{4}\.parquet$")


def region_of(country: str) -> str:
    """The catalogue region of an ISO country code."""
    return next((name for name, codes in REGIONS if country in codes), INTERNATIONAL)


def outlet(spider: type[NewsSpider]) -> str:
    """The first line of the class docstring: the outlet's name, host and city."""
    return (spider.__doc__ or spider.name).strip().splitlines()[0]


def sources_text(spider: type[NewsSpider]) -> str:
    """How a site's crawl starts: its declared feeds and sitemaps, or links from its home."""
    if not spider.feeds and not spider.sitemaps:
        return "links (home page)"
    feeds, maps = len(spider.feeds), len(spider.sitemaps)
    return f"{feeds} feed{'s' * (feeds != 1)}, {maps} sitemap{'s' * (maps != 1)}"


# -- docs/sites.md --------------------------------------------------------------------------

def _cell(value: str) -> str:
    return value.replace("|", "\\|")


def _code_list(values: tuple[str, ...]) -> str:
    return "<br>".join(f"`{_cell(v)}`" for v in values) or "-"


def _site_row(spider: type[NewsSpider]) -> str:
    feeds = _code_list(spider.feeds) if spider.feeds else "(advertised on the home page)"
    cells = [f"`{spider.name}`", _cell(outlet(spider)), spider.country, spider.timezone,
             spider.home, feeds, _code_list(spider.sitemaps),
             f"`{_cell(spider.article_pattern)}`" if spider.article_pattern else "(any page)"]
    return "| " + " | ".join(cells) + " |"


def catalogue_markdown(classes: dict[str, type[NewsSpider]] | None = None) -> str:
    """docs/sites.md: every site, grouped by region, with its sources and article pattern."""
    classes = site_classes() if classes is None else classes
    live = [c for c in classes.values() if c.live]
    countries = {c.country for c in live}
    lines = ["# Site catalogue", "",
             "Generated from the spider classes in `crawler/spiders/` by "
             "`python -m crawler.catalogue > docs/sites.md`; do not edit by hand.", "",
             f"{len(live)} live sites from {len(countries)} countries. Each class's docstring "
             "says which facts come from the outlet's published feeds and which are guesses to "
             "confirm on the first live run. Declared feeds that have moved are survivable: the "
             "crawl then reads the feeds the home page advertises and the sitemaps robots.txt "
             "lists.", ""]
    header = ["| site | outlet | country | timezone | home | feeds | sitemaps | article pattern |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    groups = [(name, [c for c in live if region_of(c.country) == name])
              for name in [r for r, _ in REGIONS] + [INTERNATIONAL]]
    groups.append(("Offline test sites (not crawled by `akhbar crawl`)",
                   [c for c in classes.values() if not c.live]))
    for name, members in groups:
        if members:
            lines += [f"## {name} ({len(members)})", "", *header,
                      *(_site_row(c) for c in members), ""]
    return "\n".join(lines + _overrides_section(classes))


def _overrides_section(classes: dict[str, type[NewsSpider]]) -> list[str]:
    """The keys of `overrides` the code reads (crawler/siteoverrides.py), the per-site settings,
    and the sites that set either."""
    rows = [f'| `overrides["{key}"]` | {o.reader.replace(".", "/")}.py | {_cell(o.allowed)} |'
            for key, o in sorted(overrides_table().items())]
    lines = ["## Overrides and per-site settings", "",
             "A spider may set `overrides`, read by the pipeline stages, and `custom_settings`, "
             "Scrapy settings for its own crawl. Both are checked with the rest of the class when "
             "the catalogue loads (crawler/siteconfig.py): a misspelt key or a value of the wrong "
             "kind in any site stops `akhbar crawl` (of any site) with exit code 2 and one line "
             "naming the site, the key and what is allowed. `akhbar sites --check` prints every "
             "problem of every site, one per line, and exits 2 when there is one (0 when every "
             "site is valid).", "",
             "| key | read by | value |", "| --- | --- | --- |", *rows, "",
             f"`custom_settings`: a dict of settings, each {SETTINGS_ALLOWED}, e.g. "
             '`{"DOWNLOAD_DELAY": 2}`.', ""]
    users = [c for c in classes.values() if c.overrides or c.custom_settings]
    if users:
        lines += ["Sites that set them:", "", *(f"- {c.name}: {_site_settings(c)}" for c in users),
                  ""]
    return lines


def _site_settings(spider: type[NewsSpider]) -> str:
    pairs = (("overrides", spider.overrides), ("custom_settings", spider.custom_settings))
    return ", ".join(f"{what} `{value!r}`" for what, value in pairs if value)


# -- `akhbar sites` -------------------------------------------------------------------------

@dataclass(frozen=True)
class LastRun:
    run_id: str
    started: datetime
    articles: int
    source: str  # "runs" (output/runs/) or "ledger"


def last_runs(output: Path, ledger: Path) -> dict[str, LastRun]:
    """Site name -> its last run: from the runs dataset, else from the ledger ({} without)."""
    return {**ledger_runs(ledger), **dataset_runs(output / "runs")}


def dataset_runs(folder: Path) -> dict[str, LastRun]:
    """The newest row of each site in the runs dataset (output/runs/), when there is one."""
    rows = read_rows(folder, "runs", list(RUN_COLUMNS), what="the runs dataset")
    runs: dict[str, LastRun] = {}
    for row in sorted(rows, key=lambda r: r["run_id"] or ""):
        if row["site"] and row["run_id"]:
            started = row["started"] or _run_start(row["run_id"])
            runs[row["site"]] = LastRun(row["run_id"], started, int(row["articles"] or 0), "runs")
    return runs


def ledger_runs(ledger: Path) -> dict[str, LastRun]:
    """Site -> its last run that wrote articles, from the ledger's files and first_seen."""
    if not ledger.is_file():
        return {}
    try:
        db = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _read_runs(db)
        finally:
            db.close()
    except sqlite3.Error as exc:
        logger.warning("cannot read the ledger %s: %s", ledger, exc)
        return {}


def _run_start(run_id: str) -> datetime:
    return datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def _read_runs(db: sqlite3.Connection) -> dict[str, LastRun]:
    latest: dict[str, str] = {}
    for (path,) in db.execute("SELECT path FROM files"):
        match = RUN_FILE.match(Path(path).name)
        if match and match["run"] > latest.get(match["site"], ""):
            latest[match["site"]] = match["run"]
    runs = {}
    for site, run in latest.items():
        started = _run_start(run)
        (count,) = db.execute("SELECT count(*) FROM articles WHERE site = ? AND first_seen >= ?",
                              (site, started.isoformat())).fetchone()
        runs[site] = LastRun(run, started, count, "ledger")
    return runs


def sites_table(output: Path, ledger: Path,
                classes: dict[str, type[NewsSpider]] | None = None) -> str:
    """The `akhbar sites` table: name, country, timezone, sources, the last run and its yield."""
    classes = site_classes() if classes is None else classes
    runs = last_runs(output, ledger)
    rows = [("site", "country", "timezone", "sources", "last run (UTC)", "yield", "home")]
    for name, spider in classes.items():
        run = runs.get(name)
        rows.append((name, spider.country, spider.timezone, sources_text(spider),
                     f"{run.started.astimezone(UTC):%Y-%m-%d %H:%M}" if run else "-",
                     f"{run.articles}{'' if run.source == 'runs' else '*'}" if run else "-",
                     spider.home + ("" if spider.live else " (offline test site)")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    live = sum(1 for c in classes.values() if c.live)
    lines += ["", f"{live} live sites" + ("" if runs else "; no runs recorded yet") + ".",
              f"yield: articles the site's last run wrote ({output / 'runs'}/); with *: new "
              f"articles first seen in its last run that wrote any (ledger {ledger})."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(catalogue_markdown())
