"""Stage 2, dates: choose `published` and `modified` from the candidates extract collected, in
order of trust, and turn them into UTC instants.

Sources, in the order extract lists them: jsonld, meta:<name>, time_element, feed/sitemap,
visible (date lines on the page), url, trafilatura. The first candidate that parses and passes
the guards wins (a candidate later than fetch time + tolerance or before 1990 is refused, counted
in `dates_rejected`, and the next one tried); a winner without a time of day takes the time of a
later candidate that falls on the same local day. Visible lines that are update stamps ("آخر
تحديث", "محدثة") are modified candidates, not published ones.

Timezone: an offset the string states wins; otherwise the site's IANA zone (DST for that date);
otherwise UTC, flagged. `<field>_reading` records which: offset | site_tz | utc_assumed |
relative | local_marked_utc:<how> | unmarked_utc:<how>, plus ",day" for a date without a time.

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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipelines.dates.arabic import Stamp, parse_text
from pipelines.dates.forms import read_stamp
from pipelines.dates.words import UPDATE_WORDS
from pipelines.tunables import FUTURE_TOLERANCE_HOURS

logger = logging.getLogger(__name__)

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # nothing we ingest was published before this
HUMAN_SOURCES = {"visible", "url", "trafilatura"}  # not machine-readable times
MARKED, UNMARKED = "utc_marker", "no_offset"  # the two kinds of machine times `calibrate` checks
# what a site declares under its spider's overrides["dates"] (see the module docstring); the flag
# names are what crawler/siteconfig.py accepts there
DATES_OVERRIDE = "dates"
DECLARE = {MARKED: "utc_marker_is_local", UNMARKED: "no_offset_is_utc"}
DATE_FLAGS = tuple(sorted(DECLARE.values()))
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
           latest: datetime, rejected: list[str], earliest: datetime = EARLIEST
           ) -> Reading | None:
    """The first candidate that parses and lies between `earliest` and `latest`; a day without a
    time takes the time of a later candidate on the same local day. Candidates outside 1990 ..
    `latest` are refused and their source appended to `rejected`; those merely before `earliest`
    (a modification before the publication) are passed over."""
    found: Reading | None = None
    for source, raw, stamp in parsed:
        if stamp is None:
            continue
        instant, reading = localize(stamp, source, zone, zone_known, quirks)
        if not EARLIEST <= instant <= latest:
            if found is None:
                rejected.append(source)
            continue
        if instant < earliest:
            continue
        candidate = Reading(instant, raw, source, reading, stamp.has_time)
        if found is None:
            found = candidate
            if found.has_time:
                return found
        elif candidate.has_time and _same_day(candidate.instant, found.instant):
            return candidate
    return found


def _same_day(instant: datetime, day: datetime) -> bool:
    return instant.astimezone(day.tzinfo).date() == day.date()


def dates(article: dict[str, Any], *,
          future_tolerance: timedelta = timedelta(hours=FUTURE_TOLERANCE_HOURS)
          ) -> dict[str, Any]:
    """Set published/modified (UTC), *_local (ISO with the offset used), *_raw, *_source and
    *_reading from the article's published_candidates / modified_candidates; `dates_rejected`
    lists the sources the guards refused."""
    zone = site_zone(article.get("site_timezone"))
    zone_known = zone.key != "UTC"  # "UTC" is the spiders' default: no zone declared
    fetched_at = article.get("fetched_at") or datetime.now(UTC)
    now = fetched_at.astimezone(zone)
    candidates = split_update_lines(article.pop("published_candidates", None) or [],
                                    article.pop("modified_candidates", None) or [], now)
    parsed = {field: [(src, raw, read_stamp(raw, src, now)) for src, raw in found]
              for field, found in zip(("published", "modified"), candidates, strict=True)}
    overrides = (article.get("site_overrides") or {}).get(DATES_OVERRIDE) or {}
    quirks = calibrate(parsed["published"] + parsed["modified"], zone, overrides)
    rejected: list[str] = []
    latest = fetched_at + future_tolerance
    published = choose(parsed["published"], zone, zone_known, quirks, latest, rejected)
    _set(article, "published", published)
    modified = choose(parsed["modified"], zone, zone_known, quirks, latest, rejected,
                      published.instant if published else EARLIEST)
    _set(article, "modified", modified)
    article["dates_rejected"] = rejected
    return article


def _set(article: dict[str, Any], field: str, found: Reading | None) -> None:
    article[field] = found.instant.astimezone(UTC) if found else None
    article[f"{field}_local"] = found.instant.isoformat() if found else None
    article[f"{field}_raw"] = found.raw if found else None
    article[f"{field}_source"] = found.source if found else None
    article[f"{field}_reading"] = found.reading if found else None
