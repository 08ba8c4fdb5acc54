"""File count and size of the datasets before and after `akhbar compact`, for the bundled site
crawled ten times.

    python bench/compaction.py [--runs 10]

Two histories: the real one (the URL ledger on: later runs add little) and the worst one (ledger
off: every run writes every article again, so compaction also removes duplicates).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.demo.localsite import HOST, LocalSite
from pipelines.store.compact import compact
from pipelines.store.readers import visible_files

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ("articles", "rejects", "runs")


def crawl_times(runs: int, output: Path, *settings: str) -> None:
    with LocalSite("alwaha") as site:
        for _ in range(runs):
            subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "alwaha", "-a",
                            f"home={site.origin}", "-o", str(output), *settings,
                            "-s", f"ADDRESSES_ALLOW={HOST}"],  # the bundled site's address
                           cwd=ROOT, check=True, capture_output=True)


def footprint(output: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for dataset in DATASETS:
        files = visible_files(output / dataset)
        found[dataset] = (len(files), sum(f.stat().st_size for f in files))
    return found


def report(label: str, runs: int, *settings: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder)
        crawl_times(runs, output, *settings)
        before = footprint(output)
        started = time.perf_counter()
        results = {d: compact(output, d) for d in DATASETS}
        seconds = time.perf_counter() - started
        after = footprint(output)
    print(f"\n{label}: {runs} runs, compaction took {seconds:.2f} s")
    print(f"  {'dataset':<9} {'files before':>12} {'after':>6} {'KB before':>10} {'after':>8}"
          f" {'rows removed':>13}")
    for dataset in DATASETS:
        (n0, b0), (n1, b1) = before[dataset], after[dataset]
        removed = results[dataset].rows_before - results[dataset].rows_after
        print(f"  {dataset:<9} {n0:>12} {n1:>6} {b0 / 1024:>10.0f} {b1 / 1024:>8.0f} {removed:>13}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    report("ledger on (hourly cron)", args.runs, "-s", "LEDGER_REFETCH_HOURS=0")
    report("ledger off (every run rewrites everything)", args.runs, "-s", "LEDGER_ENABLED=False")


if __name__ == "__main__":
    main()
