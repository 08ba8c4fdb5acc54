"""The headline of an article and the source it was read from: an h1 that agrees with what the
page declares (JSON-LD headline, og:title, <title>), else the first of those, else trafilatura's;
without the site's name as a suffix or prefix (the names the page states about itself, the part
its <title> adds to the h1 among them: pipelines/extract/site.py), and never the site's name or
a crumb of its breadcrumb (a logo or a section label in an <h1>)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Set

from lxml import html as lxml_html

from pipelines.extract.metadata import PageMetadata
from pipelines.extract.page import Page

logger = logging.getLogger(__name__)

SEPARATORS = "-|–—:»«/•·"
PARTS = re.compile(r"\s+[-|–—:»«/•·]\s+|\s*\|\s*")  # between the parts of a <title>
SHOWN_TAGS = ("h2", "h3", "h4", "div", "span", "p", "td", "b", "strong", "font", "a")
SHORT_LABEL_WORDS = 4  # a crumb this short is a section label; a longer one may be the headline
H1_AGREEMENT = 0.6  # share of an h1's words that must occur in a declared title


def read_title(page: Page) -> tuple[str | None, str | None]:
    """The headline and its source (`pick_title`), trafilatura's title as the last resort."""
    return pick_title(page.metadata, page.trafilatura.get("title"), page.site_names,
                      _Shown(page.tree))


class _Shown:
    """Whether the page shows a text as a block of its own (read once, when first asked)."""

    def __init__(self, tree: lxml_html.HtmlElement) -> None:
        self.tree, self.texts = tree, None

    def __call__(self, text: str) -> bool:
        if self.texts is None:
            self.texts = {_key(" ".join(n.text_content().split()))
                          for n in self.tree.iter(*SHOWN_TAGS)}
        return _key(text) in self.texts


def strip_site_name(title: str, names: Set[str]) -> str:
    """'Headline - Site', 'Site | Headline', 'Site: Headline' -> 'Headline' when the part beyond
    the separator is one of the site's names."""
    title = title.strip()
    lowered = title.lower()
    # longest first; names of one length in their own order, not the set's (which varies from
    # one process to the next)
    for name in sorted((n.strip() for n in names), key=lambda n: (-len(n), n)):
        key = name.lower()
        if len(key) < 2 or len(key) >= len(title):
            continue
        if lowered.endswith(key) and _ends_in_separator(rest := title[: -len(key)].rstrip()):
            return rest.rstrip(SEPARATORS + " ").strip()
        if lowered.startswith(key) and _ends_in_separator((rest := title[len(key):].lstrip())[:1]):
            return rest.lstrip(SEPARATORS + " ").strip()
    return title


def _ends_in_separator(text: str) -> bool:
    return bool(text) and text[-1] in SEPARATORS


def pick_title(md: PageMetadata, fallback: str | None, names: Set[str],
               shown: Callable[[str], bool] | None = None) -> tuple[str | None, str | None]:
    """The headline and its source: an h1 that agrees with a declared title, else JSON-LD
    headline, og:title, <title>, trafilatura; the site's name stripped, and of a title still
    made of parts ("Headline | Section | Site"), the long part the page `shown` as a block."""
    declared = [(src, t) for src, t in (("jsonld", md.jsonld.get("headline")),
                                         ("meta:og:title", md.meta.get("og:title")),
                                         ("title_tag", md.title_tag))
                if isinstance(t, str) and t.strip()]
    labels = [c for c in md.breadcrumb if len(c.split()) <= SHORT_LABEL_WORDS]
    not_titles = {_key(x) for x in (*names, *labels)}
    for h1 in md.h1:
        if any(_is_affix(h1, d) for _, d in declared):
            names = {*names, h1}  # the site's name in an <h1>: a name to strip from titles
        if _key(h1) in not_titles or h1 in names:
            continue  # the site's name or a section label in an <h1>
        if any(_overlap(h1, d) >= H1_AGREEMENT for _, d in declared):
            return _confirmed_within(h1, declared, names) or (h1, "h1")
    for source, candidate in [*declared, ("trafilatura", fallback)]:
        title = strip_site_name(" ".join(candidate.split()), names) if candidate else ""
        if title and shown is not None:
            title = _shown_part(title, shown) or title
        if title and _key(title) not in not_titles:
            return title, source
    return None, None


def _confirmed_within(h1: str, declared: list[tuple[str, str]],
                      names: Set[str]) -> tuple[str, str] | None:
    """A declared title that two sources agree on and that the h1 holds with more around it
    (a kicker inside the <h1>: "عاجل | Headline")."""
    titles = [(src, strip_site_name(" ".join(d.split()), names)) for src, d in declared]
    texts = [t for _, t in titles]
    if h1 in texts:
        return None
    return next(((t, src) for src, t in titles
                 if t and t in h1 and texts.count(t) >= 2 and len(t) < len(h1)), None)


def _shown_part(title: str, shown: Callable[[str], bool]) -> str | None:
    """The longest part of a title made of parts, when it is most of the title and the page
    shows it as a block (the headline printed without an <h1>)."""
    parts = [p.strip() for p in PARTS.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    longest = max(parts, key=len)
    return longest if len(longest) >= len(title) / 2 and shown(longest) else None


def _is_affix(h1: str, title: str) -> bool:
    """The h1 is only what a longer title adds beyond a separator ("Headline | <h1>")."""
    title, h1 = " ".join(title.split()), " ".join(h1.split())
    return len(title) > 2 * len(h1) and strip_site_name(title, {h1}) != title


def _key(text: str) -> str:
    return "".join(text.casefold().split())


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    return len(words_a & words_b) / len(words_a) if words_a else 0.0
