"""Stage 1, extract: raw page bytes -> article fields (title, text, authors, section, keywords,
date candidates), from the page's structured data first and trafilatura for the body and the rest.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import html as lxml_html

from pipelines import Reject
from pipelines.extract.authors import dom_bylines, microdata_authors, pick_authors
from pipelines.extract.boilerplate import clean_lines, prune_tree
from pipelines.extract.fields import pick_section, pick_title, site_names
from pipelines.extract.htmlpage import parse_page, xml_safe
from pipelines.extract.metadata import (
    PageMetadata,
    modified_candidates,
    names,
    published_candidates,
    read_metadata,
    text_list,
)
from pipelines.extract.pagetype import PROSE_MIN_WORDS, NotArticle, judge
from pipelines.store.urls import normalize_url, on_hosts, site_hosts

logger = logging.getLogger(__name__)

# ZWNJ is part of Persian/Urdu/Kurdish words; trafilatura would strip it, so it travels through
# extraction as a printable stand-in that does not occur in news text (a musical symbol).
ZWNJ = "\u200c"
ZWNJ_STAND_IN = "\U0001d11e"
ZWNJ_IN_WORD = re.compile(r"(?<=\w)\u200c(?=\w)")
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
# an element the page marks as the lead/standfirst of the article (class or id token)
LEAD_MARKER = re.compile(r"(?:^|[\s_-])(?:lead|standfirst|intro|chapo|sapo|dek)(?:$|[\s_-])",
                         re.IGNORECASE)
LEAD_TAGS = ("div", "p", "section", "h2", "span")
MEDIA = ("img", "figure", "picture", "video", "iframe")
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# trafilatura options that make its date search cheap: htmldate's extensive search can take
# seconds on some pages (see ../shared/notes/stack.md); our own date candidates come first anyway.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def extract(page: dict[str, Any], *, min_text_chars: int = 250,
            include_tables: bool = True) -> dict[str, Any]:
    """A fetched page (url, body, headers, site_* ...) as an article dict, or raise Reject."""
    headers = page.get("headers") or {}
    content_type = headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise Reject("extract", "not_html", content_type)
    tree = parse_page(page["body"], content_type or None)
    md = read_metadata(tree)
    overrides = page.get("site_overrides") or {}
    url = canonical_url(page["url"], md, page.get("site_domains") or [])
    body_xpath = overrides.get("body_xpath")
    forced_text = _text_at(tree, body_xpath) if body_xpath else None
    prune_tree(tree)
    _protect_zwnj(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False,
        include_tables=include_tables, date_extraction_params=DATE_PARAMS,
        prune_xpath=overrides.get("prune_xpaths") or None,
    )
    fields = _restore_zwnj(doc.as_dict()) if doc is not None else {}
    names_of_site = site_names(md, fields, url)
    title, title_source = pick_title(md, fields.get("title"), names_of_site)
    text, body_bylines = clean_lines(forced_text or fields.get("text") or "", title)
    lead = None if forced_text else lead_paragraph(tree, text)
    text = f"{lead}\n{text}" if lead else text
    verdict = judge(tree, md, text, url, page.get("discovery"))
    if problem := verdict.problem(min_text_chars):
        raise NotArticle(problem, verdict.confidence)
    section, section_source = pick_section(md, tree, fields)
    discovery = page.get("discovery") or {}
    keywords = _keywords(md, fields, discovery)
    authors, authors_source = pick_authors(
        _author_sources(md, tree, fields, body_bylines), names_of_site,
        exclude=[section or "", *keywords, *md.breadcrumb])
    return {
        "url": url,
        "fetched_url": page["url"],
        "requested_url": page.get("request_url") or page["url"],
        "site": page.get("site"),
        "site_timezone": page.get("site_timezone"),
        "fetched_at": page.get("fetched_at"),
        "http_status": page.get("status"),
        "http_etag": headers.get("etag"),
        "http_last_modified": headers.get("last-modified"),
        "window": page.get("window"),
        "discovered_via": discovery.get("via"),
        "title": title,
        "title_source": title_source,
        "page_type_confidence": verdict.confidence,
        "text": text,
        "description": md.meta.get("og:description") or md.meta.get("description")
        or fields.get("description"),
        "authors": [a.replace(ZWNJ_STAND_IN, ZWNJ) for a in authors],
        "authors_source": authors_source,
        "section": section.replace(ZWNJ_STAND_IN, ZWNJ) if section else None,
        "section_source": section_source,
        "keywords": keywords,
        "image": md.meta.get("og:image") or fields.get("image"),
        "site_overrides": overrides,
        "published_candidates": published_candidates(md)
        + [("time_element", t) for t in md.times[:1]] + _discovery_dates(discovery, "date")
        + [("visible", line) for line in md.date_lines] + [("url", url)]
        + ([("trafilatura", fields["date"])] if fields.get("date") else []),
        "modified_candidates": modified_candidates(md) + _discovery_dates(discovery, "modified"),
    }


def lead_paragraph(tree: lxml_html.HtmlElement, text: str) -> str | None:
    """The standfirst the page marks as its lead, when the extractor left it out.

    Only prose (PROSE_MIN_WORDS words or more) without media in it, placed before the body.
    """
    if not text:
        return None
    first = _flat(text.split("\n", 1)[0])[:60]
    for node in tree.iter(*LEAD_TAGS):
        markers = f"{node.get('class', '')} {node.get('id', '')}"
        if not LEAD_MARKER.search(markers) or any(True for _ in node.iter(*MEDIA)):
            continue
        lead = " ".join(node.text_content().split()).replace(ZWNJ_STAND_IN, ZWNJ)
        if len(lead.split()) < PROSE_MIN_WORDS:
            continue
        page_text = _flat(tree.text_content())
        where, body_at = page_text.find(_flat(lead)), page_text.find(first)
        if _flat(lead) not in _flat(text) and 0 <= where < body_at:
            return lead
        return None
    return None


def _flat(text: str) -> str:
    return "".join(text.replace(ZWNJ_STAND_IN, "").replace(ZWNJ, "").split())


def _protect_zwnj(tree: lxml_html.HtmlElement) -> None:
    """Hide in-word ZWNJs from trafilatura, which drops every non-printable character (texts are
    set XML-safe: a numeric reference such as &#1; leaves a control character lxml refuses)."""
    for node in tree.iter():
        if node.text and ZWNJ in node.text:
            node.text = xml_safe(ZWNJ_IN_WORD.sub(ZWNJ_STAND_IN, node.text))
        if node.tail and ZWNJ in node.tail:
            node.tail = xml_safe(ZWNJ_IN_WORD.sub(ZWNJ_STAND_IN, node.tail))


def _restore_zwnj(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.replace(ZWNJ_STAND_IN, ZWNJ) if isinstance(v, str) else v
            for k, v in fields.items()}


def canonical_url(url: str, md: PageMetadata, site_domains: list[str]) -> str:
    """rel=canonical (or og:url) when it points into the site, else the fetched URL, in the one
    spelling `pipelines.store.urls.normalize_url` gives (percent-encoded, no tracking or
    fragment)."""
    hosts = site_hosts(url, site_domains)
    for candidate in (md.canonical, md.meta.get("og:url")):
        if not candidate:
            continue
        absolute = urljoin(url, candidate)
        if urlsplit(absolute).scheme in ("http", "https") and on_hosts(absolute, hosts):
            return normalize_url(absolute)
    return normalize_url(url) if urlsplit(url).scheme in ("http", "https") else url


def _author_sources(md: PageMetadata, tree: lxml_html.HtmlElement, fields: dict[str, Any],
                   body_bylines: list[str]) -> list[tuple[str, Callable[[], list[str]]]]:
    """Author candidates by source, most trusted first, each read when asked
    (pipelines.extract.authors)."""
    meta_author = md.meta.get("author") or md.meta.get("article:author") or ""
    return [
        ("jsonld", lambda: names(md.jsonld.get("author"))),
        ("microdata", lambda: microdata_authors(tree)),
        ("meta", lambda: re.split(r"\s*[;،]\s*", meta_author) if meta_author else []),
        ("byline", lambda: dom_bylines(tree)),
        ("body_byline", lambda: body_bylines),
        ("trafilatura", lambda: re.split(r"\s*;\s*", fields.get("author") or "")),
    ]


def _keywords(md: PageMetadata, fields: dict[str, Any], discovery: dict[str, Any]) -> list[str]:
    found = text_list(md.jsonld.get("keywords"))
    for key in ("news_keywords", "keywords", "article:tag"):
        found += text_list(md.meta.get(key, ""))
    found += list(fields.get("tags") or []) + list(discovery.get("keywords") or [])
    return list(dict.fromkeys(k for k in found if k))


def _discovery_dates(discovery: dict[str, Any], key: str) -> list[tuple[str, str]]:
    value = discovery.get(key)
    return [(discovery.get("via", "discovery"), value)] if value else []


def _text_at(tree: lxml_html.HtmlElement, xpath: str) -> str | None:
    """Paragraph text of the element a site's `body_xpath` override names: one line per block
    element and per <br>-separated part, as the body convention splits paragraphs."""
    paragraphs = []
    for node in tree.xpath(xpath):
        blocks = node.xpath(".//p|.//h2|.//h3|.//h4|.//li|.//blockquote") or [node]
        for block in blocks:
            markup = BR.sub("\n", lxml_html.tostring(block, encoding="unicode"))
            text = lxml_html.fragment_fromstring(markup, create_parent="div").text_content()
            paragraphs += [t for line in text.split("\n") if (t := " ".join(line.split()))]
    return "\n".join(paragraphs) or None


def canonical_of(body: bytes, content_type: str | None = None) -> str | None:
    """The absolute canonical URL (rel=canonical, else og:url) a saved page declares, if any."""
    try:
        tree = parse_page(body, content_type)
    except Reject:
        return None
    md = read_metadata(tree)
    for candidate in (md.canonical, md.meta.get("og:url")):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return candidate
    return None
