"""Discovery documents: RSS 2.0 and Atom feeds, XML sitemaps, sitemap indexes, Google News sitemaps.

Plain functions over bytes, no Scrapy: each returns `Entry` objects carrying what the document said
about a URL (title, date, keywords), so nothing the source knew is lost before the page is fetched.
Scrapy's own sitemap reader drops the `news:` fields, hence this module.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # a gzipped sitemap may not inflate past this
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
)
# Real feeds break XML in small ways (a bare "&" in a link, a stray control character): a second
# pass with libxml2's recovery keeps what it can, and says so in the log.
BARE_AMPERSAND = re.compile(rb"&(?!#?[A-Za-z0-9]+;)")
_LENIENT = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True, recover=True
)


class DiscoveryError(ValueError):
    """A feed or sitemap that cannot be read; `reason` is a short code for stats and rejects."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class Entry:
    url: str
    via: str  # feed | sitemap | sitemap_index | links
    source: str = ""  # the document that listed it
    title: str | None = None
    date: str | None = None  # as written by the source (RFC 822, ISO 8601 ...)
    modified: str | None = None
    keywords: list[str] = field(default_factory=list)

    def as_meta(self) -> dict:
        """What travels with the request to the article item (`discovery` field)."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(elem: etree._Element, name: str) -> str | None:
    for child in elem:
        if _local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def _children(elem: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in elem if _local(child.tag) == name]


def parse_xml(body: bytes) -> etree._Element:
    """Parse a discovery document, inflating gzip; raise DiscoveryError when it is not XML."""
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                body = fh.read(MAX_DOCUMENT_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise DiscoveryError("bad_gzip", str(exc)) from exc
        if len(body) > MAX_DOCUMENT_BYTES:
            raise DiscoveryError("too_large", f"inflates past {MAX_DOCUMENT_BYTES} bytes")
    if not body.strip():
        raise DiscoveryError("empty")
    try:
        return etree.fromstring(body.lstrip(), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        problem = str(exc).splitlines()[0][:200]
    root = etree.fromstring(BARE_AMPERSAND.sub(b"&amp;", body.lstrip()), parser=_LENIENT)
    if root is None:
        raise DiscoveryError("not_xml", problem)
    logger.info("malformed XML read leniently (%s)", problem)
    return root


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS 2.0 (or RSS 1.0/RDF), Atom or JSON Feed, in document order."""
    if body.lstrip()[:1] in (b"{", b"["):
        return parse_json_feed(body, base_url)
    root = parse_xml(body)
    kind = _local(root.tag)
    if kind == "feed":
        return [_atom_entry(e, base_url) for e in root.iter("{*}entry") if _atom_link(e)]
    if kind in ("rss", "RDF"):
        return [entry for item in root.iter("{*}item") if (entry := _rss_entry(item, base_url))]
    raise DiscoveryError("not_a_feed", f"root element <{kind}>")


def parse_json_feed(body: bytes, base_url: str) -> list[Entry]:
    """Entries of a JSON Feed (https://jsonfeed.org, versions 1 and 1.1)."""
    try:
        feed = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DiscoveryError("not_json", str(exc)[:200]) from exc
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise DiscoveryError("not_a_feed", "JSON without an items list")
    entries = []
    for item in feed["items"]:
        link = item.get("url") or item.get("external_url") if isinstance(item, dict) else None
        if isinstance(link, str) and link.strip():
            entries.append(Entry(
                url=urljoin(base_url, link.strip()), via="feed", source=base_url,
                title=item.get("title"), date=item.get("date_published"),
                modified=item.get("date_modified"),
                keywords=[t for t in item.get("tags") or [] if isinstance(t, str)],
            ))
    return entries


def _rss_entry(item: etree._Element, base_url: str) -> Entry | None:
    link = _child_text(item, "link")
    if not link:
        guid = _children(item, "guid")
        if guid and guid[0].get("isPermaLink", "true") != "false" and guid[0].text:
            link = guid[0].text.strip()
    if not link:
        return None
    return Entry(
        url=urljoin(base_url, link),
        via="feed",
        source=base_url,
        title=_child_text(item, "title"),
        date=_child_text(item, "pubDate") or _child_text(item, "date"),
        keywords=[c.text.strip() for c in _children(item, "category") if c.text and c.text.strip()],
    )


def _atom_link(entry: etree._Element) -> str | None:
    links = _children(entry, "link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _atom_entry(entry: etree._Element, base_url: str) -> Entry:
    base = entry.get("{http://www.w3.org/XML/1998/namespace}base") or base_url
    return Entry(
        url=urljoin(base, (_atom_link(entry) or "").strip()),
        via="feed",
        source=base_url,
        title=_child_text(entry, "title"),
        date=_child_text(entry, "published") or _child_text(entry, "issued"),
        modified=_child_text(entry, "updated"),
        keywords=[c.get("term") for c in _children(entry, "category") if c.get("term")],
    )


def parse_sitemap(body: bytes, base_url: str) -> tuple[str, list[Entry]]:
    """Return ("index", child sitemaps newest first) or ("urlset", page entries)."""
    root = parse_xml(body)
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = [
            Entry(url=urljoin(base_url, loc), via="sitemap_index", source=base_url,
                  modified=_child_text(s, "lastmod"))
            for s in _children(root, "sitemap") if (loc := _child_text(s, "loc"))
        ]
        children.sort(key=lambda e: e.modified or "", reverse=True)
        return "index", children
    if kind == "urlset":
        return "urlset", [e for u in _children(root, "url") if (e := _url_entry(u, base_url))]
    raise DiscoveryError("not_a_sitemap", f"root element <{kind}>")


def _url_entry(url: etree._Element, base_url: str) -> Entry | None:
    loc = _child_text(url, "loc")
    if not loc:
        return None
    entry = Entry(url=urljoin(base_url, loc), via="sitemap", source=base_url,
                  modified=_child_text(url, "lastmod"))
    for news in _children(url, "news"):
        entry.date = _child_text(news, "publication_date")
        entry.title = _child_text(news, "title")
        keywords = _child_text(news, "keywords") or ""
        entry.keywords = [k.strip() for k in keywords.replace("،", ",").split(",") if k.strip()]
    return entry


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/json", "application/rdf+xml")


def feed_links(tree: etree._Element, base_url: str) -> list[str]:
    """Feeds a page advertises with <link rel="alternate" type="...rss/atom/json...">."""
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES and link.get("href"):
            url = urljoin(base_url, link.get("href").strip())
            if url not in found:
                found.append(url)
    return found
