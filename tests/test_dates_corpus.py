"""Real pages (../shared/corpus/pages): the published date akhbar writes equals the gold one to
the day, and to the minute where the gold states a time. Gold without an offset is the site's local
time (see each gold file's notes)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.cli.saved import extract_file
from crawler.sites import site_for_url
from tests.conftest import SHARED_CORPUS

GOLD = sorted((SHARED_CORPUS / "pages").glob("*/*.gold.json"))
# pages whose gold day only a rule fitted to that one site read, and that the site's spider
# does not declare as its own data (overrides["url_date"] ...): none now
FITTED: dict[str, str] = {}


def _params(paths: list[Path]) -> list:
    return [pytest.param(p, id=p.parent.name, marks=[pytest.mark.xfail(
        reason=FITTED[p.parent.name], strict=True)] if p.parent.name in FITTED else [])
        for p in paths] or [pytest.param(None, id="no-corpus")]


def gold_view(gold: str, ours: datetime, site_zone: str) -> tuple[datetime, datetime]:
    """(gold, ours) as wall-clock times in the gold's offset, or the site's zone without one."""
    expected = datetime.fromisoformat(gold)
    zone = expected.tzinfo or ZoneInfo(site_zone)
    return expected.replace(tzinfo=None), ours.astimezone(zone).replace(tzinfo=None)


@pytest.mark.parametrize("gold_path", _params(GOLD))
def test_published_equals_gold(corpus: Path, gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if not gold.get("published"):
        pytest.skip("the gold states no publication date")
    page = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
    row = extract_file(str(page), gold["url"])
    assert row.get("published"), f"no published date: {row.get('error')}"
    site = site_for_url(gold["url"])
    expected, ours = gold_view(gold["published"], datetime.fromisoformat(row["published"]),
                               site.timezone if site else "UTC")
    detail = f"ours {row['published_local']} from {row['published_source']}"
    assert ours.date() == expected.date(), detail
    if len(gold["published"]) > 10:  # the gold has a time of day
        assert ours.replace(second=0) == expected.replace(second=0, microsecond=0), detail
