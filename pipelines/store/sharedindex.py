"""One story index per file in a process, whatever the number of crawls writing beside it:
the crawls of one `akhbar crawl` share the reactor thread, hence one connection."""

from __future__ import annotations

from pathlib import Path

from pipelines.store.clusters import ClusterIndex
from pipelines.store.minhash import ClusterParams

_shared: dict[str, list] = {}  # resolved path -> [index, users]


def open_shared(path: Path, params: ClusterParams, window_days: float,
                max_entries: int) -> ClusterIndex:
    """The index of this file, opened by the first crawl that asks."""
    name = str(Path(path).resolve())
    if name not in _shared:
        _shared[name] = [ClusterIndex(path, params, window_days=window_days,
                                      max_entries=max_entries), 0]
    _shared[name][1] += 1
    return _shared[name][0]


def release(index: ClusterIndex) -> None:
    """A crawl is done with a shared index: the last one closes it."""
    for name, held in list(_shared.items()):
        if held[0] is index:
            held[1] -= 1
            if held[1] <= 0:
                del _shared[name]
                index.close()
            return
    index.close()
