"""`akhbar stories` on a real small dataset (five clusters over two days, four sites, rows of an
older schema version migrated), and every pandas and DuckDB snippet of docs/stories.md run against
the same dataset, its answers agreeing with the command's."""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.cli.main import main
from pipelines.store.datasets import PartitionedWriter
from pipelines.store.migration import migrate
from pipelines.store.schema import file_schema

ROOT = Path(__file__).resolve().parent.parent
DAY1, DAY2 = "2026-11-28", "2026-11-29"  # the docs' day is DAY2; its ISO week holds both
CLUSTER_COLUMNS = ("cluster_id", "similarity", "cluster_size", "is_wire_copy")


def at(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}+00:00")


# (cluster, site, fetched_at, title, agency, is_wire_copy); the url is http://<site>/<n>
ROWS: list[tuple[str | None, str, datetime, str, str | None, bool | None]] = [
    ("budget", "alwaha", at(DAY2, "08:00"), "الحكومة تقر الموازنة العامة", "MENA", True),
    ("budget", "youm7", at(DAY2, "09:10"), "إقرار الموازنة", "MENA", True),
    ("budget", "okaz", at(DAY2, "10:00"), "مصر: الموازنة الجديدة", None, True),
    ("budget", "youm7", at(DAY2, "11:00"), "تفاصيل الموازنة", None, True),
    ("storm", "okaz", at(DAY1, "22:00"), "عاصفة رملية تضرب الرياض", "SPA", True),
    ("storm", "youm7", at(DAY1, "23:30"), "عاصفة في الرياض", "SPA", True),
    ("storm", "alwaha", at(DAY2, "07:00"), "الرياض تحت العاصفة", None, True),
    ("storm", "hespress", at(DAY2, "12:00"), "عاصفة رملية", None, False),
    ("match", "youm7", at(DAY2, "13:00"), "الأهلي يفوز بالدوري", None, False),
    ("match", "okaz", at(DAY2, "13:30"), "الأهلي بطلا", None, False),
    ("match", "hespress", at(DAY2, "23:59:59"), "تتويج الأهلي", None, False),
    ("quake", "alwaha", at(DAY1, "06:00"), "زلزال في أسوان", "MENA", True),
    ("quake", "youm7", at(DAY1, "06:20"), "هزة أرضية بأسوان", "MENA", True),
    ("quake", "okaz", at(DAY1, "07:45"), "زلزال يضرب جنوب مصر", "MENA", True),
    ("solo", "hespress", at(DAY2, "15:00"), "افتتاح معرض الكتاب", None, False),
    ("late", "alwaha", at("2026-11-30", "00:00"), "خبر الغد", None, False),
    (None, "okaz", at(DAY2, "14:00"), "خبر دون تجميع", None, None),  # clustering off
]
OLD_ROW = ("alwaha", at(DAY2, "05:00"), "خبر قديم")  # a file of schema version 5, migrated


def url_of(n: int, site: str) -> str:
    return f"http://{site}.example/{n}"


def write_old_file(articles: Path) -> None:
    """One file as schema version 5 wrote it: no cluster columns."""
    schema = file_schema("articles")
    for name in CLUSTER_COLUMNS:
        schema = schema.remove(schema.get_field_index(name))
    schema = schema.with_metadata({"akhbar.dataset": "articles", "akhbar.schema_version": "5"})
    site, fetched, title = OLD_ROW
    row = {name: None for name in schema.names} | {
        "url": url_of(99, site), "title": title, "fetched_at": fetched, "run_id": "old"}
    folder = articles / f"site={site}" / "month=2026-11"
    folder.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([row], schema=schema), folder / "old-0000.parquet")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder holding output/articles/: the old file migrated, then the rows written by the
    project's writer (some published a month earlier, so in another partition)."""
    work = tmp_path_factory.mktemp("stories")
    articles = work / "output" / "articles"
    write_old_file(articles)
    assert migrate(articles, "articles")
    writer = PartitionedWriter(articles, "articles", "test")
    for n, (cluster, site, fetched, title, agency, wire) in enumerate(ROWS):
        writer.write({"url": url_of(n, site), "site": site, "title": title, "fetched_at": fetched,
                      "published": fetched - timedelta(days=30 if n % 3 == 0 else 0),
                      "cluster_id": cluster, "agency": agency, "is_wire_copy": wire,
                      "cluster_size": 1, "similarity": 1.0, "run_id": "test"})
    writer.close()
    return work


def stories(capsys, workdir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["stories", "-o", str(workdir / "output"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def json_stories(capsys, workdir: Path, *args: str) -> list[dict[str, Any]]:
    code, out, _ = stories(capsys, workdir, "--json", *args)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def outline(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(s["cluster_id"], s["articles"], s["outlets"]) for s in found]


def test_the_biggest_stories_of_a_day_first_ties_by_first_seen(capsys, workdir):
    found = json_stories(capsys, workdir, "--day", DAY2)
    # storm and budget have 4 articles each: storm was first seen the day before
    assert outline(found) == [("storm", 4, 4), ("budget", 4, 3), ("match", 3, 3), ("solo", 1, 1)]
    assert [s["rank"] for s in found] == [1, 2, 3, 4]
    storm, budget, match, _ = found
    assert storm["headline"] == "عاصفة رملية تضرب الرياض"  # its first member's, a day earlier
    assert storm["first_seen"] == "2026-11-28T22:00:00+00:00"
    assert (storm["agency"], storm["wire_copy_share"]) == ("SPA", 0.75)
    assert (budget["agency"], budget["wire_copy_share"]) == ("MENA", 1.0)
    assert (match["agency"], match["wire_copy_share"]) == (None, 0.0)
    assert [(c["site"], c["first_seen"], c["url"]) for c in budget["copies"]] == [
        ("alwaha", "2026-11-29T08:00:00+00:00", url_of(0, "alwaha")),
        ("youm7", "2026-11-29T09:10:00+00:00", url_of(1, "youm7")),  # its first copy of two
        ("okaz", "2026-11-29T10:00:00+00:00", url_of(2, "okaz"))]
    assert match["copies"][-1]["first_seen"] == "2026-11-29T23:59:59+00:00"  # still that day


def test_a_story_counts_on_each_day_it_was_seen_and_only_then(capsys, workdir):
    assert outline(json_stories(capsys, workdir, "--day", DAY1)) == [("storm", 4, 4),
                                                                    ("quake", 3, 3)]
    assert outline(json_stories(capsys, workdir, "--day", "2026-11-30")) == [("late", 1, 1)]


def test_the_text_lists_rank_counts_headline_agency_and_each_outlet(capsys, workdir):
    code, out, _ = stories(capsys, workdir, "--day", DAY2)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Stories of {DAY2} (UTC, by first fetch) in ")
    assert "4 of 4, biggest first" in lines[0]
    first = lines.index(" 1. 4 articles, 4 outlets: عاصفة رملية تضرب الرياض")
    assert lines[first + 1] == "    agency SPA, wire copy 75%, cluster storm"
    assert lines[first + 2].split() == ["okaz", "2026-11-28", "22:00:00", "UTC",
                                        url_of(4, "okaz")]
    assert " 2. 4 articles, 3 outlets: الحكومة تقر الموازنة العامة" in lines
    assert "    no agency credited, wire copy 0%, cluster match" in lines
    assert " 4. 1 article, 1 outlet: افتتاح معرض الكتاب" in lines
    assert lines[-1].startswith("2 of the day's 12 articles have no cluster_id")


def test_top_keeps_the_biggest(capsys, workdir):
    assert outline(json_stories(capsys, workdir, "--day", DAY2, "--top", "2")) == [
        ("storm", 4, 4), ("budget", 4, 3)]
    code, out, _ = stories(capsys, workdir, "--day", DAY2, "--top", "2")
    assert "2 of 4, biggest first" in out.splitlines()[0]
    assert " 3. " not in out


def test_sites_keep_their_articles_alone(capsys, workdir):
    found = json_stories(capsys, workdir, "--day", DAY2, "--site", "youm7", "--site", "okaz")
    # storm's youm7 and okaz copies were fetched the day before: not a story of this day here
    assert outline(found) == [("budget", 3, 2), ("match", 2, 2)]
    assert outline(json_stories(capsys, workdir, "--day", DAY2, "--site", "youm7", "okaz")) == \
        outline(found)


def test_unclustered_rows_are_counted_then_listed_on_request(capsys, workdir):
    code, out, err = stories(capsys, workdir, "--json", "--day", DAY2)
    assert err.startswith("akhbar: stories: 2 of the day's 12 articles have no cluster_id")
    assert all(json.loads(line)["cluster_id"] for line in out.splitlines())
    found = json_stories(capsys, workdir, "--day", DAY2, "--include-unclustered")
    singles = [(s["cluster_id"], s["copies"][0]["url"]) for s in found[3:]]
    assert singles == [(None, url_of(99, "alwaha")),  # the migrated row, 05:00
                       (None, url_of(16, "okaz")),  # clustering off, 14:00
                       ("solo", url_of(14, "hespress"))]  # 15:00
    code, out, _ = stories(capsys, workdir, "--day", DAY2, "--include-unclustered")
    assert "no cluster_id" in out and "have no cluster_id" not in out


def test_older_files_not_yet_migrated_are_read_as_unclustered(capsys, tmp_path):
    write_old_file(tmp_path / "output" / "articles")
    code, out, _ = stories(capsys, tmp_path, "--day", DAY2)
    assert code == 0
    assert "1 of the day's 1 articles have no cluster_id" in out
    found = json_stories(capsys, tmp_path, "--day", DAY2, "--include-unclustered")
    assert [s["headline"] for s in found] == [OLD_ROW[2]]


def test_a_day_without_articles_says_so_and_succeeds(capsys, workdir):
    code, out, _ = stories(capsys, workdir, "--day", "2026-12-25")
    assert (code, out.strip()) == (0, f"No articles first fetched on 2026-12-25 (UTC) in "
                                      f"{workdir / 'output' / 'articles'}/.")
    code, out, err = stories(capsys, workdir, "--day", "2026-12-25", "--json")
    assert (code, out) == (0, "")
    assert err.startswith("akhbar: stories: No articles first fetched on 2026-12-25 (UTC)")


@pytest.mark.parametrize("day", ["2026-13-01", "29/11/2026", "yesterday", "20261129"])
def test_a_bad_date_is_a_one_line_error(capsys, workdir, day):
    code, out, err = stories(capsys, workdir, "--day", day)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("akhbar: stories: --day:")


def test_top_below_one_is_a_one_line_error(capsys, workdir):
    code, out, err = stories(capsys, workdir, "--day", DAY2, "--top", "0")
    assert (code, out, err) == (2, "", "akhbar: stories: --top must be at least 1\n")


def test_a_missing_dataset_folder_is_a_one_line_error(capsys, tmp_path):
    code, out, err = stories(capsys, tmp_path / "nowhere", "--day", DAY2)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "no articles dataset" in err


# -- docs/stories.md ------------------------------------------------------------------------

def doc_snippets() -> list[tuple[str, str, str]]:
    """(section heading, language, code) of every ```python and ```sql block, in order."""
    text = (ROOT / "docs" / "stories.md").read_text(encoding="utf-8")
    found, heading = [], ""
    for part in re.split(r"^(## .+)$", text, flags=re.M):
        if part.startswith("## "):
            heading = part[3:].strip()
            continue
        found += [(heading, lang, code)
                  for lang, code in re.findall(r"^```(python|sql)\n(.*?)^```", part, re.M | re.S)]
    return found


@pytest.fixture(scope="module")
def answers(workdir) -> dict[str, Any]:
    """The python blocks run in order in one namespace, each sql block on its own, all from
    the folder holding output/ as the docs assume."""
    namespace: dict[str, Any] = {}
    sql: dict[str, Any] = {}
    with contextlib.chdir(workdir), warnings.catch_warnings():
        warnings.simplefilter("error")  # a deprecated call in the docs fails here, not later
        for heading, lang, code in doc_snippets():
            if lang == "python":
                exec(compile(code, f"docs/stories.md: {heading}", "exec"), namespace)
            else:
                sql[heading] = duckdb.connect().sql(code).df()
    return {"python": namespace, "sql": sql}


def test_the_docs_have_a_python_and_a_sql_answer_to_each_question():
    sections = {(heading, lang) for heading, lang, _ in doc_snippets()}
    for question in ("The biggest stories of a day",
                     "How many distinct stories did each site publish this week",
                     "Which outlets copy agency X fastest"):
        assert {(question, "python"), (question, "sql")} <= sections


def test_the_docs_biggest_stories_agree_with_the_command(capsys, workdir, answers):
    expected = [(s["cluster_id"], s["articles"], s["outlets"], s["first_seen"], s["headline"],
                 s["agency"], s["wire_copy_share"])
                for s in json_stories(capsys, workdir, "--day", DAY2)]
    for frame in (answers["python"]["stories"],
                  answers["sql"]["The biggest stories of a day"].set_index("cluster_id")):
        got = [(cid, int(r.articles), int(r.outlets), _iso(r.first_seen), r.headline,
                None if pd.isna(r.agency) else r.agency,
                round(float(r.wire_share), 4)) for cid, r in frame.iterrows()]
        assert got == expected


def test_the_docs_outlets_are_the_commands_first_copies(capsys, workdir, answers):
    outlets = answers["python"]["outlets"]
    for story in json_stories(capsys, workdir, "--day", DAY2):
        mine = outlets[outlets["cluster_id"] == story["cluster_id"]]
        assert [(r.site, _iso(r.fetched_at), r.url) for r in mine.itertuples()] == [
            (c["site"], c["first_seen"], c["url"]) for c in story["copies"]]


def test_the_docs_stories_per_site_this_week_agree_with_the_command(capsys, workdir, answers):
    monday = date(2026, 11, 23)
    expected: dict[str, set[str]] = {}
    for site in ("alwaha", "youm7", "okaz", "hespress"):
        for n in range(7):
            day = (monday + timedelta(days=n)).isoformat()
            found = json_stories(capsys, workdir, "--day", day, "--site", site,
                                 "--include-unclustered", "--top", "1000")
            expected.setdefault(site, set()).update(
                s["cluster_id"] or s["copies"][0]["url"] for s in found)
    counts = {site: len(keys) for site, keys in expected.items()}
    assert counts == {"alwaha": 4, "youm7": 4, "okaz": 5, "hespress": 3}  # late: next week
    python = answers["python"]["per_site"]
    sql = answers["sql"]["How many distinct stories did each site publish this week"]
    assert {str(site): int(n) for site, n in python["stories"].items()} == counts
    assert dict(zip(sql["site"], sql["stories"].astype(int), strict=True)) == counts


def test_the_docs_fastest_copiers_agree_with_the_command(capsys, workdir, answers):
    delays: dict[str, list[float]] = {}
    for day in (DAY1, DAY2):
        for story in json_stories(capsys, workdir, "--day", day, "--top", "1000"):
            if story["agency"] != "MENA":
                continue
            start = datetime.fromisoformat(story["first_seen"])
            for copy in story["copies"]:
                minutes = (datetime.fromisoformat(copy["first_seen"]) - start).total_seconds() / 60
                delays.setdefault(copy["site"], []).append(minutes)
    expected = {site: (len(d), statistics.median(d)) for site, d in delays.items()}
    assert expected == {"alwaha": (2, 0.0), "youm7": (2, 45.0), "okaz": (2, 112.5)}
    python = answers["python"]["fastest"]
    sql = answers["sql"]["Which outlets copy agency X fastest"]
    assert list(python.index) == ["alwaha", "youm7", "okaz"]  # fastest first
    assert {str(s): (int(r.stories), float(r.median_minutes))
            for s, r in python.iterrows()} == expected
    assert list(sql["site"]) == ["alwaha", "youm7", "okaz"]
    assert {r.site: (int(r.stories), float(r.median_minutes))
            for r in sql.itertuples()} == expected


def _iso(when: Any) -> str:
    return when.to_pydatetime().astimezone(UTC).isoformat()
