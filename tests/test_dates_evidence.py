"""Dates as weighed evidence (pipelines/dates/evidence.py and stage.py): candidates that agree on
the day reinforce each other, a machine date contradicted by the page loses, the guards, the
zone a page shows, relative and Hijri lines, and the published_confidence column."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.dates.stage import dates
from pipelines.store.migration import migrate
from pipelines.store.schema import SCHEMA_VERSION, file_schema, json_row

FETCHED = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def page(published: list[tuple[str, str]], zone: str | None = "Africa/Cairo",
         fetched: datetime = FETCHED, first_article: date | None = None) -> dict:
    return {"site_timezone": zone, "fetched_at": fetched, "site_overrides": {},
            "site_first_article": first_article, "published_candidates": published,
            "modified_candidates": []}


def test_a_machine_date_contradicted_by_the_visible_line_and_the_url_loses():
    article = dates(page([("jsonld", "2026-11-25T10:00:00+02:00"),
                          ("visible", "الأحد 22 نوفمبر 2026 - 09:15 ص"),
                          ("url", "https://news.example/2026/11/22/story")]))
    assert article["published_local"] == "2026-11-22T09:15:00+02:00"
    assert article["published_source"] == "visible"
    assert 0.5 < article["published_confidence"] < 1.0


def test_sources_that_agree_give_full_confidence_and_the_most_trusted_instant():
    article = dates(page([("meta:article:published_time", "2026-11-22T07:15:00Z"),
                          ("visible", "22 نوفمبر 2026 09:15 ص"),
                          ("url", "https://news.example/2026/11/22/story")]))
    assert article["published"] == datetime(2026, 11, 22, 7, 15, tzinfo=UTC)
    assert article["published_source"] == "meta:article:published_time"
    assert article["published_confidence"] == 1.0


def test_one_wrong_machine_date_alone_keeps_the_day_it_states():
    article = dates(page([("jsonld", "2026-11-25T10:00:00+02:00"),
                          ("visible", "22 نوفمبر 2026")]))
    assert article["published_local"] == "2026-11-25T10:00:00+02:00"


def test_a_publication_time_at_the_fetch_time_is_a_render_time_and_yields_to_the_page():
    rendered = FETCHED.astimezone().isoformat()
    article = dates(page([("jsonld", rendered), ("meta:article:published_time", rendered),
                          ("visible", "نشر في: 20/11/2026 - 10:01")]))
    assert article["published_local"] == "2026-11-20T10:01:00+02:00"


def test_a_utc_time_on_a_site_of_unknown_zone_takes_the_day_the_page_shows():
    article = dates(page([("jsonld", "2026-11-21T23:30:00Z"), ("visible", "22 نوفمبر 2026")],
                         zone=None))
    assert article["published"] == datetime(2026, 11, 21, 23, 30, tzinfo=UTC)  # the instant
    assert article["published_local"].startswith("2026-11-22T")  # on the day the page shows
    assert article["published_reading"] == "inferred_day"
    alone = dates(page([("jsonld", "2026-11-21T23:30:00Z")], zone=None))
    assert alone["published_local"] == "2026-11-21T23:30:00+00:00"


def test_a_site_of_unknown_zone_reads_its_visible_times_in_the_offset_its_data_states():
    article = dates(page([("jsonld", "2026-11-22"), ("meta:article:modified_time",
                                                     "2026-11-23T11:00:00+03:00"),
                          ("visible", "22 نوفمبر 2026 - 09:15 ص")], zone=None))
    assert article["published_local"] == "2026-11-22T09:15:00+03:00"
    assert article["published_reading"] == "page_offset"


def test_dates_before_the_sites_first_article_or_1990_are_not_believed():
    article = dates(page([("jsonld", "2009-05-01T10:00:00+02:00"),
                          ("visible", "1 مايو 2016 10:00 ص")], first_article=date(2012, 3, 1)))
    assert article["published_local"] == "2016-05-01T10:00:00+02:00"  # no DST in 2016
    article = dates(page([("jsonld", "1989-05-01T10:00:00+02:00")]))
    assert article["published"] is None and article["dates_rejected"] == ["jsonld"]


@pytest.mark.parametrize("zone", ["Africa/Cairo", "America/New_York", None])
@pytest.mark.parametrize("placeholder", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00-05:00",
                                         "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+14:00"])
def test_a_placeholder_date_at_the_calendars_ends_is_refused_not_a_crash(placeholder, zone):
    article = dates(page([("jsonld", placeholder), ("visible", "22 نوفمبر 2026 09:15 ص")],
                         zone=zone))
    assert article["published_local"].startswith("2026-11-22T09:15")
    assert article["dates_rejected"] == ["jsonld"]


def test_a_day_at_the_head_of_a_long_digit_run_in_the_url_is_weak_evidence():
    article = dates(page([("url", "https://news.example/world/202611151044893040-story/"),
                          ("trafilatura", "2026-11-20")]))
    assert article["published_local"].startswith("2026-11-20")
    article = dates(page([("url", "https://news.example/world/202611151044893040-story/")]))
    assert article["published_local"].startswith("2026-11-15")  # alone, it still says a day


def test_a_year_a_section_and_a_day_in_the_path_is_not_read_as_a_date():
    # /2013/middle_east/8/3/ was one site's form: the numbers after a section are no date
    article = dates(page([("url", "https://news.example/2013/middle_east/8/3/story.html")]))
    assert article["published"] is None


def test_relative_lines_are_read_against_the_fetch_time():
    article = dates(page([("visible", "منذ ساعتين")]))
    assert article["published"] == datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
    article = dates(page([("visible", "أمس 10:30 م")]))
    assert article["published_local"] == "2026-11-28T22:30:00+02:00"


def test_a_hijri_line_converts_and_the_gregorian_date_beside_it_wins():
    article = dates(page([("visible", "الأحد 7 جمادى الأولى 1448 هـ")]))
    assert article["published_local"].startswith("2026-10-18")
    article = dates(page([("visible", "8 جمادى الأولى 1448 هـ الموافق 20 أكتوبر 2026")]))
    assert article["published_local"].startswith("2026-10-20")


def test_schema_5_columns_are_written_and_older_files_gain_them_empty(tmp_path):
    row = json_row(dates(page([("jsonld", "2026-11-22T10:00:00+02:00")])))
    assert row["published_confidence"] == 1.0
    root = tmp_path / "articles"
    folder = root / "site=s" / "month=2026-10"
    folder.mkdir(parents=True)
    schema = file_schema("articles")
    old = schema.remove(schema.get_field_index("published_confidence"))
    old = old.remove(old.get_field_index("agency"))
    old = old.with_metadata({"akhbar.schema_version": "4"})
    pq.write_table(pa.Table.from_pylist([{"url": "http://h/old"}], schema=old),
                   folder / "s-old-0000.parquet")
    assert migrate(root, "articles")
    table = pq.read_table(folder / "s-old-0000.parquet")
    assert table.column("published_confidence").to_pylist() == [None]
    assert table.column("agency").to_pylist() == [None]
    assert table.schema.metadata[b"akhbar.schema_version"].decode() == SCHEMA_VERSION


@pytest.mark.parametrize(("line", "day"), [
    ("5. November 2021, 15:25 Uhr", "2021-11-05"),  # German day with a dot
    ("martes 2 de abril de 2020", "2020-04-02"),  # Spanish "de"
    ("Domenica 06 Dicembre 2020 | 00:36", "2020-12-06"),
    ("2020. 06. 04. 11:27", "2020-06-04"),  # Hungarian Y. m. d.
    ("Von der Redaktion 4. 2. 2022.", "2022-02-04"),  # a closing dot is no decimal
    ("18 mars 2023 à 03h51", "2023-03-18"),  # French hours
    ("15 августа 2016, 13:43", "2016-08-15"),
])
def test_date_lines_of_sites_in_other_languages_are_read(line: str, day: str):
    article = dates(page([("visible", line)], zone="UTC"))
    assert article["published_local"].startswith(day)


def test_microdata_and_rdfa_dates_on_page_elements_are_machine_candidates():
    from lxml import html as lxml_html

    from pipelines.extract.datecandidates import published_candidates
    from pipelines.extract.metadata import read_metadata

    tree = lxml_html.document_fromstring("""<html><head></head><body><h1>عنوان الخبر هنا</h1>
      <span property="dc:date dc:created" content="2019-02-08T00:00:00+01:00">الجمعة 8 فيفري
      2019</span><p>نص</p></body></html>""")
    assert ("meta:dc:date", "2019-02-08T00:00:00+01:00") in published_candidates(
        read_metadata(tree))


def test_htmldate_searches_only_pages_that_state_no_machine_date():
    from pipelines.extract.datecandidates import read_published_candidates
    from pipelines.extract.page import read_page

    body = ("<p>" + "نص الخبر هنا وهو طويل بما يكفي. " * 20 + "</p>"
            '<div class="footer-note">Copyright 2020 - last edit 2020/03/03</div>')

    def sources(head: str) -> list[tuple[str, str]]:
        html = f"<html><head>{head}</head><body><h1>عنوان الخبر هنا</h1>{body}</body></html>"
        page = read_page({"url": "https://news.example/a", "headers": {}, "body": html.encode()})
        return read_published_candidates(page)

    assert ("htmldate", "2020-03-03") in sources("")
    machine = '<meta property="article:published_time" content="2020-03-04T10:00:00Z">'
    assert "htmldate" not in [source for source, _ in sources(machine)]


def test_a_site_declared_url_date_form_dates_its_pages_and_others_do_not_read_it():
    url = "https://news.example/2026/world/11/3/story/index.html"
    candidates = [("url", url), ("visible", "آخر تحديث: الأربعاء 25 نوفمبر 2026")]
    assert dates(page(list(candidates)))["published"] is None  # a form no rule reads in general
    declared = page(list(candidates))
    declared["site_overrides"] = {
        "url_date": r"^/(?P<year>\d{4})/[a-z]+/(?P<month>\d{1,2})/(?P<day>\d{1,2})/"}
    article = dates(declared)
    assert article["published_local"].startswith("2026-11-03")
    assert article["published_source"] == "url"
