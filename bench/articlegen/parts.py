"""One generated page in the making: the article it tells (with its gold) and the pieces every
template draws on (head, date lines, byline). Templates register with `template`."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bench.articlegen import dates
from bench.articlegen.words import (
    AGENCIES,
    HOSTS,
    PAGEGEN_SENTENCES,
    PLACEHOLDER_AUTHORS,
    PLACES,
    REPORTERS,
    SECTIONS,
    STORIES,
)

TIMED = ("weekday_time12", "numeric_time", "iso_like", "levant", "morocco", "latin", "french",
         "eastern", "time24_first")
SLUG_WORDS = ["transport", "water", "team", "bank", "rates", "university", "theatre", "rain",
              "summit", "energy", "plan", "city", "report", "roads", "festival", "budget"]


@dataclass(frozen=True)
class Spec:
    """A template: its markup (the render function), its fictional site and what it prints."""

    name: str
    render: Callable[[Page], tuple[str, str]]  # -> (html, url)
    site: str
    host: str
    zone: str
    styles: tuple[str, ...]
    cms: str
    encoding: str = "utf-8"


TEMPLATES: dict[str, Spec] = {}
HOLDOUT: dict[str, Spec] = {}  # held-out templates (holdout*.py): never used to tune extraction


def template(name: str, site: str, zone: str, styles: tuple[str, ...], cms: str,
             encoding: str = "utf-8", registry: dict[str, Spec] | None = None,
             host: str | None = None) -> Callable[[Callable[[Page], tuple[str, str]]],
                                                  Callable[[Page], tuple[str, str]]]:
    """Register a render function as the template `name` (in TEMPLATES unless `registry`)."""
    def register(fn: Callable[[Page], tuple[str, str]]) -> Callable[[Page], tuple[str, str]]:
        where = TEMPLATES if registry is None else registry
        name_host = host or f"www.{HOSTS.get(name, name.replace('_', '-'))}.example"
        where[name] = Spec(name, fn, site, name_host, zone, styles, cms, encoding)
        return fn
    return register


@dataclass
class Article:
    headline: str
    paragraphs: list[str]
    section: tuple[str, str]
    authors: list[str]
    byline: str  # person | agency | site | placeholder | none
    agency: tuple[str, str] | None
    place: str
    published: datetime
    modified: datetime | None
    fetched: datetime
    ident: int
    slug: str
    related: list[str]


def make_article(rng: random.Random, spec: Spec) -> Article:
    headline, story = rng.choice(STORIES)
    pool = story + rng.sample(PAGEGEN_SENTENCES, 4)
    size = rng.choice([3, 4, 5, 6, 8])
    paragraphs, i = [], 0
    for _ in range(size):
        take = rng.choice([1, 2, 2, 3])
        chunk = [pool[(i + k) % len(pool)] for k in range(take)]
        i += take
        paragraphs.append(". ".join(chunk) + ".")
    if i > len(pool):  # a sentence came back: keep paragraphs distinct
        paragraphs = list(dict.fromkeys(paragraphs))
    zone = ZoneInfo(spec.zone)
    relative = "relative" in spec.styles and rng.random() < 0.5
    start = datetime(2023, 1, 1, tzinfo=zone) + timedelta(days=rng.randint(0, 1000))
    published = start.replace(hour=rng.randint(1, 21), minute=rng.randint(0, 59))
    if relative:
        fetched = published + timedelta(hours=rng.randint(1, 20), minutes=rng.randint(1, 58))
    else:
        fetched = published + timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 23))
    modified = (published + timedelta(hours=rng.randint(1, 70), minutes=rng.randint(0, 59))
                if rng.random() < 0.4 else None)
    if modified and modified > fetched:
        modified = None
    byline = rng.choices(["person", "agency", "site", "placeholder", "none"],
                         [6, 2, 1, 1, 1])[0]
    authors = rng.sample(REPORTERS, 2 if rng.random() < 0.15 else 1) if byline == "person" else []
    related = [h for h, _ in rng.sample(STORIES, 4)]
    return Article(headline, paragraphs, rng.choice(SECTIONS), authors, byline,
                   rng.choice(AGENCIES) if byline == "agency" or rng.random() < 0.3 else None,
                   rng.choice(PLACES), published, modified, fetched.astimezone(UTC),
                   rng.randint(10000, 9999999), "-".join(rng.sample(SLUG_WORDS, 3)), related)


@dataclass
class Page:
    """The page being rendered: the article, the rng, and what the page states so far."""

    spec: Spec
    rng: random.Random
    a: Article
    hazards: dict[str, str] = field(default_factory=dict)
    time_stated: bool = False
    modified_stated: datetime | None = None
    need_time: bool = False
    body_top: str = ""  # what the template moved to the top of the body (date line, byline)
    mode: str = ""
    agency_shown: str = ""  # the agency's form the page prints ('' if none, or 'وكالات' only)

    @property
    def title(self) -> str:
        return self.a.headline

    def hazard(self, name: str, evidence: str) -> None:
        self.hazards.setdefault(name, evidence)

    # -- dates ---------------------------------------------------------------------------------

    def dateline(self, styles: tuple[str, ...] | None = None, with_label: bool = True) -> str:
        """The visible publication line (escaped text), in one of the template's styles."""
        styles = styles or self.spec.styles
        if self.a.fetched - self.a.published > timedelta(days=1):
            styles = tuple(s for s in styles if s != "relative") or ("plain",)
        elif "relative" in styles:
            styles = ("relative",)
        if self.need_time:
            styles = tuple(s for s in styles if s in TIMED) or ("weekday_time12",)
        style = self.rng.choice(styles)
        text, timed = dates.render(self.a.published, style, self.rng, self.a.fetched)
        self.time_stated |= timed
        text = (dates.label(self.rng) if with_label else "") + text
        self.hazard(f"dateline:{style}", text)
        return escape(text)

    def updated(self) -> str:
        """'آخر تحديث' line where the article was modified, else ''."""
        if not self.a.modified:
            return ""
        style = self.rng.choice([s for s in self.spec.styles if s in TIMED] or ["numeric_time"])
        text, timed = dates.render(self.a.modified, style, self.rng)
        if timed:
            self.modified_stated = self.a.modified
        text = dates.label(self.rng, updated=True) + text
        self.hazard("update-line", text)
        return escape(text)

    def machine(self, mode: str | None = None) -> dict[str, str]:
        """Machine dates: {'published': iso, 'modified': iso} as this page declares them (some
        lie). Pages whose machine date is wrong must state the time in the date line."""
        a = self.a
        mode = mode or self.rng.choices(
            ["full", "full", "full", "date_only", "none", "zulu_local", "modified_only",
             "fetch_day"], [3, 3, 3, 1, 2, 1, 1, 1])[0]
        self.mode = mode
        if mode == "full":
            self.time_stated = True
            if a.modified:
                self.modified_stated = a.modified
            return {"published": a.published.isoformat(),
                    "modified": (a.modified or a.published).isoformat()}
        if mode == "date_only":
            return {"published": a.published.date().isoformat()}
        if mode == "none":
            self.hazard("no-machine-date", "")
            return {}
        self.need_time = mode == "zulu_local"
        if mode == "zulu_local":
            wrong = a.published.replace(tzinfo=None).isoformat() + "Z"
            self.hazard("machine-date-wrong-zone", wrong)
            return {"published": wrong}
        if mode == "modified_only":
            later = a.published + timedelta(days=self.rng.randint(1, 3), hours=2)
            later = min(later, a.fetched.astimezone(a.published.tzinfo))
            self.hazard("machine-date-modified-only", later.isoformat())
            self.modified_stated = later
            return {"modified": later.isoformat()}
        wrong = a.fetched.astimezone(a.published.tzinfo).replace(microsecond=0).isoformat()
        self.hazard("machine-date-is-fetch-time", wrong)
        return {"published": wrong, "modified": wrong}

    # -- head ----------------------------------------------------------------------------------

    def head(self, machine: dict[str, str], url: str, jsonld: bool = True, og: bool = True,
             extra: str = "") -> str:
        rng, site, t = self.rng, self.spec.site, escape(self.title)
        sep = rng.choice([" - ", " | ", " :: ", " « "])
        suffix_first = rng.random() < 0.2
        title = f"{escape(site)}{sep}{t}" if suffix_first else f"{t}{sep}{escape(site)}"
        if rng.random() < 0.3:
            title = f"{t}{sep}{escape(self.a.section[1])}{sep}{escape(site)}"
        self.hazard("title-suffix", site)
        parts = [f'<meta charset="{self.spec.encoding}">', f"<title>{title}</title>",
                 f'<link rel="canonical" href="{escape(url)}">',
                 f'<meta name="description" content="{escape(self.a.paragraphs[0][:120])}">']
        if og:
            og_title = rng.choice([t, f"{t}{sep}{escape(site)}"])
            if og_title != t:
                self.hazard("og-title-suffix", site)
            parts += ['<meta property="og:type" content="article">',
                      f'<meta property="og:title" content="{og_title}">',
                      f'<meta property="og:site_name" content="{escape(site)}">',
                      f'<meta property="og:url" content="{escape(url)}">']
            if "published" in machine:
                parts.append(f'<meta property="article:published_time" '
                             f'content="{machine["published"]}">')
            if "modified" in machine:
                parts.append(f'<meta property="article:modified_time" '
                             f'content="{machine["modified"]}">')
            if rng.random() < 0.5:
                parts.append(f'<meta property="article:section" '
                             f'content="{escape(self.a.section[1])}">')
        meta_author = self.meta_author()
        if meta_author:
            parts.append(f'<meta name="author" content="{escape(meta_author)}">')
        if jsonld:
            parts.append(self.jsonld(machine, url))
        return "".join(parts) + extra

    def meta_author(self) -> str | None:
        a = self.a
        if a.byline == "person" and self.rng.random() < 0.6:
            return "، ".join(a.authors)
        if self.rng.random() < 0.3:  # the site, or the CMS's account, as author
            self.hazard("site-as-author-meta", self.spec.site)
            return self.spec.site
        return None

    def jsonld(self, machine: dict[str, str], url: str) -> str:
        a = self.a
        doc: dict[str, object] = {"@context": "https://schema.org",
                                  "@type": self.rng.choice(["NewsArticle", "Article",
                                                            "ReportageNewsArticle"]),
                                  "headline": self.title, "mainEntityOfPage": url,
                                  "articleSection": a.section[1]}
        if "published" in machine:
            doc["datePublished"] = machine["published"]
        if "modified" in machine:
            doc["dateModified"] = machine["modified"]
        if a.byline == "person":
            doc["author"] = [{"@type": "Person", "name": n} for n in a.authors]
        else:
            doc["author"] = {"@type": "Organization", "name": self.spec.site}
        doc["publisher"] = {"@type": "Organization", "name": self.spec.site}
        return ('<script type="application/ld+json">' + json.dumps(doc, ensure_ascii=False)
                + "</script>")

    # -- authors -------------------------------------------------------------------------------

    def byline(self) -> str:
        """The visible byline (escaped text), or '' where the page prints none."""
        a, rng = self.a, self.rng
        if a.byline == "person":
            names = rng.choice([" و", " و ", "، "]).join(a.authors)
            text = rng.choice(["كتب: ", "كتبت ", "بقلم: ", "بواسطة ", "", "الكاتب: "]) + names
            if rng.random() < 0.3:
                text += f" - {a.place}"
        elif a.byline == "agency":
            text = rng.choice([f"{a.place} - وكالات", a.agency[1], f"{a.place} {a.agency[1]}",
                               f"المصدر: {a.agency[0]}"])
            self.shows_agency(text)
            self.hazard("agency-byline", text)
        elif a.byline == "site":
            text = rng.choice(["بواسطة ", "كتب: ", ""]) + self.spec.site
            self.hazard("site-as-author", text)
        elif a.byline == "placeholder":
            text = rng.choice(["بواسطة ", "نشر بواسطة: "]) + rng.choice(PLACEHOLDER_AUTHORS)
            self.hazard("placeholder-author", text)
        else:
            return ""
        self.hazard("byline", text)
        return escape(text)

    def agency_line(self) -> str:
        """A standalone credit line such as 'القاهرة - وكالات' ('' when the article has none)."""
        a = self.a
        if not a.agency or a.byline == "agency":
            return ""
        text = self.rng.choice([f"{a.place} - وكالات", f"{a.place} - {a.agency[0]}",
                                f"المصدر: {a.agency[0]}"])
        self.shows_agency(text)
        self.hazard("agency-line", text)
        return escape(text)

    def lead_dateline(self) -> None:
        """Start the first paragraph with 'PLACE (AGENCY) -' (it stays in the body)."""
        a = self.a
        if a.agency and self.rng.random() < 0.5:
            prefix = self.rng.choice([f"{a.place} {a.agency[1]} - ",
                                      f"{a.place} - {a.agency[1]}: "])
        elif self.rng.random() < 0.3:
            prefix = f"{a.place} - "
        else:
            return
        a.paragraphs[0] = prefix + a.paragraphs[0]
        self.shows_agency(prefix)
        self.hazard("dateline-prefix-in-body", prefix.strip())

    def shows_agency(self, text: str) -> None:
        """Note the agency's printed form where `text` (printed on the page) names it; a
        generic 'وكالات' names none."""
        if self.a.agency and not self.agency_shown:
            self.agency_shown = next((f for f in self.a.agency if f in text), "")
