"""A large read-only ``str -> float`` table without a Python object per entry.

jieba's IDF table (350,000 words) as a dict held ~46 MB of each process's heap: a key string and a float object
per word. Packed as one string of the sorted words, their end offsets and their values (``array``), it is ~6 MB.
It also stays shared after a fork: a dict look-up writes the reference count of the value it returns, so every
worker forked from the process that read the table copied the pages of the floats it looked up.

A look-up is a binary search over the packed words (~20 slices, a few microseconds): fine behind a cache of
the common tokens (``transforms.keywords._term_idf``), not for a hot loop without one.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate


class PackedTable:
    """``words[i]`` has ``values[i]``; a word given twice keeps its last value (as a dict would)."""

    __slots__ = ("_ends", "_text", "_values")

    def __init__(self, words: Iterable[str], values: Iterable[float]) -> None:
        table = dict(zip(words, values, strict=True))
        ordered = sorted(table)
        self._text = "".join(ordered)
        self._ends = array("Q", list(accumulate(map(len, ordered))))
        self._values = array("d", [table[word] for word in ordered])

    def __len__(self) -> int:
        return len(self._ends)

    def _word(self, index: int) -> str:
        return self._text[self._ends[index - 1] if index else 0 : self._ends[index]]

    def get(self, word: str, default: float) -> float:
        """The value of ``word``, or ``default`` when the table does not hold it."""
        index = bisect_left(range(len(self._ends)), word, key=self._word)
        if index < len(self._ends) and self._word(index) == word:
            return self._values[index]
        return default

    def items(self) -> Iterator[tuple[str, float]]:
        """Every ``(word, value)``, in word order."""
        return ((self._word(index), value) for index, value in enumerate(self._values))

    def median(self) -> float:
        """The value in the middle of the sorted values (the upper one of an even count)."""
        return sorted(self._values)[len(self._values) // 2]
