"""Which charset page bytes are in, decided by how plausible the text of each reading is.

Declarations lie: an HTTP charset left at a server default, a template's <meta charset> copied
from another site, a byte-order mark in front of legacy bytes. The declared charsets (BOM, HTTP
Content-Type, <meta>) and the detected ones are candidates, and each reading is scored: Arabic
letters count for it, suspects count against it: replacement and control characters, UTF-8 byte
sequences read as single-byte characters ('Ø§Ù„', 'ط§ظ„'), runs of accented Latin (Arabic
code-page bytes read as Latin), Latin letters glued to Arabic ones, vowel marks on no letter.

- A declaration (or several that agree) whose reading is clean is kept as it is: a French page in
  windows-1252 stays windows-1252.
- Otherwise the reading with the best score wins, the declared ones first among equals; UTF-8
  encoded twice (UTF-8 bytes read as windows-1252 and saved as UTF-8 again) is repaired.
- Undeclared bytes: valid UTF-8 is UTF-8; otherwise the legacy Arabic code pages compete with
  charset_normalizer's guess (a short iso-8859-6 text is easily taken for Thai).
- When even the best reading is mostly suspects the page is `undecodable`; when it is full of
  control characters it is binary data, not text (`Decoded.binary`).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from functools import cache

import charset_normalizer
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    to_unicode,
)

from pipelines.arabic import (
    BASIC_LETTERS,
    HARAKAT,
    LETTER_CLASS,
    MARK_CLASS,
    PRESENTATION_FORMS,
    SCORED_LETTERS,
    TATWEEL,
    chars,
)
from pipelines.extract.mojibake import (
    decode_mixed,
    doubly_encoded_chars,
    may_be_doubly_encoded,
    repair_double_utf8,
)

logger = logging.getLogger(__name__)

ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
WESTERN = "cp1252"  # the web's default charset, and the usual truth behind a wrong declaration
ARABIC_LETTERS = re.compile(f"[{chars(*SCORED_LETTERS)}]+")
LETTER_BEFORE_MARK = f"{LETTER_CLASS}{MARK_CLASS}{TATWEEL}{chars(*PRESENTATION_FORMS)}"
PRESENTATION_FORM = chars(*PRESENTATION_FORMS)  # old pages store Arabic in visual order
# a vowel mark (haraka) that follows no Arabic letter: Arabic bytes read in the wrong Arabic
# code page put them at word starts
ORPHAN_MARK = re.compile(
    rf"[{chars(HARAKAT)}](?<![{LETTER_BEFORE_MARK}].)(?![{PRESENTATION_FORM}])")
# a letter of Latin script glued to an Arabic letter (tatweel excluded: "الـCNN" is fine)
_LATIN = r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_ARABIC = chars(*BASIC_LETTERS)
GLUED = re.compile(rf"[{_LATIN}][{_ARABIC}]|[{_ARABIC}][{_LATIN}]")
# three or more accented Latin letters in a row: Arabic code-page bytes read as Latin
LATIN_RUN = re.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192]{3,}")
RUN_WEIGHT = 3  # suspects a run counts for, however long (a list of accents in a script is one)
UTF8_LEADS = bytes(range(0xC0, 0x100))
C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
UTF8_FFFD = "\ufffd".encode()  # a replacement character the page itself holds
# a lower-case letter then an upper-case one inside a word, in Latin-1, Greek or Cyrillic:
# Arabic code-page bytes read as windows-1251/1253 ("Збг")
CASE_FLIP = re.compile(r"[\u00df-\u00f6\u00f8-\u00ff\u03ac-\u03ce\u0430-\u045f]"
                       r"[\u00c0-\u00d6\u00d8-\u00de\u0386-\u03ab\u0400-\u042f]")
# a symbol between two letters ("b¹d", "ط§ظ"): bytes of letters read in the wrong charset
SYMBOL_IN_WORD = re.compile(r"[\u00a2-\u00a9\u00ac\u00ae-\u00b9\u00bc-\u00be\u0192\u2020\u2021"
                            r"\u2030](?<=[^\W\d_].)(?=[^\W\d_])")
C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
CONTROL = re.compile(f"[{re.escape(C0_BYTES.decode())}\x80-\x9f]")  # ESC is ISO-2022's
C1_CONTROL = re.compile(r"[\x80-\x9f]")
SUSPECT_WEIGHT = 3
CLEAN_SUSPECTS = 3  # this many suspects are noise whatever the share
CLEAN_SHARE = 0.02  # of the non-ASCII characters: a reading with fewer suspects is clean
UNDECODABLE_SHARE = 0.25  # the best reading has more suspects than this: no reading is text
UNDECODABLE_SUSPECTS = 40
BINARY_SHARE = 0.02  # control characters among all characters: binary data, not a page
BINARY_CONTROLS = 16
SAMPLE_BYTES = 200_000
# scripts, styles and comments are not what a reader sees: packed or obfuscated code reads as
# mojibake in any charset, so only the rest of the page is scored
CODE_BLOCK = re.compile(rb"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.I)
MIN_ARABIC_SHARE = 0.3  # of the non-ASCII characters, for an undeclared reading to be Arabic
REPAIRED = "+repaired"  # suffix of a reading whose doubly encoded UTF-8 was undone
MIXED = "+cp1256"  # suffix of a reading of UTF-8 whose invalid bytes are windows-1256


@dataclass(frozen=True)
class Reading:
    """One way of decoding the bytes, with what speaks for and against it."""

    codec: str
    source: str  # bom, http, meta, detected
    text: str
    arabic: int
    suspects: int
    non_ascii: int
    controls: int
    replaced: int  # replacement characters of the decoding (not those the page holds)

    @property
    def score(self) -> int:
        return self.arabic - SUSPECT_WEIGHT * self.suspects

    @property
    def suspect_share(self) -> float:
        return self.suspects / max(self.non_ascii, 1)

    @property
    def clean(self) -> bool:
        return self.suspects <= CLEAN_SUSPECTS or self.suspect_share <= CLEAN_SHARE


@dataclass(frozen=True)
class Decoded:
    """Page text, the codec it was read with, where that came from, and how it reads."""

    text: str
    codec: str
    source: str
    suspect_share: float
    binary: bool
    undecodable: bool


@cache
def _single_byte(codec: str) -> bool:
    try:
        return len(bytes(range(0x80, 0x100)).decode(codec, errors="replace")) == 0x80
    except LookupError:
        return False


def _canonical(codec: str) -> str | None:
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return None


def read_as(sample: bytes, codec: str, source: str, *, utf8: bool = False) -> Reading | None:
    """`sample` decoded with `codec`, scored; None when Python has no such codec. `utf8`: the
    sample is valid UTF-8 with multi-byte characters (a single-byte reading of it is suspect)."""
    name = _canonical(codec)
    if name is None:
        return None
    literal = sample.count(UTF8_FFFD) if name == "utf-8" else 0
    wide = name.startswith(("utf-16", "utf-32"))
    c0 = None if wide else len(sample) - len(sample.translate(None, C0_BYTES))
    if name == "utf-8" and utf8 and not may_be_doubly_encoded(sample):
        # valid UTF-8 with no trace of double encoding: only C1 controls are suspect (a stray
        # C0 control says binary junk, not a wrong charset), and the bytes tell (Arabic
        # letters: lead bytes D8, D9; characters: lead bytes)
        c1 = len(C1_UTF8.findall(sample))
        return Reading(name, source, to_unicode(sample, name),
                       sample.count(b"\xd8") + sample.count(b"\xd9"), c1,
                       len(sample) - len(sample.translate(None, UTF8_LEADS)), c0 + c1, 0)
    return score_text(to_unicode(sample, name), name, source, utf8=utf8, literal_fffd=literal,
                      c0=c0)


def score_text(text: str, codec: str, source: str, *, utf8: bool = False,
               literal_fffd: int = 0, c0: int | None = None) -> Reading:
    """How `text` (a reading with `codec`) speaks for itself: see the module docstring.
    `literal_fffd`: replacement characters the page's bytes hold as such (not the reading's);
    `c0`: its count of C0 control characters when already known (from the bytes)."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    # the words with a non-ASCII character: all the patterns above look at
    islands = " ".join([w for w in text.split() if not w.isascii()]) if non_ascii else ""
    if c0 is None:
        c0 = len(CONTROL.findall(text)) - len(C1_CONTROL.findall(text))
    controls = c0 + len(C1_CONTROL.findall(islands))
    replaced = islands.count("\ufffd") - literal_fffd
    suspects = (replaced + controls + len(GLUED.findall(islands))
                + len(ORPHAN_MARK.findall(islands)) + len(CASE_FLIP.findall(islands))
                + len(SYMBOL_IN_WORD.findall(islands))
                + RUN_WEIGHT * len(LATIN_RUN.findall(islands)))
    base = codec.removesuffix(REPAIRED)
    if base.startswith("utf-8"):  # doubly encoded UTF-8
        suspects += doubly_encoded_chars(islands)
    elif base.startswith(("utf-16", "utf-32")) and "<" not in text:
        suspects = max(suspects, non_ascii)  # ASCII markup read two bytes at a time
    elif utf8 and _single_byte(base):
        suspects = max(suspects, non_ascii)  # valid UTF-8 is not a single-byte charset
    return Reading(codec, source, text, sum(map(len, ARABIC_LETTERS.findall(islands))), suspects,
                   non_ascii, controls, replaced)


def _bom(body: bytes) -> bytes:
    _, bom = read_bom(body)
    return bom or b""


def declared_charsets(body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(source, codec) of what the bytes say they are: BOM, HTTP charset, <meta charset>."""
    bom_codec, _ = read_bom(body)
    found = [("bom", bom_codec)] if bom_codec else []
    if http := http_content_type_encoding(content_type):
        found.append(("http", http))
    if meta := html_body_declared_encoding(body[len(_bom(body)):]):
        # a <meta> that ASCII-compatible bytes could be read at all to find is not UTF-16
        found.append(("meta", "utf-8" if meta.startswith("utf-16") else meta))
    return found


def decode_page(body: bytes, content_type: str | None = None) -> Decoded:
    """The text of page bytes, read with the most plausible charset (see the module docstring)."""
    payload = body[len(_bom(body)):]
    sample = CODE_BLOCK.sub(b" ", payload[:SAMPLE_BYTES])
    declared = [(s, c) for s, codec in declared_charsets(body, content_type)
                if (c := _canonical(codec))]
    utf8 = _multibyte_utf8(sample)
    best = _agreed(sample, declared, utf8) or _most_plausible(sample, declared, utf8)
    text = text_of(payload, best.codec)
    if best.source not in ("bom", "http", "meta") or len({c for _, c in declared}) > 1:
        logger.debug("charset %s (%s), declared %s", best.codec, best.source, declared or "none")
    return Decoded(
        text=text, codec=best.codec, source=best.source, suspect_share=best.suspect_share,
        binary=best.controls >= BINARY_CONTROLS and best.controls > BINARY_SHARE * len(best.text),
        undecodable=(best.suspects >= UNDECODABLE_SUSPECTS
                     and best.suspect_share > UNDECODABLE_SHARE))


def text_of(data: bytes, codec: str) -> str:
    """`data` decoded as a reading named `codec` decodes it (see REPAIRED, MIXED)."""
    if codec.endswith(MIXED):
        return decode_mixed(data)
    if codec.endswith(REPAIRED):
        return repair_double_utf8(to_unicode(data, codec.removesuffix(REPAIRED)))
    return to_unicode(data, codec)


def _agreed(sample: bytes, declared: list[tuple[str, str]], utf8: bool | None) -> Reading | None:
    """The reading of a single (or unanimous) declaration when it is clean, or of undeclared
    valid UTF-8 when that is clean: the common case, one decoding."""
    codecs_declared = {codec for _, codec in declared}
    if len(codecs_declared) == 1:
        reading = read_as(sample, declared[0][1], declared[0][0], utf8=bool(utf8))
    elif not declared and utf8 is not False:
        reading = read_as(sample, "utf-8", "detected")
    else:
        return None
    return reading if reading is not None and reading.clean else None


def _multibyte_utf8(sample: bytes) -> bool | None:
    """True: valid UTF-8 with multi-byte characters; None: plain ASCII; False: not UTF-8."""
    if sample.isascii():
        return None
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:  # a sample cut inside a character is still UTF-8
        return exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    return True


def _most_plausible(sample: bytes, declared: list[tuple[str, str]],
                    utf8: bool | None) -> Reading:
    """Every candidate read and scored; the best score wins, earlier candidates among equals:
    the declared ones, then (for a page with no clean Arabic reading) windows-1252, the web's
    default, and charset_normalizer's guess, then UTF-8 and the Arabic code pages."""
    readings: dict[str, Reading] = {}

    def add(codec: str | None, source: str) -> Reading | None:
        name = _canonical(codec) if codec else None
        if name and name not in readings and (r := read_as(sample, name, source, utf8=bool(utf8))):
            readings[name] = r
            return r
        return None

    first = [r for source, codec in declared if (r := add(codec, source))]
    rest = [r for codec in ("utf-8", *ARABIC_CODEPAGES) if (r := add(codec, "detected"))]
    plain = readings["utf-8"]
    if plain.suspects > plain.replaced + plain.controls:  # doubly encoded UTF-8?
        name = "utf-8" + REPAIRED
        rest.append(score_text(repair_double_utf8(plain.text), name, "repaired",
                               literal_fffd=sample.count(UTF8_FFFD)))
    if utf8 is False:  # invalid UTF-8: maybe UTF-8 and windows-1256 parts in one page
        name = "utf-8" + MIXED
        rest.append(score_text(text_of(sample, name), name, "detected"))
    best = _best(first + rest)
    if best.clean and (best.arabic > MIN_ARABIC_SHARE * best.non_ascii
                       or (utf8 and best.codec == "utf-8")):
        return best  # clean Arabic, or clean multi-byte UTF-8: no need to ask for a guess
    found = charset_normalizer.from_bytes(sample).best()
    western = [r for codec in (WESTERN, found.encoding if found else None)
               if (r := add(codec, "detected"))]
    return _best(first + western + rest)


def _best(readings: list[Reading]) -> Reading:
    """The highest score; the earliest reading among equals."""
    return max(readings, key=lambda r: r.score)

