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

SHINGLE = 4
# Bits two simhashes of the same report may differ by: measured on reports with a few lines of
# furniture left or removed (typically 0-6 bits), while unrelated reports differ by ~32.
NEAR_DUPLICATE_BITS = 10
_MASK = (1 << 64) - 1


def normalised_for_identity(text: str) -> str:
    """The text reduced to what identifies it: NFKC, no whitespace, no punctuation or symbols."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        char for char in text if not char.isspace() and unicodedata.category(char)[0] not in "PZSC"
    )


def document_id(text: str) -> str:
    """``d_`` + 16 hex digits of the SHA-256 of the normalised text."""
    digest = hashlib.sha256(normalised_for_identity(text).encode("utf-8")).hexdigest()
    return f"d_{digest[:16]}"


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprint(text: str) -> int:
    """64-bit simhash of the character shingles of the normalised text (0 for empty text)."""
    chars = normalised_for_identity(text)
    if not chars:
        return 0
    if len(chars) < SHINGLE:
        shingles = Counter([chars])
    else:
        shingles = Counter(chars[i : i + SHINGLE] for i in range(len(chars) - SHINGLE + 1))
    totals = [0] * 64
    for shingle, count in shingles.items():
        value = _hash64(shingle)
        for bit in range(64):
            totals[bit] += count if value >> bit & 1 else -count
    result = 0
    for bit, total in enumerate(totals):
        if total > 0:
            result |= 1 << bit
    return result & _MASK


def hamming_distance(a: int, b: int) -> int:
    return bin((a ^ b) & _MASK).count("1")


def is_near_duplicate(a: int, b: int) -> bool:
    """True when two fingerprints come from the same report (differing furniture only)."""
    return hamming_distance(a, b) <= NEAR_DUPLICATE_BITS
