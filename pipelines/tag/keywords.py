"""Keywords from the page's own metadata (news_keywords, article:tag, JSON-LD keywords, feed and
sitemap entries), cleaned: split where a site joined them, quotes and trailing dots removed,
duplicates (on the search form), generic labels, the title itself and over-long phrases dropped.
A list that is only the title cut into words (some CMSs fill the keywords that way: the title's
words in the title's order, most of them) is dropped whole; a few title words chosen as tags
stay."""

from __future__ import annotations

import re
from typing import Any

from pipelines.normalize import searchable

SEPARATORS = re.compile(r"\s*[,،;؛|]\s*")
EDGE_PUNCTUATION = "\"'«»“”‘’„()[]{}<>.…:!?؟،,;؛-–—_#*/\\ "
GENERIC = frozenset({"اخبار", "خبر", "الاخبار", "عاجل", "اخبار عاجله", "اخر الاخبار", "الرئيسيه",
                     "فيديو", "صور", "news", "breaking news", "latest news", "home", "video",
                     "article", "articles"})
MAX_WORDS = 6  # a longer "keyword" is a sentence (often the title again)
MAX_CHARS = 60
MAX_KEYWORDS = 30
TITLE_SPLIT_MIN = 3  # this many one-word keywords, all words of the title: the title cut up ...
TITLE_SPLIT_SHARE = 0.5  # ... when they follow the title's order and cover this share of its words


def _pieces(raw: list[str]) -> list[str]:
    pieces = []
    for value in raw:
        for piece in SEPARATORS.split(value or ""):
            piece = " ".join(piece.strip(EDGE_PUNCTUATION).split())
            if piece:
                pieces.append(piece)
    return pieces


def _usable(keyword: str, norm: str, banned: set[str]) -> bool:
    return (len(keyword) <= MAX_CHARS and len(keyword.split()) <= MAX_WORDS
            and not norm.isdigit() and norm not in GENERIC and norm not in banned)


def clean_keywords(raw: list[str] | None, title: str | None = None,
                   site: str | None = None) -> list[str]:
    """The page's keywords, split, trimmed, de-duplicated and without generic or title noise."""
    title_norm = searchable(title or "") or ""
    banned = {title_norm.strip(EDGE_PUNCTUATION), (site or "").casefold()}
    kept: dict[str, str] = {}
    for keyword in _pieces(raw or []):
        norm = searchable(keyword) or ""
        if norm not in kept and _usable(keyword, norm, banned):
            kept[norm] = keyword
    if _title_cut_up(list(kept), re.findall(r"\w+", title_norm)):
        return []
    return list(kept.values())[:MAX_KEYWORDS]


def _title_cut_up(norms: list[str], title_words: list[str]) -> bool:
    """The keywords are the title's words, one by one, in its order, most of them."""
    if len(norms) < TITLE_SPLIT_MIN or len(norms) < TITLE_SPLIT_SHARE * len(title_words):
        return False
    at = 0
    for norm in norms:
        if " " in norm or norm not in title_words[at:]:
            return False
        at = title_words.index(norm, at) + 1
    return True


def keywords_columns(article: dict[str, Any]) -> dict[str, Any]:
    """The tagger: `keywords` replaced by its cleaned list."""
    return {"keywords": clean_keywords(article.get("keywords"), article.get("title"),
                                       article.get("site"))}
