"""One fetched page, decoded and parsed once: the value every reader of the extract stage reads.

`read_page` builds it, and is the one place that changes the tree, in an order that matters:
the metadata, the canonical URL and the text at a site's `body_xpath` are read from the tree as
served; then boilerplate blocks are pruned, in-word ZWNJs hidden, and trafilatura runs over that
tree. The readers (title, body, page type, section, authors ...) see the tree as trafilatura left
it, and never change it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import trafilatura
from lxml import html as lxml_html
from trafilatura import metadata as traf_metadata
from trafilatura import utils as traf_utils
from trafilatura.settings import Document as TrafilaturaDocument

from pipelines import Reject
from pipelines.extract.boilerplate import prune_tree
from pipelines.extract.canonical import canonical_url
from pipelines.extract.htmlpage import parse_page
from pipelines.extract.metadata import PageMetadata, read_metadata
from pipelines.extract.site import site_names
from pipelines.extract.zwnj import protect_zwnj, restore_fields

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# trafilatura options that make its date search cheap: htmldate's extensive search can take
# seconds on some pages (see ../shared/notes/stack.md); our own date candidates come first anyway.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
# The keys of a spider's overrides the extract stage reads, and the kind of value each holds: one
# XPath, or a list of them (crawler/siteoverrides.py checks the sites' values against these).
BODY_XPATH, PRUNE_XPATHS = "body_xpath", "prune_xpaths"
# trafilatura's comparison with readability and justext (a third of its cost) runs only when its
# main extractor's text is in doubt: shorter than this, or less than PROSE_SHARE of its characters
# in lines of PROSE_LINE_WORDS words or more (a menu or a list of links, not an article's prose);
# a doubted page runs the main extractor twice (fast, then the full cascade): 16 of bench's 217
CONFIDENT_MIN_CHARS = 500
PROSE_LINE_WORDS = 8
PROSE_SHARE = 0.6
SITE_OVERRIDES = {BODY_XPATH: "xpath", PRUNE_XPATHS: "xpaths"}


@dataclass(frozen=True, eq=False)
class Page:
    """A fetched page as the readers see it."""

    fetched: Mapping[str, Any]  # the record as fetched: url, body, headers, site_*, window ...
    url: str  # the canonical URL (pipelines.extract.canonical)
    tree: lxml_html.HtmlElement  # pruned, ZWNJ-protected, as trafilatura left it
    metadata: PageMetadata  # read from the tree as served
    trafilatura: Mapping[str, Any]  # trafilatura's fields: title, text, author, date, tags ...
    forced_text: str | None  # the text at the site's `body_xpath` override, when it has one
    discovery: Mapping[str, Any]  # how the crawl found the page: via, date, keywords, pattern
    overrides: Mapping[str, Any]  # the site's extraction overrides
    site_names: frozenset[str]  # the site's own names (pipelines.extract.site)
    # what more than one reader reads from the tree, read once (e.g. the DOM bylines)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def headers(self) -> Mapping[str, str]:
        """The HTTP response headers, lower-cased names."""
        return self.fetched.get("headers") or {}


def read_page(fetched: Mapping[str, Any], *, include_tables: bool = True) -> Page:
    """The fetched record (url, body, headers, site_* ...) as a Page; raises Reject for a
    response that is no HTML page (`not_html`, `empty`, `undecodable`, `unparseable`)."""
    content_type = (fetched.get("headers") or {}).get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise Reject("extract", "not_html", content_type)
    tree = parse_page(fetched["body"], content_type or None)
    # Python proxies of the elements, alive as long as the page: lxml.html makes one per element
    # each time a walk meets it (a Python class lookup each) unless one is alive already
    elements = list(tree.iter())
    md = read_metadata(tree)
    overrides = fetched.get("site_overrides") or {}
    url = canonical_url(fetched["url"], md, fetched.get("site_domains") or [])
    body_xpath = overrides.get(BODY_XPATH)
    forced_text = _text_at(tree, body_xpath) if body_xpath else None
    fields = _trafilatura_fields(tree, url, overrides, include_tables)
    return Page(fetched=fetched, url=url, tree=tree, metadata=md, trafilatura=fields,
                forced_text=forced_text, discovery=fetched.get("discovery") or {},
                memo={"elements": elements},
                overrides=overrides, site_names=frozenset(site_names(md, fields, url)))


def _trafilatura_fields(tree: lxml_html.HtmlElement, url: str, overrides: Mapping[str, Any],
                        include_tables: bool) -> Mapping[str, Any]:
    """trafilatura's fields, read after boilerplate blocks are pruned and in-word ZWNJs hidden
    (both change the tree)."""
    prune_tree(tree)
    protect_zwnj(tree)
    options = {"url": url, "with_metadata": False, "include_comments": False,
               "include_tables": include_tables, "date_extraction_params": DATE_PARAMS,
               "prune_xpath": overrides.get(PRUNE_XPATHS) or None}
    doc = trafilatura.bare_extraction(tree, fast=True, **options)
    if doc is None or not confident_text(doc.text or ""):
        doc = trafilatura.bare_extraction(tree, **options)
    return TrafilaturaFields(doc.as_dict(), tree, url) if doc is not None else {}


def confident_text(text: str) -> bool:
    """Whether trafilatura's main extractor gave running prose, long enough that its fallback
    extractors would keep it: then they need not run."""
    if len(text) < CONFIDENT_MIN_CHARS:
        return False
    prose = sum(len(line) for line in text.splitlines() if len(line.split()) >= PROSE_LINE_WORDS)
    return prose >= PROSE_SHARE * len(text)


class TrafilaturaFields(Mapping[str, Any]):
    """What `bare_extraction(with_metadata=True)` returns, its metadata read step by step as
    trafilatura.metadata.extract_metadata reads it, from the tree trafilatura saw (it extracts
    from a copy), except that the two fallbacks that scan the markup, the author and the
    categories, are read only when a reader asks for them (the license is never read)."""

    def __init__(self, extracted: dict[str, Any], tree: lxml_html.HtmlElement, url: str) -> None:
        md = _metadata(tree, url)
        self._fields = restore_fields({**extracted, **{k: v for k, v in md.as_dict().items()
                                                       if v is not None}})
        self._pending: dict[str, Callable[[], Any]] = {}
        if not md.author:
            self._pending["author"] = lambda: _trimmed(traf_metadata.extract_author(tree))
        if not md.categories:
            self._pending["categories"] = lambda: traf_metadata.extract_catstags("category",
                                                                                 tree)

    def __getitem__(self, key: str) -> Any:
        if key in self._pending:
            self._fields[key] = restore_fields({key: self._pending.pop(key)()})[key]
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields  # without reading a pending field

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


def _metadata(tree: lxml_html.HtmlElement, url: str) -> TrafilaturaDocument:
    """trafilatura.metadata.extract_metadata (no author blacklist, htmldate's quick search)
    without the author and category fallbacks and the license."""
    md = traf_metadata.examine_meta(tree)
    if md.author and " " not in md.author:
        md.author = None
    try:
        md = traf_metadata.extract_meta_json(tree, md)
    except Exception:  # trafilatura's own bugs in its JSON-LD reading, as it catches them
        logger.debug("trafilatura's JSON metadata failed on %s", url, exc_info=True)
    md.title = md.title or traf_metadata.extract_title(tree)
    md.url = md.url or traf_metadata.extract_url(tree, url)
    if md.url:
        md.hostname = traf_metadata.extract_domain(md.url, fast=True)
    md.date = traf_metadata.find_date(tree, **{**DATE_PARAMS, "url": md.url})
    md.sitename = md.sitename or traf_metadata.extract_sitename(tree)
    if md.sitename:
        md.sitename = md.sitename.lstrip("@")
        if md.sitename and "." not in md.sitename and not md.sitename[0].isupper():
            md.sitename = md.sitename.title()
    elif md.url and (match := traf_metadata.META_URL.match(md.url)):
        md.sitename = match[1]
    md.tags = md.tags or traf_metadata.extract_catstags("tag", tree)
    md.clean_and_trim()
    return md


def _trimmed(value: Any) -> Any:
    """A string as trafilatura's Document.clean_and_trim leaves it."""
    if not isinstance(value, str):
        return value
    return traf_utils.line_processing(unescape(value[:9999] + "…" if len(value) > 10000
                                               else value))


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
