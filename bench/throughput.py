"""akhbar's speed and memory, as figures and ratios measured in ONE run (machines are noisy).

    python bench/throughput.py [--pages 5000] [--rss 1000,5000,20000] [--quick] [--skip-peers]

(a) per-page CPU of the chain (extract -> dates -> normalize -> tag -> dedup) against bare
    trafilatura with its defaults on the same pages, interleaved (bench/chaincost.py);
(b) a real crawl of a generated site of --pages articles on 127.0.0.1 (bench/bigsite.py) with
    the worker pool (AKHBAR_WORKERS = cores), in one process (AKHBAR_WORKERS=0) and with the
    item pipelines off: pages/s, the busy share of each core, CPU-seconds (bench/crawlrun.py);
(c) peak RSS of the crawl's own process and of its largest worker, for each --rss size;
(d) news-please and newspaper4k on the pages of (a), in their own environment (.venv-peers,
    `make bench-peers`) with the network refused (bench/peers.py).
The last table holds issue 16's targets. --quick: (b) on 1,000 pages, (c) without 20,000.
--chain-only: only (a). --profile N: only a cProfile of the chain over the pages of (a), its top
N functions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chaincost import (  # noqa: E402
    Page,
    bundled_pages,
    gold_pages,
    measure,
    profile,
    quantile,
    report,
)
from bench.crawlrun import CrawlFigures, crawl  # noqa: E402
from crawler.pool import default_size  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
PEERS_PYTHON = ROOT / ".venv-peers" / "bin" / "python"


def chain_pages(tmp: Path) -> list[Page]:
    from bench.articlegen.build import write

    write(tmp / "generated")
    write(tmp / "holdout", holdout=True)
    pages = (bundled_pages() + gold_pages(tmp / "generated", "generated")
             + gold_pages(tmp / "holdout", "holdout"))
    pages += gold_pages(CORPUS, "corpus") if CORPUS.is_dir() else []
    if left := [p.path.name for p in pages if b"{{" in p.body]:
        print(f"WARNING: {len(left)} pages keep a {{{{...}}}} placeholder: {left[:5]}")
    return pages


def crawl_table(pages: int) -> dict[str, CrawlFigures]:
    workers = default_size()
    runs = {f"pool ({workers} workers)": crawl(pages, "-s", f"AKHBAR_WORKERS={workers}"),
            "in-process": crawl(pages, "-s", "AKHBAR_WORKERS=0"),
            "pipelines off": crawl(pages, "-s", "AKHBAR_WORKERS=0", pipelines=False)}
    print(f"{'crawl of ' + str(pages) + ' articles':<24}{'pages':>7}{'rows':>6}{'s':>7}"
          f"{'pages/s':>9}{'cores busy':>14}{'CPU s':>8}{'main':>6}{'main MB':>9}"
          f"{'worker MB':>10}")
    for label, f in runs.items():
        busy = "/".join(f"{b:.0%}" for b in f.core_busy)
        print(f"{label:<24}{f.pages:>7}{f.rows or '-':>6}{f.wall:>7.1f}{f.rate:>9.1f}{busy:>14}"
              f"{f.cpu_seconds:>8.1f}{f.main_cpu_seconds:>6.1f}{f.main_peak_mb:>9.0f}"
              f"{f.worker_peak_mb:>10.0f}"
              + (f"  ({'; '.join(f.notes)})" if f.notes else "")
              + (f"  exit {f.returncode}" if f.returncode else ""))
    print("pages: generated articles written, read back from the Parquet rows (pipelines off:"
          " served); rows: all article rows (the bundled site's own articles too); CPU s: the"
          " crawl's process tree, main: its own process; cores busy: the whole machine, so the"
          " site's server (a thread of this bench) counts too")
    return runs


def rss_table(sizes: list[int], known: dict[int, CrawlFigures]) -> dict[int, CrawlFigures]:
    workers = default_size()
    runs = {n: known.get(n) or crawl(n, "-s", f"AKHBAR_WORKERS={workers}") for n in sizes}
    print(f"{'pages crawled (pool)':<24}{'main peak MB':>14}{'worker peak MB':>16}{'pages/s':>9}")
    for n, f in runs.items():
        print(f"{n:<24}{f.main_peak_mb:>14.0f}{f.worker_peak_mb:>16.0f}{f.rate:>9.1f}")
    return runs


def peers(pages: list[Page], tmp: Path) -> dict[str, list[float]]:
    if not PEERS_PYTHON.exists():
        print(f"skipped: no {PEERS_PYTHON}; `make bench-peers` creates it")
        return {}
    (tmp / "peers").mkdir()
    entries = []
    for i, page in enumerate(pages):  # the bodies as (a) read them (placeholders replaced)
        (path := tmp / "peers" / f"{i}.html").write_bytes(page.body)
        entries.append([page.url, str(path)])
    listing = tmp / "pages.json"
    listing.write_text(json.dumps(entries), encoding="utf-8")
    out = subprocess.run([str(PEERS_PYTHON), str(ROOT / "bench" / "peers.py"), str(listing)],
                         capture_output=True, text=True, cwd=tmp, timeout=3600)
    if out.returncode:
        print(f"peers failed: {out.stderr[-800:]}")
        return {}
    results = json.loads(out.stdout.strip().splitlines()[-1])
    for name, result in results.items():
        seconds = result["seconds"]
        print(f"{name:<22} median {quantile(seconds, .5) * 1e3:7.1f} ms/page, "
              f"{len(seconds) / sum(seconds):7.1f} pages per CPU-second, "
              f"{result['failures']} pages failed")
    return {name: result["seconds"] for name, result in results.items()}


def verdict(label: str, met: bool, figure: str) -> None:
    print(f"{label:<58}{figure:>16}  {'met' if met else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--rss", default="1000,5000,20000")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--chain-only", action="store_true", help="only (a)")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="only profile the chain on the pages of (a): the top N functions")
    args = parser.parse_args()
    pages_crawled = 1000 if args.quick else args.pages
    sizes = [n for n in map(int, args.rss.split(",")) if not (args.quick and n > 5000)]
    with tempfile.TemporaryDirectory(prefix="throughput-") as folder:
        tmp = Path(folder)
        pages = chain_pages(tmp)
        if args.profile:
            profile(pages, args.profile)
            return 0
        print(f"# (a) per-page CPU, {len(pages)} pages, interleaved in one process")
        chain = report(pages, measure(pages))
        if args.chain_only:
            return 0
        print(f"\n# (b) end-to-end crawl on 127.0.0.1, {default_size()} cores")
        runs = crawl_table(pages_crawled)
        print("\n# (c) peak memory against crawl size")
        pooled = next(iter(runs.values()))
        rss = rss_table(sizes, {pages_crawled: pooled})
        print("\n# (d) the same pages as (a) through news-please and newspaper4k")
        peer = {} if args.skip_peers else peers(pages, tmp)
    summary(chain, runs, rss, peer)
    return 0


def summary(chain: dict[str, float], runs: dict[str, CrawlFigures],
            rss: dict[int, CrawlFigures], peer: dict[str, list[float]]) -> None:
    pool, alone, off = runs.values()
    print("\n# issue 16's targets, as ratios of this run")
    verdict("chain <= 1.25x bare trafilatura per page (median)", chain["median_ratio"] <= 1.25,
            f"{chain['median_ratio']:.2f}x")
    verdict("crawl with the pool >= 1.6x in-process", pool.rate >= 1.6 * alone.rate,
            f"{pool.rate / alone.rate:.2f}x")
    verdict("crawl with the pool >= 50% of pipelines off", pool.rate >= 0.5 * off.rate,
            f"{pool.rate / off.rate:.0%}")
    peaks = [f.main_peak_mb for f in rss.values()]
    verdict("peak RSS of the crawl <= 400 MB", max(peaks) <= 400, f"{max(peaks):.0f} MB")
    growth = peaks[-1] / peaks[0] if peaks[0] else 0.0
    verdict(f"peak RSS at {max(rss)} within 10% of {min(rss)} pages", growth <= 1.10,
            f"{growth:.2f}x")
    if seconds := peer.get("news-please"):
        ratio = chain["pages_per_cpu_second"] / (len(seconds) / sum(seconds))
        verdict(">= 5x news-please's pages per CPU-second", ratio >= 5, f"{ratio:.1f}x")
        median = quantile(seconds, .5) / chain["chain_median"]
        print(f"  (news-please / akhbar per-page CPU medians: {median:.1f}x)")


if __name__ == "__main__":
    sys.exit(main())
