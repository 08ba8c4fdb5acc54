"""`akhbar compact --into PLACE` (pipelines/store/compactinto.py): a compacted copy in a new
folder or bucket prefix; the source as it was, every row kept once, nothing a crawl added
meanwhile left behind. On a real S3 server (moto, on 127.0.0.1) as on a local folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from crawler.cli.main import main
from crawler.demo.localsite import LocalSite
from pipelines.store.compact import CompactionRefused
from pipelines.store.compactinto import catch_up, compact_into
from pipelines.store.objectstore import resolve
from pipelines.store.readers import read_dataset, visible_files
from tests.s3server import s3  # noqa: F401 (the fixture)
from tests.sitefixtures import article_paths, crawl
from tests.test_objectstore import article, output, write  # noqa: F401 (output: a fixture)

ARTICLES = article_paths()


@pytest.fixture(scope="module")
def repeated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three crawls of the bundled site without the ledger: three copies of every article (only
    read by these tests)."""
    folder = tmp_path_factory.mktemp("repeated")
    with LocalSite("alwaha") as site:
        for _ in range(3):
            assert crawl(site, folder, "-s", "LEDGER_ENABLED=False").returncode == 0
    return folder


def test_a_folder_compacted_into_a_new_one_keeps_each_row_once_and_the_source_as_it_was(
        repeated: Path, tmp_path: Path):
    files_before = sorted(visible_files(repeated / "articles"))
    target = tmp_path / "compacted"
    assert main(["compact", "-o", str(repeated), "--into", str(target)]) == 0
    source, copy = pd.read_parquet(repeated / "articles"), pd.read_parquet(target / "articles")
    assert sorted(visible_files(repeated / "articles")) == files_before  # untouched
    assert len(source) == 3 * len(ARTICLES) and len(copy) == len(ARTICLES)
    assert set(copy["url"]) == set(source["url"]) and copy["url"].is_unique
    assert len(visible_files(target / "articles")) < len(files_before)
    assert set(copy.columns) == set(source.columns)  # partition columns (site, month) too
    for dataset in ("rejects", "runs"):
        assert len(pd.read_parquet(target / dataset)) == len(
            pd.read_parquet(repeated / dataset).drop_duplicates(["run_id", "site"])
            if dataset == "runs" else pd.read_parquet(repeated / dataset).drop_duplicates(
                ["url", "stage", "reason", "fetched_at", "run_id"]))
    assert not [p for p in target.rglob(".*")]  # no staging folder left


def test_compacting_into_a_place_that_has_files_is_refused(repeated: Path, capsys):
    with pytest.raises(CompactionRefused, match="already has files"):
        compact_into(repeated, repeated, "articles")
    assert main(["compact", "-o", str(repeated), "--into", str(repeated)]) == 2
    assert "already has files" in capsys.readouterr().err


def next_to(url: str, prefix: str) -> str:
    """Another prefix of the same bucket, with the same endpoint."""
    return url.replace("/out?", f"/{prefix}?")


def test_a_bucket_is_compacted_into_a_new_prefix_read_back_whole(output: str):  # noqa: F811
    root = resolve(output)
    rows = [article(i) for i in range(7)] + [article(i, month=11) for i in range(5)]
    for run in ("s-run1", "s-run2"):  # the same rows twice, in files of 3 rows
        write(root / "articles", run, rows)
    target = next_to(output, "compacted")
    assert main(["compact", "-o", output, "--into", target, "--dataset", "articles"]) == 0
    copy = read_dataset(resolve(target) / "articles")
    assert sorted(copy["url"]) == sorted(r["url"] for r in rows)
    assert len(visible_files(resolve(target) / "articles")) == 2  # one file per month
    assert len(visible_files(root / "articles")) == 10  # the source untouched
    assert len(read_dataset(root / "articles")) == 2 * len(rows)


def test_files_a_crawl_adds_meanwhile_are_copied_as_they_are(output: str):  # noqa: F811
    source, target = resolve(output) / "articles", resolve(next_to(output, "compacted"))
    write(source, "s-run1", [article(i) for i in range(6)])
    result = compact_into(output, next_to(output, "compacted"), "articles")
    assert (result.files_before, result.files_after) == (2, 1)
    seen = {f.relative_to(source) for f in visible_files(source)}
    late = [article(i) for i in range(100, 104)]
    write(source, "s-run2", late)  # a crawl that had not ended adds two files
    assert catch_up(source, target / "articles", "articles", seen, result) == 2
    urls = read_dataset(target / "articles")["url"]
    assert urls.is_unique and len(urls) == 10 and set(urls) >= {r["url"] for r in late}
