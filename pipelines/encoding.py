"""Charset of a page that does not declare one (no BOM, no HTTP charset, no <meta charset>).

UTF-8 when the bytes are valid UTF-8. Otherwise the two legacy Arabic code pages, windows-1256
and iso-8859-6, compete with charset_normalizer's guess, and the decoding that reads most like
Arabic wins: Arabic letters count for it, letters that have no business between Arabic letters
(accented Latin of windows-1256 misread, Thai, C1 controls) count against it. A short
iso-8859-6 text is otherwise easily taken for Thai (cp874). When no candidate reads as Arabic,
charset_normalizer's guess stands: the page is in some other language.
"""

from __future__ import annotations

import logging
import re

import charset_normalizer

logger = logging.getLogger(__name__)

ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0660-\u0669\u067e\u0686\u06a9\u06af\u06cc]")
# letters that a wrong single-byte decoding of Arabic produces
SUSPECT = re.compile(r"[\u0080-\u009f\u00c0-\u024f\u0e00-\u0e7f\u0400-\u04ff\u0370-\u03ff\ufffd]")
# an Arabic letter glued to a Latin one: a Latin-script page read as Arabic ("annoncى")
GLUED = re.compile(r"[A-Za-z][\u0600-\u06ff]|[\u0600-\u06ff][A-Za-z]")
SUSPECT_WEIGHT = 3
MIN_ARABIC_SHARE = 0.3  # of the non-ASCII characters, for a decoding to count as Arabic
SAMPLE_BYTES = 200_000


def arabic_score(text: str) -> float:
    """How much `text` reads like Arabic: Arabic letters minus weighted suspect letters."""
    suspects = len(SUSPECT.findall(text)) + len(GLUED.findall(text))
    return len(ARABIC_LETTER.findall(text)) - SUSPECT_WEIGHT * suspects


def _decodings(sample: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    best = charset_normalizer.from_bytes(sample).best()
    for codec in (*ARABIC_CODEPAGES, best.encoding if best else None):
        if codec and codec not in found:
            try:
                found[codec] = sample.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    return found


def detect_encoding(body: bytes) -> str | None:
    """The codec to read undeclared page bytes with (see the module docstring)."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    sample = body[:SAMPLE_BYTES]
    decodings = _decodings(sample)
    if not decodings:
        return None
    non_ascii = sum(1 for b in sample if b >= 0x80) or 1
    scored = sorted(decodings, key=lambda c: arabic_score(decodings[c]), reverse=True)
    winner = scored[0]
    arabic = len(ARABIC_LETTER.findall(decodings[winner]))
    if (winner in ARABIC_CODEPAGES and arabic_score(decodings[winner]) > 0
            and arabic / non_ascii >= MIN_ARABIC_SHARE):
        return winner
    fallback = next((c for c in decodings if c not in ARABIC_CODEPAGES), winner)
    logger.debug("undeclared charset: %s (no Arabic reading)", fallback)
    return fallback
