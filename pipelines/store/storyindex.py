"""What the two story indexes share: pipelines/store/clusters.py (SQLite, one machine) and
redisclusters.py (Redis, every worker of a deployment).

`StoryIndex` holds their parameters and bounds, says what an index is made with (`meta`: one made
otherwise is set aside and rebuilt), decides from what an index found of an article which cluster
it joins, that cluster's new row and the `Assignment` said of the article (`decide`), and drops
the oldest entries and sweeps the window as articles come (`_tick`). Both indexes take their
answers from here, so they answer alike (tests/test_redis_clusters.py compares them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pipelines.store.minhash import LIBRARY, ClusterParams, similarity
from pipelines.store.urls import url_key

EXPIRE_EVERY = 5_000  # assignments between two sweeps of the window


@dataclass(frozen=True)
class Assignment:
    """What the index says of one article (the row's cluster columns)."""

    cluster_id: str
    similarity: float  # to the cluster's first member
    cluster_size: int  # members so far, this one included
    duplicate_of: str | None  # the earliest other URL with the same exact key
    is_wire_copy: bool


@dataclass(frozen=True)
class Story:
    """A cluster's row: its first member, its size, when a member was last seen, and the first
    agency a member of another site credited (with that member's site)."""

    first_url: str
    first_sig: bytes | None
    size: int
    last_seen: float
    agency: str | None = None
    agency_site: str | None = None


def cluster_name(url: str) -> str:
    """A cluster's id: taken from its first member's URL, so a rebuild gives the same ids."""
    return hashlib.sha1(url_key(url).encode("utf-8")).hexdigest()[:16]


def epoch(when: datetime) -> float:
    """Seconds since the epoch (a naive time is UTC)."""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def scored(sig: bytes, rows: Iterable[tuple[str, str, bytes | None]],
           ) -> list[tuple[str, str, float]]:
    """(url, cluster, similarity to `sig`) of the rows (url, cluster, signature) that have one."""
    return [(url, cluster, similarity(sig, other)) for url, cluster, other in rows
            if other is not None]


class StoryIndex:
    """The base of both story indexes; a subclass sets `format` (its storage: another is a
    rebuild) and provides `expire` and `_drop_oldest`."""

    format = ""

    def __init__(self, params: ClusterParams | None, window_days: float,
                 max_entries: int) -> None:
        self.params = params or ClusterParams()
        self.window = timedelta(days=window_days)
        self.max_entries = max_entries
        self.fresh = False  # True when the index was empty, unreadable or made otherwise
        self.since_sweep = 0

    def meta(self) -> dict[str, str]:
        """What the index's signatures and bands are made with, and its format."""
        bands, rows = self.params.bands
        return {"format": self.format, "library": LIBRARY,
                "num_perm": str(self.params.num_perm),
                "shingle_words": str(self.params.shingle_words), "bands": f"{bands}x{rows}"}

    def decide(self, url: str, *, site: str | None, when: float, sig: bytes | None,
               agency: str | None, own_agency: str | None, forced: str | None,
               earliest: tuple[str, str] | None, prior: str | None,
               candidates: Callable[[bytes], Iterable[tuple[str, str, float]]],
               story: Callable[[str], Story | None]) -> tuple[Assignment, Story]:
        """What the index decides of an article from what it found there: `earliest`, the
        (url, cluster) of the earliest other entry with its exact key; `prior`, the cluster of
        an earlier version of its URL; `candidates(sig)`, the (url, cluster, similarity) of the
        entries sharing an LSH band with it (asked only without an exact copy);
        `story(cluster)`, that cluster's row (asked once the cluster is chosen).

        It joins its exact copy's cluster, else its nearest copy's (the most similar candidate
        reaching the threshold; on a tie, the greatest cluster id), else its earlier version's,
        else a new one named after it (`forced` overrides: a rebuild keeps the written ids).
        `agency` is the agency the page credits, `own_agency` the one the site itself is (its
        own dispatches are no copies). Returns what is said of the article and its cluster's
        new row, for the index to write.
        """
        duplicate_of, joined = earliest or (None, None)
        cluster = forced or joined or self._nearest(sig, candidates) or prior or cluster_name(url)
        credited = agency if agency and agency != own_agency else None
        row = story(cluster)
        if row is None:
            row = Story(url, sig, 1, when, credited, site if credited else None)
        else:
            first_agency, agency_site = row.agency, row.agency_site
            if first_agency is None and credited:
                first_agency, agency_site = credited, site
            row = Story(row.first_url, row.first_sig, row.size + (1 if prior != cluster else 0),
                        max(row.last_seen, when), first_agency, agency_site)
        score = 1.0 if sig is None or row.first_sig is None else similarity(sig, row.first_sig)
        wire = bool(credited) or bool(row.agency and row.agency_site != site)
        return Assignment(cluster, round(score, 4), row.size, duplicate_of, wire), row

    def _nearest(self, sig: bytes | None,
                 candidates: Callable[[bytes], Iterable[tuple[str, str, float]]]) -> str | None:
        if sig is None:
            return None
        best = max(((score, cluster) for _, cluster, score in candidates(sig)), default=None)
        return best[1] if best and best[0] >= self.params.threshold else None

    # -- bounds -------------------------------------------------------------------------------

    def _tick(self, now: float, count: int) -> None:
        """After an assignment (the index now holds `count` entries): the oldest entries go
        beyond max_entries, and the window is swept every EXPIRE_EVERY assignments."""
        self.since_sweep += 1
        if count > self.max_entries:
            self._drop_oldest(count - self.max_entries)
        if self.since_sweep >= EXPIRE_EVERY:
            self.expire(datetime.fromtimestamp(now, UTC))

    def _swept(self, newest: float | None) -> int:
        """`expire` relative to the newest entry's time (`sweep`): the wall clock is not used,
        so a backfill or a machine with a wrong clock forgets nothing it should keep."""
        return self.expire(datetime.fromtimestamp(newest, UTC)) if newest else 0

    def _drop_oldest(self, how_many: int) -> None:
        raise NotImplementedError

    def expire(self, now: datetime) -> int:
        """Forget entries and clusters last seen before `now` minus the window; how many
        entries went."""
        raise NotImplementedError
