"""Words of Arabic (and the Latin-script) date lines as data: month names of every naming system,
Hijri months, weekdays, 12-hour markers, relative units, named timezones and the label words of
date lines, plus the folding every table and every input goes through (Eastern Arabic digits to
ASCII, alef/yeh variants, no diacritics). Shared by extract (which lines are date lines,
pipelines/extract/datelines.py) and dates (what they say, pipelines/dates/arabic.py).

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
    # the other languages of sites that print Latin-script dates (German, Spanish, Portuguese,
    # Italian, Dutch) and Cyrillic ones (Russian/Ukrainian genitive), for pages beyond Arabic
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mär": 3, "juni": 6,
    "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6,
    "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12, "januari": 1, "februari": 2, "maart": 3,
    "mei": 5, "augustus": 8,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
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

WEEKDAYS: dict[str, int] = {  # Monday = 0, as datetime.weekday()
    "الاثنين": 0, "الإثنين": 0, "اثنين": 0, "الثلاثاء": 1, "ثلاثاء": 1, "الأربعاء": 2,
    "الاربعاء": 2, "أربعاء": 2, "الخميس": 3, "خميس": 3, "الجمعة": 4, "جمعة": 4, "السبت": 5,
    "سبت": 5, "الأحد": 6, "أحد": 6,
    "monday": 0, "mon": 0, "lundi": 0, "tuesday": 1, "tue": 1, "tues": 1, "mardi": 1,
    "wednesday": 2, "wed": 2, "mercredi": 2, "thursday": 3, "thu": 3, "thurs": 3, "jeudi": 3,
    "friday": 4, "fri": 4, "vendredi": 4, "saturday": 5, "sat": 5, "samedi": 5, "sunday": 6,
    "sun": 6, "dimanche": 6,
}

# words that accompany a date in a date line and carry nothing else: labels ("نشر في",
# "published on"), the era and calendar marks (هـ, م, الموافق), "الساعة", "بتوقيت"
DATE_LINE_WORDS = (
    "نشر", "نشرت", "نشر في", "نشر بتاريخ", "تاريخ النشر", "تاريخ", "بتاريخ", "منشور", "في",
    "يوم", "الساعة", "ساعة", "الموافق", "موافق", "هـ", "ه", "م", "ميلادي", "ميلادية", "هجري",
    "هجرية", "توقيت", "بتوقيت", "حسب توقيت", "آخر تحديث", "اخر تحديث", "تحديث", "محدث",
    "تم التحديث", "آخر تعديل", "عدل في", "منذ", "قبل", "حوالي", "نحو", "و", "على",
    "published", "posted", "updated", "last updated", "last update", "on", "at", "publié",
    "publie", "le", "à", "mis à jour", "modifié", "ago", "the", "of", "gmt", "utc",
)
# words that make a date line a publication stamp wherever the page prints it
PUBLISHED_WORDS = ("نشر", "نشرت", "تاريخ النشر", "بتاريخ", "published", "posted", "publié",
                   "publie", "veröffentlicht", "publicado", "pubblicato")
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
