"""The HTML page of `akhbar report`: the report's tables and its charts as embedded PNG images
(matplotlib, Agg), in one self-contained file with no script and no external URL."""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from crawler.ops.report import (
    TOP_REASONS,
    Report,
    SiteNumbers,
    day_rows,
    flag_lines,
    numeric_columns,
    report_title,
    site_rows,
)

ANNOTATE_CELLS = 600  # heatmap cells written in when there are at most this many
DPI = 100
HEALTH_COLOURS = ListedColormap(["#eeeeee", "#7fbf7f", "#f0d060", "#e05050"])  # none/ok/new/bad
CSS = """body{font-family:sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px}
td.n{text-align:right}img{max-width:100%;display:block;margin:1em 0}.flag{color:#b00}"""


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(report: Report, per_site: float = 0.35) -> tuple[Figure, Any]:
    figure = Figure(figsize=(11, 1.6 + per_site * max(1, len(report.sites))))
    return figure, figure.subplots()


def _no_data(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=14, color="#666")
    ax.set_axis_off()


def _grid(ax: Any, report: Report, values: list[list[float]], labels: list[list[str]],
          dark: float | None = None, **imshow: Any) -> Any:
    """A sites x days heatmap, cells written in (white on values above `dark`)."""
    image = ax.imshow(values, aspect="auto", **imshow)
    ax.set_xticks(range(len(report.days)), [f"{d:%m-%d}" for d in report.days], rotation=45)
    ax.set_yticks(range(len(report.sites)), [s.site for s in report.sites])
    ax.set_xlabel("day (UTC)")
    if len(report.days) * len(report.sites) <= ANNOTATE_CELLS:
        for y, row in enumerate(labels):
            for x, label in enumerate(row):
                white = dark is not None and values[y][x] > dark
                ax.text(x, y, label, ha="center", va="center", fontsize=8,
                        color="white" if white else "black")
    return image


def chart_articles(report: Report) -> str:
    figure, ax = _figure(report)
    ax.set_title("Articles per site per day (fetch date)")
    if not report.sites:
        _no_data(ax, "no articles in this window")
    else:
        counts = [[s.per_day[d] for d in report.days] for s in report.sites]
        labels = [[str(n) if n else "" for n in row] for row in counts]
        image = _grid(ax, report, counts, labels, max(map(max, counts)) / 2, cmap="Blues")
        figure.colorbar(image, ax=ax, label="articles")
    return _png(figure)


def chart_rejects(report: Report) -> str:
    totals = sum((s.rejects for s in report.sites), Counter()).most_common(TOP_REASONS)
    figure = Figure(figsize=(11, 1.6 + 0.35 * max(1, len(totals))))
    ax = figure.subplots()
    ax.set_title(f"Reject reasons, all sites (top {TOP_REASONS})")
    if not totals:
        _no_data(ax, "no rejects in this window")
    else:
        ax.barh([r for r, _ in totals][::-1], [n for _, n in totals][::-1], color="#d08050")
        ax.set_xlabel("pages rejected")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _png(figure)


def chart_coverage(report: Report) -> str:
    figure, ax = _figure(report, per_site=0.5)
    ax.set_title("Date and author coverage (% of each site's articles)")
    sites = [s for s in report.sites if s.articles]
    if not sites:
        _no_data(ax, "no articles in this window")
        return _png(figure)
    rows = range(len(sites))
    ax.barh([y + 0.2 for y in rows], [100 * s.dated / s.articles for s in sites], 0.4,
            label="with a publication date", color="#4c72b0")
    ax.barh([y - 0.2 for y in rows], [100 * s.with_authors / s.articles for s in sites], 0.4,
            label="with authors", color="#55a868")
    ax.set_yticks(list(rows), [s.site for s in sites])
    ax.invert_yaxis()  # first site on top, as in the other charts
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of articles")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return _png(figure)


def chart_health(report: Report) -> str:
    figure, ax = _figure(report)
    ax.set_title("Health per site per day: runs flagged / runs (red: a run flagged, green: "
                 "healthy, yellow: not enough history, grey: no run)")
    if not report.sites:
        _no_data(ax, "no runs in this window")
        return _png(figure)
    values = [[_health_colour(s, d) for d in report.days] for s in report.sites]
    labels = [[f"{s.flagged[d]}/{s.runs[d]}" if s.runs[d] else "" for d in report.days]
              for s in report.sites]
    _grid(ax, report, values, labels, cmap=HEALTH_COLOURS, vmin=0, vmax=3)
    return _png(figure)


def _health_colour(site: SiteNumbers, day: date) -> int:
    """0 no run, 1 every run healthy, 2 runs without enough history to judge, 3 a run flagged."""
    if not site.runs[day]:
        return 0
    return 3 if site.flagged[day] else 2 if site.young[day] == site.runs[day] else 1


CHARTS = (("Articles per site per day", chart_articles), ("Reject reasons", chart_rejects),
          ("Date and author coverage", chart_coverage), ("Health", chart_health))


# -- the HTML page ---------------------------------------------------------------------------

def report_html(report: Report) -> str:
    """The whole page: title, charts (data: URIs), the tables of report_text and the flags."""
    esc = html.escape
    parts = [f"<h1>{esc(report_title(report))}</h1>",
             f"<p>Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.</p>"]
    for title, chart in CHARTS:
        parts.append(f'<h2>{esc(title)}</h2><img alt="{esc(title)}" '
                     f'src="data:image/png;base64,{chart(report)}">')
    parts += ["<h2>Articles per site per day (fetch date, UTC)</h2>",
              _html_table(day_rows(report), "days"), "<h2>Per site</h2>",
              _html_table(site_rows(report), "sites")]
    flags = flag_lines(report)
    parts += ["<h2>Health flags (latest run)</h2>",
              "<ul>" + "".join(f'<li class="flag">{esc(f)}</li>' for f in flags) + "</ul>"
              if flags else "<p>No site is flagged.</p>"]
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(report_title(report))}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def _html_table(rows: list[list[str]], name: str) -> str:
    head, numeric = "".join(f"<th>{html.escape(v)}</th>" for v in rows[0]), numeric_columns(rows)
    body = "".join("<tr>" + "".join(
        f'<td{" class=n" if i in numeric else ""}>{html.escape(v)}</td>'
        for i, v in enumerate(row)) + "</tr>" for row in rows[1:])
    return f'<table id="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def write_html(report: Report, path: Path | str) -> Path:
    """Write the page (atomically) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(report_html(report), encoding="utf-8")
    tmp.replace(path)
    return path
