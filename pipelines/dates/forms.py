"""One date candidate string -> `Stamp`: machine forms (ISO 8601, RFC 822), dates in article URLs,
and everything else through the Arabic date-line reader (pipelines.dates.arabic).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from pipelines.dates.arabic import Stamp, parse_text

logger = logging.getLogger(__name__)

_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?)?\s*"
                  r"(?:[zZ]|[+-]\d\d(?::?\d\d)?)?$")
_OFFSET_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_RFC822 = re.compile(r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d\d:\d\d")
_UTC_NAMES = re.compile(r"(?:z|[+-]00:?00|gmt|ut|utc)$", re.IGNORECASE)
# dates in article paths, most specific first: /2020/8/24/, /2013/middle_east/8/3/ (year, one
# section segment, month, day), 2020-06-03 / 2020_06_03, /20200317 at the start of a segment
URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"/((?:19|20)\d\d)/[a-z][a-z_-]*/(\d{1,2})/(\d{1,2})/", re.IGNORECASE),
    re.compile(r"(?<![\d.])((?:19|20)\d\d)[-_](\d\d)[-_](\d\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:\d{6,12})?(?=[-_/.]|$)"),
)


def read_stamp(raw: str, source: str, now: datetime | None = None) -> Stamp | None:
    """What the candidate string says; `source` "url" reads dates in an article URL's path.
    `now` (aware, site zone) anchors relative and year-less dates."""
    text = " ".join(raw.split())
    if not text:
        return None
    if source == "url":
        return url_stamp(text)
    if text[0].isdigit() and _ISO.match(text):
        found = iso_stamp(text)
        if found:
            return found
    if _RFC822.match(text):
        found = rfc822_stamp(text)
        if found:
            return found
    return parse_text(text, now)


def iso_stamp(text: str) -> Stamp | None:
    """ISO 8601 / W3C-DTF: '2020-06-03T03:01+0400', '2020-12-01 02:00:00', '2020-06-03'."""
    rest = text[10:].lstrip("Tt ").replace(" ", "").replace("z", "Z")
    candidate = _OFFSET_NO_COLON.sub(r"\1:\2", f"{text[:10]}T{rest}" if rest[:1].isdigit()
                                     else text[:10] + rest)
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    has_time = len(text) > 10
    if parsed.tzinfo is None:
        return Stamp(parsed, has_time)
    utc = parsed.utcoffset() == timedelta(0)
    return Stamp(parsed.replace(tzinfo=None), has_time, UTC if utc else parsed.tzinfo, utc)


def rfc822_stamp(text: str) -> Stamp | None:
    """RFC 822 feed dates: 'Fri, 20 Nov 2026 14:30:00 +0200' ('-0000' = zone unknown)."""
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return Stamp(parsed, True)
    utc = parsed.utcoffset() == timedelta(0) and bool(_UTC_NAMES.search(text))
    return Stamp(parsed.replace(tzinfo=None), True, UTC if utc else parsed.tzinfo, utc)


def url_stamp(url: str) -> Stamp | None:
    """The day an article URL's path states (/2020/8/24/slug, /2020-06-03-1.387, /20200317...)."""
    path = urlsplit(url).path
    for pattern in URL_DATES:
        for m in pattern.finditer(path):
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            return Stamp(datetime(day.year, day.month, day.day), False)
    return None
