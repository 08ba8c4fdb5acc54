"""Read the date lines Arabic news sites print: month names of every naming system (Egyptian/Gulf,
Levantine/Iraqi, Maghrebi, Moroccan, plus Latin-script English/French), numeric d/m/Y and Y-m-d,
Eastern Arabic digits, 12-hour times with ص/م and their long forms, stated zones ("GMT+0400",
"بتوقيت مكة"), Hijri dates (Umm al-Qura, via hijridate) and relative dates ("منذ 3 ساعات", "أمس").

`parse_text` returns a `Stamp` (the wall-clock time as written, and what the text says about its
zone); turning it into an instant with the site's timezone is pipelines.dates.stage' job.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from hijridate import Gregorian, Hijri

from pipelines.datewords import (
    DAY_WORDS,
    DUAL_UNITS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    JUST_NOW,
    MERIDIEM,
    NIGHT,
    NUMBER_WORDS,
    SINGULAR_UNITS,
    UNIT_SECONDS,
    ZONE_PLACES,
    alternation,
    fold,
    folded,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stamp:
    """What one date string says. `wall` is naive (as written; midnight when there is no time),
    except for relative dates, whose `wall` is already an aware instant in the site's zone."""

    wall: datetime
    has_time: bool
    tz: tzinfo | None = None  # the zone or offset the string states, None when it states none
    utc_marker: bool = False  # the string marks its time as UTC: Z, +00:00, GMT, UTC
    relative: bool = False
    hijri: bool = False


_MONTHS, _HIJRI = folded(GREGORIAN_MONTHS), folded(HIJRI_MONTHS)
_MERIDIEM, _UNITS, _NUMBERS = folded(MERIDIEM), folded(UNIT_SECONDS), folded(NUMBER_WORDS)
_DUALS, _NIGHT = {fold(w) for w in DUAL_UNITS}, {fold(w) for w in NIGHT}
_SINGULARS = {fold(w) for w in SINGULAR_UNITS}
_PLACES, _DAYS = folded(ZONE_PLACES), folded(DAY_WORDS)

_NL = r"(?![^\W\d_])"  # not followed by a letter
_G, _H = alternation(GREGORIAN_MONTHS), alternation(HIJRI_MONTHS)
_ALT = rf"(?:\s*[/\-(]\s*(?:{_G}){_NL}\s*\)?)?"  # a second name: "آب/أغسطس", "مارس/ آذار"
# "3 مارس 2020", "3rd March, 2020", "5. November 2021", "2 de abril de 2020"
DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s*(?:من\s+|de\s+)?(?:شهر\s+)?"
                       rf"({_G}){_NL}\.?{_ALT}(?:\s*,?\s*(?:de\s+|del\s+)?(\d{{4}})(?!\d))?")
MONTH_DAY = re.compile(rf"(?<![^\W\d_])({_G}){_NL}\.?{_ALT}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
                       rf"\s*,?\s*(\d{{4}})(?!\d)")
# "2020-06-03", "2020/6/3", "2020. 06. 04." (the Hungarian form ends with a dot)
YMD = re.compile(r"(?<![\d.])(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)(?!\.\d)")
# "14/02/2021", "3-6-20", "4. 2. 2022." (a closing dot is no decimal)
DMY = re.compile(r"(?<![\d.])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?!\d)(?!\.\d)")
# the هـ after a numeric date (tatweel folded or not) marks it Hijri; "هذا" is no mark
HIJRI_MARK = re.compile(r"\s*هـ?(?![^\W\d_])")
HIJRI = re.compile(rf"(?<!\d)(\d{{1,2}})\s*({_H}){_NL}(?:\s*,?\s*(\d{{4}})(?!\d))?")
# "14:05", "2:05:09 م", and the French "14h05"
CLOCK = re.compile(rf"(?<![\d:])(\d{{1,2}})\s*(?::\s*|h)(\d{{2}})(?:\s*:\s*(\d{{2}}))?(?![\d:])"
                   rf"(?:\s*({alternation(MERIDIEM)})(?:(?<=\.)|{_NL}))?")
_LONG_MERIDIEM = alternation(w for w in MERIDIEM if len(w) > 2)
CLOCK_WORD = re.compile(rf"(?<![\d:])(\d{{1,2}})\s+({_LONG_MERIDIEM}){_NL}")
OFFSET = re.compile(r"(?<![^\W\d_])(?:gmt|utc|ت\s*\.?\s*غ\b\.?)"
                    r"(?:\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d))?")
PLACE = re.compile(rf"توقيت\s+({alternation(ZONE_PLACES)}){_NL}")
_COUNT = rf"(?:(\d+|{alternation(NUMBER_WORDS)})\s+)?"
_UNIT = alternation(UNIT_SECONDS)
RELATIVE = re.compile(rf"(?:منذ|قبل)\s+(?:حوالي\s+|نحو\s+)?{_COUNT}({_UNIT}){_NL}")
AGO = re.compile(rf"(\d+|an?|one)\s+({_UNIT})\s+ago\b")
# "اليوم 09:15", "أمس، الساعة 10:30 م", "أمس" - but not "اليوم السابع" (a newspaper's name)
DAY_WORD = re.compile(rf"(?<![^\W\d_])({alternation(DAY_WORDS)}){_NL}"
                      r"(?=\s*[,\-|:]?\s*(?:الساعة\s*)?(?:\d|$))")
NOW_WORD = re.compile(alternation(JUST_NOW))


def parse_text(text: str, now: datetime | None = None) -> Stamp | None:
    """The date/time a free-text date line states, or None.

    `now` (aware, in the site's zone: the fetch time) anchors relative dates and dates written
    without a year; without it those give None. Gregorian forms win over a Hijri date in the same
    line; the first date in the line is taken, and the first time.
    """
    t = fold(text)
    if not t or (now is None and not any(c.isdigit() for c in t)):
        return None
    found = _gregorian_day(t, now)
    hijri = found is None
    if hijri:
        found = _hijri_day(t, now)
    clock = _clock(t)
    if found is None:
        return _relative(t, now, clock)
    zone, utc = _zone(t)
    wall = datetime.combine(found, clock or time())
    return Stamp(wall, clock is not None, zone, utc, hijri=hijri)


def _gregorian_day(t: str, now: datetime | None) -> date | None:
    matches = [(m.start(), kind, m) for kind, rx in _FORMS for m in rx.finditer(t)]
    for _, kind, m in sorted(matches, key=lambda x: x[0]):
        if kind in ("ymd", "dmy") and HIJRI_MARK.match(t, m.end()):
            continue  # "25/9/1444هـ": a Hijri date in numbers, the Gregorian one follows
        day = _DAY_READERS[kind](m, now)
        if day is not None:
            return day
    return None


def _day_month(m: re.Match[str], now: datetime | None) -> date | None:
    return _named(int(m.group(1)), _MONTHS[_norm_space(m.group(2))], m.group(3), now)


def _month_day(m: re.Match[str], now: datetime | None) -> date | None:
    return _named(int(m.group(2)), _MONTHS[_norm_space(m.group(1))], m.group(3), now)


def _named(day: int, month: int, year: str | None, now: datetime | None) -> date | None:
    if year:
        return _date(int(year), month, day)
    if now is None:
        return None
    found = _date(now.year, month, day)
    if found and found > now.date() + timedelta(days=1):  # no year: the latest one not ahead
        found = _date(now.year - 1, month, day)
    return found


def _ymd(m: re.Match[str], now: datetime | None) -> date | None:
    return _date(int(m.group(1)), int(m.group(3)), int(m.group(4)))


def _dmy(m: re.Match[str], now: datetime | None) -> date | None:
    day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if len(m.group(4)) == 2:
        year += 2000 if 2000 + year <= (now.year if now else 2100) + 1 else 1900
    if month > 12 >= day:  # 11/20/2026 can only be month first
        day, month = month, day
    return _date(year, month, day)


_FORMS = (("dm", DAY_MONTH), ("md", MONTH_DAY), ("ymd", YMD), ("dmy", DMY))
_DAY_READERS = {"dm": _day_month, "md": _month_day, "ymd": _ymd, "dmy": _dmy}


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _norm_space(word: str) -> str:
    return " ".join(word.split())


def _hijri_day(t: str, now: datetime | None) -> date | None:
    for m in HIJRI.finditer(t):
        day, month = int(m.group(1)), _HIJRI[_norm_space(m.group(2))]
        if m.group(3):
            found = hijri_to_gregorian(int(m.group(3)), month, day)
        elif now is not None:
            year = Gregorian(now.year, now.month, now.day).to_hijri().year
            found = hijri_to_gregorian(year, month, day)
            if found and found > now.date() + timedelta(days=1):
                found = hijri_to_gregorian(year - 1, month, day)
        else:
            found = None
        if found:
            return found
    return None


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of an Umm al-Qura Hijri date (1343-1500 AH), or None if invalid."""
    try:
        return date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def _clock(t: str) -> time | None:
    for m in CLOCK.finditer(t):
        found = _time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), m.group(4))
        if found:
            return found
    m = CLOCK_WORD.search(t)
    return _time(int(m.group(1)), 0, 0, m.group(2)) if m else None


def _time(hour: int, minute: int, second: int, marker: str | None) -> time | None:
    if marker and 1 <= hour <= 12:
        hour = _hour24(hour, _norm_space(marker))
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _hour24(hour: int, marker: str) -> int:
    """12-hour clock to 24: 12 ص = 0h, 12 م = 12h; "ليلا" (at night): 6-11 p.m., 12-5 a.m."""
    if marker in _NIGHT:
        return 0 if hour == 12 else hour + 12 if hour >= 6 else hour
    if _MERIDIEM.get(marker):
        return hour if hour == 12 else hour + 12
    return 0 if hour == 12 else hour


def _zone(t: str) -> tuple[tzinfo | None, bool]:
    """The zone a line states and whether it is UTC: "GMT+0400", "(GMT)", "بتوقيت مكة"."""
    m = OFFSET.search(t)
    if m:
        if not m.group(1):
            return UTC, True
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        minutes = -minutes if m.group(1) == "-" else minutes
        return (UTC, True) if minutes == 0 else (_fixed(minutes), False)
    m = PLACE.search(t)
    if m:
        name = _PLACES[_norm_space(m.group(1))]
        return (UTC, True) if name == "UTC" else (ZoneInfo(name), False)
    return None, False


@lru_cache(maxsize=64)
def _fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def _relative(t: str, now: datetime | None, clock: time | None) -> Stamp | None:
    """Relative dates anchored to `now`: 'منذ 3 ساعات', 'قبل دقيقتين', 'أمس 10:30 م'."""
    if now is None:
        return None
    ago = _ago(t)
    if ago is not None:
        instant = (now.astimezone(UTC) - ago).astimezone(now.tzinfo)
        return Stamp(instant, True, now.tzinfo, relative=True)
    m = DAY_WORD.search(t)
    if m and (clock is not None or t.strip(" .,:-|") == m.group(1)):
        day = now.date() - timedelta(days=_DAYS[_norm_space(m.group(1))])
        wall = datetime.combine(day, clock or time(), tzinfo=now.tzinfo)
        return Stamp(wall, clock is not None, now.tzinfo, relative=True)
    return None


def _ago(t: str) -> timedelta | None:
    m = RELATIVE.search(t) or AGO.search(t)
    if m is None:
        short = len(t.split()) <= 4  # "منذ قليل", "الآن": the line itself, not a phrase in it
        return timedelta(0) if short and NOW_WORD.search(t) else None
    unit, count_word = _norm_space(m.group(2)), m.group(1)
    if count_word:
        count = int(count_word) if count_word.isdigit() else _NUMBERS[_norm_space(count_word)]
    elif unit in _DUALS:
        count = 2
    elif unit in _SINGULARS:
        count = 1
    else:
        return None  # "منذ ساعات": hours ago, how many not said
    return timedelta(seconds=count * _UNITS[unit])
