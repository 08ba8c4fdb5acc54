"""One real `akhbar crawl` of a generated site (bench/bigsite.py), watched from /proc: pages/s,
the CPU of each core, the CPU-seconds and peak memory of the crawl's processes.

The crawl runs as `python -m crawler.cli crawl alwaha` against the site on 127.0.0.1, with
politeness off (no delay, no AutoThrottle, 32 requests at a time) and no ledger, so that every
configuration fetches the same pages. Its process tree (the crawl, Python's fork server and the
worker processes) is sampled every SAMPLE_SECONDS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow.parquet as pq

from bench.bigsite import ARTICLE_PATH, FIRST_ID, BigSite
from crawler.demo.localsite import HOST

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.2
TICKS, PAGE_BYTES = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
FAST = ("-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
        "-s", "LEDGER_ENABLED=False", "-s", "LOGS_ENABLED=False", "-s", f"ADDRESSES_ALLOW={HOST}")
PIPELINES_OFF = ("-s", "ITEM_PIPELINES={}")


@dataclass
class CrawlFigures:
    pages: int  # generated articles written (with pipelines off: generated pages served)
    wall: float  # seconds, from start to exit of the crawl command
    core_busy: list[float]  # share of each core busy during the crawl (whole machine)
    rows: int = 0  # every article row written (the bundled site's own articles too)
    cpu_seconds: float = 0.0  # user + system of the crawl's process tree
    main_cpu_seconds: float = 0.0  # user + system of the crawl's own process (the reactor's)
    main_peak_mb: float = 0.0  # peak RSS of the crawl's own process
    worker_peak_mb: float = 0.0  # peak RSS of the largest other process of the tree
    returncode: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


def _cpu_times() -> list[tuple[int, int]]:
    """(busy, total) jiffies of each core, from /proc/stat."""
    cores = []
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu") and line[3].isdigit():
            values = [int(v) for v in line.split()[1:]]
            idle = values[3] + values[4]
            cores.append((sum(values) - idle, sum(values)))
    return cores


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree(root: int) -> list[int]:
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += tree.get(pid, [])
    return found


def _sample(pid: int) -> tuple[float, float] | None:
    """(CPU-seconds, RSS in MB) of one process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS, rss_pages * PAGE_BYTES / 2**20


def watch(command: list[str]) -> tuple[int, float, dict[int, tuple[float, float]], int]:
    """Run `command`, sampling its process tree; (returncode, wall, {pid: (cpu, peak rss)},
    root pid)."""
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    seen: dict[int, tuple[float, float]] = {}
    while proc.poll() is None:
        for pid in _tree(proc.pid):
            if (now := _sample(pid)) is not None:
                cpu, rss = now
                seen[pid] = (cpu, max(rss, seen.get(pid, (0.0, 0.0))[1]))
        time.sleep(SAMPLE_SECONDS)
    wall = time.monotonic() - started
    proc.stderr.read() if proc.stderr else None
    return proc.returncode, wall, seen, proc.pid


def crawl(articles: int, *settings: str, pipelines: bool = True) -> CrawlFigures:
    """Crawl a generated site of `articles` articles once with the given `-s` settings."""
    with BigSite(articles) as site, tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a",
                   f"home={site.origin}", "-o", out, *FAST, *settings,
                   *(() if pipelines else PIPELINES_OFF)]
        before = _cpu_times()
        code, wall, seen, root = watch(command)
        after = _cpu_times()
        busy = [(b1 - b0) / max(t1 - t0, 1)
                for (b0, t0), (b1, t1) in zip(before, after, strict=True)]
        pages, rows = written_articles(Path(out)) if pipelines else (site.served, 0)
        figures = CrawlFigures(pages, wall, busy, rows, returncode=code)
        figures.cpu_seconds = sum(cpu for cpu, _ in seen.values())
        figures.main_cpu_seconds, figures.main_peak_mb = seen.get(root, (0.0, 0.0))
        figures.worker_peak_mb = max((rss for pid, (_, rss) in seen.items() if pid != root),
                                     default=0.0)
        if pages != articles:
            what = "written" if pipelines else "fetched"
            figures.notes.append(f"{pages} of {articles} generated articles {what}: PAGES LOST")
        return figures


def written_articles(output: Path) -> tuple[int, int]:
    """(distinct generated articles, all article rows) read back from the articles dataset."""
    urls: list[str] = []
    for file in (output / "articles").rglob("*.parquet"):
        urls += pq.read_table(file, columns=["url"]).column("url").to_pylist()
    paths = (ARTICLE_PATH.match(urlsplit(url).path) for url in urls if url)
    generated = {m.group(1) for m in paths if m and int(m.group(1)) >= FIRST_ID}
    return len(generated), len(urls)
