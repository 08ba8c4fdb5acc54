"""What kind of block of the page a body line comes from, read from structure, not wording.

The extractor hands back lines of text; the page says what each was. A line is looked up by its
text among the page's small blocks, and a block is boilerplate when:
- its markup says so: inside a <figure>/<figcaption>, or an element whose class, id, itemprop
  or role holds a word from MARKER_KINDS (caption, credit, byline, author, date, share, related,
  tags, comments ...: the generic vocabulary of news templates, not one site's);
- it sits beside an image: a short text in a small block that holds an <img>, or just after an
  element that is only an image (a caption without markup);
- it is mostly links (a "read also" inject, a tag list) or links to the site's legal pages (a
  comment policy).
A line is taken for boilerplate only when every block with its text is; a paragraph that also
appears in a widget (the lead in a share box) stays.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from lxml import html as lxml_html

from pipelines.extract.teasers import PROSE_MIN_WORDS, TeaserFinder
from pipelines.extract.zwnj import ZWNJ, ZWNJ_STAND_IN

logger = logging.getLogger(__name__)

# marker words (class/id/itemprop/role, split at - _ and camelCase) -> the kind of block
MARKER_KINDS = {
    **dict.fromkeys(("caption", "captions", "figcaption", "credit", "credits", "photocredit",
                     "legend"), "caption"),
    **dict.fromkeys(("byline", "author", "authors", "writer", "writers", "reporter", "by",
                     "kateb", "katib"), "byline"),
    **dict.fromkeys(("date", "dates", "dateline", "datetime", "time", "timestamp", "published",
                     "posted", "updated", "pubdate", "modified"), "date"),
    **dict.fromkeys(("meta", "metadata", "postmeta", "entrymeta"), "meta"),
    **dict.fromkeys(("share", "sharing", "shares", "social", "sharethis", "addthis", "print"),
                    "share"),
    **dict.fromkeys(("related", "readmore", "recommended", "suggested", "also"), "related"),
    **dict.fromkeys(("tags", "tag", "keywords", "topics", "hashtags", "labels"), "tags"),
    **dict.fromkeys(("comment", "comments", "disqus", "respond"), "comments"),
    **dict.fromkeys(("breadcrumb", "breadcrumbs", "crumbs"), "breadcrumb"),
    **dict.fromkeys(("ad", "ads", "advert", "advertisement", "sponsored", "promo"), "ad"),
    **dict.fromkeys(("newsletter", "subscribe", "subscription", "follow"), "prompt"),
    **dict.fromkeys(("embed", "tweet", "twitter", "instagram", "tiktok", "oembed"), "embed"),
}
WIDGETS = {"caption", "embed", "share", "meta", "byline", "date"}  # marked widgets of the body
MARKED_MAX_WORDS = 40  # a marked element longer than this is a container, not a widget
PIECE_KEY = 60  # characters that identify a paragraph of bare text
META_MAX_WORDS = 12  # a text of the row between the headline and the body
CAPTION_MAX_WORDS = 40  # text in a small block beside an image
BARE_CAPTION_MAX_WORDS = 20  # a caption just after an image, without markup
LINK_SHARE = 0.6  # a block whose text is at least this share of links is a list of links
LINKS_MAX_WORDS = 40
LEGAL_MAX_WORDS = 80
NOTE_EXTRA_WORDS = 30  # what a legal note's container may hold besides it: a disclaimer line
# the last segment of a link to one of the site's legal pages: /privacy, /terms.html ...
LEGAL_LINK = re.compile(r"^(?:https?://[^/]+)?/(?:[^?#]*/)?[\w-]*(?:privacy|terms|policy|policies|"
                        r"guidelines|conditions|cookies|disclaimer)[\w-]*(?:\.\w+)?/?(?:[?#].*)?$",
                        re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!؟?]['\"”»)]*\s*$")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PARAGRAPHS = {"p", "blockquote"}
SKIPPED = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "html",
           "body", "svg"}
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
NOT_LETTERS = re.compile(r"[^a-z]+")
LinkFacts = tuple[bool, bool, int]
IGNORED = re.compile(f"[\\s|{ZWNJ}{ZWNJ_STAND_IN}\u200b\u200e\u200f]+")  # | of table rows


@lru_cache(maxsize=16384)
def flat(text: str) -> str:
    """The text without whitespace and invisible characters: the key a line is looked up by
    (cached: the body's lines are looked up many times)."""
    return IGNORED.sub("", text)


def _markers(node: lxml_html.HtmlElement) -> str:
    get = node.get
    return f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''} {get('role') or ''}"


@lru_cache(maxsize=8192)
def _words_of(raw: str) -> frozenset[str]:
    return frozenset(w for w in NOT_LETTERS.split(CAMEL.sub(" ", raw).lower()) if w)


@lru_cache(maxsize=8192)
def _kind_of(raw: str) -> str | None:
    return next((MARKER_KINDS[w] for w in sorted(_words_of(raw)) if w in MARKER_KINDS), None)


def marker_words(node: lxml_html.HtmlElement) -> frozenset[str]:
    """The words of an element's class, id, itemprop and role ("postAuthor" -> post, author)."""
    return _words_of(_markers(node))


def marker_kind(node: lxml_html.HtmlElement) -> str | None:
    """The kind the element's markers give it (MARKER_KINDS), else None."""
    if node.tag in ("figure", "figcaption"):
        return "caption"
    return _kind_of(_markers(node))


@dataclass
class Block:
    """A small element of the page whose text may be a body line."""

    node: lxml_html.HtmlElement
    kind: str | None  # why it is boilerplate, None for a plain block
    position: int  # in document order


class BlockIndex:
    """The page's small blocks by their flattened text, each with its kind."""

    def __init__(self, tree: lxml_html.HtmlElement, url: str = "") -> None:
        self.teasers = TeaserFinder(url)
        self.blocks: dict[str, list[Block]] = defaultdict(list)
        self.headline: int | None = None  # the position of the first <h1>
        self.pieces: dict[str, lxml_html.HtmlElement] = {}  # bare-text paragraph -> its holder
        # an element -> the paragraphs it holds: (text, bare text rather than an element)
        self.held: dict[lxml_html.HtmlElement, list[tuple[str, bool]]] = defaultdict(list)
        inherited: dict[lxml_html.HtmlElement, str | None] = {}
        sizes = _word_counts(tree)
        self.h1_holders = _holders(tree, "h1")
        self.img_holders = _holders(tree, "img")
        self.links: dict[lxml_html.HtmlElement, LinkFacts] = {}
        for position, node in enumerate(tree.iter()):
            if not isinstance(node.tag, str) or node.tag in SKIPPED:
                continue
            if node.tag == "h1" and self.headline is None:
                self.headline = position
            self._add_pieces(node)
            if sizes[node] > LEGAL_MAX_WORDS * 2:  # a container: no block, passes no marker
                continue
            # an element without words (an image, a <br>) has no text to read
            parts = node.text_content().split() if sizes[node] else []
            text, words = " ".join(parts), len(parts)
            parent = node.getparent()
            kind = inherited.get(parent) if parent is not None else None
            if kind is None and words <= MARKED_MAX_WORDS and node not in self.h1_holders:
                kind = marker_kind(node)
            inherited[node] = kind if words <= MARKED_MAX_WORDS else None
            if not words or words > LEGAL_MAX_WORDS:
                continue
            kind = kind or self._structural_kind(node, text, words)
            self.blocks[flat(text)].append(Block(node, kind, position))
        self._spread_legal_notes(sizes)

    def _structural_kind(self, node: lxml_html.HtmlElement, text: str, words: int) -> str | None:
        return _structural_kind(node, text, words, self.h1_holders, self.img_holders,
                                self.links)

    def _spread_legal_notes(self, sizes: dict[lxml_html.HtmlElement, int]) -> None:
        """A legal note's small container is a note as a whole: the comment policy and the
        disclaimer printed beside it."""
        legal = {b.node: sizes[b.node] for blocks in self.blocks.values() for b in blocks
                 if b.kind == "legal" and b.node.getparent() is not None}
        notes = set()
        for node, words in legal.items():
            parent = node.getparent()
            if sizes[parent] - words <= NOTE_EXTRA_WORDS and parent not in self.h1_holders:
                notes.add(parent)
        for blocks in self.blocks.values():
            for block in blocks:
                if block.kind is None and any(a in notes for a in block.node.iterancestors()):
                    block.kind = "legal"

    def _add_pieces(self, node: lxml_html.HtmlElement) -> None:
        """The paragraphs of prose an element holds, in order: its plain paragraph children and
        its bare text between children (a body written as text and <br>s, an image between)."""
        self._hold(node, node.text, bare=True)
        for child in node:
            if isinstance(child.tag, str) and child.tag in PARAGRAPHS:
                self._hold(node, child.text_content(), bare=False)
            self._hold(node, child.tail, bare=True)

    def _hold(self, node: lxml_html.HtmlElement, raw: str | None, bare: bool) -> None:
        words = raw.split() if raw else ()
        if len(words) >= PROSE_MIN_WORDS:
            piece = " ".join(words)
            self.pieces.setdefault(flat(piece)[:PIECE_KEY], node)
            self.held[node].append((piece, bare))

    def holder(self, line: str) -> lxml_html.HtmlElement | None:
        """The element holding this line as a paragraph (bare text or a <p> child)."""
        return self.pieces.get(flat(line)[:PIECE_KEY])

    def kind(self, line: str) -> str | None:
        """The kind of the blocks holding exactly this line, when all of them are boilerplate;
        for a line no block holds exactly (the text around a tweet's quote), the kind of the
        marked widget that holds it."""
        key = flat(line)
        found = self.blocks.get(key)
        if not found:
            return next((b[0].kind for k, b in self.blocks.items() if b[0].kind in WIDGETS
                         and key in k and all(x.kind for x in b)), None) if key else None
        if any(b.kind is None for b in found):
            return None
        return found[0].kind

    def meta_row(self, first_line: str) -> list[str]:
        """Short texts of the blocks between the headline and the body's first line (the row
        of date, byline and credit a page prints there), each once."""
        found = self.blocks.get(flat(first_line))
        if self.headline is None or not found:
            return []
        end = found[0].position
        row = [b for blocks in self.blocks.values() for b in blocks
               if self.headline < b.position < end and b.node.tag not in HEADINGS]
        row.sort(key=lambda b: b.position)
        texts = [" ".join(" ".join(b.node.itertext()).split()) for b in row]
        return list(dict.fromkeys(t for t in texts if len(t.split()) <= META_MAX_WORDS))

    def is_teaser(self, line: str) -> bool:
        """Every block holding this line is a teaser's summary (pipelines/extract/teasers.py)."""
        found = self.blocks.get(flat(line))
        return bool(found) and all(self.teasers.is_teaser(b.node, b.node.text_content())
                                   for b in found)

    def before_headline(self, line: str) -> bool:
        """Every plain block holding this line comes before the page's first <h1>, or is it."""
        found = self.blocks.get(flat(line))
        return bool(found) and self.headline is not None and all(
            b.position <= self.headline or b.kind for b in found)

    def node(self, line: str) -> lxml_html.HtmlElement | None:
        """The first block holding exactly this line."""
        found = self.blocks.get(flat(line))
        return found[0].node if found else None


def _word_counts(tree: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, int]:
    """Roughly how many words each element holds (counted once, from the leaves up): cheap
    enough to skip the containers without reading their text."""
    counts: dict[lxml_html.HtmlElement, int] = {}
    for node in reversed(list(tree.iter())):
        own = len(node.text.split()) if isinstance(node.tag, str) and node.text else 0
        counts[node] = own + sum(counts[c] + len((c.tail or "").split()) for c in node)
    return counts


def _holders(tree: lxml_html.HtmlElement, tag: str) -> set[lxml_html.HtmlElement]:
    """The elements holding a `tag` element below them (what `node.find(".//tag")` finds)."""
    return {a for found in tree.iter(tag) for a in found.iterancestors()}


def _link(a: lxml_html.HtmlElement, seen: dict[lxml_html.HtmlElement, LinkFacts]) -> LinkFacts:
    """(a link to somewhere, to a legal page, the length of its text), read once per link: the
    blocks holding a link are nested."""
    if a not in seen:
        href = a.get("href")
        target = _is_target(href)
        seen[a] = (target, target and bool(LEGAL_LINK.match((href or "").strip())),
                   len(" ".join(a.text_content().split())) if target else 0)
    return seen[a]


def _structural_kind(node: lxml_html.HtmlElement, text: str, words: int,
                     h1_holders: set[lxml_html.HtmlElement],
                     img_holders: set[lxml_html.HtmlElement],
                     seen_links: dict[lxml_html.HtmlElement, LinkFacts]) -> str | None:
    """A block that is a caption by its place, a list of links, or a legal note."""
    links = [facts for a in node.iter("a") if (facts := _link(a, seen_links))[0]]
    if any(legal for _, legal, _ in links):
        return "legal"
    if words > LINKS_MAX_WORDS:
        return None
    linked = sum(length for _, _, length in links)
    if links and linked >= LINK_SHARE * len(text):
        return "links"
    if node.tag in HEADINGS or words > CAPTION_MAX_WORDS:
        return None
    if node in img_holders:  # an image and its text: a caption, not a paragraph
        return "caption" if not SENTENCE_END.search(text) else None
    parent = node.getparent()
    if parent is not None and parent in img_holders and parent not in h1_holders:
        if len(parent.text_content().split()) <= CAPTION_MAX_WORDS:
            return "caption"
    if words <= BARE_CAPTION_MAX_WORDS and not SENTENCE_END.search(text):
        previous = node.getprevious()
        if previous is not None and _only_image(previous):
            return "caption"
    return None


def _only_image(node: lxml_html.HtmlElement) -> bool:
    if not isinstance(node.tag, str):
        return False
    has_image = node.tag == "img" or node.find(".//img") is not None
    return has_image and not node.text_content().strip()


def _is_target(href: str | None) -> bool:
    href = (href or "").strip().lower()
    return bool(href) and not href.startswith(("#", "javascript:", "mailto:", "tel:"))
