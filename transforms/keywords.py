"""Keywords of a document: jieba TF-IDF with the project's domain dictionary and stop words.

The user dictionary (``data/userdict.txt``, loaded by ``transforms.nlp.jieba``) keeps domain terms
such as 老旧小区改造 or 网格化管理 whole; ``data/stopwords.txt`` removes function words and the
verbs every report uses. ``frequency`` is the number of (non-overlapping) occurrences of the term in
the text. Ordering is by weight, then term, so the result is deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, repeat
from operator import is_not, itemgetter, mul, truediv
from pathlib import Path

from transforms.nlp import Segmentation, jieba_module, segment
from transforms.packed_table import PackedTable
from transforms.records import Keyword

_STOPWORDS = Path(__file__).parent / "data" / "stopwords.txt"
# Tokens that are figures, units or approximations left of a figure (2022年, 18.35, 3·5, 余人次)
# are not keywords.
_FIGURE_LIKE = re.compile(r"^[\d.·%\-+/年月日万亿元个余多近约人次户名件场处家项]+$")


@cache
def stopwords() -> frozenset[str]:
    lines = _STOPWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class _Tfidf:
    idf: PackedTable  # jieba's IDF table (shared, read-only)
    median_idf: float  # the IDF of a term not in the table
    stop_words: frozenset[str]  # the project's, which include jieba's TF-IDF stop words


@cache
def _tfidf() -> _Tfidf:
    """What jieba's TF-IDF extractor (``jieba.analyse.TFIDF()``) weighs with, plus our stop words.

    The IDF table is jieba's default one (``jieba/analyse/idf.txt``, which the project never replaces),
    read as ``jieba.analyse``'s ``IDFLoader`` reads it (word, space, idf per line; the median of the
    values for unknown terms). It is read here rather than through ``import jieba.analyse``, which
    would also load jieba's part-of-speech dictionary (~95 MB, ~0.4 s per process) for nothing; the
    extractor's own stop words are in ``data/stopwords.txt``. The tokens come from ``transforms.nlp``,
    so jieba's dictionary is not loaded for keywords either.
    """
    path = Path(jieba_module().__file__).parent / "analyse" / "idf.txt"
    words, idfs = _words_and_idfs(path.read_bytes().decode("utf-8"))
    idf = PackedTable(words, map(float, idfs))
    return _Tfidf(idf=idf, median_idf=idf.median(), stop_words=stopwords())


def _words_and_idfs(text: str) -> tuple[list[str], list[str]]:
    """The words and IDF figures of the table's lines ("word idf"), as ``IDFLoader`` splits them (at a space).
    One split of the whole text is ~5x quicker than one per line; it is used when it splits the same."""
    lines = text.splitlines()
    fields = text.split()
    if len(fields) != 2 * len(lines):  # a word with a space of another kind in it, or an empty line
        pairs = [line.strip().split(" ") for line in lines]
        return [word for word, _ in pairs], [idf for _, idf in pairs]
    return fields[0::2], fields[1::2]


def warm() -> None:
    """Read jieba's IDF table now (~0.3 s), e.g. once in the process the chunk workers are forked from."""
    _tfidf()


def _tfidf_tags(token_counts: Counter[str], top_k: int) -> list[tuple[str, float]]:
    """``jieba.analyse.TFIDF().extract_tags(text, topK=top_k, withWeight=True)`` with our stop words
    added to the extractor's, computed the same way (same counts, weights, order and ties) from the
    document's one jieba pass (its token counts, in order of first occurrence, which the search terms
    share) instead of segmenting the text again.

    Terms: tokens of at least two non-space characters whose lower case is no stop word, counted in
    order of first occurrence; weight = count x idf / total count (idf: the median for unknown terms);
    sorted by weight, ties in order of first occurrence.
    """
    # One cached look-up per distinct token gives both whether it is a term and its IDF (the common
    # tokens stay in the small cache instead of being searched for in jieba's 350,000-word table); the
    # counts keep the order of first occurrence. Then C-level passes, each weight the same float
    # operations as ``float(count) * (idf / total)``.
    idfs = list(map(_term_idf, token_counts))
    kept = list(map(is_not, idfs, repeat(None)))
    counts = list(compress(token_counts.values(), kept))
    total = float(sum(counts))
    weights = map(mul, map(float, counts), map(truediv, compress(idfs, kept), repeat(total)))
    weighted = list(zip(compress(token_counts, kept), weights))
    weighted.sort(key=itemgetter(1), reverse=True)
    return weighted[:top_k]


@lru_cache(maxsize=1 << 14)  # the common tokens of the documents seen: ~2 MB when full
def _term_idf(token: str) -> float | None:
    """The IDF a token is weighed with (the median for a word not in the table); None for a token that
    is no term: fewer than two non-space characters, or a stop word in lower case."""
    tfidf = _tfidf()
    if len(token.strip()) < 2 or token.lower() in tfidf.stop_words:
        return None
    return tfidf.idf.get(token, tfidf.median_idf)


def extract_keywords(text: str, top_k: int = 20, *, segmentation: Segmentation | None = None) -> list[Keyword]:
    """The ``top_k`` TF-IDF keywords of ``text`` with their weight and frequency, from ``segmentation``
    (the document's one jieba pass; ``segment(text)`` when not given)."""
    if not text.strip() or top_k <= 0:
        return []
    token_counts = (segmentation if segmentation is not None else segment(text)).token_counts()
    tags = _tfidf_tags(token_counts, top_k * 2)
    # Ordered by rounded weight, then term, before counting: the order does not depend on the
    # frequency, so the text is scanned for the ``top_k`` kept only, not for every candidate.
    ranked = sorted(
        ((round(float(weight), 6), term) for term, weight in tags if not _FIGURE_LIKE.match(term)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    keywords = []
    for weight, term in ranked:
        frequency = text.count(term)
        if frequency > 0:
            keywords.append(Keyword(term=term, weight=weight, frequency=frequency))
            if len(keywords) == top_k:
                break
    return keywords
