"""Near-duplicate detection for syndicated copies: MinHash over word shingles, with LSH.

Two texts are near-duplicates when they share most of their word 4-grams ("shingles"):
a wire story re-published with a new headline, an added or trimmed paragraph, or other
page furniture around it. Each text is reduced to a MinHash signature of ``rows * bands``
values, whose agreement rate estimates the Jaccard similarity of the shingle sets.
Locality-sensitive hashing (the signature cut into ``bands`` bands of ``rows`` values,
each band a bucket key) finds candidates without comparing against every earlier text;
the candidates are then checked on their full signatures.

A copy is accepted when the estimated Jaccard similarity reaches ``jaccard``, or when
the shorter text is nearly all contained in the longer (estimated containment reaches
``containment``), which is what a trimmed copy looks like. Texts with fewer than
``min_shingles`` shingles are too short to judge and are never matched.

Everything is deterministic: shingles are hashed with BLAKE2b, and the permutations come
from a fixed seed.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"\w+")
_PRIME = (1 << 61) - 1  # Mersenne prime modulus of the permutations
_MASK32 = (1 << 32) - 1

Signature = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class NearDupConfig:
    shingle: int = 4  # words per shingle
    bands: int = 42
    rows: int = 3  # 42 x 3: candidates found with p >= 0.94 from Jaccard 0.4 up
    jaccard: float = 0.5
    containment: float = 0.8
    min_shingles: int = 16
    seed: int = 20140310


def shingles(text: str, size: int) -> set[str]:
    """Case-folded word ``size``-grams of ``text``; the whole text if it is shorter."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _hash32(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=4).digest(), "little")


@lru_cache(maxsize=8)
def _permutations(seed: int, count: int) -> tuple[Signature, Signature]:
    """The ``a`` and ``b`` of ``count`` hash permutations ``(a * x + b) mod p``; read-only,
    shared by every index with the same configuration."""
    rng = random.Random(seed)
    # x < 2**32 and a, b < 2**29: the product stays below 2**61, so uint64 arithmetic
    # never wraps before the modulus.
    a = np.array([rng.randrange(1, 1 << 29) for _ in range(count)], dtype=np.uint64)
    b = np.array([rng.randrange(0, 1 << 29) for _ in range(count)], dtype=np.uint64)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


@lru_cache(maxsize=2048)
def _signature(text: str, config: NearDupConfig) -> tuple[Signature, int]:
    """The MinHash signature of ``text`` and its number of shingles (read-only, cached:
    the pipeline compares each new article with the same recent articles of its story)."""
    a, b = _permutations(config.seed, config.bands * config.rows)
    found = shingles(text, config.shingle)
    if not found:
        signature = np.full(a.shape, _MASK32, dtype=np.uint64)
    else:
        hashes = np.fromiter((_hash32(s) for s in found), dtype=np.uint64, count=len(found))
        values = (a[:, None] * hashes[None, :] + b[:, None]) % np.uint64(_PRIME)
        signature = (values & np.uint64(_MASK32)).min(axis=1)
    signature.setflags(write=False)
    return signature, len(found)


class NearDuplicateIndex:
    """Remembers texts and tells, for each new one, which earlier text it copies."""

    def __init__(self, config: NearDupConfig | None = None) -> None:
        self.config = config or NearDupConfig()
        cfg = self.config
        self._ids: list[str] = []
        self._signatures: list[Signature] = []
        self._sizes: list[int] = []
        self._buckets: list[dict[bytes, list[int]]] = [{} for _ in range(cfg.bands)]

    def __len__(self) -> int:
        return len(self._ids)

    def signature(self, text: str) -> tuple[Signature, int]:
        """The MinHash signature of ``text`` and its number of shingles (read-only)."""
        return _signature(text, self.config)

    def add(self, doc_id: str, text: str) -> str | None:
        """Index ``text`` under ``doc_id``; return the id of the earlier text it copies.

        When several earlier texts match, the one with the highest estimated Jaccard
        similarity wins (then the highest containment, then the earliest). ``None`` when
        there is none, or when the text is too short to judge.
        """
        cfg = self.config
        signature, size = self.signature(text)
        match = self._best_match(signature, size) if size >= cfg.min_shingles else None
        index = len(self._ids)
        self._ids.append(doc_id)
        self._signatures.append(signature)
        self._sizes.append(size)
        if size >= cfg.min_shingles:
            for band, key in enumerate(self._band_keys(signature)):
                self._buckets[band].setdefault(key, []).append(index)
        return match

    def _band_keys(self, signature: Signature) -> list[bytes]:
        rows = self.config.rows
        raw = signature.astype("<u4").tobytes()
        width = 4 * rows
        return [raw[i * width : (i + 1) * width] for i in range(self.config.bands)]

    def _best_match(self, signature: Signature, size: int) -> str | None:
        cfg = self.config
        candidates: set[int] = set()
        for band, key in enumerate(self._band_keys(signature)):
            candidates.update(self._buckets[band].get(key, ()))
        best: tuple[float, float, int] | None = None
        for index in sorted(candidates):
            jaccard = float(np.mean(self._signatures[index] == signature))
            other = self._sizes[index]
            shared = jaccard * (size + other) / (1.0 + jaccard)
            contained = shared / min(size, other)
            if jaccard < cfg.jaccard and contained < cfg.containment:
                continue
            if best is None or (jaccard, contained) > best[:2]:
                best = (jaccard, contained, index)
        return self._ids[best[2]] if best is not None else None
