"""Countries mentioned in an article, from an offline Arabic gazetteer
(pipelines/tag/data/places.tsv).

Every name of the table (country, capital, major city, demonym, people) is turned into the forms a
news text writes it in: on the search form (no diacritics, unified alef/yeh/teh marbuta, so the
Egyptian العراقى and the Levantine أميركا match too), with the clitics و ف (and), ب ل ك (in, for,
like) and, for demonyms, the article ال and the endings ة ون ين ات. Text is cut into whole words,
and the longest name starting at each word wins; `block` phrases (أمريكا اللاتينية, صلاة المغرب,
مسقط رأسه ...) win the same way and give no country.

The members of the Arab League, with their rank by population, region and English names, are the
one list of them (pipelines/tag/data/arab_league.tsv): section tagging, the site catalogue's
regions and the time-zone guess of `akhbar add-site` read it from here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.normalize import searchable

PLACES_FILE = Path(__file__).parent / "data" / "places.tsv"
LEAGUE_FILE = Path(__file__).parent / "data" / "arab_league.tsv"
CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ل", "ك")
DEMONYM_ENDINGS = ("", "ه", "ون", "ين", "ات")  # عراقي عراقية عراقيون عراقيين عراقيات
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Member:
    """A member of the Arab League, as arab_league.tsv describes it."""

    code: str  # ISO 3166-1 alpha-2
    rank: int  # 1 = most populous (see the file's header)
    region: str
    latin: tuple[str, ...]  # English words naming it in a URL's section


@dataclass(frozen=True)
class Place:
    code: str  # ISO 3166-1 alpha-2, or "" for a blocking phrase
    after: frozenset[str] = frozenset()  # the name counts only after one of these words


def _with_clitics(form: str) -> list[str]:
    """The form as written after و/ف and ب/ل/ك: ل + ال gives لل (للعراق)."""
    forms = []
    for conj in CONJUNCTIONS:
        for prep in PREPOSITIONS:
            if prep == "ل" and form.startswith("ال"):
                forms.append(f"{conj}ل{form[1:]}")
            else:
                forms.append(f"{conj}{prep}{form}")
    return forms


def _demonym_forms(base: str, no_masculine: bool) -> list[str]:
    forms = []
    for ending in DEMONYM_ENDINGS:
        if no_masculine and not ending:
            continue
        forms += [base + ending, f"ال{base}{ending}"]
    return forms


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _members(path: Path) -> tuple[Member, ...]:
    return tuple(Member(code, int(rank), region, tuple(n for n in latin.split("|") if n != "-"))
                 for code, rank, region, latin in _rows(path))


MEMBERS = _members(LEAGUE_FILE)  # in the file's order: region by region
ARAB_LEAGUE = frozenset(m.code for m in MEMBERS)
BY_POPULATION = tuple(m.code for m in sorted(MEMBERS, key=lambda m: m.rank))
# region -> its members' codes, regions in the file's order
REGIONS: dict[str, frozenset[str]] = {
    region: frozenset(m.code for m in MEMBERS if m.region == region)
    for region in dict.fromkeys(m.region for m in MEMBERS)}
LATIN_NAMES: dict[str, str] = {name: m.code for m in MEMBERS for name in m.latin}


@dataclass
class Gazetteer:
    names: dict[str, Place]  # surface form (search form, words joined by one space) -> Place
    words: dict[str, int]  # first word of a surface form -> most words of a form it starts


@lru_cache(maxsize=2)
def gazetteer(path: Path = PLACES_FILE) -> Gazetteer:
    """Every surface form of the table's names; built once per process."""
    table = Gazetteer({}, {})
    for code, kind, name, *flags in _rows(path):
        options = dict(f.split("=", 1) if "=" in f else (f, "") for f in flags)
        after = frozenset(searchable(w) for w in options.get("after", "").split("|") if w)
        place = Place("" if code == "-" else code, after)
        first, *rest = searchable(name).split()
        firsts = (_demonym_forms(first, "no_masculine" in options) if kind == "demonym"
                  else [first])
        for head in firsts:
            for form in _with_clitics(head):
                table.names[" ".join([form, *rest])] = place
                table.words[form] = max(table.words.get(form, 0), 1 + len(rest))
    return table


def mentions(text_norm: str | None, table: Gazetteer | None = None) -> list[str]:
    """ISO codes of the places named in a search-form text, once per mention, in text order."""
    table = table or gazetteer()
    words = WORD.findall(text_norm or "")
    found, i = [], 0
    while i < len(words):
        for n in range(min(table.words.get(words[i], 0), len(words) - i), 0, -1):
            place = table.names.get(" ".join(words[i:i + n]))
            if place and (not place.after or (i and words[i - 1] in place.after)):
                if place.code:
                    found.append(place.code)
                i += n
                break
        else:
            i += 1
    return found


def countries(title_norm: str | None, text_norm: str | None) -> list[str]:
    """Countries named in the title and body, most mentioned first (ties: title, then order)."""
    found = mentions(title_norm) + mentions(text_norm)
    counts = Counter(found)
    first = {code: found.index(code) for code in counts}
    return sorted(counts, key=lambda code: (-counts[code], first[code]))
