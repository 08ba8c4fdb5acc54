"""The site's section label mapped to one controlled taxonomy (`section_std`).

Sources, first that maps wins: the site's own override table (spider `overrides["sections"]`,
label -> standard name), the page's label (JSON-LD articleSection, article:section, breadcrumb:
the `section` column, kept as it is), then the URL's path segments (`/politics/...`,
`/arab_world/...`, `/news/lifestyle/...`). Within a label, phrases win over words and a topic
(economy, sports ...) wins over a place (local, arab, world): "رياضة عالمية" is sports. A label or
slug naming a country is `local` on a site of that country (or when the site's country is not
known), `arab` for another Arab country, `world` otherwise: "أخبار مصر" on an Egyptian site is
local. The words and phrases are the generic section names many sites share; a label only one site
uses (a column's title, a house name for its world pages) belongs in that site's
`overrides["sections"]`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from pipelines.normalize import readable, searchable
from pipelines.tag.places import ARAB_LEAGUE, LATIN_NAMES, mentions

TAXONOMY = ("politics", "economy", "sports", "culture", "technology", "science", "health",
            "education", "religion", "environment", "society", "opinion", "local", "arab", "world")
PLACE_SECTIONS = frozenset({"local", "arab", "world"})
# the key of a spider's overrides this module reads: the site's label -> a TAXONOMY name
SECTIONS_OVERRIDE = "sections"

# Multi-word labels, matched inside the label's search form (before single words).
PHRASES: dict[str, str] = {
    "عربي ودولي": "world", "عربي و دولي": "world", "عربي وعالمي": "world", "عرب وعالم": "world",
    "حول العالم": "world", "الشرق الاوسط": "arab",
    "العالم العربي": "arab", "الوطن العربي": "arab", "الشان العربي": "arab",
    "كره القدم": "sports", "كره قدم": "sports", "وجهات نظر": "opinion", "قضايا وحوادث": "society",
    "دنيا ودين": "religion", "middle east": "arab", "arab world": "arab", "op ed": "opinion",
}

# Single words (search form, without ال/و prefixes), Arabic and English, by standard section.
WORDS: dict[str, tuple[str, ...]] = {
    "politics": ("سياسه", "سياسي", "سياسيه", "برلمان", "انتخابات", "احزاب", "دبلوماسيه",
                 "politics", "political", "elections"),
    "economy": ("اقتصاد", "اقتصادي", "اقتصاديه", "مال", "اعمال", "بورصه", "اسواق", "بنوك",
                "طاقه", "عقارات", "استثمار", "economy", "business", "markets", "finance", "money"),
    "sports": ("رياضه", "رياضي", "رياضيه", "ملاعب", "كره", "دوري", "كرويات", "sport", "sports",
               "football", "soccer"),
    "culture": ("ثقافه", "ثقافي", "ثقافيه", "فن", "فنون", "سينما", "دراما", "مسرح", "ادب",
                "كتب", "موسيقي", "نجوم", "مشاهير", "culture", "arts", "art", "cinema",
                "celebrities", "entertainment", "books", "music"),
    "technology": ("تكنولوجيا", "تقنيه", "تقنيات", "تكنو", "اتصالات", "انترنت", "سيارات",
                   "technology", "tech", "digital", "cars", "internet"),
    "science": ("علوم", "علم", "فضاء", "science", "sciences", "space"),
    "health": ("صحه", "صحي", "طب", "طبي", "صحتك", "health", "medicine", "wellness"),
    "education": ("تعليم", "تربيه", "جامعات", "طلاب", "education", "universities"),
    "religion": ("دين", "اسلاميات", "دينيه", "religion", "islam"),
    "environment": ("بيئه", "مناخ", "environment", "climate"),
    "society": ("منوعات", "مجتمع", "حوادث", "جريمه", "مراه", "اسره", "لايف", "ستايل", "ترفيه",
                "lifestyle", "society", "variety", "crime", "accidents", "women", "family",
                "offbeat", "odd"),
    "opinion": ("راي", "اراء", "مقالات", "مقال", "اعمده", "كتاب", "افتتاحيه", "opinion",
                "opinions", "columns", "columnists", "views", "editorial", "blogs"),
    "local": ("محليات", "محلي", "محليه", "محافظات", "local", "national", "domestic"),
    "arab": ("عربي", "عربيه", "عرب", "خليج", "خليجي", "خليجيه", "arab", "arabic", "gulf"),
    "world": ("عالم", "عالمي", "عالميه", "دولي", "دوليه", "دوليات", "world", "international",
              "global"),
}
WORD_SECTION = {word: section for section, words in WORDS.items() for word in words}
LATIN_COUNTRIES = LATIN_NAMES  # "egypt", "ksa" ... in a URL's section (arab_league.tsv)
WORD_PREFIXES = ("وال", "بال", "لل", "ال", "و")
TOKEN = re.compile(r"[^\W\d_]+")
SLUG_MAX_WORDS = 3  # a longer path segment is the article's own slug, not a section
SLUG_SEGMENTS = 3  # sections sit near the root: /politics/..., /2013/middle_east/...


def _stem(word: str) -> str:
    for prefix in WORD_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


def _place_section(code: str, site_country: str | None) -> str:
    if not site_country or code == site_country:
        return "local"
    return "arab" if code in ARAB_LEAGUE else "world"


def from_label(label: str | None, site_country: str | None = None) -> str | None:
    """The standard section of one label (Arabic or English, a path segment too), or None."""
    norm = searchable(readable(label or "") or "") or ""
    norm = " ".join(TOKEN.findall(norm.replace("_", " ").replace("-", " ")))
    if not norm:
        return None
    for phrase, section in PHRASES.items():
        if re.search(rf"(?<!\w){phrase}(?!\w)", norm):
            return section
    found = [WORD_SECTION.get(word) or WORD_SECTION.get(_stem(word)) for word in norm.split()]
    topics = [s for s in found if s and s not in PLACE_SECTIONS]
    places = [s for s in found if s in PLACE_SECTIONS]
    if topics or places:
        return (topics or places)[0]
    codes = mentions(norm) or [LATIN_COUNTRIES[w] for w in norm.split() if w in LATIN_COUNTRIES]
    return _place_section(codes[0], site_country) if codes else None


def from_url(url: str | None, site_country: str | None = None) -> str | None:
    """The standard section named by the URL's first path segments (never the last one)."""
    segments = [unquote(s) for s in urlsplit(url or "").path.split("/") if s]
    for segment in segments[:-1][:SLUG_SEGMENTS]:
        words = [w for w in re.split(r"[-_.\s]+", segment) if w]
        if 0 < len(words) <= SLUG_MAX_WORDS and not segment.isdigit():
            section = from_label(segment, site_country)
            if section:
                return section
    return None


def standard_section(article: dict[str, Any], site_country: str | None = None) -> str | None:
    """`section_std` of an article: override table, then its label, then its URL."""
    label = article.get("section")
    overrides = (article.get("site_overrides") or {}).get(SECTIONS_OVERRIDE) or {}
    if label and label in overrides:
        return overrides[label]
    return from_label(label, site_country) or from_url(article.get("url"), site_country)
