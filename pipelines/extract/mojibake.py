"""UTF-8 that went through a wrong charset: found, and undone where it can be.

- Doubly encoded UTF-8: UTF-8 bytes read as windows-1252 (or iso-8859-1, or MySQL's "latin1",
  which shows windows-1252's holes as C1 controls) or as windows-1256, then saved as UTF-8 again:
  'Ã©' for 'é', 'Ø§Ù„' or 'ط§ظ„' for 'ال'. `repair_double_utf8` undoes it, but only into letters
  of the common scripts and punctuation: a German 'ß“' stays as it is.
- Mixed pages: a UTF-8 template around parts stored in windows-1256 (`decode_mixed`).
"""

from __future__ import annotations

import codecs
import logging
import re
from functools import cache

from pipelines.arabic import BLOCKS, chars

logger = logging.getLogger(__name__)

DOUBLE_ENCODINGS = ("cp1252", "cp1256")  # UTF-8 read as these, then saved as UTF-8 again
# what doubly encoded UTF-8 may stand for: letters of the common scripts, punctuation, symbols
REPAIRABLE = re.compile("[" + chars(
    (0x00A0, 0x024F), (0x0300, 0x052F), (0x0590, 0x05FF), *BLOCKS.values(), (0x1E00, 0x1EFF),
    (0x2000, 0x214F), (0x2190, 0x22FF), (0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xFB00, 0xFB4F),
    (0xFE00, 0xFE6F), (0xFF00, 0xFFEF)) + "]+")  # Latin ... Hebrew, Arabic, CJK, Hangul, forms
# bytes of doubly encoded UTF-8: a lead byte read as windows-1252 ("Ã"), then a continuation
# byte ("©", "€", "™" ...); or Arabic read as windows-1256 ("ط§")
DOUBLE_HINTS = (  # one literal first byte each: a quick search
    re.compile(b"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xe2\x80|\xe2\x82\xac|\xe2\x84\xa2"
               b"|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xcb[\x86\x9c]|\xc6\x92)"),
    re.compile(b"\xd8[\xb7\xb8](?:\xc2[\xa7-\xb9]|\xe2\x80[\x9a\x9e\xa0\xa1\xb0]|\xc6\x92|\xcb\x86"
               b"|\xe2\x82\xac)"),
)
# Arabic UTF-8 read as windows-1256 and saved again: a lead byte shown as ط/ظ and the next byte
# as a symbol no word ends with
DOUBLE_CP1256 = re.compile("[\u0637\u0638][\u00a7-\u00b9\u201a\u0192\u201e\u2020\u2021"
                           "\u02c6\u2030\u20ac]")


def _c1_as_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chars = exc.object[exc.start:exc.end]
    if not all("\x80" <= c <= "\x9f" for c in chars):
        raise exc
    return chars.encode("latin-1"), exc.end


def _legacy_arabic(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1256", errors="replace"), exc.end


C1_AS_BYTES = "akhbar_c1_as_bytes"
codecs.register_error(C1_AS_BYTES, _c1_as_bytes)
MIXED_ERRORS = "akhbar_cp1256"
codecs.register_error(MIXED_ERRORS, _legacy_arabic)


@cache
def utf8_misread_as(codec: str) -> re.Pattern[str]:
    """UTF-8 byte sequences (lead byte, continuation bytes) as `codec` shows them; bytes 80-9F
    may also show as C1 controls (iso-8859-1, and MySQL's "latin1" for windows-1252's holes)."""
    def chars(first: int, last: int) -> str:
        shown = bytes(range(first, last + 1)).decode(codec, errors="ignore")
        return re.escape("".join(c for c in shown if c.strip() and not c.isascii()))
    cont = f"[{chars(0x80, 0xBF)}\x80-\x9f]"
    return re.compile(f"[{chars(0xC2, 0xDF)}]{cont}|[{chars(0xE0, 0xEF)}]{cont}{{2}}"
                      f"|[{chars(0xF0, 0xF4)}]{cont}{{3}}")


def undo_misread(shown: str, codec: str) -> str | None:
    """The character(s) UTF-8 bytes shown as `shown` in `codec` stand for, when that is a
    character of a script or of punctuation in common use ("Ã©" -> "é"; not "ß“" -> NKo)."""
    try:
        fixed = shown.encode(codec, errors=C1_AS_BYTES).decode("utf-8")
    except UnicodeError:
        return None
    return fixed if REPAIRABLE.fullmatch(fixed) else None


def may_be_doubly_encoded(data: bytes) -> bool:
    """A quick look at UTF-8 bytes: any trace of doubly encoded UTF-8?"""
    return any(hint.search(data) for hint in DOUBLE_HINTS)


def doubly_encoded_chars(text: str) -> int:
    """Characters of `text` that are doubly encoded UTF-8 (see the module docstring)."""
    western = DOUBLE_ENCODINGS[0]
    return (sum(len(m.group()) for m in utf8_misread_as(western).finditer(text)
                if undo_misread(m.group(), western))
            + 2 * len(DOUBLE_CP1256.findall(text)))


def repair_double_utf8(text: str) -> str:
    """Undo UTF-8 that was read as windows-1252 or windows-1256 and encoded as UTF-8 again."""
    for codec in DOUBLE_ENCODINGS:
        text = utf8_misread_as(codec).sub(
            lambda m, codec=codec: undo_misread(m.group(), codec) or m.group(), text)
    return text


def decode_mixed(data: bytes) -> str:
    """UTF-8 bytes whose invalid parts are windows-1256."""
    return data.decode("utf-8", errors=MIXED_ERRORS)
