"""Search terms of a document: the rows of ``doc_terms`` that BM25 search (``warehouse/search.py``) ranks on.

A document's terms are its jieba tokens (the shared pass of ``transforms.nlp.segment``) plus, for a
long token, the dictionary words inside it: ``老旧小区改造`` also indexes ``老旧小区``, ``小区`` and
``改造``, so a query worded ``改造老旧小区`` still finds it (jieba's search mode does the same for 2-
and 3-character words; domain compounds of the user dictionary are longer). Stop words (the
project's list, ``data/stopwords.txt``), punctuation and bare figures are not terms. A query is
turned into terms by the same function, so both sides always agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from operator import mul

from transforms.keywords import stopwords
from transforms.nlp import jieba, segment

# A term needs a letter, digit or CJK character; a token that is only a figure (2023, 98.6%, 3·5)
# would index every number of every report and is never what a reader searches for.
_WORD_CHAR = re.compile(r"\w")
_FIGURE = re.compile(r"^[\d.,%·\-+/]+$")
# Sub-words are looked up inside tokens of up to this many characters (longer tokens are rare
# Latin runs or figures, where dictionary sub-words make no sense).
_MAX_SPLIT_LEN = 12


def term_rows(doc) -> list[dict]:
    """The ``doc_terms`` rows of a document: one per distinct term with its count (``tf``) and the
    document's total number of terms (``doc_length``, the |D| of BM25)."""
    # the understand stage's jieba pass when the document carries it (wt-scale: Understood.segmentation),
    # else the shared cached pass of transforms.nlp.segment: never a second segmentation per document
    segmentation = getattr(doc, "segmentation", None) or segment(doc.clean.text)
    counts = counted_term_counts(segmentation.token_counts())
    length = sum(counts.values())
    doc_id = doc.doc_id
    # terms are distinct: sorting them alone gives the order of sorting the (term, tf) pairs
    return [{"doc_id": doc_id, "term": term, "tf": counts[term], "doc_length": length} for term in sorted(counts)]


def term_counts(text: str) -> Counter[str]:
    """How often each search term occurs in ``text`` (tokens and the dictionary words inside them)."""
    return token_term_counts(segment(text).tokens)


def token_term_counts(tokens: Iterable[str]) -> Counter[str]:
    """How often each search term occurs in a text cut into ``tokens``."""
    return counted_term_counts(Counter(tokens))


def counted_term_counts(token_counts: Counter[str]) -> Counter[str]:
    """How often each search term occurs in a text whose tokens occur ``token_counts`` times."""
    # The term test once per distinct token (``terms_of`` is cached); each token's terms repeated as
    # often as it occurs, then counted: C-level passes only (same counts, same order of first
    # occurrence as adding the counts term by term).
    return Counter(chain.from_iterable(map(mul, map(terms_of, token_counts), token_counts.values())))


def query_terms(query: str) -> Counter[str]:
    """The terms of a search query, segmented exactly like documents (a repeated term counts twice)."""
    return Counter(search_terms(jieba().lcut(query.strip())))


def search_terms(tokens: Iterable[str]) -> list[str]:
    """Every token that is a term, each followed by the dictionary words inside it."""
    return [term for token in tokens for term in terms_of(token)]


@lru_cache(maxsize=1 << 16)
def terms_of(token: str) -> tuple[str, ...]:
    """The terms one jieba token stands for: itself (lower case) and the dictionary words inside it;
    none for a stop word, punctuation or a figure."""
    term = token.strip().lower()
    return (term, *inner_words(term)) if is_term(term) else ()


def is_term(token: str) -> bool:
    """A token that can be searched for: a word, not a stop word, punctuation or a bare figure."""
    return (
        bool(token) and _WORD_CHAR.search(token) is not None and not _FIGURE.match(token) and token not in stopwords()
    )


def inner_words(token: str) -> tuple[str, ...]:
    """The dictionary words (two characters or more) strictly inside ``token``, left to right (not cached
    itself: ``terms_of`` keeps the common tokens', and an unbounded cache grew with the vocabulary a worker saw)."""
    if len(token) <= 2 or len(token) > _MAX_SPLIT_LEN:
        return ()
    freq = jieba().dt.FREQ
    words = []
    for size in range(len(token) - 1, 1, -1):
        for start in range(len(token) - size + 1):
            word = token[start : start + size]
            if freq.get(word) and is_term(word):
                words.append(word)
    return tuple(words)
