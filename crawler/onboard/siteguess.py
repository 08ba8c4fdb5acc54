"""Guesses about a news site from what it publishes: its article URL pattern, country and zone.

Used by `akhbar add-site` (crawler/onboard/addsite.py); plain functions, no network.

Article pattern. Article URLs are split into path segments and grouped by shape, each segment
being digits (N), text with digits (M) or text (T): /politics/2026/10/01/1001/slug has the shape
T N N N N T. Within a group every position is generalised on its own:
- digits become \\d{4} when every value is a year, \\d{1,2} or \\d{2} for days and months, else
  \\d+ (ids); digits are never kept literally, since tomorrow's article has other numbers;
- text that is the same in every URL of the group stays literal (/story/, /news/details/);
  text that varies (sections, slugs) becomes [^/]+;
- text with digits keeps its skeleton when every value has the same one (2020-06-03-1.3874341
  becomes \\d{4}-\\d{2}-\\d{2}-\\d{1,2}\\.\\d+), else its digit run at the end or the start
  (slug-1289123.html becomes [^/]*-\\d+\\.html, 2020031710-slug becomes \\d+-[^/]*);
- a trailing slug after an id is optional, and so is a trailing slash.
A query that carries the identity while the path does not vary (view.aspx?id=...) adds a
lookahead for its parameter names. The groups a person (or the caller's sampled pages) confirms
as articles are joined into one alternation. Nothing here knows any particular site.

Timezone. Every date the site wrote with an explicit UTC offset (feed and sitemap entries,
JSON-LD and meta dates of sampled pages) is an observation; the IANA zones of tzdata's zone.tab
are scored by how many observations their offset on that day matches, so daylight-saving
changes single a zone out (Cairo's ends on the last Thursday of October, Beirut's on the last
Sunday). Ties go to the zones of the site's country (ccTLD, og:locale, html lang), then to the
Arab world's for Arabic pages. Offsets of zero say nothing (many sites write UTC): when there
are only those, the country's zone is proposed.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo

from lxml import html as lxml_html

from pipelines.dates.forms import iso_stamp, rfc822_stamp
from pipelines.tag.places import BY_POPULATION

logger = logging.getLogger(__name__)

# Arab League members, most populous first: the tie-break among zones fitting Arabic pages.
ARAB_COUNTRIES = BY_POPULATION
# Country-code TLDs that sites everywhere use as generic ones.
GENERIC_CCTLDS = frozenset({"tv", "io", "me", "co", "fm", "ai", "cc", "ws", "to", "am", "la",
                            "nu", "tk", "gg", "sh", "ac"})
YEAR = re.compile(r"(?:19|20)\d\d")
RUN = re.compile(r"[0-9]+|[^0-9]+")
EDGE_DIGITS = re.compile(r"[0-9](?:\.[A-Za-z]{2,5})?$")
DATE_KEYS = ("datePublished", "dateModified", "dateCreated", "uploadDate")
DATE_META = frozenset({"article:published_time", "article:modified_time",
                       "og:updated_time", "datePublished", "dateModified"})


# -- article pattern ------------------------------------------------------------------------

def _lit(text: str) -> str:
    """A literal in a pattern; "-" needs no escape outside a character class."""
    return re.escape(text).replace("\\-", "-")


def _kind(segment: str) -> str:
    """N: digits; M: starts or ends (before an extension) with digits; T: other."""
    if segment.isascii() and segment.isdigit():
        return "N"
    return "M" if re.match(r"[0-9]", segment) or EDGE_DIGITS.search(segment) else "T"


def _segments(path: str) -> tuple[str, ...]:
    return tuple(s for s in path.strip("/").split("/") if s) if path.strip("/") else ()


def shape(path: str) -> tuple[str, ...]:
    """The shape of a URL path: one letter per segment (N digits, M mixed, T text)."""
    return tuple(_kind(s) for s in _segments(path))


def _digits(values: list[str]) -> str:
    if all(len(v) == 4 and YEAR.fullmatch(v) for v in values):
        return r"\d{4}"
    if all(len(v) <= 2 for v in values):
        return r"\d{2}" if all(len(v) == 2 for v in values) else r"\d{1,2}"
    return r"\d+"


def _skeleton(values: list[str]) -> str | None:
    """Run-by-run generalisation when every value has the same digit/text skeleton."""
    runs = [RUN.findall(v) for v in values]
    kinds = {tuple(r[0].isdigit() for r in value) for value in runs}
    if len(kinds) != 1 or len({len(r) for r in runs}) != 1:
        return None
    parts = []
    for position in zip(*runs, strict=True):
        if position[0].isdigit():
            parts.append(_digits(list(position)))
        else:
            parts.append(_lit(position[0]) if len(set(position)) == 1 else "[^/]*")
    return "".join(parts)


def _edge_digits(values: list[str]) -> str:
    """A digit run every value ends (before a common suffix) or starts with."""
    suffix = _common_suffix(values)
    suffix = re.sub(r"^.*[0-9]", "", suffix)
    cores = [v[: len(v) - len(suffix)] if suffix else v for v in values]
    tails = [re.search(r"(\D?)([0-9]+)$", c) for c in cores]
    if all(tails):
        seps = {t.group(1) for t in tails if t}
        sep = _lit(seps.pop()) if len(seps) == 1 else ""
        return rf"[^/]*{sep}\d+{_lit(suffix)}"
    heads = [re.match(r"([0-9]+)(\D?)", v) for v in values]
    if all(heads):
        seps = {h.group(2) for h in heads if h}
        sep = _lit(seps.pop()) if len(seps) == 1 else ""
        return rf"\d+{sep}[^/]*"
    return r"[^/]*\d[^/]*"


def _common_suffix(values: list[str]) -> str:
    reversed_values = [v[::-1] for v in values]
    common = []
    for chars in zip(*reversed_values, strict=False):
        if len(set(chars)) != 1:
            break
        common.append(chars[0])
    return "".join(common)[::-1]


def _position(values: list[str], kind: str, group_size: int) -> str:
    if kind == "N":
        return _digits(values)
    if kind == "M":
        return _skeleton(values) or _edge_digits(values)
    same = len(set(values)) == 1
    word = re.fullmatch(r"[A-Za-z_.-]{1,24}", values[0]) is not None
    if same and (group_size > 1 or word):
        return _lit(values[0])
    return "[^/]+"


def group_pattern(paths: list[str], queries: Iterable[str] = ()) -> str:
    """An unanchored regex for article paths of one shape (see the module docstring)."""
    split = [_segments(p) for p in paths]
    kinds = shape(paths[0])
    parts = [_position([s[i] for s in split], kinds[i], len(paths)) for i in range(len(kinds))]
    if len(parts) >= 2 and parts[-1] == "[^/]+" and kinds[-2] in "NM":
        body = "/" + "/".join(parts[:-1]) + "(?:/[^/]+)?"
    else:
        body = "/" + "/".join(parts)
    names = _identity_params(list(queries), variable=any(k != "T" for k in kinds)
                             or "[^/]+" in parts)
    return body + ("" if not names else r"\?" + "".join(rf"(?=(?:.*&)?{n}=)" for n in names))


def _identity_params(queries: list[str], variable: bool) -> list[str]:
    """Query parameters present in every URL with varying values, when the path is constant."""
    if variable or not queries or not all(queries):
        return []
    pairs = [dict(p.split("=", 1) for p in q.split("&") if "=" in p) for q in queries]
    common = set.intersection(*(set(p) for p in pairs))
    return sorted(_lit(n) for n in common if len({p[n] for p in pairs}) > 1)


def article_pattern(groups: list[list[tuple[str, str]]]) -> str:
    """One anchored pattern for groups of article (path, query) pairs; a group whose paths
    another group's pattern matches already adds nothing."""
    bodies = {i: group_pattern([p for p, _ in g], [q for _, q in g])
              for i, g in enumerate(groups) if g}
    for i in sorted(bodies, key=lambda i: len(groups[i])):
        others = [re.compile(f"^{b}/?$") for j, b in bodies.items() if j != i]
        if any(all(o.match(p) for p, _ in groups[i]) for o in others):
            del bodies[i]
    parts = list(bodies.values())
    if not parts:
        return ""
    end = "" if any(r"\?" in b for b in parts) else "/?$"
    return f"^(?:{'|'.join(parts)}){end}" if len(parts) > 1 else f"^{parts[0]}{end}"


def page_facts(body: bytes) -> tuple[bool, list[datetime]]:
    """(is it an article: og:type or a JSON-LD *Article type, its dates with a UTC offset)."""
    tree = lxml_html.fromstring(body)
    types: list[str] = []
    raw = [str(v) for v in tree.xpath("//time/@datetime")]
    raw += [m.get("content", "") for m in tree.iter("meta")
            if (m.get("property") or m.get("itemprop") or m.get("name")) in DATE_META]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            _walk_json_ld(json.loads(script), types, raw)
        except ValueError:
            continue
    og_type = tree.xpath("string(//meta[@property='og:type']/@content)").strip().lower()
    article = og_type == "article" or any(t.endswith(("Article", "BlogPosting")) for t in types)
    return article, [d for r in raw if (d := aware_date(r))]


def _walk_json_ld(node: object, types: list[str], dates: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_json_ld(item, types, dates)
    elif isinstance(node, dict):
        kind = node.get("@type")
        types += [kind] if isinstance(kind, str) else [k for k in kind or [] if isinstance(k, str)]
        dates += [node[k] for k in DATE_KEYS if isinstance(node.get(k), str)]
        for value in node.values():
            if isinstance(value, dict | list):
                _walk_json_ld(value, types, dates)


def aware_date(text: str | None) -> datetime | None:
    """A date string with an explicit UTC offset (ISO 8601 or RFC 822) as an aware datetime."""
    text = " ".join((text or "").split())
    stamp = (iso_stamp(text) or rfc822_stamp(text)) if text else None
    if stamp is None or stamp.tz is None:
        return None
    return stamp.wall.replace(tzinfo=stamp.tz)


# -- country and timezone -------------------------------------------------------------------

@cache
def zone_table() -> dict[str, tuple[str, ...]]:
    """Country code -> its IANA zones, from zone.tab (tzdata, else the system's)."""
    text = ""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        for base in TZPATH:
            if Path(base, "zone.tab").is_file():
                text = Path(base, "zone.tab").read_text("utf-8")
                break
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.split("\t")[:3]
            zones.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in zones.items()}


def country_of(host: str, locale: str = "", lang: str = "") -> tuple[str, str] | None:
    """(ISO code, evidence) from the host's ccTLD, og:locale or html lang, when they say."""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    code = "GB" if tld == "uk" else tld.upper()
    if len(tld) == 2 and tld not in GENERIC_CCTLDS and code in zone_table():
        return code, f"the host's ccTLD .{tld}"
    for value, what in ((locale, "og:locale"), (lang, "html lang")):
        match = re.fullmatch(r"[a-z]{2,3}[-_]([A-Za-z]{2})", value.strip())
        region = match.group(1).upper() if match else ""
        # ar_AR is Facebook's pan-Arabic locale, not Argentina
        if region and region != "AR" and region in zone_table():
            return region, f"{what} {value.strip()}"
    return None


def _offset(moment: datetime) -> str:
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass
class ZoneGuess:
    zone: str
    country: str
    evidence: str
    also_fit: list[str] = field(default_factory=list)


def guess_zone(observations: list[datetime], country: str | None, arabic: bool) -> ZoneGuess:
    """The zone whose offsets match most of the observed dates (see the module docstring)."""
    table = zone_table()
    telling = [d for d in observations if d.utcoffset() not in (None, timedelta(0))]
    if not telling:
        zone = table[country][0] if country in table else "UTC"
        seen = (f"the {len(observations)} dates with an offset are all in UTC" if observations
                else "no date with a UTC offset was found")
        why = f"{zone}: {seen}, so " + (f"the first zone of {country}" if country in table
                                        else "no country is known")
        return ZoneGuess(zone, country or "", why)
    preferred = ([country] if country else []) + (list(ARAB_COUNTRIES) if arabic else [])
    owners = {z: c for c, zones in table.items() for z in zones}

    def rank(zone: str) -> tuple[int, int]:
        tz = ZoneInfo(zone)
        hits = sum(1 for d in telling if tz.utcoffset(d.replace(tzinfo=None)) == d.utcoffset())
        owner = owners[zone]
        return hits, -(preferred.index(owner) if owner in preferred else len(preferred) + 1)

    scores = {zone: rank(zone) for zone in owners}
    best = min(scores, key=lambda z: (-scores[z][0], -scores[z][1], z))
    top = scores[best][0]
    also = sorted(z for z, s in scores.items() if s[0] == top and z != best)
    offsets = sorted({_offset(d) for d in telling})
    why = (f"{best}, whose offset matches on their day {top} of the {len(telling)} dates the site "
           f"wrote with a UTC offset ({', '.join(offsets)})")
    return ZoneGuess(best, owners[best], why, also)
