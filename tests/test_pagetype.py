from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import trafilatura
from lxml import html as lxml_html

from pipelines import Reject
from pipelines.extract import extract
from pipelines.extract.htmlpage import decode_html
from pipelines.extract.metadata import read_metadata
from pipelines.extract.pagesignals import url_shape
from pipelines.extract.pagetype import NotArticle, is_listing, judge
from pipelines.extract.teasers import listing_share, prose_chars
from pipelines.store.ledger import Ledger
from pipelines.store.schema import REJECTS
from tests.conftest import ROOT

SITE = ROOT / "tests" / "sites" / "alwaha"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
ORIGIN = "http://127.0.0.1:8765"
INDEX_KINDS = ("home", "section_front", "tag", "author", "archive", "gallery")
NON_ARTICLES = [n for n in EXPECTED["non_articles"] if n["kind"] in INDEX_KINDS]
ARTICLES = EXPECTED["articles"]
SENTENCE = "قال مسؤول في وزارة الصحة إن الحملة الجديدة ستشمل جميع المحافظات خلال الشهر المقبل"
HOST = "https://news.example"


def _site_page(entry: dict) -> dict:
    raw = (SITE / "www" / entry["file"]).read_bytes().replace(b"{{ORIGIN}}", ORIGIN.encode())
    return {"url": ORIGIN + entry["path"], "body": raw, "headers": {},
            "fetched_at": datetime.now(UTC)}


@pytest.mark.parametrize("entry", NON_ARTICLES, ids=lambda n: n["path"])
def test_home_section_tag_author_archive_and_gallery_pages_of_the_site_are_not_articles(entry):
    with pytest.raises(Reject) as caught:
        extract(_site_page(entry))
    assert caught.value.reason == "not_article"


@pytest.mark.parametrize("entry", ARTICLES, ids=lambda a: str(a["id"]))
def test_articles_of_every_layout_are_kept_with_a_high_page_type_confidence(entry):
    assert extract(_site_page(entry))["page_type_confidence"] >= 0.9


def _verdict(html: str, url: str, discovery: dict | None = None):
    tree = lxml_html.document_fromstring(decode_html(html.encode()))
    md = read_metadata(tree)
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    return judge(tree, md, (doc.text if doc else "") or "", url, discovery)


def _page(body: str, head: str = "") -> str:
    return (f'<html lang="ar"><head><meta charset="utf-8">{head}</head><body><header><nav>'
            f'<a href="{HOST}/">الرئيسية</a> <a href="{HOST}/sports/">رياضة</a></nav></header>'
            f"<main>{body}</main><footer>جميع الحقوق محفوظة</footer></body></html>")


def _story(i: int) -> str:
    return f"{HOST}/sports/2026/11/{i + 1:02d}/story-about-the-match-number-{i}/"


def _text_of(html: str) -> tuple[lxml_html.HtmlElement, str]:
    tree = lxml_html.document_fromstring(decode_html(html.encode()))
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    return tree, (doc.text if doc else "") or ""


TEASER_LAYOUTS = {
    "cards": lambda i: (f'<div class="card c{i % 2}"><a href="{_story(i)}"><img src="x.jpg"></a>'
                        f'<h3><a href="{_story(i)}">عنوان الخبر رقم {i} عن المباراة</a></h3>'
                        f"<p>{SENTENCE} {i}.</p></div>"),
    "flat heading and summary": lambda i: (f'<h2><a href="{_story(i)}">عنوان الخبر رقم {i}</a>'
                                           f"</h2><p>{SENTENCE} {i}.</p>"),
    "overlay link without text": lambda i: (
        f'<div class="t{i}"><div><span>رياضة</span><h3><span>عنوان الخبر رقم {i}</span></h3>'
        f'<div><span>{SENTENCE} {i}.</span></div></div><a href="{_story(i)}"></a></div>'),
    "headline br summary": lambda i: f"<li>عنوان الخبر رقم {i} في الصفحة<br>{SENTENCE} {i}.</li>",
    "link directory": lambda i: (f'<li><a href="http://s{i}.test/">موقع{i}</a> - {SENTENCE} {i}'
                                 "</li>"),
    "items with comments and processing instructions": lambda i: (
        f"<li>عنوان الخبر رقم {i}<!-- teaser --><br>{SENTENCE} {i}.<?php echo 1; ?></li>"),
}


@pytest.mark.parametrize("layout", TEASER_LAYOUTS)
def test_a_list_of_teasers_is_found_whatever_its_layout(layout):
    items = "".join(TEASER_LAYOUTS[layout](i) for i in range(8))
    tree, text = _text_of(_page(f"<h1>رياضة</h1><ul>{items}</ul>"))
    assert is_listing(tree, text, f"{HOST}/sports/")


def test_comments_and_processing_instructions_inside_items_do_not_crash_extraction():
    items = "".join(TEASER_LAYOUTS["items with comments and processing instructions"](i)
                    for i in range(8))
    with pytest.raises(Reject) as caught:
        extract({"url": f"{HOST}/sports/", "body": _page(f"<ul>{items}</ul>").encode(),
                 "headers": {}, "fetched_at": datetime.now(UTC)})
    assert caught.value.reason == "not_article"


def _article(paragraphs: list[str], head: str = '<meta property="og:type" content="article">',
             after: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return _page(f"<article><h1>فوز كبير لفريق المدينة</h1>{body}</article>{after}", head)


def test_an_article_whose_paragraphs_all_hold_links_is_not_a_list_of_teasers():
    paragraphs = [f'{SENTENCE} <a href="{_story(i)}">كما ذكرنا في تقرير سابق</a> {SENTENCE}.'
                  for i in range(8)]
    verdict = _verdict(_article(paragraphs, head=""), f"{HOST}/news/{123456}")
    assert verdict.teaser_share == 0 and verdict.is_article


def test_an_article_with_a_long_related_block_is_kept():
    related = "".join(TEASER_LAYOUTS["cards"](i) for i in range(12))
    html = _article([f"{SENTENCE} {i}. {SENTENCE}." for i in range(5)],
                    after=f'<aside><h3>اقرأ أيضا</h3>{related}</aside>')
    verdict = _verdict(html, _story(40))
    assert verdict.is_article and verdict.confidence > 0.5


def test_a_section_front_lying_that_it_is_an_article_is_still_rejected():
    items = "".join(TEASER_LAYOUTS["cards"](i) for i in range(10))
    verdict = _verdict(_page(f"<h1>رياضة</h1>{items}",
                             '<meta property="og:type" content="article">'), f"{HOST}/sports/")
    assert not verdict.is_article and verdict.confidence < 0.2


@pytest.mark.parametrize("head, kept", [
    ('<meta property="og:type" content="article">', True),
    ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', True),
    ("", False)])
def test_a_two_sentence_brief_is_kept_when_the_page_declares_an_article(head, kept):
    brief = _article([f"{SENTENCE}، {SENTENCE}."], head=head)  # ~170 characters of prose
    url = f"{HOST}/sports/" if not head else _story(3)
    problem = _verdict(brief, url).problem(min_text_chars=250)
    assert (problem is None) == kept


def test_running_text_is_counted_in_scripts_written_without_spaces_and_in_wrapped_lines():
    chinese = ("市政府今天宣布，将在明年春天开始扩建城市北部的公共图书馆，"
               "并增加儿童阅读区和自习室。负责人表示，工程预计持续一年，期间图书馆将照常开放。")
    assert prose_chars(chinese) >= 2.5 * len(chinese)  # no spaces, yet some 30 words of prose
    wrapped = ("ROMA, 3 DIC - Il consiglio comunale ha approvato ieri sera il\n"
               "piano per le nuove piste ciclabili, che saranno costruite entro\n"
               "la fine del prossimo anno nei quartieri del centro storico.")
    assert prose_chars(wrapped) == len(wrapped)


@pytest.mark.parametrize("url, shape", [
    (f"{HOST}/", "url:home"), (f"{HOST}/index.html", "url:home"),
    (f"{HOST}/tag/elections/", "url:index"), (f"{HOST}/author/sami-k/", "url:index"),
    (f"{HOST}/search?q=rain", "url:index"), (f"{HOST}/sports/page/3/", "url:index"),
    (f"{HOST}/sports/?page=2", "url:index"), (f"{HOST}/archive/2026/11/28/", "url:index"),
    (f"{HOST}/category/a-long-name-for-a-category/", "url:index"),
    (f"{HOST}/sports/", "url:section"), (f"{HOST}/ar/local", "url:section"),
    (f"{HOST}/2026/11/28/rain-floods-the-old-market/", "url:article"),
    (f"{HOST}/news/4871233", "url:article"), (f"{HOST}/archives/2562", "url:article"),
    (f"{HOST}/story.php?id=8812", "url:article"), (f"{HOST}/a/3d6e026712af8332", "url:article"),
    (f"{HOST}/sports/floods-close-the-old-market-road.html", "url:article"),
    (f"{HOST}/category/news/2026/05/the-market-reopens-after-floods/", "url:article"),
    ("file:///tmp/page.html", None)])
def test_url_shapes(url, shape):
    found = url_shape(url)
    assert (found.name if found else None) == shape


@pytest.mark.parametrize("ld, name", [
    ({"@type": "NewsArticle"}, "jsonld:article"),
    ({"@type": "CollectionPage"}, "jsonld:collection"),
    ([{"@type": "NewsArticle", "headline": f"h{i}"} for i in range(6)], "jsonld:many_articles")])
def test_declared_types_are_evidence(ld, name):
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    verdict = _verdict(_page(f"<p>{SENTENCE}.</p>", head), "file:///x.html")
    assert name in [e.name for e in verdict.evidence]


def test_the_article_pattern_keeps_a_page_that_unverified_links_would_not():
    undeclared = _article([f"{SENTENCE}. {SENTENCE}." for _ in range(4)], head="")
    assert _verdict(undeclared, f"{HOST}/library", {"pattern_matched": True}).is_article
    assert not _verdict(undeclared, f"{HOST}/library", {"unverified": True}).is_article


def test_a_not_article_reject_carries_its_confidence_and_unsure_ones_are_retried(tmp_path):
    with pytest.raises(NotArticle) as caught:
        extract({"url": _story(1), "body": _article(["قصير جدا"]).encode(), "headers": {},
                 "fetched_at": datetime.now(UTC)})
    assert caught.value.page_type_confidence > 0.5  # an article page, with too little text
    assert "page_type_confidence" in REJECTS.names
    ledger = Ledger(tmp_path / "ledger.sqlite")
    now = datetime.now(UTC)
    ledger.commit_rejects([
        {"url": _story(1), "reason": "not_article", "fetched_at": now,
         "page_type_confidence": caught.value.page_type_confidence},
        {"url": f"{HOST}/sports/", "reason": "not_article", "fetched_at": now,
         "page_type_confidence": 0.02}])
    since = now - timedelta(days=7)
    assert ledger.rejected_since(_story(1), since) is None
    assert ledger.rejected_since(f"{HOST}/sports/", since) == "not_article"
    ledger.close()


def test_listing_share_of_a_plain_article_is_zero():
    tree, text = _text_of(_article([f"{SENTENCE} {i}. {SENTENCE}." for i in range(6)]))
    assert listing_share(tree, text, _story(2)) == 0


def test_an_interview_of_question_br_answer_paragraphs_is_not_a_listing():
    paragraphs = "".join(f"<p><b>*سؤال رقم {i} عن الوضع؟</b><br>-{SENTENCE} {i}.</p>"
                         for i in range(8))
    tree, text = _text_of(f"<html><body><article>{paragraphs}</article></body></html>")
    assert not is_listing(tree, text, _story(5))


def test_a_listicle_of_headed_sections_without_links_is_not_a_listing():
    sections = "".join(f'<div class="item"><h2>{i}. نصيحة رقم {i} للمزارعين</h2><p>{SENTENCE} {i}.'
                       "</p></div>" for i in range(8))
    tree, text = _text_of(f"<html><body><article>{sections}</article></body></html>")
    assert not is_listing(tree, text, _story(6))
