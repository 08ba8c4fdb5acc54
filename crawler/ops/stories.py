"""`akhbar stories`: the biggest stories of a UTC day, with their outlets and first-seen times.

A story is a cluster of the articles dataset (`cluster_id`: near-duplicate bodies across sites and
runs, pipelines/store/clusters.py). It counts on a day when at least one of its rows was fetched
(first seen) on that UTC day; its numbers are over the whole dataset, every day: articles (rows),
outlets (distinct sites), the headline of its first member (earliest fetched_at), the agency the
earliest crediting member names and the share of rows marked wire copy; then each outlet's first
copy. Rows without a cluster_id (written before schema version 6, or with clustering off) are
each their own story when asked for, else counted as left out.

The dataset is read with two filtered scans of a few columns: the day's rows, then every row of
the day's clusters. The rest is pure: rows in, `DayStories` out, and its text or JSON lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from pipelines.store.readers import read_rows

COLUMNS = ["url", "site", "title", "fetched_at", "cluster_id", "agency", "is_wire_copy"]
NEVER = datetime.max.replace(tzinfo=UTC)  # sorts a row without fetched_at last
DAY_FORMAT = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Copy:
    """An outlet's first copy of a story."""

    site: str
    first_seen: datetime
    url: str


@dataclass(frozen=True)
class Story:
    cluster_id: str | None  # None: an unclustered row, its own story
    articles: int  # rows of the cluster in the whole dataset
    headline: str | None  # title of the first member
    agency: str | None  # named by the earliest member that credits one
    wire_copies: int  # rows with is_wire_copy
    copies: list[Copy]  # one per outlet, earliest first

    @property
    def outlets(self) -> int:
        return len(self.copies)

    @property
    def first_seen(self) -> datetime:
        return self.copies[0].first_seen

    @property
    def wire_share(self) -> float:
        return self.wire_copies / self.articles


@dataclass(frozen=True)
class DayStories:
    day: date
    stories: list[Story]  # biggest first, ties: earliest first seen
    articles: int  # rows fetched on the day
    left_out: int  # of those, rows without a cluster_id not listed


def parse_day(text: str) -> date:
    """A YYYY-MM-DD day; ValueError otherwise."""
    try:
        if DAY_FORMAT.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"expected a day as YYYY-MM-DD, got {text!r}")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants the day starts and ends (excluded)."""
    start = datetime.combine(day, time(), UTC)
    return start, start + timedelta(days=1)


def read_day(folder: Path, day: date, sites: Sequence[str] = ()) -> tuple[list[dict[str, Any]],
                                                                         list[dict[str, Any]]]:
    """The rows of the articles dataset `folder` fetched on `day` (UTC), and every row of the
    clusters they belong to (any day); only the rows of `sites` when some are given."""
    start, end = day_bounds(day)
    where = (ds.field("fetched_at") >= start) & (ds.field("fetched_at") < end)
    if sites:
        where &= ds.field("site").isin(list(sites))
    day_rows = read_rows(folder, "articles", COLUMNS, where, "articles")
    ids = sorted({r["cluster_id"] for r in day_rows if r["cluster_id"] is not None})
    if not ids:
        return day_rows, []
    members = ds.field("cluster_id").isin(ids)
    if sites:
        members &= ds.field("site").isin(list(sites))
    return day_rows, read_rows(folder, "articles", COLUMNS, members, "articles")


def day_stories(day: date, day_rows: Iterable[dict[str, Any]],
                member_rows: Iterable[dict[str, Any]],
                include_unclustered: bool = False) -> DayStories:
    """The stories of a day from its rows (`day_rows`) and all rows of its clusters."""
    day_rows = list(day_rows)
    ids = {r["cluster_id"] for r in day_rows if r["cluster_id"] is not None}
    clusters: dict[str, list[dict[str, Any]]] = {}
    for row in member_rows:
        if row["cluster_id"] in ids:
            clusters.setdefault(row["cluster_id"], []).append(row)
    stories = [story_of(rows) for rows in clusters.values()]
    unclustered = [r for r in day_rows if r["cluster_id"] is None]
    if include_unclustered:
        stories += [story_of([row]) for row in unclustered]
    stories.sort(key=lambda s: (-s.articles, s.first_seen or NEVER,
                                s.cluster_id or s.copies[0].url))
    return DayStories(day, stories, len(day_rows), 0 if include_unclustered else len(unclustered))


def story_of(rows: list[dict[str, Any]]) -> Story:
    """One story from all its rows."""
    rows = sorted(rows, key=lambda r: (r["fetched_at"] or NEVER, r["url"] or ""))
    first: dict[str, Copy] = {}
    for row in rows:
        site = row["site"] or "unknown"
        if site not in first:
            first[site] = Copy(site, row["fetched_at"], row["url"])
    agency = next((r["agency"] for r in rows if r["agency"]), None)
    return Story(rows[0]["cluster_id"], len(rows), rows[0]["title"], agency,
                 sum(r["is_wire_copy"] is True for r in rows), list(first.values()))


# -- the terminal and JSON lines -------------------------------------------------------------

def render(found: DayStories, top: int, source: str, sites: Sequence[str] = (), *,
           as_json: bool = False) -> tuple[str, str]:
    """What the command prints: (stdout, a note for stderr). As text, the note is in stdout;
    as JSON lines, stdout holds the stories alone and the note (the empty day, the rows left
    out) goes to stderr."""
    if not as_json:
        return stories_text(found, top, source, sites) + "\n", ""
    lines = stories_json(found, top)
    note = left_out_note(found) if found.articles else no_articles(found, source, sites)
    return "".join(f"{line}\n" for line in lines), note


def stories_text(found: DayStories, top: int, source: str, sites: Sequence[str] = ()) -> str:
    """The day's `top` biggest stories as text, with a line on what was left out."""
    if not found.articles:
        return no_articles(found, source, sites)
    shown = found.stories[:top]
    lines = [f"Stories of {found.day} (UTC, by first fetch) in {source}{_among(sites)}: "
             f"{len(shown)} of {len(found.stories)}, biggest first"]
    for rank, story in enumerate(shown, 1):
        lines += ["", *_story_lines(rank, story)]
    note = left_out_note(found)
    return "\n".join(lines + (["", note] if note else []))


def no_articles(found: DayStories, source: str, sites: Sequence[str] = ()) -> str:
    """The message of a day without articles (of those sites)."""
    return f"No articles first fetched on {found.day} (UTC) in {source}{_among(sites)}."


def _among(sites: Sequence[str]) -> str:
    return f" for site(s) {', '.join(sites)}" if sites else ""


def _story_lines(rank: int, story: Story) -> list[str]:
    agency = f"agency {story.agency}" if story.agency else "no agency credited"
    what = f"cluster {story.cluster_id}" if story.cluster_id else "no cluster_id"
    width = max(len(c.site) for c in story.copies)
    return [f"{rank:2d}. {_count(story.articles, 'article')}, {_count(story.outlets, 'outlet')}: "
            f"{story.headline or '(no headline)'}",
            f"    {agency}, wire copy {story.wire_share:.0%}, {what}",
            *(f"    {c.site.ljust(width)}  {_when(c.first_seen)}  {c.url}" for c in story.copies)]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _when(when: datetime | None) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC" if when else "unknown"


def left_out_note(found: DayStories) -> str:
    """Says how many of the day's rows had no cluster_id and were not listed ('' when none)."""
    if not found.left_out:
        return ""
    return (f"{found.left_out} of the day's {found.articles} articles have no cluster_id (written "
            "before clustering, or with it off) and are not listed: --include-unclustered lists "
            "each as its own story.")


def stories_json(found: DayStories, top: int) -> list[str]:
    """The day's `top` biggest stories as JSON lines, one per story."""
    return [json.dumps(story_json(rank, story), ensure_ascii=False)
            for rank, story in enumerate(found.stories[:top], 1)]


def story_json(rank: int, story: Story) -> dict[str, Any]:
    """One story as a JSON-ready object (times in ISO 8601, UTC)."""
    return {"rank": rank, "cluster_id": story.cluster_id, "articles": story.articles,
            "outlets": story.outlets, "headline": story.headline, "agency": story.agency,
            "wire_copy_share": round(story.wire_share, 4), "first_seen": _iso(story.first_seen),
            "copies": [{"site": c.site, "first_seen": _iso(c.first_seen), "url": c.url}
                       for c in story.copies]}


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when else None
