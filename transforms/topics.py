"""Topic vocabulary of sections and the word-list classifier that assigns it.

The vocabulary is fixed by the warehouse contract (WAREHOUSE.md); the words that signal each topic are
data (``transforms/data/topic_words.txt``). Heading words weigh more than body words; a text with no
signal gets None, so the caller can let a section inherit its parent's topic.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cache, lru_cache
from operator import add
from pathlib import Path

from transforms.nlp import Segmentation, lcut, segment
from transforms.vocab import OTHER_TOPIC, TOPICS

OTHER = OTHER_TOPIC
HEADING_WEIGHT = 10.0  # heading words decide; the body breaks ties and speaks when the heading is silent
BODY_WEIGHT = 1.0
# Long bodies would drown the heading: body counts are capped per word.
_BODY_CAP_PER_WORD = 3

_DATA = Path(__file__).parent / "data" / "topic_words.txt"


@cache
def topic_words() -> dict[str, frozenset[str]]:
    """topic -> its signal words, as read from the data file."""
    words: dict[str, frozenset[str]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, _, listed = line.partition("\t")
        if topic not in TOPICS:
            raise ValueError(f"topic_words.txt names {topic!r}, which is not in the vocabulary")
        words[topic] = frozenset(listed.split())
    return words


@cache
def _all_words() -> tuple[str, ...]:
    """Every signal word once (a word may signal more than one topic)."""
    return tuple(sorted({word for words in topic_words().values() for word in words}))


# Below this length (a heading) a substring search per word is cheaper than listing the text's pairs.
_PAIRS_FROM = 200


@cache
def _words_by_pair() -> tuple[tuple[str, str], ...]:
    """Every signal word (in ``_all_words`` order) with its first two characters."""
    return tuple((word, word[:2]) for word in _all_words())


def _present_words(text: str) -> list[str]:
    """``[word for word in _all_words() if word in text]``. In a long text, without a substring search
    of the whole text for every word: a word can only occur where its first two characters do, and the
    pairs of adjacent characters of the text are one C-level pass (a word of two characters occurs
    exactly when its pair does)."""
    if len(text) < _PAIRS_FROM:
        return [word for word in _all_words() if word in text]
    pairs = set(map(add, text, text[1:]))
    return [
        word
        for word, pair in _words_by_pair()
        if ((pair in pairs and (word == pair or word in text)) if len(pair) == 2 else word in text)
    ]


def _word_counts(text: str) -> Counter[str]:
    """Occurrences of every signal word: jieba tokens, plus substrings for multi-token phrases."""
    counts: Counter[str] = Counter()
    if not text:
        return counts
    # A word that is no substring of the text is neither a token of it: only the others are counted.
    present = _present_words(text)
    if not present:
        return counts
    tokens = Counter(lcut(text))
    for word in present:
        found = tokens.get(word, 0)
        if found == 0 and len(word) >= 2:
            found = text.count(word)
        if found:
            counts[word] = found
    return counts


@lru_cache(maxsize=4096)  # signal words (a few hundred) and the odd heading word
def _overlaps_itself(word: str) -> bool:
    """True when two occurrences of ``word`` can overlap (a proper prefix is also a suffix: 哈哈)."""
    return any(word[:size] == word[-size:] for size in range(1, len(word)))


@cache
def _words_by_first_char() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A pattern of where a signal word may start (a character words start with, followed by one that
    is second in some word), and the words (in ``_all_words`` order) that start with each character."""
    by_first: dict[str, list[str]] = {}
    for word in _all_words():
        by_first.setdefault(word[0], []).append(word)

    def one_of(chars: set[str]) -> str:
        return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"

    if all(len(word) >= 2 for word in _all_words()):  # narrowed by the second character as well
        pattern = re.compile(f"(?={one_of(set(by_first))}{one_of({word[1] for word in _all_words()})})")
    else:
        pattern = re.compile(one_of(set(by_first)))
    return pattern, {char: tuple(words) for char, words in by_first.items()}


def _word_occurrences(text: str) -> tuple[dict[str, list[int]], list[int], list[str]]:
    """Every occurrence (overlapping ones included) of every signal word in ``text``, in one scan: the
    offsets of each word that occurs, and all occurrences as offsets and words, by offset (several
    words at one offset in ``_all_words`` order). Only the offsets where a word's first character
    stands are tried (found at C speed)."""
    pattern, by_first = _words_by_first_char()
    found: dict[str, list[int]] = {}
    offsets: list[int] = []
    words_at: list[str] = []
    startswith = text.startswith
    for match in pattern.finditer(text):
        at = match.start()
        for word in by_first[text[at]]:
            if startswith(word, at):
                if word in found:
                    found[word].append(at)
                else:
                    found[word] = [at]
                offsets.append(at)
                words_at.append(word)
    return found, offsets, words_at


class DocumentWords:
    """Where the signal words occur in one document, to count them in any span of it from the
    document's one jieba pass: ``counts(start, end) == _word_counts(text[start:end])``.

    Built once per document (``document_words``) from its ``Segmentation``; lives as long as the caller
    keeps it.
    """

    def __init__(self, segmentation: Segmentation) -> None:
        self.segmentation = segmentation
        self.text = text = segmentation.text
        # Every occurrence of every word, by offset (ties: in word order): the words to look at for a span.
        found_by_word, self.offsets, self.words_at = _word_occurrences(text)
        self.present = sorted(found_by_word)  # in ``_all_words`` order
        # word -> (offsets of its occurrences, offsets where it is a token, can occurrences overlap)
        self.where: dict[str, tuple[list[int], list[int], bool]] = {}
        for word in self.present:
            found = found_by_word[word]
            self.where[word] = (found, segmentation.token_offsets(found, len(word)), _overlaps_itself(word))

    def counts(self, start: int, end: int) -> Counter[str]:
        """``_word_counts(text[start:end])``: from the document's tokens when jieba would segment the
        span on its own the same way (both ends are block boundaries), else by segmenting the span."""
        counts: Counter[str] = Counter()
        if start >= end or not self.present:
            return counts
        seg = self.segmentation
        if not (seg.is_block_boundary(start) and seg.is_block_boundary(end)):
            return _word_counts(self.text[start:end])  # a span jieba would cut differently on its own
        # Only words that occur somewhere in the span can count.
        inside = set(self.words_at[bisect_left(self.offsets, start) : bisect_left(self.offsets, end)])
        for word in inside:
            found_at, token_at, overlapping = self.where[word]
            # Tokens of the span: the whole text's tokens that start in it (they also end in it, as
            # ``end`` is a boundary of every token).
            found = bisect_left(token_at, end) - bisect_left(token_at, start)
            if found == 0 and len(word) >= 2:
                if overlapping:
                    found = self.text.count(word, start, end)  # non-overlapping, like str.count
                else:  # occurrences cannot overlap: count those that lie within the span
                    found = max(0, bisect_right(found_at, end - len(word)) - bisect_left(found_at, start))
            if found:
                counts[word] = found
        return counts

    def heading_counts(self, heading: str, near: int = 0) -> Counter[str]:
        """``_word_counts(heading)`` for a heading that is part of the text (looked up from ``near``)."""
        if not heading:
            return Counter()
        at = self.text.find(heading, near)
        if at < 0:
            return _word_counts(heading)
        return self.counts(at, at + len(heading))


def document_words(segmentation: Segmentation) -> DocumentWords:
    """The signal words of the document segmented as ``segmentation``."""
    return DocumentWords(segmentation)


@cache
def _topics_of() -> dict[str, tuple[str, ...]]:
    """signal word -> the topics it signals."""
    topics: dict[str, list[str]] = {}
    for topic, words in topic_words().items():
        for word in words:
            topics.setdefault(word, []).append(topic)
    return {word: tuple(listed) for word, listed in topics.items()}


def _scores(heading_counts: Counter[str], body_counts: Counter[str]) -> Counter[str]:
    """Per topic: HEADING_WEIGHT x heading occurrences + BODY_WEIGHT x body occurrences (capped per word)
    of its words. Only words that occur are visited; the sums are of whole numbers, so exact."""
    topics_of = _topics_of()
    totals: dict[str, float] = {}
    for word, count in heading_counts.items():
        for topic in topics_of[word]:
            totals[topic] = totals.get(topic, 0.0) + HEADING_WEIGHT * count
    for word, count in body_counts.items():
        for topic in topics_of[word]:
            totals[topic] = totals.get(topic, 0.0) + BODY_WEIGHT * min(count, _BODY_CAP_PER_WORD)
    scores: Counter[str] = Counter()
    for topic in topic_words():
        if totals.get(topic):
            scores[topic] = totals[topic]  # type: ignore[assignment]  # float weights; the stub says int
    return scores


def _best(scores: Counter[str]) -> str | None:
    if not scores:
        return None
    best = max(scores.values())
    return next(topic for topic in TOPICS if scores.get(topic) == best)


def topic_scores(heading: str, body: str = "") -> Counter[str]:
    """Weighted evidence per topic from a heading and a body."""
    return _scores(_word_counts(heading), _word_counts(body))


def classify_topic(heading: str, body: str = "") -> str | None:
    """The best-supported topic, or None when no topic word occurs (ties: vocabulary order)."""
    return _best(topic_scores(heading, body))


def classify_counts(heading_counts: Counter[str], body_counts: Counter[str]) -> str | None:
    """``classify_topic`` from signal-word counts already taken (``DocumentWords``)."""
    return _best(_scores(heading_counts, body_counts))


def classify_span(heading: str, text: str, start: int, end: int, words: DocumentWords | None = None) -> str | None:
    """``classify_topic(heading, text[start:end])``, with the words counted from ``words``, the document's
    one jieba pass (built here from a fresh segmentation of ``text`` when not given)."""
    if words is None:
        words = DocumentWords(segment(text))
    return classify_counts(words.heading_counts(heading), words.counts(start, end))
