"""Which short texts are date lines (pipelines/extract/datelines.py): the forms Arabic news pages
print under a headline, and texts that only mention a date or look like one."""

from __future__ import annotations

import pytest

from pipelines.extract.datelines import is_date_line

DATE_LINES = [
    "الثلاثاء 3 مارس 2020 - 10:30 ص",  # Egyptian month, weekday, 12-hour time
    "نشر في: 14/02/2021",  # label, d/m/Y
    "نشر بتاريخ 2020/05/06",  # Y/m/d
    "آخر تحديث: 2021-03-04 12:00",  # update label, ISO day and time
    "الأحد، 5 كانون الثاني 2020",  # Levantine two-word month, Arabic comma
    "القاهرة - 3 أيار 2019",  # a place before the date
    "الخميس 12 جوان 2019 على الساعة 14:05",  # Algerian month
    "الجمعة 17 شتنبر 2021 - 18:42",  # Moroccan month
    "١٢ رجب ١٤٤٢ هـ الموافق ٢٤ فبراير ٢٠٢١",  # Hijri with Gregorian, Eastern Arabic digits
    "السبت 2 ذو الحجة 1441 هـ",  # Hijri only
    "منذ ساعتين",  # relative, dual without a number
    "قبل 3 ساعات",
    "أمس 10:30 م",
    "03.06.2020 | 09:15",
    "2020-06-03T10:00:00+03:00",
    "10:30 ص",  # a time alone is a stamp
    "Published on March 3, 2020 at 10:30 am",
    "mardi 3 mars 2020",
    "2 hours ago",
]

NOT_DATE_LINES = [
    "قال الوزير في 3 مارس 2020 إن الحكومة ستعلن خطة جديدة للإصلاح",  # a sentence with a date
    "وصل الوفد إلى العاصمة قبل أن يبدأ الاجتماع",  # قبل as a conjunction
    "الأحد الماضي التقى الوزير بنظرائه العرب",  # a weekday in prose
    "المباراة انتهت 3-1 لصالح الفريق الضيف",  # a score
    "السعر 1500 جنيه",
    "كتب: سامي عبد الرحيم",  # a byline
    "تصوير: ليلى حسن",  # a photo credit
    "اقرأ أيضا: الوزير يلتقي نظيره",
    "",
]


@pytest.mark.parametrize("text", DATE_LINES)
def test_date_lines_in_every_form_are_recognised(text: str) -> None:
    assert is_date_line(text)


@pytest.mark.parametrize("text", NOT_DATE_LINES)
def test_texts_that_only_mention_a_date_are_not_date_lines(text: str) -> None:
    assert not is_date_line(text)


def test_a_long_block_holding_a_date_line_is_not_one() -> None:
    block = "الثلاثاء 3 مارس 2020 - 10:30 ص " + "نص الخبر " * 20
    assert not is_date_line(block)


def test_diacritics_tatweel_and_bidi_marks_do_not_hide_a_date_line() -> None:
    assert is_date_line("\u200fالثُّلاثاء ٣ مـــارس ٢٠٢٠")


# --- where pages print them: found by structure ----------------------------------------------

def lines(markup: str) -> list[str]:
    from lxml import html as lxml_html

    from pipelines.extract.datelines import visible_date_lines

    return visible_date_lines(lxml_html.document_fromstring(markup))


def test_an_unmarked_date_line_under_the_headline_comes_first():
    found = lines("""<html><body>
      <div class="top"><span>الخميس 3 ديسمبر 2026</span></div>
      <aside><span class="date">منذ 3 ساعات</span></aside>
      <div class="story"><h1>وزير المالية يعرض الموازنة</h1>
        <div class="info"><span>كتب: ليلى حسن</span> <span>الأربعاء 2 ديسمبر 2026 - 06:40 م</span>
        </div><p>عرض وزير المالية مشروع الموازنة الجديدة أمام البرلمان.</p></div>
      </body></html>""")
    assert found[0] == "الأربعاء 2 ديسمبر 2026 - 06:40 م"
    assert "الخميس 3 ديسمبر 2026" not in found  # neither near the headline nor marked


def test_todays_date_in_the_sites_header_stays_out():
    found = lines("""<html><body><header><div>الخميس 3 ديسمبر 2026</div>
      <span class="date">الخميس 3 ديسمبر 2026</span></header>
      <main><h1>عنوان الخبر</h1><p>نص الخبر هنا.</p></main></body></html>""")
    assert found == []


def test_the_date_part_of_a_byline_row_and_a_date_above_the_headline_are_read():
    found = lines("""<html><body><article><div class="kicker">12/11/2026</div>
      <h1>عنوان الخبر</h1><div class="meta">بقلم سامي الدباغ | 12 نوفمبر 2026 | سياسة</div>
      <p>نص الخبر هنا.</p></article></body></html>""")
    assert set(found[:2]) == {"12/11/2026", "12 نوفمبر 2026"}


def test_a_date_run_at_the_top_of_the_body_after_a_line_break_is_read():
    found = lines("""<html><body><h1>عنوان الخبر</h1><div class="content">كتب: سامي الدباغ<br>
      بتاريخ: السبت - 03 أغسطس 2024 6:57 مساءً<br><br>قرر البنك المركزي الإبقاء على أسعار
      الفائدة دون تغيير للاجتماع الثالث على التوالي في ظل تراجع التضخم.</div></body></html>""")
    assert found == ["بتاريخ: السبت - 03 أغسطس 2024 6:57 مساءً"]


def test_a_headline_in_an_h2_marked_as_the_headline_anchors_the_date_line():
    found = lines("""<html><body><div itemscope><div class="page-header">
      <h2 itemprop="headline">عنوان الخبر</h2></div>
      <div><p><strong>عمان - وكالات</strong><br>17 mars 2025 à 14h46</p>
      <p>نص الخبر هنا.</p></div></div></body></html>""")
    assert found and "17 mars 2025 à 14h46" in found[0]


def test_a_line_labelled_as_the_publication_date_is_read_wherever_it_is():
    found = lines("""<html><body><div class="top-strip"><span>نشر في: 2024/07/05 18:44</span>
      </div><h1>عنوان الخبر</h1><p>نص الخبر هنا.</p></body></html>""")
    assert found == ["نشر في: 2024/07/05 18:44"]
