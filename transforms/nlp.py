"""jieba, loaded once per process, quiet, with the project's domain dictionary.

``segment(text)`` is the one jieba pass over a document: sections (topic words of every section),
keywords (TF-IDF) and anything else that needs the tokens of the same cleaned text share it through a
small cache keyed by the text, instead of segmenting the text (and its nested section bodies) again.
"""
from __future__ import annotations

import logging
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

    def __init__(self, text: str, tokens: tuple[str, ...]) -> None:
        self.text = text
        self.tokens = tokens
        self.starts: tuple[int, ...] = tuple(accumulate(map(len, tokens), initial=0))[:-1]

    @cached_property
    def _token_at(self) -> dict[int, str]:
        return dict(zip(self.starts, self.tokens))

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

    def token_starts(self, word: str) -> list[int]:
        """Ascending offsets where ``word`` is a whole token."""
        token_at = self._token_at
        found = []
        find = self.text.find
        at = find(word)
        while at >= 0:
            if token_at.get(at) == word:
                found.append(at)
            at = find(word, at + 1)
        return found


@lru_cache(maxsize=_SEGMENT_CACHE)
def segment(text: str) -> Segmentation:
    """The tokens of ``text`` (``jieba().lcut(text)``, HMM on) and their offsets, cached by text.

    The cache assumes the dictionary does not change after ``jieba()`` loaded it (the project never
    adds words at run time).
    """
    return Segmentation(text, tuple(jieba().lcut(text)))
