"""The import contract (pyproject.toml, [tool.importlinter]): the code keeps its layers, and the
contract really fails on an upward import or a cycle, naming the contract and the import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitefixtures import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports over the packages found first on the path at `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def copy_of_the_code(tmp_path: Path) -> Path:
    for package in ("crawler", "pipelines"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "sites"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    cut = text.index("\nfrom ") + 1  # the first import after `from __future__`
    module.write_text(text[:cut] + line + "\n" + text[cut:], encoding="utf-8")


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_the_copy_alone_is_what_the_contract_reads(copy_of_the_code: Path):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_store_module_importing_a_stage_breaks_the_layers(copy_of_the_code: Path):
    add_import(copy_of_the_code / "pipelines" / "store" / "ledger.py",
               "from pipelines.dates import parse_date  # noqa")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "pipelines: the chain -> the stages -> the store BROKEN" in result.stdout
    assert "pipelines.store.ledger -> pipelines.dates" in result.stdout


def test_a_stage_importing_the_crawler_breaks_the_contract(copy_of_the_code: Path):
    add_import(copy_of_the_code / "pipelines" / "normalize.py",
               "from crawler.settings import BOT_NAME  # noqa")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "Nothing under pipelines/ imports crawler/ BROKEN" in result.stdout


def test_the_scrapy_project_importing_the_cli_breaks_the_layers(copy_of_the_code: Path):
    add_import(copy_of_the_code / "crawler" / "middlewares.py",
               "from crawler.cli.commands import UsageError  # noqa")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "crawler: CLI -> operations, onboarding, demo -> the Scrapy project BROKEN" in (
        result.stdout)


def test_two_modules_importing_each_other_break_the_acyclic_contract(copy_of_the_code: Path):
    # teasers.py already imports pagesignals.py; the reverse closes a cycle inside one stage
    add_import(copy_of_the_code / "pipelines" / "extract" / "pagesignals.py",
               "from pipelines.extract.teasers import prose_chars  # noqa")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "No two modules of a package import each other BROKEN" in result.stdout
    assert "No cycles are allowed in pipelines.extract" in result.stdout


def test_a_new_module_outside_every_layer_is_refused(copy_of_the_code: Path):
    (copy_of_the_code / "crawler" / "helpers.py").write_text('"""Unplaced."""\n')
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "crawler.helpers" in result.stdout + result.stderr
