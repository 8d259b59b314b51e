"""The LSH band index: candidates are exactly the documents sharing a band, before and after merges."""

import numpy as np

from transforms import band_index
from transforms.band_index import BANDS, ROWS, BandIndex
from transforms.identity import NUM_PERM


def signature_with(band_values: dict[int, int], seed: int) -> bytes:
    """A signature of values unique to ``seed``, with the given bands set to one shared value each."""
    values = np.arange(NUM_PERM, dtype=np.uint32) + np.uint32(1_000 * seed)
    for band, value in band_values.items():
        values[band * ROWS : (band + 1) * ROWS] = value
    return values.tobytes()


def sharing_a_band(signatures: dict[int, bytes], signature: bytes) -> set[int]:
    """The reference: rows whose signature equals this one on all ROWS values of some band."""
    mine = np.frombuffer(signature, np.uint32)[: BANDS * ROWS].reshape(BANDS, ROWS)
    return {
        row
        for row, other in signatures.items()
        if (np.frombuffer(other, np.uint32)[: BANDS * ROWS].reshape(BANDS, ROWS) == mine).all(axis=1).any()
    }


def test_documents_agreeing_on_one_band_are_candidates_and_stop_being_once_removed():
    bands = BandIndex()
    a, b, c = signature_with({3: 1}, 1), signature_with({3: 1, 5: 2}, 2), signature_with({9: 3}, 3)
    for row, signature in enumerate((a, b, c)):
        bands.insert(row, signature)
    assert bands.candidates(a) == {0, 1}
    assert bands.candidates(c) == {2}
    bands.remove(1)
    assert bands.candidates(a) == {0}
    bands.remove(0)
    assert bands.candidates(a) == set()
    assert bands.candidates(c) == {2}


def test_the_same_values_in_another_band_are_not_a_match():
    bands = BandIndex()
    bands.insert(0, signature_with({2: 7}, 1))
    assert bands.candidates(signature_with({3: 7}, 2)) == set()


def test_candidates_are_the_same_whether_pending_merged_or_added_at_once(monkeypatch):
    monkeypatch.setattr(band_index, "MERGE_EVERY", 16)
    draw = np.random.default_rng(5)
    signatures = {
        row: signature_with({int(b): int(draw.integers(4)) for b in draw.choice(BANDS, 2, replace=False)}, row + 10)
        for row in range(100)
    }
    one_by_one, at_once = BandIndex(), BandIndex()
    for row, signature in signatures.items():
        one_by_one.insert(row, signature)
    rows = np.arange(100)
    at_once.insert_many(rows, np.frombuffer(b"".join(signatures.values()), np.uint32).reshape(100, NUM_PERM))
    for row in (3, 40, 97):  # two in the arrays, one still pending in one_by_one
        one_by_one.remove(row)
        at_once.remove(row)
        del signatures[row]
    more = {
        row: signature_with({int(draw.integers(BANDS)): int(draw.integers(4))}, row + 10) for row in range(100, 120)
    }
    for row, signature in more.items():  # merges again in both, removed rows taken out of the arrays
        one_by_one.insert(row, signature)
        at_once.insert(row, signature)
    signatures.update(more)
    for signature in signatures.values():
        assert (
            one_by_one.candidates(signature) == at_once.candidates(signature) == sharing_a_band(signatures, signature)
        )
