"""The demo runs from the installed package, not from a checkout: the wheel carries the bundled
site as package data, and `akhbar demo` in an empty folder writes output/ there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.sitefixtures import ROOT, expected_site

ARTICLES = expected_site()["articles"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(ROOT)], check=True, capture_output=True,
                   timeout=300)
    return next(out.glob("akhbar-*.whl"))


def test_the_wheel_carries_every_file_of_the_bundled_site(wheel: Path):
    site = ROOT / "crawler" / "demo" / "sites" / "alwaha"
    served = {f"crawler/demo/sites/alwaha/{p.relative_to(site).as_posix()}"
              for p in [*(site / "www").rglob("*"), site / "routes.json"] if p.is_file()}
    assert served <= set(zipfile.ZipFile(wheel).namelist())


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
    assert f"{len(ARTICLES)} articles" in proc.stdout and "pd.read_parquet(" in proc.stdout
    assert len(pd.read_parquet(folder / "output" / "articles")) == len(ARTICLES)
    assert (folder / "output" / "ledger.sqlite").exists()
