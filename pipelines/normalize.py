"""Stage 3, normalize: two forms of the Arabic text, built with camel-tools.

`text` is for reading. Arabic presentation forms and ligatures (ﻻ ﷲ ﷺ ﻣ ...) become letters
(camel-tools' NFKC, applied to those characters only, so ² ½ ™ ① are left as printed); the rest is
NFC. Bidi and zero-width controls go (ZWNJ stays between two letters, as in Persian می‌خواهم; ZWJ
stays inside emoji sequences). Decorative tatweel (عـاجـل) goes; a tatweel that ends a clitic or an
abbreviation before a non-letter (الـ36، لـ"العربية"، 1442 هـ) stays, because dropping it changes
how the word reads. Spaces are tidied (none before ، ؛ ؟ . : ! or a closing bracket, none after
an opening one), Arabic punctuation is kept as such, diacritics, Quranic marks and Persian letters
are kept, and each paragraph is one line.

`text_norm` is for searching: camel-tools dediacritisation plus every other Arabic combining mark
(Quranic annotation signs, maddah, small waw/yeh); أ إ آ ٱ ٲ ٳ -> ا, ى and Persian ی -> ي,
Persian ک -> ك, ة -> ه, no tatweel. ؤ ئ ء keep their hamza. Eastern Arabic and Persian digits become
ASCII; ٫ and ٬ become . and , between digits. Latin is case-folded.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

TATWEEL = "\u0640"
PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufefe]+")  # incl. ligatures ﻻ ﷲ ﷺ ﬁ
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INVISIBLES = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff]")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0/C1 left inside a line
ARABIC_LETTER = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
ARABIC_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff"
LETTERISH = re.compile(f"[{ARABIC_LETTER}{ARABIC_MARK}]")
MARK = re.compile(f"[{ARABIC_MARK}]")
TATWEEL_RUN = re.compile(f"{TATWEEL}+")
ZWNJ_OUTSIDE_WORD = re.compile(rf"(?<![\w{ARABIC_MARK}])\u200c|\u200c(?![\w{ARABIC_MARK}])")
ZWJ_OUTSIDE_EMOJI = re.compile(r"(?<![^\w\s])\u200d|\u200d(?![^\w\s])")
SPACES = re.compile(r"\s+")  # applied within a line: paragraphs are split first
SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +(?=[،؛؟.,;:!?)\]»])")
SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[«]) +(?=\S)")

SEARCH_MARKS = re.compile(f"[{ARABIC_MARK}]")  # what dediac_ar leaves: Quranic signs, maddah ...
SEARCH_SPACES = re.compile(r"[^\S\n]{2,}")  # left where a lone Quranic pause mark was removed
LETTER_VARIANTS = str.maketrans({"\u0672": "ا", "\u0673": "ا", "\u06cc": "ي", "\u06a9": "ك"})
DECIMAL_SEPARATOR = re.compile(r"(?<=\d)\u066b(?=\d)")
THOUSANDS_SEPARATOR = re.compile(r"(?<=\d)\u066c(?=\d)")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _tatweel(match: re.Match[str]) -> str:
    """Drop a kashida between letters or after a non-letter; keep one that closes a clitic."""
    text, start, end = match.string, match.start(), match.end()
    before = start > 0 and LETTERISH.match(text, start - 1) is not None
    after = end < len(text) and LETTERISH.match(text, end) is not None
    if before and not after:
        return TATWEEL  # الـ36، لـ"العربية"، 1442 هـ
    if not before and end < len(text) and MARK.match(text, end):
        return TATWEEL  # a tatweel carrying a lone diacritic: (ـَ)
    return ""


def _tidy_line(line: str) -> str:
    line = SPACES.sub(" ", CONTROLS.sub("", line))
    line = SPACE_AFTER_OPENING.sub("", SPACE_BEFORE_PUNCT.sub("", line))
    return line.strip()


def readable(text: str | None) -> str | None:
    """The reading form: same words, same paragraphs, no invisible or decorative characters."""
    if text is None:
        return None
    text = PRESENTATION_FORMS.sub(lambda m: normalize_unicode(m.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = BIDI_CONTROLS.sub("", INVISIBLES.sub("", text))
    text = ZWJ_OUTSIDE_EMOJI.sub("", ZWNJ_OUTSIDE_WORD.sub("", text))
    text = TATWEEL_RUN.sub(_tatweel, text)
    lines = (_tidy_line(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def searchable(text: str | None) -> str | None:
    """The search form of an already readable text."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text).replace("\u0649\u0654", "\u0626")
    text = SEARCH_MARKS.sub("", dediac_ar(text.replace(TATWEEL, "")))
    text = SEARCH_SPACES.sub(" ", text)
    text = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text)))
    text = text.translate(LETTER_VARIANTS)
    text = THOUSANDS_SEPARATOR.sub(",", DECIMAL_SEPARATOR.sub(".", text))
    return text.translate(DIGITS).casefold()


def normalize(article: dict[str, Any]) -> dict[str, Any]:
    """Readable title/text/authors/section/keywords, plus `text_norm` and `title_norm`."""
    for key in ("title", "text", "description", "section"):
        article[key] = readable(article.get(key)) or None
    for key in ("authors", "keywords"):
        article[key] = [v for v in (readable(x) for x in article.get(key) or []) if v]
    article["text_norm"] = searchable(article["text"])
    article["title_norm"] = searchable(article["title"])
    return article
