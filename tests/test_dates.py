from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pipelines.dates import dates, parse_date

CAIRO = ZoneInfo("Africa/Cairo")
FETCHED = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_explicit_offsets_win_over_the_site_timezone():
    assert parse_date("2026-11-20T14:30:00+02:00", CAIRO) == utc(2026, 11, 20, 12, 30)
    assert parse_date("2026-11-20T12:30:00Z", CAIRO) == utc(2026, 11, 20, 12, 30)
    assert parse_date("2026-11-20T14:30:00+0200", CAIRO) == utc(2026, 11, 20, 12, 30)


def test_local_times_use_the_site_timezone_with_daylight_saving():
    summer = parse_date("2026-10-01 10:00:00", CAIRO)  # Cairo is UTC+3 in summer time
    winter = parse_date("2026-11-20T10:00", CAIRO)  # and UTC+2 after the last Thursday of Oct
    assert summer == utc(2026, 10, 1, 7, 0)
    assert winter == utc(2026, 11, 20, 8, 0)


def test_rfc822_feed_dates_and_plain_days():
    assert parse_date("Fri, 20 Nov 2026 14:30:00 +0200", CAIRO) == utc(2026, 11, 20, 12, 30)
    assert parse_date("2026-11-20", CAIRO) == utc(2026, 11, 19, 22, 0)
    assert parse_date("قبل ساعة", CAIRO) is None


def test_first_trusted_candidate_is_chosen_and_recorded():
    article = dates({
        "site_timezone": "Africa/Cairo", "fetched_at": FETCHED,
        "published_candidates": [("jsonld", "not a date"), ("meta:article:published_time",
                                                            "2026-11-20T12:30:00Z"),
                                 ("feed", "Fri, 20 Nov 2026 10:00:00 +0200")],
        "modified_candidates": [("jsonld", "2026-11-21T09:00:00+02:00")],
    })
    assert article["published"] == utc(2026, 11, 20, 12, 30)
    assert article["published_source"] == "meta:article:published_time"
    assert article["published_raw"] == "2026-11-20T12:30:00Z"
    assert article["modified"] == utc(2026, 11, 21, 7, 0)
    assert article["modified_local"] == "2026-11-21T09:00:00+02:00"


def test_future_and_ancient_dates_are_refused_and_the_next_source_used():
    article = dates({
        "site_timezone": "Africa/Cairo", "fetched_at": FETCHED,
        "published_candidates": [("jsonld", "2027-03-01T10:00:00+02:00"),
                                 ("meta:date", "1970-01-01T00:00:00Z"),
                                 ("sitemap", "2026-11-28T10:00:00+02:00")],
    })
    assert article["published"] == utc(2026, 11, 28, 8, 0)
    assert article["published_source"] == "sitemap"
    assert article["dates_rejected"] == ["jsonld", "meta:date"]


def test_no_date_gives_nulls_and_a_modified_before_published_is_dropped():
    article = dates({"fetched_at": FETCHED, "published_candidates": [],
                     "modified_candidates": []})
    assert article["published"] is None and article["published_source"] is None
    article = dates({"fetched_at": FETCHED,
                     "published_candidates": [("jsonld", "2026-11-20T10:00:00Z")],
                     "modified_candidates": [("jsonld", "2026-11-19T10:00:00Z")]})
    assert article["modified"] is None
