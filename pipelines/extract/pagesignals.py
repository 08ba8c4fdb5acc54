"""What a page says about its own type, read cheaply: declared types (OpenGraph, JSON-LD,
microdata), the shape of its URL, and its markup (article/time elements, article body markers).

Each signal is evidence in log-odds units: positive for an article, negative for a listing
(home, section front, tag, author, search or archive page). pipelines.extract.pagetype adds them
to the evidence of the text itself. Nothing here is specific to a site or a language: the words
looked for in URLs are the directory names content management systems use for their index pages.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import html as lxml_html

from pipelines.extract.metadata import ARTICLE_TYPES, PageMetadata

logger = logging.getLogger(__name__)

# JSON-LD / microdata types of pages that list other pages
LISTING_TYPES = {"collectionpage", "searchresultspage", "profilepage", "blog"}
LIST_TYPES = {"itemlist"}
MANY_ARTICLES = 5  # this many article @types on one page are a list of articles (an
# article may say Article and NewsArticle, twice)

# Path directories under which a CMS puts index pages (tags, categories, authors, search ...)
INDEX_DIRS = frozenset("""
tag tags tagged category categories cat author authors writer writers columnist columnists
topic topics theme themes section sections search archive archives label labels keyword keywords
subject subjects people profile profiles collection collections series
kategorie kategorien rubrik rubriken thema themen stichwort schlagwort autor autoren
categoria categorias categorie rubrique rubriques sujet sujets auteur auteurs etiqueta etiquetas
seccion secciones tema temas autore autori argomenti
""".split())
SEARCH_KEYS = {"q", "s", "query", "search", "keyword", "keywords", "k", "term"}
PAGE_KEYS = {"page", "p", "pg", "paged", "start", "offset"}
ID_KEYS = re.compile(r"^(?:id|p|sid|aid|nid|story|article|articleid|newsid|news_id|item|itemid|"
                     r"storyid|contentid|docid|serialno|no|idx)$", re.IGNORECASE)
DATE_SEGMENTS = re.compile(r"^(?:19|20)\d\d$|^[01]?\d$|^[0-3]?\d$")
YEAR = re.compile(r"^(?:19|20)\d\d$")
COMPACT_DATE = re.compile(r"^(?:19|20)\d\d[-_]?[01]\d[-_]?[0-3]\d$")
LONG_NUMBER = re.compile(r"\d{5,}")
HEX_ID = re.compile(r"^(?=[0-9a-f-]*\d)[0-9a-f-]{16,}$", re.IGNORECASE)
EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|cfm|shtml)$", re.IGNORECASE)
INDEX_FILE = re.compile(r"^(?:index|default|home|main|start)$", re.IGNORECASE)
WORD_SPLIT = re.compile(r"[-_+,.~]+|\s+")
ID_DIGITS = 3  # a number of this many digits (not a year) names one item
LONG_ID_DIGITS = 4  # ... even after an index directory (/archives/2562 is a post)
PAGING = {"page", "p", "pg", "seite", "pagina", "página"}
SLUG_WORDS = 4  # a path segment of this many words is an article's headline slug
SECTION_WORDS = 2  # a segment of at most this many words can be a section name

# weights (log-odds): what a single signal is worth
W_JSONLD_ARTICLE = 2.0
W_JSONLD_LISTING = -2.0
W_JSONLD_LIST = -1.0
W_MANY_ARTICLES = -1.5
W_OG_ARTICLE = 1.0
W_OG_WEBSITE = -0.7
W_ARTICLE_BODY = 1.5
W_URL_ARTICLE = 1.0
W_URL_HOME = -2.5
W_URL_INDEX = -1.5
W_URL_SECTION = -1.0


@dataclass(frozen=True)
class Evidence:
    """One observation about the page and what it is worth (log-odds, + for an article)."""

    name: str
    weight: float

    def __str__(self) -> str:
        return f"{self.name}{self.weight:+.1f}"


def declared(md: PageMetadata, tree: lxml_html.HtmlElement) -> list[Evidence]:
    """What the page declares itself to be: JSON-LD @type, og:type, microdata, articleBody."""
    found: list[Evidence] = []
    types = md.jsonld_types
    articles = sum(t in ARTICLE_TYPES for t in types)
    if articles >= MANY_ARTICLES:
        found.append(Evidence("jsonld:many_articles", W_MANY_ARTICLES))
    elif articles:
        found.append(Evidence("jsonld:article", W_JSONLD_ARTICLE))
    if LISTING_TYPES & set(types):
        found.append(Evidence("jsonld:collection", W_JSONLD_LISTING))
    elif LIST_TYPES & set(types) and not articles:
        found.append(Evidence("jsonld:itemlist", W_JSONLD_LIST))
    og_type = md.meta.get("og:type", "").strip().lower()
    if og_type == "article":
        found.append(Evidence("og:article", W_OG_ARTICLE))
    elif og_type == "website":
        found.append(Evidence("og:website", W_OG_WEBSITE))
    bodies, scopes = 0, 0
    for node in tree.xpath("//*[@itemprop='articleBody' or @itemtype]"):
        if node.get("itemprop") == "articleBody":
            bodies += 1
        kind = (node.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
        scopes += kind in ARTICLE_TYPES
    if bodies == 1 or (scopes and scopes < MANY_ARTICLES and not articles):
        found.append(Evidence("microdata:article", W_ARTICLE_BODY))
    elif bodies >= MANY_ARTICLES or scopes >= MANY_ARTICLES:
        found.append(Evidence("microdata:many_articles", W_MANY_ARTICLES))
    return found


def url_shape(url: str) -> Evidence | None:
    """The URL's shape: an article's (headline slug, long id, dated path with a name) or an
    index page's (site root, tag/category/author/search directories, paging, a date archive,
    a short section name); None when it says neither."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    segments = [s for s in unquote(parts.path).split("/") if s]
    if segments and INDEX_FILE.match(EXTENSION.sub("", segments[-1])):
        segments = segments[:-1]
    query = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if _article_path(segments) or any(ID_KEYS.match(k) and re.search(r"\d{3,}", v)
                                      for k, v in query):
        return Evidence("url:article", W_URL_ARTICLE)
    keys = {k for k, _ in query}
    if not segments and not (keys - PAGE_KEYS - {"lang", "hl", "ref", "from"}):
        return Evidence("url:home", W_URL_HOME)
    names = [EXTENSION.sub("", s).lower() for s in segments]
    if (INDEX_DIRS & set(names) or keys & (SEARCH_KEYS | PAGE_KEYS)
            or (len(names) >= 2 and names[-2] in PAGING and names[-1].isdigit())
            or all(DATE_SEGMENTS.match(n) or COMPACT_DATE.match(n) or not _is_name(n)
                   for n in names[1:]) and any(YEAR.match(n) for n in names)):
        return Evidence("url:index", W_URL_INDEX)
    if len(names) <= 2 and all(_is_name(n) and len(WORD_SPLIT.split(n)) <= SECTION_WORDS
                               for n in names):
        return Evidence("url:section", W_URL_SECTION)
    return None


def _is_name(segment: str) -> bool:
    """A word-like path segment (letters, maybe joined by - or _), not an id or a date."""
    return bool(segment) and not any(c.isdigit() for c in segment)


def _article_path(segments: list[str]) -> bool:
    """A headline slug, a long id or a hexadecimal id anywhere but in a date, or a dated path
    followed by a name."""
    dated = False
    last = len(segments) - 1
    for at, (previous, segment) in enumerate(zip(["", *segments], segments, strict=False)):
        stem = EXTENSION.sub("", segment)
        if at == last and EXTENSION.sub("", previous).lower() in INDEX_DIRS and not (
                stem.isdigit() and len(stem) >= LONG_ID_DIGITS):
            break  # the name of a tag, topic or author page, however long (not a long id)
        if COMPACT_DATE.match(stem) or DATE_SEGMENTS.match(stem):
            dated = dated or bool(YEAR.match(stem) or COMPACT_DATE.match(stem))
            continue
        words = [w for w in WORD_SPLIT.split(stem) if w]
        if len(words) >= SLUG_WORDS or HEX_ID.match(stem) or LONG_NUMBER.search(stem):
            return True
        if stem.isdigit() and len(stem) >= ID_DIGITS and previous.lower() not in PAGING:
            return True  # a numeric id (not a year: those are dates above)
        if dated and stem.lower() not in INDEX_DIRS and stem.lower() not in PAGING:
            return True
    return False
