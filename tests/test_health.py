"""Per-site health against the site's own history of runs (crawler/ops/health.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.ops.health import (
    SiteHealth,
    Thresholds,
    assess,
    assess_history,
    check_run,
    check_sites,
    health_summary,
    read_history,
)
from crawler.stored import new_run_id
from pipelines.store.datasets import PartitionedWriter

START = datetime(2026, 11, 1, tzinfo=UTC)


def run(site: str = "alwaha", articles: int = 44, hour: int = 0, start: datetime = START,
        **fields: Any) -> dict[str, Any]:
    """A runs-dataset row `hour` hours after `start`; reject_reasons may be given as
    {"stage/reason": count}."""
    started = start + timedelta(hours=hour)
    reasons = fields.pop("reject_reasons", {})
    return {"run_id": new_run_id(started), "site": site, "started": started,
            "finished": started + timedelta(minutes=3), "finish_reason": "finished",
            "articles": articles, "rejects": sum(reasons.values()),
            "reject_reasons": [{"key": k, "count": n} for k, n in sorted(reasons.items())],
            "known": 0, "unchanged": 0, "sources_unchanged": 0, "discovery_errors": [],
            "requests": articles + 4, "response_bytes": 0, "no_published": 0, "empty_text": 0,
            "not_arabic": 0, "versions": "{}", "settings": "{}", **fields}


def history(counts: list[int], site: str = "alwaha", **fields: Any) -> list[dict[str, Any]]:
    """One run per hour with these article counts."""
    return [run(site, n, hour, **fields) for hour, n in enumerate(counts)]


def write_runs(output: Path, rows: list[dict[str, Any]]) -> None:
    """Rows into output/runs/ as RunRecorder writes them (one file per run and site)."""
    for row in rows:
        writer = PartitionedWriter(output / "runs", "runs", f"{row['site']}-{row['run_id']}")
        writer.write(row)
        writer.close()


def flags_of(earlier: list[dict[str, Any]], latest: dict[str, Any], **t: Any) -> list[str]:
    return [str(f) for f in assess(latest, earlier, Thresholds(**t)).flags]


def test_a_site_that_suddenly_yields_nothing_is_flagged(tmp_path):
    rows = history([40, 44, 47, 44, 39, 52, 44, 45, 41, 44, 50, 43, 0])
    write_runs(tmp_path, rows)
    (health,) = check_sites(tmp_path)
    assert not health.healthy and health.run_id == rows[-1]["run_id"]
    assert [str(f) for f in health.flags] == ["alwaha: 0 articles, median of last 12 runs 44"]
    assert (health.flags[0].metric, health.flags[0].value, health.flags[0].baseline) == (
        "articles", 0, 44)


def test_zero_is_not_flagged_where_the_site_usually_yields_little():
    assert flags_of(history([2, 0, 3, 1, 4]), run(articles=0, hour=9)) == []


def test_a_drop_below_the_fraction_of_the_rolling_median_is_flagged():
    earlier = history([40] * 10)
    assert flags_of(earlier, run(articles=6, hour=20)) == [
        "alwaha: 6 articles, under 25% of the median of last 10 runs (40)"]
    assert flags_of(earlier, run(articles=11, hour=20)) == []
    assert flags_of(earlier, run(articles=11, hour=20), drop_fraction=0.5) != []


def test_the_median_is_of_the_last_window_runs_only():
    earlier = history([0] * 30 + [40] * 5)
    assert flags_of(earlier, run(articles=0, hour=99), window=5) == [
        "alwaha: 0 articles, median of last 5 runs 40"]
    assert flags_of(earlier, run(articles=0, hour=99), window=24) == []


@pytest.mark.parametrize(("column", "words"), [
    ("empty_text", "empty extractions (under 50 words)"),
    ("no_published", "without a publication date"),
    ("not_arabic", "not in Arabic")])
def test_a_jump_in_empty_undated_or_non_arabic_articles_is_flagged(column, words):
    earlier = history([40] * 11) + [run(articles=40, hour=11, **{column: 2})]  # 2 of 480 before
    assert flags_of(earlier, run(articles=20, hour=12, **{column: 12})) == [
        f"alwaha: 12 of 20 articles {words} (60%), 0% over the last 12 runs"]
    assert flags_of(earlier, run(articles=20, hour=12, **{column: 2})) == []


def test_a_new_reject_reason_is_flagged_and_a_usual_one_is_not():
    earlier = history([40] * 6, reject_reasons={"extract/not_article": 2})
    latest = run(articles=40, hour=9, reject_reasons={"extract/not_article": 3,
                                                      "fetch/http_403": 25})
    assert flags_of(earlier, latest) == [
        "alwaha: new reject reason fetch/http_403: 25 pages, none in the last 6 runs"]


def test_a_reject_reason_on_a_much_larger_share_of_pages_is_flagged():
    earlier = history([40] * 6, reject_reasons={"fetch/timeout": 1})
    latest = run(articles=10, hour=9, reject_reasons={"fetch/timeout": 30})
    assert flags_of(earlier, latest) == ["alwaha: reject reason fetch/timeout on 75% of pages "
                                         "(30 of 40), 2% over the last 6 runs"]


def test_a_steady_history_raises_no_flag():
    counts = [44, 38, 51, 47, 40, 36, 55, 44, 49, 41, 39, 46, 52, 43, 35, 48, 45, 50, 42, 37] * 3
    rows = [run(articles=n, hour=h, empty_text=h % 3, no_published=(h % 5 == 0) * 2,
                reject_reasons={"extract/not_article": h % 4, "fetch/http_404": h % 2})
            for h, n in enumerate(counts)]
    results = assess_history(rows)
    assert len(results) == len(rows)
    assert [h.note for h in results[:3]] == [
        "not enough history (0 earlier runs, 3 needed)",
        "not enough history (1 earlier run, 3 needed)",
        "not enough history (2 earlier runs, 3 needed)"]
    assert all(h.healthy for h in results) and all(not h.note for h in results[3:])
    assert results[-1].history == 24


def test_a_short_history_is_not_enough_history_rather_than_flags():
    health = assess(run(articles=0, hour=5), history([44, 44]))
    assert health.healthy and health.note == "not enough history (2 earlier runs, 3 needed)"


def test_missing_or_unreadable_history_never_raises(tmp_path, caplog):
    assert read_history(tmp_path) == [] and check_sites(tmp_path) == []
    assert [h.note for h in check_sites(tmp_path, ["alwaha"])] == ["no run recorded"]
    broken = tmp_path / "runs" / "month=2026-11" / "broken.parquet"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not parquet at all")
    assert check_run(tmp_path, ["alwaha"], "20261101T000000Z-abcd")[0].note == "no run recorded"
    assert "cannot read the runs history" in caplog.text


def test_a_failing_health_check_does_not_fail_the_run(tmp_path, monkeypatch, caplog):
    def broken(*args: Any, **kwargs: Any) -> list[SiteHealth]:
        raise ZeroDivisionError("a bug in a check")

    monkeypatch.setattr("crawler.ops.health.check_sites", broken)
    (health,) = check_run(tmp_path, ["alwaha"], "r1")
    assert health.healthy and health.note == "not checked (see the log)"
    assert "ZeroDivisionError" in caplog.text


def test_an_unfinished_run_is_flagged_and_left_out_of_later_baselines():
    earlier = history([44] * 4)
    stopped = run(articles=3, hour=4, finish_reason="shutdown")
    assert flags_of(earlier, stopped) == ["alwaha: the crawl ended early (shutdown)"]
    later = assess(run(articles=45, hour=5), [*earlier, stopped])
    assert later.healthy and later.history == 4


def test_the_end_of_run_check_reads_the_run_it_is_given(tmp_path):
    rows = history([44] * 5) + history([30] * 5, site="other")
    current = [run("alwaha", 0, 10), run("other", 31, 10)]
    current[1]["run_id"] = current[0]["run_id"]  # one run, two sites
    write_runs(tmp_path, [*rows, *current, run("alwaha", 44, 11)])  # and a later run
    results = check_run(tmp_path, ["alwaha", "other"], current[0]["run_id"])
    assert [(h.site, h.healthy) for h in results] == [("alwaha", False), ("other", True)]
    assert health_summary(results) == ("Health: 1 ok, 1 unhealthy\n"
                                       "  alwaha: 0 articles, median of last 5 runs 44")


def test_thresholds_are_the_health_settings_and_bad_values_are_refused():
    assert Thresholds.from_settings({}) == Thresholds()
    custom = Thresholds.from_settings({"HEALTH_WINDOW": "48", "HEALTH_DROP_FRACTION": "0.5"})
    assert (custom.window, custom.drop_fraction) == (48, 0.5)
    for bad in ({"HEALTH_WINDOW": "many"}, {"HEALTH_MIN_RUNS": "0"},
                {"HEALTH_RATE_JUMP": "-1"}):
        with pytest.raises(ValueError, match="HEALTH_"):
            Thresholds.from_settings(bad)
