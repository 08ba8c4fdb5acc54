from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipelines.extract.boilerplate import byline_name, clean_lines, is_boilerplate, prune_tree

PROSE = ("وقال المتحدث باسم الوزارة إن الخطة ستبدأ بعشر قرى في أسيوط وسوهاج، على أن تتسع لاحقا "
         "لتشمل محافظات أخرى بحسب نتائج التقييم.")


@pytest.mark.parametrize("line", [
    "اقرأ أيضا: الحكومة تعلن خطة جديدة للنقل العام",
    "إقرأ أيضاً",
    "طالع أيضا: نتائج الانتخابات البلدية",
    "مواضيع ذات صلة",
    "شارك:",
    "طباعة",
    "إعلان",
    "آخر تحديث:",
    "الكلمات المفتاحية:",
    "تابعونا على فيسبوك وتويتر",
    "تابعونا على إنستغرام",
    "للاطلاع على التفاصيل كاملة اضغط هنا",
    "اشترك في النشرة البريدية ليصلك كل جديد",
    "© AFP / سامي نور",
    "تصوير: محمد علي",
    "(أرشيفية)",
])
def test_arabic_boilerplate_lines_are_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    PROSE,
    "خلاف حول موعد الاقتراع",  # an in-body subheading
    "صور الأقمار الصناعية تظهر حجم الدمار في المدينة",
    "وقال إن هذه التصريحات لا تعبر عن رأي الحكومة اللبنانية.",
    "وأضاف: سنواصل العمل.",
    "وقال الوزير في بيانه:",  # introduces a quoted paragraph
])
def test_running_text_and_subheadings_are_kept(line):
    assert not is_boilerplate(line)


def test_bylines_are_names_and_sentences_are_not():
    assert byline_name("حوار: هالة يوسف") == "هالة يوسف"
    assert byline_name("كتبت ريم الحداد") == "ريم الحداد"
    assert byline_name("كتب: سامي نور وهالة يوسف") == "سامي نور وهالة يوسف"
    assert byline_name("كتب الوزير رسالة مطولة إلى رئيس الحكومة يطالب فيها بالاستقالة") is None


def test_clean_lines_drops_boilerplate_anywhere_and_the_repeated_title_and_byline_at_edges():
    text = "\n".join(["خطة لدعم المزارعين", "حوار: منى حسن", PROSE, "اقرأ أيضا: خبر آخر",
                      PROSE + " ثانيا", "شارك:", "تابعونا على تويتر"])
    body, bylines = clean_lines(text, "خطة لدعم المزارعين")
    assert body.split("\n") == [PROSE, PROSE + " ثانيا"]
    assert bylines == ["منى حسن"]


def test_a_byline_in_the_middle_of_the_body_is_left_alone():
    body, bylines = clean_lines("\n".join([PROSE, "كتب: فلان الفلاني", PROSE]))
    assert "كتب: فلان الفلاني" in body and bylines == []


def test_prune_tree_removes_read_also_blocks_with_their_links_and_ad_labels():
    tree = lxml_html.document_fromstring(f"""<html><body><article>
        <p>{PROSE}</p>
        <div class="box"><strong>اقرأ أيضا</strong><ul><li><a href="/a">عنوان خبر أول طويل</a></li>
        <li><a href="/b">عنوان خبر ثان طويل</a></li></ul></div>
        <aside>اقرأ أيضا: <a href="/c">عنوان ثالث</a></aside>
        <div class="ad-slot">إعلان</div>
        <p>{PROSE}</p></article></body></html>""")
    assert prune_tree(tree) == 3
    text = tree.text_content()
    assert "عنوان" not in text and "إعلان" not in text and text.count("وقال المتحدث") == 2


def test_a_body_returned_as_one_line_that_mentions_a_notice_is_kept():
    notice = "جميع الحقوق محفوظة لموقع الأخبار 2025"
    assert is_boilerplate(notice)
    body = " ".join(["وأعلنت الهيئة العامة للنقل عن خطة جديدة لتوسيع شبكة الحافلات في المدينة"] * 5)
    text, _ = clean_lines(f"{body} {notice}")
    assert text == f"{body} {notice}"  # a whole article glued into one line is never dropped
