"""MinHash signatures as stored values, and the LSH bands that find similar ones.

The signatures are datasketch's (`MinHash`, scheme affine32: every value fits 32 bits), stored as
`num_perm` little-endian uint32 (512 bytes for 128 permutations). The bands are datasketch's
`MinHashLSH` ones: the (b, r) it picks for the threshold, band i being values i*r .. (i+1)*r; a
band is kept as one 64-bit hash of (i, its values) so that an on-disk index can look it up.
Two signatures share a band hash exactly when datasketch's index would put them in one bucket
(up to a 64-bit hash collision, which only adds a candidate that the similarity then refuses).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from datasketch import MinHash, MinHashLSH

from pipelines import tunables

SCHEME = "affine32"
SEED = 1


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
        """(b, r): datasketch's MinHashLSH choice for lsh_threshold and num_perm."""
        lsh = MinHashLSH(threshold=self.lsh_threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r

    def new_minhash(self) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME)

    def as_minhash(self, signature: bytes) -> MinHash:
        """The datasketch MinHash a stored signature came from."""
        values = np.frombuffer(signature, dtype="<u4").astype(np.uint64)
        return MinHash(num_perm=self.num_perm, seed=SEED, hashvalues=values, scheme=SCHEME)


def pack(minhash: MinHash) -> bytes:
    """A MinHash's values as stored (uint32 each)."""
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal values (what
    datasketch's MinHash.jaccard computes)."""
    a = np.frombuffer(first, dtype="<u4")
    b = np.frombuffer(second, dtype="<u4")
    if a.shape != b.shape:
        raise ValueError("signatures of different lengths cannot be compared")
    return float(np.count_nonzero(a == b)) / len(a)


def band_hashes(signature: bytes, params: ClusterParams) -> list[int]:
    """One signed 64-bit hash per LSH band of the signature."""
    bands, rows = params.bands
    values = np.frombuffer(signature, dtype="<u4").astype(">u8")  # datasketch hashes big-endian
    out = []
    for band in range(bands):
        chunk = band.to_bytes(2, "big") + values[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out
