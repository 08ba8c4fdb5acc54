"""Crawls of the hostile site for tests: `crawl_cases(cases, settings)` serves the cases on
127.0.0.1, runs `akhbar crawl hostile` on them, and reads back what the datasets hold per path.
`transport_crawl()` is the one crawl of tests/hostile/cases_transport.py that several test
modules share (made once per test session)."""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import socket
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd

from tests.hostile import cases_transport
from tests.hostile.site import ARTICLE_OUTCOME, Case, HostileSite
from tests.sitefixtures import run_cli


@dataclass
class HostileCrawl:
    output: Path
    returncode: int
    stdout: str
    stderr: str
    requests: Counter[str]  # path -> times the server answered it
    articles: pd.DataFrame
    rejects: pd.DataFrame

    def outcomes(self) -> dict[str, set[str]]:
        """Path -> "article" (a row's url or fetched_url) and/or the reasons of its rejects."""
        found: dict[str, set[str]] = defaultdict(set)
        columns = ("url", "fetched_url", "requested_url")
        for spellings in zip(*(self.articles.get(c, []) for c in columns), strict=True):
            for u in set(spellings) - {None}:
                found[_path(u)].add(ARTICLE_OUTCOME)
        for url, reason in zip(self.rejects["url"], self.rejects["reason"], strict=True):
            found[_path(url)].add(reason)
        return found

    def rejects_of(self, path: str) -> pd.DataFrame:
        return self.rejects[[_path(u) == path for u in self.rejects["url"]]]


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)


def _read(folder: Path, run_id: str | None) -> pd.DataFrame:
    """The rows this run wrote (the folder may hold earlier runs' too)."""
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return pd.DataFrame(columns=["url", "fetched_url", "reason", "run_id"])
    rows = pd.read_parquet(folder)
    return rows[rows["run_id"] == run_id].reset_index(drop=True)


def free_port() -> int:
    """A port of 127.0.0.1 free now, for a site that must keep its address across runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def crawl_cases(cases: list[Case], output: Path, settings: dict[str, str] | None = None,
                *args: str, port: int = 0) -> HostileCrawl:
    """`akhbar crawl hostile` over these cases (with -s settings and further arguments)."""
    options = [item for k, v in (settings or {}).items() for item in ("-s", f"{k}={v}")]
    with HostileSite(cases, port=port) as site:
        proc = run_cli("crawl", "hostile", "-a", f"home={site.origin}", "-o", str(output),
                       *options, *args)
        requests = site.request_counts()
    run = re.search(r"^akhbar run (\S+):", proc.stdout, re.MULTILINE)
    run_id = run.group(1) if run else None
    return HostileCrawl(output, proc.returncode, proc.stdout, proc.stderr, requests,
                        _read(output / "articles", run_id), _read(output / "rejects", run_id))


@functools.cache
def transport_crawl() -> HostileCrawl:
    """The crawl of every transport case, made once and shared."""
    output = Path(tempfile.mkdtemp(prefix="akhbar-transport-"))
    atexit.register(shutil.rmtree, output, ignore_errors=True)
    return crawl_cases(cases_transport.CASES, output, cases_transport.settings())
