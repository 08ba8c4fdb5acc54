"""The running text of a page, paragraph by paragraph, and which paragraphs are the summaries
of teasers (section fronts, tag and author pages, related-article blocks) rather than an
article's own text.

A teaser is structural, not lexical: a summary paragraph that sits inside a link, opens with a
headline, or shares a small block (or follows a short block) holding a headline link to
another page. An article's paragraphs are plain: a link inside running text is not a headline,
and an article's body is larger than any teaser. Only what lies near each paragraph is looked
at, so the layout of the list (cards, rows, flat heading/summary runs) does not matter.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from pipelines.extract.pagesignals import url_shape

logger = logging.getLogger(__name__)

PROSE_MIN_WORDS = 12  # a line with fewer words is a label, a headline or a caption, not prose
# Scripts written without spaces between words: characters per word, roughly
UNSPACED = [(re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), 2.0),
            (re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"), 5.0)]
LETTERS_PER_WORD = 6.0  # a word and its space, in Latin or Arabic letters
SENTENCE_END = re.compile(r"[.!?؟。！？…:]['\"”»)]*$")
# whitespace and invisible format characters (ZWNJ and its stand-in included) do not count
IGNORED = re.compile("[\\s\u200b-\u200f\u2060\ufeff\U0001d11e]+")

MIN_TEASERS = 4  # fewer teaser summaries in a body (a source line, a read-also) make no list
HEADLINE_MAX_WORDS = 25  # the headline part of a teaser is shorter than this
LINK_MIN_WORDS = 2  # a link with at least this many words can be a headline
HEADLINE_LINK_SHARE = 0.6  # a headline link is at least this share of its block's text
OPENING_WORDS = 4  # words (a time, a kicker) that may come before an item's headline
TEASER_SLACK = 40  # words a teaser adds to its summary: kicker, headline, date, labels
SUMMARY_MAX = 120  # words: a longer paragraph is an article's text, not a teaser's summary
MAX_UP = 8  # ancestors looked at above a paragraph for its headline (the size limit stops first)
MATCH_CHARS = 60  # a paragraph is in the extracted body when its first characters are
SEPARATOR = re.compile(r"^\s*[-–—:|•·]")
PLAIN_BLOCKS = {"p", "blockquote", "pre"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "li", "td", "th", "dd", "dt", "article", "section", "header", "footer",
          "figure", "figcaption", "blockquote", "ul", "ol", "table", "tr", *HEADINGS}
INLINE = frozenset("""a abbr b bdi bdo big br cite code del dfn em font i img ins kbd label mark
nobr q s samp small span strike strong sub sup time tt u var wbr""".split())
NO_TEXT = frozenset({"script", "style", "noscript", "template", "button", "select", "option",
                     "head", "html", "title"})
NOT_TARGETS = ("#", "javascript:", "mailto:", "tel:")
VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style)]"
VISIBLE_TEXTS = etree.XPath(VISIBLE_TEXT)  # compiled once: asked of many nodes a page


def _flat(text: str) -> str:
    return IGNORED.sub("", text)


def _words(text: str) -> int:
    return len(text.split())


def prose_units(line: str) -> float:
    """Words in a line, counting characters of scripts written without spaces (Chinese,
    Japanese, Thai ...) as the words they roughly make."""
    units = float(_words(line))
    for chars, per_word in UNSPACED:
        found = len(chars.findall(line))
        if found:
            units += found / per_word
    return units


def prose_chars(text: str) -> int:
    """Characters in paragraphs long enough to be prose: menus, tickers and captions are not.
    Lines wrapped by hand (the next one goes on in lower case) are read as one paragraph, and
    the characters of scripts written without spaces count as the Latin letters they stand for.

    When trafilatura finds no article body it falls back to the page's whole text, which on a
    gallery or a section front is a pile of short lines; counting only prose lines catches that.
    """
    total = 0.0
    for paragraph in _paragraphs(text):
        if prose_units(paragraph) >= PROSE_MIN_WORDS:
            total += len(paragraph) + sum(len(chars.findall(paragraph)) * (LETTERS_PER_WORD / per
                                          - 1) for chars, per in UNSPACED)
    return int(total)


def _paragraphs(text: str) -> list[str]:
    merged: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if merged and merged[-1] and line[:1].islower() and not SENTENCE_END.search(merged[-1]):
            merged[-1] += " " + line
        else:
            merged.append(line)
    return merged


def _opening_words(item: lxml_html.HtmlElement, link: lxml_html.HtmlElement) -> int:
    """Words of the item's text that come before the link (in document order), up to a few."""
    ancestors = set(link.iterancestors())
    count = 0
    for node in item.iter():
        if node is link or count > OPENING_WORDS:
            break
        if isinstance(node.tag, str) and node.text:
            count += _words(node.text)
        if node is not item and node not in ancestors and node.tail:
            count += _words(node.tail)
    return count


def _line_ends_after(link: lxml_html.HtmlElement) -> bool:
    """Nothing follows the link on its line: a <br> or a block comes next."""
    if (link.tail or "").strip():
        return False
    following = link.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following is not None and (following.tag == "br" or following.tag in BLOCKS)


def _precedes(child: lxml_html.HtmlElement, br: lxml_html.HtmlElement) -> bool:
    for node in child.itersiblings():
        if node is br:
            return True
    return False


def _own_text(node: lxml_html.HtmlElement) -> str:
    """The text a block holds itself: its text, its inline children's, the tails of all."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and child.tag in INLINE:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def prose_blocks(tree: lxml_html.HtmlElement) -> list[tuple[lxml_html.HtmlElement, str]]:
    """Blocks holding running text of their own (a paragraph, a summary), in document order."""
    found = []
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in INLINE or node.tag in NO_TEXT:
            continue
        own = _own_text(node)
        if len(own) >= PROSE_MIN_WORDS * 2 and prose_units(own) >= PROSE_MIN_WORDS:
            found.append((node, own))
    return found


class TeaserFinder:
    """Tells whether a paragraph is the summary of a teaser: it sits inside a link, opens with a
    headline, or shares a small block with a headline link to another page."""

    def __init__(self, page_url: str) -> None:
        self.page = page_url.split("#")[0].rstrip("/")
        self.host = urlsplit(page_url).hostname if page_url.startswith("http") else None
        self.lengths: dict[lxml_html.HtmlElement, float] = {}
        self.headline: dict[lxml_html.HtmlElement, bool] = {}

    def _length(self, node: lxml_html.HtmlElement) -> float:
        """Words of the node's visible text (scripts and styles left out)."""
        if node not in self.lengths:
            self.lengths[node] = prose_units(" ".join(VISIBLE_TEXTS(node)))
        return self.lengths[node]

    def is_headline_link(self, link: lxml_html.HtmlElement) -> bool:
        """A link to another page that reads as a headline (words, a title, a heading) and
        does not lead to an index page (tag, author, section: labels, not headlines)."""
        if link not in self.headline:
            self.headline[link] = self._headline(link)
        return self.headline[link]

    def _headline(self, link: lxml_html.HtmlElement) -> bool:
        href = (link.get("href") or "").strip()
        if not href or href.lower().startswith(NOT_TARGETS):
            return False
        target = urljoin(self.page or "http://unknown.invalid/", href)
        if target.split("#")[0].rstrip("/") == self.page:
            return False  # the page's own address
        shape = url_shape(target)
        same_site = urlsplit(target).hostname == self.host
        if shape is not None and shape.name != "url:article" and same_site:
            return False  # a tag, author, section or home link: a label, not a headline
        words = max(_words(link.text_content()), _words(link.get("title") or ""),
                    _words(link.get("aria-label") or ""))
        return (words >= LINK_MIN_WORDS or (shape is not None and shape.name == "url:article")
                or (words >= 1 and not same_site) or any(True for _ in link.iter(*HEADINGS)))

    def is_teaser(self, block: lxml_html.HtmlElement, own: str) -> bool:
        if any(a.tag == "a" and a.get("href") for a in block.iterancestors()):
            return True
        if self._opens_with_headline(block, own):
            return True
        units = prose_units(own)
        if units > SUMMARY_MAX:
            return False
        limit = units + TEASER_SLACK
        inner = set(block.iter("a"))
        node = block
        for _ in range(MAX_UP):
            if self._headline_before(node):
                return True
            node = node.getparent()
            if node is None or self._length(node) > limit:
                return False
            for link in node.iter("a"):
                if link not in inner and self.is_headline_link(link):
                    return True
            inner.update(node.iter("a"))
        return False

    def _headline_before(self, node: lxml_html.HtmlElement) -> bool:
        """The element just before `node` is a headline link, or a short block holding one (a
        list laid out flat: heading, summary, heading, summary ...)."""
        previous = node.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is None or _words(previous.text_content()) > HEADLINE_MAX_WORDS:
            return False
        links = [previous] if previous.tag == "a" else previous.iter("a")
        return any(self.is_headline_link(link) for link in links)

    def _opens_with_headline(self, block: lxml_html.HtmlElement, own: str) -> bool:
        """A headline link opening the block (followed by a separator, or most of the block), or
        a short line broken off from a summary by a <br> (not in a plain paragraph)."""
        own_words = _words(own)
        for link in block.iter("a"):
            words = _words(link.text_content())
            if not words or not self.is_headline_link(link):
                continue
            if words >= HEADLINE_LINK_SHARE * own_words:
                return True
            if _opening_words(block, link) <= OPENING_WORDS and (
                    SEPARATOR.match(link.tail or "") or _line_ends_after(link)):
                return True
            break
        if block.tag in PLAIN_BLOCKS:  # a paragraph with a <br> is a Q&A or a poem, not a teaser
            return False
        for br in block.iter("br"):
            before = (block.text or "") + "".join(
                (c.text_content() if isinstance(c.tag, str) else "") + (c.tail or "")
                for c in block if c is not br and _precedes(c, br))
            return 0 < _words(before) <= HEADLINE_MAX_WORDS and bool((br.tail or "").strip())
        return False


def teaser_split(tree: lxml_html.HtmlElement, text: str,
                 url: str = "") -> tuple[int, int, int]:
    """Characters of the extracted body's running text that are teaser summaries, that are not,
    and that make the largest body of plain paragraphs held together (by a parent or a
    grandparent): each paragraph of the page found in the extracted body counts."""
    flat = _flat(text)
    if not flat:
        return 0, 0, 0
    finder = TeaserFinder(url)
    teasers, others, count = 0, 0, 0
    containers: dict[lxml_html.HtmlElement, int] = defaultdict(int)
    for block, own in prose_blocks(tree):
        key = _flat(own)
        if key[:MATCH_CHARS] not in flat:
            continue
        if finder.is_teaser(block, own):
            teasers += len(key)
            count += 1
            continue
        others += len(key)
        parent = block.getparent()
        for holder in (parent, parent.getparent() if parent is not None else None):
            if holder is not None:
                containers[holder] += len(key)
    body = max(containers.values(), default=0)
    if count < MIN_TEASERS:
        return 0, others + teasers, body
    return teasers, others, body


def listing_share(tree: lxml_html.HtmlElement, text: str, url: str = "") -> float:
    """Share of the running text of `text` (the extracted body) that is teaser summaries."""
    teasers, others, _ = teaser_split(tree, text, url)
    return teasers / (teasers + others) if teasers + others else 0.0
