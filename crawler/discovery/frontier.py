"""The frontier: which discovered URLs a run fetches, and how.

One decision per discovered entry, in this order: a spelling of a URL already taken in this run is
dropped; an entry dated outside the run's window (--since/--until) is not fetched; an article the
ledger knows is skipped, or re-fetched with a conditional GET while it is young (the re-fetch
window); past the per-site cap nothing more is taken. Every decision is counted in the stats.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from crawler import settings as defaults
from crawler.discovery.feeds import Entry
from pipelines.dates.stage import parse_date
from pipelines.store.ledger import Answer, Known, Ledger
from pipelines.store.urls import key_digest, url_key

logger = logging.getLogger(__name__)

DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """'2d', '12h', '90m', '1w' (ago), or an ISO date/datetime (UTC when no offset is given)."""
    now = now or datetime.now(UTC)
    match = DURATION.match(text)
    if match:
        return now - timedelta(**{UNITS[match.group(2).lower()]: int(match.group(1))})
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"not a date or duration (2d, 12h, 2026-11-01): {text!r}") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    since: datetime | None = None
    until: datetime | None = None

    def __bool__(self) -> bool:
        return bool(self.since or self.until)

    def contains(self, when: datetime) -> bool:
        return (self.since is None or when >= self.since) and (
            self.until is None or when <= self.until)


@dataclass(frozen=True)
class Admission:
    """How to fetch an admitted URL: extra request headers and meta."""

    headers: dict[str, str]
    meta: dict[str, Any]


class Frontier:
    def __init__(self, *, ledger: Ledger | None, window: Window, zone: ZoneInfo,
                 max_articles: int = 0,
                 refetch: timedelta = timedelta(hours=defaults.LEDGER_REFETCH_HOURS),
                 retry_rejects: timedelta = timedelta(days=defaults.LEDGER_RETRY_REJECTS_DAYS),
                 count: Callable[[str], None] | None = None) -> None:
        self.ledger = ledger
        self.window = window
        self.zone = zone
        self.max_articles = max_articles
        self.refetch = refetch
        self.retry_rejects = retry_rejects
        self.count = count or (lambda what: None)  # called with each decision's name
        self.seen: set[bytes] = set()  # key_digest of each URL decided in this run, any answer
        self.taken = 0  # article pages admitted (the cap counts these)
        self.capped = False

    @classmethod
    def from_settings(cls, settings: Any, *, ledger: Ledger | None, window: Window,
                      zone: ZoneInfo, max_articles: int = 0,
                      count: Callable[[str], None] | None = None) -> Frontier:
        """A frontier with the FRONTIER_* and LEDGER_* settings (a spider's own max_articles wins
        over FRONTIER_MAX_ARTICLES)."""
        return cls(
            ledger=ledger, window=window, zone=zone, count=count,
            max_articles=max_articles
            or settings.getint("FRONTIER_MAX_ARTICLES", defaults.FRONTIER_MAX_ARTICLES),
            refetch=timedelta(
                hours=settings.getfloat("LEDGER_REFETCH_HOURS", defaults.LEDGER_REFETCH_HOURS)),
            retry_rejects=timedelta(days=settings.getfloat(
                "LEDGER_RETRY_REJECTS_DAYS", defaults.LEDGER_RETRY_REJECTS_DAYS)))

    def entry_date(self, entry: Entry) -> datetime | None:
        for raw in (entry.date, entry.modified):
            when = parse_date(raw, self.zone) if raw else None
            if when is not None:
                return when
        return None

    def in_window(self, entry: Entry) -> bool:
        """False only when the entry carries a date and it is outside the window."""
        if not self.window:
            return True
        when = self.entry_date(entry)
        return when is None or self.window.contains(when)

    def admit(self, entry: Entry, answers: Mapping[str, Answer] | None = None
              ) -> Admission | None:
        """An Admission when the entry's URL is to be fetched now, else None; `answers`: the
        ledger's, asked beforehand (admit_all)."""
        key = key_digest(url_key(entry.url))
        if key in self.seen:
            self.count("duplicate_in_run")
            return None
        if not self.in_window(entry):
            self.count("outside_window")  # another source may date it inside: not `seen`
            return None
        self.seen.add(key)
        admission = self._ledger_admission(entry.url, answers or {})
        if admission is None:
            return None
        if self.max_articles and self.taken >= self.max_articles:
            self.capped = True
            self.count("over_cap")
            self.seen.discard(key)
            return None
        self.taken += 1
        self.count("admitted")
        return admission

    def admit_all(self, entries: list[Entry]) -> list[tuple[Entry, Admission]]:
        """`admit` of each entry in turn, the ledger asked about the new ones in the window at
        once first (a sitemap of thousands of URLs is one round trip to a shared ledger)."""
        answers: dict[str, Answer] = {}
        if self.ledger is not None:
            new = [e.url for e in entries
                   if self.in_window(e) and key_digest(url_key(e.url)) not in self.seen]
            answers = self.ledger.lookup_many(new, self._rejected_after())
        return [(entry, admission) for entry in entries
                if (admission := self.admit(entry, answers)) is not None]

    def young(self, site: str) -> list[tuple[str, Admission]]:
        """Conditional re-fetches of the site's articles still inside the re-fetch window, so
        that an edit is seen even when no feed lists the article any more."""
        if self.ledger is None or not self.refetch:
            return []
        found = []
        for known in self.ledger.young(site, datetime.now(UTC) - self.refetch):
            if (key := key_digest(known.key)) not in self.seen:
                self.seen.add(key)
                self.count("refetch")
                found.append((known.url, self._conditional(known)))
        return found

    def _ledger_admission(self, url: str, answers: Mapping[str, Answer]) -> Admission | None:
        if url in answers:
            known, rejected = answers[url]
        elif self.ledger is not None:
            known, rejected = self.ledger.lookup_many([url], self._rejected_after())[url]
        else:
            known, rejected = None, None
        if known is None:
            if rejected:
                self.count("known_reject")
                return None
            return Admission({}, {})
        young = known.published and datetime.now(UTC) - known.published <= self.refetch
        if not young:
            self.count("already_ingested")
            return None
        self.count("refetch")
        return self._conditional(known)

    def _rejected_after(self) -> datetime:
        """A lasting reject older than this is tried again (LEDGER_RETRY_REJECTS_DAYS)."""
        return datetime.now(UTC) - self.retry_rejects

    def _conditional(self, known: Known) -> Admission:
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return Admission(headers, {"akhbar_refetch": True, "handle_httpstatus_list": [304]})
