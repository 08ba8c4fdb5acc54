"""Shared helpers for tests that crawl the bundled site for real (HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "tests" / "sites" / "alwaha"


def expected_site() -> dict:
    return json.loads((SITE_DIR / "expected.json").read_text(encoding="utf-8"))


@dataclass
class CrawlRun:
    output: Path
    returncode: int
    stdout: str
    stderr: str
    requests: Counter[str]


def run_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """`akhbar ARGS` in a child process (a Scrapy reactor runs once per process)."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
