"""Whether a WARC page may be in Arabic, from its headers and first bytes only.

`akhbar ingest-warc --all-arabic` asks this of the pages of sites not in the catalogue, before
any stage runs: the language detected after extraction decides, this only spares the stages
the pages plainly in other languages (so when unsure it says yes).
"""

from __future__ import annotations

import re

from pipelines.arabic import BASIC_LETTERS, chars

SNIFF_BYTES = 16_384  # what looks_arabic reads of a body
MIN_SNIFFED_LETTERS = 40
# UTF-8 of the basic Arabic letters (their lead bytes, from pipelines/arabic.py)
ARABIC_UTF8 = re.compile(b"[" + b"".join(re.escape(bytes([b])) for b in sorted(
    {chr(c).encode()[0] for lo, hi in BASIC_LETTERS for c in range(lo, hi + 1)})) + b"][\x80-\xbf]")
ARABIC_CHARSETS = re.compile(rb"windows-1256|cp1256|iso-8859-6|arabic", re.I)
ARABIC_DECLARED = re.compile(
    rb"""<html[^>]*\blang\s*=\s*["']?ar\b|charset\s*=\s*["']?(?:windows-1256|iso-8859-6)""",
    re.I)
# the Arabic code pages an undeclared page may be in, and what reads as Arabic words in them
LEGACY_CODECS = ("cp1256", "iso8859_6")
ARABIC_WORD = re.compile(f"[{chars(*BASIC_LETTERS)}]{{3,}}")


def looks_arabic(body: bytes, headers: dict[str, str]) -> bool:
    """A cheap guess, on the headers and first bytes only, that a page may be in Arabic: an
    Arabic Content-Language, lang or charset declared, Arabic letters in its first bytes, or,
    when those bytes are not UTF-8, Arabic words in them read in a legacy Arabic code page (an
    undeclared windows-1256 page). The language detected after extraction decides
    (`--all-arabic`); this only spares the stages the pages plainly in other languages, so when
    unsure it says yes."""
    head = body[:SNIFF_BYTES]
    declared = " ".join((headers.get("content-language", ""),
                         headers.get("content-type", ""))).lower()
    if declared.startswith("ar") or ARABIC_CHARSETS.search(declared.encode()):
        return True
    if ARABIC_DECLARED.search(head):
        return True
    if len(ARABIC_UTF8.findall(head)) >= MIN_SNIFFED_LETTERS:
        return True
    return not is_utf8(head) and any(
        sum(map(len, ARABIC_WORD.findall(head.decode(codec, "replace")))) >= MIN_SNIFFED_LETTERS
        for codec in LEGACY_CODECS)


def is_utf8(head: bytes) -> bool:
    """True when the bytes are UTF-8, but for a character the cut at SNIFF_BYTES split."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True
