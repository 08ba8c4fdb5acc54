"""The date-string table (tests/data/date_strings.tsv): every form the dates stage must read, each
with the UTC instant (or the day) it means, DST edges of Cairo, Beirut and Amman included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipelines.dates.stage import parse_date

TABLE = Path(__file__).resolve().parent / "data" / "date_strings.tsv"


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == 4, f"line {number}: {len(fields)} columns, want 4"
        rows.append(tuple(fields))
    return rows


ROWS = _rows()


def test_the_table_covers_every_form_in_the_issue():
    raws = [raw for raw, *_ in ROWS]
    assert len(ROWS) >= 120
    for needle in ("يناير", "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
                   "آب", "أيلول", "تشرين الأول", "جانفي", "فيفري", "أفريل", "ماي", "جوان",
                   "جويلية", "أوت", "٠", "۰", " ص", " م", "صباح", "مساء", "رمضان", "هـ", "منذ",
                   "دقيقتين", "أمس"):
        assert any(needle in raw for raw in raws), needle
    zones = {zone for _, zone, *_ in ROWS}
    assert {"Africa/Cairo", "Asia/Beirut", "Asia/Amman"} <= zones


@pytest.mark.parametrize(("raw", "zone", "fetched", "expected"), ROWS,
                         ids=[f"{i}:{r[0][:30]}" for i, r in enumerate(ROWS)])
def test_date_string(raw: str, zone: str, fetched: str, expected: str):
    tz = ZoneInfo(zone)
    now = None if fetched == "-" else datetime.fromisoformat(fetched)
    got = parse_date(raw, tz, now)
    if expected == "none":
        assert got is None
    elif len(expected) == 10:
        assert got is not None
        local = got.astimezone(tz)
        assert (local.date(), local.time()) == (date.fromisoformat(expected), time(0))
    else:
        assert got is not None
        assert got.astimezone(UTC) == datetime.fromisoformat(expected)
