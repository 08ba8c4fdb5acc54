"""The section of an article and the source it was read from.

Structured data first (JSON-LD, microdata, article:section meta), then what the page shows
(breadcrumb, the label it marks as the article's category, the active menu item, the menu
entry that links to a folder of the article's URL), then trafilatura.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from pipelines.extract.metadata import PageMetadata
from pipelines.extract.page import Page
from pipelines.extract.zwnj import restore_zwnj

logger = logging.getLogger(__name__)

HOME_CRUMB = re.compile(r"^(?:الرئيسية|الصفحة الرئيسية|home|accueil)$", re.IGNORECASE)
# an element marked as *this article's* category: an article word and a category word
CATEGORY_MARKER = re.compile(
    r"(?:article|post|entry|story|news)[\w-]*(?:categor|section|rubric|kicker)", re.IGNORECASE)
ACTIVE_CLASSES = {"active", "current", "selected", "on", "current-menu-item",
                  "current_page_item", "current-menu-parent", "current-cat"}
MENU_TAGS = {"nav", "ul", "ol", "menu"}
# class/id words that name a section label ("lblSection", "ku-cat", "release-sector")
SECTION_WORDS = {"section", "sections", "category", "categories", "cat", "cats", "sector",
                 "rubric", "rubrique", "kicker", "ncat"}
# words of the same markup that mark lists of other things (menus, tags, teasers)
# (its own words or its ancestors'); a label's text length already rules out containers
NOT_SECTION_WORDS = {"nav", "menu", "tag", "tags", "related", "more", "widget", "sidebar",
                     "footer", "comments"}
CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
LABEL_MAX_WORDS = 4
LABEL_MAX_CHARS = 40


def read_section(page: Page) -> tuple[str | None, str | None]:
    """The section label and its source (`pick_section`), its in-word ZWNJs restored."""
    section, source = pick_section(page.metadata, page.tree, page.trafilatura, page.url)
    return (restore_zwnj(section) if section else None), source


def _clean(value: Any) -> str | None:
    if isinstance(value, str) and value.strip() and not HOME_CRUMB.match(value.strip()):
        return " ".join(value.split())
    return None


def pick_section(md: PageMetadata, tree: lxml_html.HtmlElement, fields: Mapping[str, Any],
                 url: str = "") -> tuple[str | None, str | None]:
    """The site's section label and its source."""
    crumb = breadcrumb_section(md)
    declared = md.jsonld.get("articleSection")
    if isinstance(declared, list):  # a list: the one the breadcrumb agrees with, else the first
        listed = [x for x in (_clean(v) for v in declared) if x]
        declared = crumb if crumb in listed else (listed[0] if listed else None)
    candidates = (
        ("jsonld", lambda: declared),
        ("microdata", lambda: _itemprop_text(tree, "articleSection")),
        ("meta:article:section", lambda: md.meta.get("article:section")),
        ("breadcrumb", lambda: crumb),
        ("category_label", lambda: _category_label(tree)),
        ("active_menu", lambda: _active_menu_item(tree)),
        ("url_menu", lambda: _menu_item_of_url(tree, url)),
        ("section_class", lambda: section_class_label(tree)),
        ("trafilatura", lambda: (fields.get("categories") or [None])[0]),
    )
    for source, get in candidates:
        value = _clean(get())
        if value:
            return value, source
    return None, None


def breadcrumb_section(md: PageMetadata) -> str | None:
    """The last crumb that is neither the home page nor the article itself."""
    titles = {t for t in (*md.h1, md.jsonld.get("headline"), md.title_tag) if t}
    crumbs = [c for c in md.breadcrumb if c not in titles and not HOME_CRUMB.match(c)]
    return crumbs[-1] if crumbs else None


def _short(text: str) -> str | None:
    text = " ".join(text.split())
    ok = 0 < len(text) <= LABEL_MAX_CHARS and len(text.split()) <= LABEL_MAX_WORDS
    return text if ok else None


def _itemprop_text(tree: lxml_html.HtmlElement, prop: str) -> str | None:
    for node in tree.xpath(f"//*[@itemprop='{prop}']"):
        text = _short(node.get("content") or node.text_content())
        if text:
            return text
    return None


def _category_label(tree: lxml_html.HtmlElement) -> str | None:
    """The first short label whose class/id marks it as the article's category."""
    for node in tree.iter("a", "span", "div", "p", "li"):
        markers = f"{node.get('class', '')} {node.get('id', '')}"
        if CATEGORY_MARKER.search(markers):
            text = _short(node.text_content())
            if text and not any(a.tag in ("nav", "footer") for a in node.iterancestors()):
                return text
    return None


def _menu_item_of_url(tree: lxml_html.HtmlElement, url: str) -> str | None:
    """The menu entry that links to a folder the article's URL sits in ("/sport/" of
    "/2024/sport/5/1/story.html"): the section a site states by its addresses."""
    folders = {p for p in urlsplit(url).path.lower().split("/")[:-1] if p and not p.isdigit()}
    if not folders:
        return None
    for link in tree.iter("a"):
        path = urlsplit((link.get("href") or "").strip()).path.lower().strip("/")
        if not path or "/" in path or path not in folders:
            continue
        if any(a.tag in MENU_TAGS for a in link.iterancestors()):
            text = _short(link.text_content())
            if text and not HOME_CRUMB.match(text):
                return text
    return None


def _active_menu_item(tree: lxml_html.HtmlElement) -> str | None:
    """The menu entry the page marks as current (class active/current/selected/on ...)."""
    for node in tree.iter("a", "li"):
        classes = set((node.get("class") or "").lower().split())
        if not classes & ACTIVE_CLASSES:
            continue
        if not any(a.tag in MENU_TAGS for a in node.iterancestors()):
            continue
        text = _short(node.text_content())
        if text and not HOME_CRUMB.match(text):
            return text
    return None


def class_words(node: lxml_html.HtmlElement) -> set[str]:
    """The lower-cased words of a node's class and id ("ctl00_lblSection" -> ctl, lbl, section)."""
    return {w.lower() for w in CLASS_WORD.findall(f"{node.get('class', '')} {node.get('id', '')}")}


def section_class_label(tree: lxml_html.HtmlElement) -> str | None:
    """The first short label whose class/id words name a section ("cat", "sector", "rubric"),
    outside menus, tag lists and teasers, holding at most one link."""
    for node in tree.iter("a", "span", "div", "p", "li", "h2", "h3", "h4", "dd"):
        words = class_words(node)
        if not words & SECTION_WORDS or words & (NOT_SECTION_WORDS | {"list", "links"}):
            continue
        links = node.xpath(".//a")
        if len(links) > 1 or any(
                a.tag in MENU_TAGS | {"footer", "aside"} or class_words(a) & NOT_SECTION_WORDS
                for a in node.iterancestors()):
            continue
        # a lead-in before the one link ("published in <a>Economy</a>") is not the label
        text = _short((links[0] if links else node).text_content())
        if text and not HOME_CRUMB.match(text):
            return text
    return None
