"""The demo runs from the installed package, not from a checkout: the wheel carries the bundled
site as package data, and `akhbar demo` in an empty folder writes output/ there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.sitefixtures import ROOT, expected_site

ARTICLES = expected_site()["articles"]
SITE = ROOT / "crawler" / "demo" / "sites" / "alwaha"
CP1256_PAGE = "www/articles/1006.html"  # the site's page in windows-1256, not UTF-8


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (a build in the checkout would leave build/
    there, and could pack files since deleted from it)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in ("crawler", "pipelines"):
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(source)], check=True, capture_output=True,
                   timeout=300)
    return next(out.glob("akhbar-*.whl"))


def test_the_wheel_carries_every_file_of_the_bundled_site(wheel: Path):
    served = {f"crawler/demo/sites/alwaha/{p.relative_to(SITE).as_posix()}"
              for p in [*(SITE / "www").rglob("*"), SITE / "routes.json"] if p.is_file()}
    assert any(n.startswith("crawler/demo/sites/alwaha/www/archive/2026/11/") for n in served)
    assert {".html", ".xml", ".json", ".txt", ".png"} <= {Path(n).suffix for n in served}
    packed = zipfile.ZipFile(wheel)
    assert served <= set(packed.namelist())
    page = packed.read(f"crawler/demo/sites/alwaha/{CP1256_PAGE}")
    assert page == (SITE / CP1256_PAGE).read_bytes() and b"windows-1256" in page


def test_akhbar_demo_from_an_empty_folder_writes_output_there(wheel: Path, tmp_path: Path):
    target, folder = tmp_path / "installed", tmp_path / "empty"
    folder.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import crawler; print(crawler.__file__)"],
                           cwd=folder, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))  # the installed copy, not the checkout

    proc = subprocess.run([str(target / "bin" / "akhbar"), "demo"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"{len(ARTICLES)} articles" in proc.stdout
    assert 'pd.read_parquet("output/articles")' in proc.stdout  # the summary, paths relative
    output = folder / "output"
    assert len(pd.read_parquet(output / "articles")) == len(ARTICLES)
    assert len(pd.read_parquet(output / "runs")) == 1
    assert (output / "ledger.sqlite").exists() and list((output / "logs").glob("*.log"))
    assert not list(target.rglob("output"))  # nothing written next to the installed package
