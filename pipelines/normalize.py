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

from pipelines.arabic import (
    ASCII_DIGITS,
    BIDI_CONTROLS,
    DECIMAL_SEPARATOR,
    FOLDED_LETTERS,
    LETTER_CLASS,
    MARK_CLASS,
    PRESENTATION_FORMS,
    TATWEEL,
    THOUSANDS_SEPARATOR,
    ZWJ,
    ZWNJ,
    chars,
)

LIGATURES = (0xFB00, 0xFB4F)  # Latin, Armenian and Hebrew presentation forms: ﬁ ﬂ
PRESENTATION_FORMS_RUN = re.compile(f"[{chars(LIGATURES, *PRESENTATION_FORMS)}]+")
BIDI = re.compile(f"[{chars(*BIDI_CONTROLS)}]")
INVISIBLES = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff]")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0/C1 left inside a line
LETTERISH = re.compile(f"[{LETTER_CLASS}{MARK_CLASS}]")
MARK = re.compile(f"[{MARK_CLASS}]")
TATWEEL_RUN = re.compile(f"{TATWEEL}+")
ZWNJ_OUTSIDE_WORD = re.compile(rf"(?<![\w{MARK_CLASS}]){ZWNJ}|{ZWNJ}(?![\w{MARK_CLASS}])")
ZWJ_OUTSIDE_EMOJI = re.compile(rf"(?<![^\w\s]){ZWJ}|{ZWJ}(?![^\w\s])")
SPACES = re.compile(r"\s+")  # applied within a line: paragraphs are split first
SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +(?=[،؛؟.,;:!?)\]»])")
SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[«]) +(?=\S)")

SEARCH_MARKS = re.compile(f"[{MARK_CLASS}]")  # what dediac_ar leaves: Quranic signs, maddah ...
SEARCH_SPACES = re.compile(r"[^\S\n]{2,}")  # left where a lone Quranic pause mark was removed
# after camel-tools' alef and alef maksura folding: ٲ ٳ, Persian ی and ک
LETTER_VARIANTS = str.maketrans(FOLDED_LETTERS)
DECIMAL_BETWEEN_DIGITS = re.compile(rf"(?<=\d){DECIMAL_SEPARATOR}(?=\d)")
THOUSANDS_BETWEEN_DIGITS = re.compile(rf"(?<=\d){THOUSANDS_SEPARATOR}(?=\d)")
DIGITS = str.maketrans(ASCII_DIGITS)


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
    text = PRESENTATION_FORMS_RUN.sub(lambda m: normalize_unicode(m.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = BIDI.sub("", INVISIBLES.sub("", text))
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
    text = THOUSANDS_BETWEEN_DIGITS.sub(",", DECIMAL_BETWEEN_DIGITS.sub(".", text))
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
