"""Keywords of a document: jieba TF-IDF with the project's domain dictionary and stop words.

The user dictionary (``data/userdict.txt``, loaded by ``transforms.nlp.jieba``) keeps domain terms
such as 老旧小区改造 or 网格化管理 whole; ``data/stopwords.txt`` removes function words and the
verbs every report uses. ``frequency`` is the number of (non-overlapping) occurrences of the term in
the text. Ordering is by weight, then term, so the result is deterministic.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from transforms.nlp import jieba, segment
from transforms.records import Keyword

_STOPWORDS = Path(__file__).parent / "data" / "stopwords.txt"
# Tokens that are figures, units or approximations left of a figure (2022年, 18.35, 3·5, 余人次)
# are not keywords.
_FIGURE_LIKE = re.compile(r"^[\d.·%\-+/年月日万亿元个余多近约人次户名件场处家项]+$")


@cache
def stopwords() -> frozenset[str]:
    lines = _STOPWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class _SegmentedTokenizer:
    """The tokenizer TF-IDF is given: the document's cached jieba pass (``transforms.nlp.segment``),
    which the sections' topic words already paid for, instead of segmenting the text again."""

    @staticmethod
    def cut(sentence: str) -> Iterator[str]:
        return iter(segment(sentence).tokens)


@cache
def _extractor():  # noqa: ANN202 - jieba.analyse.TFIDF
    jb = jieba()
    import jieba.analyse as analyse

    extractor = analyse.TFIDF()
    extractor.tokenizer = _SegmentedTokenizer()  # = jb.dt.cut(text), HMM on, from the cache
    extractor.stop_words = set(extractor.stop_words) | set(stopwords())
    return extractor


def extract_keywords(text: str, top_k: int = 20) -> list[Keyword]:
    """The ``top_k`` TF-IDF keywords of ``text`` with their weight and frequency."""
    if not text.strip() or top_k <= 0:
        return []
    tags = _extractor().extract_tags(text, topK=top_k * 2, withWeight=True)
    keywords = []
    for term, weight in tags:
        if _FIGURE_LIKE.match(term):
            continue
        frequency = text.count(term)
        if frequency > 0:
            keywords.append(Keyword(term=term, weight=round(float(weight), 6), frequency=frequency))
    keywords.sort(key=lambda k: (-k.weight, k.term))
    return keywords[:top_k]
