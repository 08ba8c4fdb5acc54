"""Page-type decisions measured on both sides: real articles kept, real non-articles rejected.

    python bench/pagetype.py [DIR ...] [--show N] [--only SUBSTRING]

Sets, each printed with counts, shares and its failures:
  (a) the bundled site: tests/sites/alwaha/www with expected.json (44 articles; its home,
      section, tag, author, archive, about, contact and gallery pages are non-articles);
  (b) ../shared/corpus: pages/ (articles) and index-pages/ (non-articles), skipped with a line
      when the folder is absent;
  (c) every DIR given: a folder with manifest.tsv (path, kind=article|listing, source, url) of
      pages from public repositories (kept outside the repository, e.g. /work/eval/pagetype);
  (d) generated: bench/pagegen.py's section fronts, tag/author/search pages and articles with
      related-article blocks, in many layouts, written by the project in its own words.

Each page goes through `pipelines.extract.stage.extract` as `akhbar extract` gives it (the URL, no
discovery context): an article is kept when it returns an article, a non-article is rejected
when it raises a Reject. Goals (issue 12): >= 99% of articles kept, >= 95% of non-articles
rejected. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import statistics
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pagegen import generated_pages  # noqa: E402
from pipelines import Reject  # noqa: E402
from pipelines.extract import canonical_of, extract  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SITE = ROOT / "tests" / "sites" / "alwaha"
ORIGIN = "http://127.0.0.1:8765"
GOAL_KEPT, GOAL_REJECTED = 0.99, 0.95


@dataclass
class Page:
    """One page to decide: its bytes, the URL it was served at, what it really is."""

    name: str
    body: bytes
    url: str
    kind: str  # article | listing
    source: str = ""


@dataclass
class Outcome:
    page: Page
    kept: bool
    reason: str = ""
    confidence: float | None = None
    ms: float = 0.0


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)

    def side(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.page.kind == kind]


def decide(page: Page) -> Outcome:
    """Run the extract stage on the page as `akhbar extract` would."""
    record = {"url": page.url, "body": page.body, "headers": {},
              "fetched_at": datetime.now(UTC), "site": None, "site_domains": [],
              "site_timezone": "UTC", "site_overrides": {}}
    start = time.perf_counter()
    try:
        row = extract(record)
    except Reject as exc:
        return Outcome(page, False, f"{exc.reason}: {exc.detail}"[:90],
                       ms=(time.perf_counter() - start) * 1000)
    except Exception as exc:  # noqa: BLE001 - a crash is a lost page, reported as such
        return Outcome(page, False, f"crash {type(exc).__name__}: {exc}"[:90],
                       ms=(time.perf_counter() - start) * 1000)
    return Outcome(page, True, confidence=row.get("page_type_confidence"),
                   ms=(time.perf_counter() - start) * 1000)


def bundled_site() -> list[Page]:
    expected = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
    pages = []
    for entry, kind in [(a, "article") for a in expected["articles"]] + [
            (n, "listing") for n in expected["non_articles"]]:
        body = (SITE / "www" / entry["file"]).read_bytes().replace(b"{{ORIGIN}}", ORIGIN.encode())
        pages.append(Page(entry["file"], body, ORIGIN + entry["path"], kind,
                          entry.get("kind", "article")))
    return pages


def shared_corpus() -> list[Page] | None:
    if not CORPUS.is_dir():
        return None
    pages = []
    for html in sorted((CORPUS / "pages").glob("*/*.html")):
        gold = html.with_name(html.stem + ".gold.json")
        url = json.loads(gold.read_text(encoding="utf-8")).get("url") if gold.exists() else None
        pages.append(Page(str(html.relative_to(CORPUS)), html.read_bytes(),
                          url or html.resolve().as_uri(), "article", "corpus/pages"))
    for html in sorted((CORPUS / "index-pages").glob("*.html")):
        body = html.read_bytes()
        pages.append(Page(str(html.relative_to(CORPUS)), body,
                          canonical_of(body) or html.resolve().as_uri(), "listing",
                          "corpus/index-pages"))
    return pages


def manifest_pages(folder: Path) -> list[Page]:
    """Pages listed in DIR/manifest.tsv (path relative to DIR, kind, source, url)."""
    pages = []
    with open(folder / "manifest.tsv", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            if row["kind"] not in ("article", "listing"):
                continue  # pages that are neither (error pages, videos ...) are left out
            body = (folder / row["path"]).read_bytes()
            url = row.get("url") or canonical_of(body) or (folder / row["path"]).as_uri()
            pages.append(Page(row["path"], body, url, row["kind"], row.get("source", "")))
    return pages


def group_of(outcome: Outcome) -> str:
    return outcome.page.name.split("/", 1)[0] if "/" in outcome.page.name else ""


def report(title: str, tally: Tally, show: int) -> bool:
    """Print the set's figures and failures; True when both goals are met."""
    articles, listings = tally.side("article"), tally.side("listing")
    kept = [o for o in articles if o.kept]
    rejected = [o for o in listings if not o.kept]
    print(f"\n== {title}")
    ok = True
    if articles:
        share = len(kept) / len(articles)
        ok &= share >= GOAL_KEPT
        print(f"articles kept:         {len(kept):5d} / {len(articles):<5d} {share:7.1%}"
              f"   goal >= {GOAL_KEPT:.0%} {'ok' if share >= GOAL_KEPT else 'MISSED'}")
    if listings:
        share = len(rejected) / len(listings)
        ok &= share >= GOAL_REJECTED
        print(f"non-articles rejected: {len(rejected):5d} / {len(listings):<5d} {share:7.1%}"
              f"   goal >= {GOAL_REJECTED:.0%} {'ok' if share >= GOAL_REJECTED else 'MISSED'}")
    confidences = [o.confidence for o in kept if o.confidence is not None]
    if confidences:
        low = sum(c < 0.5 for c in confidences)
        print(f"page_type_confidence of kept articles: median {statistics.median(confidences):.2f},"
              f" {low} under 0.5")
    times = [o.ms for o in tally.outcomes]
    print(f"extract: median {statistics.median(times):.0f} ms/page, "
          f"p95 {sorted(times)[int(0.95 * (len(times) - 1))]:.0f} ms")
    groups = sorted({group_of(o) for o in tally.outcomes} - {""})
    if len(groups) > 1:
        for group in groups:
            mine = [o for o in tally.outcomes if group_of(o) == group]
            a = [o for o in mine if o.page.kind == "article"]
            n = [o for o in mine if o.page.kind == "listing"]
            parts = []
            if a:
                parts.append(f"articles kept {sum(o.kept for o in a)}/{len(a)}")
            if n:
                parts.append(f"non-articles rejected {sum(not o.kept for o in n)}/{len(n)}")
            print(f"  {group:32s} {', '.join(parts)}")
    lost = [o for o in articles if not o.kept]
    passed = [o for o in listings if o.kept]
    reasons = Counter(o.reason.split(":")[0] for o in lost)
    if lost:
        print(f"articles lost ({len(lost)}; {dict(reasons)}):")
        for o in lost[:show]:
            print(f"  {o.page.name}  {o.page.url[:80]}\n      {o.reason}")
    if passed:
        print(f"non-articles kept as articles ({len(passed)}):")
        for o in passed[:show]:
            conf = f"confidence {o.confidence:.2f}" if o.confidence is not None else ""
            print(f"  {o.page.name}  {o.page.url[:80]}  {conf}")
    return ok


def run(pages: list[Page], only: str | None) -> Tally:
    tally = Tally()
    for page in pages:
        if only and only not in page.name:
            continue
        tally.outcomes.append(decide(page))
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders with a manifest.tsv")
    parser.add_argument("--show", type=int, default=40, help="failures listed per side")
    parser.add_argument("--only", help="only pages whose name contains this")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    warnings.filterwarnings("ignore")
    ok = report("(a) bundled site tests/sites/alwaha", run(bundled_site(), args.only), args.show)
    corpus = shared_corpus()
    if corpus is None:
        print(f"\n== (b) {CORPUS}: absent, skipped")
    else:
        ok &= report(f"(b) {CORPUS}", run(corpus, args.only), args.show)
    for folder in args.dirs:
        if not (folder / "manifest.tsv").is_file():
            print(f"\n== (c) {folder}: no manifest.tsv, skipped")
            continue
        ok &= report(f"(c) {folder}", run(manifest_pages(folder), args.only), args.show)
    generated = [Page(name, body, url, kind, "bench/pagegen.py")
                 for name, body, url, kind in generated_pages()]
    ok &= report("(d) generated by bench/pagegen.py", run(generated, args.only), args.show)
    print("\nall goals met" if ok else "\ngoals missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
