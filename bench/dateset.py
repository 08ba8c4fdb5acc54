"""Day accuracy on a folder in htmldate's evaluation layout: akhbar vs htmldate vs trafilatura.

A set folder holds one or more gold files (`*.json`: {url: {"file": name, "date": "YYYY-MM-DD"}},
as htmldate's tests/eval_mediacloud_2020.json) and the page files they name; a gold date that is
not a string (NaN) means the page has no date to find and is skipped. Every extractor is given the
page's bytes and its URL from the gold. akhbar's date is the day of `published_local` in the row
`akhbar extract` writes (crawler.cli.saved.extract_file); where that row is an error, or its day is
wrong or missing, the dates stage alone is also run on the page's candidates (the page-type
decision aside) and the candidates are kept in the details (`--details FILE.jsonl`).

bench/dates.py --set DIR runs it (see `set_main`).
"""

from __future__ import annotations

import json
import logging
import math
import time
import warnings
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

HTMLDATE_SETTINGS = {"default": {}, "ext+orig": {"extensive_search": True, "original_date": True}}
EXTRACTORS = ("akhbar", "akhbar dates stage", "htmldate default", "htmldate ext+orig",
              "trafilatura")


def load_set(folder: Path) -> tuple[list[dict[str, Any]], int]:
    """(cases with a gold day, count of gold entries without one) of every gold json in `folder`:
    each case {"set", "id", "path", "url", "gold"}."""
    cases, undated = [], 0
    for gold_file in sorted(folder.glob("*.json")):
        for url, entry in json.loads(gold_file.read_text(encoding="utf-8")).items():
            day = entry.get("date")
            if not isinstance(day, str) or not day:
                undated += 1
                continue
            cases.append({"set": folder.name, "id": entry["file"], "url": url or None,
                          "path": str(folder / entry["file"]), "gold": day[:10]})
    return cases, undated


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """One page through every extractor: its days, akhbar's row facts and the seconds each took."""
    from crawler.cli.saved import extract_file

    record, seconds = dict(case), {}
    start = time.perf_counter()
    row = extract_file(case["path"], case["url"])
    seconds["akhbar"] = time.perf_counter() - start
    record["error"] = row.get("error")
    record["akhbar"] = (row.get("published_local") or "")[:10] or None
    for key in ("published_raw", "published_source", "published_reading", "modified_local",
                "modified_source"):
        record[key] = row.get(key)
    body = Path(case["path"]).read_bytes()
    for name, settings in HTMLDATE_SETTINGS.items():
        start = time.perf_counter()
        record[f"htmldate {name}"] = _htmldate(body, case["url"], settings)
        seconds[f"htmldate {name}"] = time.perf_counter() - start
    start = time.perf_counter()
    record["trafilatura"] = _trafilatura(body, case["url"])
    seconds["trafilatura"] = time.perf_counter() - start
    if record["akhbar"] == case["gold"]:
        record["akhbar dates stage"] = record["akhbar"]
    else:
        record.update(_stage_alone(case["path"], case["url"]))
    record["seconds"] = seconds
    return record


def _htmldate(body: bytes, url: str | None, settings: dict[str, bool]) -> str | None:
    from htmldate import find_date

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return find_date(body, url=url, **settings)
        except Exception:  # htmldate's own failures count as "no date"
            logger.exception("htmldate failed on %s", url)
            return None


def _trafilatura(body: bytes, url: str | None) -> str | None:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
        except Exception:  # trafilatura's own failures count as "no date"
            logger.exception("trafilatura failed on %s", url)
            return None
    date = getattr(doc, "date", None) if doc is not None else None
    return date[:10] if isinstance(date, str) and date else None


def _stage_alone(path: str, url: str | None) -> dict[str, Any]:
    """The dates stage on the page's candidates whatever the page type says: its day, source and
    raw value, and the candidates themselves (published, modified)."""
    from crawler.sites import site_for_url
    from pipelines.dates.stage import dates
    from pipelines.extract.datecandidates import (
        read_modified_candidates,
        read_published_candidates,
    )
    from pipelines.extract.page import read_page

    site = site_for_url(url) if url else None
    fetched = {"url": url or Path(path).resolve().as_uri(), "body": Path(path).read_bytes(),
               "headers": {}, "fetched_at": datetime.now(UTC),
               "site_domains": sorted(site.domains) if site else [],
               "site_timezone": site.timezone if site else "UTC",
               "site_overrides": dict(site.overrides) if site else {}}
    try:
        page = read_page(fetched)
        published, modified = read_published_candidates(page), read_modified_candidates(page)
        article = dates({"published_candidates": list(published),
                         "modified_candidates": list(modified), "fetched_at": fetched["fetched_at"],
                         "site_timezone": fetched["site_timezone"],
                         "site_overrides": fetched["site_overrides"]})
    except Exception as exc:  # a page extract refuses to read has no candidates
        return {"akhbar dates stage": None, "stage_error": f"{type(exc).__name__}: {exc}"[:200]}
    return {"akhbar dates stage": (article.get("published_local") or "")[:10] or None,
            "stage_source": article.get("published_source"),
            "stage_raw": article.get("published_raw"),
            "candidates": [list(c) for c in published],
            "modified_candidates": [list(c) for c in modified]}


def run_cases(cases: list[dict[str, Any]], jobs: int) -> list[dict[str, Any]]:
    """Every case through `run_case`, in a pool of `jobs` processes (1: in this one)."""
    if jobs <= 1:
        return [run_case(case) for case in cases]
    with Pool(jobs, maxtasksperchild=50) as pool:
        return list(pool.imap(run_case, cases, chunksize=2))


def akhbar_outcome(record: dict[str, Any]) -> str:
    """right | rejected | wrong | none: what akhbar's row gives on the page."""
    if record.get("error"):
        return "rejected"
    if record["akhbar"] is None:
        return "none"
    return "right" if record["akhbar"] == record["gold"] else "wrong"


def reject_kind(error: str) -> str:
    """The reject reason with the variable part of its detail dropped."""
    reason, _, detail = error.partition(":")
    if "characters of running text" in detail:
        return f"{reason}: too little running text"
    if "confidence" in detail:
        return f"{reason}: low page-type confidence"
    return reason


def accuracy_lines(records: list[dict[str, Any]]) -> list[str]:
    """`<extractor> day accuracy 0.NNN (right/of)` per extractor, with its seconds per page."""
    n, lines = len(records), []
    for name in EXTRACTORS:
        right = sum(r.get(name) == r["gold"] for r in records)
        secs = [r["seconds"][name] for r in records if name in r["seconds"]]
        timing = f"  {1000 * sum(secs) / len(secs):7.0f} ms/page" if secs else ""
        lines.append(f"{name:<20} day accuracy {right / n:.3f}  ({right}/{n}){timing}")
    return lines


def breakdown_lines(records: list[dict[str, Any]], list_ids: bool) -> list[str]:
    """akhbar's failures: rejected (by reason), wrong day and no date (by winning source), and the
    same for the pages htmldate (either setting) gets right."""
    lines = []
    for title, subset in (("akhbar failures", records),
                          ("htmldate right (either setting), akhbar wrong",
                           [r for r in records if _htmldate_right(r)])):
        failed = [r for r in subset if akhbar_outcome(r) != "right"]
        outcomes = Counter(akhbar_outcome(r) for r in failed)
        lines += ["", f"{title}: {len(failed)} (rejected {outcomes['rejected']}, wrong day "
                  f"{outcomes['wrong']}, no date {outcomes['none']})"]
        groups: dict[str, list[str]] = {}
        for r in failed:
            kind = akhbar_outcome(r)
            key = (f"rejected  {reject_kind(r['error'])}" if kind == "rejected"
                   else f"wrong     {r['published_source']}" if kind == "wrong" else "no date")
            groups.setdefault(key, []).append(r["id"])
        for key, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"  {len(ids):4}  {key}" + (f": {' '.join(sorted(ids))}"
                                                     if list_ids else ""))
        stage_right = sum(r.get("akhbar dates stage") == r["gold"] for r in failed
                          if akhbar_outcome(r) == "rejected")
        lines.append(f"  rejected pages the dates stage alone dates right: {stage_right}/"
                     f"{outcomes['rejected']}")
        lines.append("  wrong day: " + ", ".join(f"{name} {count}" for name, count in
                                                  _wrong_flags(failed).items()))
    return lines


def _htmldate_right(record: dict[str, Any]) -> bool:
    return record["gold"] in (record["htmldate default"], record["htmldate ext+orig"])


def _wrong_flags(failed: list[dict[str, Any]]) -> dict[str, int]:
    """Counts of the wrong-day pages by what hints at the cause: the gold day is akhbar's
    `modified` (the set's gold takes an update date), htmldate and trafilatura give akhbar's day
    too (gold disputed or no evidence), the day is off by one (timezone)."""
    wrong = [r for r in failed if akhbar_outcome(r) == "wrong"]
    return {
        "gold is akhbar's modified day": sum((r.get("modified_local") or "")[:10] == r["gold"]
                                             for r in wrong),
        "everyone gives akhbar's day": sum(r["akhbar"] == r["htmldate default"]
                                           == r["htmldate ext+orig"] == r["trafilatura"]
                                           for r in wrong),
        "off by one day": sum(_days_apart(r["akhbar"], r["gold"]) == 1 for r in wrong),
    }


def _days_apart(one: str, other: str) -> int | None:
    try:
        return abs((date.fromisoformat(one) - date.fromisoformat(other)).days)
    except ValueError:
        return None


def set_report(records: list[dict[str, Any]], undated: int, label: str,
               list_ids: bool = False) -> str:
    """The accuracies and akhbar's failure breakdown of one set (or of several together)."""
    if not records:
        return f"{label}: no page with a gold day\n"
    head = f"{label}: {len(records)} pages with a gold day ({undated} without, skipped)"
    return "\n".join([head, "-" * len(head), *accuracy_lines(records),
                      *breakdown_lines(records, list_ids)]) + "\n"


def write_details(records: Iterable[dict[str, Any]], path: Path) -> None:
    """One JSON line per page: the case, every extractor's day, akhbar's row facts, candidates."""
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=_plain) + "\n")


def _plain(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else str(value)


def set_main(folders: list[Path], jobs: int, details: Path | None, list_ids: bool) -> int:
    """Run every set folder, print one report per set and one for all of them together."""
    everything, undated_total, start = [], 0, time.perf_counter()
    for folder in folders:
        if not folder.is_dir():
            print(f"dates: {folder} is not here; nothing to compare")
            return 1
        cases, undated = load_set(folder)
        records = run_cases(cases, jobs)
        print(set_report(records, undated, f"set {folder}", list_ids))
        everything += records
        undated_total += undated
    if len(folders) > 1:
        print(set_report(everything, undated_total, "all sets", list_ids))
    if details:
        write_details(everything, details)
    print(f"{len(everything)} pages in {time.perf_counter() - start:.0f} s with {jobs} processes")
    return 0
