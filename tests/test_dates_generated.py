"""Never worse than htmldate where htmldate is right: on the generated Arabic pages
(bench.articlegen, written into a temporary folder), wherever htmldate.find_date gives the gold
day, akhbar's published day is the gold day too, and akhbar's day accuracy is at least htmldate's.
akhbar's day is the dates stage's choice among the candidates extract reads from the page, with
the site's zone and the fetch time of the gold."""

from __future__ import annotations

import json
import warnings
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipelines.dates.stage import dates
from pipelines.extract.datecandidates import read_modified_candidates, read_published_candidates
from pipelines.extract.page import read_page

articlegen = pytest.importorskip("bench.articlegen.build",
                                 reason="bench/articlegen (the page generator) is not here")


def our_day(html: bytes, gold: dict) -> str | None:
    fetched = datetime.fromisoformat(gold["fetched_at"])
    record = {"url": gold["url"], "body": html, "headers": {}, "fetched_at": fetched,
              "site_timezone": gold["timezone"]}
    page = read_page(record)
    article = dates({"site_timezone": gold["timezone"], "fetched_at": fetched,
                     "published_candidates": read_published_candidates(page),
                     "modified_candidates": read_modified_candidates(page)})
    if article["published"] is None:
        return None
    return article["published"].astimezone(ZoneInfo(gold["timezone"])).date().isoformat()


def htmldate_day(html: bytes, url: str) -> str | None:
    from htmldate import find_date

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return find_date(html, url=url)


Rows = list[tuple[dict, str | None, str | None]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    out = tmp_path_factory.mktemp("generated")
    articlegen.write(out, per_template=2, seed=7)
    rows = []
    for gold_path in sorted(Path(out).glob("*/*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not gold.get("published"):
            continue
        html = gold_path.with_name(gold_path.name.replace(".gold.json", ".html")).read_bytes()
        rows.append((gold, our_day(html, gold), htmldate_day(html, gold["url"])))
    assert len(rows) >= 25
    return rows


def gold_day(gold: dict) -> str:
    return datetime.fromisoformat(gold["published"]).date().isoformat()


def test_where_htmldate_finds_the_gold_day_akhbar_does_too(generated):
    missed = [(g["url"], gold_day(g), ours) for g, ours, theirs in generated
              if theirs == gold_day(g) and ours != gold_day(g)]
    assert missed == []


def test_akhbar_finds_the_gold_day_at_least_as_often_as_htmldate(generated):
    ours = sum(o == gold_day(g) for g, o, _ in generated)
    theirs = sum(t == gold_day(g) for g, _, t in generated)
    assert ours >= theirs
