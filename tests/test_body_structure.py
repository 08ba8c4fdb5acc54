"""Body, authors, agency and title read by structure: one page of our own words per mechanism."""

from __future__ import annotations

from datetime import UTC, datetime

from pipelines.agencies import agency_of
from pipelines.extract import extract
from pipelines.store.schema import json_row

LINES = [
    "افتتحت البلدية صباح اليوم حديقة عامة جديدة على ضفة النهر بعد عامين من أعمال التشجير "
    "والتمهيد، وحضر الافتتاح عدد كبير من سكان الأحياء المجاورة مع أطفالهم.",
    "وقال رئيس البلدية إن الحديقة تضم مسارا للدراجات وملعبا صغيرا ومكتبة مفتوحة، وإن الدخول "
    "إليها سيبقى مجانيا طوال أيام الأسبوع من الصباح حتى العاشرة مساء.",
    "وأضاف أن فرق الصيانة ستعمل على سقي الأشجار يوميا خلال أشهر الصيف، داعيا الزوار إلى "
    "المحافظة على نظافة المكان واستعمال الحاويات الموزعة على الممرات.",
]
HEADLINE = "حديقة عامة جديدة على ضفة النهر"


def article(before: str = "", inside: str = "", after: str = "", head: str = "",
            title: str = f"{HEADLINE} | صوت المدينة") -> dict:
    """A fetched page: a headline, `before` between it and the body, `inside` after the first
    paragraph, `after` the body."""
    body = f"<p>{LINES[0]}</p>{inside}<p>{LINES[1]}</p><p>{LINES[2]}</p>"
    html = f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>
    {head}</head><body><header><a href="/">الرئيسية</a></header><main><article>
    <header class="entry-header"><h1>{HEADLINE}</h1>{before}</header>
    <div class="entry-content">{body}{after}</div></article></main></body></html>"""
    return {"url": "https://sawt.test/city/2025/03/10/park", "body": html.encode("utf-8"),
            "headers": {"content-type": "text/html"}, "site": "sawt",
            "site_domains": ["sawt.test"], "fetched_at": datetime(2025, 3, 11, tzinfo=UTC)}


def test_a_photo_caption_leaves_the_body_by_its_figure_and_by_its_image():
    figure = ('<figure><img src="/p.jpg"><figcaption>أطفال يلعبون قرب الممر الجديد</figcaption>'
              "</figure>")
    beside = '<div class="pic"><img src="/q.jpg"><span>مكتبة مفتوحة بين الأشجار</span></div>'
    text = extract(article(inside=figure + beside))["text"]
    assert text.split("\n") == LINES


def test_the_date_line_under_the_headline_leaves_the_body_and_becomes_date_evidence():
    row = extract(article(before="<p>الاثنين 10 مارس 2025 - 09:40 ص</p>"))
    assert row["text"].split("\n") == LINES
    assert ("visible", "الاثنين 10 مارس 2025 - 09:40 ص") in row["published_candidates"]


def test_a_block_that_is_mostly_links_inside_the_body_is_a_read_also_inject():
    inject = ('<p><b>للمزيد:</b> <a href="/city/2025/03/01/bridge">البلدية تعيد فتح الجسر القديم '
              'أمام المشاة بعد الترميم</a></p>')
    text = extract(article(inside=inject))["text"]
    assert text.split("\n") == LINES


def test_a_comment_policy_is_found_by_its_links_to_the_sites_legal_pages():
    policy = ('<p>نرحب بتعليقاتكم على أن تلتزم بقواعد <a href="/community-rules">النشر</a> وبما '
              'تنص عليه <a href="/privacy">سياسة الخصوصية</a>.</p>')
    assert extract(article(after=policy))["text"].split("\n") == LINES


def test_a_byline_under_the_headline_names_the_author_and_leaves_the_body():
    row = extract(article(before="<p>كتبت: ريم الحداد</p>"))
    assert row["authors"] == ["ريم الحداد"] and row["text"].split("\n") == LINES


def test_an_agency_byline_is_the_agency_and_not_an_author():
    row = extract(article(before='<div class="author">(بيروت - أ ف ب)</div>',
                          after="<p>(أ ف ب)</p>"))
    assert (row["authors"], row["agency"]) == ([], "AFP")
    assert json_row(row)["agency"] == "AFP"  # a column of the articles dataset
    assert row["text"].split("\n") == LINES
    assert agency_of("المصدر: وكالة الأنباء الكويتية") == "KUNA"
    assert agency_of("(ومع)") == agency_of("الرباط - و م ع") == "MAP"
    assert agency_of("وصل الوفد ومع") is None  # "and with" ending a sentence is no credit
    assert agency_of("قنا - سامي فؤاد") is None  # a city of the same name, before a person


def test_the_site_name_and_a_placeholder_are_never_authors():
    head = ('<meta property="og:site_name" content="صوت المدينة">'
            '<meta name="author" content="صوت المدينة">')
    assert extract(article(head=head))["authors"] == []
    assert extract(article(before='<span class="byline">فريق التحرير</span>'))["authors"] == []
    # the site named only by the suffix of its <title>
    assert extract(article(before='<span class="author-name">صوت المدينة</span>'))[
        "authors"] == []


def test_the_title_loses_the_site_suffix_that_h1_and_title_disagree_on():
    head = f'<meta property="og:title" content="صوت المدينة: {HEADLINE}">'
    row = extract(article(head=head, title=f"{HEADLINE} - صوت المدينة"))
    assert row["title"] == HEADLINE
    row = extract(article(title=f"{HEADLINE} - صوت المدينة").__or__(
        {"body": article(title=f"{HEADLINE} - صوت المدينة")["body"].replace(
            f"<h1>{HEADLINE}</h1>".encode(), "<h1>صوت المدينة</h1>".encode())}))
    assert row["title"] == HEADLINE  # an <h1> holding the site's name is no headline


def test_two_names_joined_by_waw_are_two_authors_and_a_name_starting_with_waw_is_one():
    row = extract(article(before="<p>كتب: سامي نور وهالة يوسف</p>"))
    assert row["authors"] == ["سامي نور", "هالة يوسف"]
    assert extract(article(before="<p>كتب: سامي وليد نور</p>"))["authors"] == ["سامي وليد نور"]


def test_a_kicker_inside_the_h1_is_left_out_when_two_declared_titles_agree():
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{HEADLINE}"}}'
    head = f'{ld}</script><meta property="og:title" content="{HEADLINE}">'
    page = article(head=head)
    page["body"] = page["body"].replace(f"<h1>{HEADLINE}</h1>".encode(),
                                        f"<h1><span>عاجل | </span>{HEADLINE}</h1>".encode())
    assert extract(page)["title"] == HEADLINE


def test_teaser_summaries_beside_the_body_leave_it_and_a_headline_without_h1_is_found():
    teasers = "".join(
        f'<div class="item"><a href="/city/2025/02/0{i}/x">عنوان خبر آخر رقم {i} عن المدينة</a>'
        f"<p>{LINES[i % 3][:90]}...</p></div>" for i in range(1, 4))
    html = f"""<html><head><meta charset="utf-8"><title>{HEADLINE} | محليات | صوت المدينة
    </title></head><body><table><tr><td><font size="5">صوت المدينة</font></td></tr>
    <tr><td><b>{HEADLINE}</b></td></tr><tr><td><div class="text">
    {"".join(f"<p>{line}</p>" for line in LINES)}</div></td></tr><tr><td class="side">{teasers}
    </td></tr></table></body></html>"""
    row = extract({**article(), "body": html.encode("utf-8")})
    assert row["title"] == HEADLINE
    assert row["text"].split("\n") == LINES


def test_a_paragraph_of_bare_text_after_an_image_block_stays_in_the_body():
    body = (f'{LINES[0]}<br><p class="img"><img src="/a.jpg"><br><span>الممر الجديد</span></p>'
            f"{LINES[1]}<br><br>{LINES[2]}")
    html = f"""<html><head><meta charset="utf-8"><title>{HEADLINE}</title></head><body>
    <h1>{HEADLINE}</h1><div class="post-body">{body}</div></body></html>"""
    text = extract({**article(), "body": html.encode("utf-8")})["text"]
    assert all(line in text for line in LINES) and "الممر الجديد" not in text


def test_a_follow_box_leaves_the_body_by_its_markup():
    box = '<p class="follow-box">تابعوا آخر أخبار المدينة على حساباتنا</p>'
    assert extract(article(inside=box))["text"].split("\n") == LINES


def test_the_section_is_the_menu_entry_linking_to_the_folder_of_the_articles_url():
    page = article()
    page["body"] = page["body"].replace(
        b"<header><a href=\"/\">", "<nav><ul><li><a href=\"/sport/\">رياضة</a></li><li><a href="
        "\"/city/\">المدينة</a></li></ul></nav><header><a href=\"/\">".encode())
    assert (extract(page)["section"], extract(page)["section_source"]) == ("المدينة", "url_menu")


def test_the_declared_authors_bare_name_atop_the_body_is_a_byline_not_text():
    page = article(head='<meta name="author" content="ريم الحداد">')
    page["body"] = page["body"].replace(
        b'<div class="entry-content">',
        '<div class="entry-content">ريم الحداد - بيروت<br>'.encode())
    row = extract(page)
    assert row["text"].split("\n") == LINES and row["authors"] == ["ريم الحداد"]


def test_a_reading_time_in_the_byline_row_is_not_an_author():
    row = extract(article(before='<div class="byline"><span class="byline-author">سعاد المصري'
                                 '</span> <span class="byline-reading">٤ دقائق قراءة</span></div>'))
    assert row["authors"] == ["سعاد المصري"]
