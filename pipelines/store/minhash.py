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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib.metadata import version

import numpy as np
from rensa import RMinHash

from pipelines import tunables

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
