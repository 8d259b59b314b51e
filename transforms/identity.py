"""When two inputs are one report, and when they are two reports that look alike.

WAREHOUSE.md: two inputs are one document only when they are the same report: identical cleaned
text (the same ``doc_id``), or the same report republished with other page furniture (same
organisation, same years, same figures). Every other near-copy (another street's name on the same
text, the same template with other figures) is a document of its own, linked as a near-duplicate.

Similarity is the Jaccard of the texts' character shingles, estimated by MinHash (``datasketch``'s values);
candidates come from locality-sensitive hashing over bands of the signature (``band_index.py``), so
checking a document against a corpus costs about the same whatever the corpus size, instead of one
comparison per loaded document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import numpy as np

from transforms.band_index import BandIndex
from transforms.dedup import digests_of, normalised_for_identity, shingles_of

# 64 permutations: the estimate's standard error is ~0.06 at J = 0.5 (~0.04 at 0.8), enough to link
# near-copies and to confirm republications, whose other evidence (org, years, figures) is exact.
NUM_PERM = 64
SCHEME = "affine32"  # datasketch's default since 2.0, named so stored signatures stay readable
# Linked in near_duplicates from here: a copied report under another name or with new figures keeps
# most shingles (measured 0.55-0.9), while unrelated reports of one district sharing boilerplate
# paragraphs stay below ~0.45.
NEAR_DUPLICATE_SIMILARITY = 0.5
# A republication (same org, years and figures) must also read alike: furniture left or removed
# moves the estimate by a few hundredths, a different report with coincidentally equal facts far more.
REPUBLISHED_SIMILARITY = 0.7

_Fact = TypeVar("_Fact", str | None, int | None)


@dataclass(frozen=True, slots=True)
class Identity:
    """What identity decisions need to know about one document (no text)."""

    doc_id: str
    org_name: str | None
    district: str | None
    review_year: int | None
    plan_year: int | None
    figures_key: str
    signature: bytes  # NUM_PERM uint32 MinHash values


@dataclass(frozen=True)
class NearCopy:
    other_doc_id: str
    similarity: float
    same_org: bool


@dataclass(frozen=True)
class Resolution:
    """``relation``: ``first`` (a new document), ``same_text`` or ``republished`` (joins ``doc_id``)."""

    relation: str
    doc_id: str
    near: list[NearCopy] = field(default_factory=list)


def text_signature(text: str) -> bytes:
    """MinHash of the character shingles of the text as identity normalises it.

    The value of ``datasketch.MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)`` updated with the
    UTF-8 shingles (signatures are stored: it must never change), computed without building one: its
    permutations are drawn once per process, and the permutation and minimum run over all shingles at
    once (``_affine32_minhash``).
    """
    shingles = shingles_of(normalised_for_identity(text))
    return _affine32_minhash(_sha1_hash32(shingles.encoded)).tobytes()


_SHA1 = hashlib.sha1()  # never updated: only copied


def _sha1_hash32(encoded: list[bytes]) -> np.ndarray:
    """``datasketch.hashfunc.sha1_hash32`` of every value: the first 4 bytes of its SHA-1, little-endian."""
    first4 = np.frombuffer(b"".join(digests_of(_SHA1, encoded)), dtype=np.uint8).reshape(-1, 20)[:, :4]
    return np.ascontiguousarray(first4).view("<u4").ravel().astype(np.uint32)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of MinHash's NUM_PERM affine32 permutations for seed 1, drawn as datasketch draws them
    (``MinHash._init_permutations``: ``RandomState(seed)``, odd 31-bit ``a``, then 32-bit ``b``). Not
    imported from it: datasketch imports scipy (~0.3 s in every worker). Pinned by the tests against it."""
    draw = np.random.RandomState(1)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


# MurmurHash3's 32-bit finalizer, which the affine32 scheme applies to every input hash first.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _affine32_minhash(hashes: np.ndarray) -> np.ndarray:
    """The NUM_PERM uint32 minima of ``a * fmix32(h) + b`` (mod 2^32) over the input hashes, as
    datasketch's ``MinHash.update_batch`` computes them for the affine32 scheme (empty: all 2^32 - 1)."""
    if not len(hashes):
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    h = hashes.reshape(-1, 1)
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    h = h ^ (h >> s3)
    a, b = _permutations()
    return (h * a + b).min(axis=0)  # uint32 arithmetic wraps: the modulo 2^32 of the scheme


def figures_key(metrics: Iterable[tuple[float, str]]) -> str:
    """A digest of the multiset of (value, unit) a report states: equal only when every figure is."""
    figures = sorted(f"{round(value, 6)!r}{unit}" for value, unit in metrics)
    return hashlib.sha256("\n".join(figures).encode("utf-8")).hexdigest()[:16]


def similarity(a: Identity, b: Identity) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    return float(similarities(a.signature, np.frombuffer(b.signature, np.uint32).reshape(1, NUM_PERM))[0])


def similarities(signature: bytes, others: np.ndarray) -> np.ndarray:
    """The estimated Jaccard similarity of one text with each of ``others`` (an ``(n, NUM_PERM)`` array of
    signatures), in one array operation: a document meets ~17 LSH candidates on average, one call each
    was 2.4 s of the main process's CPU over 20,000 reports."""
    return np.count_nonzero(others == np.frombuffer(signature, np.uint32), axis=1) / NUM_PERM


def same_org(a: Identity, b: Identity) -> bool:
    """Both name one organisation (a masked or unknown name is never the same as anything)."""
    return bool(a.org_name) and a.org_name == b.org_name and (a.district or b.district) == (b.district or a.district)


def is_republished(a: Identity, b: Identity, sim: float) -> bool:
    """The same report with other furniture: same org, same years, same figures, and it reads alike."""
    return (
        same_org(a, b)
        and (a.review_year, a.plan_year) == (b.review_year, b.plan_year)
        and a.figures_key == b.figures_key
        and sim >= REPUBLISHED_SIMILARITY
    )


class IdentityIndex:
    """The documents seen so far (warehouse and run), searchable for look-alikes in sub-linear time.

    Held as columns, not as one ``Identity`` each: the signatures in one ``uint32`` array, each name and
    year one object for all the documents that have it, the bands in a ``BandIndex``. With the run's
    first sources (``flows/settle.py``) ~0.9 KB a document, where ``Identity`` objects and a dict of
    bands held ~2.1 KB (``tracemalloc``, a 20,500-report warehouse): what the main process keeps per
    document of a national corpus.
    """

    def __init__(self) -> None:
        self._bands = BandIndex()
        self._row_of: dict[str, int] = {}
        self._doc_ids: list[str] = []
        self._facts: list[tuple[str | None, str | None, int | None, int | None, str]] = []
        self._shared: dict[object, Any] = {}
        self._signatures = np.empty((0, NUM_PERM), np.uint32)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._row_of

    def __len__(self) -> int:
        return len(self._row_of)

    def add(self, identity: Identity) -> None:
        if identity.doc_id not in self._row_of:
            row = self._append(identity)
            self._signatures[row] = np.frombuffer(identity.signature, np.uint32)
            self._bands.insert(row, identity.signature)

    def add_many(self, identities: list[Identity]) -> None:
        """Many documents at once (the warehouse's, as a run starts): their bands merged in one pass."""
        new = list({i.doc_id: i for i in identities if i.doc_id not in self._row_of}.values())
        rows = np.array([self._append(identity) for identity in new], np.int32)
        if len(new):
            self._signatures[rows] = np.frombuffer(b"".join(i.signature for i in new), np.uint32).reshape(-1, NUM_PERM)
            self._bands.insert_many(rows, self._signatures[rows])

    def remove(self, doc_id: str) -> None:
        row = self._row_of.pop(doc_id, None)
        if row is not None:
            self._bands.remove(row)

    def identity(self, row: int) -> Identity:
        return Identity(self._doc_ids[row], *self._facts[row], self._signatures[row].tobytes())

    def look_alikes(self, identity: Identity) -> list[tuple[Identity, float]]:
        """Known documents at least NEAR_DUPLICATE_SIMILARITY alike, most similar first."""
        rows = [r for r in self._bands.candidates(identity.signature) if self._doc_ids[r] != identity.doc_id]
        if not rows:
            return []
        sims = similarities(identity.signature, self._signatures[rows])
        found = [
            (self.identity(r), float(s)) for r, s in zip(rows, sims, strict=True) if s >= NEAR_DUPLICATE_SIMILARITY
        ]
        return sorted(found, key=lambda pair: (-pair[1], pair[0].doc_id))

    def resolve(self, identity: Identity) -> Resolution:
        """Whether the document is new, a copy of a known one, or new with look-alikes to link."""
        if identity.doc_id in self._row_of:
            return Resolution("same_text", identity.doc_id)
        alikes = self.look_alikes(identity)
        for other, sim in alikes:
            if is_republished(identity, other, sim):
                return Resolution("republished", other.doc_id)
        near = [NearCopy(other.doc_id, round(sim, 4), same_org(identity, other)) for other, sim in alikes]
        return Resolution("first", identity.doc_id, near)

    def _append(self, identity: Identity) -> int:
        """A new row with the document's facts; the signatures' array grown to hold it (not filled)."""
        row = len(self._doc_ids)
        self._row_of[identity.doc_id] = row
        self._doc_ids.append(identity.doc_id)
        one = self._one_of
        i = identity
        self._facts.append((one(i.org_name), one(i.district), one(i.review_year), one(i.plan_year), i.figures_key))
        if row >= len(self._signatures):  # by a quarter: a bigger step would hold more memory unused
            grown = np.empty((max(1024, row + row // 4), NUM_PERM), np.uint32)
            grown[: len(self._signatures)] = self._signatures
            self._signatures = grown
        return row

    def _one_of(self, value: _Fact) -> _Fact:
        """One object for a value many documents have (a name, a year), not one per document."""
        return value if value is None else self._shared.setdefault(value, value)
