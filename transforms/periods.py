"""The time span a figure covers, as the sentence states it (``1-11月``, ``截至11月底``, ``全年``).

A period word holds for every figure after it in the same sentence until the next one
(``截至11月底,处理数据53264条,6月以来,集中隔离39人``: 53264 -> 截至11月底, 39 -> 6月以来).
Across a ``；`` it carries when it opens the sentence (``1-10月，销售额…；营业收入…``) or into
short list items (``清理垃圾287车；清除杂草7000平方米``), not into a new clause with its own
commas after a period word stated mid-sentence, nor past a topic label (``河长制方面：``).
"""
from __future__ import annotations

import re

from transforms.metric_rules import PERIOD_RE, SENTENCE_YEAR_RE

_TOPIC_LABEL_RE = re.compile(r"方面[：:]")


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


def period_before(spans: list[tuple[int, int, str]], offset: int, sentence: str | None = None) -> str | None:
    """The last period expression that ends at or before ``offset`` (sentence-relative).

    With ``sentence``, a period of an earlier ``；`` clause does not reach a figure whose own
    clause has commas (a new topic)."""
    found = None
    found_start = found_end = 0
    for start, end, text in spans:
        if end <= offset:
            found, found_start, found_end = text, start, end
        elif start >= offset:
            break
    if found is not None and sentence is not None:
        clause_start = max(sentence.rfind("；", 0, offset), sentence.rfind(";", 0, offset)) + 1
        if clause_start > found_end:
            if _TOPIC_LABEL_RE.search(sentence, found_end, offset):
                return None
            opens_sentence = len(sentence[:found_start].strip().removeprefix("今年")) == 0
            ends = [i for i in (sentence.find("；", offset), sentence.find(";", offset)) if i >= 0]
            clause = sentence[clause_start:min(ends) if ends else len(sentence)]
            if not opens_sentence and ("，" in clause or "," in clause):
                return None
    return found


def find_period(sentence: str, offset: int) -> str | None:
    """The period that covers a figure starting at ``offset`` in ``sentence``, or None."""
    return period_before(period_spans(sentence), offset, sentence)
