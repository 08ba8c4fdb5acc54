from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from pipelines.dates.stage import dates, parse_date

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


# --- Arabic date lines, sources, readings -------------------------------------------------------

def page(published: list[tuple[str, str]], modified: list[tuple[str, str]] | None = None,
         zone: str = "Africa/Cairo", overrides: dict | None = None,
         fetched: datetime = FETCHED) -> dict:
    return {"site_timezone": zone, "fetched_at": fetched, "site_overrides": overrides or {},
            "published_candidates": published, "modified_candidates": modified or []}


def test_arabic_meta_and_visible_lines_are_read_in_the_site_zone():
    article = dates(page([("meta:article:published_time", "الأربعاء، 07 أكتوبر 2026 - 12:09 م")]))
    assert article["published"] == utc(2026, 10, 7, 9, 9)  # Cairo summer time, UTC+3
    assert article["published_local"] == "2026-10-07T12:09:00+03:00"
    assert article["published_reading"] == "site_tz"


def test_a_site_without_a_zone_reads_local_times_as_utc_and_says_so():
    article = dates(page([("visible", "5 يناير 2024 10:00")], zone="UTC"))
    assert article["published"] == utc(2024, 1, 5, 10, 0)
    assert article["published_reading"] == "utc_assumed"
    article = dates(page([("visible", "5 يناير 2024")], zone=None))
    assert article["published_reading"] == "utc_assumed,day"


def test_local_time_written_with_a_utc_marker_is_detected_from_the_visible_line():
    article = dates(page([("meta:article:published_time", "2026-03-10T09:23:13Z"),
                          ("visible", "الثلاثاء، 10 مارس 2026 09:23 ص")],
                         [("meta:article:modified_time", "2026-03-10T11:00:00Z")]))
    assert article["published"] == utc(2026, 3, 10, 7, 23, 13)  # 09:23:13 Cairo (UTC+2)
    assert article["published_local"] == "2026-03-10T09:23:13+02:00"
    assert article["published_raw"] == "2026-03-10T09:23:13Z"
    assert article["published_source"] == "meta:article:published_time"
    assert article["published_reading"] == "local_marked_utc:detected"
    assert article["modified"] == utc(2026, 3, 10, 9, 0)  # the page's other Z times too
    assert article["modified_reading"] == "local_marked_utc:detected"


def test_a_utc_marker_confirmed_by_the_visible_line_is_kept_even_when_declared_wrong():
    candidates = [("jsonld", "2026-01-08T11:42:50+00:00"), ("visible", "2026-01-08 | 13:42")]
    declared = {"dates": {"utc_marker_is_local": True}}
    for overrides in ({}, declared):
        article = dates(page(candidates, zone="Asia/Beirut", overrides=overrides))
        assert article["published"] == utc(2026, 1, 8, 11, 42, 50)
        assert article["published_reading"] == "offset"


def test_a_visible_line_that_matches_neither_reading_changes_nothing():
    article = dates(page([("jsonld", "2026-01-08T11:42:50+00:00"),
                          ("visible", "2026-01-08 | 12:42")], zone="Asia/Beirut"))
    assert article["published"] == utc(2026, 1, 8, 11, 42, 50)
    assert article["published_reading"] == "offset"


def test_a_declared_quirk_applies_without_a_visible_line():
    article = dates(page([("meta:article:published_time", "2026-03-10T09:23:13Z")],
                         overrides={"dates": {"utc_marker_is_local": True}}))
    assert article["published"] == utc(2026, 3, 10, 7, 23, 13)
    assert article["published_reading"] == "local_marked_utc:declared"


def test_machine_times_without_offset_that_are_utc_are_detected():
    article = dates(page([("meta:pubdate", "2026-03-17T17:27:41Z"),
                          ("visible", "GMT 17:27 17.03.2026"),
                          ("visible", "(محدثة GMT 17:49 17.03.2026)")],
                         [("time_element", "2026-03-17T17:49")], zone="Europe/Moscow"))
    assert article["published"] == utc(2026, 3, 17, 17, 27, 41)
    assert article["modified"] == utc(2026, 3, 17, 17, 49)
    assert article["modified_reading"] == "unmarked_utc:detected"


def test_update_stamps_are_modified_candidates_and_combined_lines_are_split():
    article = dates(page([("visible", "الأربعاء، 28 آب 2026، آخر تحديث 14:00 (GMT+0400)"),
                          ("url", "https://x.example/2026/8/3/story/index.html")],
                         zone="Asia/Dubai"))
    assert article["published"].date() == date(2026, 8, 2)  # 3 August, local midnight
    assert article["published_local"] == "2026-08-03T00:00:00+04:00"
    assert article["published_reading"] == "site_tz,day"
    assert article["modified"] == utc(2026, 8, 28, 10, 0)
    article = dates(page([("visible", "نشر في 3 مايو 2026 10:00 ص | آخر تحديث 4 مايو 2026 "
                                      "12:00 م")]))
    assert article["published"] == utc(2026, 5, 3, 7, 0)
    assert article["published_raw"] == "نشر في 3 مايو 2026 10:00 ص"
    assert article["modified"] == utc(2026, 5, 4, 9, 0)


def test_a_day_takes_the_time_of_a_later_candidate_on_the_same_day():
    article = dates(page([("jsonld", "2026-11-20"), ("visible", "20 نوفمبر 2026 - 3:30 م"),
                          ("url", "https://x.example/2026/11/20/a")]))
    assert article["published"] == utc(2026, 11, 20, 13, 30)
    assert article["published_source"] == "visible"
    article = dates(page([("jsonld", "2026-11-20"), ("visible", "21 نوفمبر 2026 - 3:30 م")]))
    assert article["published_local"] == "2026-11-20T00:00:00+02:00"
    assert article["published_source"] == "jsonld"


def test_guards_apply_to_every_form_and_relative_dates_use_the_fetch_time():
    article = dates(page([("visible", "الأحد 3 يناير 2027 10:00 ص"), ("visible", "منذ 3 ساعات")]))
    assert article["published"] == utc(2026, 11, 29, 5, 0)
    assert article["published_reading"] == "relative"
    assert article["dates_rejected"] == ["visible"]
    article = dates(page([("url", "https://x.example/1985/3/4/a"),
                          ("trafilatura", "2026-11-28")]))
    assert article["published_source"] == "trafilatura"
    assert article["dates_rejected"] == ["url"]


def test_a_modification_before_the_publication_is_passed_over_for_the_next():
    article = dates(page([("jsonld", "2026-11-20T10:00:00+02:00")],
                         [("jsonld", "2026-11-19T10:00:00+02:00"),
                          ("visible", "آخر تحديث: 21 نوفمبر 2026 09:00 ص")]))
    assert article["modified"] == utc(2026, 11, 21, 7, 0)
    assert article["modified_source"] == "visible"


def test_the_scrapy_adapter_counts_rejections_and_readings():
    from types import SimpleNamespace

    from crawler.stages import DatesPipeline

    class Stats(dict):
        def inc_value(self, key: str) -> None:
            self[key] = self.get(key, 0) + 1

    crawler = SimpleNamespace(stats=Stats(), settings=SimpleNamespace(
        getfloat=lambda name, default: 1.0, get=lambda name, default=None: 0))  # no pool
    pipeline = DatesPipeline.from_crawler(crawler)
    item = pipeline.process_item(page([("jsonld", "2026-11-29T12:00:00+02:00"),
                                       ("visible", "منذ ساعة")]))
    assert "dates_rejected" not in item
    assert item["published"] == utc(2026, 11, 29, 7, 0)
    assert crawler.stats == {"akhbar/dates/rejected/jsonld": 1,
                             "akhbar/dates/reading/relative": 1}


def test_hijri_conversion_is_umm_al_qura():
    from pipelines.dates.arabic import hijri_to_gregorian

    assert hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)  # Ramadan 1445 began 11 March
    assert hijri_to_gregorian(1445, 10, 1) == date(2024, 4, 10)  # Eid al-Fitr in Saudi Arabia
    assert hijri_to_gregorian(1445, 13, 1) is None
    assert hijri_to_gregorian(1200, 1, 1) is None  # outside the Umm al-Qura tables


def test_visible_date_lines_put_the_article_date_first_and_leave_header_clocks_out():
    from lxml import html as lxml_html

    from pipelines.extract.metadata import visible_date_lines

    tree = lxml_html.document_fromstring("""<html><body>
      <header><span class="header-date">الأحد 29 نوفمبر 2026 10:05 ص</span></header>
      <div class="sidebar"><span class="date">منذ 3 ساعات</span></div>
      <article><h1>عنوان</h1><div class="post-date">عنوان الخبر هنا
        <span class="date-line">السبت 28 نوفمبر 2026 - 09:00 م</span></div></article>
      <footer><span class="copyright-date">2026 - 2027</span></footer></body></html>""")
    assert visible_date_lines(tree) == ["السبت 28 نوفمبر 2026 - 09:00 م",
                                        "عنوان الخبر هنا السبت 28 نوفمبر 2026 - 09:00 م",
                                        "منذ 3 ساعات"]
    # a <header> that holds the headline is the article's own header, not the site's
    tree = lxml_html.document_fromstring("""<html><body><div class="post">
      <header class="entry-header"><h1>عنوان</h1>
        <span class="posted-on">السبت 28 نوفمبر 2026</span></header></div></body></html>""")
    assert visible_date_lines(tree) == ["السبت 28 نوفمبر 2026"]


def test_a_numeric_date_marked_hijri_gives_way_to_the_gregorian_date_beside_it():
    from pipelines.dates.arabic import parse_text

    for line in ("2/10/1445هـ - 11/4/2024م", "٢/١٠/١٤٤٥ ه الموافق ١١/٤/٢٠٢٤ م"):
        stamp = parse_text(line)
        assert stamp is not None and stamp.wall.date() == date(2024, 4, 11)
    # a word that merely starts with the letter ه is no Hijri mark
    assert parse_text("نشر 11/4/2024 هذا الصباح").wall.date() == date(2024, 4, 11)
