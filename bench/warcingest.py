"""`akhbar ingest-warc` against the chain on the same pages, measured in ONE run.

    python bench/warcingest.py [--pages 3000] [--rss 1000,6000]

The pages: --pages generated articles of bench/bigsite.py, archived into one WARC file by
pipelines/store/warcwrite.py (what `--save-warc` writes), in a temporary folder.
(a) the chain: `process_page` (extract -> dates -> normalize -> tag -> signature -> dedup, one
    story index) over the same pages in this process, after a warm-up: pages per CPU-second;
(b) reading alone: `read_warc` over the file, its CPU as a share of (a);
(c) `python -m crawler.cli ingest-warc FILE` with the worker pool, its process tree watched
    from /proc (bench/crawlrun.py): articles written, CPU-seconds of the tree (the command, the
    fork server, the workers), wall time, cores used (CPU-seconds / wall), and the same command
    on a WARC of one page: what starting up costs, whatever the file's size;
(d) peak RSS of the command's process and of its largest worker for each --rss size.
The last table holds issue 18's targets.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bigsite import generated_articles  # noqa: E402
from bench.crawlrun import watch, written_articles  # noqa: E402
from bench.qualityscore import fetched_record  # noqa: E402
from crawler.pool import default_size  # noqa: E402
from pipelines import Reject  # noqa: E402
from pipelines.chain import process_page  # noqa: E402
from pipelines.dedup import Deduplicator  # noqa: E402
from pipelines.store.clusters import ClusterIndex  # noqa: E402
from pipelines.store.warcread import WarcPage, read_warc  # noqa: E402
from pipelines.store.warcwrite import ROLE_FIELD, Exchange, WarcArchive  # noqa: E402

ORIGIN = "http://127.0.0.1:8765"  # the alwaha spider's own home: no --home needed
FETCHED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
WARM_UP = 30  # pages through the chain before it is timed (models, caches, imports)
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Server", "bench")]


@dataclass
class IngestFigures:
    pages: int  # generated articles written, read back from the Parquet rows
    wall: float
    cpu_seconds: float  # the command's whole process tree
    main_cpu_seconds: float  # the command's own process (the reactor's)
    main_peak_mb: float
    worker_peak_mb: float
    returncode: int
    warc_mb: float

    @property
    def cores(self) -> float:
        return self.cpu_seconds / self.wall if self.wall else 0.0


def build_warc(folder: Path, pages: int) -> Path:
    """A WARC of `pages` generated articles, request and response records, gzip per record."""
    archive = WarcArchive(folder, f"bench-{pages}", max_bytes=2**40, root=folder)
    for url, body in generated_articles(pages, ORIGIN):
        archive.write(Exchange(url, "GET", [("User-Agent", "akhbar-bench")], 200, "OK",
                               "HTTP/1.1", HEADERS, body, FETCHED_AT, {ROLE_FIELD: "article"}))
    archive.close()
    return archive.files[0]


def chain_seconds(warc: Path) -> tuple[float, int]:
    """CPU-seconds of the chain over the file's pages (read before the clock starts), and the
    articles it kept."""
    with warc.open("rb") as stream:
        pages = [p for p in read_warc(stream, warc.name) if isinstance(p, WarcPage)]
    records = [fetched_record(p.url, p.body, p.fetched_at, None) for p in pages]
    warm = Deduplicator(index=ClusterIndex(None))
    for record in records[:WARM_UP]:
        _chain(dict(record), warm)
    state, kept = Deduplicator(index=ClusterIndex(None)), 0  # a story index, as a crawl's
    started = time.process_time()
    for record in records:
        kept += _chain(record, state)
    return time.process_time() - started, kept


def _chain(record: dict, state: Deduplicator) -> int:
    try:
        process_page(record, state=state)
    except Reject:
        return 0
    return 1


def read_seconds(warc: Path) -> tuple[float, int]:
    """CPU-seconds of reading the file's page records alone (bodies in memory), and how many."""
    started = time.process_time()
    with warc.open("rb") as stream:
        count = sum(1 for _ in read_warc(stream, warc.name))
    return time.process_time() - started, count


def ingest(warc: Path, workers: int) -> IngestFigures:
    with tempfile.TemporaryDirectory(prefix="ingest-out-") as out:
        command = [sys.executable, "-m", "crawler.cli", "ingest-warc", str(warc), "-o", out,
                   "--site", "alwaha", "-s", "LOGS_ENABLED=False",
                   "-s", f"AKHBAR_WORKERS={workers}"]
        code, wall, seen, root = watch(command)
        pages, _ = written_articles(Path(out))
    main_cpu, main_mb = seen.get(root, (0.0, 0.0))
    return IngestFigures(pages, wall, sum(cpu for cpu, _ in seen.values()), main_cpu, main_mb,
                         max((mb for pid, (_, mb) in seen.items() if pid != root), default=0.0),
                         code, warc.stat().st_size / 2**20)


def verdict(label: str, met: bool, figure: str) -> None:
    print(f"{label:<60}{figure:>14}  {'met' if met else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rss", default="1000,6000", help="file sizes (pages) for (d)")
    args = parser.parse_args()
    workers = default_size()
    sizes = [int(n) for n in args.rss.split(",") if n]
    with tempfile.TemporaryDirectory(prefix="warcingest-") as folder:
        tmp = Path(folder)
        warc = build_warc(tmp, args.pages)
        print(f"# {args.pages} generated articles in {warc.name}, "
              f"{warc.stat().st_size / 2**20:.1f} MB; {workers} cores")
        chain_cpu, kept = chain_seconds(warc)
        read_cpu, records = read_seconds(warc)
        run = ingest(warc, workers)
        one = ingest(build_warc(tmp, 1), workers)
        print(f"(a) chain, one process    {kept:>6} articles  {chain_cpu:8.1f} CPU s  "
              f"{kept / chain_cpu:7.1f} pages per CPU-second")
        print(f"(b) read_warc alone       {records:>6} records   {read_cpu:8.2f} CPU s  "
              f"{read_cpu / chain_cpu:7.1%} of (a)")
        print(f"(c) ingest-warc, pool     {run.pages:>6} articles  {run.cpu_seconds:8.1f} CPU s  "
              f"{run.pages / run.cpu_seconds:7.1f} pages per CPU-second, {run.wall:.1f} s wall, "
              f"{run.cores:.2f} cores, {run.pages / run.wall:.1f} pages/s, "
              f"{run.main_cpu_seconds:.1f} CPU s in the command's own process"
              + (f", exit {run.returncode}" if run.returncode else ""))
        print(f"    the same on 1 page    {one.pages:>6} article   {one.cpu_seconds:8.1f} CPU s  "
              f"(starting up: imports, {workers} workers, models)")
        print("\n# (d) peak memory against the file's size")
        print(f"{'pages':>8}{'WARC MB':>9}{'main peak MB':>14}{'worker peak MB':>16}{'pages/s':>9}")
        memory = {n: run if n == args.pages else ingest(build_warc(tmp, n), workers)
                  for n in sizes}
        for n, f in memory.items():
            print(f"{n:>8}{f.warc_mb:>9.1f}{f.main_peak_mb:>14.0f}{f.worker_peak_mb:>16.0f}"
                  f"{f.pages / f.wall:>9.1f}")
    ratio = (run.pages / run.cpu_seconds) / (kept / chain_cpu)
    steady = (run.pages / max(run.cpu_seconds - one.cpu_seconds, 1e-9)) / (kept / chain_cpu)
    small, large = memory[min(sizes)], memory[max(sizes)]
    print("\n# issue 18's targets")
    verdict("every page of the file written as an article", run.pages == args.pages == kept,
            f"{run.pages}/{args.pages}")
    verdict("ingest-warc pages per CPU-second / the chain's", ratio >= 0.90, f"{ratio:.2f}")
    print(f"{'  the same without the start-up (1-page run subtracted)':<60}{steady:>14.2f}")
    verdict("WARC reading as a share of the chain's CPU", read_cpu / chain_cpu <= 0.10,
            f"{read_cpu / chain_cpu:.1%}")
    verdict(f"cores used by ingest-warc (of {workers})", run.cores >= 1.6, f"{run.cores:.2f}")
    if large is not small:
        growth = large.main_peak_mb / small.main_peak_mb if small.main_peak_mb else 0.0
        verdict(f"main RSS, {max(sizes)} pages / {min(sizes)} pages (flat: <= 1.15)",
                growth <= 1.15, f"{growth:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
