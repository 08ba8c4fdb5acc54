"""Stage 2, dates: choose `published` and `modified` from the candidates extract collected, as
weighed evidence, and turn them into UTC instants.

Sources, in the order extract lists them (most trusted first): jsonld, meta:<name>, time_element,
feed/sitemap, visible (date lines on the page), url, trafilatura, htmldate. Every candidate that
parses and passes the guards votes for its local day with its source's weight; the day with the
most weight wins and its most trusted candidate gives the instant (pipelines/dates/evidence.py);
a winner without a time of day takes the time of a later candidate on the same local day.
`published_confidence` is the share of the weight behind the winning day. Guards: a candidate
later than fetch time + tolerance or before 1990 is refused and counted in `dates_rejected`; one
before the site's first article (`first_article` on its spider) is passed over. Visible lines
that are update stamps ("آخر تحديث", "محدثة") are modified candidates, not published ones.

Timezone: an offset the string states wins; otherwise the site's IANA zone (DST for that date);
otherwise the offset the page's machine dates state (page_offset); otherwise UTC, flagged.
`<field>_reading` records which: offset | site_tz | page_offset | utc_assumed | relative |
local_marked_utc:<how> | unmarked_utc:<how> | inferred_day, plus ",day" for a date without a
time.

Machine times that lie about their zone (`calibrate`): some sites write local time with a UTC
marker (meta 09:23:13Z while the visible line says 09:23 ص in Cairo), others write UTC with no
offset (<time datetime="17:27"> beside a visible "GMT 17:27"). The page's visible times decide:
when they show a machine time's other reading (differing from the written one by exactly the
site's offset) and none shows the written one, that kind of machine time is re-read on this page
(<how> = detected). A site can declare either quirk as data on its spider,
`overrides = {"dates": {"utc_marker_is_local": True}}` or `{"dates": {"no_offset_is_utc": True}}`;
the declaration applies without visible evidence (<how> = declared), but not against it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, time, timedelta, timezone
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipelines.dates.arabic import Stamp, parse_text
from pipelines.dates.evidence import Verdict, decide, render_time, vote_of, weights
from pipelines.dates.forms import read_stamp, site_url_form
from pipelines.datewords import UPDATE_WORDS
from pipelines.tunables import FUTURE_TOLERANCE_HOURS

logger = logging.getLogger(__name__)

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # nothing we ingest was published before this
HUMAN_SOURCES = {"visible", "url", "trafilatura"}  # not machine-readable times
MARKED, UNMARKED = "utc_marker", "no_offset"  # the two kinds of machine times `calibrate` checks
# what a site declares under its spider's overrides["dates"] (see the module docstring); the flag
# names are what crawler/siteoverrides.py accepts there
DATES_OVERRIDE = "dates"
DECLARE = {MARKED: "utc_marker_is_local", UNMARKED: "no_offset_is_utc"}
DATE_FLAGS = tuple(sorted(DECLARE.values()))
# a site whose article URLs state the day in a form of its own declares it as data:
# overrides = {"url_date": r"^/(?P<year>\d{4})/[a-z_]+/(?P<month>\d{1,2})/(?P<day>\d{1,2})/"}
URL_DATE_OVERRIDE = "url_date"
UPDATE = re.compile("|".join(re.escape(w) for w in UPDATE_WORDS), re.IGNORECASE)
Parsed = list[tuple[str, str, Stamp | None]]


@dataclass(frozen=True)
class Reading:
    """A chosen date: the instant in the offset used, where it came from and how it was read."""

    instant: datetime
    raw: str
    source: str
    reading: str
    has_time: bool
    confidence: float = 1.0


@cache
def _url_forms(pattern: str | None) -> tuple[re.Pattern[str], ...]:
    """The site's declared URL date form, compiled once (crawler/siteoverrides.py checked it)."""
    return (site_url_form(pattern),) if pattern else ()


def site_zone(name: str | None) -> ZoneInfo:
    """The site's IANA zone; UTC (with a warning) for an unknown name."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown timezone %r, using UTC", name)
        return ZoneInfo("UTC")


def parse_date(raw: str, zone: ZoneInfo, now: datetime | None = None) -> datetime | None:
    """An aware datetime for a date string (ISO 8601, RFC 822, Arabic date line); local times are
    read in `zone`. Relative and year-less dates need `now` (the fetch time), else None."""
    stamp = read_stamp(raw, "parse", now.astimezone(zone) if now else None)
    return localize(stamp, "parse", zone, True, {})[0] if stamp else None


def localize(stamp: Stamp, source: str, zone: ZoneInfo, zone_known: bool,
             quirks: dict[str, str] | None) -> tuple[datetime, str]:
    """(aware instant in the offset used, reading code) for a parsed candidate; `quirks` is
    what `calibrate` found for the page."""
    quirks = quirks or {}
    machine = source not in HUMAN_SOURCES and stamp.has_time
    if stamp.wall.tzinfo is not None:
        instant, reading = stamp.wall, "relative"
    elif stamp.tz is not None and machine and stamp.utc_marker and MARKED in quirks:
        instant, reading = stamp.wall.replace(tzinfo=zone), f"local_marked_utc:{quirks[MARKED]}"
    elif stamp.tz is not None:
        instant, reading = stamp.wall.replace(tzinfo=stamp.tz), "offset"
    elif machine and UNMARKED in quirks:
        instant, reading = stamp.wall.replace(tzinfo=UTC), f"unmarked_utc:{quirks[UNMARKED]}"
    elif zone_known:
        instant, reading = stamp.wall.replace(tzinfo=zone), "site_tz"
    else:
        instant, reading = stamp.wall.replace(tzinfo=UTC), "utc_assumed"
    return instant, reading if stamp.has_time else f"{reading},day"


def calibrate(parsed: Parsed, zone: ZoneInfo, declared: dict[str, Any]) -> dict[str, str]:
    """How this page's machine-readable times must be read, checked against the times it shows.

    Two kinds are checked: times marked UTC (Z, +00:00) and times with no offset. Each has the
    reading as written (UTC; the site's zone) and the other one (the site's zone; UTC), which
    differ by the site's offset. References are the instants the visible lines show (read in the
    site's zone unless they state one) and machine times with a non-zero offset. A kind whose
    other reading matches a reference while the written one matches none is re-read: {kind:
    "detected"}. A kind the site declares (overrides["dates"]) is re-read unless a reference
    agrees with the written reading: {kind: "declared"}.
    """
    refs: set[datetime] = set()
    kinds: dict[str, list[datetime]] = {MARKED: [], UNMARKED: []}
    for source, _, stamp in parsed:
        if stamp is None or not stamp.has_time or stamp.wall.tzinfo is not None:
            continue
        if source == "visible":
            refs.add(_minute(stamp.wall.replace(tzinfo=stamp.tz or zone)))
        elif source not in HUMAN_SOURCES:
            kind = MARKED if stamp.utc_marker else UNMARKED if stamp.tz is None else None
            if kind:
                kinds[kind].append(stamp.wall)
            else:
                refs.add(_minute(stamp.wall.replace(tzinfo=stamp.tz)))
    found = {}
    for kind, walls in kinds.items():
        as_written = as_other = False
        for wall in walls:
            written, other = wall.replace(tzinfo=UTC), wall.replace(tzinfo=zone)
            written, other = (written, other) if kind == MARKED else (other, written)
            if written != other:
                as_written = as_written or _minute(written) in refs
                as_other = as_other or _minute(other) in refs
        if as_other and not as_written:
            found[kind] = "detected"
        elif walls and declared.get(DECLARE[kind]):
            if as_written:
                logger.info("site declares %s, but the page's times agree with the reading "
                            "as written", DECLARE[kind])
            else:
                found[kind] = "declared"
    return found


def _minute(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(second=0, microsecond=0)


def split_update_lines(published: list[tuple[str, str]], modified: list[tuple[str, str]],
                       now: datetime | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Visible update stamps move to the modified candidates; a line holding both a publication
    and an update date ("نشر 3 مايو ... آخر تحديث 4 مايو ...") is split at the update word."""
    kept, updates = [], []
    for source, raw in published:
        m = UPDATE.search(raw) if source == "visible" else None
        if m is None:
            kept.append((source, raw))
            continue
        before, after = raw[:m.start()].strip(" |-–—،,("), raw[m.start():]
        if before and parse_text(before, now) and parse_text(after, now):
            kept.append((source, before))
            updates.append((source, after))
        else:
            updates.append((source, raw))
    return kept, modified + updates


def choose(parsed: Parsed, zone: ZoneInfo, zone_known: bool, quirks: dict[str, str],
           latest: datetime, rejected: list[str], earliest: datetime = EARLIEST,
           fetched: datetime | None = None) -> Verdict | None:
    """The day the weighed evidence states (pipelines.dates.evidence) among the candidates that
    parse and lie between `earliest` and `latest`, and its instant. Candidates outside EARLIEST ..
    `latest` are refused and their source appended to `rejected`; those merely before `earliest`
    (a modification before the publication, an article before the site's first) are passed over.
    Machine times at `fetched` (the fetch time, for publication candidates) are render times."""
    votes = []
    for (source, raw, stamp), weight in zip(parsed, weights(parsed), strict=True):
        if stamp is None:
            continue
        machine = source not in HUMAN_SOURCES
        vote = vote_of(source, raw, stamp, weight,
                       lambda st, src: localize(st, src, zone, zone_known, quirks),
                       zone if zone_known else None, machine)
        if machine:
            vote = render_time(vote, fetched)
        if not EARLIEST <= vote.instant <= latest:
            rejected.append(source)
        elif vote.instant >= earliest:
            votes.append(vote)
    return decide(votes)


def _reading(verdict: Verdict | None) -> Reading | None:
    """The chosen instant, shown in an offset that puts it on the chosen day when the winning
    vote is a UTC time whose local day other evidence gave (reading `inferred_day`)."""
    if verdict is None:
        return None
    vote = verdict.vote
    instant, reading = vote.instant, vote.reading
    if instant.date() != verdict.day and vote.stamp.has_time:
        shift = (datetime.combine(verdict.day, time(12)) - instant.replace(tzinfo=None))
        hours = max(-12, min(14, round(shift.total_seconds() / 3600)))
        # the smallest offset that puts the instant on that day
        for offset in sorted(range(-12, 15), key=lambda h: (abs(h), h != hours)):
            local = instant.astimezone(timezone(timedelta(hours=offset)))
            if local.date() == verdict.day:
                instant, reading = local, "inferred_day"
                break
    return Reading(instant, vote.raw, vote.source, reading, vote.stamp.has_time,
                   verdict.confidence)


def dates(article: dict[str, Any], *,
          future_tolerance: timedelta = timedelta(hours=FUTURE_TOLERANCE_HOURS)
          ) -> dict[str, Any]:
    """Set published/modified (UTC), *_local (ISO with the offset used), *_raw, *_source and
    *_reading from the article's published_candidates / modified_candidates, and
    published_confidence (the share of the weighed evidence behind the publication day);
    `dates_rejected` lists the sources the guards refused. `site_first_article` (a date), when
    the site states it, is the earliest publication believed."""
    zone = site_zone(article.get("site_timezone"))
    zone_known = zone.key != "UTC"  # "UTC" is the spiders' default: no zone declared
    fetched_at = article.get("fetched_at") or datetime.now(UTC)
    now = fetched_at.astimezone(zone)
    candidates = split_update_lines(article.pop("published_candidates", None) or [],
                                    article.pop("modified_candidates", None) or [], now)
    site_overrides = article.get("site_overrides") or {}
    url_forms = _url_forms(site_overrides.get(URL_DATE_OVERRIDE))
    rejected: list[str] = []
    latest = fetched_at + future_tolerance
    parsed = {field: _on_calendar([(src, raw, read_stamp(raw, src, now, url_forms))
                                   for src, raw in found], rejected)
              for field, found in zip(("published", "modified"), candidates, strict=True)}
    offset = None if zone_known else page_offset(parsed["published"] + parsed["modified"])
    if offset is not None:  # a site of unknown zone whose machine dates state its offset
        zone, zone_known = offset, True
    overrides = site_overrides.get(DATES_OVERRIDE) or {}
    quirks = calibrate(parsed["published"] + parsed["modified"], zone, overrides)
    first = _first_article(article.get("site_first_article"), zone)
    published = _reading(choose(parsed["published"], zone, zone_known, quirks, latest, rejected,
                                first, fetched_at))
    published = _labelled(published, offset)
    _set(article, "published", published)
    article["published_confidence"] = published.confidence if published else None
    modified = _reading(choose(parsed["modified"], zone, zone_known, quirks, latest, rejected,
                               published.instant if published else first))
    _set(article, "modified", _labelled(modified, offset))
    article["dates_rejected"] = rejected
    return article


def _on_calendar(parsed: Parsed, rejected: list[str]) -> Parsed:
    """The candidates less those in the first or last year of the calendar (a
    "0001-01-01T00:00:00Z" placeholder), refused before any reading of them in a zone could
    fall off it (the other guards refuse them later, in order)."""
    kept: Parsed = []
    for source, raw, stamp in parsed:
        if stamp is not None and not MINYEAR < stamp.wall.year < MAXYEAR:
            rejected.append(source)
        else:
            kept.append((source, raw, stamp))
    return kept


def page_offset(parsed: Parsed) -> timezone | None:
    """The UTC offset the page's machine dates state (the first that states one other than UTC):
    the zone of a site whose zone is not declared."""
    for source, _, stamp in parsed:
        if (source not in HUMAN_SOURCES and stamp is not None and stamp.wall.tzinfo is None
                and isinstance(stamp.tz, timezone) and not stamp.utc_marker):
            return stamp.tz
    return None


def _labelled(found: Reading | None, offset: timezone | None) -> Reading | None:
    """Times read in the offset the page's machine dates state say so (page_offset)."""
    if found is None or offset is None or not found.reading.startswith("site_tz"):
        return found
    return replace(found, reading="page_offset" + found.reading[len("site_tz"):])


def _first_article(value: Any, zone: ZoneInfo) -> datetime:
    """The site's first article (a date, a datetime or an ISO string) as the earliest instant."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return EARLIEST
    if isinstance(value, datetime):
        return max(EARLIEST, value if value.tzinfo else value.replace(tzinfo=zone))
    if isinstance(value, date):
        return max(EARLIEST, datetime.combine(value, time(), tzinfo=zone))
    return EARLIEST


def _set(article: dict[str, Any], field: str, found: Reading | None) -> None:
    article[field] = found.instant.astimezone(UTC) if found else None
    article[f"{field}_local"] = found.instant.isoformat() if found else None
    article[f"{field}_raw"] = found.raw if found else None
    article[f"{field}_source"] = found.source if found else None
    article[f"{field}_reading"] = found.reading if found else None
