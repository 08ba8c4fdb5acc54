"""Which short texts are date lines: the "Tuesday 3 March 2020 - 10:30 a.m." a page prints under
its headline or in its byline row, in every form pipelines/datewords.py knows (Arabic, Levantine
and Maghrebi month names, Latin-script months, Hijri months, Eastern Arabic digits, d/m/Y and
Y-m-d, 12-hour times with ص/م, relative forms such as "منذ ساعتين", weekday and label words such
as "نشر في" or "آخر تحديث").

A text is a date line when it states a date (or a relative time) and, once every date word,
number, time, label and separator is taken out, at most MAX_OTHER_WORDS words are left (a place
such as "القاهرة" before the date). What the line says is pipelines.dates' job; this module only
recognises it, by its words, never by a site's markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from pipelines.datewords import (
    DATE_LINE_WORDS,
    DAY_WORDS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    JUST_NOW,
    MERIDIEM,
    PUBLISHED_WORDS,
    UNIT_SECONDS,
    UPDATE_WORDS,
    WEEKDAYS,
    ZONE_PLACES,
    alternation,
    fold,
)

MAX_LINE = 120  # characters: longer texts are sentences or blocks that mention a date
MAX_OTHER_WORDS = 2  # words besides the date's own: a place, a zone name

_B, _E = r"(?<![^\W\d_])", r"(?![^\W\d_])"  # word edges that hold for Arabic letters too
_MONTH = alternation({**GREGORIAN_MONTHS, **HIJRI_MONTHS})
_CLOCK = (rf"\d{{1,2}}\s*(?::\s*|h)\d{{2}}(?:\s*:\s*\d{{2}})?"
          rf"(?:\s*(?:{alternation(MERIDIEM)}){_E}\.?)?")
_NUMERIC = (r"(?<![\d.])(?:\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})"
            r"(?![\d.])")
# what states a day or an instant
ANCHORS = (
    re.compile(rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th|er)?\s*(?:من\s+)?(?:شهر\s+)?{_B}(?:{_MONTH}){_E}"),
    re.compile(rf"{_B}(?:{_MONTH}){_E}\.?\s+\d{{1,2}}(?!\d)"),
    re.compile(_NUMERIC + rf"(?:[t\s]+{_CLOCK})?"),
    re.compile(rf"{_B}(?:منذ|قبل)\s+(?:حوالي\s+|نحو\s+)?(?:\d+\s+)?(?:{alternation(UNIT_SECONDS)})"
               rf"{_E}"),
    re.compile(rf"(?<!\w)(?:\d+|an?|one)\s+(?:{alternation(UNIT_SECONDS)})\s+ago{_E}"),
    re.compile(rf"{_B}(?:{alternation(DAY_WORDS)}){_E}[\s,،\-|:]*(?:الساعة\s*)?{_CLOCK}"),
    re.compile(rf"^(?:{alternation(JUST_NOW)})$"),
    re.compile(rf"^(?:الساعة\s*)?{_CLOCK}$"),  # a time alone is a stamp too
)
# what may surround the date in the same line
FILLERS = (
    re.compile(_CLOCK),
    re.compile(rf"{_B}(?:{alternation(WEEKDAYS)}){_E}\.?"),
    re.compile(rf"{_B}(?:{_MONTH}){_E}\.?"),
    re.compile(rf"{_B}(?:{alternation((*DATE_LINE_WORDS, *UPDATE_WORDS))}){_E}:?"),
    re.compile(rf"{_B}(?:{alternation(ZONE_PLACES)}){_E}"),
    re.compile(rf"{_B}(?:{alternation(MERIDIEM)}){_E}\.?"),
    re.compile(r"(?:ت\s*\.?\s*غ\.?)|[+-]\s*\d{1,2}(?::?\d\d)?(?!\d)"),
    re.compile(r"\d+"),
)
_PUNCTUATION = re.compile(r"[^\w\s]|_")
PUBLISHED_LABEL = re.compile(rf"{_B}(?:{alternation(PUBLISHED_WORDS)}){_E}")
# a digit as the anchors read one (\d; a text whose only digits are superscripts has no anchor
# but a wordy one either way)
_DIGIT = re.compile(r"\d")
# a letter every published word holds (ش of نشر, ت of تاريخ, p or v) before folding: nothing
# folds into them, so a text without any cannot hold the label
_LABEL_LETTER = re.compile("[شتpPvV]")


@lru_cache(maxsize=8192)  # the same short texts come up in several walks of one page
def is_date_line(text: str) -> bool:
    """True for a short text that is a date or time line ("الثلاثاء 3 مارس 2020 - 10:30 ص",
    "نشر في: 14/02/2021", "منذ ساعتين", "12 رجب 1442 هـ الموافق 24 فبراير 2021"), False for a
    sentence that merely holds a date or for any other text."""
    t = fold(text)
    if not t or len(t) > MAX_LINE or not _DIGIT.search(t) and not _wordy_anchor(t):
        return False
    rest, anchored = t, False
    for pattern in ANCHORS:
        rest, count = pattern.subn(" ", rest)
        anchored = anchored or count > 0
    if not anchored:
        return False
    for pattern in FILLERS:
        rest = pattern.sub(" ", rest)
    return len(_PUNCTUATION.sub(" ", rest).split()) <= MAX_OTHER_WORDS


def _wordy_anchor(t: str) -> bool:
    """Relative forms without digits: "منذ ساعتين", "قبل قليل", "yesterday"."""
    return bool(ANCHORS[3].search(t) or ANCHORS[6].search(t) or ANCHORS[4].search(t))


# --- where a page prints them ---------------------------------------------------------------

# class/id/itemprop words that mark an element as a date on sites of every CMS
DATE_MARKER = re.compile(r"date|time|publish|posted|updated|stamp|تاريخ")
MAX_MARKED_LINE = 100  # a marked element longer than this is a block that merely holds a date
MAX_META_ROW = 200  # a byline/meta row ("By X | 3 March 2020 | Politics") is read in parts
HEADER_PROSE = 300  # characters of paragraph text after the <h1>: the body has begun
HEADLINE_WORDS = 3  # fewer words in an <h1> is a logo or the site's name
MAX_RUNS = 6  # <br>-separated runs read at the top of a block
HEADER_NODES = 80  # elements after the <h1> read as its header area at most
NOT_DATE_TAGS = ("script", "style", "meta", "html", "body", "head", "noscript", "template")
# the site's own header, nav and footer, where "today's date" widgets live
CHROME_TAGS = {"header", "nav", "footer"}
CHROME_NAMES = {"header", "site-header", "masthead", "navbar", "topbar", "top-bar"}
PART_TAGS = {"span", "div", "time", "li", "p", "dd", "dt", "small", "em", "i", "b", "strong", "a"}
ROW_SEPARATORS = re.compile(r"\s[|•·—–-]\s|\||•|·")
NEAR, MARKED_IN_ARTICLE, MARKED_ELSEWHERE = 0, 1, 2  # ranks, best first


def visible_date_lines(tree: HtmlElement, limit: int = 5) -> list[str]:
    """The date lines a reader sees, best first.

    Rank 0: the headline's own area (the headline: `headline_element`), found by structure -
    elements before it inside its container (a date above the headline) and after it until the
    body has begun (HEADER_PROSE characters of paragraphs): any short element whose text is a
    date line, the date runs at the top of a block (<br>-separated), the date parts of a
    byline/meta row split at | or •, and elements marked as dates (class, id or itemprop).
    Rank 1: marked elements, and small elements whose text is a date line labelled as the
    publication's ("نشر في", "Published"), inside the <article> holding the headline (or the
    only one) or after the headline; rank 2: those before it. The site's own header, nav and
    footer (an element so marked that does not hold the <h1>) are left out: "today's date"
    widgets live there. Within a rank, document order, except that an element comes before the
    element containing it."""
    h1 = headline_element(tree)
    found: list[tuple[int, str]] = []
    if h1 is not None:
        for node in _header_area(h1):
            for text in _lines_of(node):
                _add(found, NEAR, text)
    main = _main_article(tree, h1)
    read: dict[HtmlElement, str | None] = {}  # the main article's elements come up twice
    for scope in ([main] if main is not None else []) + [tree]:
        after_h1 = scope is main
        for node in scope.iter():
            if not isinstance(node.tag, str) or node.tag in NOT_DATE_TAGS:
                continue
            after_h1 = after_h1 or node is h1
            if sum(1 for r, _ in found if r < MARKED_ELSEWHERE) >= limit:
                break
            if node in read:
                text = read[node]
            else:
                text = read[node] = _marked_line(node) or _labelled_line(node)
            if text is None or (scope is tree and _in_site_chrome(node)):
                continue
            _add(found, MARKED_IN_ARTICLE if scope is main or after_h1 else MARKED_ELSEWHERE, text)
        if len(found) >= limit:
            break
    found.sort(key=lambda item: item[0])  # stable: the order above within a rank
    return [text for _, text in found[:limit]]


def headline_element(tree: HtmlElement) -> HtmlElement | None:
    """The headline: the first <h1> of a few words (an <h1> holding the site's logo or name is
    no headline), else the element marked itemprop="headline", else the first <h2> of the page's
    only <article>."""
    h1s = list(tree.iter("h1"))
    h1 = next((h for h in h1s if len(h.text_content().split()) >= HEADLINE_WORDS), None)
    if h1 is not None or h1s:
        return h1 if h1 is not None else h1s[0]
    marked = next((e for e in tree.iter() if isinstance(e.tag, str)
                   and (e.get("itemprop") or "").lower() == "headline"), None)
    if marked is not None:
        return marked
    articles = list(tree.iter("article"))
    return next(articles[0].iter("h2"), None) if len(articles) == 1 else None


def _add(found: list[tuple[int, str]], rank: int, text: str) -> None:
    if any(text == t for _, t in found):
        return
    outer = next((i for i, (r, t) in enumerate(found) if r == rank and text in t), len(found))
    found.insert(outer, (rank, text))


def _header_area(h1: HtmlElement) -> list[HtmlElement]:
    """The elements around the headline: before it inside its container (the container's parent
    when the container holds the headline alone), after it until the body has begun."""
    nodes: list[HtmlElement] = []
    container = h1.getparent()
    if container is not None and len(container) == 1 and container.getparent() is not None:
        container = container.getparent()
    ancestors = set(h1.iterancestors())
    for node in container.iter() if container is not None else ():
        if node is h1:
            break
        if isinstance(node.tag, str) and node not in ancestors:
            nodes.append(node)
    prose = 0
    for node in _following(h1):
        if node.tag == "p":
            prose += len(_text(node, HEADER_PROSE))
        if prose > HEADER_PROSE:
            break
        nodes.append(node)
    chrome: dict[HtmlElement, bool] = {}
    return [n for n in nodes if n.tag not in NOT_DATE_TAGS and not _in_site_chrome(n, chrome)]


def _following(h1: HtmlElement) -> list[HtmlElement]:
    """Elements after the <h1> in document order (its own descendants excluded), HEADER_NODES
    at most."""
    out: list[HtmlElement] = []
    node: HtmlElement | None = h1
    while node is not None:
        for sibling in node.itersiblings():
            for element in sibling.iter():
                if isinstance(element.tag, str):
                    out.append(element)
                if len(out) >= HEADER_NODES:
                    return out
        node = node.getparent()
    return out


def _lines_of(node: HtmlElement) -> list[str]:
    """The date lines one element of the header area gives: its text when that is a date line or
    the element is marked as a date, else its <br>-separated runs that are date lines, else the
    date parts of a meta row written as one text ("By X | 3 March 2020 | Politics")."""
    text = _text(node, MAX_META_ROW)
    short = 0 < len(text) <= MAX_META_ROW
    if short and is_date_line(text):
        return [text]
    marked = _marked_line(node)
    if marked:
        return [marked]
    runs = _runs_of(node)
    if runs or not short or any(c.tag in PART_TAGS for c in node):
        return runs  # a row of elements: its parts are read one by one
    return _row_parts(text)


def _row_parts(text: str) -> list[str]:
    """Consecutive separator-split parts of a row that are date lines, joined."""
    found, run = [], []
    for part in [p.strip() for p in ROW_SEPARATORS.split(text) if p.strip()] + [""]:
        if part and is_date_line(part):
            run.append(part)
        elif run:
            found.append(" - ".join(run))
            run = []
    return found


def _runs_of(node: HtmlElement) -> list[str]:
    """The date lines among the first <br>-separated runs of an element's own text (a body
    that opens with "By X<br>3 March 2020<br><br>...")."""
    runs = [node.text] + [c.tail for c in node if c.tag == "br"]
    lines = [" ".join(r.split()) for r in runs[:MAX_RUNS] if r and r.strip()]
    return [line for line in lines if is_date_line(line)]


def _labelled_line(node: HtmlElement) -> str | None:
    """The text of a small element that is a date line labelled as the publication's ("نشر في:
    ...", "Published ..."), wherever it is."""
    if len(node) > 3:
        return None
    head = (node.text or "") + " " + ((node[0].text or "") if len(node) else "")
    if len(head) < 4 or head.isspace() or not _LABEL_LETTER.search(head) \
            or not PUBLISHED_LABEL.search(fold(head)):
        return None  # the label opens the line
    text = _text(node, MAX_MARKED_LINE)
    if len(text) > MAX_MARKED_LINE or not PUBLISHED_LABEL.search(fold(text)):
        return None
    return text if is_date_line(text) else None


def _marked_line(node: HtmlElement) -> str | None:
    """The short text of an element marked as a date (class, id or itemprop), else None."""
    marker = f"{node.get('class')} {node.get('id')} {node.get('itemprop')}".lower()
    if not DATE_MARKER.search(marker):
        return None
    text = _text(node, MAX_MARKED_LINE)
    return text if 6 <= len(text) <= MAX_MARKED_LINE else None


def _text(node: HtmlElement, limit: int) -> str:
    """The element's text, whitespace collapsed; reading stops a little after `limit` chars."""
    parts, size = [], 0
    for piece in node.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit * 2:
            break
    return " ".join(" ".join(parts).split())


def _main_article(tree: HtmlElement, h1: HtmlElement | None) -> HtmlElement | None:
    """The <article> holding the first <h1>, else the page's only <article>."""
    articles = list(tree.iter("article"))
    main = next((a for a in (h1.iterancestors("article") if h1 is not None else ())), None)
    return main if main is not None else articles[0] if len(articles) == 1 else None


def _in_site_chrome(node: HtmlElement, memo: dict[HtmlElement, bool] | None = None) -> bool:
    """In the site's own header, nav or footer: an element (or an ancestor) so marked that does
    not hold the <h1>. `memo`: what is known of elements already asked about (the elements
    asked about share their ancestors)."""
    memo = {} if memo is None else memo
    return any(_chrome(a, memo) for a in (node, *node.iterancestors()))


def _chrome(node: HtmlElement, memo: dict[HtmlElement, bool]) -> bool:
    if node not in memo:
        memo[node] = bool((node.tag in CHROME_TAGS or CHROME_NAMES & set(
            f"{node.get('class')} {node.get('id')}".lower().split()))
            and node.find(".//h1") is None)
    return memo[node]
