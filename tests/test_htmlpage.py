"""Page bytes -> lxml tree (pipelines.extract.htmlpage): characters XML refuses never reach a stage,
bytes that are no page are rejected with a precise reason, and deeply nested articles keep all
their text."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml import html as lxml_html

from pipelines import Reject
from pipelines.extract import extract
from pipelines.extract.htmlpage import (
    FLAT_DEPTH,
    flatten,
    page_text,
    parse_html,
    parse_page,
    xml_safe,
)
from tests.hostile.pages import SENTENCES, article_html, paragraphs, title

ZWNJ = "\u200c"


def page(body: str | bytes, content_type: str = "text/html; charset=utf-8") -> dict:
    data = body.encode() if isinstance(body, str) else body
    return {"url": "https://news.test/a/1", "body": data, "headers": {"content-type": content_type}}


def reject_of(body: bytes, content_type: str = "text/html") -> tuple[str, str]:
    with pytest.raises(Reject) as caught:
        extract(page(body, content_type))
    return caught.value.stage, caught.value.reason


def test_xml_safe_drops_controls_raw_and_referenced_and_keeps_the_rest():
    text = "a\x00b\x01c\x0cd&#1;e&#x0B;f&#xFFFE;g&#0;h&#55296;i &#1575;&#x644; &amp; &#10; \t\n"
    assert xml_safe(text) == "abcdefghi &#1575;&#x644; &amp; &#10; \t\n"
    tree = lxml_html.fromstring(f"<p>{xml_safe(text)}</p>")
    tree.text = tree.text + ZWNJ  # lxml accepts every character left


@pytest.mark.parametrize("junk", ["\x00", "\x01\x02", "\x0b\x0c", "\x1b", "&#1;", "&#x8;",
                                  "&#xFFFE;", "&#0;"])
def test_zwnj_words_next_to_characters_xml_refuses_extract_with_their_zwnj(junk):
    html = article_html(1).replace("<p>", f"<p>می{ZWNJ}شود {junk}", 3)
    article = extract(page(html))
    assert f"می{ZWNJ}شود" in article["text"]
    assert SENTENCES[1] in article["text"]


def test_bytes_that_are_no_page_are_rejected_with_their_reason():
    assert reject_of(b"") == ("extract", "empty")
    assert reject_of(b" \r\n\t " * 20) == ("extract", "empty")
    assert reject_of(b"%PDF-1.5\n" + bytes(range(256)) * 4) == ("extract", "not_html")
    assert reject_of(b"\x89PNG\r\n\x1a\n" + bytes(300)) == ("extract", "not_html")
    assert reject_of(bytes(range(256)) * 200) == ("extract", "undecodable")
    assert reject_of(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 50) == ("extract", "undecodable")


def test_page_text_of_an_ordinary_page_is_its_text():
    html = article_html(2)
    assert page_text(html.encode(), "text/html; charset=utf-8") == html


def test_an_xhtml_page_with_an_xml_declaration_is_parsed():
    html = '<?xml version="1.0" encoding="windows-1256"?>\n' + article_html(3, charset=None)
    article = extract(page(html.encode("cp1256"), "text/html"))
    assert SENTENCES[3] in article["text"]


@pytest.mark.parametrize("depth", [300, 1000, 2100, 5000])
def test_an_article_inside_deeply_nested_divs_is_extracted_whole(depth):
    html = article_html(4, before='<div class="wrap">' * depth, after="</div>" * depth)
    article = extract(page(html))
    lines = article["text"].split("\n")
    assert lines == paragraphs(4)  # every paragraph, each on its own line
    assert article["title"] == title(4)


def test_a_page_deeper_than_huge_tree_is_flattened_but_keeps_its_paragraphs():
    html = "<html><body>" + "<div>" * 3000 + "<article><p>one</p><p>two</p></article>" + \
        "</div>" * 3000 + "<p>after</p></body></html>"
    tree = parse_html(html)
    assert [p.text for p in tree.iter("p")] == ["one", "two", "after"]
    assert tree.find(".//article") is not None
    flat = flatten(html)  # html and body are two of the levels kept
    assert flat.count("<div>") == flat.count("</div>") == FLAT_DEPTH - 2


def test_an_ordinary_page_parses_to_the_tree_lxml_gives():
    html = article_html(5)
    ours = parse_page(html.encode(), "text/html; charset=utf-8")
    plain = lxml_html.document_fromstring(html)
    assert etree.tostring(ours) == etree.tostring(plain)


def test_comments_and_processing_instructions_are_dropped_and_the_text_around_them_kept():
    lines = paragraphs(4)
    first, rest = lines[0].split(". ", 1)
    html = article_html(4).replace(f"<p>{first}. ", f"<p>{first}<!-- مساحة دعائية مخفية -->. ", 1)
    html = html.replace("<body>", "<body><?php echo 1 ?>", 1)
    assert "مساحة دعائية" in html and "<?php" in html
    tree = parse_page(html.encode(), "text/html; charset=utf-8")
    assert not tree.xpath("//comment()|//processing-instruction()")
    article = extract(page(html))
    assert "مساحة دعائية" not in article["text"]
    assert f"{first}. {rest}" in article["text"]  # the text on both sides of the comment, joined
