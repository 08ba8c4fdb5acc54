"""The page's own structured metadata: JSON-LD, OpenGraph / article:* / name= meta tags, canonical
link, headings and <time> elements. Read once from the parsed tree, before trafilatura prunes it.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from pipelines.extract.datelines import visible_date_lines

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
    "liveblogposting", "report", "scholarlyarticle",
}
UPDATED_MARKER = re.compile(r"updat|modif|dateModified", re.IGNORECASE)


@dataclass
class PageMetadata:
    jsonld: dict[str, Any] = field(default_factory=dict)  # the article object, when there is one
    jsonld_types: list[str] = field(default_factory=list)  # every @type seen, lower-cased
    meta: dict[str, str] = field(default_factory=dict)  # name/property (lower-cased) -> content
    canonical: str | None = None
    h1: list[str] = field(default_factory=list)
    title_tag: str | None = None
    times: list[str] = field(default_factory=list)  # <time datetime> values, document order
    modified_times: list[str] = field(default_factory=list)  # <time> marked as an update
    breadcrumb: list[str] = field(default_factory=list)  # crumb labels, home first
    date_lines: list[str] = field(default_factory=list)  # visible date lines, best first
    html_lang: str | None = None

    @property
    def declares_article(self) -> bool:
        """The page says it is an article: og:type=article or a JSON-LD article object."""
        return self.meta.get("og:type", "").lower() == "article" or bool(self.jsonld)


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    """What the page states about itself, read from its tree as served."""
    md = PageMetadata()
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip()
        content = (node.get("content") or "").strip()
        if key and content:
            md.meta.setdefault(key.lower(), content)
    _read_inline_metadata(tree, md)
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            md.canonical = md.canonical or link.get("href").strip()
    md.h1 = [t for h in tree.iter("h1") if (t := " ".join(h.text_content().split()))]
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        md.title_tag = " ".join(title.text_content().split())
    for node in tree.iter("time"):
        if node.get("datetime"):
            updated = UPDATED_MARKER.search(_markers(node) + " " + _markers(node.getparent()))
            (md.modified_times if updated else md.times).append(node.get("datetime").strip())
    md.date_lines = visible_date_lines(tree)
    md.html_lang = tree.get("lang") or None
    objects = list(_jsonld_objects(tree))
    md.jsonld_types = [t for obj in objects for t in _types(obj)]
    md.jsonld = next((o for o in objects if ARTICLE_TYPES & set(_types(o))), {})
    md.breadcrumb = _jsonld_breadcrumb(objects) or _html_breadcrumb(tree)
    return md


def _read_inline_metadata(tree: lxml_html.HtmlElement, md: PageMetadata) -> None:
    """Microdata and RDFa written on page elements (itemprop="datePublished" content=...,
    property="dc:date dc:created" content=..., as Drupal's RDF module writes): under the same
    keys as meta tags, which come first."""
    for node in tree.xpath("//body//*[@content][@itemprop or @property]"):
        content = (node.get("content") or "").strip()
        keys = f"{node.get('itemprop') or ''} {node.get('property') or ''}".lower().split()
        for key in keys if content else ():
            md.meta.setdefault(key, content)


def _marked(attribute: str, word: str) -> str:
    upper = "".join(sorted(set(word))).upper()
    return f"contains(translate(@{attribute}, '{upper}', '{upper.lower()}'), '{word}')"


# the elements whose class, id or itemprop holds "breadcrumb" in any case, in document order
# (found by libxml2 rather than by a walk in Python; `_markers` then reads them as before)
BREADCRUMB_MARKED = etree.XPath("descendant-or-self::*[" + " or ".join(
    _marked(a, "breadcrumb") for a in ("class", "id", "itemprop")) + "]")


def _markers(node: lxml_html.HtmlElement | None) -> str:
    if node is None or not isinstance(node.tag, str):
        return ""
    return " ".join(node.get(a, "") for a in ("class", "id", "itemprop")).lower()


def _jsonld_breadcrumb(objects: list[dict[str, Any]]) -> list[str]:
    for obj in objects:
        if "breadcrumblist" in _types(obj):
            items = obj.get("itemListElement") or []
            items = sorted((i for i in items if isinstance(i, dict)),
                           key=lambda i: int(i.get("position") or 0))
            labels = [_crumb_label(i) for i in items]
            return [" ".join(x.split()) for x in labels if isinstance(x, str) and x.strip()]
    return []


def _crumb_label(item: dict[str, Any]) -> Any:
    target = item.get("item")
    return item.get("name") or (target.get("name") if isinstance(target, dict) else None)


def _html_breadcrumb(tree: lxml_html.HtmlElement) -> list[str]:
    for node in BREADCRUMB_MARKED(tree):
        if "breadcrumb" in _markers(node):
            labels = [" ".join(a.text_content().split()) for a in node.iter("a")]
            if labels:
                return [x for x in labels if x]
    return []


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type", [])
    return [str(k).lower() for k in (kind if isinstance(kind, list) else [kind])]


def _jsonld_objects(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object in the page's ld+json scripts, @graph members flattened."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            logger.debug("unreadable JSON-LD block (%d chars)", len(raw))
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
    return found


def names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value: a string, an object, or a list of them."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        name = v.get("name") if isinstance(v, dict) else v
        if isinstance(name, str) and name.strip():
            out.append(" ".join(name.split()))
    return out


def text_list(value: Any) -> list[str]:
    """A keywords-like value (comma-separated string or list) as a list of clean strings."""
    if isinstance(value, str):
        value = value.replace("،", ",").split(",")
    if not isinstance(value, list):
        return []
    return [" ".join(v.split()) for v in value if isinstance(v, str) and v.strip()]
