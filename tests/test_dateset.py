"""bench/dates.py --set: day accuracy on a folder in htmldate's evaluation layout (a gold json +
the pages it names), with akhbar's failures counted by kind."""

from __future__ import annotations

import json
from pathlib import Path

from bench.dates import main
from bench.dateset import load_set, run_cases, set_report

PARAGRAPH = ("The council met on Tuesday to discuss the new budget for the coming year, and its "
             "members argued at length about schools, roads and the cost of public transport. ")


def _page(published: str | None, body: str) -> str:
    meta = (f'<meta property="article:published_time" content="{published}">'
            if published else "")
    return (f'<html lang="en"><head><title>Budget</title>{meta}'
            '<meta property="og:type" content="article"></head><body><article>'
            f"<h1>The council argues over the budget</h1>{body}</article></body></html>")


def _set(folder: Path) -> Path:
    folder.mkdir()
    text = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(4))
    pages = {
        "right.html": (_page("2021-03-04T10:00:00+01:00", text), "2021-03-04"),
        "wrong.html": (_page("2021-03-09T10:00:00+01:00", text), "2021-03-04"),
        "undated.html": (_page(None, text), "2021-03-04"),
        "nothing.html": (_page(None, ""), "2021-03-04"),
        "nogold.html": (_page("2021-03-04T10:00:00+01:00", text), float("nan")),
    }
    gold = {}
    for name, (html, day) in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
        gold[f"https://news.example.org/2021/budget-{name[:-5]}"] = {"file": name, "date": day}
    (folder / "eval.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def test_a_set_counts_right_wrong_undated_and_rejected_pages(tmp_path: Path) -> None:
    cases, undated = load_set(_set(tmp_path / "pages"))
    assert undated == 1 and len(cases) == 4

    records = {r["id"]: r for r in run_cases(cases, jobs=1)}
    assert records["right.html"]["akhbar"] == "2021-03-04"
    assert records["wrong.html"]["akhbar"] == "2021-03-09"
    assert records["nothing.html"]["error"].startswith("not_article")

    report = set_report(list(records.values()), undated, "set pages", list_ids=True)
    assert "akhbar               day accuracy 0.250  (1/4)" in report
    assert "wrong     meta:article:published_time: wrong.html" in report
    assert "rejected  not_article: too little running text: nothing.html" in report


def test_the_command_prints_an_accuracy_per_extractor(tmp_path: Path, capsys) -> None:
    assert main(["--set", str(_set(tmp_path / "pages")), "--jobs", "1",
                 "--details", str(tmp_path / "details.jsonl")]) == 0
    out = capsys.readouterr().out
    for name in ("akhbar", "htmldate default", "htmldate ext+orig", "trafilatura"):
        assert f"{name:<20} day accuracy 0." in out
    details = [json.loads(line) for line in (tmp_path / "details.jsonl").open()]
    assert {d["id"] for d in details} == {"right.html", "wrong.html", "undated.html",
                                          "nothing.html"}


def test_a_missing_set_is_said_and_fails(tmp_path: Path, capsys) -> None:
    assert main(["--set", str(tmp_path / "absent")]) == 1
    assert "is not here" in capsys.readouterr().out
