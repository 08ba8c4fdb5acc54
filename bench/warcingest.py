"""`akhbar ingest-warc` against the chain on the same pages, measured in ONE run.

    python bench/warcingest.py [--pages 6000] [--base 1000]

The pages: --pages generated articles of bench/bigsite.py, archived into one WARC file by
pipelines/store/warcwrite.py (what `--save-warc` writes), in a temporary folder; a second file
holds the first --base of them.
(a) the chain: `process_page` (extract -> dates -> normalize -> tag -> signature -> dedup, one
    story index) over the same pages in this process, after a warm-up: pages per CPU-second,
    over all the pages and over those after the first --base;
(b) reading alone: `read_warc` over the file, its CPU as a share of (a);
(c) `python -m crawler.cli ingest-warc FILE` with the worker pool, its process tree watched
    from /proc (bench/crawlrun.py): articles written, CPU-seconds of the tree (the command, the
    fork server, the workers), wall time, cores used (CPU-seconds / wall); the same command on
    the --base file and on a file of one page (what starting up costs, whatever the size).
    Once started, the command's rate is that of the pages after the first --base: the CPU of
    the whole file's run less that of the --base file's, against the chain's CPU on the same
    pages; the whole run's rate also pays the start-up, which a larger file amortises;
(d) peak RSS of the command's process and of its largest worker, --base pages against --pages.
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


def chain_seconds(warc: Path, split: int = 0) -> tuple[float, float, int]:
    """CPU-seconds of the chain over the file's pages (read before the clock starts) and over
    those after the first `split`, and the articles it kept."""
    with warc.open("rb") as stream:
        pages = [p for p in read_warc(stream, warc.name) if isinstance(p, WarcPage)]
    records = [fetched_record(p.url, p.body, p.fetched_at, None) for p in pages]
    warm = Deduplicator(index=ClusterIndex(None))
    for record in records[:WARM_UP]:
        _chain(dict(record), warm)
    state, kept = Deduplicator(index=ClusterIndex(None)), 0  # a story index, as a crawl's
    started = time.process_time()
    for record in records[:split]:
        kept += _chain(record, state)
    after_split = time.process_time()
    for record in records[split:]:
        kept += _chain(record, state)
    ended = time.process_time()
    return ended - started, ended - after_split, kept


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
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--base", type=int, default=1000,
                        help="the smaller file: (c)'s rate once started, (d)'s memory")
    args = parser.parse_args()
    if not 0 < args.base < args.pages:
        parser.error("--base must be between 0 and --pages")
    workers = default_size()
    with tempfile.TemporaryDirectory(prefix="warcingest-") as folder:
        tmp = Path(folder)
        warc = build_warc(tmp, args.pages)
        print(f"# {args.pages} generated articles in {warc.name}, "
              f"{warc.stat().st_size / 2**20:.1f} MB; {workers} cores")
        chain_cpu, chain_rest, kept = chain_seconds(warc, split=args.base)
        read_cpu, records = read_seconds(warc)
        run = ingest(warc, workers)
        base = ingest(build_warc(tmp, args.base), workers)
        one = ingest(build_warc(tmp, 1), workers)
    rest = args.pages - args.base
    marginal = chain_rest / max(run.cpu_seconds - base.cpu_seconds, 1e-9)
    ratio = (run.pages / run.cpu_seconds) / (kept / chain_cpu)
    print(f"(a) chain, one process    {kept:>6} articles  {chain_cpu:8.1f} CPU s  "
          f"{kept / chain_cpu:7.1f} pages per CPU-second; "
          f"{rest / chain_rest:.1f} after the first {args.base}")
    print(f"(b) read_warc alone       {records:>6} records   {read_cpu:8.2f} CPU s  "
          f"{read_cpu / chain_cpu:7.1%} of (a)")
    for label, f in ((f"{args.pages} pages", run), (f"{args.base} pages", base),
                     ("1 page", one)):
        print(f"(c) ingest-warc, {label:<9}{f.pages:>6} articles  {f.cpu_seconds:8.1f} CPU s  "
              f"{f.pages / f.cpu_seconds:7.1f} pages per CPU-second, {f.wall:.1f} s wall, "
              f"{f.cores:.2f} cores, {f.pages / f.wall:.1f} pages/s, "
              f"{f.main_cpu_seconds:.1f} CPU s in the command's own process"
              + (f", exit {f.returncode}" if f.returncode else ""))
    print(f"    once started: pages {args.base + 1}-{args.pages} cost "
          f"{run.cpu_seconds - base.cpu_seconds:.1f} CPU s, "
          f"{rest / (run.cpu_seconds - base.cpu_seconds):.1f} pages per CPU-second")
    print("\n# (d) peak memory against the file's size")
    print(f"{'pages':>8}{'WARC MB':>9}{'main peak MB':>14}{'worker peak MB':>16}{'pages/s':>9}")
    for n, f in ((args.base, base), (args.pages, run)):
        print(f"{n:>8}{f.warc_mb:>9.1f}{f.main_peak_mb:>14.0f}{f.worker_peak_mb:>16.0f}"
              f"{f.pages / f.wall:>9.1f}")
    print("\n# issue 18's targets")
    verdict("every page of the file written as an article", run.pages == args.pages == kept,
            f"{run.pages}/{args.pages}")
    verdict("ingest-warc pages per CPU-second / the chain's, once started", marginal >= 0.90,
            f"{marginal:.2f}")
    print(f"{'  the whole run, its start-up included':<60}{ratio:>14.2f}")
    if marginal > 0.90:
        per_page = chain_rest / rest
        print(f"{'  the whole run reaches 0.90 from (pages)':<60}"
              f"{0.90 * one.cpu_seconds / (per_page * (1 - 0.90 / marginal)):>14.0f}")
    verdict("WARC reading as a share of the chain's CPU", read_cpu / chain_cpu <= 0.10,
            f"{read_cpu / chain_cpu:.1%}")
    verdict(f"cores used by ingest-warc (of {workers})", run.cores >= 1.6, f"{run.cores:.2f}")
    growth = run.main_peak_mb / base.main_peak_mb if base.main_peak_mb else 0.0
    verdict(f"main RSS, {args.pages} pages / {args.base} pages (flat: <= 1.15)",
            growth <= 1.15, f"{growth:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
