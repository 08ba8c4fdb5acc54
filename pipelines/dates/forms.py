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
# dates in article paths, the forms many CMSs write: /2020/8/24/ (WordPress permalinks and most
# news CMSs) and 2020-06-03 in a segment or slug
URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<![\d.])((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)"),
)
# a segment opening with eight digits that read as a day, then more digits (/20200317104489...):
# on many sites that is an id whose head may or may not be the day; weak evidence only
URL_ID_DATE = re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:\d{4,12})?(?=[-_/.]|$)")


def read_stamp(raw: str, source: str, now: datetime | None = None,
               url_forms: tuple[re.Pattern[str], ...] = ()) -> Stamp | None:
    """What the candidate string says; `source` "url" reads dates in an article URL's path (first
    in the site's own `url_forms`, see `site_url_form`). `now` (aware, site zone) anchors relative
    and year-less dates."""
    text = " ".join(raw.split())
    if not text:
        return None
    if source == "url":
        return url_stamp(text, url_forms)
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


def site_url_form(pattern: str) -> re.Pattern[str]:
    """A site's own URL date form (a spider's overrides["url_date"]): a regex over the URL path
    with the named groups year, month and day. ValueError when it is not one."""
    try:
        compiled = re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise ValueError(f"not a regular expression: {exc}") from None
    if not {"year", "month", "day"} <= set(compiled.groupindex):
        raise ValueError("needs the named groups (?P<year>...), (?P<month>...), (?P<day>...)")
    return compiled


def url_stamp(url: str, site_forms: tuple[re.Pattern[str], ...] = ()) -> Stamp | None:
    """The day an article URL's path states (/2020/8/24/slug, /2020-06-03-1.387), else the day at
    the head of a long digit run (/20200317104489...)."""
    path = urlsplit(url).path
    for pattern in (*site_forms, *URL_DATES, URL_ID_DATE):
        for m in pattern.finditer(path):
            groups = ("year", "month", "day") if pattern in site_forms else (1, 2, 3)
            try:
                day = date(*(int(m.group(g)) for g in groups))
            except ValueError:
                continue
            return Stamp(datetime(day.year, day.month, day.day), False)
    return None


def url_is_id_date(url: str) -> bool:
    """The URL's day comes from the head of a digit run only (weak evidence)."""
    path = urlsplit(url).path
    return not any(p.search(path) for p in URL_DATES) and bool(URL_ID_DATE.search(path))
