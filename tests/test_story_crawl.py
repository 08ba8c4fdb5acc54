"""Stories across outlets and runs, over real HTTP: two copies of the bundled site on two
origins are two outlets publishing the same bodies; the second run's rows join the first run's
stories, also when the story index was lost or corrupted in between."""

from __future__ import annotations

import pandas as pd
import pytest

from crawler.demo.localsite import LocalSite
from tests.sitefixtures import crawl


def articles(output) -> pd.DataFrame:
    return pd.read_parquet(output / "articles")


@pytest.mark.parametrize("index_between_runs", ["kept", "deleted", "corrupt"])
def test_the_second_outlets_copies_join_the_first_outlets_stories(tmp_path, index_between_runs):
    with LocalSite("alwaha") as first, LocalSite("alwaha") as second:
        origins = first.origin, second.origin
        run = crawl(first, tmp_path)
        assert run.returncode == 0, run.stderr[-2000:]
        index = tmp_path / "clusters.sqlite"
        assert index.is_file()
        if index_between_runs == "deleted":
            index.unlink()
        elif index_between_runs == "corrupt":
            index.write_bytes(b"\0garbage" * 512)
        before = articles(tmp_path)
        run = crawl(second, tmp_path)
        assert run.returncode == 0, run.stderr[-2000:]
    rows = articles(tmp_path)
    old = rows[rows["url"].str.startswith(origins[0])]
    new = rows[rows["url"].str.startswith(origins[1])]
    assert len(old) == len(before) and len(new) == len(old)
    old_by_path = old.assign(path=old["url"].str.removeprefix(origins[0])).set_index("path")
    for row in new.itertuples():
        original = old_by_path.loc[row.url.removeprefix(origins[1])]
        assert row.cluster_id == original.cluster_id, row.url
        if original.duplicate_of is None:
            assert row.duplicate_of == original.url
        assert row.cluster_size >= 2
    assert new["similarity"].min() >= 0.99
    if index_between_runs != "kept":
        assert "rebuilt from" in run.stderr


def test_without_normalisation_bodies_are_not_all_duplicates_of_one(tmp_path):
    with LocalSite("alwaha") as site:
        plain = crawl(site, tmp_path / "plain")
        raw = crawl(site, tmp_path / "raw", "-s", "NORMALIZE_ENABLED=False")
    assert plain.returncode == raw.returncode == 0, raw.stderr[-2000:]
    with_norm, without = articles(tmp_path / "plain"), articles(tmp_path / "raw")
    assert without["text_norm"].isna().all()
    assert without["duplicate_of"].notna().sum() == with_norm["duplicate_of"].notna().sum()
    assert without["cluster_id"].nunique() == with_norm["cluster_id"].nunique() > 30
