"""Topic vocabulary of sections and the word-list classifier that assigns it.

The vocabulary is fixed by the warehouse contract (WAREHOUSE.md); the words that signal each topic are
data (``transforms/data/topic_words.txt``). Heading words weigh more than body words; a text with no
signal gets None, so the caller can let a section inherit its parent's topic.
"""
from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from transforms.nlp import jieba

TOPICS: tuple[str, ...] = ("疫情防控", "经济发展", "城市建设", "生态环境", "民生服务", "社会治理", "党的建设", "其他")
OTHER = "其他"
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


def _word_counts(text: str) -> Counter[str]:
    """Occurrences of every signal word: jieba tokens, plus substrings for multi-token phrases."""
    counts: Counter[str] = Counter()
    if not text:
        return counts
    tokens = Counter(jieba().lcut(text))
    for words in topic_words().values():
        for word in words:
            found = tokens.get(word, 0)
            if found == 0 and len(word) >= 2:
                found = text.count(word)
            if found:
                counts[word] = found
    return counts


def topic_scores(heading: str, body: str = "") -> Counter[str]:
    """Weighted evidence per topic from a heading and a body."""
    heading_counts = _word_counts(heading)
    body_counts = _word_counts(body)
    scores: Counter[str] = Counter()
    for topic, words in topic_words().items():
        score = sum(HEADING_WEIGHT * heading_counts[w] for w in words)
        score += sum(BODY_WEIGHT * min(body_counts[w], _BODY_CAP_PER_WORD) for w in words)
        if score:
            scores[topic] = score
    return scores


def classify_topic(heading: str, body: str = "") -> str | None:
    """The best-supported topic, or None when no topic word occurs (ties: vocabulary order)."""
    scores = topic_scores(heading, body)
    if not scores:
        return None
    best = max(scores.values())
    return next(topic for topic in TOPICS if scores.get(topic) == best)
