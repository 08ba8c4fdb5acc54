"""Stage 2, dates: choose `published` and `modified` from the candidates extract collected, in
order of trust, and turn them into UTC instants using the site's timezone for local times.

First cut: ISO 8601 and RFC 822 strings (JSON-LD, meta tags, feeds, sitemaps, <time>).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.crawler import Crawler

from pipelines import passes_through

logger = logging.getLogger(__name__)

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # nothing we ingest was published before this
_OFFSET_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


def site_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown timezone %r, using UTC", name)
        return ZoneInfo("UTC")


def parse_date(raw: str, zone: ZoneInfo) -> datetime | None:
    """An aware datetime for an ISO 8601 or RFC 822 string; local times are read in `zone`."""
    text = raw.strip()
    parsed = _parse_iso(text) or _parse_rfc822(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    candidate = _OFFSET_NO_COLON.sub(r"\1:\2", candidate.replace("z", "Z"))
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    try:
        day = date.fromisoformat(candidate[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day) if len(candidate) == 10 else None


def _parse_rfc822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def choose(candidates: list[tuple[str, str]], zone: ZoneInfo, latest: datetime,
           rejected: list[str]) -> tuple[datetime, str, str] | None:
    """The first candidate that parses and lies between 1990 and `latest`: (instant, raw, source).

    Candidates that parse but fall outside that range are appended to `rejected` as "source".
    """
    for source, raw in candidates:
        instant = parse_date(raw, zone)
        if instant is None:
            continue
        if not EARLIEST <= instant <= latest:
            rejected.append(source)
            continue
        return instant, raw, source
    return None


def dates(article: dict[str, Any], *, future_tolerance: timedelta = timedelta(hours=26)
          ) -> dict[str, Any]:
    """Set published/modified (UTC), *_local (ISO with the offset used), *_raw and *_source."""
    zone = site_zone(article.get("site_timezone"))
    fetched_at = article.get("fetched_at") or datetime.now(UTC)
    latest = fetched_at + future_tolerance
    rejected: list[str] = []
    for field in ("published", "modified"):
        found = choose(article.pop(f"{field}_candidates", []), zone, latest, rejected)
        instant, raw, source = found if found else (None, None, None)
        article[field] = instant.astimezone(UTC) if instant else None
        article[f"{field}_local"] = instant.isoformat() if instant else None
        article[f"{field}_raw"] = raw
        article[f"{field}_source"] = source
    if article["modified"] and article["published"] and article["modified"] < article["published"]:
        article.update(modified=None, modified_local=None, modified_raw=None, modified_source=None)
    article["dates_rejected"] = rejected
    return article


class DatesPipeline:
    """Scrapy adapter of `dates`; setting DATES_FUTURE_TOLERANCE_HOURS."""

    def __init__(self, crawler: Crawler, future_tolerance: timedelta) -> None:
        self.stats = crawler.stats
        self.future_tolerance = future_tolerance

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        hours = crawler.settings.getfloat("DATES_FUTURE_TOLERANCE_HOURS", 26)
        return cls(crawler, timedelta(hours=hours))

    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        article = dates(item, future_tolerance=self.future_tolerance)
        for source in article.pop("dates_rejected"):
            self.stats.inc_value(f"akhbar/dates/rejected/{source}")
        if article["published"] is None:
            self.stats.inc_value("akhbar/dates/no_published")
        return article
