"""jieba, loaded once per process, quiet, with the project's domain dictionary; and a document's tokens.

``segment(text)`` is the one jieba pass over a document. ``transforms.document.understand`` calls it once
per document and hands the ``Segmentation`` (``Understood.segmentation``) to everything that needs
tokens: the sections' topic words (``transforms.topics``), the keywords' TF-IDF (``transforms.keywords``)
and search terms. Nothing is cached by text: the object is passed, so its lifetime is the document's.

The tokens are always ``jieba().lcut(text)``'s. ``lcut`` computes them with ``rjieba`` (the jieba-rs
binding, same dictionary, same HMM, ~10x faster) on the runs of text where jieba-rs was measured to cut
exactly like jieba (CJK with letters, digits and plain decimals/percentages), and with jieba itself on
the rest, e.g. ``1-10月``, ``4.5A``, where jieba-rs keeps ``1-10`` or ``4.5A`` whole (see
``_rust_cuts_like_jieba``; bench/RESULTS.md has the equality measurements).
"""

from __future__ import annotations

import logging
import marshal
import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO

DATA_DIR = Path(__file__).parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"


@cache
def jieba_module():  # the jieba module, its dictionary not loaded (for patterns, paths)
    import jieba as _jieba

    return _jieba


@cache
def jieba():
    """The jieba module with the user dictionary loaded; call this, never ``import jieba`` directly.

    Worker processes (spawned) call it too, so each loads the dictionary exactly once.
    """
    import jieba as _jieba

    _jieba.setLogLevel(logging.WARNING)
    with _cache_read_whole(_jieba):
        _jieba.initialize()
    if USER_DICT.exists():
        _jieba.load_userdict(str(USER_DICT))
    return _jieba


class _WholeFileMarshal:
    """``marshal`` for jieba's ``initialize``, reading its dictionary's cache file in one piece.

    ``marshal.load`` on a file reads it object by object, a Python call each: jieba's cache (~500,000
    prefixes) took ~0.8 s to read that way and ~0.25 s as ``marshal.loads`` of its bytes, on the critical
    path of every run's start (the workers' fork server loads it). Same values; jieba's own checks of the
    cache, and its rebuilding of a missing or stale one, are unchanged.
    """

    dump = staticmethod(marshal.dump)

    @staticmethod
    def load(file: BinaryIO) -> Any:
        return marshal.loads(file.read())


@contextmanager
def _cache_read_whole(module: Any) -> Iterator[None]:
    """jieba's module reading its cache with ``_WholeFileMarshal`` for the duration."""
    if getattr(module, "marshal", None) is not marshal:  # another jieba than the one measured: leave it be
        yield
        return
    module.marshal = _WholeFileMarshal
    try:
        yield
    finally:
        module.marshal = marshal


class Segmentation:
    """``jieba().lcut(text)`` (HMM on) with the character offsets of every token.

    Kept compact (the text and one array of token end offsets, ~4 bytes a token) because it travels
    with the document between stages and processes; ``tokens`` and ``starts`` are derived on demand.
    Token ``i`` is ``text[starts[i]:ends[i]]``; the tokens concatenate to ``text``.

    The token list and the token counts are kept once computed (the keywords and the search terms of
    a document both read them): they live as long as the document, and are never pickled.
    """

    __slots__ = ("_counts", "_tokens", "ends", "text")

    def __init__(self, text: str, ends: array, tokens: list[str] | None = None) -> None:
        self.text = text
        self.ends = ends  # array('I'): offset just after every token, ascending
        self._tokens = tokens  # the tokens, when known (never handed out: ``tokens`` copies it)
        self._counts: Counter[str] | None = None

    @classmethod
    def of_tokens(cls, text: str, tokens: list[str]) -> Segmentation:
        """The segmentation of ``text`` into ``tokens`` (which must concatenate to it)."""
        return cls(text, array("I", accumulate(map(len, tokens))), list(tokens))

    def __len__(self) -> int:
        return len(self.ends)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segmentation) and self.text == other.text and self.ends == other.ends

    def __repr__(self) -> str:
        return f"Segmentation({len(self.ends)} tokens of {len(self.text)} characters)"

    def __getstate__(self) -> tuple[str, array]:
        return self.text, self.ends

    def __setstate__(self, state: tuple[str, array]) -> None:
        self.text, self.ends = state
        self._tokens = self._counts = None

    @property
    def starts(self) -> array:
        """The offset of every token."""
        starts = array("I", [0])
        starts.extend(self.ends)
        starts.pop()
        return starts

    def _token_list(self) -> list[str]:
        if self._tokens is None:
            text = self.text
            self._tokens = [text[start:end] for start, end in zip(self.starts, self.ends)]
        return self._tokens

    @property
    def tokens(self) -> list[str]:
        """The tokens, in order (a new list at every call)."""
        return list(self._token_list())

    def token_counts(self) -> Counter[str]:
        """How often each token occurs, in order of first occurrence (shared: do not modify)."""
        if self._counts is None:
            self._counts = Counter(self._token_list())
        return self._counts

    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every token."""
        return list(zip(self.starts, self.ends))

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
        return pair != "\r\n" and jieba_module().re_han_default.fullmatch(pair) is None

    def occurrences(self, word: str) -> tuple[list[int], list[int]]:
        """Ascending offsets where ``word`` occurs in the text (overlapping ones included), and those of
        them where it is a whole token."""
        found: list[int] = []
        find = self.text.find
        at = find(word)
        while at >= 0:
            found.append(at)
            at = find(word, at + 1)
        return found, self.token_offsets(found, len(word))

    def token_offsets(self, offsets: list[int], size: int) -> list[int]:
        """Those of the ascending ``offsets`` where a token of ``size`` characters starts."""
        ends = self.ends
        as_token: list[int] = []
        for at in offsets:
            # A token starts at ``at`` when the token before it ends there (or ``at`` is 0); it is
            # ``size`` characters long when it ends ``size`` characters later.
            index = bisect_right(ends, at)  # the token containing ``at``
            starts_here = ends[index - 1] == at if index > 0 else at == 0
            if starts_here and ends[index] == at + size:
                as_token.append(at)
        return as_token


def segment(text: str) -> Segmentation:
    """The document's one jieba pass: ``jieba().lcut(text)`` (HMM on) and the tokens' offsets.

    Not cached: call it once per document and pass the result on.
    """
    return Segmentation.of_tokens(text, lcut(text))


# Characters of a jieba block (``re_han_default``: CJK, letters, digits, ``+#&._%-``) on which jieba-rs
# cuts differently from jieba: it keeps ``1-10``, ``A-23``, ``4.5A``, ``4.54.5`` whole where jieba
# splits them. A block with any of them goes to jieba, unless they only occur in plain numbers
# (``8.5``, ``12%``, ``3.25%``) between non-alphanumeric neighbours, where both cut alike.
_RUST_UNSURE = frozenset("+#&_-.%")
_PLAIN_NUMBER = re.compile(r"(?<![a-zA-Z0-9.%])\d+(?:\.\d+)?%?(?![a-zA-Z0-9.%])")


def _rust_cuts_like_jieba(block: str) -> bool:
    """True when jieba-rs segments this jieba block exactly as jieba does (measured: every block of
    a 3,000-report corpus and of 10,000 random strings mixing dictionary words, rare CJK, numbers,
    letters and symbols; see tests/transforms/test_nlp.py)."""
    if _RUST_UNSURE.isdisjoint(block):
        return True
    return _RUST_UNSURE.isdisjoint(_PLAIN_NUMBER.sub("", block))


def _user_words() -> list[tuple[str, int | None, str | None]]:
    """The user dictionary's entries as jieba's ``load_userdict`` reads them: word [freq] [tag]."""
    entries = []
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(.+?)( [0-9]+)?( [a-z]+)?$", line.strip())
        if match and not line.startswith("#"):
            word, freq, tag = match.groups()
            entries.append((word, int(freq) if freq else None, tag.strip() if tag else None))
    return entries


@cache
def _rust():  # an rjieba.Jieba, or None
    """jieba-rs with jieba's dictionary plus the project's user dictionary; None without rjieba."""
    try:
        import rjieba
    except ImportError:
        return None
    segmenter = rjieba.Jieba()
    for word, freq, tag in _user_words():
        segmenter.add_word(word, freq, tag)
    return segmenter


def warm() -> None:
    """Load the dictionaries ``segment`` uses (jieba-rs's and jieba's), e.g. once in a worker process
    before its first document."""
    _rust()
    jieba()


def lcut(text: str) -> list[str]:
    """``jieba().lcut(text)`` (accurate mode, HMM on), with jieba-rs where it cuts the same."""
    rust = _rust()
    if rust is None:
        return jieba().lcut(text)
    module = jieba_module()
    han, skip = module.re_han_default, module.re_skip_default
    cut = rust.cut
    tokens: list[str] = []
    # jieba.Tokenizer.cut: blocks of CJK/alphanumerics are segmented; in between, every character is
    # a token (a \r\n pair one token). Both patterns split on a capturing group: the pieces at odd
    # indexes are the matches (never empty), those at even indexes what lies between them, so
    # ``re.match`` on every piece is not needed. jieba-rs splits its input the same way (its blocks
    # also take rare CJK: ``_MAY_JOIN_BLOCKS``), so consecutive blocks it cuts like jieba, with none of
    # those between them, go to it in one call: one call a paragraph, not one a clause.
    blocks = han.split(text)
    run: list[str] = []  # blocks and what lies between them, for one jieba-rs call
    for index in range(1, len(blocks), 2):
        between, block = blocks[index - 1], blocks[index]
        rust_cuts = _rust_cuts_like_jieba(block)
        if run and rust_cuts and _MAY_JOIN_BLOCKS.search(between) is None:
            run += (between, block)
            continue
        if run:
            tokens += cut("".join(run), True)
            run = []
        if between:
            _add_between(tokens, between, skip)
        if rust_cuts:
            run = [block]
        else:
            tokens += jieba().lcut(block)
    if run:
        tokens += cut("".join(run), True)
    if blocks[-1]:
        _add_between(tokens, blocks[-1], skip)
    return tokens


# A character jieba-rs may take into a block where jieba does not: a word character (rare CJK), or any
# code point of the CJK blocks jieba-rs takes whole, assigned or not (measured over every code point).
_MAY_JOIN_BLOCKS = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def _add_between(tokens: list[str], between: str, skip: re.Pattern[str]) -> None:
    """The tokens jieba makes of text between two blocks: one a character, a ``\\r\\n`` pair one token."""
    if "\r\n" not in between:  # jieba's whitespace pieces are then single characters too
        tokens.extend(between)
        return
    for index, piece in enumerate(skip.split(between)):
        if index % 2:
            tokens.append(piece)
        else:
            tokens.extend(piece)
