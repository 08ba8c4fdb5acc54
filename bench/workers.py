"""Pages/s of a crawl shared on Redis by 2 workers against 1 worker, on this machine, in one run.

    python bench/workers.py [--articles 2000]

Each configuration crawls the same generated site (bench/bigsite.py) with politeness off
(bench/crawlrun.py), from a fresh redis-server on 127.0.0.1 (bench/redisserver.py):
- embedded: `akhbar crawl` without Redis (the one-machine default, its page workers per core);
- 1 worker: `akhbar crawl --redis URL --workers 1` (the shared frontier, one crawl process with
  the machine's cores for its page workers);
- 1 worker, 1 core: the same with its pages in its own process (AKHBAR_WORKERS=0);
- 2 workers: `--workers 2` (two crawl processes, a core each, their pages in-process).
On one machine a second worker adds no core: "2 workers / 1 worker, 1 core" is how the shared
frontier scales with workers (2.0x would be perfect), "2 workers / 1 worker" what a second
worker on the same 2-core machine gives.
It prints pages/s, CPU-seconds of the whole process tree, the Redis memory the crawl left (leases,
ledger, story index, filters) per article, and the ratios. Every article must be written once:
a lost or doubled page is printed in capitals.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from bench.crawlrun import CrawlFigures, crawl  # noqa: E402
from bench.redisserver import RedisServer  # noqa: E402

SHARED = ("-s", "LEDGER_ENABLED=True")  # the shared ledger is part of what Redis carries
CONFIGURATIONS = {"1 worker": ("--workers", "1"),
                  "1 worker, 1 core": ("--workers", "1", "-s", "AKHBAR_WORKERS=0"),
                  "2 workers": ("--workers", "2")}


def redis_used_mb(server: RedisServer) -> float:
    return redis.Redis.from_url(server.url).info("memory")["used_memory"] / 1e6


def run(articles: int) -> dict[str, tuple[CrawlFigures, float]]:
    results: dict[str, tuple[CrawlFigures, float]] = {}
    results["embedded"] = (crawl(articles), 0.0)
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder)).start()
        try:
            for name, options in CONFIGURATIONS.items():
                server.restart()
                redis.Redis.from_url(server.url).flushall()
                figures = crawl(articles, "--redis", server.url, *options, *SHARED)
                results[name] = (figures, redis_used_mb(server))
        finally:
            server.stop()
    return results


def report(results: dict[str, tuple[CrawlFigures, float]], articles: int) -> str:
    lines = [f"{articles} generated articles, politeness off, this machine's cores: "
             f"{len(next(iter(results.values()))[0].core_busy)}", "",
             f"{'configuration':<16} {'written':>8} {'wall s':>7} {'pages/s':>8} {'CPU s':>7} "
             f"{'pages/CPU-s':>11} {'Redis MB':>9}"]
    for name, (f, redis_mb) in results.items():
        per_cpu = f.pages / f.cpu_seconds if f.cpu_seconds else 0.0
        lines.append(f"{name:<16} {f.pages:>8} {f.wall:>7.1f} {f.rate:>8.1f} "
                     f"{f.cpu_seconds:>7.1f} {per_cpu:>11.1f} {redis_mb:>9.1f}")
        lines += [f"  {note}" for note in f.notes]
        if f.returncode:
            lines.append(f"  EXIT CODE {f.returncode}")
    one, core, two, alone = (results[k][0].rate for k in ("1 worker", "1 worker, 1 core",
                                                          "2 workers", "embedded"))
    lines += ["", f"2 workers / 1 worker, 1 core, pages/s: {two / core:.2f}x (scaling)",
              f"2 workers / 1 worker, pages/s: {two / one:.2f}x (one 2-core machine)",
              f"2 workers / embedded, pages/s: {two / alone:.2f}x",
              f"1 worker / embedded, pages/s: {one / alone:.2f}x (the cost of the shared frontier)",
              f"Redis memory per article (2 workers): "
              f"{results['2 workers'][1] * 1e6 / max(1, articles) / 1e3:.2f} KB"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    results = run(args.articles)
    print(report(results, args.articles))
    lost = any(f.pages != args.articles or f.returncode for f, _ in results.values())
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
