"""Document identity: a stable id from the cleaned text, and a simhash for near-duplicates.

``document_id`` hashes the text with whitespace and punctuation removed (after NFKC), so the same
report published by two sites with different spacing, half/full-width punctuation or line breaks
gets the same id. ``fingerprint`` is a 64-bit simhash over character 4-shingles of that same
normalised text; two reports whose fingerprints differ in at most ``NEAR_DUPLICATE_BITS`` bits are
the same report with different page furniture (a leftover line, a reporter credit, a list item).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SHINGLE = 4
# Bits two simhashes of the same report may differ by: measured on reports with a few lines of
# furniture left or removed (typically 0-6 bits), while unrelated reports differ by ~32.
NEAR_DUPLICATE_BITS = 10
_MASK = (1 << 64) - 1


# Every character met so far, mapped to None when identity drops it (whitespace, punctuation, symbols,
# separators, control) and to itself when it keeps it: a character is classified once per process,
# then a text is filtered by one ``str.translate`` instead of a Python test per character (a table
# that maps every character of the text is also what keeps ``translate`` on its fast path).
_IDENTITY_TABLE: dict[int, int | None] = {}
_CLASSIFIED: set[str] = set()


def _drops(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PZSC"


def normalised_for_identity(text: str) -> str:
    """The text reduced to what identifies it: NFKC, no whitespace, no punctuation or symbols."""
    return _normalised(text)


# The document being identified asks for its normalised text three times (doc_id, fingerprint, the
# MinHash signature of ``transforms.identity``): the last two texts are kept, so a document is
# normalised once (two: a compilation's part and its page may alternate). Bounded, so memory stays flat.
@lru_cache(maxsize=2)
def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for char in set(text) - _CLASSIFIED:
        _IDENTITY_TABLE[ord(char)] = None if _drops(char) else ord(char)
        _CLASSIFIED.add(char)
    return text.translate(_IDENTITY_TABLE)


def document_id(text: str, normalised: str | None = None) -> str:
    """``d_`` + 16 hex digits of the SHA-256 of the normalised text (``normalised``: that text, when the
    caller has it already)."""
    chars = normalised_for_identity(text) if normalised is None else normalised
    digest = hashlib.sha256(chars.encode("utf-8")).hexdigest()
    return f"d_{digest[:16]}"


def _shingles(chars: str) -> list[str]:
    """The overlapping SHINGLE-character pieces of a normalised text (the text itself when shorter)."""
    return [chars[i : i + SHINGLE] for i in range(max(1, len(chars) - SHINGLE + 1))]


@dataclass(frozen=True, slots=True)
class Shingles:
    """The distinct shingles of a normalised text, UTF-8 encoded (what every shingle hash reads), in
    order of first occurrence, and how often each occurs."""

    encoded: list[bytes]
    counts: list[int]


# Built once per document for both hashes over its shingles (this module's simhash and the MinHash
# signature of ``transforms.identity``); the last two texts' are kept, like ``_normalised``.
@lru_cache(maxsize=2)
def shingles_of(chars: str) -> Shingles:
    """The distinct shingles of ``chars`` (a normalised text) with their counts."""
    counted = Counter(_shingles(chars))
    return Shingles(list(map(str.encode, counted)), list(counted.values()))  # str.encode: UTF-8


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


_DIGEST_SIZE = 8
_BLAKE2B_64 = hashlib.blake2b(digest_size=_DIGEST_SIZE)  # never updated: only copied


def digests_of(prototype: Any, values: list[bytes]) -> list[bytes]:  # a hashlib hasher
    """The digest of each value by a fresh copy of ``prototype`` (a hashlib object never updated):
    copying a hasher is cheaper than constructing one, above all one with keyword arguments."""
    copy = prototype.copy
    digests = []
    for value in values:
        hasher = copy()
        hasher.update(value)
        digests.append(hasher.digest())
    return digests


def fingerprint(text: str, normalised: str | None = None) -> int:
    """64-bit simhash of the character shingles of the normalised text (0 for empty text).

    Bit b is set when the shingles (with their counts) whose ``_hash64`` has bit b set outnumber those
    whose hash has it clear. Computed column-wise: the 8-byte digests of all shingle occurrences are
    laid end to end, and each bit of each digest byte is counted over that buffer by C-level
    big-integer operations (mask, ``int.bit_count``), rather than 64 Python steps per shingle. Same value
    as the plain per-shingle, per-bit sum. ``normalised``: ``normalised_for_identity(text)``, when the
    caller has it already.
    """
    chars = normalised_for_identity(text) if normalised is None else normalised
    if not chars:
        return 0
    shingles = shingles_of(chars)
    # ``_hash64`` of every shingle occurrence as 8 big-endian bytes, laid end to end
    digests = b"".join(d * n for d, n in zip(digests_of(_BLAKE2B_64, shingles.encoded), shingles.counts))
    total = len(digests) // _DIGEST_SIZE
    # masks[bit]: bit ``bit`` set in every byte of a column
    masks = [int.from_bytes(bytes((1 << bit,)) * total, "big") for bit in range(8)]
    result = 0
    for byte in range(_DIGEST_SIZE):
        # Byte ``byte`` of every digest (big-endian: byte 0 holds bits 63..56 of ``_hash64``).
        column = int.from_bytes(digests[byte::_DIGEST_SIZE], "big")
        shift = (_DIGEST_SIZE - 1 - byte) * 8
        for bit in range(8):
            ones = (column & masks[bit]).bit_count()
            if 2 * ones > total:  # the sum of +count (bit set) and -count (bit clear) is positive
                result |= 1 << (shift + bit)
    return result & _MASK


def hamming_distance(a: int, b: int) -> int:
    return bin((a ^ b) & _MASK).count("1")


def is_near_duplicate(a: int, b: int) -> bool:
    """True when two fingerprints come from the same report (differing furniture only)."""
    return hamming_distance(a, b) <= NEAR_DUPLICATE_BITS


# A simhash match is only a candidate: reports that share a few paragraphs (a sub-district's
# boilerplate, a template two sub-districts fill in) can land within NEAR_DUPLICATE_BITS. They are
# the same report only when their shingle sets also overlap this much (measured: the same report
# with other furniture or one paragraph less >= 0.85; random reports sharing 4-7 of 11 paragraphs,
# which simhash alone called duplicates, 0.3-0.6).
SAME_REPORT_JACCARD = 0.8


def shingle_set(text: str) -> frozenset[str]:
    """The character shingles of the normalised text."""
    return frozenset(_shingles(normalised_for_identity(text)))


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' shingle sets (1.0 for the same normalised text)."""
    sa, sb = shingle_set(a), shingle_set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def is_same_report(a_text: str, a_fp: int, b_text: str, b_fp: int) -> bool:
    """Near-duplicate fingerprints confirmed by the texts themselves."""
    return is_near_duplicate(a_fp, b_fp) and text_similarity(a_text, b_text) >= SAME_REPORT_JACCARD
