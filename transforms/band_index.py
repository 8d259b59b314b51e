"""Locality-sensitive hashing of MinHash signatures, held in sorted arrays.

Documents whose signatures agree on all ROWS values of one of BANDS bands are candidates look-alikes.
Each (band, values) pair is one 64-bit key; all keys sit in one sorted ``uint64`` array with their
document's row (``int32``) beside it: 12 bytes a band, ~170 bytes a document. A dict of the bands' bytes,
as this index first was, held ~1.2 KB a document (``tracemalloc`` over a 20,500-report warehouse), the
largest part of what the main process keeps per document on a national corpus.

Keys added one at a time wait in a small dict and are merged into the arrays every MERGE_EVERY documents
(one pass over the arrays, no sort of them), so a lookup is two binary searches and a dict probe.
Two different bands can share a key (a 64-bit hash of 128 bits): that only adds a candidate, which the
caller's similarity test then drops.
"""

from __future__ import annotations

import numpy as np

# BANDS x ROWS signature values (datasketch's optimum for a 0.5 threshold over 64 permutations, false
# positives and negatives weighed alike): two documents at J = 0.5 share a band with probability
# 1 - (1 - 0.5^4)^14 = 0.59, at J = 0.7 with 0.97, at J = 0.3 with 0.11.
BANDS, ROWS = 14, 4
# Documents added one at a time before they are merged into the sorted arrays: the dict that holds
# them meanwhile costs ~100 bytes a band (~6 MB at most), a merge one pass over the arrays.
MERGE_EVERY = 4096

_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it is a bijection of uint64
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """The BANDS keys of each signature (an ``(n, permutations)`` uint32 array): ``(n, BANDS)`` uint64."""
    values = signatures[:, : BANDS * ROWS].reshape(len(signatures), BANDS, ROWS).astype(np.uint64)
    high = (values[:, :, 0] << np.uint64(32)) | values[:, :, 1]
    low = (values[:, :, 2] << np.uint64(32)) | values[:, :, 3]
    return (high ^ (low * _MIX)) ^ _BAND_SALT


class BandIndex:
    """Rows of documents (ints the caller assigns) by the bands of their signatures."""

    def __init__(self) -> None:
        self._keys = np.empty(0, np.uint64)
        self._rows = np.empty(0, np.int32)
        self._pending: dict[int, list[int]] = {}
        self._n_pending = 0
        self._removed: set[int] = set()

    def insert(self, row: int, signature: bytes) -> None:
        for key in band_keys(_as_array(signature))[0].tolist():
            self._pending.setdefault(key, []).append(row)
        self._n_pending += 1
        if self._n_pending >= MERGE_EVERY:
            self._merge()

    def insert_many(self, rows: np.ndarray, signatures: np.ndarray) -> None:
        """Rows and their ``(n, permutations)`` signatures, merged into the arrays at once."""
        self._merge(band_keys(signatures).ravel(), np.repeat(rows.astype(np.int32), BANDS))

    def remove(self, row: int) -> None:
        """Never a candidate again; its keys leave the arrays at the next merge."""
        self._removed.add(row)

    def candidates(self, signature: bytes) -> set[int]:
        keys = band_keys(_as_array(signature))[0]
        lo, hi = np.searchsorted(self._keys, keys, "left"), np.searchsorted(self._keys, keys, "right")
        found = {int(row) for a, b in zip(lo.tolist(), hi.tolist(), strict=True) for row in self._rows[a:b]}
        for key in keys.tolist():
            found.update(self._pending.get(key, ()))
        return found - self._removed

    def _merge(self, keys: np.ndarray | None = None, rows: np.ndarray | None = None) -> None:
        """The pending keys (and any given) into the sorted arrays, removed rows out of them."""
        pending_keys = np.fromiter((k for k, held in self._pending.items() for _ in held), np.uint64)
        pending_rows = np.fromiter((r for held in self._pending.values() for r in held), np.int32)
        if keys is not None and rows is not None:
            pending_keys, pending_rows = np.concatenate([pending_keys, keys]), np.concatenate([pending_rows, rows])
        if self._removed:
            alive = ~np.isin(self._rows, list(self._removed))
            self._keys, self._rows = self._keys[alive], self._rows[alive]
            kept = ~np.isin(pending_rows, list(self._removed))
            pending_keys, pending_rows = pending_keys[kept], pending_rows[kept]
            self._removed.clear()
        order = np.argsort(pending_keys, kind="stable")
        at = np.searchsorted(self._keys, pending_keys[order])
        self._keys = np.insert(self._keys, at, pending_keys[order])
        self._rows = np.insert(self._rows, at, pending_rows[order])
        self._pending, self._n_pending = {}, 0


def _as_array(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, np.uint32).reshape(1, -1)
