"""Publication dates on the real pages of ../shared/corpus/pages: gold vs akhbar vs htmldate.

    python bench/dates.py [PAGES_DIR]
    python bench/dates.py --set DIR [--set DIR ...] [--jobs 2] [--details FILE.jsonl] [--ids]

For every page: the gold date, ours (the row `akhbar extract` writes), htmldate.find_date with its
defaults and with extensive_search=True, original_date=True (both given the page URL, as ours
is), a match mark to the day (all) and to the minute (ours, where the gold has a time; htmldate
gives days only), and the time the dates stage takes on the page. Gold without an offset is the
site's local time. `date_report` returns the table; bench/quality.py prints it.

With --set: day accuracy of akhbar, htmldate (both settings) and trafilatura on folders in
htmldate's evaluation layout (a gold json + the pages it names), and akhbar's failures by kind
(bench/dateset.py).
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.cli.saved import extract_file  # noqa: E402
from crawler.sites import site_for_url  # noqa: E402
from pipelines.dates.stage import dates  # noqa: E402
from pipelines.extract import extract  # noqa: E402

logger = logging.getLogger(__name__)

PAGES = ROOT.parent / "shared" / "corpus" / "pages"
HTMLDATE_SETTINGS = {"default": {}, "ext+orig": {"extensive_search": True, "original_date": True}}
TIMING_ROUNDS = 200


def date_report(pages_dir: Path = PAGES) -> str:
    """The comparison table for every <name>.gold.json under `pages_dir`, with accuracy totals."""
    golds = sorted(pages_dir.glob("*/*.gold.json"))
    if not golds:
        return f"dates: no gold pages under {pages_dir}\n"
    head = f"{'page':<24} {'gold':<25}  {'ours':<25}  day min {'ms':>5}"
    head += "".join(f"  {'htmldate ' + name:<19}" for name in HTMLDATE_SETTINGS)
    head = head.rstrip()
    lines, totals = [head, "-" * len(head)], {"day": 0, "min": 0, "min_of": 0}
    for gold_path in golds:
        line, marks = _page_line(gold_path)
        lines.append(line)
        for key, value in marks.items():
            totals[key] = totals.get(key, 0) + value
    n = len(golds)
    lines += ["", f"ours: {totals['day']}/{n} to the day, {totals['min']}/{totals['min_of']} to "
              "the minute where the gold has a time"]
    lines += [f"htmldate {name}: {totals[name]}/{n} to the day (days only)"
              for name in HTMLDATE_SETTINGS]
    return "\n".join(lines) + "\n"


def _page_line(gold_path: Path) -> tuple[str, dict[str, int]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    html_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
    site = site_for_url(gold["url"])
    zone = ZoneInfo(site.timezone if site else "UTC")
    expected = datetime.fromisoformat(gold["published"]) if gold.get("published") else None
    row = extract_file(str(html_path), gold["url"])
    ours = datetime.fromisoformat(row["published"]) if row.get("published") else None
    marks: dict[str, int] = {}
    day_ok = minute_ok = None
    if expected and ours:
        local = ours.astimezone(expected.tzinfo or zone).replace(tzinfo=None)
        day_ok = local.date() == expected.date()
        if len(gold["published"]) > 10:
            minute_ok = local.replace(second=0) == expected.replace(second=0, tzinfo=None)
            marks["min_of"], marks["min"] = 1, int(minute_ok)
    marks["day"] = int(bool(day_ok))
    line = (f"{gold_path.parent.name[:24]:<24} {gold.get('published') or '-':<25}  "
            f"{row.get('published_local') or '-':<25}  {_mark(day_ok):^3} {_mark(minute_ok):^3} "
            f"{_stage_ms(html_path, gold['url']):>5.2f}")
    for name, settings in HTMLDATE_SETTINGS.items():
        found = _htmldate(html_path, gold["url"], settings)
        ok = bool(expected and found == expected.date().isoformat())
        marks[name] = int(ok)
        line += f"  {found or '-':<10} {_mark(ok if expected else None):<8}"
    return line.rstrip(), marks


def _mark(ok: bool | None) -> str:
    return "-" if ok is None else "✓" if ok else "✗"


def _htmldate(path: Path, url: str, settings: dict[str, bool]) -> str | None:
    from htmldate import find_date

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return find_date(path.read_text(encoding="utf-8", errors="replace"), url=url,
                             **settings)
        except Exception:  # htmldate's own failures count as "no date"
            logger.exception("htmldate failed on %s", path)
            return None


def _stage_ms(path: Path, url: str) -> float:
    """Milliseconds per call of the dates stage alone, on this page's extracted candidates."""
    site = site_for_url(url)
    page = {"url": url, "body": path.read_bytes(), "headers": {}, "fetched_at": datetime.now(UTC),
            "site_domains": sorted(site.domains) if site else [],
            "site_timezone": site.timezone if site else "UTC",
            "site_overrides": dict(site.overrides) if site else {}}
    try:
        article = extract(page)
    except Exception:  # a page extract refuses has no dates stage to time
        return float("nan")
    copies = [copy.copy(article) for _ in range(TIMING_ROUNDS)]
    start = time.perf_counter()
    for item in copies:
        dates(item)
    return (time.perf_counter() - start) * 1000 / TIMING_ROUNDS


def main(argv: list[str] | None = None) -> int:
    """Print the table for the pages directory given (default ../shared/corpus/pages), or with
    --set DIR (repeatable) the day accuracies on folders in htmldate's evaluation layout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages_dir", nargs="?", type=Path, default=PAGES)
    parser.add_argument("--set", dest="sets", action="append", type=Path, default=[],
                        metavar="DIR", help="a gold json + the pages it names (htmldate's layout)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for --set (default 2)")
    parser.add_argument("--details", type=Path, metavar="FILE.jsonl",
                        help="--set: write one JSON line per page (days, sources, candidates)")
    parser.add_argument("--ids", action="store_true", help="--set: list the page ids per group")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.sets:
        from bench.dateset import set_main

        logging.basicConfig(level=logging.ERROR)
        return set_main(args.sets, args.jobs, args.details, args.ids)
    pages_dir = args.pages_dir
    if not pages_dir.is_dir():
        print(f"dates: {pages_dir} is not here; nothing to compare", file=sys.stderr)
        return 1
    print(date_report(pages_dir), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
