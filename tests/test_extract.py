from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from pipelines import Reject
from pipelines.authors import clean_authors
from pipelines.extract import decode_html, extract
from pipelines.fields import strip_site_name

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
    assert article["url"] == "http://news.test/agri/2026/11/20/77/خطة"
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
