"""Words of Arabic (and the Latin-script) date lines as data: month names of every naming system,
Hijri months, 12-hour markers, relative units and named timezones, plus the folding every table
and every input goes through (Eastern Arabic digits to ASCII, alef/yeh variants, no diacritics).

Tables are written as sites print them; `fold` is applied to the keys when the regexes are built.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TypeVar

from pipelines.arabic import (
    ASCII_DIGITS,
    BIDI_CONTROLS,
    COMMA,
    DECIMAL_SEPARATOR,
    FOLDED_LETTERS,
    HARAKAT,
    SUPERSCRIPT_ALEF,
    TATWEEL,
    ZWJ,
    ZWNJ,
    members,
)

logger = logging.getLogger(__name__)
V = TypeVar("V")

_TABLE: dict[str, str | None] = {**ASCII_DIGITS, **FOLDED_LETTERS, COMMA: ",",
                                 DECIMAL_SEPARATOR: ".", "\u00a0": " ", "\u202f": " "}
_TABLE.update(dict.fromkeys(TATWEEL + ZWNJ + ZWJ + SUPERSCRIPT_ALEF + members(*BIDI_CONTROLS)))
_TABLE.update(dict.fromkeys(members(HARAKAT)))  # tanwin, harakat, shadda, sukun
_FOLD = str.maketrans(_TABLE)


def fold(text: str) -> str:
    """Matching form: ASCII digits, one alef, ya for alef maqsura, no harakat or tatweel,
    Latin lower-cased, Arabic comma as ',', whitespace collapsed."""
    return " ".join(text.translate(_FOLD).lower().split())


GREGORIAN_MONTHS: dict[str, int] = {
    # Egypt, the Gulf, Sudan, Yemen (transcribed from English)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "أغسطوس": 8, "سبتمبر": 9, "أكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    # Levant and Iraq (Syriac names)
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين أول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11, "كانون الأول": 12, "كانون أول": 12,
    # Algeria and Tunisia (transcribed from French)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "جويليه": 7,
    "أوت": 8,
    # Morocco
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # Latin script, seen in the same date lines (English, French)
    "january": 1, "jan": 1, "janvier": 1, "janv": 1, "february": 2, "feb": 2, "février": 2,
    "fevrier": 2, "févr": 2, "march": 3, "mar": 3, "mars": 3, "april": 4, "apr": 4, "avril": 4,
    "avr": 4, "may": 5, "mai": 5, "june": 6, "jun": 6, "juin": 6, "july": 7, "jul": 7,
    "juillet": 7, "juil": 7, "august": 8, "aug": 8, "août": 8, "aout": 8, "september": 9,
    "sept": 9, "sep": 9, "septembre": 9, "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11, "december": 12, "dec": 12, "décembre": 12,
    "decembre": 12, "déc": 12,
}

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "المحرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع أول": 3, "ربيع الثاني": 4,
    "ربيع ثاني": 4, "ربيع الآخر": 4, "جمادى الأولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6,
    "جمادى الثانية": 6, "جمادى الآخر": 6, "جمادى الثاني": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}

# 12-hour markers: True = after noon. "ليلا" (at night) is handled apart: 12 and 1-5 are a.m.
MERIDIEM: dict[str, bool] = {
    "ص": False, "صباحا": False, "صباح": False, "الصباح": False, "فجرا": False, "الفجر": False,
    "م": True, "مساء": True, "مساءا": True, "المساء": True, "ظهرا": True, "الظهر": True,
    "عصرا": True, "العصر": True, "am": False, "a.m.": False, "a.m": False, "pm": True,
    "p.m.": True, "p.m": True, "ليلا": True, "الليل": True,
}
NIGHT = {"ليلا", "الليل"}

# relative units -> seconds; the dual forms (ساعتين ...) mean two without a number
UNIT_SECONDS: dict[str, int] = {
    "ثانية": 1, "ثانيه": 1, "ثوان": 1, "ثواني": 1, "ثانيتين": 1, "ثانيتان": 1,
    "دقيقة": 60, "دقيقه": 60, "دقائق": 60, "دقيقتين": 60, "دقيقتان": 60,
    "ساعة": 3600, "ساعه": 3600, "ساعات": 3600, "ساعتين": 3600, "ساعتان": 3600,
    "يوم": 86400, "أيام": 86400, "يومين": 86400, "يومان": 86400,
    "أسبوع": 604800, "أسابيع": 604800, "أسبوعين": 604800, "أسبوعان": 604800,
    "شهر": 2592000, "أشهر": 2592000, "شهور": 2592000, "شهرين": 2592000, "شهران": 2592000,
    "سنة": 31536000, "سنه": 31536000, "سنوات": 31536000, "سنتين": 31536000, "عام": 31536000,
    "أعوام": 31536000, "عامين": 31536000,
    "second": 1, "seconds": 1, "minute": 60, "minutes": 60, "min": 60, "mins": 60,
    "hour": 3600, "hours": 3600, "day": 86400, "days": 86400, "week": 604800, "weeks": 604800,
}
SINGULAR_UNITS = {"ثانية", "ثانيه", "دقيقة", "دقيقه", "ساعة", "ساعه", "يوم", "أسبوع", "شهر",
                  "سنة", "سنه", "عام", "second", "minute", "min", "hour", "day", "week"}
DUAL_UNITS = {"ثانيتين", "ثانيتان", "دقيقتين", "دقيقتان", "ساعتين", "ساعتان", "يومين", "يومان",
              "أسبوعين", "أسبوعان", "شهرين", "شهران", "سنتين", "عامين"}
NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحدة": 1, "اثنين": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4,
    "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمان": 8,
    "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "an": 1, "a": 1, "one": 1,
}
# "a moment ago": the fetch time itself
JUST_NOW = ("منذ لحظات", "منذ قليل", "قبل قليل", "قبل لحظات", "الآن", "just now")
# days back from the fetch day
DAY_WORDS: dict[str, int] = {"اليوم": 0, "أمس": 1, "البارحة": 1, "أول أمس": 2,
                             "أول من أمس": 2, "today": 0, "yesterday": 1}

# "بتوقيت <place>": the place's IANA zone (ambiguous names such as عمان or طرابلس are left out)
ZONE_PLACES: dict[str, str] = {
    "غرينتش": "UTC", "جرينتش": "UTC", "غرينيتش": "UTC", "جرينيتش": "UTC",
    "مكة المكرمة": "Asia/Riyadh", "مكة": "Asia/Riyadh", "الرياض": "Asia/Riyadh",
    "السعودية": "Asia/Riyadh", "القاهرة": "Africa/Cairo", "مصر": "Africa/Cairo",
    "بيروت": "Asia/Beirut", "لبنان": "Asia/Beirut", "دمشق": "Asia/Damascus",
    "بغداد": "Asia/Baghdad", "الدوحة": "Asia/Qatar", "أبوظبي": "Asia/Dubai",
    "أبو ظبي": "Asia/Dubai", "الإمارات": "Asia/Dubai", "دبي": "Asia/Dubai",
    "الكويت": "Asia/Kuwait", "المنامة": "Asia/Bahrain", "البحرين": "Asia/Bahrain",
    "مسقط": "Asia/Muscat", "القدس": "Asia/Jerusalem", "تونس": "Africa/Tunis",
    "الجزائر": "Africa/Algiers", "الرباط": "Africa/Casablanca", "المغرب": "Africa/Casablanca",
    "الخرطوم": "Africa/Khartoum", "صنعاء": "Asia/Aden", "موسكو": "Europe/Moscow",
}

# words that make a visible date line an update stamp ("last updated ...")
UPDATE_WORDS = ("آخر تحديث", "اخر تحديث", "تم التحديث", "تحديث:", "محدثة", "محدث", "عدل في",
                "آخر تعديل", "updated", "last update", "modifié", "mis à jour")


def folded(table: dict[str, V]) -> dict[str, V]:
    """The table with folded keys."""
    return {fold(k): v for k, v in table.items()}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of folded words, longest first, inner spaces matching any spacing."""
    keys = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in k.split(" ")) for k in keys)
