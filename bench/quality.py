"""Extraction quality of `akhbar extract` against gold, side by side with other extractors.

    python bench/quality.py [--pages DIR] [--only NAME ...] [--show-diff]

For every page of ../shared/corpus/pages (<site>/<stem>.html + <stem>.gold.json) it scores:
body token precision / recall / F1 on normalised tokens (search form, bag of words), exact
title, published date to the day and to the minute (where gold states a time), authors as a
set, and section. Extractors: akhbar (the `akhbar extract` row), trafilatura with default
settings, trafilatura favor_precision, and readability-lxml / newspaper4k when installed
(`pip install -e .[bench]`). Then the non-article check on ../shared/corpus/index-pages, the
charset check on ../shared/corpus/encoding, and bench/dates.py's date report when present.
Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.cli.saved import extract_file  # noqa: E402
from pipelines.arabic import HAMZA_TO_YEH, chars  # noqa: E402
from pipelines.extract.htmlpage import decode_html  # noqa: E402
from pipelines.normalize import readable, searchable  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TOKEN = re.compile(r"\w+")
ARABIC_LETTER = re.compile(f"[{chars(HAMZA_TO_YEH)}]")
LETTER = re.compile(r"[^\W\d_]")
BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "section", "article", "pre", "td", "dd", "dt")


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
    reports: tuple[str, ...] = ("title", "published", "authors", "section")


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" | "NO" | "-"


# -- extractors -----------------------------------------------------------------------------

def run_akhbar(path: Path, html: bytes, url: str) -> Result:
    row = extract_file(str(path), url)
    if "error" in row:
        return Result(error=row["error"])
    return Result(row.get("text") or "", row.get("title"), row.get("published_local"),
                  list(row.get("authors") or []), row.get("section"))


def _trafilatura(html: bytes, url: str, **options: Any) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
    if doc is None:
        return Result(error="nothing extracted")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    section = doc.categories[0] if doc.categories else None
    return Result(doc.text or "", doc.title, doc.date, authors, section)


def run_trafilatura(path: Path, html: bytes, url: str) -> Result:
    return _trafilatura(html, url)


def run_trafilatura_precision(path: Path, html: bytes, url: str) -> Result:
    return _trafilatura(html, url, favor_precision=True)


def run_readability(path: Path, html: bytes, url: str) -> Result:
    from readability import Document

    doc = Document(decode_html(html))
    return Result(html_paragraphs(doc.summary(html_partial=True)), doc.short_title(),
                  reports=("title",))


def run_newspaper(path: Path, html: bytes, url: str) -> Result:
    from newspaper import Article

    article = Article(url, language="ar", fetch_images=False)
    article.download(input_html=decode_html(html))
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Result(article.text or "", article.title, published, list(article.authors),
                  reports=("title", "published", "authors"))


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


EXTRACTORS: dict[str, tuple[Callable[[Path, bytes, str], Result], str | None]] = {
    "akhbar": (run_akhbar, None),
    "trafilatura": (run_trafilatura, "trafilatura"),
    "traf-precision": (run_trafilatura_precision, "trafilatura"),
    "readability": (run_readability, "readability"),
    "newspaper4k": (run_newspaper, "newspaper"),
}


def available_extractors() -> dict[str, Callable[[Path, bytes, str], Result]]:
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


def _same_text(a: str | None, b: str | None) -> bool:
    return (readable(a) or None) == (readable(b) or None)


def _date_checks(got: str | None, want: str | None) -> tuple[str, str]:
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


def score(result: Result, gold: dict[str, Any]) -> Score:
    """Every measure of one extractor's result on one page."""
    p, r, f = token_prf(result.text, "\n".join(gold["body"]))
    day, minute = _date_checks(result.published, gold.get("published"))
    checks = {"title": "ok" if _same_text(result.title, gold.get("title")) else "NO",
              "day": day, "minute": minute,
              "authors": "ok" if ({readable(a) for a in result.authors or []}
                                  == {readable(a) for a in gold.get("authors") or []}) else "NO",
              "section": "ok" if _same_text(result.section, gold.get("section")) else "NO"}
    for name, group in (("title", ("title",)), ("published", ("day", "minute")),
                        ("authors", ("authors",)), ("section", ("section",))):
        if name not in result.reports:
            checks.update(dict.fromkeys(group, "-"))
    return Score(p, r, f, checks)


# -- report ---------------------------------------------------------------------------------

def load_pages(pages_dir: Path, only: list[str]) -> list[tuple[Path, dict[str, Any]]]:
    pages = []
    for gold_path in sorted(pages_dir.glob("*/*.gold.json")):
        html_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
        if html_path.exists() and (not only or any(o in html_path.stem for o in only)):
            pages.append((html_path, json.loads(gold_path.read_text(encoding="utf-8"))))
    return pages


def run_all(pages: list[tuple[Path, dict[str, Any]]],
            extractors: dict[str, Callable[[Path, bytes, str], Result]]
            ) -> dict[str, list[tuple[Result, Score]]]:
    table: dict[str, list[tuple[Result, Score]]] = {name: [] for name in extractors}
    if pages:  # warm-up: models, tables and imports load once, outside the timings
        path, gold = pages[0]
        for fn in extractors.values():
            try:
                fn(path, path.read_bytes(), gold["url"])
            except Exception:  # noqa: BLE001 - reported below, page by page
                pass
    for path, gold in pages:
        html = path.read_bytes()
        for name, fn in extractors.items():
            started = time.perf_counter()
            try:
                result = fn(path, html, gold["url"])
            except Exception as exc:  # a competitor crashing is a result, not a bench failure
                result = Result(error=f"{type(exc).__name__}: {exc}"[:80])
            result.ms = (time.perf_counter() - started) * 1000
            table[name].append((result, score(result, gold)))
    return table


CHECKS = ("title", "day", "minute", "authors", "section")


def print_extractor(name: str, pages: list[tuple[Path, dict[str, Any]]],
                    rows: list[tuple[Result, Score]]) -> None:
    print(f"\n## {name}")
    print(f"{'page':<36} {'P':>5} {'R':>5} {'F1':>5}  " + " ".join(f"{c:>7}" for c in CHECKS)
          + f" {'ms':>7}")
    for (path, _), (result, s) in zip(pages, rows, strict=True):
        line = (f"{path.stem[:36]:<36} {s.precision:5.3f} {s.recall:5.3f} {s.f1:5.3f}  "
                + " ".join(f"{s.checks[c]:>7}" for c in CHECKS) + f" {result.ms:7.1f}")
        print(line + (f"  ! {result.error}" if result.error else ""))
    means = [statistics.mean(getattr(s, k) for _, s in rows) for k in ("precision", "recall",
                                                                        "f1")]
    counts = []
    for c in CHECKS:
        applicable = [s.checks[c] for _, s in rows if s.checks[c] != "-"]
        counts.append(f"{applicable.count('ok')}/{len(applicable)}" if applicable else "-")
    print(f"{'mean':<36} {means[0]:5.3f} {means[1]:5.3f} {means[2]:5.3f}  "
          + " ".join(f"{c:>7}" for c in counts)
          + f" {statistics.mean(r.ms for r, _ in rows):7.1f}")


def print_side_by_side(pages: list[tuple[Path, dict[str, Any]]],
                       table: dict[str, list[tuple[Result, Score]]]) -> None:
    names = list(table)
    print("\n## body F1 side by side")
    print(f"{'page':<36} " + " ".join(f"{n[:14]:>14}" for n in names))
    for i, (path, _) in enumerate(pages):
        print(f"{path.stem[:36]:<36} " + " ".join(f"{table[n][i][1].f1:14.3f}" for n in names))
    print(f"{'mean':<36} " + " ".join(
        f"{statistics.mean(s.f1 for _, s in table[n]):14.3f}" for n in names))
    print(f"{'min':<36} " + " ".join(f"{min(s.f1 for _, s in table[n]):14.3f}" for n in names))
    print(f"{'titles exact':<36} " + " ".join(
        f"{sum(s.checks['title'] == 'ok' for _, s in table[n]):>11}/{len(pages):<2}"
        for n in names))


def print_index_pages(folder: Path) -> None:
    files = sorted(folder.glob("*.html"))
    print(f"\n## non-articles ({folder})")
    rejected = 0
    for path in files:
        row = extract_file(str(path))  # as `akhbar extract FILE`: the URL the page declares
        ok = row.get("error", "").startswith("not_article")
        rejected += ok
        print(f"{path.stem[:50]:<50} {'rejected' if ok else 'EMITTED: ' + str(row.get('title'))}")
    print(f"{rejected}/{len(files)} rejected as not_article")


def arabic_share(text: str) -> float:
    """Share of the letters of `text` that are Arabic letters (0-1)."""
    letters = LETTER.findall(text)
    return len(ARABIC_LETTER.findall(text)) / len(letters) if letters else 0.0


def print_encodings(folder: Path) -> None:
    print(f"\n## charsets ({folder})")
    for path in sorted(folder.glob("*.html")):
        text = decode_html(path.read_bytes())
        declared = re.search(r"(windows-1256|iso-8859-6)", path.stem)
        want = path.read_bytes().decode(declared.group(1)) if declared else None
        verdict = "correct" if want is not None and text == want else "WRONG"
        print(f"{path.stem:<45} {verdict}  arabic share {arabic_share(text):.2f}")


def print_dates(pages_dir: Path) -> None:
    try:
        from bench.dates import date_report
    except ImportError:
        print("\n(bench/dates.py is not here yet: no date report)")
        return
    print("\n## dates (bench/dates.py)")
    report = date_report(pages_dir)
    if report is not None:
        print(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=CORPUS / "pages")
    parser.add_argument("--only", nargs="*", default=[], help="pages whose name contains ...")
    parser.add_argument("--extractors", nargs="*", default=[], help="default: all installed")
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"no corpus at {args.pages}: nothing to measure")
        return 2
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    extractors = available_extractors()
    if args.extractors:
        extractors = {n: f for n, f in extractors.items() if n in args.extractors}
    pages = load_pages(args.pages, args.only)
    table = run_all(pages, extractors)
    for name, rows in table.items():
        print_extractor(name, pages, rows)
    print_side_by_side(pages, table)
    corpus = args.pages.parent
    if (corpus / "index-pages").is_dir():
        print_index_pages(corpus / "index-pages")
    if (corpus / "encoding").is_dir():
        print_encodings(corpus / "encoding")
    print_dates(args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
