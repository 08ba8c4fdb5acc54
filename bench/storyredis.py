"""What a story-index assignment costs on Redis (pipelines/store/redisclusters.py), against the
embedded SQLite index (pipelines/store/clusters.py), on the same articles in one run.

    python bench/storyredis.py [--stories 40] [--repeat 3] [--seed 1]

The articles are bench/clusterset.py's (originals and their edited copies), their exact keys and
signatures computed beforehand: only `assign` is timed, as the crawl's dedup stage calls it on
the reactor thread of a worker. Each repeat assigns them in a fresh index: SQLite in a temporary
file, Redis on a fresh redis-server on 127.0.0.1 (bench/redisserver.py). Printed: milliseconds
per assignment of each (median of the repeats) and their ratio, then the Redis commands per
assignment (INFO commandstats) and the clusters made, which must be the same in both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from bench.clusterset import build_set  # noqa: E402
from bench.redisserver import RedisServer  # noqa: E402
from pipelines.signature import exact_key, signature  # noqa: E402
from pipelines.store.clusters import ClusterIndex  # noqa: E402
from pipelines.store.minhash import ClusterParams  # noqa: E402
from pipelines.store.redisclusters import RedisClusterIndex  # noqa: E402

START = datetime(2026, 12, 1, 6, tzinfo=UTC)
Article = tuple[str, str, str | None, bytes | None, str | None]  # url, site, exact, sig, agency


def articles(seed: int, stories: int, params: ClusterParams) -> list[Article]:
    return [(f"https://{doc.site}.test/{doc.doc_id}", doc.site, exact_key(doc.text),
             signature(doc.text, params), doc.agency) for doc in build_set(seed, None, stories)]


def assign_all(index: ClusterIndex | RedisClusterIndex,
               batch: list[Article]) -> tuple[float, int]:
    """(milliseconds per assignment, clusters made)."""
    clusters = set()
    started = time.perf_counter()
    for number, (url, site, exact, sig, agency) in enumerate(batch):
        said = index.assign(url=url, site=site, seen=START + timedelta(minutes=number),
                            exact=exact, sig=sig, agency=agency)
        clusters.add(said.cluster_id)
    return (time.perf_counter() - started) * 1000 / len(batch), len(clusters)


def commands(server: RedisServer) -> tuple[int, dict[str, int]]:
    stats = redis.Redis.from_url(server.url).info("commandstats")
    calls = {name.removeprefix("cmdstat_"): row["calls"] for name, row in stats.items()}
    return sum(calls.values()), calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    params = ClusterParams()
    batch = articles(args.seed, args.stories, params)
    times: dict[str, list[float]] = {"sqlite": [], "redis": []}
    made: dict[str, set[int]] = {"sqlite": set(), "redis": set()}
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder) / "redis").start()
        try:
            for repeat in range(args.repeat):
                index = ClusterIndex(Path(folder) / f"clusters-{repeat}.sqlite", params)
                ms, clusters = assign_all(index, batch)
                index.close()
                times["sqlite"].append(ms)
                made["sqlite"].add(clusters)
                client = redis.Redis.from_url(server.url)
                client.flushall()
                client.config_resetstat()
                index = RedisClusterIndex.from_url(server.url, params=params)
                ms, clusters = assign_all(index, batch)
                index.close()
                times["redis"].append(ms)
                made["redis"].add(clusters)
            total, calls = commands(server)  # of the last repeat
        finally:
            server.stop()
    print(f"{len(batch)} articles ({args.stories} stories and their copies), {args.repeat} "
          "repeats")
    for name, values in times.items():
        print(f"{name:7} {statistics.median(values):6.3f} ms per assignment "
              f"({' '.join(f'{v:.3f}' for v in values)}); clusters {sorted(made[name])}")
    ratio = statistics.median(times["redis"]) / statistics.median(times["sqlite"])
    print(f"redis / sqlite: {ratio:.2f}x the time per assignment")
    print(f"commands Redis ran per assignment (its scripts' included): "
          f"{total / len(batch):.1f}; most: " + ", ".join(
              f"{name} {count / len(batch):.1f}"
              for name, count in sorted(calls.items(), key=lambda kv: -kv[1])[:6]))
    if made["sqlite"] != made["redis"]:
        print("THE TWO INDEXES MADE DIFFERENT CLUSTERS")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
