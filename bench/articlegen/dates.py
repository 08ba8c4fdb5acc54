"""Date lines as Arabic news pages print them: the month names of each region, weekdays,
Hijri beside Gregorian, Eastern Arabic digits, 12-hour clocks with ص/م, relative forms and
update lines. Each rendering says whether it states a time of day."""

from __future__ import annotations

import random
from datetime import date, datetime

STANDARD = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
          "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MOROCCO = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
           "أكتوبر", "نونبر", "دجنبر"]
ALGERIA = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
           "أكتوبر", "نوفمبر", "ديسمبر"]
LATIN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"]
FRENCH = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
HIJRI = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
         "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MONTHS = {"standard": STANDARD, "levant": LEVANT, "morocco": MOROCCO, "algeria": ALGERIA}

# Styles a template may ask for; each renders one datetime.
STYLES = ("plain", "weekday", "weekday_time12", "numeric_time", "iso_like", "levant",
          "levant_dual", "morocco", "algeria", "latin", "latin_short", "french", "hijri",
          "eastern", "relative", "time24_first")


def eastern(text: str) -> str:
    return text.translate(EASTERN)


def hijri(day: date) -> tuple[int, int, int]:
    """(year, month, day) of the tabular Islamic calendar (may differ by a day from the
    sighted calendar, as on many pages)."""
    jd = day.toordinal() + 1721425
    n = jd - 1948440 + 10632
    cycles = (n - 1) // 10631
    n = n - 10631 * cycles + 354
    j = ((10985 - n) // 5316) * ((50 * n) // 17719) + (n // 5670) * ((43 * n) // 15238)
    n = n - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    month = (24 * n) // 709
    return 30 * cycles + j - 30, month, n - (709 * month) // 24


def clock12(dt: datetime, rng: random.Random) -> str:
    hour = dt.hour % 12 or 12
    if rng.random() < 0.7:
        return f"{hour:02d}:{dt.minute:02d} {'ص' if dt.hour < 12 else 'م'}"
    return f"{hour}:{dt.minute:02d} {'صباحا' if dt.hour < 12 else 'مساءً'}"


def relative(dt: datetime, fetched: datetime) -> str:
    """'منذ ...' of `dt` seen at `fetched` (the floor of the hours, or minutes under one hour)."""
    minutes = int((fetched - dt).total_seconds() // 60)
    if minutes < 60:
        return f"منذ {minutes} دقيقة"
    hours = minutes // 60
    return {1: "منذ ساعة", 2: "منذ ساعتين"}.get(
        hours, f"منذ {hours} {'ساعات' if hours <= 10 else 'ساعة'}")


def render(dt: datetime, style: str, rng: random.Random,
           fetched: datetime | None = None) -> tuple[str, bool]:
    """(text, states a time) of the local datetime `dt` in `style`."""
    d, m, y = dt.day, dt.month, dt.year
    wd = WEEKDAYS[dt.weekday()]
    sep = rng.choice([" ", "، ", " - "])
    t24 = f"{dt.hour:02d}:{dt.minute:02d}"
    if style == "plain":
        return f"{d} {STANDARD[m - 1]} {y}", False
    if style == "weekday":
        return f"{wd}{sep}{d:02d} {STANDARD[m - 1]} {y}", False
    if style == "weekday_time12":
        return f"{wd}{sep}{d:02d} {STANDARD[m - 1]} {y} {clock12(dt, rng)}", True
    if style == "numeric_time":
        return rng.choice([f"{clock12(dt, rng)} - {d:02d}/{m:02d}/{y}",
                           f"{d:02d}/{m:02d}/{y} - {t24}", f"{d:02d}-{m:02d}-{y} {t24}"]), True
    if style == "iso_like":
        return f"{y}/{m:02d}/{d:02d} {t24}", True
    if style == "levant":
        return f"{wd} {d} {LEVANT[m - 1]} {y}{sep}{t24}", True
    if style == "levant_dual":
        both = rng.choice([f"{LEVANT[m - 1]} ({STANDARD[m - 1]})",
                           f"{STANDARD[m - 1]}/{LEVANT[m - 1]}"])
        return f"{d} {both} {y}", False
    if style == "morocco":
        return f"{wd} {d} {MOROCCO[m - 1]} {y} - {t24}", True
    if style == "algeria":
        return f"{wd} {d:02d} {ALGERIA[m - 1]} {y}", False
    if style == "latin":
        hour = dt.hour % 12 or 12
        half = "AM" if dt.hour < 12 else "PM"
        return f"{LATIN[m - 1]} {d}, {y} {hour}:{dt.minute:02d} {half}", True
    if style == "latin_short":
        return f"{d:02d} {LATIN[m - 1][:3]} {y}", False
    if style == "french":
        return f"{d:02d} {FRENCH[m - 1]} {y} à {dt.hour:02d}h{dt.minute:02d}", True
    if style == "hijri":
        hy, hm, hd = hijri(dt.date())
        return (f"{wd} {hd} {HIJRI[hm - 1]} {hy} هـ{sep}الموافق {d} {STANDARD[m - 1]} {y} م"), False
    if style == "eastern":
        return eastern(f"{wd} {d} {STANDARD[m - 1]} {y} - {clock12(dt, rng)}"), True
    if style == "time24_first":
        return f"{t24} {wd} {d}/{m}/{y}", True
    if style == "relative":
        assert fetched is not None
        return relative(dt, fetched), False
    raise ValueError(style)


PUBLISHED_LABELS = ["", "", "نشر في: ", "نُشر بتاريخ ", "تاريخ النشر: ", "بتاريخ: ", "نشر "]
UPDATED_LABELS = ["آخر تحديث: ", "تم التحديث: ", "حُدّث في ", "تحديث "]


def label(rng: random.Random, updated: bool = False) -> str:
    return rng.choice(UPDATED_LABELS if updated else PUBLISHED_LABELS)
