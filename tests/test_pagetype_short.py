"""Short real articles are kept, listings of the same size are still rejected: a one-paragraph
brief on a page declared twice as an article, and a body the extractor missed (it took a block of
ads or teasers instead) that follows the headline in its own container."""

from __future__ import annotations

from lxml import html as lxml_html

from pipelines.extract.htmlpage import decode_html
from pipelines.extract.metadata import read_metadata
from pipelines.extract.pagetype import Verdict, judge

HOST = "https://news.example"
OG_ARTICLE = '<meta property="og:type" content="article">'
SENTENCE = "أعلنت البلدية صباح اليوم افتتاح الجسر الجديد فوق النهر أمام حركة السيارات والمشاة"
PARAGRAPHS = [
    "وقال رئيس البلدية في مؤتمر صحفي إن أعمال البناء استمرت عامين كاملين بمشاركة شركات محلية",
    "وأضاف أن الجسر سيخفف الازدحام في وسط المدينة ويختصر زمن الرحلة بين الضفتين إلى النصف",
    "وأشار مهندسو المشروع إلى أن التصميم راعى مرور القوارب الكبيرة تحت الجسر طوال العام",
    "ومن المنتظر أن تنظم البلدية احتفالا شعبيا نهاية الأسبوع المقبل بمناسبة الافتتاح الرسمي",
]
TEASER = "تواصل فرق الصيانة أعمالها في الحدائق العامة استعدادا لموسم الربيع وفق جدول البلدية"
MIN_TEXT = 250


def _story(i: int) -> str:
    return f"{HOST}/local/2026/10/{i + 1:02d}/new-bridge-opens-over-the-river-{i}/"


def _teasers(count: int) -> str:
    return "".join(f'<div class="card"><h3><a href="{_story(i)}">عنوان خبر آخر رقم {i}</a></h3>'
                   f"<p>{TEASER} {i}.</p></div>" for i in range(count))


def _page(main: str, head: str = "", footer: str = "") -> str:
    return (f'<html lang="ar"><head><meta charset="utf-8">{head}</head><body><header><nav>'
            f'<a href="{HOST}/">الرئيسية</a> <a href="{HOST}/local/">محليات</a></nav></header>'
            f"<main>{main}</main><footer>{footer}</footer></body></html>")


def _judge(html: str, url: str, text: str) -> Verdict:
    """The decision on `html` when the extractor returned `text` as its body."""
    tree = lxml_html.document_fromstring(decode_html(html.encode()))
    return judge(tree, read_metadata(tree), text, url)


def test_a_one_paragraph_brief_is_kept_when_the_page_is_declared_an_article_twice():
    html = _page(f"<article><h1>افتتاح الجسر الجديد</h1><p>{SENTENCE}.</p></article>", OG_ARTICLE)
    verdict = _judge(html, _story(1), f"{SENTENCE}.")
    assert verdict.problem(MIN_TEXT) is None
    assert verdict.confidence < 0.9  # kept, with less confidence than a full article


def test_a_one_paragraph_page_with_one_declaration_or_a_section_url_is_rejected():
    html = _page(f"<h1>افتتاح الجسر الجديد</h1><p>{SENTENCE}.</p>", OG_ARTICLE)
    assert _judge(html, f"{HOST}/local/", f"{SENTENCE}.").problem(MIN_TEXT) is not None
    bare = _page(f"<h1>افتتاح الجسر الجديد</h1><p>{SENTENCE}.</p>")
    assert _judge(bare, _story(1), f"{SENTENCE}.").problem(MIN_TEXT) is not None


def test_a_declared_article_with_no_prose_at_all_is_rejected():
    html = _page("<article><h1>افتتاح الجسر الجديد</h1><p>صور</p><p>فيديو</p></article>",
                 OG_ARTICLE)
    assert _judge(html, _story(1), "صور\nفيديو").problem(MIN_TEXT) is not None


def test_the_body_after_the_headline_counts_when_the_extractor_took_the_teasers_instead():
    body = "".join(f"<p>{p}.</p>" for p in PARAGRAPHS)
    html = _page(f'<article><h1>افتتاح الجسر الجديد</h1><div class="content">{body}</div>'
                 f"</article><aside>{_teasers(6)}</aside>", OG_ARTICLE)
    teaser_text = "\n".join(f"{TEASER} {i}." for i in range(6))
    missed = _judge(html, _story(1), teaser_text)
    right = _judge(html, _story(1), "\n".join(f"{p}." for p in PARAGRAPHS))
    assert missed.problem(MIN_TEXT) is None
    assert 0.5 < missed.confidence < right.confidence  # kept, and said to be less sure


def test_a_section_front_whose_headline_is_followed_by_teasers_is_still_rejected():
    html = _page(f"<section><h1>أخبار محلية من المدينة</h1>{_teasers(6)}</section>", OG_ARTICLE)
    assert _judge(html, f"{HOST}/local/", "").problem(MIN_TEXT) is not None
    assert _judge(html, _story(1), "").problem(MIN_TEXT) is not None


def test_plain_paragraphs_far_from_the_headline_do_not_count_as_its_body():
    legal = "".join(f"<p>{p}.</p>" for p in PARAGRAPHS)  # a footer notice, as long as a body
    html = _page("<div><div><div><article><h1>افتتاح الجسر الجديد</h1><p>صور</p></article>"
                 "</div></div></div>", OG_ARTICLE, footer=f"<div>{legal}</div>")
    verdict = _judge(html, _story(1), "صور")
    assert verdict.prose == 0 and verdict.problem(MIN_TEXT) is not None


def test_plain_cards_after_the_headline_of_a_section_page_are_not_taken_for_a_missed_body():
    cards = "".join(f'<div class="card"><p>{p}.</p></div>' for p in PARAGRAPHS)  # no links
    html = _page(f"<section><h1>كتاب الرأي في الموقع</h1>{cards}</section>")
    verdict = _judge(html, f"{HOST}/opinion/", "كتاب الرأي")
    assert verdict.prose == 0 and verdict.problem(MIN_TEXT) is not None
