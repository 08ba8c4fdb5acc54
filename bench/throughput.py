"""Pages per second of akhbar's per-page chain against plain trafilatura, same pages, same run.

    python bench/throughput.py [--rounds N] [--workers N]

Pages: the bundled site's articles, plus ../shared/corpus/pages when present. The baseline is
trafilatura.bare_extraction(with_metadata=True) alone; akhbar adds structured metadata, dates,
camel-tools normalisation, language detection and dedup on top. Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from pipelines import Reject
from pipelines.chain import process_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"


def load_pages() -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "tests" / "sites" / "alwaha" / "www" / "articles").glob("*.html"))
    files += sorted(CORPUS.glob("*/*.html")) if CORPUS.is_dir() else []
    return [(f"http://127.0.0.1/{f.parent.name}/{f.stem}", f.read_bytes()) for f in files]


def akhbar_one(item: tuple[str, bytes]) -> int:
    url, body = item
    page = {"url": url, "body": body, "headers": {}, "fetched_at": datetime.now(UTC),
            "site_timezone": "Africa/Cairo"}
    try:
        return len(process_page(page)["text"])
    except Reject:
        return 0


def trafilatura_one(item: tuple[str, bytes]) -> int:
    doc = trafilatura.bare_extraction(item[1], url=item[0], with_metadata=True)
    return len(doc.text or "") if doc else 0


def timed(label: str, mapper, fn, pages, rounds: int) -> float:
    """Best wall time of `rounds` passes of `mapper(fn, pages)`, printed as ms/page and pages/s."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        list(mapper(fn, pages))
        best = min(best, time.perf_counter() - started)
    rate = len(pages) / best
    print(f"{label:<38} {best * 1000 / len(pages):8.1f} ms/page {rate:8.1f} pages/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages = load_pages()
    print(f"{len(pages)} pages, {sum(len(b) for _, b in pages) / 1e6:.1f} MB, best of "
          f"{args.rounds} rounds")
    akhbar_one(pages[0])  # warm-up: lingua and camel-tools tables load once per process
    base = timed("trafilatura bare_extraction (baseline)", map, trafilatura_one, pages,
                 args.rounds)
    ours = timed("akhbar process_page, 1 process", map, akhbar_one, pages, args.rounds)
    with ProcessPoolExecutor(args.workers) as pool:
        list(pool.map(akhbar_one, pages[: args.workers]))  # start and warm the workers
        parallel = timed(f"akhbar process_page, {args.workers} workers", pool.map, akhbar_one,
                         pages, args.rounds)
    print(f"ratio akhbar/baseline (1 process): {ours / base:.2f}x")
    print(f"ratio {args.workers} workers / 1 process: {parallel / ours:.2f}x")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
