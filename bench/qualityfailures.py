"""akhbar's failure kinds on pages whose gold names the hazards they carry (bench/articlegen):
which hazard's text was left in the body, which gold paragraphs were lost, and how titles,
sections, dates and authors went wrong, each with its page count and templates."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.qualityscore import Result, date_checks, same_agency, same_text, token_prf
from pipelines.normalize import readable

# hazards whose evidence is visible text that is never body text
VISIBLE = ("dateline:", "update-line", "caption-", "byline", "agency-line", "agency-byline",
           "read-also-", "share-prompt", "follow-prompt-in-body", "comments", "teasers:",
           "kicker", "author-bio", "tweet-embed", "news-ticker", "live-sidebar")


def squash(text: str) -> str:
    return " ".join((readable(text) or "").split())


def page_failures(gold: dict[str, Any], result: Result) -> list[str]:
    """The failure kinds of one akhbar result."""
    if result.error:
        return [f"no row: {result.error.split(':')[0]}"]
    kinds, text, body = [], squash(result.text), squash("\n".join(gold["body"]))
    for name, evidence in gold.get("hazards", {}).items():
        ev = squash(evidence)
        if ev and name.startswith(VISIBLE) and ev in text and ev not in body:
            kinds.append(f"{name.split(':')[0]} left in body")
    lost = sum(token_prf(text, para)[1] < 0.5 for para in gold["body"])
    if lost:
        kinds.append("body paragraph(s) lost")
    if not same_text(result.title, gold.get("title")):
        site = gold.get("hazards", {}).get("title-suffix", "")
        kinds.append("title keeps site name" if site and site in (result.title or "")
                     else "title wrong")
    if gold.get("section") and not same_text(result.section, gold["section"]):
        kinds.append("section wrong" if result.section else "section missed")
    kinds += date_failures(gold, result)
    kinds += author_failures(gold, result)
    return kinds


def date_failures(gold: dict[str, Any], result: Result) -> list[str]:
    day, minute = date_checks(result.published, gold.get("published"))
    machine = gold["notes"].split("Machine dates: ", 1)[-1].split(";", 1)[0]
    style = next((k.split(":", 1)[1] for k in gold.get("hazards", {}) if k.startswith("dateline:")),
                 "?")
    if day == "NO":
        return [f"wrong day (machine {machine}, line {style})" if result.published
                else f"no date (machine {machine}, line {style})"]
    if minute == "NO":
        got = datetime.fromisoformat(result.published or "")
        want = datetime.fromisoformat(gold["published"])
        kind = ("right clock, wrong offset" if got.replace(tzinfo=None) == want.replace(tzinfo=None)
                else "wrong time")
        return [f"{kind} (machine {machine}, line {style})"]
    return []


def author_failures(gold: dict[str, Any], result: Result) -> list[str]:
    want = {readable(a) for a in gold.get("authors") or []}
    got = {readable(a) for a in result.authors or []}
    if got == want:
        return []
    site = gold.get("hazards", {}).get("title-suffix")
    if site and site in got:
        return ["site name as author"]
    if gold.get("agency") and not want and any(same_agency(a, gold["agency"]) for a in got):
        return ["agency byline given as author"]
    if want and not got:
        return ["byline missed"]
    if not want:
        return ["author where the page names none (placeholder or other text)"]
    return ["authors differ (split or extra words)"]


def failure_report(pages: list[tuple[Path, dict[str, Any]]], results: list[Result]) -> str:
    """Failure kinds with their page counts and templates, most frequent first."""
    found: dict[str, list[str]] = defaultdict(list)
    for (path, gold), result in zip(pages, results, strict=True):
        if "hazards" not in gold:  # not a generated page: its hazards are not named
            continue
        for kind in page_failures(gold, result):
            found[kind].append(gold.get("template", path.parent.name))
    if not any("hazards" in gold for _, gold in pages):
        return ""
    lines = ["", "akhbar failure kinds (pages, templates):"]
    for kind, where in sorted(found.items(), key=lambda kv: -len(kv[1])):
        templates = sorted(set(where))
        shown = ", ".join(templates[:8]) + (f" +{len(templates) - 8}" if len(templates) > 8 else "")
        lines.append(f"{len(where):4d}  {kind}  [{shown}]")
    return "\n".join(lines)
