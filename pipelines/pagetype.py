"""Article or not: section fronts, tag/author/archive pages and link directories are lists of
teasers, and an extractor run on them returns the teasers as if they were a body.

The signal is structural, not lexical: a listing is a parent with several siblings of the same
kind (tag and class), most of them a *teaser* (a link with words in it, a heading, or a short
first line broken off from a summary). When most of the extracted text lies inside such teaser
items, the page is a listing, whatever its language or layout. An article's paragraphs are
siblings too, but plain ones: they carry no headline part of their own.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict

from lxml import html as lxml_html

logger = logging.getLogger(__name__)

MIN_ITEMS = 4  # siblings of one kind needed before they count as a list of teasers
TEASER_SHARE = 0.6  # share of those siblings that must look like teasers
MIN_ITEM_WORDS = 4  # shorter items (menu entries, tags) are navigation, not teasers
HEADLINE_MAX_WORDS = 25  # the headline part of a teaser is shorter than this
LINK_MIN_WORDS = 2  # a link with at least this many words can be a headline
LISTING_SHARE = 0.5  # share of the extracted text inside teasers that makes the page a listing
PLAIN_BLOCKS = {"p", "blockquote", "pre"}
# whitespace and invisible format characters (ZWNJ and its stand-in included) do not count
IGNORED = re.compile("[\\s\u200b-\u200f\u2060\ufeff\U0001d11e]+")
SKIP = {"script", "style", "noscript", "template", "head", "html", "body"}


def _flat(text: str) -> str:
    return IGNORED.sub("", text)


def _words(text: str) -> int:
    return len(text.split())


def _is_teaser(item: lxml_html.HtmlElement) -> bool:
    """A headline (a link with words, or one that opens the item, or a short line before a
    <br>), maybe followed by a summary. A heading without a link is not one: listicles and
    Q&A articles are made of headed sections."""
    opening = True
    for link in item.iter("a"):
        if _words(link.text_content()) >= LINK_MIN_WORDS:
            return True
        opening = opening and not _words(item.text or "")
        if opening and link.text_content().strip() and link.getparent() is item:
            return True
    if item.tag in PLAIN_BLOCKS:  # a paragraph with a <br> is a Q&A or a poem, not a teaser
        return False
    for br in item.iter("br"):
        before = (item.text or "") + "".join(
            (c.text_content() + (c.tail or "")) for c in item if c is not br and _precedes(c, br))
        return 0 < _words(before) <= HEADLINE_MAX_WORDS and bool((br.tail or "").strip())
    return False


def _precedes(child: lxml_html.HtmlElement, br: lxml_html.HtmlElement) -> bool:
    for node in child.itersiblings():
        if node is br:
            return True
    return False


def teaser_texts(tree: lxml_html.HtmlElement) -> list[str]:
    """Whitespace-free texts of the teaser items of every list of teasers on the page."""
    found: list[str] = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str) or parent.tag in SKIP or len(parent) < MIN_ITEMS:
            continue
        kinds: dict[tuple[str, str], list[lxml_html.HtmlElement]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in SKIP:
                kinds[(child.tag, child.get("class") or "")].append(child)
        for items in kinds.values():
            texts = [(item, item.text_content()) for item in items]
            texts = [(item, t) for item, t in texts if _words(t) >= MIN_ITEM_WORDS]
            if len(texts) < MIN_ITEMS:
                continue
            teasers = [t for item, t in texts if _is_teaser(item)]
            if len(teasers) >= TEASER_SHARE * len(texts):
                found += [_flat(t) for t in teasers]
    return found


def listing_share(tree: lxml_html.HtmlElement, text: str) -> float:
    """Share of `text` (the extracted body) that lies inside teaser items of the page.

    Counted both ways, since an extractor may keep whole teasers (their text is in the body)
    or only parts of them (the body's lines are in the teasers): the larger share wins.
    """
    flat = _flat(text)
    teasers = [t for t in teaser_texts(tree) if t]
    if not flat or not teasers:
        return 0.0
    whole = sum(len(t) for t in teasers if t in flat)
    blob = "\x00".join(teasers)
    parts = 0
    for line in text.split("\n"):
        piece = _flat(line).lstrip("-•*")
        if piece and piece in blob:
            parts += len(piece)
    return min(1.0, max(whole, parts) / len(flat))


def is_listing(tree: lxml_html.HtmlElement, text: str) -> bool:
    """True when most of the extracted text comes from a list of teasers: not an article."""
    share = listing_share(tree, text)
    logger.debug("listing share %.2f", share)
    return share >= LISTING_SHARE
