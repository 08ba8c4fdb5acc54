"""Extraction quality of `akhbar extract` against gold, side by side with other extractors.

    python bench/quality.py [--generated DIR] [--pages DIR ...] [--only NAME ...]
                            [--extractors NAME ...] [--detail] [--failures]

Sets measured in one run: (a) ../shared/corpus/pages (skipped, with a line saying so, where the
corpus is absent), (b) the generated set of bench/articlegen (written to a temporary folder,
or read from --generated DIR) and (c) its held-out templates (`--holdout`: layouts kept out of
what akhbar was tuned on; temporary folder too). --pages DIR (repeatable) measures those
folders of the same layout (<site>/<stem>.html + <stem>.gold.json) instead of (a)-(c).

Per set, a SUMMARY per extractor: mean and min body token F1, titles exact, day and minute
accuracy (minute over pages whose gold states a time), authors, section and agency exact (n/N;
agency for akhbar where its row has the column, on gold that names one or none).
Extractors: akhbar (the row `akhbar extract` writes; its date is `published_local`),
trafilatura with default settings, trafilatura favor_precision, htmldate (dates only), and
readability-lxml / newspaper4k when installed (`pip install -e .[bench]`). --detail adds the
per-page tables, the non-article and charset checks of ../shared/corpus and bench/dates.py's
report; --failures names akhbar's failure kinds on pages whose gold lists hazards. Where the
gold gives `fetched_at` and `timezone` (the generated set), akhbar is told them as a crawl of a
catalogued site would be (--no-zone: UTC, as `akhbar extract` on an unknown site).
Nothing is written anywhere but the temporary folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.qualityscore import (  # noqa: E402
    CHECKS,
    SITE_ZONE,
    Extractor,
    Result,
    Score,
    available_extractors,
    count,
    score,
    summary,
    token_prf,
)
from crawler.cli.saved import extract_file  # noqa: E402
from pipelines.arabic import HAMZA_TO_YEH, chars  # noqa: E402
from pipelines.extract.htmlpage import decode_html  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
ARABIC_LETTER = re.compile(f"[{chars(HAMZA_TO_YEH)}]")
LETTER = re.compile(r"[^\W\d_]")
Pages = list[tuple[Path, dict[str, Any]]]
Table = dict[str, list[tuple[Result, Score]]]

__all__ = ["arabic_share", "main", "token_prf"]


def load_pages(pages_dir: Path, only: list[str]) -> Pages:
    pages = []
    for gold_path in sorted(pages_dir.glob("*/*.gold.json")):
        html_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
        if html_path.exists() and (not only or any(o in html_path.stem for o in only)):
            pages.append((html_path, json.loads(gold_path.read_text(encoding="utf-8"))))
    return pages


def run_all(pages: Pages, extractors: dict[str, Extractor]) -> Table:
    table: Table = {name: [] for name in extractors}
    if pages:  # warm-up: models, tables and imports load once, outside the timings
        path, gold = pages[0]
        for fn in extractors.values():
            try:
                fn(path, path.read_bytes(), gold)
            except Exception:  # noqa: BLE001 - reported below, page by page
                pass
    for path, gold in pages:
        html = path.read_bytes()
        for name, fn in extractors.items():
            started = time.perf_counter()
            try:
                result = fn(path, html, gold)
            except Exception as exc:  # a competitor crashing is a result, not a bench failure
                result = Result(error=f"{type(exc).__name__}: {exc}"[:80])
            result.ms = (time.perf_counter() - started) * 1000
            table[name].append((result, score(result, gold)))
    return table


def print_extractor(name: str, pages: Pages, rows: list[tuple[Result, Score]]) -> None:
    print(f"\n## {name}")
    print(f"{'page':<36} {'P':>5} {'R':>5} {'F1':>5}  " + " ".join(f"{c:>7}" for c in CHECKS)
          + f" {'ms':>7}")
    for (path, _), (result, s) in zip(pages, rows, strict=True):
        line = (f"{path.stem[:36]:<36} {s.precision:5.3f} {s.recall:5.3f} {s.f1:5.3f}  "
                + " ".join(f"{s.checks[c]:>7}" for c in CHECKS) + f" {result.ms:7.1f}")
        print(line + (f"  ! {result.error}" if result.error else ""))
    means = [statistics.mean(getattr(s, k) for _, s in rows) for k in ("precision", "recall",
                                                                        "f1")]
    print(f"{'mean':<36} {means[0]:5.3f} {means[1]:5.3f} {means[2]:5.3f}  "
          + " ".join(f"{count(rows, c):>7}" for c in CHECKS)
          + f" {statistics.mean(r.ms for r, _ in rows):7.1f}")


def print_side_by_side(pages: Pages, table: Table) -> None:
    names = [n for n in table if n != "htmldate"]
    print("\n## body F1 side by side")
    print(f"{'page':<36} " + " ".join(f"{n[:14]:>14}" for n in names))
    for i, (path, _) in enumerate(pages):
        print(f"{path.stem[:36]:<36} " + " ".join(f"{table[n][i][1].f1:14.3f}" for n in names))


def print_index_pages(folder: Path, detail: bool) -> None:
    files = sorted(folder.glob("*.html"))
    rejected = 0
    for path in files:
        row = extract_file(str(path))  # as `akhbar extract FILE`: the URL the page declares
        ok = row.get("error", "").startswith("not_article")
        rejected += ok
        if detail:
            print(f"{path.stem[:50]:<50} "
                  f"{'rejected' if ok else 'EMITTED: ' + str(row.get('title'))}")
    print(f"non-articles ({folder}): {rejected}/{len(files)} rejected as not_article")


def arabic_share(text: str) -> float:
    """Share of the letters of `text` that are Arabic letters (0-1)."""
    letters = LETTER.findall(text)
    return len(ARABIC_LETTER.findall(text)) / len(letters) if letters else 0.0


def print_encodings(folder: Path, detail: bool) -> None:
    files, correct = sorted(folder.glob("*.html")), 0
    for path in files:
        text = decode_html(path.read_bytes())
        declared = re.search(r"(windows-1256|iso-8859-6)", path.stem)
        want = path.read_bytes().decode(declared.group(1)) if declared else None
        verdict = "correct" if want is not None and text == want else "WRONG"
        correct += verdict == "correct"
        if detail:
            print(f"{path.stem:<45} {verdict}  arabic share {arabic_share(text):.2f}")
    print(f"charsets ({folder}): {correct}/{len(files)} decoded correctly")


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


def measure(label: str, folder: Path, args: argparse.Namespace,
            extractors: dict[str, Extractor]) -> None:
    """Print one set's SUMMARY (and its detail where asked)."""
    pages = load_pages(folder, args.only)
    print(f"\n# {label}: {len(pages)} pages in {folder}")
    if not pages:
        print("skipped: no <site>/<stem>.gold.json pages there")
        return
    table = run_all(pages, extractors)
    if args.detail:
        for name, rows in table.items():
            print_extractor(name, pages, rows)
        print_side_by_side(pages, table)
    print(f"\nSUMMARY {label}")
    print(summary(table))
    if args.failures and "akhbar" in table:
        from bench.qualityfailures import failure_report
        report = failure_report(pages, [r for r, _ in table["akhbar"]])
        if report:
            print(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, action="append", default=[],
                        help="measure this folder instead of (a) and (b); repeatable")
    parser.add_argument("--generated", type=Path, help="the generated set's folder "
                        "(default: written by bench.articlegen to a temporary folder)")
    parser.add_argument("--only", nargs="*", default=[], help="pages whose name contains ...")
    parser.add_argument("--extractors", nargs="*", default=[], help="default: all installed")
    parser.add_argument("--detail", action="store_true", help="per-page tables and checks")
    parser.add_argument("--failures", action="store_true", help="akhbar's failure kinds")
    parser.add_argument("--no-zone", action="store_true", help="do not tell akhbar the site's "
                        "zone named by the gold (a new user's unknown site: UTC)")
    args = parser.parse_args(argv)
    SITE_ZONE["given"] = not args.no_zone
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    extractors = available_extractors()
    if args.extractors:
        extractors = {n: f for n, f in extractors.items() if n in args.extractors}
    if args.pages:
        for folder in args.pages:
            measure(f"pages {folder.name}", folder, args, extractors)
        return 0
    corpus_pages = CORPUS / "pages"
    if corpus_pages.is_dir():
        measure("(a) ../shared/corpus/pages", corpus_pages, args, extractors)
        if (CORPUS / "index-pages").is_dir():
            print_index_pages(CORPUS / "index-pages", args.detail)
        if (CORPUS / "encoding").is_dir():
            print_encodings(CORPUS / "encoding", args.detail)
        if args.detail:
            print_dates(corpus_pages)
    else:
        print(f"\n# (a) ../shared/corpus/pages\nskipped: no corpus at {corpus_pages}")
    from bench.articlegen.build import write
    with tempfile.TemporaryDirectory(prefix="articlegen-") as tmp:
        generated = args.generated or Path(tmp) / "generated"
        if not args.generated:
            write(generated)
        measure("(b) generated (bench/articlegen)", generated, args, extractors)
        write(Path(tmp) / "holdout", holdout=True)
        measure("(c) held-out templates (bench/articlegen --holdout)", Path(tmp) / "holdout",
                args, extractors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
