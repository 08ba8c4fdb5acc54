"""Stage 1, extract: raw page bytes -> article fields (title, text, authors, section, keywords,
date candidates), from the page's structured data first and trafilatura for the body and the rest.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import charset_normalizer
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from scrapy.crawler import Crawler
from w3lib.encoding import html_to_unicode

from crawler.urls import on_hosts, site_hosts
from pipelines import Reject, passes_through
from pipelines.metadata import (
    PageMetadata,
    modified_candidates,
    names,
    published_candidates,
    read_metadata,
    text_list,
)

logger = logging.getLogger(__name__)

# ZWNJ is part of Persian/Urdu/Kurdish words; trafilatura would strip it, so it travels through
# extraction as a printable stand-in that does not occur in news text (a musical symbol).
ZWNJ = "\u200c"
ZWNJ_STAND_IN = "\U0001d11e"
ZWNJ_IN_WORD = re.compile(r"(?<=\w)\u200c(?=\w)")
HOME_CRUMB = re.compile(r"^(?:الرئيسية|الصفحة الرئيسية|home|accueil)$", re.IGNORECASE)
PROSE_MIN_WORDS = 12  # a line with fewer words is a label, a headline or a caption, not prose
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»«/]\s+|\s*\|\s*")
BYLINE_PREFIX = re.compile(
    r"^(?:كتب|كتبت|بقلم|بواسطة|إعداد|اعداد|تقرير|تحرير|حوار|by|written by)\s*[:：\-]?\s*",
    re.IGNORECASE,
)
JUNK_AUTHOR = re.compile(r"https?:|www\.|\.com|/|@|\blogo\b|\.png|\.jpe?g", re.IGNORECASE)
# trafilatura options that make its date search cheap: htmldate's extensive search can take
# seconds on some pages (see ../shared/notes/stack.md); our own date candidates come first anyway.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: BOM, then HTTP charset, then <meta> charset, then detection."""
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_detect_encoding)
    return text


def _detect_encoding(body: bytes) -> str | None:
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(body[:200_000]).best()
        return best.encoding if best else None


def extract(page: dict[str, Any], *, min_text_chars: int = 250,
            include_tables: bool = True) -> dict[str, Any]:
    """A fetched page (url, body, headers, site_* ...) as an article dict, or raise Reject."""
    headers = page.get("headers") or {}
    content_type = headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise Reject("extract", "not_html", content_type)
    html = decode_html(page["body"], content_type or None)
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise Reject("extract", "unparseable", str(exc)[:200]) from exc
    md = read_metadata(tree)
    overrides = page.get("site_overrides") or {}
    url = canonical_url(page["url"], md, page.get("site_domains") or [])
    body_xpath = overrides.get("body_xpath")
    forced_text = _text_at(tree, body_xpath) if body_xpath else None
    _protect_zwnj(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False,
        include_tables=include_tables, date_extraction_params=DATE_PARAMS,
        prune_xpath=overrides.get("prune_xpaths") or None,
    )
    fields = _restore_zwnj(doc.as_dict()) if doc is not None else {}
    text = forced_text or fields.get("text") or ""
    prose = prose_chars(text)
    if prose < min_text_chars:
        raise Reject("extract", "not_article", f"{prose} characters of running text")
    site_names = _site_names(md, fields)
    discovery = page.get("discovery") or {}
    return {
        "url": url,
        "fetched_url": page["url"],
        "site": page.get("site"),
        "site_timezone": page.get("site_timezone"),
        "fetched_at": page.get("fetched_at"),
        "http_status": page.get("status"),
        "discovered_via": discovery.get("via"),
        "title": pick_title(md, fields.get("title"), site_names),
        "text": text,
        "description": md.meta.get("og:description") or md.meta.get("description")
        or fields.get("description"),
        "authors": clean_authors(_author_candidates(md, fields), site_names),
        "section": _section(md, fields),
        "keywords": _keywords(md, fields, discovery),
        "image": md.meta.get("og:image") or fields.get("image"),
        "site_overrides": overrides,
        "published_candidates": published_candidates(md)
        + [("time_element", t) for t in md.times[:1]] + _discovery_dates(discovery, "date")
        + [("visible", line) for line in md.date_lines] + [("url", url)]
        + ([("trafilatura", fields["date"])] if fields.get("date") else []),
        "modified_candidates": modified_candidates(md) + _discovery_dates(discovery, "modified"),
    }


def _protect_zwnj(tree: lxml_html.HtmlElement) -> None:
    """Hide in-word ZWNJs from trafilatura, which drops every non-printable character."""
    for node in tree.iter():
        if node.text and ZWNJ in node.text:
            node.text = ZWNJ_IN_WORD.sub(ZWNJ_STAND_IN, node.text)
        if node.tail and ZWNJ in node.tail:
            node.tail = ZWNJ_IN_WORD.sub(ZWNJ_STAND_IN, node.tail)


def _restore_zwnj(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.replace(ZWNJ_STAND_IN, ZWNJ) if isinstance(v, str) else v
            for k, v in fields.items()}


def prose_chars(text: str) -> int:
    """Characters in lines long enough to be prose: menus, tickers and captions are not.

    When trafilatura finds no article body it falls back to the page's whole text, which on a
    gallery or a section front is a pile of short lines; counting only prose lines catches that.
    """
    return sum(len(line) for line in text.split("\n") if len(line.split()) >= PROSE_MIN_WORDS)


def canonical_url(url: str, md: PageMetadata, site_domains: list[str]) -> str:
    """rel=canonical (or og:url) when it points into the site, else the fetched URL; no fragment."""
    hosts = site_hosts(url, site_domains)
    for candidate in (md.canonical, md.meta.get("og:url")):
        if not candidate:
            continue
        parts = urlsplit(urljoin(url, candidate))
        if parts.scheme in ("http", "https") and on_hosts(parts.geturl(), hosts):
            return urlunsplit(parts._replace(fragment=""))
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _site_names(md: PageMetadata, fields: dict[str, Any]) -> set[str]:
    found = {md.meta.get("og:site_name"), md.meta.get("application-name"),
             fields.get("sitename")}
    found.update(names(md.jsonld.get("publisher")))
    return {" ".join(n.split()) for n in found if n}


def strip_site_name(title: str, site_names: set[str]) -> str:
    """'Headline - Site' -> 'Headline' when the part after a separator is the site's name."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        lowered = {n.lower() for n in site_names}
        if parts[-1].strip().lower() in lowered:
            return title[: title.rfind(parts[-1])].rstrip(" -|–—:»«/").strip()
        if parts[0].strip().lower() in lowered:
            return title[len(parts[0]):].lstrip(" -|–—:»«/").strip()
    return title.strip()


def pick_title(md: PageMetadata, fallback: str | None, site_names: set[str]) -> str | None:
    """The headline: an h1 that agrees with the declared titles, else JSON-LD, og:title."""
    declared = [t for t in (md.jsonld.get("headline"), md.meta.get("og:title"), md.title_tag)
                if isinstance(t, str) and t.strip()]
    for h1 in md.h1:
        if any(_overlap(h1, d) >= 0.6 for d in declared):
            return h1
    for candidate in [*declared, fallback]:
        if candidate:
            return strip_site_name(" ".join(candidate.split()), site_names)
    return None


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    return len(words_a & words_b) / len(words_a) if words_a else 0.0


def _author_candidates(md: PageMetadata, fields: dict[str, Any]) -> list[str]:
    from_jsonld = names(md.jsonld.get("author"))
    if from_jsonld:
        return from_jsonld
    meta_author = md.meta.get("author") or md.meta.get("article:author")
    if meta_author:
        return re.split(r"\s*[;،,]\s*", meta_author)
    return re.split(r"\s*;\s*", fields.get("author") or "")


def clean_authors(candidates: list[str], site_names: set[str]) -> list[str]:
    """Names only: byline words stripped; URLs, logos and the site's own name dropped."""
    lowered = {n.lower() for n in site_names}
    out: list[str] = []
    for raw in candidates:
        name = BYLINE_PREFIX.sub("", " ".join(raw.split())).strip(" :-،,")
        if (not name or len(name) > 60 or JUNK_AUTHOR.search(name)
                or name.lower() in lowered or name in out):
            continue
        out.append(name)
    return out


def _section(md: PageMetadata, fields: dict[str, Any]) -> str | None:
    section = md.jsonld.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    section = section or md.meta.get("article:section") or _breadcrumb_section(md)
    if not section and fields.get("categories"):
        section = fields["categories"][0]
    return " ".join(section.split()) if isinstance(section, str) and section.strip() else None


def _breadcrumb_section(md: PageMetadata) -> str | None:
    """The last crumb that is neither the home page nor the article itself."""
    titles = {t for t in (*md.h1, md.jsonld.get("headline"), md.title_tag) if t}
    crumbs = [c for c in md.breadcrumb if c not in titles and not HOME_CRUMB.match(c)]
    return crumbs[-1] if crumbs else None


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
    """Paragraph text of the element a site's `body_xpath` override names."""
    paragraphs = []
    for node in tree.xpath(xpath):
        blocks = node.xpath(".//p|.//h2|.//h3|.//h4|.//li|.//blockquote") or [node]
        paragraphs += [t for b in blocks if (t := " ".join(b.text_content().split()))]
    return "\n".join(paragraphs) or None


class ExtractPipeline:
    """Scrapy adapter of `extract`; settings EXTRACT_MIN_TEXT_CHARS, EXTRACT_INCLUDE_TABLES."""

    def __init__(self, min_text_chars: int, include_tables: bool) -> None:
        self.min_text_chars = min_text_chars
        self.include_tables = include_tables

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        s = crawler.settings
        return cls(s.getint("EXTRACT_MIN_TEXT_CHARS", 250),
                   s.getbool("EXTRACT_INCLUDE_TABLES", True))

    def process_item(self, item: Any) -> Any:
        if passes_through(item):
            return item
        return extract(dict(item), min_text_chars=self.min_text_chars,
                       include_tables=self.include_tables)


def canonical_of(body: bytes, content_type: str | None = None) -> str | None:
    """The absolute canonical URL (rel=canonical, else og:url) a saved page declares, if any."""
    try:
        tree = lxml_html.document_fromstring(decode_html(body, content_type))
    except (etree.ParserError, ValueError):
        return None
    md = read_metadata(tree)
    for candidate in (md.canonical, md.meta.get("og:url")):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return candidate
    return None
