from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html

from pipelines import Reject
from pipelines.agencies import agency_of
from pipelines.extract import extract
from pipelines.extract.authors import clean_authors, dom_bylines, read_authors
from pipelines.extract.body import read_body
from pipelines.extract.datecandidates import read_modified_candidates, read_published_candidates
from pipelines.extract.htmlpage import decode_html
from pipelines.extract.keywords import read_keywords
from pipelines.extract.page import read_page
from pipelines.extract.pagetype import read_page_type
from pipelines.extract.preview import read_description, read_image
from pipelines.extract.section import read_section, section_class_label
from pipelines.extract.title import read_title, strip_site_name

PARAGRAPHS = [
    "أعلنت وزارة الزراعة في القاهرة اليوم عن خطة جديدة لدعم صغار المزارعين في محافظات الصعيد، "
    "تشمل قروضا ميسرة وتدريبا على أساليب الري الحديثة خلال الموسم المقبل.",
    "وقال المتحدث باسم الوزارة إن الخطة ستبدأ بعشر قرى في أسيوط وسوهاج، على أن تتسع لاحقا "
    "لتشمل محافظات أخرى بحسب نتائج التقييم الذي سيصدر بعد ستة أشهر.",
    "وأضاف أن الوزارة خصصت فريقا ميدانيا لمتابعة التنفيذ، وأن المزارعين يستطيعون التسجيل عبر "
    "مكاتب الجمعيات الزراعية في قراهم ابتداء من الأسبوع القادم.",
]


def page_html(jsonld: dict | None = None, byline: str = "كتب: سارة علي") -> str:
    ld = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
    <title>خطة لدعم المزارعين - جريدة النهر</title>
    <meta property="og:title" content="خطة لدعم المزارعين - جريدة النهر">
    <meta property="og:site_name" content="جريدة النهر">
    <meta property="article:published_time" content="2026-11-20T12:30:00Z">
    <link rel="canonical" href="/agri/2026/11/20/77/خطة#top">{ld}</head><body>
    <nav><a href="/">الرئيسية</a> <a href="/agri/">زراعة</a></nav>
    <article><h1>خطة لدعم المزارعين</h1><div class="byline">{byline}</div>{body}
    <div class="share">شارك: فيسبوك تويتر</div></article>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""


def page(html: str | bytes, **extra) -> dict:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return {"url": "http://news.test/agri/2026/11/20/77/x?utm_source=rss", "body": body,
            "headers": {"content-type": "text/html"}, "site": "nahr",
            "site_domains": ["news.test"], "fetched_at": datetime(2026, 11, 29, tzinfo=UTC),
            "discovery": {"via": "sitemap", "date": "2026-11-20T14:30:00+02:00",
                          "keywords": ["زراعة"]}, **extra}


def test_body_title_canonical_and_dates_are_extracted():
    article = extract(page(page_html()))
    assert article["title"] == "خطة لدعم المزارعين"
    assert article["url"] == "http://news.test/agri/2026/11/20/77/%D8%AE%D8%B7%D8%A9"
    for paragraph in PARAGRAPHS:
        assert paragraph in article["text"]
    assert "شارك" not in article["text"] and "جميع الحقوق" not in article["text"]
    assert article["published_candidates"][0] == ("meta:article:published_time",
                                                  "2026-11-20T12:30:00Z")
    assert ("sitemap", "2026-11-20T14:30:00+02:00") in article["published_candidates"]
    assert "زراعة" in article["keywords"]


def test_json_ld_metadata_comes_first_in_a_graph_too():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "headline": "خطة لدعم المزارعين",
         "datePublished": "2026-11-20T14:30:00+02:00", "articleSection": ["زراعة"],
         "author": [{"@type": "Person", "name": "منى حسن"}, {"@type": "Organization",
                                                             "name": "جريدة النهر"}],
         "keywords": "قروض، ري"}]}
    article = extract(page(page_html(ld)))
    assert article["authors"] == ["منى حسن"]  # the publisher is not an author
    assert article["section"] == "زراعة"
    assert article["published_candidates"][0] == ("jsonld", "2026-11-20T14:30:00+02:00")
    assert article["keywords"][:2] == ["قروض", "ري"]


def test_site_name_is_stripped_from_titles_on_either_side():
    names = {"جريدة النهر"}
    assert strip_site_name("خطة لدعم المزارعين - جريدة النهر", names) == "خطة لدعم المزارعين"
    assert strip_site_name("جريدة النهر | خطة لدعم المزارعين", names) == "خطة لدعم المزارعين"
    assert strip_site_name("العراق - الكويت: مباراة ودية", names) == "العراق - الكويت: مباراة ودية"


def test_authors_are_names_without_bylines_urls_logos_or_the_site():
    raw = ["كتب: سارة علي", "https://example.org/authors/1", "Logo Png", "جريدة النهر",
           "بقلم  منى حسن", "سارة علي"]
    assert clean_authors(raw, {"جريدة النهر"}) == ["سارة علي", "منى حسن"]


def test_a_page_without_running_text_is_rejected_as_not_article():
    html = ('<html><head><meta charset="utf-8"><title>بالصور</title></head><body>'
            '<h1>بالصور: مهرجان</h1><figure><img src="a.jpg"><figcaption>صورة</figcaption>'
            '</figure></body></html>')
    with pytest.raises(Reject) as caught:
        extract(page(html))
    assert (caught.value.stage, caught.value.reason) == ("extract", "not_article")


def test_non_html_responses_are_rejected():
    with pytest.raises(Reject) as caught:
        extract(page(b"%PDF-1.4", headers={"content-type": "application/pdf"}))
    assert caught.value.reason == "not_html"


def test_undeclared_windows_1256_and_utf8_bom_decode_to_arabic():
    text = "<html><body><p>مرحبا بالعالم العربي من القاهرة وبغداد</p></body></html>"
    assert "مرحبا بالعالم" in decode_html(text.encode("cp1256"))
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")).startswith("<html>")
    declared = text.replace("<html>", '<html><meta charset="windows-1256">')
    assert "القاهرة" in decode_html(declared.encode("cp1256"))


def article_html(head: str = "", before: str = "", after: str = "") -> str:
    """An article page with the given extra <head> markup and blocks around the body."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!doctype html><html lang="ar"><head><meta charset="utf-8">
    <title>خطة لدعم المزارعين</title>{head}</head><body>
    <nav><ul><li><a href="/">الرئيسية</a></li><li class="active"><a href="/agri/">زراعة</a></li>
    </ul></nav><article><h1>خطة لدعم المزارعين</h1>{before}<div class="content">{body}</div>
    {after}</article></body></html>"""


def test_a_meta_author_that_is_the_host_gives_way_to_the_visible_byline():
    html = article_html('<meta name="author" content="nahrnews">',
                        before='<div class="post-author">كتبت: منى حسن</div>')
    article = extract(page(html, url="https://www.nahrnews.test/agri/1"))
    assert (article["authors"], article["authors_source"]) == (["منى حسن"], "byline")


def test_credits_lose_their_place_and_the_site_name():
    names = {"جريدة النهر", "النهر"}
    assert clean_authors(["حسام علي - القاهرة"], names) == ["حسام علي"]
    assert clean_authors(["(أبوظبي - النهر)"], names) == []
    assert clean_authors(["(الرياض - رويترز)"], names) == []  # an agency, not an author
    assert agency_of("(الرياض - رويترز)") == "Reuters"
    assert clean_authors(["NahrTV"], {"NahrTV Lebanon"}) == []
    assert clean_authors(["Nahr"], {"NahrTV"}) == []  # a prefix of the site's name


def test_a_publisher_named_as_author_leaves_no_author_and_no_guess():
    microdata = ('<div itemprop="author" itemscope itemtype="http://schema.org/Organization">'
                 '<div itemprop="name">Nahr</div><div itemprop="logo">'
                 'https://cdn.nahr.test/i/logo.png</div></div>')
    html = article_html('<meta property="og:site_name" content="أخبار Nahr">', after=microdata)
    assert extract(page(html))["authors"] == []


def test_a_byline_line_at_the_top_of_the_body_is_the_author_and_not_text():
    html = article_html(before="<p>حوار: سارة علي</p>")
    article = extract(page(html))
    assert article["authors"] == ["سارة علي"] and "حوار" not in article["text"]
    assert article["authors_source"] == "body_byline"


def test_section_from_a_json_ld_list_agrees_with_the_breadcrumb():
    ld = {"@type": "NewsArticle", "headline": "خطة لدعم المزارعين",
          "articleSection": ["اقتصاد", "زراعة"]}
    crumbs = ('<div class="breadcrumb"><a href="/">الرئيسية</a><a href="/eco/">اقتصاد</a>'
              '<a href="/agri/">زراعة</a></div>')
    html = article_html(f'<script type="application/ld+json">{json.dumps(ld)}</script>',
                        before=crumbs)
    article = extract(page(html))
    assert (article["section"], article["section_source"]) == ("زراعة", "jsonld")


def test_section_falls_back_to_microdata_then_the_active_menu_item():
    microdata = '<a itemprop="articleSection" href="/agri/">الزراعة والري</a>'
    assert extract(page(article_html(before=microdata)))["section"] == "الزراعة والري"
    article = extract(page(article_html()))
    assert (article["section"], article["section_source"]) == ("زراعة", "active_menu")


def test_a_label_whose_class_or_id_words_name_a_section_gives_the_section():
    menu = '<ul class="menu"><li class="cat-item"><a>رياضة</a></li></ul>'
    tags = '<div class="post-tags"><a>مياه</a><a>زراعة</a></div>'
    for label in ('<span id="ctl00_ContentMain_lblSection">بيئة وزراعة</span>',
                  '<div class="news-cat">بيئة وزراعة</div>',
                  '<span class="release-sector">بيئة وزراعة</span>',
                  '<div class="itemCategory"><span>في قسم</span> <a>بيئة وزراعة</a></div>'):
        tree = lxml_html.fromstring(f"<html><body>{menu}{label}<h1>خطة جديدة للري</h1>"
                                    f"<p>نص الخبر</p>{tags}</body></html>")
        assert section_class_label(tree) == "بيئة وزراعة"
    tree = lxml_html.fromstring(f"<html><body>{menu}<h1>خطة جديدة للري</h1>{tags}</body></html>")
    assert section_class_label(tree) is None


def test_a_byline_inside_a_form_that_wraps_the_whole_page_is_read():
    byline = '<span id="ctl00_Main_lblWriter">سلمى حداد</span>'
    page_form = f'<html><body><form id="mainForm"><h2>عنوان</h2>{byline}</form></body></html>'
    assert dom_bylines(lxml_html.fromstring(page_form)) == ["سلمى حداد"]
    widget = f'<html><body><div><form class="reply">{byline}</form></div></body></html>'
    assert dom_bylines(lxml_html.fromstring(widget)) == []


def test_a_marked_lead_that_the_extractor_dropped_opens_the_body():
    lead = ("أطلقت وزارة الزراعة اليوم خطة من ثلاث مراحل لدعم صغار المزارعين في الصعيد بعد "
            "موسم صعب")
    html = article_html(before=f'<div class="article__lead" itemprop="description">{lead}</div>')
    text = extract(page(html))["text"]
    assert text.split("\n")[0] == lead and text.count(lead) == 1


def test_a_section_front_is_rejected_as_not_article():
    teasers = "".join(
        f'<article class="teaser"><h3><a href="/agri/{i}">عنوان الخبر رقم {i} عن الزراعة</a>'
        f"</h3><p>{PARAGRAPHS[i % 3]}</p></article>" for i in range(8))
    html = (f'<html><head><meta charset="utf-8"><title>زراعة</title></head><body><main>'
            f"<h1>زراعة</h1>{teasers}</main></body></html>")
    with pytest.raises(Reject) as caught:
        extract(page(html))
    assert (caught.value.reason, "teasers" in caught.value.detail) == ("not_article", True)


def test_a_short_undeclared_iso_8859_6_text_is_not_read_as_thai_nor_latin_as_arabic():
    text = "قال الوزير إن الحكومة ستعلن خطة جديدة"
    assert decode_html(text.encode("iso-8859-6")) == text
    french = "Le ministre a annoncé une réforme à Paris"
    assert "ى" not in decode_html(french.encode("latin-1"))


def test_every_field_records_its_source():
    ld = {"@type": "NewsArticle", "headline": "خطة لدعم المزارعين",
          "author": {"@type": "Person", "name": "منى حسن"}}
    article = extract(page(article_html(f'<script type="application/ld+json">{json.dumps(ld)}'
                                        "</script>")))
    assert (article["title_source"], article["authors_source"]) == ("h1", "jsonld")


def test_a_body_xpath_override_splits_paragraphs_at_br_like_the_gold_convention():
    body = "<br><br>".join(PARAGRAPHS[:2]) + "<br>" + PARAGRAPHS[2]
    html = article_html(after=f'<div id="story">{body}</div><div class="x">{PARAGRAPHS[0]}</div>')
    article = extract(page(html, site_overrides={"body_xpath": "//div[@id='story']"}))
    assert article["text"].split("\n") == PARAGRAPHS


def test_each_field_is_read_from_the_one_parsed_page_in_any_order_without_changing_it():
    record = page(page_html())
    parsed = read_page(record)
    served = lxml_html.tostring(parsed.tree)
    readers = {
        "title": read_title, "section": read_section, "keywords": read_keywords,
        "body": lambda p: read_body(p, "خطة لدعم المزارعين"),
        "page_type": lambda p: read_page_type(p, "\n".join(PARAGRAPHS)).explain(),
        "authors": lambda p: read_authors(p, []), "description": read_description,
        "image": read_image, "published": read_published_candidates,
        "modified": read_modified_candidates,
    }
    forwards = {name: read(parsed) for name, read in readers.items()}
    backwards = {name: read(parsed) for name, read in reversed(readers.items())}
    assert forwards == backwards and lxml_html.tostring(parsed.tree) == served
    article = extract(record)
    assert forwards["title"] == (article["title"], article["title_source"])
    assert forwards["body"].text == article["text"] == "\n".join(PARAGRAPHS)
    assert forwards["authors"] == (article["authors"], "byline") == (["سارة علي"], "byline")
    assert forwards["published"] == article["published_candidates"]
