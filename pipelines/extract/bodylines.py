"""The body's lines without boilerplate, by wording (pipelines/extract/boilerplate.py) and by
what the page's structure says of each line's block (pipelines/extract/blocks.py).

What leaves the body but tells something about the article is kept as evidence: a byline names
the author, the date line under the headline gives the date, "(أ ش أ)" the agency.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import html as lxml_html

from pipelines.extract.blocks import PIECE_KEY, BlockIndex, flat
from pipelines.extract.boilerplate import byline_name, is_boilerplate, is_credit, same_text
from pipelines.extract.datelines import is_date_line
from pipelines.extract.teasers import PROSE_MIN_WORDS

logger = logging.getLogger(__name__)

BULLET = "-•·*"  # the extractor writes list items as "- item"
CELL = "|"  # ... and table rows as "| cell | cell |"
NAME_PARTS = re.compile(r"\s+[-–—|/]\s+|\s*[،,]\s*")  # "Name - City", "Name، City"
MASTHEAD_LINES = 6  # the headline found this far into the body: what stands above it goes
MIN_BODY_PARAGRAPHS = 2  # paragraphs of prose in one container that make it the body's
REMOVED_MIN_CHARS = 12  # a removed line this long inside a lost paragraph keeps it out


@dataclass
class CleanBody:
    """The body's lines without boilerplate, and the evidence taken out with them."""

    lines: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)  # author evidence: names, byline rows
    date_lines: list[str] = field(default_factory=list)  # date evidence: the visible date line
    credits: list[str] = field(default_factory=list)  # agency evidence: "(أ ش أ)", "(وكالات)"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def clean_body(text: str, title: str | None = None, blocks: BlockIndex | None = None,
               authors: Iterable[str] = ()) -> CleanBody:
    """The body without boilerplate: lines that come from blocks the page marks or places as
    boilerplate (`blocks`), labels, prompts, credits and agency credit lines wherever they are;
    teaser summaries outside the body's container; at the edges (before the first and after the
    last paragraph of prose) a repeated headline, bylines, date lines, the headline and what
    stands above it, short lines from outside the body's own container, and the bare names of
    the `authors` the page declares ("فلان - القاهرة")."""
    out = CleanBody()
    declared = {" ".join(a.split()) for a in authors if a and a.strip()}
    for line in _lines(text):
        bare = line.lstrip(BULLET).strip()
        kind = blocks.kind(bare) if blocks is not None else None
        if kind:
            _keep_evidence(bare, kind, out)
        elif is_credit(bare):
            out.credits.append(bare)
        elif not is_boilerplate(bare):
            out.lines.append(line)
    if blocks is not None:
        out.lines = _without_teasers(out.lines, blocks)
    _drop_masthead(out, title)
    changed = True
    while out.lines and changed:
        changed = bool(title and same_text(out.lines[0], title))
        if changed:
            out.lines.pop(0)
        for index in (0, -1):
            if out.lines and _edge_line(out, index, blocks, declared):
                out.lines.pop(index)
                changed = True
    if blocks is not None and out.lines:
        kept = {flat(line) for line in out.lines}
        removed = [k for line in _lines(text) if (k := flat(line)) not in kept]
        _restore_lost(out, blocks, removed)
        _meta_row_evidence(blocks.meta_row(out.lines[0]), out)
    return out


def _lines(text: str) -> list[str]:
    """The extractor's lines; a table row with a single filled cell (a layout table) is read
    as that cell, a row of several cells stays a row."""
    found = []
    for line in (x.strip() for x in text.split("\n")):
        if line.startswith(CELL) and line.endswith(CELL):
            cells = [c.strip() for c in line.strip(CELL).split(CELL) if c.strip()]
            line = cells[0] if len(cells) == 1 else line
        if line:
            found.append(line)
    return found


def _without_teasers(lines: list[str], blocks: BlockIndex) -> list[str]:
    """The lines less the teaser summaries (a headline link beside them) found outside the
    container that holds most of the body's paragraphs, when that container holds more."""
    nodes = [blocks.node(line) for line in lines]
    # in the body's order, not a set's: of two containers holding as many paragraphs, the first
    # is the body's on every run (a set of elements iterates in memory order)
    prose = dict.fromkeys(n for line, n in zip(lines, nodes, strict=True)
                          if n is not None and len(line.split()) >= PROSE_MIN_WORDS)
    parents = Counter(n.getparent() for n in prose)
    if not parents:
        return lines
    main, held = parents.most_common(1)[0]
    teasers = {line for line, node in zip(lines, nodes, strict=True) if node is not None
               and main is not None and not _inside(node, main) and blocks.is_teaser(line)}
    body_words = sum(len(line.split()) for line, node in zip(lines, nodes, strict=True)
                     if node is not None and main is not None and _inside(node, main))
    if held < MIN_BODY_PARAGRAPHS or sum(len(t.split()) for t in teasers) >= body_words:
        return lines  # no body stands out from the teasers: a list, for the page type to judge
    return [line for line in lines if line not in teasers]


def _drop_masthead(out: CleanBody, title: str | None) -> None:
    """Short lines the extractor kept above the headline (the site's name, a menu, a date, a
    kicker), when the headline comes among the body's first lines: out, dates and bylines
    kept as evidence."""
    head = next((i for i, line in enumerate(out.lines[:MASTHEAD_LINES])
                 if title and same_text(line, title)), None)
    if not head or any(len(line.split()) >= PROSE_MIN_WORDS for line in out.lines[:head]):
        return
    _meta_row_evidence(out.lines[:head], out)
    del out.lines[:head]


def _restore_lost(out: CleanBody, blocks: BlockIndex, removed: list[str]) -> None:
    """The paragraphs of prose the extractor lost from the element that holds the body's own
    paragraphs (bare text between <br>s after an image block), each put back after the
    paragraph before it, unless it is boilerplate, its text is in the body already, or it holds
    a line taken out of the body (`removed`, flattened)."""
    removed = [r for r in removed if len(r) >= REMOVED_MIN_CHARS]
    holders = Counter(h for line in out.lines if (h := blocks.holder(line)) is not None)
    if not holders or holders.most_common(1)[0][1] < MIN_BODY_PARAGRAPHS:
        return
    held = [piece for piece, _ in blocks.held[holders.most_common(1)[0][0]]]
    body = "".join(flat(line) for line in out.lines)
    for index, piece in enumerate(held):
        key = flat(piece)
        if key in body or is_boilerplate(piece) or blocks.kind(piece) or any(
                r in key for r in removed):
            continue
        keys = [flat(line) for line in out.lines]
        previous = next((i for p in reversed(held[:index]) if (i := _line_of(p, keys)) is not None),
                        None)
        following = next((i for p in held[index + 1:] if (i := _line_of(p, keys)) is not None),
                         None)
        if previous is None and following is None:
            continue
        out.lines.insert(previous + 1 if previous is not None else following, piece)
        body = "".join(flat(line) for line in out.lines)


def _line_of(piece: str, keys: list[str]) -> int | None:
    """The body line that begins with this paragraph, or that it begins with."""
    key = flat(piece)
    return next((i for i, line in enumerate(keys)
                 if line.startswith(key[:PIECE_KEY]) or key.startswith(line[:PIECE_KEY])), None)


def _keep_evidence(line: str, kind: str, out: CleanBody) -> None:
    if kind in ("date", "meta") and is_date_line(line):
        out.date_lines.append(line)
    elif kind in ("byline", "meta"):
        out.bylines.append(byline_name(line) or line)


def _edge_line(out: CleanBody, index: int, blocks: BlockIndex | None,
               declared: set[str]) -> bool:
    """Whether the first (index 0) or last (-1) line is a byline, a date line or, before the
    first or after the last paragraph of prose, the headline, what stands above it, or a short
    line from outside its container; what it says is kept as evidence."""
    line = out.lines[index]
    if name := byline_name(line):
        out.bylines.append(name)
        return True
    if NAME_PARTS.split(line, 1)[0].strip() in declared:  # the declared author, bare
        out.bylines.append(line)
        return True
    if is_date_line(line):
        out.date_lines.append(line)
        _credit_before_date(line, out)
        return True
    if blocks is None or len(line.split()) >= PROSE_MIN_WORDS:
        return False
    if blocks.before_headline(line):  # the headline, or a kicker or a label above it
        return True
    prose = next((x for x in (out.lines if index == 0 else reversed(out.lines))
                  if len(x.split()) >= PROSE_MIN_WORDS), None)
    node, anchor = blocks.node(line), blocks.node(prose) if prose else None
    container = anchor.getparent() if anchor is not None else None
    return node is not None and container is not None and not _inside(node, container)


def _inside(node: lxml_html.HtmlElement, container: lxml_html.HtmlElement) -> bool:
    return node is container or any(a is container for a in node.iterancestors())


def _meta_row_evidence(row: list[str], out: CleanBody) -> None:
    """Bylines, date lines and agency credits of the row between the headline and the body
    that the extractor left out, as evidence."""
    for text in row:
        if (name := byline_name(text)) and name not in out.bylines:
            out.bylines.append(name)
        elif is_date_line(text) and text not in out.date_lines:
            out.date_lines.append(text)
            _credit_before_date(text, out)
        elif is_credit(text) and text not in out.credits:
            out.credits.append(text)
        else:
            _credit_before_date(text, out)


def _credit_before_date(text: str, out: CleanBody) -> None:
    """The credit or byline that opens a row ending in a date ("المصدر: وكالة ... بتاريخ:
    23-06-2023", "مسقط - وكالات - تاريخ النشر: ..."), as evidence."""
    words = text.split()
    for cut in range(1, len(words)):
        head = " ".join(words[:cut]).strip(" -–—|،,")
        if not is_date_line(" ".join(words[cut:])):
            continue
        if is_credit(head):
            if head not in out.credits:
                out.credits.append(head)
            return
        if name := byline_name(head):
            if name not in out.bylines:
                out.bylines.append(name)
            return
