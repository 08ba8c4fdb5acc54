"""News agencies, as data (pipelines/agencies.tsv), and which credit names one.

A credit is a byline or a credit line: "(أ ش أ)", "القاهرة - رويترز", "المصدر: وكالات",
"(AFP)". `agency_of` says which agency it names, or None when it names none (a person, a place,
the site). Extract uses it to keep agencies out of the authors; the clustering of wire copy reads
the same value.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines.arabic import HARAKAT as HARAKAT_RANGE
from pipelines.arabic import SUPERSCRIPT_ALEF, TATWEEL, chars

logger = logging.getLogger(__name__)

AGENCIES_FILE = Path(__file__).with_name("agencies.tsv")
# words a credit line wraps around the agency's name: "المصدر: ...", "نقلا عن ...", "وكالة ..."
LABELS = re.compile(
    r"^(?:المصدر|مصدر|source|sources|نقلا\s+عن|عن|via|from|بواسطه|by|(?:و|ال)?وكاله"
    r"|agence|agency)(?:\s*[:：\-]\s*|\s+)", re.IGNORECASE)  # in folded form
PARTS = re.compile(r"\s+[-–—|/]\s+|\s*[،,;:()\[\]«»]\s*|\s+-{2,}\s*|^-+|-+$")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", ".": " ", TATWEEL: None})
HARAKAT = re.compile(f"[{chars(HARAKAT_RANGE)}{SUPERSCRIPT_ALEF}]")
MAX_CREDIT_WORDS = 12  # a longer text is a sentence that mentions an agency, not a credit


@dataclass(frozen=True)
class Agency:
    """One row of agencies.tsv."""

    name: str
    arabic: tuple[str, ...]
    abbreviations: tuple[str, ...]
    latin: tuple[str, ...]


def fold(text: str) -> str:
    """Matching form: one alef, ya for alef maqsura, ha for ta marbuta, no harakat or tatweel,
    dots of initials as spaces, lower case, whitespace collapsed."""
    return " ".join(HARAKAT.sub("", text).translate(FOLD).lower().split())


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


@cache
def agencies() -> tuple[Agency, ...]:
    """The agencies of agencies.tsv, in its order."""
    rows = []
    for line in AGENCIES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        name, arabic, abbreviations, latin = (line.split("\t") + ["", "", ""])[:4]
        rows.append(Agency(name.strip(), _split(arabic), _split(abbreviations), _split(latin)))
    return tuple(rows)


@cache
def _forms() -> tuple[dict[str, str], dict[str, str]]:
    """Folded full names -> agency, and folded short forms -> agency."""
    full: dict[str, str] = {}
    short: dict[str, str] = {}
    for agency in agencies():
        for form in (agency.name, *agency.arabic, *agency.latin):
            full.setdefault(fold(form), agency.name)
        for form in agency.abbreviations:
            short.setdefault(fold(form), agency.name)
    return full, short


def _strip_label(part: str) -> str:
    previous = None
    while previous != part:
        previous, part = part, LABELS.sub("", part).strip(" :-–—.،,")
    return part


def agency_of(text: str) -> str | None:
    """The agency a credit names ("(أ ش أ)" -> "MENA", "الرياض - رويترز" -> "Reuters"), else
    None. A full name may be any part of the credit; a short form (initials, an acronym, a word
    that is also a place or an adjective) only the whole credit or its last part."""
    if not text or len(text.split()) > MAX_CREDIT_WORDS:
        return None
    full, short = _forms()
    parts = [p for p in (x.strip() for x in PARTS.split(fold(text))) if p]
    for index, part in enumerate(reversed(parts)):
        for form in (part, _strip_label(part)):
            if form in full:
                return full[form]
            if index == 0 and form in short:
                return short[form]
    return None


AGENCIES = agencies()
