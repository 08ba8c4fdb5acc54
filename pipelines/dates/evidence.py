"""Dates as weighed evidence: every candidate that parses and passes the guards votes for the
local day it states, with the reliability of its source as its weight; the day with the most
weight wins, and the winner's instant is the most trusted candidate on that day.

Weights (SOURCE_WEIGHTS): JSON-LD 1.0, feed/sitemap 0.9, the article meta tags 0.9 / 0.8 / 0.6,
the first visible date line 0.8 (each further line half the one before: the first is the one
under the headline), <time datetime> 0.7, a dated URL path 0.6 (a date at the head of a long digit
run, an id on many sites, 0.15), trafilatura's date (htmldate's) 0.5. Sources that repeat one
statement count once in full (`group`: JSON-LD with the meta tags; trafilatura, htmldate and
the URL, which htmldate reads first),
each further one of them a quarter. So a machine date that the visible line and the URL both
contradict loses, and one wrong source alone decides nothing when others agree. A machine
publication time at the fetch time (within five minutes) is a render time on some CMSs and
weighs a tenth.

A time marked UTC on a site whose zone is unknown states an instant, not a local day: it votes for
its UTC day, and with WEIGHT_OTHER_DAY of its weight for the neighbouring days that some offset
(UTC-12 .. UTC+14) puts it on; a visible line then says which day the page meant.

`confidence` is the share of the weighed evidence (the weights of all candidates that parse and
pass the guards) behind the winning day, 0..1.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from pipelines.dates.arabic import Stamp
from pipelines.dates.forms import url_is_id_date

logger = logging.getLogger(__name__)

SOURCE_WEIGHTS = {
    "jsonld": 1.0, "feed": 0.9, "sitemap": 0.9, "discovery": 0.9,
    "meta:article:published_time": 0.9, "meta:og:published_time": 0.9,
    "meta:datepublished": 0.8, "meta:article:modified_time": 0.9, "meta:og:updated_time": 0.9,
    "meta:datemodified": 0.8, "time_element": 0.7, "visible": 0.8, "url": 0.6,
    "trafilatura": 0.5,
}
OTHER_META = 0.6  # meta:date, meta:pubdate, dc.date ...
OTHER_SOURCE = 0.5
VISIBLE_DECAY = 0.5  # each further visible line weighs this much of the one before
URL_ID_WEIGHT = 0.15
WEIGHT_OTHER_DAY = 0.9
CORRELATED_SHARE = 0.25  # what a further vote of the same group adds (see `group`)
RENDER_WINDOW = timedelta(minutes=5)
RENDER_SHARE = 0.1
OFFSETS = (timedelta(hours=-12), timedelta(hours=14))  # the UTC offsets in use


@dataclass(frozen=True)
class Vote:
    """One candidate as evidence: its instant in the offset used, how it was read, its weight,
    the day it states and the other days it may mean."""

    source: str
    raw: str
    stamp: Stamp
    instant: datetime
    reading: str
    weight: float
    day: date
    other_days: frozenset[date]


@dataclass(frozen=True)
class Verdict:
    """The winning vote (the instant to keep), the day chosen, and the share of the evidence
    behind that day."""

    vote: Vote
    day: date
    confidence: float


def weights(parsed: list[tuple[str, str, Stamp | None]]) -> list[float]:
    """The reliability weight of each candidate, in order. A page whose visible lines show many
    different days (a list of teasers, comments) says less through each: the visible weights
    are divided by the number of days they show."""
    out, visible = [], 0
    shown = {s.wall.date() for source, _, s in parsed if source == "visible" and s is not None}
    for source, raw, _ in parsed:
        if source == "visible":
            out.append(SOURCE_WEIGHTS["visible"] * VISIBLE_DECAY ** visible / max(1, len(shown)))
            visible += 1
        elif source == "url":
            out.append(URL_ID_WEIGHT if url_is_id_date(raw) else SOURCE_WEIGHTS["url"])
        else:
            default = OTHER_META if source.startswith("meta:") else OTHER_SOURCE
            out.append(SOURCE_WEIGHTS.get(source, default))
    return out


def vote_days(stamp: Stamp, instant: datetime, zone: tzinfo | None,
              machine: bool) -> tuple[date, frozenset[date]]:
    """(the local day a candidate states, the other days it may mean). `zone` is the site's
    zone, None when unknown."""
    if not stamp.has_time:
        return stamp.wall.date(), frozenset()
    if stamp.relative or (stamp.tz is not None and not stamp.utc_marker):
        return instant.date(), frozenset()
    if zone is not None:
        return instant.astimezone(zone).date(), frozenset()
    if machine and stamp.utc_marker:
        day = instant.date()
        ends = {(instant + offset).date() for offset in OFFSETS}
        return day, frozenset(ends - {day})
    return stamp.wall.date(), frozenset()


def decide(votes: list[Vote]) -> Verdict | None:
    """The day with the most weight (ties: the day of the earliest, most trusted vote) and the
    vote that gives its instant: the first vote on that day, or when that one states only the
    day, the first with a time of day on it (or a UTC time that may fall on it)."""
    if not votes:
        return None
    backing: dict[date, list[tuple[str, float]]] = {}
    for vote in votes:
        backing.setdefault(vote.day, []).append((group(vote.source), vote.weight))
        for day in vote.other_days:
            backing.setdefault(day, []).append((group(vote.source), vote.weight * WEIGHT_OTHER_DAY))
    score = {day: _weigh(found) for day, found in backing.items()}
    first_seen = {}
    for index, vote in enumerate(votes):
        first_seen.setdefault(vote.day, index)
    day = max(score, key=lambda d: (round(score[d], 6), -first_seen.get(d, len(votes))))
    maybe = [v for v in votes if day in v.other_days]
    on_day = [v for v in votes if v.day == day] or maybe
    chosen = on_day[0]
    if not chosen.stamp.has_time:  # a time from the same day, else a UTC time that may be on it
        chosen = next((v for v in on_day + maybe if v.stamp.has_time), chosen)
    total = _weigh([(group(v.source), v.weight) for v in votes])
    return Verdict(chosen, day, round(min(1.0, score[day] / total), 3))


def group(source: str) -> str:
    """Sources that repeat one statement: the page's structured data (JSON-LD and meta tags are
    mostly written from one CMS field) and htmldate (trafilatura's date is htmldate's, and
    htmldate takes a dated URL's day before anything else it reads)."""
    if source == "jsonld" or source.startswith("meta:"):
        return "structured"
    return "htmldate" if source in ("trafilatura", "htmldate", "url") else source


def _weigh(found: list[tuple[str, float]]) -> float:
    """Weights summed so that a group counts its strongest vote in full and each further vote
    of the group CORRELATED_SHARE of its weight."""
    by_group: dict[str, list[float]] = {}
    for name, weight in found:
        by_group.setdefault(name, []).append(weight)
    return sum(max(ws) + CORRELATED_SHARE * (sum(ws) - max(ws)) for ws in by_group.values())


def render_time(vote: Vote, fetched: datetime | None) -> Vote:
    """A machine publication time within RENDER_WINDOW of the fetch is the time the page was
    rendered on some CMSs, not its publication: it keeps RENDER_SHARE of its weight."""
    if fetched is None or abs(vote.instant - fetched) > RENDER_WINDOW:
        return vote
    return replace(vote, weight=vote.weight * RENDER_SHARE)


def vote_of(source: str, raw: str, stamp: Stamp, weight: float,
            localized: Callable[[Stamp, str], tuple[datetime, str]],
            zone: tzinfo | None, machine: bool) -> Vote:
    """One parsed candidate as a Vote; `localized` is the stage's reading of a stamp."""
    instant, reading = localized(stamp, source)
    day, others = vote_days(stamp, instant, zone, machine)
    return Vote(source, raw, stamp, instant, reading, weight, day, others)
