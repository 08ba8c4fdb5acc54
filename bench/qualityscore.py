"""The extractors bench/quality.py compares and how one result is scored against gold.

Body: bag-of-words token precision / recall / F1 on the pipeline's search form. Title: exact
after `readable`. Published: to the day (in the gold's own clock) and to the minute where the
gold states a time. Authors: as a set. Section: exact. Agency (akhbar's `agency` column, where
its row has one): the same agency as gold's (both read by pipelines.agencies), or none for none.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.cli.saved import extract_file
from crawler.sites import site_for_url
from pipelines.extract.htmlpage import decode_html
from pipelines.normalize import readable, searchable

TOKEN = re.compile(r"\w+")
BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "section", "article", "pre", "td", "dd", "dt")
CHECKS = ("title", "day", "minute", "authors", "section", "agency")


@dataclass
class Result:
    """What one extractor said about one page (None where it says nothing)."""

    text: str = ""
    title: str | None = None
    published: str | None = None
    authors: list[str] | None = None
    section: str | None = None
    error: str | None = None
    ms: float = 0.0
    agency: str | None = None
    reports: tuple[str, ...] = ("body", "title", "published", "authors", "section")


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" | "NO" | "-"


# -- extractors -----------------------------------------------------------------------------

# Tell akhbar the site's zone where the gold names it (as a catalogued site's configuration
# does); False measures it as a new user runs `akhbar extract` on an unknown site (UTC).
SITE_ZONE = {"given": True}


def fetched_record(url: str, body: bytes, fetched_at: datetime | None,
                   zone: str | None) -> dict[str, Any]:
    """The record a crawl would hand the stages for a saved page: its site's facts when the
    catalogue knows the URL's site, else the page's zone (or UTC)."""
    site = site_for_url(url)
    return {"url": url, "body": body, "headers": {},
            "fetched_at": fetched_at or datetime.now(UTC),
            "site": site.name if site else None,
            "site_domains": sorted(site.domains) if site else [],
            "site_timezone": site.timezone if site else (zone or "UTC"),
            "site_overrides": dict(site.overrides) if site else {},
            "site_country": site.country if site else None}


def akhbar_row(path: Path, url: str, fetched_at: str | None = None,
               zone: str | None = None) -> dict[str, Any]:
    """The `akhbar extract` row; where the gold knows when the page was fetched (relative
    dates such as 'منذ ساعتين') and the site's zone, the pipeline is told them (a crawl knows
    both) instead of now and UTC."""
    zone = zone if SITE_ZONE["given"] else None
    if not fetched_at and not zone:
        return extract_file(str(path), url)
    from pipelines import Reject
    from pipelines.chain import process_page
    from pipelines.store.schema import json_row

    fetched = datetime.fromisoformat(fetched_at).astimezone(UTC) if fetched_at else None
    page = fetched_record(url, path.read_bytes(), fetched, zone)
    try:
        return json_row(process_page(page))
    except Reject as exc:
        return {"url": url, "error": f"{exc.reason}: {exc.detail}".rstrip(": ")}


def run_akhbar(path: Path, html: bytes, gold: dict[str, Any]) -> Result:
    row = akhbar_row(path, gold["url"], gold.get("fetched_at"), gold.get("timezone"))
    if "error" in row:
        return Result(error=row["error"])
    result = Result(row.get("text") or "", row.get("title"), row.get("published_local"),
                    list(row.get("authors") or []), row.get("section"))
    if "agency" in row:  # scored only where the row carries the column
        result.agency = row["agency"] or None
        result.reports += ("agency",)
    return result


def _trafilatura(html: bytes, url: str, **options: Any) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
    if doc is None:
        return Result(error="nothing extracted")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    section = doc.categories[0] if doc.categories else None
    return Result(doc.text or "", doc.title, doc.date, authors, section)


def run_trafilatura(path: Path, html: bytes, gold: dict[str, Any]) -> Result:
    return _trafilatura(html, gold["url"])


def run_trafilatura_precision(path: Path, html: bytes, gold: dict[str, Any]) -> Result:
    return _trafilatura(html, gold["url"], favor_precision=True)


def run_htmldate(path: Path, html: bytes, gold: dict[str, Any]) -> Result:
    """htmldate.find_date with its defaults, given the URL: days only (no minute is scored)."""
    from htmldate import find_date

    return Result(published=find_date(decode_html(html), url=gold["url"]),
                  reports=("published",))


def run_readability(path: Path, html: bytes, gold: dict[str, Any]) -> Result:
    from readability import Document

    doc = Document(decode_html(html))
    return Result(html_paragraphs(doc.summary(html_partial=True)), doc.short_title(),
                  reports=("body", "title"))


def run_newspaper(path: Path, html: bytes, gold: dict[str, Any]) -> Result:
    from newspaper import Article

    article = Article(gold["url"], language="ar", fetch_images=False)
    article.download(input_html=decode_html(html))
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Result(article.text or "", article.title, published, list(article.authors),
                  reports=("body", "title", "published", "authors"))


def html_paragraphs(fragment: str) -> str:
    """Text of an HTML fragment, one line per block element or <br>."""
    from lxml import html as lxml_html

    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for node in root.iter(*BLOCKS):
        node.tail = "\n" + (node.tail or "")
        if node.tag != "br":
            node.text = "\n" + (node.text or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().split("\n"))


Extractor = Callable[[Path, bytes, dict[str, Any]], Result]
EXTRACTORS: dict[str, tuple[Extractor, str | None]] = {
    "akhbar": (run_akhbar, None),
    "trafilatura": (run_trafilatura, "trafilatura"),
    "traf-precision": (run_trafilatura_precision, "trafilatura"),
    "htmldate": (run_htmldate, "htmldate"),
    "readability": (run_readability, "readability"),
    "newspaper4k": (run_newspaper, "newspaper"),
}


def available_extractors() -> dict[str, Extractor]:
    """The extractors whose package imports here (the comparison ones are bench extras)."""
    found = {}
    for name, (fn, module) in EXTRACTORS.items():
        try:
            if module:
                __import__(module)
        except ImportError:
            print(f"({name} is not installed: pip install -e .[bench])")
            continue
        found[name] = fn
    return found


# -- scoring --------------------------------------------------------------------------------

def tokens(text: str) -> Counter[str]:
    """Normalised word tokens: the pipeline's search form (no diacritics, unified letters)."""
    return Counter(TOKEN.findall(searchable(readable(text) or "") or ""))


def token_prf(got: str, want: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of `got` against `want`."""
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def same_text(a: str | None, b: str | None) -> bool:
    return (readable(a) or None) == (readable(b) or None)


def date_checks(got: str | None, want: str | None) -> tuple[str, str]:
    """(day, minute) checks; minute is '-' where gold states no time."""
    if not want:
        return ("ok" if not got else "NO"), "-"
    has_time = "T" in want
    if not got:
        return "NO", "NO" if has_time else "-"
    try:
        g, w = datetime.fromisoformat(got), datetime.fromisoformat(want)
    except ValueError:
        return "NO", "NO" if has_time else "-"
    local = g.astimezone(w.tzinfo) if g.tzinfo and w.tzinfo else g  # the gold's own clock
    day = "ok" if local.date() == w.date() else "NO"
    if not has_time:
        return day, "-"
    if g.tzinfo and w.tzinfo:
        same = abs((g - w).total_seconds()) < 60
    else:
        same = g.replace(tzinfo=None, second=0, microsecond=0) == w.replace(second=0,
                                                                            microsecond=0,
                                                                            tzinfo=None)
    return day, "ok" if same else "NO"


def same_agency(got: str | None, want: str | None) -> bool:
    """The same agency (a name or credit form read by pipelines.agencies), or both none."""
    from pipelines.agencies import agency_of

    def canonical(text: str | None) -> str | None:
        return (agency_of(text) or readable(text)) if text else None
    return canonical(got) == canonical(want)


def score(result: Result, gold: dict[str, Any]) -> Score:
    """Every measure of one extractor's result on one page."""
    p, r, f = token_prf(result.text, "\n".join(gold["body"]))
    day, minute = date_checks(result.published, gold.get("published"))
    checks = {"title": "ok" if same_text(result.title, gold.get("title")) else "NO",
              "day": day, "minute": minute,
              "authors": "ok" if ({readable(a) for a in result.authors or []}
                                  == {readable(a) for a in gold.get("authors") or []}) else "NO",
              "section": "ok" if same_text(result.section, gold.get("section")) else "NO",
              "agency": "ok" if same_agency(result.agency, gold.get("agency")) else "NO"}
    if "agency" not in gold:  # gold without the key (../shared/corpus) says nothing
        checks["agency"] = "-"
    for name, group in (("title", ("title",)), ("published", ("day", "minute")),
                        ("authors", ("authors",)), ("section", ("section",)),
                        ("agency", ("agency",))):
        if name not in result.reports:
            checks.update(dict.fromkeys(group, "-"))
    if result.reports == ("published",):  # a dates-only tool: days only
        checks["minute"] = "-"
    return Score(p, r, f, checks)


def count(rows: list[tuple[Result, Score]], check: str) -> str:
    """'ok/applicable' of one check over a set, '-' where it never applies."""
    applicable = [s.checks[check] for _, s in rows if s.checks[check] != "-"]
    return f"{applicable.count('ok')}/{len(applicable)}" if applicable else "-"


def summary(table: dict[str, list[tuple[Result, Score]]]) -> str:
    """One line per extractor: mean and min body F1, then the checks as n/N, mean ms."""
    head = (f"{'extractor':<15} {'F1 mean':>8} {'F1 min':>7} {'titles':>8} {'day':>8} "
            f"{'minute':>8} {'authors':>8} {'section':>8} {'agency':>8} {'ms':>7}")
    lines = [head, "-" * len(head)]
    for name, rows in table.items():
        if not rows:
            continue
        body = any("body" in r.reports for r, _ in rows if r.error is None)
        f1s = [s.f1 for _, s in rows]
        mean = f"{statistics.mean(f1s):8.3f}" if body else f"{'-':>8}"
        low = f"{min(f1s):7.3f}" if body else f"{'-':>7}"
        checks = " ".join(f"{count(rows, c):>8}" for c in CHECKS)
        lines.append(f"{name:<15} {mean} {low} {checks} "
                     f"{statistics.mean(r.ms for r, _ in rows):7.1f}")
    return "\n".join(lines)
