"""Facts of the Arabic script, written once: the Unicode ranges of its blocks, letters, marks,
digits and presentation forms, the controls that Arabic text carries, and the letter variants
that searching folds, as data. The regular-expression classes the stages use are built here
from that data, with `chars`.

Ranges are (first, last) code points, both included. Where two stages need different sets for
what sounds like one idea, each set has its own name and says why it differs (SCORED_LETTERS,
BASIC_LETTERS). tests/test_facts.py checks the ranges against Python's Unicode database.
Nothing here imports the rest of akhbar: it is the bottom layer of pipelines/.
"""

from __future__ import annotations

import re

Range = tuple[int, int]

LANGUAGE = "ar"  # ISO 639-1

# The Unicode blocks of the script (Arabic Extended-C and the mathematical symbols lie outside
# the BMP and are left out).
BLOCKS: dict[str, Range] = {
    "Arabic": (0x0600, 0x06FF),
    "Arabic Supplement": (0x0750, 0x077F),
    "Arabic Extended-B": (0x0870, 0x089F),
    "Arabic Extended-A": (0x08A0, 0x08FF),
    "Arabic Presentation Forms-A": (0xFB50, 0xFDFF),
    "Arabic Presentation Forms-B": (0xFE70, 0xFEFF),
}
# The letters of the Arabic block: hamza to yeh and the letters added for other languages
# (Persian, Urdu, Kurdish ...), without tatweel; 06FD-06FE are Sindhi signs written as letters.
LETTERS: tuple[Range, ...] = (
    (0x0620, 0x063F), (0x0641, 0x064A), (0x066E, 0x066F), (0x0671, 0x06D3), (0x06D5, 0x06D5),
    (0x06EE, 0x06EF), (0x06FA, 0x06FF))
# Combining marks: honorifics (ﷺ as a mark), harakat, maddah, hamza above/below ..., the
# superscript alef, the Quranic annotation signs (small high waw/yeh included), and the marks
# of Arabic Extended-A.
MARKS: tuple[Range, ...] = (
    (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E8),
    (0x06EA, 0x06ED), (0x08D3, 0x08FF))
HARAKAT: Range = (0x064B, 0x0652)  # tanwin, fatha, damma, kasra, shadda, sukun
TATWEEL = "\u0640"
SUPERSCRIPT_ALEF = "\u0670"
DIGITS: Range = (0x0660, 0x0669)  # Arabic-Indic ٠-٩
PERSIAN_DIGITS: Range = (0x06F0, 0x06F9)  # Extended Arabic-Indic ۰-۹ (Persian, Urdu)
DECIMAL_SEPARATOR = "\u066b"  # ٫
THOUSANDS_SEPARATOR = "\u066c"  # ٬
COMMA = "\u060c"  # ،
# The assigned letters and ligatures of the two presentation-form blocks (visual-order text of
# old pages, ﻻ ﷲ ﷺ).
PRESENTATION_FORMS: tuple[Range, ...] = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFC))
# Bidi controls: the Arabic letter mark, LRM/RLM, embeddings and overrides, isolates.
BIDI_CONTROLS: tuple[Range, ...] = (
    (0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069))
ZWNJ = "\u200c"  # zero-width non-joiner: inside a Persian word (می‌خواهم)
ZWJ = "\u200d"  # zero-width joiner

# The letters of ISO 8859-6: hamza to ghain, feh to yeh, no tatweel. What encoding.py counts as
# an Arabic letter glued to a Latin one (a sign of a wrong charset: "الـCNN" is fine).
BASIC_LETTERS: tuple[Range, ...] = ((0x0621, 0x063A), (0x0641, 0x064A))
# The basic letters with tatweel and 063B-063F between: bench/quality.py's Arabic letters.
HAMZA_TO_YEH: Range = (0x0621, 0x064A)
# What scores a reading of page bytes as Arabic (encoding.py): hamza to yeh, the Arabic-Indic
# digits and the Persian letters of Arabic keyboards پ چ ک گ ی. Not ژ: windows-1256 puts it on
# byte 8E, the second byte of UTF-8 fatha, so UTF-8 read as windows-1256 would score.
SCORED_LETTERS: tuple[Range, ...] = (
    HAMZA_TO_YEH, DIGITS, (0x067E, 0x067E), (0x0686, 0x0686), (0x06A9, 0x06A9),
    (0x06AF, 0x06AF), (0x06CC, 0x06CC))

# Letters that searching and date matching write as one: the alef forms, alef maksura and
# Persian yeh, Persian keheh. (ة -> ه is searching's alone: dates keep it.)
FOLDED_LETTERS: dict[str, str] = {
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0672": "\u0627", "\u0673": "\u0627", "\u0649": "\u064a", "\u06cc": "\u064a",
    "\u06a9": "\u0643"}


def chars(*ranges: Range) -> str:
    """The inside of a regex character class [...] holding these ranges (as \\u escapes)."""
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)


def members(*ranges: Range) -> str:
    """Every character of these ranges, in order."""
    return "".join(chr(c) for first, last in ranges for c in range(first, last + 1))


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# Each digit (Arabic-Indic and Persian) -> its ASCII digit.
ASCII_DIGITS: dict[str, str] = {chr(c): str(c - first) for first, last in (DIGITS, PERSIAN_DIGITS)
                                for c in range(first, last + 1)}
LETTER_CLASS = chars(*LETTERS)
MARK_CLASS = chars(*MARKS)
SCRIPT = re.compile(f"[{chars(*BLOCKS.values())}]")  # any character of the Arabic blocks
