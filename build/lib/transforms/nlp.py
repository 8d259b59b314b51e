"""jieba, loaded once per process, quiet, with the project's domain dictionary.

``segment(text)`` is the one jieba pass over a document: sections (topic words of every section),
keywords (TF-IDF) and anything else that needs the tokens of the same cleaned text share it through a
small cache keyed by the text, instead of segmenting the text (and its nested section bodies) again.
"""
from __future__ import annotations

import logging
from bisect import bisect_left
from functools import cache, cached_property, lru_cache
from itertools import accumulate
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"
# Documents whose segmentation is kept: the flow handles one document at a time (sections, then
# keywords of the same text), so a few entries are plenty.
_SEGMENT_CACHE = 8


@cache
def jieba():  # noqa: ANN201 - the jieba module itself
    """The jieba module with the user dictionary loaded; call this, never ``import jieba`` directly.

    Worker processes (spawned) call it too, so each loads the dictionary exactly once.
    """
    import jieba as _jieba

    _jieba.setLogLevel(logging.WARNING)
    _jieba.initialize()
    if USER_DICT.exists():
        _jieba.load_userdict(str(USER_DICT))
    return _jieba


class Segmentation:
    """``jieba.lcut(text)`` with the offset of every token (the tokens concatenate to ``text``)."""

    def __init__(self, text: str, tokens: list[str]) -> None:
        self.text = text
        self.tokens = tokens  # treat as read-only: shared by every user of the cache

    @cached_property
    def starts(self) -> list[int]:
        """The offset of every token."""
        return list(accumulate(map(len, self.tokens), initial=0))[:-1]

    def is_block_boundary(self, offset: int) -> bool:
        """True when jieba cannot segment across ``offset``, so that ``lcut(text[a:b])`` for two such
        offsets is exactly the tokens of the whole text between them.

        jieba splits its input into runs of CJK/alphanumeric characters and segments each run on its
        own; everything else comes out one character at a time (except a ``\\r\\n`` pair). An offset
        that falls neither inside such a run nor between ``\\r`` and ``\\n`` is a boundary of every
        segmentation of every slice.
        """
        if offset <= 0 or offset >= len(self.text):
            return True
        pair = self.text[offset - 1 : offset + 1]
        return pair != "\r\n" and jieba().re_han_default.fullmatch(pair) is None

    def occurrences(self, word: str) -> tuple[list[int], list[int]]:
        """Ascending offsets where ``word`` occurs in the text (overlapping ones included), and those of
        them where it is a whole token."""
        starts, tokens = self.starts, self.tokens
        found: list[int] = []
        as_token: list[int] = []
        find = self.text.find
        at = find(word)
        while at >= 0:
            found.append(at)
            index = bisect_left(starts, at)
            if index < len(starts) and starts[index] == at and tokens[index] == word:
                as_token.append(at)
            at = find(word, at + 1)
        return found, as_token


@lru_cache(maxsize=_SEGMENT_CACHE)
def segment(text: str) -> Segmentation:
    """The tokens of ``text`` (``jieba().lcut(text)``, HMM on) and their offsets, cached by text.

    The cache assumes the dictionary does not change after ``jieba()`` loaded it (the project never
    adds words at run time).
    """
    return Segmentation(text, jieba().lcut(text))
