from __future__ import annotations

import json

import pytest
import trafilatura
from lxml import html as lxml_html

from pipelines.extract import decode_html
from pipelines.pagetype import is_listing, listing_share
from tests.conftest import ROOT

SITE = ROOT / "tests" / "sites" / "alwaha"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
LISTINGS = [n["file"] for n in EXPECTED["non_articles"]
            if n["kind"] in ("home", "section_front", "tag", "author")]
ARTICLES = [a["file"] for a in EXPECTED["articles"]]
SENTENCE = "قال مسؤول في وزارة الصحة إن الحملة الجديدة ستشمل جميع المحافظات خلال الشهر المقبل"


def _tree_and_text(file: str) -> tuple[lxml_html.HtmlElement, str]:
    raw = (SITE / "www" / file).read_bytes().replace(b"{{ORIGIN}}", b"http://127.0.0.1:8765")
    tree = lxml_html.document_fromstring(decode_html(raw))
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    return tree, (doc.text if doc else "") or ""


@pytest.mark.parametrize("file", LISTINGS)
def test_section_fronts_tag_and_author_pages_are_listings(file):
    assert is_listing(*_tree_and_text(file))


@pytest.mark.parametrize("file", ARTICLES)
def test_articles_of_every_layout_are_not_listings(file):
    tree, text = _tree_and_text(file)
    assert listing_share(tree, text) < 0.25


def _page(items: str) -> tuple[lxml_html.HtmlElement, str]:
    tree = lxml_html.document_fromstring(f"<html><body><ul>{items}</ul></body></html>")
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    return tree, (doc.text if doc else "") or ""


def test_teasers_without_links_headline_br_summary_make_a_listing():
    items = "".join(f"<li>عنوان الخبر رقم {i} في الصفحة<br>{SENTENCE} {i}.</li>" for i in range(8))
    assert is_listing(*_page(items))


def test_a_link_directory_name_then_description_is_a_listing():
    items = "".join(f'<li><a href="http://s{i}.test">موقع{i}</a> - {SENTENCE} {i}</li>'
                    for i in range(8))
    assert is_listing(*_page(items))


def test_an_interview_of_question_br_answer_paragraphs_is_not_a_listing():
    paragraphs = "".join(f"<p><b>*سؤال رقم {i} عن الوضع؟</b><br>-{SENTENCE} {i}.</p>"
                         for i in range(8))
    tree = lxml_html.document_fromstring(f"<html><body><article>{paragraphs}</article></body>"
                                         "</html>")
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    assert not is_listing(tree, doc.text)


def test_a_listicle_of_headed_sections_without_links_is_not_a_listing():
    sections = "".join(f'<div class="item"><h2>{i}. نصيحة رقم {i} للمزارعين</h2><p>{SENTENCE} {i}.'
                       "</p></div>" for i in range(8))
    tree = lxml_html.document_fromstring(f"<html><body><article>{sections}</article></body>"
                                         "</html>")
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    assert not is_listing(tree, doc.text)
