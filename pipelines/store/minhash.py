"""MinHash signatures as stored values, and the LSH bands that find similar ones.

The signatures are rensa's (`RMinHash`, Rust: 5 us a body where datasketch's MinHash took
470 us, and a 9 MB import where datasketch's, which loads scipy, takes 80 MB in every worker),
stored as `num_perm` little-endian uint32 (512 bytes for 128 permutations). The bands are those
of datasketch's `MinHashLSH`: the (b, r) that minimises the false positive and false negative
probabilities for the threshold (the same computation, without scipy; a test compares them),
band i being values i*r .. (i+1)*r; a band is kept as one 64-bit hash of (i, its values) so that
an on-disk index can look it up. Two signatures share a band hash exactly when datasketch's index
would put them in one bucket (up to a 64-bit hash collision, which only adds a candidate that
the similarity then refuses).

Below them, what a story index (pipelines/store/clusters.py, in SQLite, and redisclusters.py, in
Redis) decides of an article from what it finds: which cluster it joins, that cluster's new row
and the `Assignment` said of the article; both indexes call these, so they answer alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, cached_property, lru_cache
from importlib.metadata import version

import numpy as np
from rensa import RMinHash

from pipelines import tunables
from pipelines.store.urls import url_key

SEED = 1
LIBRARY = f"rensa {version('rensa')}"  # signatures of another library or version: a rebuild
STEPS = 200  # of the numerical integration that chooses the bands


@dataclass(frozen=True)
class ClusterParams:
    """What makes two signatures comparable (shingle_words, num_perm), when they are one story
    (threshold) and from which similarity the LSH bands look for pairs (lsh_threshold: lower,
    so that a pair just above the threshold is rarely missed; the similarity then decides);
    bodies under min_words get no signature."""

    shingle_words: int = tunables.CLUSTER_SHINGLE_WORDS
    num_perm: int = tunables.CLUSTER_NUM_PERM
    threshold: float = tunables.CLUSTER_THRESHOLD
    lsh_threshold: float = tunables.CLUSTER_LSH_THRESHOLD
    min_words: int = tunables.CLUSTER_MIN_WORDS

    def __post_init__(self) -> None:
        if (self.shingle_words < 1 or self.num_perm < 16 or not 0 < self.threshold < 1
                or not 0 < self.lsh_threshold <= self.threshold):
            raise ValueError(
                "CLUSTER_* settings: need shingle_words >= 1, num_perm >= 16 and "
                f"0 < lsh_threshold <= threshold < 1, not {self}")

    @cached_property
    def bands(self) -> tuple[int, int]:
        """(b, r): what datasketch's MinHashLSH picks for lsh_threshold and num_perm."""
        return optimal_bands(self.lsh_threshold, self.num_perm)

    def sign(self, tokens: Iterable[bytes]) -> bytes:
        """The signature of a set of tokens, as stored."""
        minhash = RMinHash(self.num_perm, SEED)
        minhash.update(list(tokens))
        return np.asarray(minhash.digest(), dtype="<u4").tobytes()


def _integral(curve: np.ndarray, start: float, end: float) -> float:
    return float(np.trapezoid(curve, dx=(end - start) / (len(curve) - 1)))


@cache
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (b, r) with b * r <= num_perm that minimises the area of false positives below the
    threshold plus that of false negatives above it (equal weights), as datasketch does."""
    below = np.linspace(0.0, threshold, STEPS)
    above = np.linspace(threshold, 1.0, STEPS)
    best, chosen = float("inf"), (1, 1)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            error = (_integral(1 - (1 - below ** r) ** b, 0.0, threshold)
                     + _integral((1 - above ** r) ** b, threshold, 1.0))
            if error < best:
                best, chosen = error, (b, r)
    return chosen


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal values (what
    rensa's RMinHash.jaccard computes)."""
    a = np.frombuffer(first, dtype="<u4")
    b = np.frombuffer(second, dtype="<u4")
    if a.shape != b.shape:
        raise ValueError("signatures of different lengths cannot be compared")
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=64)
def band_hashes(signature: bytes, params: ClusterParams) -> tuple[int, ...]:
    """One signed 64-bit hash per LSH band of the signature (cached: an assignment asks for the
    bands of one signature twice, to look for candidates and to index it)."""
    bands, rows = params.bands
    # datasketch hashes each band's values as big-endian 64-bit integers
    values = np.frombuffer(signature, dtype="<u4").astype(">u8").tobytes()
    width = rows * 8
    return tuple(
        int.from_bytes(hashlib.blake2b(band.to_bytes(2, "big")
                                       + values[band * width:(band + 1) * width],
                                       digest_size=8).digest(), "big", signed=True)
        for band in range(bands))


# -- what a story index decides -----------------------------------------------------------


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


def index_meta(params: ClusterParams) -> dict[str, str]:
    """What an index's signatures and bands are made with: an index made otherwise is set aside
    and rebuilt."""
    bands, rows = params.bands
    return {"library": LIBRARY, "num_perm": str(params.num_perm),
            "shingle_words": str(params.shingle_words), "bands": f"{bands}x{rows}"}


def credited_agency(agency: str | None, own_agency: str | None) -> str | None:
    """The agency a page credits, unless it is the site's own (its dispatches are no copies)."""
    return agency if agency and agency != own_agency else None


def best_match(candidates: Iterable[tuple[str, str, float]], threshold: float) -> str | None:
    """The cluster of the most similar candidate (url, cluster, similarity) reaching the
    threshold (on a tie, the greatest cluster id)."""
    best = max(((score, cluster) for _, cluster, score in candidates), default=None)
    return best[1] if best and best[0] >= threshold else None


def choose_cluster(url: str, exact: str | None, near: Callable[[], str | None],
                   prior: str | None) -> str:
    """The cluster an article joins: that of its exact copy, else of its nearest copy, else its
    earlier version's, else a new one named after it."""
    return exact or near() or prior or cluster_name(url)


def grown(story: Story | None, *, url: str, sig: bytes | None, when: float,
          credited: str | None, site: str | None, grows: bool) -> Story:
    """A cluster's row once the article joined it (`story` None: the article starts it;
    `grows` False: an earlier version of the article was already counted)."""
    if story is None:
        return Story(url, sig, 1, when, credited, site if credited else None)
    agency, agency_site = story.agency, story.agency_site
    if agency is None and credited:
        agency, agency_site = credited, site
    return Story(story.first_url, story.first_sig, story.size + (1 if grows else 0),
                 max(story.last_seen, when), agency, agency_site)


def assignment(cluster: str, story: Story, *, sig: bytes | None, site: str | None,
               credited: str | None, duplicate_of: str | None) -> Assignment:
    """What the index says of an article that joined `cluster`, now `story`."""
    score = 1.0 if sig is None or story.first_sig is None else similarity(sig, story.first_sig)
    wire = bool(credited) or bool(story.agency and story.agency_site != site)
    return Assignment(cluster, round(score, 4), story.size, duplicate_of, wire)
