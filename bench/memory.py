"""Memory of the Parquet writer against the number of rows written: it must not grow.

    python bench/memory.py [--rows N]

Writes N and 10*N synthetic article rows (3 KB of Arabic text each, spread over 24 monthly
partitions, interleaved: the worst order) through the PartitionedWriter, each in a fresh
process, and prints the peak RSS of both and their ratio (about 1.0 when memory is bounded).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PARAGRAPH = "أعلنت الوزارة اليوم عن خطة جديدة لتطوير شبكة النقل العام في العاصمة. " * 40


def write_rows(rows: int, folder: Path) -> None:
    from pipelines.store.datasets import PartitionedWriter

    writer = PartitionedWriter(folder, "articles", "bench", batch_rows=500)
    for i in range(rows):
        writer.write({"url": f"https://site.test/news/{i}", "site": "bench", "title": f"خبر {i}",
                      "text": PARAGRAPH, "text_norm": PARAGRAPH, "authors": ["سارة علي"],
                      "keywords": ["نقل", "مواصلات"], "word_count": 400, "version": 1,
                      "published": datetime(2025 + i % 2, 1 + i % 12, 1 + i % 28, tzinfo=UTC)})
    writer.close()


def measure(rows: int) -> tuple[float, float]:
    """(peak RSS MB, seconds) of a child process writing `rows` rows."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        code = ("import resource, sys; from bench.memory import write_rows; "
                f"from pathlib import Path; write_rows({rows}, Path({folder!r})); "
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=Path(__file__).resolve().parent.parent)
        return int(out.stdout.strip()) / 1024, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args()
    small_mb, small_s = measure(args.rows)
    large_mb, large_s = measure(args.rows * 10)
    print(f"{args.rows:>8} rows: peak RSS {small_mb:6.0f} MB, {small_s:5.1f} s")
    print(f"{args.rows * 10:>8} rows: peak RSS {large_mb:6.0f} MB, {large_s:5.1f} s")
    print(f"memory ratio (10x rows / 1x rows): {large_mb / small_mb:.2f}x")
    print(f"throughput: {args.rows * 10 / large_s:,.0f} rows/s")


if __name__ == "__main__":
    main()
