"""The time span a figure covers, as the sentence states it (``1-11月``, ``截至11月底``, ``全年``).

A period word holds for every figure after it in the same sentence until the next one
(``截至11月底,处理数据53264条,6月以来,集中隔离39人``: 53264 -> 截至11月底, 39 -> 6月以来).
"""
from __future__ import annotations

from transforms.metric_rules import PERIOD_RE, SENTENCE_YEAR_RE


def period_spans(sentence: str) -> list[tuple[int, int, str]]:
    """Every period expression of a sentence as (start, end, text), in order."""
    spans = [(m.start(), m.end(), m.group(0)) for m in PERIOD_RE.finditer(sentence) if m.group(0)]
    year = SENTENCE_YEAR_RE.match(sentence)
    if year and not any(s <= year.start() < e for s, e, _ in spans):
        text = year.group(0).strip()
        start = sentence.index(text)
        spans.append((start, start + len(text), text))
        spans.sort()
    return spans


def period_before(spans: list[tuple[int, int, str]], offset: int) -> str | None:
    """The last period expression that ends at or before ``offset`` (sentence-relative)."""
    found = None
    for start, end, text in spans:
        if end <= offset:
            found = text
        elif start >= offset:
            break
    return found


def find_period(sentence: str, offset: int) -> str | None:
    """The period that covers a figure starting at ``offset`` in ``sentence``, or None."""
    return period_before(period_spans(sentence), offset)
